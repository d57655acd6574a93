"""Layouts LaTeX classes print, each in a synthetic PDF made by pdf_maker.

Found by compiling papers with TeX Live (bench/pdf_corpus.py): the article class in two columns
hangs the labels of a numbered list left of the entries' text, and the gap between them is as
clear as the gutter; it sets page numbers further in than the margin on A4 paper; IEEEtran sets
its headings in small capitals made of capitals of two sizes ("R" + "EFERENCES").
"""

from __future__ import annotations

import pytest

from citeaudit.ingest.pdf import read_pdf_bytes
from citeaudit.ingest.pdf_chars import Word
from citeaudit.ingest.pdf_layout import Line, find_columns, reading_order
from citeaudit.pipeline import audit
from pdf_maker import Piece, line, make_pdf, sup

A4 = {"width": 595, "height": 842}
SURNAMES = ["Graffy", "Burkhardt", "Sauer", "Woodring", "Andersen", "Bradlee", "Stallings", "Woo", "Barber", "Zuk",
            "Reynolds", "Barnett", "Hou", "Mosberger"]


def entry(n: int, top: float, x: float) -> list:
    """A numbered entry on three lines, its label hanging left of its text (\\bibitem in article)."""
    label = f"[{n}]"
    width = 5.56 * len(str(n)) + 5.56  # Helvetica: digits 556, brackets 278 thousandths of 10 pt
    return [
        line(top, label, x=x + 17 - width),  # set flush right, 4 pt before the text
        line(top, f"{SURNAMES[n - 1]}, J. Sea walls of {1990 + n}:", x=x + 21),
        line(top + 12, "a field study of harbours", x=x + 21),
        line(top + 24, f"Coastal Review, {n}:{n}-{n + 9}, {1990 + n}.", x=x + 21),
    ]


def body_text(cites: range) -> list:
    return [line(80 + 12 * i, f"Line {i} says walls were studied [{n}].", x=72) for i, n in enumerate(cites)]


def right_column_hanging_labels() -> bytes:
    """Page 1: text. Page 2: text in the left column, then the list in both; most of its
    entries in the right column, whose labels stand 21 pt left of their text."""
    left = body_text(range(1, 15))[:12]
    left.append(line(250, Piece("References", size=14, font="bold"), x=72))
    left += entry(1, 275, 72) + entry(2, 320, 72) + entry(3, 365, 72)
    right = [piece for n in range(4, 15) for piece in entry(n, 80 + 45 * (n - 4), 311)]
    prose = [line(80 + 12 * i, f"Line {i} of the introduction tells what the walls [{i % 14 + 1}] were for.") for i in range(40)]
    return make_pdf([prose, [*left, *right]], **A4)


def page_numbers_off_margin() -> bytes:
    """Three pages, each with its number 17% above the foot; the list crosses a page break."""
    def number(n: int):
        return line(696, str(n), x=295)

    prose = [line(80 + 12 * i, f"Line {i} of the introduction tells what the walls [{i % 14 + 1}] were for.") for i in range(40)]
    page2 = [line(80, Piece("References", size=14, font="bold"))]
    page2 += [piece for n in range(1, 12) for piece in entry(n, 105 + 45 * (n - 1), 72)]
    page3 = [piece for n in range(12, 15) for piece in entry(n, 80 + 45 * (n - 12), 72)]
    return make_pdf([[*prose, number(1)], [*page2, number(2)], [*page3, number(3)]], **A4)


def small_caps_headings() -> bytes:
    """IEEEtran: "I. INTRODUCTION" and "REFERENCES" in small capitals at the body's size."""
    def caps(top: float, *pairs: tuple[str, str], prefix: str = "") -> object:
        pieces = [Piece(prefix)] if prefix else []
        for n, (big, small) in enumerate(pairs):
            pieces += [Piece(("" if n == 0 else " ") + big, size=10), Piece(small, size=8)]
        return line(top, *pieces, x=120)

    page1 = [caps(80, ("I", "NTRODUCTION"), prefix="I. ")]
    page1 += [line(100 + 12 * i, f"Line {i} of the introduction tells what the walls [{i % 14 + 1}] were for.") for i in range(30)]
    page1.append(caps(480, ("R", "ELATED"), ("W", "ORK"), prefix="II. "))
    page1 += [line(500 + 12 * i, f"Line {i} of the related work tells who built walls [{(i + 3) % 14 + 1}] first.") for i in range(10)]
    page2 = [caps(60, ("R", "EFERENCES"))]
    page2 += [piece for n in range(1, 15) for piece in entry(n, 80 + 45 * (n - 1), 72)]
    return make_pdf([page1, page2], **A4)


