"""PDF manuscripts: reading order, pages, running heads dropped, footnotes and superscripts found."""

from __future__ import annotations

import pytest

from citeaudit.errors import FormatError, InputError
from citeaudit.ingest import read_manuscript
from citeaudit.ingest.pdf import read_pdf_bytes
from citeaudit.pipeline import audit
from pdf_maker import Piece, line, make_pdf, sup


def page(number: int, *body) -> list:
    """A page with a running head and a page number, as journals print them."""
    return [line(40, f"Coastal Studies 12 (2020) {number}-20", size=8), *body, line(770, str(number), size=8, x=300)]


def planted() -> bytes:
    first = page(
        1,
        line(80, "Sea Walls and Their Politics", size=16, font="bold"),
        line(110, "Introduction", size=12, font="bold"),
        line(130, "Sea walls were studied early (Smith, 2001).", sup("1"), " Later work by Jones"),
        line(142, "and Lee (2003) disagreed, and the adapta-"),
        line(154, "tion debate (Qimao, 1991) went on.", sup("2"), " It was then"),
        line(730, sup("1"), "Interview with a harbour official, 2019.", size=8),
        line(740, sup("2"), "See Okafor (2019) on this.", size=8),
    )
    second = page(
        2,
        line(80, "continued by others (Smith, 2001) for years."),
        line(110, "References", size=12, font="bold"),
        line(130, "Brown, T. (2015). ", Piece("Harbours in history", font="italic"), ". Penguin."),
        line(142, "Jones, A., & Lee, B. (2003). ", Piece("Harbours", font="italic"), ". Penguin Books,"),
        line(154, "London.", x=90),
        line(166, "Okafor, C. (2019). ", Piece("Money and the coast", font="italic"), ". Sharpe."),
        line(178, "Smith, J. (2001). Sea walls. ", Piece("Coastal Review", font="italic"), ", 1(2), 3-4."),
    )
    return make_pdf([first, second])


def test_planted_pdf_findings_with_pages():
    report = audit(read_pdf_bytes(planted(), "paper.pdf"))
    got = [(f.code, f.location.page, f.location.line, f.message) for f in report.findings]
    assert sorted(got) == [
        ("citation-unmatched", 1, 5, "Qimao (1991) is cited but is not in the reference list"),
        ("reference-uncited", 2, 3, "Brown (2015) is listed but never cited"),
    ]


def test_running_heads_and_page_numbers_are_dropped():
    manuscript = read_pdf_bytes(planted(), "paper.pdf")
    assert "Coastal Studies" not in manuscript.text
    assert "\n1\n" not in manuscript.source and "\n2\n" not in manuscript.source


def test_paragraph_rejoined_across_hyphen_line_and_page():
    manuscript = read_pdf_bytes(planted(), "paper.pdf")
    body = manuscript.text[manuscript.body.start : manuscript.body.end]
    assert "the adaptation debate (Qimao, 1991) went on." in body
    assert "It was then continued by others (Smith, 2001) for years." in body


def test_footnotes_are_told_apart_and_their_markers_found():
    report = audit(read_pdf_bytes(planted(), "paper.pdf"))
    assert [(n.number, n.text, n.location.page) for n in report.footnotes] == [
        (1, "Interview with a harbour official, 2019.", 1),
        (2, "See Okafor (2019) on this.", 1),
    ]
    assert all(note.referenced for note in report.footnotes)
    in_note = next(c for c in report.citations if c.text == "Okafor (2019)")
    assert (in_note.location.page, in_note.location.line) == (1, 7)


def test_reference_entries_keep_hanging_indent_and_italics():
    report = audit(read_pdf_bytes(planted(), "paper.pdf"))
    assert [r.csl.get("title") for r in report.references] == ["Harbours in history", "Harbours", "Money and the coast", "Sea walls"]
    assert report.references[1].raw.endswith("Penguin Books,\n    London.")  # the indented line continues it
    assert report.references[1].csl["publisher"] == "Penguin Books, London"


@pytest.mark.parametrize("marker", [pytest.param("1,2", id="comma"), pytest.param("1;2", id="natbib-semicolon"), pytest.param("1-2", id="range")])
def test_superscript_citations_in_a_numbered_paper(marker):
    pdf = make_pdf([[
        line(100, "Sea walls matter", sup(marker), " and tides too.", sup("3")),
        line(130, "References", size=12, font="bold"),
        line(150, "1. Smith J. Sea walls. Coast Rev. 2001;1:3-4."),
        line(162, "2. Jones A, Lee B. Tides. Sea J. 2003;2:5."),
        line(174, "3. Okafor C. Money and the ocean economy. Ocean Policy. 2019;7:1-9."),
    ]])
    report = audit(read_pdf_bytes(pdf, "n.pdf"))
    assert report.provenance["citation_style"] == "numeric"
    assert sorted(c.number for c in report.citations) == [1, 2, 3]
    assert report.findings == ()


def test_two_columns_are_read_left_then_right():
    left = [line(100 + 12 * i, f"Left column line {i} (Smith, 2001) goes on.", x=50) for i in range(6)]
    right = [line(100 + 12 * i, f"Right column line {i} text.", x=320) for i in range(6)]
    manuscript = read_pdf_bytes(make_pdf([[line(70, "A Title Across Both Columns Of The Page", size=16, x=50), *left, *right]]), "c.pdf")
    text = manuscript.text
    assert text.index("Left column line 5") < text.index("Right column line 0")
    assert text.index("A Title") < text.index("Left column line 0")


@pytest.mark.parametrize(
    ("data", "error", "message"),
    [
        pytest.param(b"Just text, saved as .pdf.\n", FormatError, "is not a PDF", id="text"),
        pytest.param(b"%PDF-1.4\n" + b"garbage " * 50, FormatError, "damaged or unreadable PDF", id="damaged"),
        pytest.param(make_pdf([[]]), InputError, "no text layer", id="scan-without-text"),
    ],
)
def test_unreadable_pdf_is_one_clear_error(tmp_path, data, error, message):
    path = tmp_path / "paper.pdf"
    path.write_bytes(data)
    with pytest.raises(error, match=message):
        read_manuscript(path)


def test_input_format_overrides_the_suffix(tmp_path):
    path = tmp_path / "paper.bin"
    path.write_bytes(planted())
    assert read_manuscript(path, "pdf").format == "pdf"
