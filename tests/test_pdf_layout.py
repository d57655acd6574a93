"""PDF layout patterns seen in published papers, each in a synthetic PDF made by pdf_maker.

Each case shows one pattern that used to make false alarms: columns with a narrow gutter, a
one-column title block above two columns, fonts scaled by the text matrix, a reference heading
set like the list, bold author names opening entries, a small-type list at a page's foot,
raised mathematics, odd and even running heads, a journal masthead, a turned sidebar, a DOI
broken at a line's end, a list continued in the next column.
"""

from __future__ import annotations

import re

import pytest

from citeaudit.ingest.pdf import read_pdf_bytes
from citeaudit.pipeline import audit
from pdf_maker import Piece, line, make_pdf, sup

A4 = {"width": 595, "height": 842}


def narrow_gutter(unit_fonts: bool = False) -> bytes:
    """Two justified columns 14 pt apart, baselines level, as BMC prints them."""
    left = [line(100 + 12 * i, f"Alpha line {i:02d} is set in the left column of", x=110) for i in range(20)]
    right = [line(100 + 12 * i, f"Beta line {i:02d} follows in the right column", x=297.4) for i in range(20)]
    return make_pdf([[*left, *right]], unit_fonts=unit_fonts, **A4)


def title_block_above_columns() -> bytes:
    """A first page: a full-width title and abstract, then two columns below."""
    title = [line(80, "A Study of Sea Walls Across the Whole Width of the Page", size=18, x=60)]
    abstract = [
        line(130 + 12 * i, f"Abstract line {i} runs across the whole page from the left margin to the right margin too.", x=60)
        for i in range(8)
    ]
    left = [line(300 + 12 * i, f"Alpha line {i:02d} is set in the left column of", x=60) for i in range(25)]
    right = [line(300 + 12 * i, f"Beta line {i:02d} follows in the right column", x=310) for i in range(25)]
    return make_pdf([[*title, *abstract, *left, *right]], **A4)


@pytest.mark.parametrize(
    ("pdf", "before", "after"),
    [
        pytest.param(narrow_gutter(), "Alpha line 19", "Beta line 00", id="gutter-14pt"),
        pytest.param(narrow_gutter(unit_fonts=True), "Alpha line 19", "Beta line 00", id="fonts-scaled-by-matrix"),
        pytest.param(title_block_above_columns(), "Alpha line 24", "Beta line 00", id="title-block-then-columns"),
        pytest.param(title_block_above_columns(), "Abstract line 7", "Alpha line 00", id="abstract-before-columns"),
    ],
)
def test_columns_are_read_one_after_the_other(pdf, before, after):
    text = read_pdf_bytes(pdf, "c.pdf").text
    assert text.index(before) < text.index(after)
    # every line of the left column before any of the right ("left column of" / "Beta line 00"
    # may join: the sentence is left open at the column's foot)
    lines = re.findall(r"(Alpha|Beta) line (\d\d)", text)
    assert lines == sorted(lines) and len(lines) == len(set(lines))


def test_font_size_scaled_by_the_text_matrix_is_the_printed_size():
    pdf = make_pdf([[
        line(80, "Harbour Walls", size=18),
        line(110, "Sea walls were studied early (Smith, 2001) and later."),
        line(140, "References", size=12),
        line(160, "Smith, J. (2001). Sea walls. Coastal Review, 1(2), 3-4."),
    ]], unit_fonts=True)
    manuscript = read_pdf_bytes(pdf, "m.pdf")
    assert manuscript.source.startswith("# Harbour Walls")
    assert manuscript.reference_heading == "References"
    assert audit(manuscript).findings == ()


SURNAMES = ["Baumeister", "Budas", "Charles", "Cohen", "Folstein", "Fratiglioni", "Green", "Johansson", "Lupien", "Motomura", "Nilsson", "Norton"]