@pytest.mark.parametrize(
    "pdf",
    [
        pytest.param(right_column_hanging_labels(), id="right-column-hanging-labels"),
        pytest.param(page_numbers_off_margin(), id="page-numbers-off-margin"),
        pytest.param(small_caps_headings(), id="small-caps-headings"),
    ],
)
def test_numbered_list_read_whole_without_findings(pdf):
    manuscript = read_pdf_bytes(pdf, "l.pdf")
    report = audit(manuscript)
    assert manuscript.reference_heading is not None and manuscript.reference_heading.lower() == "references"
    assert [r.csl["author"][0]["family"] for r in report.references] == SURNAMES
    assert [(f.code, f.message) for f in report.findings] == []


def test_small_capitals_are_one_word_and_make_headings():
    source = read_pdf_bytes(small_caps_headings(), "h.pdf").source
    assert "# I. INTRODUCTION" in source
    assert "# II. RELATED WORK" in source
    assert "# REFERENCES" in source


def test_page_numbers_off_the_margin_are_dropped():
    manuscript = read_pdf_bytes(page_numbers_off_margin(), "p.pdf")
    assert [line for line in manuscript.source.splitlines() if line.strip() in {"1", "2", "3", "# 2", "# 3"}] == []
    assert [r.raw.rsplit(",", 1)[-1].strip() for r in audit(manuscript).references] == [f"{1990 + n}." for n in range(1, 15)]


def words_of_two_columns(labels: int) -> list[Word]:
    """A page in words: a justified left column ending at 301 pt; a right column from 311 pt
    holding a numbered list whose labels end at 328 pt and whose text starts at 332 pt."""
    words = []
    for row in range(60):
        base = 80 + 12 * row
        words += [Word("justified", 72 + 46 * k, 72 + 46 * k + 40, base - 8, base + 2, base, 10, "Times") for k in range(5)]
        words.append(Word("end", 286, 301, base - 8, base + 2, base, 10, "Times"))
        if row % 6 == 0 and row // 6 < labels:
            words.append(Word(f"[{row // 6 + 1}]", 311, 328, base - 8, base + 2, base, 10, "Times"))
        words += [Word("entry", 332 + 40 * k, 332 + 40 * k + 34, base - 8, base + 2, base, 10, "Times") for k in range(5)]
    return words


@pytest.mark.parametrize("labels", [pytest.param(n, id=f"{n}-labels") for n in (0, 5, 10)])
def test_gutter_is_not_the_gap_after_hanging_labels(labels):
    words = words_of_two_columns(labels)
    gutter, top = find_columns(words, 595, 842)
    assert gutter is not None and top == 0.0
    assert max(w.x1 for w in words if w.text == "end") <= gutter <= min(w.x0 for w in words if w.text != "justified" and w.x0 > 300)


def running_heads_off_margin() -> bytes:
    """amsart: running heads 97 pt down (11% of A4), the page number beside them, authors on even
    pages and the title on odd ones; the list crosses two page breaks."""
    def head(n: int) -> list:
        text = "ANA PEREIRA AND JONAS LINDQVIST" if n % 2 == 0 else "A ROBUST REGION FOR SEA WALLS"
        return [line(97, str(n), x=72 if n % 2 == 0 else 520), line(97, text, x=200, size=8)]

    prose = [line(130 + 12 * i, f"Line {i} of the introduction tells what the walls [{i % 14 + 1}] were for.") for i in range(40)]
    page2 = [line(130, Piece("References", size=12, font="bold"))]
    page2 += [piece for n in range(1, 8) for piece in entry(n, 150 + 45 * (n - 1), 72)]
    page3 = [piece for n in range(8, 15) for piece in entry(n, 130 + 45 * (n - 8), 72)]
    return make_pdf([[*head(1), *prose], [*head(2), *page2], [*head(3), *page3]], **A4)


