"""Link annotations in a PDF (hyperref's ``cite.<key>``) read as links from citations to entries.

Three layers: the mapping from rectangles and destinations to words (pure, no PDF); a PDF made by
pdf_maker with link annotations added by an incremental update (PDFium, no TeX); and papers
compiled with pdflatex and hyperref (skipped without TeX Live).  In each, a citation whose
visible number disagrees with where its link points is reported as a link mismatch.
"""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from citeaudit.ingest.pdf import read_pdf_bytes
from citeaudit.ingest.pdf_chars import Word
from citeaudit.ingest.pdf_layout import Line, Page
from citeaudit.ingest import pdf_links
from citeaudit.ingest.pdf_links import LinkBox, Marks, Target, covered, place_links, read_links
from citeaudit.model import Segment
from citeaudit.pipeline import audit
from pdf_maker import line, make_pdf

# --- the mapping, on words made by hand ---------------------------------------------------------


def word(text: str, x0: float, base: float = 100.0, size: float = 10.0) -> Word:
    """A word of ``text`` from ``x0``, 5 pt a character, on the baseline ``base``."""
    return Word(text, x0, x0 + 5 * len(text), base - 8, base + 2, base, size, "Times")


def link(x0: float, x1: float, text: str, name: str = "cite.b", base: float = 100.0, page: int = 1) -> LinkBox:
    """A link over ``x0``..``x1`` on the line at ``base``, 1 pt of margin around it (pdfTeX)."""
    return LinkBox(page, x0, x1, base - 9, base + 3, text, Target(2, 72, 88, name))


@pytest.mark.parametrize(
    "words, box, expected",
    [
        pytest.param([word("[1,", 100), word("2]", 118)], link(104, 111, "1"), [("[1,", 1, 2)], id="first-of-two-numbers"),
        pytest.param([word("[1,", 100), word("2]", 118)], link(117, 124, "2"), [("2]", 0, 1)], id="second-of-two-numbers"),
        pytest.param([word("[1]", 100)], link(99, 116, "[1]"), [("[1]", 0, 3)], id="whole-bracket"),
        # a caption's small type: the point around the link takes in the punctuation beside it
        pytest.param([word("[59,", 100), word("60]", 122)], link(104, 121, "59,"), [("[59,", 1, 3)], id="comma-after-label-left-out"),
        pytest.param([word("[59,", 100), word("60]", 122)], link(121, 138, "60]"), [("60]", 0, 2)], id="closing-bracket-left-out"),
        pytest.param([word("[7;", 100)], link(99, 116, "[7;"), [("[7;", 1, 2)], id="opening-bracket-and-semicolon-left-out"),
        pytest.param([word("(12)", 100)], link(99, 121, "(12)"), [("(12)", 0, 4)], id="paired-parentheses-kept"),
        pytest.param([word("[3–5,", 100)], link(104, 126, "3–5,"), [("[3–5,", 1, 4)], id="range-comma-left-out"),
        pytest.param(
            [word("(Smith", 100), word("al.,", 133)], link(104, 150, "Smithal.,"), [("(Smith", 1, 6), ("al.,", 0, 4)],
            id="names-keep-their-comma",
        ),
        pytest.param(
            [word("(Smith", 100), word("et", 133), word("al.,", 146), word("2001),", 169)],
            link(104, 190, "Smithetal.,2001"),
            [("(Smith", 1, 6), ("et", 0, 2), ("al.,", 0, 4), ("2001),", 0, 4)],
            id="author-year-inside-parentheses",
        ),
        pytest.param([word("1,1", 100)], link(109, 116, "1"), [("1,1", 2, 3)], id="repeated-text-nearest-the-left-edge"),
        pytest.param(
            [word("[1]", 100), word("Gr\u00e9goire", 118)],
            link(117, 160, "Gr\u00b4egoire"),
            [("Gr\u00e9goire", 0, 8)],
            id="text-differs-whole-words-by-middle",
        ),
        pytest.param([word("[1]", 100, base=130)], link(99, 116, "[1]"), [], id="another-line"),
    ],
)
def test_rectangle_covers_characters_of_words(words, box, expected):
    assert [(w.text, start, end) for w, start, end in covered(words, box)] == expected


def page_of(number: int, rows: list[list[Word]]) -> Page:
    page = Page(number, 842, 595)
    page.lines = [Line(row, number, size=10.0) for row in rows]
    return page


