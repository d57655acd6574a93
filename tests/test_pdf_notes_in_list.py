"""A note a numbered style prints among its entries, cited by its number, is not an unparsed entry.

Found by compiling REVTeX papers (bench/pdf_corpus.py): REVTeX prints each \\footnote as a numbered
entry of the bibliography ("[19] The data and the code are available from the authors on
request.") and cites it in the text as [19]; reference-unparsed called it an entry that could not
be parsed. Text in the list that no citation calls stays one.
"""

from __future__ import annotations

import pytest

from citeaudit.ingest.markdown import read_markdown_string
from citeaudit.pipeline import audit

ENTRIES = [
    "[1] J. K. Peir and R. Cytron, Minimum distance, in Proceedings of Parallel Processing (1987).",
    "[2] F. A. Rodriguez and J. E. Arias, Additive diversity of reef fish, Caribb J Sci 44, 90 (2008).",
]


@pytest.mark.parametrize(
    ("text", "note", "unparsed"),
    [
        pytest.param("Walls held [1, 2] and the data are kept [3].", "[3] The data and the code are available from the authors on request.",
                     [], id="cited-note"),
        pytest.param("Walls held [1, 2].", "[3] The data and the code are available from the authors on request.",
                     [3], id="uncited-note"),
        pytest.param("Walls held [1, 2] and more [3].", "[3] Harbours and walls of the north,", [3], id="no-sentence"),
    ],
)
def test_note_among_numbered_entries(text, note, unparsed):
    source = f"{text}\n\n# References\n\n" + "\n\n".join([*ENTRIES, note]) + "\n"
    report = audit(read_markdown_string(source, "n.md"))
    assert [f.reference for f in report.findings if f.code == "reference-unparsed"] == unparsed