def test_running_heads_off_the_margin_are_dropped():
    manuscript = read_pdf_bytes(running_heads_off_margin(), "h.pdf")
    report = audit(manuscript)
    assert "PEREIRA" not in manuscript.text and "ROBUST" not in manuscript.text
    assert [r.raw.rsplit(",", 1)[-1].strip() for r in report.references] == [f"{1990 + n}." for n in range(1, 15)]
    assert report.findings == ()


@pytest.mark.parametrize("indent", [pytest.param(10, id="hanging-indent"), pytest.param(0, id="flush")])
def test_page_range_broken_at_the_line_end_is_no_new_entry(indent):
    # llncs: "... In: Plant functional types, pp. 153–" / "173. Cambridge University Press ..."
    entries = [
        ("1. Shaver, G.R., Giblin, A.E.: Plant functional types in arctic tundra.", "In: Plant Functional Types, pp. 153–", "173. Cambridge University Press, Cambridge (2007)"),
        ("2. Sigurdsson, B., Grims, K.: Sea walls and the shore in harbours.", "In: Coastal Works, pp. 11–", "24. Academic Press, San Diego (1992)"),
    ]
    lines = [line(100, "Tundra plants were typed [1] and walls were built [2]."), line(130, "References", size=12, font="bold")]
    for n, (first, second, third) in enumerate(entries):
        top = 150 + 40 * n
        lines += [line(top, first), line(top + 12, second, x=72 + indent), line(top + 24, third, x=72 + indent)]
    report = audit(read_pdf_bytes(make_pdf([lines]), "r.pdf"))
    assert [r.csl.get("page") for r in report.references] == ["153-173", "11-24"]
    assert [(f.code, f.message) for f in report.findings if f.severity.value != "info"] == []


def float_inside_a_sentence() -> bytes:
    """A table set at the top of page 2 while a sentence, and a citation, run on from page 1."""
    prose = [line(80 + 12 * i, f"Line {i} of the introduction tells what the sea walls were for.") for i in range(40)]
    prose.append(line(560, "The walls held well (Macpherson"))
    table = [line(80, "Table 1: Scores of each wall on the held-out storms."), line(92, "Wall Score", x=200),
             line(104, "north 90.2", x=200), line(116, "south 39.8", x=200)]
    text = [line(150, "et al., 2012; Abdel-"), line(162, "Rahman, 1989) and failed later.")]
    refs = [line(200, Piece("References", size=12, font="bold")),
            line(220, "Abdel-Rahman, T. (1989). Sea walls. Coastal Review, 1, 3-4."),
            line(232, "Macpherson, L., Jones, G. and Calle, Y. (2012). Harbours. Coastal Review, 5, 6-9.")]
    return make_pdf([prose, [*table, *text, *refs]])


def test_float_at_the_top_of_a_page_does_not_cut_a_sentence():
    manuscript = read_pdf_bytes(float_inside_a_sentence(), "f.pdf")
    report = audit(manuscript)
    assert "(Macpherson et al., 2012; Abdel-Rahman, 1989)" in manuscript.text
    assert sorted(c.authors for c in report.citations) == [("Abdel-Rahman",), ("Macpherson",)]
    assert report.findings == ()


def test_gapped_list_starting_at_the_foot_of_a_page():
    """plainnat: entries apart by a gap, names first-name-first; the first entry alone at the foot
    of a page, the second at the top of the next, flush like the first."""
    prose = [line(80 + 12 * i, f"Line {i} tells of walls (Abdel-Rahman, 1989) and (Andersen, 1994).") for i in range(50)]
    prose += [line(700, Piece("References", size=14)), line(720, "T.S. Abdel-Rahman. Parallel processing of sea walls. PhD"),
              line(732, "thesis, University of Michigan, Ann Arbor, 1989.", x=82)]
    entries = [("Lars Ole Andersen. Program analysis for sea walls. PhD thesis,", "DIKU, University of Copenhagen, 1994."),
               ("I. D. Baxter. Transformational maintenance of harbours. In Pro-", "ceedings of the Fifth Symposium, 1999."),
               ("A. Borgida and T. Imielinski. Decision making in committees. In", "Proceedings of the Workshop, 1984.")]
    page2 = []
    for n, (first, second) in enumerate(entries):
        page2 += [line(80 + 34 * n, first), line(92 + 34 * n, second, x=82)]
    report = audit(read_pdf_bytes(make_pdf([prose, page2]), "g.pdf"))
    assert [r.csl["issued"]["date-parts"][0][0] for r in report.references] == [1989, 1994, 1999, 1984]