def reference_list(heading: Piece, bold_authors: bool, size: float = 10, columns: bool = False) -> bytes:
    """An author-year paper whose list has hanging indents; the authors may be bold; with
    ``columns`` the list goes on at the top of the right column."""
    font = "bold" if bold_authors else "regular"
    cites = "; ".join(f"{name} et al., {1990 + n}" for n, name in enumerate(SURNAMES))
    body = [line(100, f"Stress was studied ({cites[:70]}"), line(112, f"{cites[70:]}) with care."), line(140, heading)]
    lines = []
    top = 160.0
    for n, name in enumerate(SURNAMES):
        x = 320 if columns and n >= 6 else 72
        if columns and n == 6:
            top = 160.0
        lines.append(line(top, f"{name}, R. F., Bratslavsky, E., Finkenauer, C. and", size=size, font=font, x=x))
        lines.append(line(top + size * 1.2, f"Vohs, K. D. ({1990 + n}). Bad is stronger than good in", size=size, x=x + 10))
        lines.append(line(top + size * 2.4, f"memory. Review of General Psychology, 5, {n + 1}-{n + 9}.", size=size, x=x + 10))
        top += size * 3.6
    prose = [line(80 + 12 * i, f"Line {i} of the introduction tells what the sea walls were for.") for i in range(40)]
    return make_pdf([prose, [*body, *lines]])


@pytest.mark.parametrize(
    "pdf",
    [
        pytest.param(reference_list(Piece("References", size=11, font="bold"), True), id="heading-10pct-larger-bold-authors"),
        pytest.param(reference_list(Piece("References", size=10), False), id="heading-set-like-the-text"),
        pytest.param(reference_list(Piece("References", size=12, font="bold"), True, size=8), id="small-type-list-bold-authors"),
        pytest.param(reference_list(Piece("References", size=12, font="bold"), False, columns=True), id="list-continued-in-next-column"),
    ],
)
def test_reference_list_read_whole(pdf):
    manuscript = read_pdf_bytes(pdf, "r.pdf")
    report = audit(manuscript)
    assert manuscript.reference_heading == "References"
    assert [r.csl["author"][0]["family"] for r in report.references] == SURNAMES
    assert "# Baumeister" not in manuscript.source
    assert report.findings == ()


def test_small_type_numbered_list_at_the_foot_is_no_footnote():
    pdf = make_pdf([[
        line(100, "Quality was poor [1] and staff were few [2]."),
        line(700, "References", size=8),
        line(712, "1. Ovretveit J: Hospital quality management. Int J Qual 2006, 19:516-532.", size=7.5),
        line(722, "2. Franco L: Sustaining quality of healthcare. Bethesda: QAP; 2006.", size=7.5),
    ]])
    report = audit(read_pdf_bytes(pdf, "n.pdf"))
    assert report.footnotes == ()
    assert len(report.references) == 2
    assert report.findings == ()


def test_raised_mathematics_is_no_marker_but_a_note_marker_is():
    pdf = make_pdf([[
        line(100, "Checking n", sup("k"), " phrases of length k (Smith, 2001) costs 10", sup("10"), " steps and x", sup("2"), " more."),
        line(112, "We keep the 20K", sup("2"), " pairs of nouns, as in.car.", sup("7"), " We then go on."),
        line(140, "References", size=12, font="bold"),
        line(160, "Smith, J. (2001). Sea walls. Coastal Review, 1(2), 3-4."),
        line(740, sup("7"), "For prepositions we ignore determiners.", size=8),
    ]])
    manuscript = read_pdf_bytes(pdf, "m.pdf")
    report = audit(manuscript)
    assert [(n.number, n.referenced) for n in report.footnotes] == [(7, True)]
    assert "<sup>" not in manuscript.source
    assert report.findings == ()


@pytest.mark.parametrize(
    ("pieces", "notes", "shown"),
    [
        pytest.param(  # LaTeX's proposes.~\footnote{..}~\footnote{..}
            ["what the library proposes.", sup("6"), " ", sup("7"), " We go on."], [(6, True), (7, True)], "[^6] [^7]",
            id="two-notes-side-by-side",
        ),
        pytest.param(
            ["Chang,", sup("4,"), " ", sup("5"), " and Chen", sup("1"), " met."], [], "<sup>4,</sup> <sup>5</sup>",
            id="affiliations-side-by-side",
        ),
        pytest.param(  # a power's exponent, then a raised number beside it: mathematics
            ["It costs 10", sup("10"), " ", sup("20"), " steps."], [], "1010 20 steps",
            id="raised-after-an-exponent-stays-plain",
        ),
    ],
)
def test_raised_markers_side_by_side(pieces, notes, shown):
    lines = [line(100, *pieces), line(130, "References", size=12, font="bold"),
             line(150, "Smith, J. (2001). Sea walls. Coastal Review, 1(2), 3-4.")]
    lines += [line(720 + 12 * i, sup(str(n)), f"Note {n} says more.", size=8) for i, (n, _) in enumerate(notes)]
    manuscript = read_pdf_bytes(make_pdf([lines]), "s.pdf")
    assert shown in manuscript.source
    assert [(n.number, n.referenced) for n in audit(manuscript).footnotes] == notes