def list_page() -> Page:
    """Entries [1] and [2] at baselines 100 and 112 of page 2; entry [2] on two lines."""
    return page_of(2, [
        [word("[1]", 72, 100), word("Smith,", 90, 100), word("J.", 125, 100)],
        [word("[2]", 72, 112), word("Jones,", 90, 112), word("K.", 125, 112)],
        [word("Harbours.", 90, 124)],
    ])  # fmt: skip


@pytest.mark.parametrize(
    "target_top, anchored",
    [
        pytest.param(93.0, "Smith,", id="strut-above-first-entry"),
        pytest.param(105.0, "Jones,", id="strut-above-second-entry"),
        pytest.param(100.0, "Jones,", id="at-the-baseline-above-revtex"),
        pytest.param(98.5, "Jones,", id="just-below-the-baseline-above-amsart"),
        pytest.param(60.0, None, id="far-above-any-line"),
    ],
)
def test_destination_lands_on_the_line_below_it(target_top, anchored):
    page = list_page()
    box = LinkBox(1, 99, 116, 91, 103, "[1]", Target(2, 72, target_top, "cite.x"))
    text = word("[1]", 100)
    marks = place_links([page_of(1, [[text]]), page], [box])
    assert [(line.words[1].text, name) for line, name in marks.lines] == ([(anchored, "cite.x")] if anchored else [])
    assert bool(marks.spans.get(id(text))) is (anchored is not None)  # no anchor, no link


def test_anchor_found_at_its_line_in_the_source():
    page = list_page()
    for n, line in enumerate(page.lines, start=1):
        line.number = n
    marks = place_links([page], [LinkBox(2, 90, 120, 91, 103, "Smith,", Target(2, 72, 105, "cite.0@jones"))])
    segments = [Segment(10, line=1, page=2), Segment(40, line=2, page=2), Segment(70, line=3, page=2)]
    assert marks.anchors(segments) == (("cite.0-jones", 40),)  # "@" is no character of an HTML id


@pytest.mark.parametrize(
    "text, spans, expected",
    [
        pytest.param("[1]", [(0, 3, "cite.b")], r"[\[1\]](#cite.b)", id="brackets-escaped"),
        pytest.param("[1,", [(1, 2, "cite.a")], "[[1](#cite.a),", id="number-inside"),
        pytest.param("<sup>1,2</sup>", [(0, 1, "cite.a"), (2, 3, "cite.b")], "<sup>[1](#cite.a),[2](#cite.b)</sup>", id="superscript"),
        pytest.param("*Smith*", [(0, 5, "cite.a")], "*[Smith](#cite.a)*", id="italics"),
        pytest.param("Abdel-", [(0, 6, "cite.c")], "[Abdel](#cite.c)-", id="hyphen-at-the-end-left-outside"),
        pytest.param("[^1]", [(0, 1, "cite.a")], "<sup>[1](#cite.a)</sup>", id="note-call-linked-to-an-entry-cites"),
        pytest.param("[^1]", [(0, 1, "dest.3.700")], "[^1]", id="note-call-linked-elsewhere-untouched"),
        pytest.param("plain", [], "plain", id="no-link"),
    ],
)
def test_marks_render_as_markdown(text, spans, expected):
    plain = re.sub(r"<[^>]+>|\*", "", text) if not text.startswith("[^") else "1"
    w = word(plain, 100)
    assert Marks(spans={id(w): spans}).render(w, text) == expected


# --- a PDF with link annotations, made without TeX --------------------------------------------

HEIGHT = 792
ENTRIES = ["Smith, J. Sea walls. Coastal Review, 1:1-9, 1990.", "Jones, K. Harbour walls. Coastal Review, 2:2-9, 1991.",
           "Brown, L. Dykes and their keepers. Coastal Review, 3:3-9, 1992."]