def revtex_page(note: bool = False, after: tuple = ()) -> bytes:
    """REVTeX: the last page of text has balanced columns; the bibliography starts below both,
    without a heading, in 9 pt columns of its own; an entry's year is carried to the next page.
    With ``note``, entry 5 is a footnote REVTeX lists among the entries, without a year; ``after``:
    lines set on the last page below the list (an appendix)."""
    left = [line(80 + 12 * i, f"Left {i} says walls [{i % 7 + 1}] held.", x=54) for i in range(12)]
    right = [line(80 + 12 * i, f"Right {i} says tides [{i % 9 + 8}] rose.", x=317) for i in range(12)]
    refs_left, refs_right = [], []
    for n in range(1, 8):
        top = 260 + 36 * (n - 1)
        if note and n == 5:
            refs_left += [line(top, "[5] The data are available from the", x=54, size=9),
                          line(top + 10, "authors on request.", x=72, size=9)]
            continue
        refs_left += [line(top, f"[{n}] {SURNAMES[n - 1]}, Sea walls in", x=54, size=9),
                      line(top + 10, f"harbours, Coast Rev {n}, {n}1 ({1990 + n}).", x=72, size=9)]
    for n in range(8, 14):
        top = 260 + 36 * (n - 8)
        refs_right += [line(top, f"[{n}] {SURNAMES[n - 1]}, Sea walls in", x=317, size=9),
                       line(top + 10, f"harbours, Coast Rev {n}, {n}1 ({1990 + n}).", x=335, size=9)]
    refs_right += [line(476, f"[14] {SURNAMES[13]}, Sea walls in harbours,", x=317, size=9),
                   line(486, "Tech. Rep. (Coastal Works Ltd,", x=335, size=9)]
    page2 = [line(50, "2004).", x=72, size=9), line(62, "[15] Lisch, Tides of the north, Coast Rev 15, 9 (2002).", x=54, size=9),
             line(74, "[16] Kates, Tides of the south, Coast Rev 16, 8 (1997).", x=54, size=9)]
    prose = [line(80 + 12 * i, f"Line {i} of the introduction tells what the walls [{i % 14 + 1}] were for.") for i in range(50)]
    return make_pdf([prose, prose, [*left, *right, *refs_left, *refs_right], [*page2, *after]], **A4)


def test_bibliography_without_heading_below_balanced_columns():
    manuscript = read_pdf_bytes(revtex_page(), "r.pdf")
    report = audit(manuscript)
    assert manuscript.text.index("Right 11") < manuscript.text.index("[1] Graffy")
    assert [r.raw.split(" ", 2)[:2] for r in report.references] == [
        [f"[{n}]", f"{name},"] for n, name in enumerate([*SURNAMES, "Lisch", "Kates"], start=1)
    ]
    assert report.references[13].raw.endswith("2004).")
    # (how the parser reads "Woodring, Sea walls in" is not this test's business)
    assert [(f.code, f.message) for f in report.findings if f.code.startswith(("citation", "reference-uncited", "reference-list"))] == []


def column_lines(column: int, tops: list[float], name: str) -> list[Line]:
    x = 54 if column == 1 else 317
    return [Line([Word(f"{name}{i}", x, x + 200, top - 8, top + 2, top, 10, "Times")], 1, column) for i, top in enumerate(tops)]


@pytest.mark.parametrize(
    ("left_tops", "right_tops", "expected"),
    [
        pytest.param(
            [80, 92, 104, 200, 212], [80, 92, 104, 200, 212], ["L0", "L1", "L2", "R0", "R1", "R2", "L3", "L4", "R3", "R4"],
            id="strip-across-both-columns",
        ),
        pytest.param(
            [80, 92, 104, 200, 212], [80, 92, 104, 116, 128, 140, 152, 164, 176, 188, 200, 212],
            ["L0", "L1", "L2", "L3", "L4", *[f"R{i}" for i in range(12)]], id="gap-in-one-column-only",
        ),
        pytest.param(
            [80, 92, 104, 120, 132], [80, 92, 104, 120, 132], ["L0", "L1", "L2", "L3", "L4", "R0", "R1", "R2", "R3", "R4"],
            id="paragraph-gaps-level-are-no-strip",
        ),
    ],
)
def test_blank_strip_across_both_columns_parts_bands(left_tops, right_tops, expected):
    lines = column_lines(1, left_tops, "L") + column_lines(2, right_tops, "R")
    assert [line.words[0].text for line in reading_order(lines)] == expected


