"""A note's call set where a power could be: after a one-letter word or a bracket (issue 10).

"(see Table 2)³", "[16]¹⁷" (a \\footnote right after a \\cite) and a one-letter word ("i²" in
Polish, "y³" in Spanish) look like powers; when the page prints a note of that number at its
foot, the raised number is its call, and the note is no longer "unreferenced".  A power on a
page without such a note stays a power.  Every snippet is synthetic.
"""

from __future__ import annotations

import pytest

from citeaudit.ingest.pdf import read_pdf_bytes
from citeaudit.pipeline import audit
from pdf_maker import line, make_pdf, sup

FOOT = line(730, sup("3"), "A note on the harbour walls.", size=8)


@pytest.mark.parametrize(
    ("pieces", "foot", "called", "text"),
    [
        pytest.param(("Walls rose (see Table 2)", sup("3"), " and fell."), [FOOT], True, None, id="after-a-parenthesis"),
        pytest.param(("Walls rose [16]", sup("3"), " and fell."), [FOOT], True, None, id="after-a-bracketed-citation"),
        pytest.param(("Mury i", sup("3"), " walls fell."), [FOOT], True, None, id="after-a-one-letter-word"),
        pytest.param(("Walls rose in March 2016.", sup("3"), " They fell."), [], None, "2016.", id="after-a-year-ending-a-sentence"),
        pytest.param(("The area grows as (n+1)", sup("2"), " here."), [], False, "(n+1)2", id="power-without-a-note"),
        pytest.param(("The area grows as x", sup("3"), " here."), [line(730, sup("4"), "Another note.", size=8)], False, "x3",
                     id="power-beside-a-note-of-another-number"),
        pytest.param(("The count grows as 10", sup("3"), " here."), [FOOT], False, "103", id="a-number-base-stays-a-power"),
    ],
)
def test_a_raised_number_on_a_power_base_calls_the_note_the_page_prints(pieces, foot, called, text):
    page = [
        line(100, "Sea walls were built along the northern coast in the long decade after the floods."),
        line(112, *pieces),
        line(124, "Harbour towns then paid for the upkeep of the walls out of their own port dues."),
        *foot,
    ]
    report = audit(read_pdf_bytes(make_pdf([page]), "n.pdf"))
    notes = {n.number: n.referenced for n in report.footnotes}
    if called is None:  # a number ending its sentence is no base: the raised number is a marker
        assert "<sup>3</sup>" in report.manuscript.source
    elif called:
        assert notes == {3: True}
        assert [f.code for f in report.findings] == []
    else:  # the power stays in the text, and a note printed there is not called by it
        assert text in report.manuscript.text
        assert not any(notes.values())