def with_links(pdf: bytes, links: list[tuple[int, tuple[float, float, float, float], str]], dests: dict[str, tuple[int, float]]) -> bytes:
    """``pdf`` (from pdf_maker) with link annotations added by an incremental update, as pdfTeX
    writes them: each link (page index, rectangle, name) a GoTo to a named destination (page
    index, height from the page's foot), the names in the catalog's /Names tree."""
    pages = [(int(m.group(1)), m.group(2)) for m in re.finditer(rb"(\d+) 0 obj\n(<< /Type /Page .*?>>)\nendobj", pdf)]
    catalog = re.search(rb"(\d+) 0 obj\n<< /Type /Catalog (.*?) >>\nendobj", pdf)
    size = int(re.search(rb"/Size (\d+)", pdf).group(1))
    previous = int(re.search(rb"startxref\n(\d+)", pdf).group(1))
    objects: dict[int, bytes] = {}
    annots: dict[int, list[int]] = {}
    for page, (x0, y0, x1, y1), name in links:
        objects[size] = b"<< /Type /Annot /Subtype /Link /Rect [%.2f %.2f %.2f %.2f] /Border [0 0 0] /A << /S /GoTo /D (%s) >> >>" % (
            x0, y0, x1, y1, name.encode())
        annots.setdefault(page, []).append(size)
        size += 1
    for index, numbers in annots.items():
        number, body = pages[index]
        objects[number] = body[:-2] + b"/Annots [%s] >>" % b" ".join(b"%d 0 R" % n for n in numbers)
    leaves = b" ".join(b"(%s) [%d 0 R /XYZ 72 %.2f null]" % (name.encode(), pages[p][0], y) for name, (p, y) in sorted(dests.items()))
    objects[int(catalog.group(1))] = b"<< /Type /Catalog %s /Names << /Dests << /Names [%s] >> >> >>" % (catalog.group(2), leaves)
    data = bytearray(pdf)
    offsets = {}
    for number, body in sorted(objects.items()):
        offsets[number] = len(data)
        data += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(data)
    data += b"xref\n0 1\n0000000000 65535 f \n"
    for number, offset in sorted(offsets.items()):
        data += b"%d 1\n%010d 00000 n \n" % (number, offset)
    data += b"trailer\n<< /Size %d /Root %s 0 R /Prev %d >>\nstartxref\n%d\n%%%%EOF\n" % (size, catalog.group(1), previous, xref)
    return bytes(data)


def linked_paper(targets: list[str]) -> bytes:
    """Page 1: three sentences, each opening with "[n]" (Helvetica 10 pt: 72 to 83.1 pt) linked
    to ``targets[n - 1]``; page 2: the list, each entry a strut's height below its destination."""
    prose = [line(100 + 14 * n, f"[{n + 1}] tells how the walls were built in year {1990 + n}.") for n in range(3)]
    prose += [line(160 + 14 * n, "More prose about sea walls and harbours follows here.") for n in range(20)]
    entries = [line(100, "References", size=14, font="bold")]
    entries += [line(130 + 14 * n, f"[{n + 1}] {text}") for n, text in enumerate(ENTRIES)]
    pdf = make_pdf([prose, entries])
    links = [(0, (71, HEIGHT - 100 - 3, 84.1, HEIGHT - 100 + 9), name) for name in targets[:1]]
    links += [(0, (71, HEIGHT - 114 - 3 - 14 * n, 84.1, HEIGHT - 114 + 9 - 14 * n), name) for n, name in enumerate(targets[1:])]
    dests = {f"cite.k{n + 1}": (1, HEIGHT - 130 - 14 * n + 7) for n in range(3)}
    dests["section.1"] = (1, HEIGHT - 100 + 10)
    return with_links(pdf, links, dests)


@pytest.mark.parametrize(
    "targets, mismatched",
    [
        pytest.param(["cite.k1", "cite.k2", "cite.k3"], [], id="every-link-agrees"),
        pytest.param(["cite.k2", "cite.k2", "cite.k3"], ['"[1]" shows entry 1 (Smith (1990)), but the link stored with it points at entry 2 (Jones (1991))'], id="1-shown-links-to-2"),
        pytest.param(["cite.k1", "cite.k2", "section.1"], [], id="link-to-a-section-ignored"),
    ],
)
def test_pdf_link_annotations_are_compared_with_the_text(targets, mismatched):
    pdf = linked_paper(targets)
    names = [link.target.name for link in read_links(pdf, "l.pdf")]
    assert names == [name for name in targets if name.startswith("cite.")]
    manuscript = read_pdf_bytes(pdf, "l.pdf")
    report = audit(manuscript)
    assert len(report.references) == 3
    linked = {name for name in targets if name.startswith("cite.")}
    assert [ref.key for ref in report.references if ref.key in linked] == sorted(linked)  # an entry no link names keeps its own key
    assert [c.key for c in manuscript.prepared_citations or ()] == [name for name in targets if name.startswith("cite.")]
    assert [f.message for f in report.findings if f.code == "citation-link-mismatch"] == mismatched
    assert [f.code for f in report.findings if f.code != "citation-link-mismatch"] == []