def test_long_small_type_list_does_not_make_the_text_headings():
    """45 entries in 8 pt outweigh two pages of 10 pt text; the text is still the body."""
    names = [f"{name}{suffix}" for suffix in ("", "son", "sen") for name in SURNAMES + ["Lisch"]]
    cites = [line(80 + 12 * i, f"Line {i} says the walls [{i % 45 + 1}] held, [{(i + 20) % 45 + 1}] too.") for i in range(45)]
    page1 = [line(60, Piece("1. Introduction", size=12, font="bold")), *cites[:30]]
    page2 = [*[line(80 + 12 * i, text.pieces[0].text) for i, text in enumerate(cites[30:])], line(280, Piece("References", size=12, font="bold"))]
    entries = []
    for n, name in enumerate(names, start=1):
        top = 80 + 26 * ((n - 1) % 24)
        entries.append([line(top, f"{n}. {name}, J.: Sea walls and the shore in harbours of the north and the south,", size=8),
                        line(top + 10, f"a field study of the tides. Coastal Review {n}, {n}-{n + 9} ({1950 + n})", size=8, x=82)])
    page3 = [piece for entry in entries[:24] for piece in entry]
    page4 = [piece for entry in entries[24:] for piece in entry]
    manuscript = read_pdf_bytes(make_pdf([page1, page2, page3, page4]), "s.pdf")
    assert [h for h in manuscript.source.splitlines() if h.startswith("# ")] == ["# 1. Introduction", "# References"]
    report = audit(manuscript)
    assert len(report.references) == 45
    assert [(f.code, f.message) for f in report.findings if f.severity.value != "info"] == []


def test_list_on_more_pages_than_the_text_does_not_make_the_text_headings():
    """IEEEtran: a page of 10 pt text, then the list in 8 pt over two pages."""
    page1 = [line(60, Piece("1. Introduction", size=12, font="bold"))]
    page1 += [line(80 + 12 * i, f"Line {i} of the text says the walls [{i % 28 + 1}] held and [{(i + 9) % 28 + 1}] did too.") for i in range(50)]
    page1.append(line(700, Piece("References", size=12, font="bold")))
    entries = [[line(80 + 24 * (n % 14), f"[{n + 1}] {SURNAMES[n % 14]}, Sea walls, {1950 + n}.", size=8)] for n in range(28)]
    pages = [page1, [p for e in entries[:14] for p in e], [p for e in entries[14:] for p in e]]
    manuscript = read_pdf_bytes(make_pdf(pages), "i.pdf")
    assert [h for h in manuscript.source.splitlines() if h.startswith("# ")] == ["# 1. Introduction", "# References"]
    assert len(audit(manuscript).references) == 28


@pytest.mark.parametrize(
    ("label", "continuation"),
    [
        pytest.param("[{n}]", "8. the family muricidae. Bull Am Paleontol, 97:5-94, {year}.", id="bracket-list-line-opens-8-dot"),
        pytest.param("{n}.", "(8) the family muricidae. Bull Am Paleontol, 97:5-94, {year}.", id="dot-list-line-opens-paren-8"),
    ],
)
def test_indented_line_opening_with_another_label_form_goes_on(label, continuation):
    lines = [line(100, "Shells were studied [1] and [2]." if label.startswith("[") else "Shells were studied (1) and (2) and (3)."),
             line(130, "References", size=12, font="bold")]
    for n, name in enumerate(["Vokes", "Dillner"], start=1):
        top = 150 + 36 * (n - 1)
        lines += [line(top, f"{label.format(n=n)} {name}, E. H. Neogene paleontology of the republic.", x=72),
                  line(top + 12, continuation.format(year=1988 + n), x=92)]
    report = audit(read_pdf_bytes(make_pdf([lines]), "v.pdf"))
    assert [r.raw.split(" ")[1] for r in report.references] == ["Vokes,", "Dillner,"]


