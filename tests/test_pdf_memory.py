"""The PDF reader's two passes: pages kept between them or read again give the same manuscript,
and without the keep a page's words are let go before the next page is read (issue #10: memory
flat in the page count).

The PDFs are those other tests build (pdf_maker: running heads, notes held over a page, REVTeX's
list without a heading, a thin last page taking the document's columns, links to entries),
papers compiled with pdflatex and hyperref where TeX Live is installed, and the real published
PDFs of ../shared/realworld where that folder is present.
"""

from __future__ import annotations

import gc
import shutil
from pathlib import Path

import pytest

from citeaudit.ingest import pdf as pdf_module
from citeaudit.ingest import pdf_chars, pdf_links
from citeaudit.ingest.pdf import read_pdf_bytes
from citeaudit.ingest.pdf_chars import PdfPages, Word
from citeaudit.pipeline import audit
from pdf_maker import line, make_pdf, sup
from test_pdf_latex_layouts import ieeetran_list_outweighs_text, page_numbers_off_margin, revtex_page, running_heads_off_margin
from test_pdf_layout import LIST_TAIL, columns_then_a_thin_page
from test_pdf_links import compile_latex, linked_paper
from test_pdf_running_sentences import ENTRIES, OPEN, REST, prose

REALWORLD = Path(__file__).resolve().parents[2] / "shared" / "realworld"


def notes_over_pages(pages: int = 6) -> bytes:
    """Pages of prose, each with a footnote called on it, every page's last sentence running
    over to the next; then the list."""
    body = []
    for p in range(pages):
        text = [*prose(50), line(680, OPEN), line(720, f"{p + 1} The walls were measured by hand on page {p + 1}.", size=8)]
        text[3] = line(116, "Line 03 of the text tells what the walls were made of", sup(str(p + 1)))
        if p:
            text.insert(0, line(60, REST))
        body.append(text)
    return make_pdf([*body, [line(80, REST), *ENTRIES]], width=595, height=842)


def reading(pdf: bytes, budget: int, monkeypatch) -> tuple:
    """What the reader and the audit make of ``pdf`` with ``budget`` words kept between passes."""
    monkeypatch.setattr(pdf_module, "CACHE_WORDS", budget)
    manuscript = read_pdf_bytes(pdf, "m.pdf")
    findings = [(f.code, f.message, f.location) for f in audit(manuscript).findings]
    return (manuscript.source, manuscript.text, manuscript.segments, manuscript.notes, manuscript.anchors,
            manuscript.prepared_citations, findings)  # fmt: skip


def assert_same_kept_or_read_again(pdf: bytes, monkeypatch) -> None:
    kept = reading(pdf, 10**9, monkeypatch)
    assert kept[0].strip()
    assert reading(pdf, 0, monkeypatch) == kept  # every page read again
    assert reading(pdf, 400, monkeypatch) == kept  # the first page or so kept, the rest read again
    # the document opened afresh for every page read (words and links): the same again
    monkeypatch.setattr(pdf_chars, "PAGES_PER_OPENING", 1)
    monkeypatch.setattr(pdf_links, "PAGES_PER_OPENING", 1)
    assert reading(pdf, 0, monkeypatch) == kept


BUILT = {
    "running-heads-off-margin": running_heads_off_margin,
    "page-numbers-off-margin": page_numbers_off_margin,
    "revtex-list-without-heading": revtex_page,
    "ieeetran-small-type-list": lambda: ieeetran_list_outweighs_text(80),
    "thin-last-page-takes-the-columns": lambda: columns_then_a_thin_page(LIST_TAIL),
    "links-to-entries": lambda: linked_paper(["cite.k2", "cite.k2", "cite.k3"]),
    "notes-held-over-pages": notes_over_pages,
}


@pytest.mark.parametrize("build", BUILT.values(), ids=BUILT.keys())
def test_pages_read_again_give_the_same_manuscript(build, monkeypatch):
    assert_same_kept_or_read_again(build(), monkeypatch)


@pytest.mark.skipif(shutil.which("pdflatex") is None, reason="needs pdflatex (TeX Live) to compile the paper")
@pytest.mark.parametrize("columns", ["", "twocolumn"])
def test_compiled_paper_read_again_gives_the_same_manuscript(tmp_path, columns, monkeypatch):
    body = r"Walls were studied \cite{a,c} and later \hyperlink{cite.b}{[1]} by others \cite{b}." * 40
    assert_same_kept_or_read_again(compile_latex(tmp_path, body, columns), monkeypatch)


@pytest.mark.skipif(not REALWORLD.is_dir(), reason="../shared/realworld not present")
@pytest.mark.parametrize("name", ["pdf-acl2014-dinu", "pdf-bmchsr2014", "pdf-intpsychogeriatr2013", "pdf-osdi2004-mapreduce"])
def test_real_pdf_read_again_gives_the_same_manuscript(name, monkeypatch):
    folder = REALWORLD / name
    if not folder.is_dir():
        pytest.skip(f"{folder} not present")
    (pdf,) = folder.glob("*.pdf")
    kept = reading(pdf.read_bytes(), 10**9, monkeypatch)
    assert reading(pdf.read_bytes(), 0, monkeypatch) == kept


def live_words() -> int:
    return sum(1 for item in gc.get_objects() if isinstance(item, Word))


@pytest.mark.parametrize(("budget", "flat"), [pytest.param(0, True, id="nothing-kept"), pytest.param(10**9, False, id="all-kept")])
def test_a_page_s_words_are_let_go_before_the_next_page_is_read(budget, flat, monkeypatch):
    """Counted whenever a page is read: with nothing kept, the words alive are at most one
    page's and a line's (the page just written, and its last line, whose sentence may go on
    overleaf); with every page kept, they grow with the pages (which shows that the count sees
    held words)."""
    pdf = notes_over_pages(8)
    per_page = max(len(PdfPages(pdf, "p.pdf").words(index).words) for index in range(9))
    seen: list[int] = []
    words = PdfPages.words

    def counting(self, index):
        seen.append(live_words())
        return words(self, index)

    monkeypatch.setattr(PdfPages, "words", counting)
    monkeypatch.setattr(pdf_module, "CACHE_WORDS", budget)
    gc.collect()
    before = live_words()
    read_pdf_bytes(pdf, "p.pdf")
    most = max(seen) - before
    assert (most <= 1.2 * per_page) is flat, (most, per_page)
    if not flat:
        assert most >= 7 * per_page