def test_pdf_without_links_reads_as_before():
    pdf = make_pdf([[line(100, "No links here [1].")], [line(100, "References", size=14, font="bold"), line(130, f"[1] {ENTRIES[0]}")]])
    assert read_links(pdf, "n.pdf") == []
    manuscript = read_pdf_bytes(pdf, "n.pdf")
    assert manuscript.prepared_citations is None and manuscript.anchors == ()


# --- papers compiled with pdflatex and hyperref -----------------------------------------------

BIBLIOGRAPHY = r"""
\begin{thebibliography}{9}
\bibitem{a} Smith, J. Sea walls. Coastal Review, 1:1--9, 1990.
\bibitem{b} Jones, K. Harbour walls of the north. Coastal Review, 2:2--9, 1991.
\bibitem{c} Brown, L. Dykes and their keepers. Coastal Review, 3:3--9, 1992.
\end{thebibliography}
"""


def compile_latex(tmp_path, body: str, columns: str = "") -> bytes:
    tex = (
        f"\\documentclass[{columns}]{{article}}\n\\usepackage{{hyperref}}\n\\begin{{document}}\n\\section{{Introduction}}\\label{{s1}}\n"
        f"{body}\nSee Section~\\ref{{s1}} and a note\\footnote{{A note.}}.\n{BIBLIOGRAPHY}\\end{{document}}\n"
    )
    (tmp_path / "paper.tex").write_text(tex)
    for _ in range(2):  # the second run resolves \cite
        subprocess.run(["pdflatex", "-interaction=nonstopmode", "paper.tex"], cwd=tmp_path, capture_output=True, timeout=120, check=False)
    pdf = tmp_path / "paper.pdf"
    assert pdf.exists(), (tmp_path / "paper.log").read_text(errors="replace")[-2000:]
    return pdf.read_bytes()


@pytest.mark.skipif(shutil.which("pdflatex") is None, reason="needs pdflatex (TeX Live) to compile the papers")
@pytest.mark.parametrize(
    "body, columns, mismatched",
    [
        pytest.param(r"Walls were studied \cite{a,b} and again \cite{c}.", "", [], id="cite-links-agree"),
        pytest.param(
            r"Walls were studied \cite{a,c} and later \hyperlink{cite.b}{[1]} by others \cite{b}.", "",
            ['"[1]" shows entry 1 (Smith (1990)), but the link stored with it points at entry 2 (Jones (1991))'],
            id="1-shown-links-to-2",
        ),
        pytest.param(
            r"Walls were studied \cite{a} and later \hyperlink{cite.c}{[2]} by others \cite{b,c}.", "twocolumn",
            ['"[2]" shows entry 2 (Jones (1991)), but the link stored with it points at entry 3 (Brown (1992))'],
            id="two-columns-2-shown-links-to-3",
        ),
    ],
)
def test_hyperref_links_compared_with_visible_numbers(tmp_path, body, columns, mismatched):
    pdf = compile_latex(tmp_path, body, columns)
    links = read_links(pdf, "paper.pdf")
    assert links and all(link.target.name.startswith("cite.") for link in links)  # no section, page or footnote links
    report = audit(read_pdf_bytes(pdf, "paper.pdf"))
    assert [ref.key for ref in report.references] == ["cite.a", "cite.b", "cite.c"]
    assert [f.message for f in report.findings if f.code == "citation-link-mismatch"] == mismatched
    assert [f.code for f in report.findings if f.code != "citation-link-mismatch"] == []


def test_characters_measured_per_page_are_bounded(monkeypatch):
    """A hostile page of many links as large as the page: past the budget a link keeps no text
    (and is placed by the words its rectangle holds), instead of measuring the page again."""
    monkeypatch.setattr(pdf_links, "PAGE_BUDGET", 60)
    pdf = with_links(make_pdf([[line(100, "[1] tells how the walls were built.")], [line(130, f"[1] {ENTRIES[0]}")]]),
                     [(0, (0, 0, 612, 792), "cite.k1")] * 5, {"cite.k1": (1, HEIGHT - 130 + 7)})
    texts = [link.text for link in read_links(pdf, "h.pdf")]
    assert len(texts) == 5 and texts[0] == "[1]tellshowthewallswerebuilt." and texts[-1] == ""