def test_note_listed_among_unheaded_entries_does_not_cut_the_list():
    report = audit(read_pdf_bytes(revtex_page(note=True), "n.pdf"))
    assert [r.raw.split(" ", 1)[0] for r in report.references] == [f"[{n}]" for n in range(1, 17)]
    assert [(f.code, f.message) for f in report.findings if f.code.startswith(("citation", "reference-list"))] == []


APPENDIX_TEXT = [line(130 + 12 * i, f"Appendix line {i} derives the height of the walls.", x=54) for i in range(20)]


@pytest.mark.parametrize(
    "after",
    [
        pytest.param((), id="nothing-after"),
        pytest.param((line(110, Piece("Appendix A: Derivation of the estimates", size=9, font="bold"), x=80), *APPENDIX_TEXT),
                     id="appendix-heading"),
        pytest.param((line(110, Piece("A: Derivation of the estimates", size=12, font="bold"), x=80), *APPENDIX_TEXT),
                     id="larger-heading"),
        pytest.param(tuple(APPENDIX_TEXT), id="text-block-apart"),
    ],
)
def test_list_without_heading_ends_where_entries_end(after):
    """REVTeX's list, found by its shape, is read whole when an appendix follows it (the Markdown
    reader alone finds a list without a heading only at the end of the text)."""
    manuscript = read_pdf_bytes(revtex_page(after=after), "a.pdf")
    report = audit(manuscript)
    assert [r.raw.split(" ", 1)[0] for r in report.references] == [f"[{n}]" for n in range(1, 17)]
    assert report.references[-1].raw.endswith("(1997).")
    assert ("Appendix line 19" in manuscript.text[manuscript.body.start : manuscript.body.end]) == bool(after)
    assert [(f.code, f.message) for f in report.findings if f.code.startswith(("citation", "reference-uncited", "reference-list"))] == []


def small_caps(top: float, *pairs: tuple[str, str], prefix: str = "", x: float = 120) -> object:
    """A heading in small capitals: each word a capital at 10 pt and the rest at 8 pt."""
    pieces = [Piece(prefix)] if prefix else []
    for n, (big, small) in enumerate(pairs):
        pieces += [Piece(("" if n == 0 else " ") + big, size=10), Piece(small, size=8)]
    return line(top, *pieces, x=x)


def ieeetran_list_outweighs_text(first_top: float) -> bytes:
    """IEEEtran on letter paper: a page and a bit of 10 pt text with a footnote, then 8 pt entries
    over two pages (more characters and more pages than the text), the last page's first entry at
    ``first_top`` (53: both its lines in the top margin), then an APPENDIX in small capitals."""
    names = [f"{name}{suffix}" for suffix in ("", "son", "sen", "man") for name in SURNAMES]

    def entries(numbers: range, top: float) -> list:
        out = []
        for k, n in enumerate(numbers):
            at = top + 19 * k
            out += [line(at, f"[{n}] {names[n - 1]}, J. Sea walls and the shore in harbours of the north", x=49, size=8),
                    line(at + 9, f"and the south, Coastal Review, vol. {n}, pp. {n}-{n + 9}, {1950 + n}.", x=67, size=8)]
        return out

    text = [line(80 + 12 * i, f"Line {i} of the text says the walls [{i % 56 + 1}] held and [{(i + 28) % 56 + 1}] did too.")
            for i in range(56)]
    page1 = [small_caps(60, ("I", "NTRODUCTION"), prefix="I. "), *text[:40]]
    page1[5] = line(140, "Line 4 of the text says the walls [5] held and [33] did too.", sup("1"))
    page1.append(line(700, sup("1"), Piece(" The data are available from the authors on request.", size=8)))
    page2 = [*[line(80 + 12 * i, t.pieces[0].text) for i, t in enumerate(text[40:])], small_caps(290, ("R", "EFERENCES"))]
    page2 += entries(range(1, 22), 305)
    page3 = entries(range(22, 57), first_top)
    appendix_top = first_top + 19 * 35 + 10
    page3 += [small_caps(appendix_top, ("A", "PPENDIX")), line(appendix_top + 14, "The appendix derives the height of the walls.")]
    return make_pdf([page1, page2, page3])


