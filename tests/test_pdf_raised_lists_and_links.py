"""Superscript citation lists and their hyperref links in a PDF (issue 10).

natbib's ``super`` option sets "8,28,29" raised, often right after a parenthesis, and hyperref
links each number, the point pdfTeX adds around a link taking in the commas beside it.  Three
things went wrong in tex-natbib-sherlock compiled with TeX Live: the list after "(Fig. 2)" was
read as the parenthesis's power; the link ",28," covered the comma before 29, so the link ",29"
was dropped and entry 29 was "never cited"; and the citations of links had no page and the
Markdown's own line and column ("53:9551").  Every snippet is synthetic.
"""

from __future__ import annotations

import pytest

from citeaudit.ingest.pdf import read_pdf_bytes
from citeaudit.ingest.pdf_links import covered
from citeaudit.pipeline import audit
from pdf_maker import line, make_pdf, sup
from test_pdf_links import ENTRIES, HEIGHT, link, with_links, word


@pytest.mark.parametrize(
    "pieces, raised",
    [
        pytest.param(("Walls rose (Fig. 2)", sup("8,28,29"), ". More prose."), ["8,28,29"], id="list-after-parenthesis-cites"),
        pytest.param(("Walls rose (Fig. 2)", sup("4;5"), ". More prose."), ["4;5"], id="natbib-semicolons-cite"),
        pytest.param(("The error falls as (n+1)", sup("2"), " each trial."), [], id="one-number-after-parenthesis-is-a-power"),
        pytest.param(("The error falls as 10", sup("3"), " each trial."), [], id="one-number-after-a-number-is-a-power"),
    ],
)
def test_a_raised_list_is_no_exponent(pieces, raised):
    manuscript = read_pdf_bytes(make_pdf([[line(100, *pieces)]]), "r.pdf")
    assert [manuscript.text[s.start : s.end] for s in manuscript.superscripts] == raised


@pytest.mark.parametrize(
    "box, expected",
    [
        pytest.param(link(99, 109, "8,"), [("8,28,29", 0, 1)], id="comma-after-left-out"),
        pytest.param(link(104, 126, ",28,"), [("8,28,29", 2, 4)], id="commas-on-both-sides-left-out"),
        pytest.param(link(119, 136, ",29"), [("8,28,29", 5, 7)], id="comma-before-left-out"),
    ],
)
def test_links_of_a_superscript_list_cover_their_numbers(box, expected):
    assert [(w.text, start, end) for w, start, end in covered([word("8,28,29", 100)], box)] == expected


def test_link_citations_have_the_page_line_and_column_shown():
    """Line 2 of page 1 reads "Walls [1] and dykes [2] rise." with a link over each number
    (Helvetica 10 pt: "Walls " is 27.8 pt wide, "Walls [1] and dykes " 92.2 pt)."""
    prose = [line(100, "Sea walls and harbours are studied here."), line(114, "Walls [1] and dykes [2] rise.")]
    prose += [line(128 + 14 * n, "More prose about sea walls and harbours follows here.") for n in range(20)]
    entries = [line(100, "References", size=14, font="bold")]
    entries += [line(130 + 14 * n, f"[{n + 1}] {text}") for n, text in enumerate(ENTRIES)]
    base = HEIGHT - 114
    links = [(0, (72 + 27.8 - 1, base - 3, 72 + 27.8 + 14.2, base + 9), "cite.k1"),
             (0, (72 + 92.2 - 1, base - 3, 72 + 92.2 + 14.2, base + 9), "cite.k2")]
    dests = {f"cite.k{n + 1}": (1, HEIGHT - 130 - 14 * n + 7) for n in range(3)}
    manuscript = read_pdf_bytes(with_links(make_pdf([prose, entries]), links, dests), "w.pdf")
    linked = [(c.key, c.location.page, c.location.line, c.location.column) for c in manuscript.prepared_citations or ()]
    assert linked == [("cite.k1", 1, 2, 7), ("cite.k2", 1, 2, 21)]
    shown = {(c.number, c.location.page, c.location.line, c.location.column) for c in audit(manuscript).citations}
    assert {(1, 1, 2, 7), (2, 1, 2, 21)} <= shown