def test_odd_and_even_running_heads_and_a_masthead_are_dropped():
    pages = []
    for number in range(1, 7):
        head = "Life events and memory" if number % 2 else "A. Writer et al."
        body = [line(100, f"Page {number} says sea walls held (Smith, 2001) for years.")]
        if number == 6:
            body += [line(140, "References", size=12, font="bold"), line(160, "Smith, J. (2001). Sea walls. Coastal Review, 1(2), 3-4.")]
        pages.append([line(40, f"{head} {140 + number}", size=8), *body])
    pages[0].insert(0, line(20, "International Tests (2014), 26:1, 147-154 (c) Test Association 2013. doi:10.1017/S1", size=6))
    manuscript = read_pdf_bytes(make_pdf(pages), "h.pdf")
    assert "Life events" not in manuscript.text and "Writer" not in manuscript.text
    assert "International Tests" not in manuscript.text
    assert audit(manuscript).findings == ()


def test_turned_sidebar_is_not_text():
    pdf = make_pdf([[
        line(500, "Downloaded from https://example.org by Library (2019)", x=30, turned=True),
        line(100, "Sea walls held (Smith, 2001) for years."),
        line(140, "References", size=12, font="bold"),
        line(160, "Smith, J. (2001). Sea walls. Coastal Review, 1(2), 3-4."),
    ]])
    manuscript = read_pdf_bytes(pdf, "t.pdf")
    assert "Downloaded" not in manuscript.text
    assert audit(manuscript).findings == ()


@pytest.mark.parametrize(
    ("first", "second", "doi"),
    [
        pytest.param("Review of Psychology, 5, 323-370. doi:10.1037//", "1089-2680.5.4.323.", "10.1037//1089-2680.5.4.323", id="after-slash"),
        pytest.param("Research, 12, 189-198. doi:10.1016/0022-3956", "(75)90026-6.", "10.1016/0022-3956(75)90026-6", id="after-digit"),
        pytest.param("Cognition, 65, 209-237. doi:10.1016/j.bandc.", "2007.02.007.", "10.1016/j.bandc.2007.02.007", id="after-dot"),
        pytest.param("Cell 12 (2007), pp. 403-413. doi: 10.", "1016/j.devcel.2007.01.012.", "10.1016/j.devcel.2007.01.012", id="after-10-dot"),
        pytest.param("Cell 12 (2007), pp. 403-413. DOI 10.1016", "/j.devcel.2007.01.012.", "10.1016/j.devcel.2007.01.012", id="before-slash"),
    ],
)
def test_doi_broken_at_the_line_end_is_rejoined(first, second, doi):
    pdf = make_pdf([[
        line(100, "Stress was studied (Smith, 2001) with care."),
        line(140, "References", size=12, font="bold"),
        line(160, "Smith, J. (2001). Bad is stronger than good."),
        line(172, first, x=82),
        line(184, second, x=82),
    ]])
    report = audit(read_pdf_bytes(pdf, "d.pdf"))
    assert [r.csl.get("DOI", "").lower() for r in report.references] == [doi.lower()]
    assert [f.code for f in report.findings if f.code.startswith("doi")] == []