@pytest.mark.parametrize("first_top", [pytest.param(53, id="entry-in-top-margin"), pytest.param(80, id="entry-below-margin")])
def test_ieeetran_list_in_small_type_outweighing_the_text(first_top):
    manuscript = read_pdf_bytes(ieeetran_list_outweighs_text(first_top), "i.pdf")
    assert [h for h in manuscript.source.splitlines() if h.startswith("# ")] == ["# I. INTRODUCTION", "# REFERENCES", "# APPENDIX"]
    assert "[^1]: The data are available" in manuscript.source
    report = audit(manuscript)
    assert [r.raw.split(" ", 1)[0] for r in report.references] == [f"[{n}]" for n in range(1, 57)]
    assert [(f.code, f.message) for f in report.findings if f.severity.value != "info"] == []


@pytest.mark.parametrize(
    "heading",
    [
        pytest.param(Piece("Appendix A. Derivation of the estimates"), id="amsart-plain-body-size"),
        pytest.param(Piece("Appendix A: Derivation of the estimates", size=9, font="bold"), id="bold-small"),
        pytest.param(Piece("APPENDICES"), id="capitals-body-size"),
    ],
)
def test_appendix_heading_after_a_small_type_list_ends_it(heading):
    """amsart: the list in 8 pt with hanging labels, then a centred appendix heading in the text's
    type, set apart; the appendix is no part of the last entry."""
    cites = [line(80 + 12 * i, f"Line {i} of the text says the walls [{i % 14 + 1}] held.") for i in range(40)]
    page2 = [line(80, Piece("References", size=10, font="bold"), x=260)]
    for n in range(1, 15):
        top = 100 + 20 * (n - 1)
        page2 += [line(top, f"{n}. J. {SURNAMES[n - 1]}, Sea walls and the shore in harbours of the north,", size=8, x=72),
                  line(top + 9, f"Coastal Review {n} ({1990 + n}), {n}-{n + 9}.", size=8, x=87)]
    page2 += [line(405, heading, x=200), *[line(425 + 12 * i, f"The appendix line {i} derives the walls.") for i in range(5)]]
    manuscript = read_pdf_bytes(make_pdf([cites, page2], **A4), "a.pdf")
    report = audit(manuscript)
    assert len(report.references) == 14
    assert report.references[-1].raw.endswith("14-23.")
    assert [(f.code, f.message) for f in report.findings if f.code.startswith(("citation", "reference-uncited", "reference-list"))] == []


@pytest.mark.parametrize(
    ("heading", "is_heading"),
    [
        pytest.param(Piece("A    Derivation of the estimates", size=12, font="bold"), True, id="acl-lettered-bold-a-size-up"),
        pytest.param(Piece("B.2 Data and code", size=12, font="bold"), True, id="acl-lettered-subsection"),
        pytest.param(Piece("A Smith and the sea walls of the north.", size=12, font="bold"), False, id="a-sentence-is-no-heading"),
        pytest.param(Piece("A    Derivation of the estimates", size=10.9), False, id="not-bold-not-a-heading"),
    ],
)
def test_lettered_appendix_after_an_acl_list_ends_it(heading, is_heading):
    """ACL: the list a size below the text, then "A  Derivation" bold, 12 pt on 10.9 pt text (x1.10)."""
    cites = [line(80 + 14 * i, f"Line {i} of the text says the walls (Graffy, {1990 + i % 14 + 1}) held.", size=10.9) for i in range(40)]
    page2 = [line(80, Piece("References", size=12, font="bold"), x=72)]
    for n in range(1, 15):
        top = 100 + 24 * (n - 1)
        page2 += [line(top, f"J. {SURNAMES[n - 1]}. {1990 + n}. Sea walls and the shore in harbours of the north.", size=10, x=72),
                  line(top + 11, f"Coastal Review, {n}:{n}-{n + 9}.", size=10, x=82)]
    page2 += [line(460, heading, x=72), *[line(480 + 14 * i, f"The appendix line {i} derives the walls.", size=10.9) for i in range(5)]]
    manuscript = read_pdf_bytes(make_pdf([cites, page2], **A4), "a.pdf")
    report = audit(manuscript)
    assert (len(report.references) == 14) is is_heading
    if is_heading:
        assert report.references[-1].raw.endswith("14-23.")
