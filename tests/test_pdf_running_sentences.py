"""A sentence left open at the foot of a page or a column goes on at the top of the next.

Found by compiling papers with TeX Live (bench/pdf_corpus.py): natbib's "(Destainville and Foret,"
ended a page and "2008; Jonasson, 1992)" opened the next; read as two paragraphs, the citation
was lost and both entries were called uncited. A new paragraph is still one where the line at the
foot ends its sentence or is short (a paragraph's last line), or where the next line is indented.
"""

from __future__ import annotations

import pytest

from citeaudit.ingest.pdf import read_pdf_bytes
from citeaudit.pipeline import audit
from pdf_maker import line, make_pdf, sup

A4 = {"width": 595, "height": 842}
OPEN = "so the walls held in the storms of the north, as was found (Destainville and Foret,"
REST = "2008; Jonasson, 1992). Then the tides rose again."
ENTRIES = [
    line(200, "References", size=14, font="bold"),
    line(225, "Destainville, N. and Foret, L. (2008). Phases of sea walls. Coastal Review, 77, 1-9."),
    line(240, "Jonasson, K. (1992). Tides of the north. Coastal Review, 12, 3-4."),
]


def prose(count: int, x: float = 72, top: float = 80) -> list:
    return [line(top + 12 * i, f"Line {i:02d} of the text tells what the sea walls were made of and", x=x) for i in range(count)]


def across_pages(foot: str, head: str, head_x: float = 72) -> bytes:
    """The foot line ends page 1 below a page of text; the head line opens page 2."""
    return make_pdf([[*prose(50), line(680, foot)], [line(80, head, x=head_x), *ENTRIES]], **A4)


def across_columns(foot: str, head: str, head_x: float = 317) -> bytes:
    """The foot line ends the left column; the head line opens the right one (x 317)."""
    left = [line(80 + 12 * i, f"Left {i:02d} tells of walls and the sea in", x=54) for i in range(40)]
    right = [line(80 + 12 * i, f"Right {i:02d} tells of tides and the sea in", x=317) for i in range(1, 40)]
    return make_pdf([[*left, line(560, foot, x=54), line(68, head, x=head_x), *right], ENTRIES], **A4)


FOOT = "so the walls of the north held in storms as"
SHORT = "held in storms."


@pytest.mark.parametrize(
    ("pdf", "foot", "head", "joined"),
    [
        pytest.param(across_pages(OPEN, REST), OPEN, REST, True, id="page-open-citation"),
        pytest.param(across_pages("so the walls held in the storms of the north, as was found in", "Spring. Then the tides rose."),
                     "found in", "Spring.", True, id="page-open-capital-next"),
        pytest.param(across_pages("so the walls held in the storms of the north, as was found then.", "Then the tides rose."),
                     "found then.", "Then the tides", False, id="page-sentence-closed"),
        pytest.param(across_pages("so the walls held in the storms of the north, as was found in", "Then the tides rose.", head_x=90),
                     "found in", "Then the tides", False, id="page-next-indented"),
        pytest.param(across_pages("the walls of", "Then the tides rose."), "walls of", "Then the tides", False, id="page-short-line"),
        pytest.param(across_columns(FOOT, "Spring came (Jonasson, 1992)."), "held in storms as", "Spring came", True, id="column-open"),
        pytest.param(across_columns(SHORT, "Spring came (Jonasson, 1992)."), "storms.", "Spring came", False, id="column-closed"),
    ],
)
def test_sentence_open_at_the_foot_goes_on(pdf, foot, head, joined):
    text = read_pdf_bytes(pdf, "s.pdf").text
    assert (f"{foot} {head}" in text) == joined
    assert (f"{foot}\n\n{head}" in text) == (not joined)


def test_citation_cut_by_a_page_is_read_whole():
    report = audit(read_pdf_bytes(across_pages(OPEN, REST), "c.pdf"))
    assert sorted(c.authors for c in report.citations) == [("Destainville", "Foret"), ("Jonasson",)]
    assert [(f.code, f.message) for f in report.findings if f.severity.value != "info"] == []


def test_footnote_waits_for_the_end_of_the_paragraph_that_runs_over():
    """Notes are written after their page's text; a sentence that runs over to the next page is
    written whole first, then the note."""
    page1 = [*prose(50), line(680, OPEN), line(720, "1 The walls were measured by hand.", size=8)]
    page1[3] = line(116, "Line 03 of the text tells what the walls were made of", sup("1"))
    pdf = make_pdf([page1, [line(80, REST), *ENTRIES]], **A4)
    manuscript = read_pdf_bytes(pdf, "n.pdf")
    assert f"{OPEN} {REST}\n\n[^1]: The walls were measured by hand.\n\n# References" in manuscript.source
    assert [(f.code, f.message) for f in audit(manuscript).findings if f.severity.value != "info"] == []


@pytest.mark.parametrize("footer", [pytest.param(True, id="preprint-footer"), pytest.param(False, id="no-footer")])
def test_first_page_footer_above_the_margin_is_no_text(footer):
    """elsarticle: "Preprint submitted to Elsevier" and the date, in smaller type at the foot of
    the first page, above the margin, between the two halves of a sentence."""
    page1 = [*prose(50), line(680, OPEN)]
    if footer:
        page1 += [line(702, "Preprint submitted to Elsevier", size=9), line(702, "December 2, 2026", size=9, x=440)]
    text = read_pdf_bytes(make_pdf([page1, [line(80, REST), *ENTRIES]], **A4), "e.pdf").text
    assert f"{OPEN} {REST}" in text
    assert "Preprint" not in text and "December" not in text