def test_publisher_box_after_a_numbered_list_ends_it():
    names = ["Ovretveit", "Franco", "Shojania", "Zere", "Chen", "Durand"]
    entries = [f"{n}. {name} J: Hospital quality in part {n}. Int J Qual 2006, 19:{n}-{n + 9}." for n, name in enumerate(names, 1)]
    pdf = make_pdf([[
        line(100, "Quality was poor [1-3] and staff were few [4-6]."),
        line(140, "References", size=12, font="bold"),
        *[line(160 + 12 * i, entry) for i, entry in enumerate(entries)],
        line(250, "doi:10.1186/1472-6963-14-1"),
        line(262, "Cite this article as: Writer et al.: Quality in hospitals. BMC Health 2014, 14:1."),
        line(290, "Submit your next manuscript to BioMed Central", font="bold"),
    ]])
    report = audit(read_pdf_bytes(pdf, "b.pdf"))
    assert [r.raw for r in report.references] == entries
    assert report.findings == ()


@pytest.mark.parametrize(
    ("x", "size", "first"),
    [
        pytest.param(30, 7, 1, id="in-the-margin"),
        # lineno: 5 pt numbers 9-10 pt off the text, counting on from earlier pages, one beside a heading
        pytest.param(72 - 9 - 8.34, 5, 815, id="tiny-type-close-to-the-text"),
    ],
)
def test_line_numbers_of_a_review_copy_are_dropped(x, size, first):
    numbers = [line(100 + 12 * i, str(first + i), x=x, size=size) for i in range(32)]
    prose = [line(100 + 12 * i, f"Sea walls held for years, said the report of part {i}.") for i in range(29)]
    prose.append(line(100 + 12 * 29, "Sea walls held (Smith, 2001) to the end."))
    listing = [line(100 + 12 * 30, "References", size=12, font="bold"),
               line(100 + 12 * 31, "Smith, J. (2001). Sea walls. Coastal Review, 1(2), 3-4.")]
    manuscript = read_pdf_bytes(make_pdf([[*numbers, *prose, *listing]]), "l.pdf")
    assert manuscript.reference_heading == "References"
    assert "part 3. Sea walls" in manuscript.text
    assert not any(f" {n} Sea" in manuscript.text for n in range(first, first + 32))
    assert audit(manuscript).findings == ()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("\ufb01nd the \ufb02ow", "find the flow", id="ligatures-written-out"),
    ],
)
def test_characters_are_mapped(text, expected):
    from citeaudit.ingest.pdf_chars import _LIGATURES

    assert "".join(_LIGATURES.get(ord(c)) or c for c in text) == expected


def test_a_list_numbered_without_dots_keeps_its_numbers():
    names = ["Ovretveit", "Franco", "Shojania", "Zere", "Chen", "Durand", "Musau", "Lerberghe", "Friend", "Palmer", "Stewart", "Mason"]
    body = [line(100, "Quality was poor [1-6] and staff were few [7-12].")]
    entries = [line(140, "References", size=12, font="bold")]
    for n, name in enumerate(names, 1):
        entries.append(line(150 + 12 * n, f"{n} {name} J: Hospital quality in part {n}. Int J Qual 2006, 19:{n}-{n + 9}."))
    report = audit(read_pdf_bytes(make_pdf([[*body, *entries]]), "n.pdf"))
    assert [r.raw.split(" ", 1)[0] for r in report.references] == [str(n) for n in range(1, 13)]
    assert report.findings == ()


@pytest.mark.parametrize(
    ("top_lines", "dropped", "kept"),
    [
        pytest.param(  # Cambridge: a masthead in 7 pt, its last line (the DOI) close above the title
            [line(33, "International Tests (2014), 26:1, 147-154 (c) Test Association 2013. The online", size=7),
             line(41, "version is published within an Open Access environment subject to the licence", size=7),
             line(49, "Cambridge University Press must be obtained for commercial re-use.", size=7, x=300),
             line(57, "doi:10.1017/S1041610213001804", size=7, x=450),
             line(86, Piece("Stressful life events and sea walls", size=18, font="bold"))],
            ["International Tests", "Open Access", "commercial re-use"], ["Stressful life events"], id="masthead-above-title",
        ),
        pytest.param(  # IEEEtran: an entry's lines in 8 pt in the top margin, the list going on below them
            [line(47, "[1] Smith, J., Sea walls and the shore in harbours of the north", size=8, x=49),
             line(58, "and the south, Coastal Review, vol. 1, pp. 3-4, 2001.", size=8, x=67),
             *[line(69 + 11 * k, f"and the shore of harbour {k} in the long winters of the north, {1990 + k}.", size=8, x=67)
               for k in range(3)]],
            [], ["[1] Smith, J.", "and the south, Coastal Review"], id="entry-lines-in-top-margin",
        ),
    ],
)
def test_small_print_in_the_top_margin(top_lines, dropped, kept):
    text = [line(150 + 12 * i, f"Line {i} of the text says the sea walls held for years.") for i in range(40)]
    source = read_pdf_bytes(make_pdf([[*top_lines, *text]]), "m.pdf").source
    assert [words for words in dropped if words in source] == []
    assert [words for words in kept if words in source] == kept


def columns_then_a_thin_page(last: list) -> bytes:
    """Two full pages of two columns (54 and 318 pt, gutter near 306), then ``last``."""
    full = [
        [*[line(60 + 12 * i, f"Alpha {p}.{i:02d} is set in the left column of", x=54) for i in range(50)],
         *[line(60 + 12 * i, f"Beta {p}.{i:02d} follows in the right column", x=318) for i in range(50)]]
        for p in (1, 2)
    ]  # fmt: skip
    return make_pdf([*full, last])


# The tail of a two-column list alone on the last page (REVTeX): labels at the column's margin,
# later lines indented; the right column's baselines half a point off the left's.
LIST_TAIL = [
    line(56, "Phys. 04, 010.", x=72),
    line(66, "[60] Anast, V., Nature Phys. 13, 584", x=54),
    line(76, "(2017).", x=72),
    line(86.5, "[61] DePan, S., Rogers, J. T., and", x=54),
    line(55.5, "Phys. Rev. Lett. 59, 839 (1987).", x=336),
    line(65.5, "[62] Wuensch, W. U., and", x=318),
    line(76.5, "Nezrick, F. A., Phys. Rev. D 40, 3153", x=336),
    line(87, "[63] Hagmann, C., Phys. Rev. D 42, 1297.", x=318),
]


@pytest.mark.parametrize(
    ("last", "order"),
    [
        pytest.param(
            LIST_TAIL, ["Phys. 04", "[60]", "(2017)", "[61]", "Phys. Rev. Lett.", "[62]", "Nezrick", "[63]"],
            id="tail-of-a-list-takes-the-columns-of-the-pages-before",
        ),
        pytest.param(  # a last page in one column: lines cross the gutter, read top to bottom
            [line(60 + 12 * i, f"Closing line {i} runs across the whole page from one side to the other.", x=54) for i in range(4)],
            ["Closing line 0", "Closing line 1", "Closing line 2", "Closing line 3"],
            id="one-column-page-stays-one-column",
        ),
        pytest.param(  # a small table: its right cells start where no column's lines start
            [line(60 + 12 * i, f"Site {i} wall", x=54) for i in range(4)] + [line(60 + 12 * i, f"{i + 3} m high", x=400) for i in range(4)],
            ["Site 0 wall", "3 m high", "Site 1 wall", "4 m high", "Site 3 wall", "6 m high"],
            id="cells-off-the-columns-stay-rows",
        ),
    ],
)
def test_a_thin_last_page_takes_the_columns_of_the_pages_before(last, order):
    """Too few lines to show a gutter by themselves: read in the document's columns only when
    no line crosses the gutter and the lines start where the columns' lines start."""
    text = read_pdf_bytes(columns_then_a_thin_page(last), "t.pdf").text
    tail = text[text.index("Beta 2.49") :]
    at = [tail.find(piece) for piece in order]
    assert -1 not in at and at == sorted(at)


def test_a_one_column_document_takes_no_columns_from_a_thin_page():
    pages = [[line(60 + 12 * i, f"Line {p}.{i:02d} of the text tells what the sea walls were for.") for i in range(50)] for p in (1, 2)]
    last = [line(60, "Left note", x=72), line(60, "Right note", x=330)]
    pdf = make_pdf([*pages, last])
    from citeaudit.ingest.pdf_chars import read_pages
    from citeaudit.ingest.pdf_layout import lay_out_pages

    assert [page.gutter for page in lay_out_pages(read_pages(pdf, "o.pdf"))] == [None, None, None]
