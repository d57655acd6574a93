"""Read a PDF manuscript: text in reading order, page by page, as Markdown for the Markdown reader.

The steps, each its own function:

    words                     pdf_chars: PDFium characters -> words with size, baseline, font
    lines and columns         pdf_layout: lines by vertical overlap, the gutter, reading order
    footnotes                 the run of smaller lines at the foot of a column that starts with a
                              number some superscript in the text has already called: ``[^n]: text``
    page furniture            lines in the top or bottom margin that repeat across pages (digits
                              ignored), bare page numbers, and small print in the margins of a
                              page (a journal's masthead, a licence line): dropped
    superscripts              raised smaller words that look like note or citation markers
                              (numbers, ranges, symbols, after a word): ``<sup>n</sup>``; raised
                              mathematics (``n^k``, ``10^10``, a prime) stays plain text
    headings                  short lines clearly larger than the body, or in a heavier weight
                              and at least body size; inside the reference list only a larger
                              line or a known closing heading (Appendix) is one, so that an
                              entry whose authors are set in bold stays an entry

``segments`` point each PDF line back to its page and its line on that page (counted in
reading order).
"""

from __future__ import annotations

import re
import statistics
from array import array
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from pathlib import Path

from ..errors import InputError
from ..model import Manuscript, Segment
from .files import read_file_bytes
from .markdown import heading_text, is_reference_heading, read_markdown_string
from .pdf_chars import PdfPages
from .pdf_layout import Columns, Line, LineSketch, Page, PageSketch, lay_out_page, usual_columns
from .pdf_links import LinkPlan, Marks, read_links

# A margin line that is only a page number: "12", "- 12 -", "Page 3", "3 of 10", "iv", "[5]";
# not the end of an entry carried over to the next page: "1992)."
_PAGE_NUMBER = re.compile(
    r"^[-–—(\[\s]*(?:page\s+)?(?:\d{1,4}|[ivxlc]{1,6})(?:\s*(?:of|/)\s*\d{1,4})?(?:[-–—)\]\s]*|\.)$", re.I
)
# The number opening a footnote: "1 Pravda, ..." "12. See ..." (the superscript form is found by size)
_NOTE_NUMBER = re.compile(r"^(?P<number>\d{1,3})[.)]?\s+")
# A superscript that calls a note or cites: "1", "2,3", "4-6", "12–14", "1;2" (natbib), "*", "†"
_MARKER = re.compile(r"^(?:\d{1,3}(?:\s*[,;–\-]\s*\d{1,3})*[,.]?|[*†‡§¶]{1,2}|\d{1,3}[*†‡])$")
# A number a raised number is a power of, whatever notes the page prints: "10³", "2.5²", "20K²";
# not a number ending a sentence or a clause: "in March 2016.¹²", "costs rose by 12,³"
_NUMBER_BASE = re.compile(r"^\d(?:[\d.,]*\d)?[A-Za-z]?$")
# A word that a raised number is an exponent of: such a number, "x", "R", ")"
_BASE_OF_POWER = re.compile(rf"(?:{_NUMBER_BASE.pattern}|^[A-Za-z]$|[)\]]$)")
# A raised list of numbers, which no exponent is: "8,28,29" after "(Fig. 2)" cites (natbib's super)
_NUMBER_LIST = re.compile(r"\d\s*[,;]\s*\d")
# Headings that end the reference list: an appendix, supplementary material, author biographies
_AFTER_REFERENCES = re.compile(
    r"^(?:[A-Z]\.?\s+|\d+\.?\s+)?(?:appendix|appendices|supplementary|supporting information|"
    r"about the authors?|author biograph|biograph|figure legends|tables?\b)", re.I
)
# An appendix's heading in the type of the text: "Appendix A. Derivation of the estimates", "APPENDIX"
_APPENDIX_HEADING = re.compile(r"^(?:[A-Z]\.?\s+|\d+\.?\s+)?(?:Appendix|APPENDIX|Appendices|APPENDICES)(?:\s+[A-Z\d]{1,3}\b[.:]?)?(?:\s|$)")
# An appendix section's heading by its letter alone: "A   Derivation of the estimates", "B.2 Data"
_LETTERED_SECTION = re.compile(r"^[A-H](?:\.\d{1,2})?\s+[A-Z][a-z][^.]{0,80}$")
# A DOI or URL left open at a line's end: "doi:10.1037//", "http://www.", "10.1016/j.bandc."
#   and a DOI's prefix cut before or inside its registrant: "doi: 10.", "DOI 10.1016"
_OPEN_LINK = re.compile(r"(?:\b10\.\d{4,9}/\S*|\bhttps?://\S*|\bwww\.\S*|(?P<prefix>\b(?i:doi)\s*:?\s*10\.\d{0,9}))$")
# Where a DOI cut inside its prefix goes on: "1016/j.devcel.2007.01.012.", "/j.devcel..."
_DOI_REST = re.compile(r"^(?:\d{0,9}/\S+)$")
# Where a DOI broken after a digit goes on: "(75)90026-6.", "2797-06.2006"
_LINK_TAIL = re.compile(r"^\(?\d[\w().\-/;:]*$")
# Typewriter fonts: Computer Modern's and Latin Modern's, Courier, Inconsolata, txtt, any "Mono"
_MONOSPACED = re.compile(r"CMTT|LMMono|Mono(?!type)|Courier|Inconsolata|txtt|Typewriter", re.I)
# A float's caption: "Table 1: Scores", "Figure 2. Maps", "Fig. 3.", IEEEtran's "TABLE I" on its own line
_CAPTION = re.compile(r"^(?:Table|TABLE|Figure|FIGURE|Fig\.)\s*(?:\d{1,3}|[IVX]{1,5})(?:[.:]|$)")
# A word with its own hyphen broken there, a capital following: "Abdel-" / "Rahman", "non-" / "English"
_COMPOUND_BREAK = re.compile(r"\w\w-$")
# A range of pages left open at a line's end: "pp. 153–", "22:1119-"
_OPEN_RANGE = re.compile(r"\d\s?[–-]$")
# A line that opens a reference entry: "12. ", "[3] ", "Smith, J."
_ENTRY_START = re.compile(r"^(?:\[?\d{1,4}[.\])]|[A-Z][^\s,]*,\s)")
# A publisher's box that follows the list: "Cite this article as: ...", "Submit your next manuscript"
_BOX_START = re.compile(r"^(?:cite this article as|how to cite this article|submit your (?:next )?manuscript|publish with)\b", re.I)
# A first page's footer that tells where the paper went, set above the margin: elsarticle's
# "Preprint submitted to Elsevier" (the date beside it goes with it)
_SUBMITTED_FOOTER = re.compile(r"^(?:Preprint|Manuscript|Paper) submitted to\b")
# A year in an entry: "(1987)", "2004)."
_YEAR_IN_ENTRY = re.compile(r"(?<!\d)(?:1[5-9]|20)\d\d(?!\d)")
# The label of an entry in a list without a heading, and how it opens: "[1] ", "1. "
_LIST_LABEL = re.compile(r"^(?P<open>\[?)(?P<number>\d{1,3})[.\]]\s")
# The label of a numbered entry: "12. ", "[3] ", "(4) "
_LABEL = re.compile(r"^(?:\[\d{1,4}\]|\(\d{1,3}\)|\d{1,3}[.)])\s")
# A line that ends its sentence: "... held.", "(Smith, 2001).", "as follows:", "“so?”"
_SENTENCE_CLOSED = re.compile(r"[.!?:][\"'”’)\]]*$")
MARGIN = 0.09  # the share of the page height at the top and bottom where headers and footers sit


#: Words of laid-out pages kept from the first pass over a document to the second: a short
#: paper's pages are laid out once, a long thesis's later pages are read again rather than held
#: (about half a kilobyte a word, so some 15 MB at most).
CACHE_WORDS = 30_000


def read_pdf_bytes(data: bytes, path: str = "<bytes>") -> Manuscript:
    """Read a PDF given as bytes."""
    source, segments, list_at, anchors, unreadable = _markdown(data, path)
    manuscript = read_markdown_string(
        source, path, format="pdf", references_at=list_at, anchors=anchors, segments=segments
    )
    notes = manuscript.notes
    if unreadable:
        shown = ", ".join(str(n) for n in unreadable[:10]) + (" ..." if len(unreadable) > 10 else "")
        notes += (f"the text of page{'s' if len(unreadable) > 1 else ''} {shown} could not be recovered "
                  "(glyphs without Unicode values); what is on them was not checked",)
    return replace(manuscript, notes=notes)


def _markdown(data: bytes, path: str) -> tuple[str, list[Segment], int | None, tuple[tuple[str, int], ...], list[int]]:
    """The PDF as Markdown: the source, its segments, where a list found by its shape starts,
    the links' anchors (id, offset) and the pages whose text could not be recovered.

    Two passes over the pages keep memory flat in their count: the first lays each page out and
    keeps its sketch (lines without words), on which running heads, notes, small print and the
    links' anchors are decided for the whole document; the second lays each page out again the
    same way and writes it.  The sketches go before the Markdown reader starts."""
    with PdfPages(data, path) as reader:
        pages = _LaidOutPages(reader, CACHE_WORDS)
        sketches = _sketch_pages(pages)
        if not any(sketch.lines for sketch in sketches):
            raise InputError(f"{path}: has no text layer (a scan?); run OCR on it first")
        body_size = _body_size(sketches)
        _drop_running_lines(sketches)
        for sketch in sketches:
            # a footnote sits on the page that calls it; affiliations listed at the end are no notes
            _mark_notes(sketch, body_size, sketch.markers)
            _drop_small_print(sketch, body_size)
            _number_kept(sketch)
        plan = LinkPlan.of(sketches, read_links(data, path))  # hyperref's links from citations to entries
        source, segments, list_at = _lay_out(_marked_pages(pages, sketches, plan), path, body_size)
    unreadable = [page.number for page in sketches if page.chars >= 200 and page.unmapped > 0.3 * page.chars]
    return source, segments, list_at, plan.anchor_starts(segments), unreadable


def read_pdf_file(path: Path) -> Manuscript:
    """Read a .pdf file."""
    return read_pdf_bytes(read_file_bytes(path), str(path))


class _LaidOutPages:
    """A document's pages, laid out when asked: the first ones kept while their words fit the
    budget, the others read and laid out again each time (the same way: ``lay_out_page`` on
    fresh words, with the columns the page was given), so that a long document holds one
    page's words at a time and a short one is not read twice."""

    def __init__(self, reader: PdfPages, budget: int) -> None:
        self.reader = reader
        self.budget = budget
        self.kept: dict[int, Page] = {}
        self.columns: dict[int, Columns] = {}  # the document's columns, for pages given them

    def __len__(self) -> int:
        return len(self.reader)

    def page(self, index: int) -> Page:
        """Page ``index`` (from 0) laid out, kept for the next pass where the budget allows."""
        page = self.kept.get(index)
        if page is None:
            page = lay_out_page(self.reader.words(index), self.columns.get(index))
            if page.word_count <= self.budget:
                self.kept[index] = page
                self.budget -= page.word_count
        return page

    def take(self, index: int) -> Page:
        """Page ``index`` laid out for the last time: no longer kept."""
        page = self.kept.pop(index, None)
        if page is None:
            return lay_out_page(self.reader.words(index), self.columns.get(index))
        self.budget += page.word_count
        return page

    def give_columns(self, index: int, columns: Columns) -> Page:
        """Page ``index`` laid out again in the document's ``columns`` where its words fit them."""
        self.columns[index] = columns
        self.take(index)
        return self.page(index)


def _sketch_pages(pages: _LaidOutPages) -> list[PageSketch]:
    """Every page's sketch; a page without a gutter of its own laid out again in the columns
    its width's pages share (``usual_columns``: known only once every page is seen)."""
    sketches = [_sketch(*_measured(pages.page(index))) for index in range(len(pages))]
    usual = usual_columns(sketches)
    for index, sketch in enumerate(sketches):
        columns = usual.get(sketch.width)
        if sketch.gutter is None and columns is not None:
            sketches[index] = _sketch(*_measured(pages.give_columns(index, columns)))
    return sketches


# A line's measures as _measured packs them: top, bottom, x0, x1, base, size, column, note (-1: none)
_MEASURES = 8


def _measured(page: Page) -> tuple[PageSketch, array[float], str]:
    """A laid-out page's sketch without its lines, and its lines' measures and texts packed in
    two objects: what is kept of a page is made after its words are let go, so that the lines'
    sketches lie together in memory instead of pinning the memory each page's words took."""
    sizes: Counter[float] = Counter()
    before: Counter[float] | None = None
    measures = array("d")
    texts = []
    for line in page.lines:
        text = line.plain()
        if len(text) <= 40 and is_reference_heading(heading_text("# " + text) or ""):
            before = sizes.copy()
        for word in line.words:
            sizes[word.size] += len(word.text)
        note = _note_number(line)
        measures.extend((line.top, line.bottom, line.x0, line.x1, line.base, line.size, line.column, -1 if note is None else note))
        texts.append(text)
    sketch = PageSketch(
        page.number, page.width, page.height, page.gutter, page.word_count, [], sizes, page.unmapped,
        page.chars, frozenset(_markers(page)), before,
    )
    return sketch, measures, "\n".join(texts)  # a word holds no line break


def _sketch(sketch: PageSketch, measures: array[float], texts: str) -> PageSketch:
    """The sketch with its lines, from what ``_measured`` packed."""
    for n, text in enumerate(texts.split("\n") if measures else ()):
        top, bottom, x0, x1, base, size, column, note = measures[n * _MEASURES : (n + 1) * _MEASURES]
        sketch.lines.append(LineSketch(
            sketch.number, n + 1, text, top, bottom, x0, x1, base, size, int(column), None if note < 0 else int(note)
        ))  # fmt: skip
    return sketch


def _number_kept(sketch: PageSketch) -> None:
    """Number the lines as a reader counts them, page furniture left out (as ``_lay_out`` does)."""
    for n, line in enumerate((line for line in sketch.lines if line.kind != "furniture"), start=1):
        line.number = n


def _marked_pages(pages: _LaidOutPages, sketches: list[PageSketch], plan: LinkPlan) -> Iterator[tuple[Page, Marks]]:
    """Each page laid out again, its lines of the kinds decided on its sketch, with the marks
    its links make."""
    for index, sketch in enumerate(sketches):
        page = pages.take(index)
        if [line.plain() for line in page.lines] != [line.text for line in sketch.lines]:
            raise RuntimeError(f"page {page.number} was laid out otherwise the second time")
        for line, drawn in zip(page.lines, sketch.lines):
            line.kind = drawn.kind
        yield page, plan.marks(page)


def _body_size(pages: list[PageSketch]) -> float:
    """The size of the running text: the larger of the size of most characters and the size
    most pages mostly use (the larger between equals).

    A long reference list in smaller type can outweigh the text (45 entries in 8 pt against
    four pages in 10 pt), or fill more pages than the text (IEEEtran: one page of text, two of
    list); either way the text is the larger, and taking the list's size would make every line
    of text a heading.  Where a reference heading is seen, the size of most characters before
    the last one counts too (IEEEtran's two pages of 8 pt list and a page and a half of 10 pt
    text outweigh the text both ways).
    """
    before: Counter[float] = Counter()  # characters set before the last reference heading
    seen: Counter[float] = Counter()
    for page in pages:
        if page.before_heading is not None:
            before = seen.copy()
            before.update(page.before_heading)
        seen.update(page.sizes)
    votes: Counter[float] = Counter()
    weight: Counter[float] = Counter()
    for page in pages:
        if page.sizes:
            size, count = page.sizes.most_common(1)[0]
            votes[size] += 1
            weight[size] += count
    if not votes:
        return 10.0
    text = before.most_common(1)[0][0] if before else 0.0
    return max(max(votes, key=lambda size: (votes[size], size, weight[size])), seen.most_common(1)[0][0], text)


# --- superscripts ---------------------------------------------------------------------------------


def is_marker(word, previous, after_marker: bool = False, notes: frozenset[int] = frozenset()) -> bool:
    """Whether a raised word calls a note or cites, rather than being mathematics.

    A raised word after a raised word is mathematics (``2^{10 20}``) unless the one before is
    a marker too (``after_marker``) and a space parts them: two notes called side by side
    ("proposes.⁶ ⁷", LaTeX's ``\\footnote{..}~\\footnote{..}``), an author's affiliations ("Chang,⁴,⁵").
    A number set on a letter or a bracket as a power is ("x²", "(n+1)²"), is a call when the
    page prints a note of that number (``notes``): "(see Table 2)³", "[16]¹⁷", Polish "i²".
    """
    if not word.superscript or word.math or not _MARKER.match(word.text):
        return False
    if previous is None:
        return True
    attached = word.x0 - previous.x1 < 0.15 * previous.size
    if previous.math or previous.superscript:
        return after_marker and not attached
    if attached and _BASE_OF_POWER.search(previous.text) and not _NUMBER_LIST.search(word.text):
        return word.text.isdigit() and int(word.text) in notes and not _NUMBER_BASE.match(previous.text)
    return True


def markers_of(words: list, notes: frozenset[int] = frozenset()) -> list[bool]:
    """For each word of a line, whether it is a marker (``is_marker`` with the word before it)."""
    flags: list[bool] = []
    for previous, word in zip([None, *words], words):
        flags.append(is_marker(word, previous, bool(flags) and flags[-1], notes))
    return flags


def _foot_numbers(page: Page) -> frozenset[int]:
    """The numbers that open lines in small type in the lower half of a page: the notes a raised
    number there may call (the notes themselves are told later, by the markers)."""
    sizes = sorted(line.size for line in page.lines)
    if not sizes:
        return frozenset()
    usual = sizes[len(sizes) // 2]
    return frozenset(
        n for line in page.lines
        if line.top > 0.5 * page.height and line.size < 0.92 * usual and (n := _note_number(line)) is not None
    )


def _markers(page: Page) -> set[int]:
    """The numbers the raised markers on a page call."""
    found = set()
    foot = _foot_numbers(page)
    for line in page.lines:
        for index, (word, marker) in enumerate(zip(line.words, markers_of(line.words, foot))):
            if marker and index > 0:
                found.update(int(n) for n in re.findall(r"\d+", word.text))
    return found


# --- footnotes and page furniture -----------------------------------------------------------------


def _mark_notes(page: PageSketch, body_size: float, markers: frozenset[int]) -> None:
    """Mark each column's footnotes: the trailing run of small lines whose first line opens with a
    number that a raised marker in the text calls."""
    for column in (0, 1, 2):
        lines = [line for line in page.lines if line.column == column and line.kind != "furniture"]
        run: list[LineSketch] = []
        for line in reversed(lines):
            if line.size < 0.92 * body_size and line.top > 0.5 * page.height:
                run.append(line)
            else:
                break
        run.reverse()
        starts = [i for i, line in enumerate(run) if line.note in markers]
        if starts:
            for line in run[starts[0] :]:
                line.kind = "note"


def _note_number(line: Line) -> int | None:
    first = line.words[0]
    if first.superscript and first.text.isdigit():
        return int(first.text)
    match = _NOTE_NUMBER.match(line.plain())
    return int(match.group("number")) if match else None


def _in_margin(line: LineSketch, page: PageSketch) -> bool:
    return line.bottom <= page.height * MARGIN or line.top >= page.height * (1 - MARGIN)


def _drop_running_lines(pages: list[PageSketch]) -> None:
    """Drop running heads and footers: repeated margin lines and bare page numbers."""
    counts: Counter[str] = Counter()
    for page in pages:
        counts.update({_shape(line) for line in page.lines if _in_margin(line, page)})
    # odd and even pages often carry different heads: a third of the pages is enough
    repeated = {text for text, n in counts.items() if len(pages) >= 2 and n >= max(2, len(pages) // 3)}
    for page in pages:
        for line in page.lines:
            if _in_margin(line, page) and (_shape(line) in repeated or _PAGE_NUMBER.match(line.plain())):
                line.kind = "furniture"
    for line in _running_lines_off_margin(pages):
        line.kind = "furniture"


def _running_lines_off_margin(pages: list[PageSketch]) -> list[LineSketch]:
    """Running heads and page numbers set further in than the margin (amsart's heads 11% down,
    article's numbers 17% up on A4): the highest or lowest lines of a page that repeat across
    pages (digits aside), a bare number there counting up with the pages, and what is set level
    with that number."""
    outermost: list[tuple[PageSketch, LineSketch]] = []
    for page in pages:
        lines = [line for line in page.lines if line.kind != "furniture"]
        if not lines:
            continue
        highest, lowest = min(lines, key=lambda x: x.top), max(lines, key=lambda x: x.bottom)
        # the lines level with the highest and the lowest (a head in small type beside its number),
        # set apart from the text by more than a line's height
        top_group = [line for line in lines if line.top < highest.bottom]
        bottom_group = [line for line in lines if line.bottom > lowest.top]
        # wider than the gaps between the page's own lines too (a list whose entries stand apart)
        ordered = sorted(lines, key=lambda x: x.top)
        gaps = sorted(b.top - a.bottom for a, b in zip(ordered, ordered[1:]) if b.top > a.bottom)
        usual = gaps[len(gaps) // 2] if gaps else 0.0
        for group, rest in ((top_group, [x.top for x in lines if x.top >= highest.bottom]),
                            (bottom_group, [x.bottom for x in lines if x.bottom <= lowest.top])):
            if not rest:
                continue
            size = max(line.size for line in group)
            apart = min(rest) - max(x.bottom for x in group) if group is top_group else min(x.top for x in group) - max(rest)
            if apart >= max(1.2 * size, 2 * usual):
                outermost += [(page, line) for line in group]
    repeated = Counter(shape for _, shape in {(page.number, _shape(line)) for page, line in outermost})
    found = [line for _, line in outermost if len(pages) >= 2 and repeated[_shape(line)] >= max(2, len(pages) // 3)]
    numbered: list[tuple[int, LineSketch]] = []
    for page, line in outermost:
        number = re.sub(r"\D", "", line.plain())
        if _PAGE_NUMBER.match(line.plain()) and number and len(number) <= 4:
            numbered.append((int(number) - page.number, line))
    offsets = Counter(offset for offset, _ in numbered)
    if offsets:
        offset, count = offsets.most_common(1)[0]
        # on two pages at least, and on most pages that have such a line at all
        if count >= 2 and count >= 0.5 * len(numbered):
            numbers = [line for n, line in numbered if n == offset]
            found += numbers
            # a head set level with the page's number is furniture too, repeated or not
            found += [line for _, line in outermost if any(n.page == line.page and line.top < n.bottom and line.bottom > n.top for n in numbers)]
    return found


def _shape(line: LineSketch) -> str:
    """A line as running heads repeat it: digits aside, any case."""
    return re.sub(r"\d+", "#", line.plain().lower()).strip()


def _drop_small_print(page: PageSketch, body_size: float) -> None:
    """Drop small print in the margins that is no footnote and stands apart from the text: a
    journal's masthead, a licence line.  A line near the text stays; so does a run of lines of
    one size that reaches text of that size (IEEEtran's entry whose two lines both sit in the top
    margin above the rest of its list), but a masthead near the title does not pass it on."""
    inner = [line for line in page.lines if line.kind != "furniture" and not _in_margin(line, page)]
    doubtful = [line for line in page.lines if line.kind == "body" and _in_margin(line, page) and line.size < 0.9 * body_size]

    def near(line: LineSketch, other: LineSketch) -> bool:
        return other.column == line.column and min(abs(other.top - line.bottom), abs(line.top - other.bottom)) < 1.5 * line.size

    kept = {id(line) for line in doubtful if any(near(line, other) for other in inner)}
    grown = [line for line in doubtful if any(near(line, other) and other.size == line.size for other in inner)]
    while grown:
        reached = grown.pop()
        for line in doubtful:
            if id(line) not in kept and line.size == reached.size and near(line, reached):
                kept.add(id(line))
                grown.append(line)
    for line in doubtful:
        if id(line) not in kept:
            line.kind = "furniture"
    for footer in [line for line in page.lines if line.kind == "body" and line.top > 0.75 * page.height]:
        if _SUBMITTED_FOOTER.match(footer.plain()):
            for line in page.lines:
                if line.kind == "body" and abs(line.bottom - footer.bottom) < 0.3 * footer.size:
                    line.kind = "furniture"


def _is_heading(line: Line, body_size: float, in_references: bool) -> bool:
    text = line.plain()
    if line.kind != "body" or len(text) > 90 or not re.search(r"[A-Za-z]", text):
        return False
    if _BOX_START.match(text):
        return True
    named = text[:1].isupper() and not text.endswith(".") and is_reference_heading(heading_text("# " + text) or "")
    if in_references:
        # IEEEtran sets its APPENDIX in small capitals at the body's size, amsart in plain type;
        # a reference heading again is the list's own after one in the contents
        return named or line.size >= 1.15 * body_size or (
            (line.bold or _small_caps_heading(line, text, body_size)) and bool(_AFTER_REFERENCES.match(text))
        ) or (line.size >= 0.97 * body_size and bool(_APPENDIX_HEADING.match(text))) or (
            # ACL: "A   Derivation of the estimates", bold, a size above the text, lettered like a section
            line.bold and line.size >= 1.05 * body_size and bool(_LETTERED_SECTION.match(text))
        )
    if named:
        return True  # "References" alone on its line, set like the list (a font whose name hides its weight)
    if line.size >= 1.15 * body_size:
        return True
    if _small_caps_heading(line, text, body_size):
        return True
    heavy = line.bold and line.size >= 0.97 * body_size
    return heavy and not text.rstrip().endswith((".", ",", ";")) and (
        line.size >= 1.05 * body_size or len(text.split()) <= 12
    )


def _small_caps_heading(line: Line, text: str, body_size: float) -> bool:
    """A short line set in small capitals at the body's size: "II. RELATED WORK" (IEEEtran)."""
    lettered = [word for word in line.words if any(c.isalpha() for c in word.text)]
    return (
        line.size >= 0.97 * body_size
        and len(lettered) <= 10
        and any(word.small_caps for word in lettered)
        and all(word.small_caps or not any(c.islower() for c in word.text) for word in lettered)
        and not text.rstrip().endswith((".", ",", ";", ":"))
    )


# --- Markdown ------------------------------------------------------------------------------------


def _render(line: Line, italics: bool, notes: frozenset[int] = frozenset(), marks: Marks | None = None) -> str:
    """A line's words as Markdown: markers of the page's ``notes`` as ``[^n]``, other markers in
    <sup>, italics in * when asked, and the links of the PDF that ``marks`` holds."""
    out = []
    previous = None
    for word, marker in zip(line.words, markers_of(line.words, notes)):
        text = word.text
        if marker:
            # "1*": a note number and a symbol, each its own marker, so that note 1 is found
            parts = re.findall(r"[^*†‡]+|[*†‡]+", text)
            text = "".join(
                f"[^{part}]" if part.isdigit() and int(part) in notes else f"<sup>{part}</sup>" for part in parts
            )
        elif italics and word.italic and not word.math:
            text = f"*{text}*"
        if previous is not None and _spaced(previous, word):
            out.append(" ")
        out.append(marks.render(word, text) if marks else text)
        previous = word
    return re.sub(r"\*\s?\*", lambda m: m.group().replace("*", ""), "".join(out)) if italics else "".join(out)


def _spaced(previous, word) -> bool:
    """Whether a space stands between two words of a line.

    In a typewriter font PDFium's own spaces are not trusted: biblatex sets a DOI or URL with
    a little glue at each break point ("10 . 1002 / aja"), and a true space is a character wide.
    """
    gap = word.x0 - previous.x1
    if _MONOSPACED.search(word.font) and _MONOSPACED.search(previous.font):
        return gap > 0.3 * min(word.size, previous.size)
    return word.space_before or gap > 0.15 * min(word.size, previous.size)


def _lay_out(pages: Iterable[tuple[Page, Marks | None]], path: str, body_size: float) -> tuple[str, list[Segment], int | None]:
    """The Markdown source, one segment per PDF line, and where in the source a reference list
    found by its shape (no heading) starts, from the pages in order with their links' marks.

    A page is written and let go before the next is taken: what is kept across pages is a line
    (the last of a page whose sentence runs over) and the notes of pages that wait for the end
    of such a sentence, as text.

    Body lines of a paragraph are joined with spaces (a hyphen at a line end is dropped when a
    lower-case word follows); after the reference heading, lines are kept, indented as printed,
    so that entries can be told apart by their hanging indent.  The Markdown reader could find a
    list without a heading only when nothing follows it; an appendix after REVTeX's list would
    hide it, so the start seen here, by size and numbering, is handed on.
    """
    written: list[str] = []  # the pages written, a string each
    chunks: list[str] = []  # what is written of this page (the last piece is looked at and changed)
    segments: list[Segment] = []
    length = 0
    in_references = False
    entry_gaps = 0  # gaps between lines seen so far in the reference list
    entry_lines = 0  # lines written in the reference list
    numbered = False  # whether its first entry opens with a number
    label_form = "."  # how its labels open: "[" for "[12]", "(" for "(12)", "." for "12."
    seen_list = False  # whether a reference list was found, by its heading or its shape
    unheaded = False  # whether it was found by its shape
    list_at: int | None = None  # where in the source the list found by its shape starts
    carried: Line | None = None  # the last line of a page, its sentence going on overleaf
    held: list[tuple[str, Segment | None]] = []  # footnotes that wait for the end of the paragraph that runs over

    def write_held_notes() -> None:
        for text, segment in held:
            write(text, segment)
        held.clear()

    def write(text: str, segment: Segment | None = None) -> None:
        nonlocal length
        if segment is not None:
            segments.append(replace(segment, start=length))
        chunks.append(text)
        length += len(text)

    for page, marks in pages:
        kept = [line for line in page.lines if line.kind != "furniture"]
        for n, line in enumerate(kept, start=1):
            line.number = n  # lines as a reader counts them, running heads left out
        body = [line for line in kept if line.kind in ("body", "heading")]
        page_notes = frozenset(n for n in (_note_number(line) for line in kept if line.kind == "note") if n is not None)
        gap = _usual_gap(body, body_size)
        body = _floats_last(
            body, gap + 0.5 * body_size,
            lambda i: _is_heading(body[i], body_size, in_references) or _opens_unheaded_list(body, i, body_size),
        )
        lefts = _column_lefts(body, page)
        rights = _column_rights(body)
        previous: Line | None = None
        overleaf, carried = carried, None
        if not in_references and overleaf is None:
            write("\n\n")  # a page ends a paragraph; the Markdown reader rejoins sentences
        for n, line in enumerate(body):
            segment = Segment(0, line=line.number, page=page.number, file=path)
            if _is_heading(line, body_size, in_references):
                words = line.plain()
                if previous is not None and previous.kind == "heading" and line.top - previous.bottom < body_size:
                    if chunks[-1] == "\n\n":  # a heading set on two lines: the blank written after it goes
                        chunks.pop()
                        length -= 2
                    line.kind = "heading"
                    write(" ")
                    write(words, segment)
                    previous = line
                    continue
                line.kind = "heading"
                write_held_notes()
                write("\n\n# ")
                write(words, segment)
                write("\n\n")
                if is_reference_heading(heading_text("# " + words) or ""):
                    in_references, entry_gaps, entry_lines, numbered, seen_list = True, 0, 0, False, True
                elif in_references:
                    in_references = False
                previous = line
                continue
            if previous is not None and previous.kind == "heading":
                write("\n\n")
                previous = None
            if not in_references and not seen_list and _opens_unheaded_list(body, n, body_size):
                # REVTeX prints its bibliography without a heading: a numbered run in smaller type
                in_references, entry_gaps, entry_lines, numbered, seen_list = True, 0, 0, False, True
                unheaded = True
                write_held_notes()
                write("\n\n")
                list_at = length
                previous = None
            text = _render(line, in_references, page_notes, marks)
            if previous is None:
                # the first line of a page goes on with the last of the page before
                new_paragraph = not (n == 0 and overleaf is not None and _goes_on(overleaf, line, lefts))
            else:
                moved = line.column != previous.column or line.top < previous.top - body_size  # to the next column
                new_paragraph = line.top - previous.bottom > gap + 0.5 * body_size or (  # a blank between paragraphs
                    moved and not (
                        (previous.column, line.column) in {(1, 2), (1, 1), (2, 2)}
                        and _fills_column(previous, rights)
                        and _goes_on(previous, line, lefts)
                    )
                )
            if in_references:
                # a column or page break inside the list is no gap between entries: the indent tells
                gap_above = previous is not None and line.column == previous.column and line.top > previous.top and (
                    line.top - previous.bottom > gap + 0.5 * body_size
                )
                indent = "    " if line.x0 - lefts[line.column] > 0.8 * line.size else ""
                if entry_lines == 0:
                    numbered, label_form = bool(_LABEL.match(text)), text[:1] if text[:1] in "[(" else "."
                entry_lines += 1
                apart = gap_above or (previous is not None and line.column == 0 and previous.column != 0)
                if numbered and apart and not indent and not _LABEL.match(text):
                    # set apart below a numbered list and not numbered: the list has ended, and the
                    # line is written as a heading so that the section ends there
                    in_references = False
                    line.kind = "heading"
                    write("\n\n# ")
                    write(line.plain(), segment)
                    write("\n\n")
                    previous = line
                    continue
                entry_gaps += gap_above
                moved = previous is None or line.column != previous.column or line.top < previous.top
                # where the list sets its entries apart by a gap, an entry at the top of a column starts one
                # (the gaps may be seen only below it, when the list starts at the foot of a page)
                spaced = entry_gaps >= 2 or (moved and _gaps_below(body, n, gap + 0.5 * body_size) >= 2)
                separator = "\n\n" if gap_above or (moved and not indent and spaced) else "\n"
                if unheaded and not indent and _LIST_LABEL.match(text):
                    # entries apart, so that the Markdown reader finds the list by its shape; a note
                    # REVTeX lists among them ("[10] The data are available on request") has no year
                    # and stays with the entry before, lest it break the run of entries
                    separator = "\n\n" if _entry_has_year(body, n) else "\n"
                if separator == "\n" and (indent or not _ENTRY_START.match(text)) and _continues_link(chunks[-1], text):
                    write(text, segment)  # a DOI or URL broken at the line's end, rejoined
                elif separator == "\n" and _OPEN_RANGE.search(chunks[-1]) and text[:1].isdigit():
                    write(text, segment)  # "pp. 153–" + "173. Cambridge": the range goes on, no entry "173."
                elif separator == "\n" and indent and numbered and _LABEL.match(text) and (
                    (text[:1] if text[:1] in "[(" else ".") != label_form
                ):
                    # an indented line of a list labelled "[n]" that opens with "8. " goes on with its
                    # entry ("... dominican republic" / "8. the family muricidae ..."): no entry 8
                    write(" ")
                    write(text, segment)
                else:
                    write(separator)
                    write(indent)
                    write(text, segment)
            else:
                if new_paragraph:
                    write_held_notes()
                    write("\n\n")
                elif chunks and chunks[-1].endswith("-") and text[:1].islower():
                    chunks[-1] = chunks[-1][:-1]
                    length -= 1
                elif chunks and _COMPOUND_BREAK.search(chunks[-1]) and text[:1].isupper():
                    pass  # "Abdel-" + "Rahman": a hyphen of the name itself, kept and joined
                else:
                    write(" ")
                write(text, segment)
            previous = line
        if not in_references and previous is not None and previous.kind == "body" and _fills_column(previous, rights):
            carried = previous
            held.extend(_notes(page, path))  # its notes written now would part the sentence that runs over
        else:
            write_held_notes()
            for text, segment in _notes(page, path):
                write(text, segment)
        written.append("".join(chunks[:-1]))  # a page's hundreds of pieces made one
        del chunks[:-1]
    write_held_notes()
    text = "".join(written) + "".join(chunks)
    written.clear()
    lead = len(text) - len(text.lstrip("\n"))  # the blank lines stripped from the start
    return text.strip("\n") + "\n", _shifted(segments, lead), None if list_at is None else list_at - lead


def _opens_unheaded_list(body: list[Line], index: int, body_size: float) -> bool:
    """Whether ``body[index]`` opens a reference list printed without a heading: "[1] ..." or
    "1. ..." in type smaller than the text's, followed on its page by entries 2 and 3 in that
    type, each opening a line flush with it."""
    first = body[index]
    label = _LIST_LABEL.match(first.plain())
    if label is None or label.group("number") != "1" or first.size >= 0.97 * body_size:
        return False
    expected = 2
    for line in body[index + 1 :]:
        if line.size != first.size:
            break
        found = _LIST_LABEL.match(line.plain())
        if found and abs(line.x0 - first.x0) < 1 and found.group("open") == label.group("open"):
            if found.group("number") != str(expected):
                return False
            expected += 1
            if expected > 3:
                return True
    return False


def _entry_has_year(body: list[Line], index: int) -> bool:
    """Whether the entry opening at ``body[index]`` names a year in its lines on this page."""
    texts = [body[index].plain()]
    for line in body[index + 1 :]:
        if line.column != body[index].column or _LIST_LABEL.match(line.plain()):
            break
        texts.append(line.plain())
    return bool(_YEAR_IN_ENTRY.search(" ".join(texts))) or index + len(texts) >= len(body)


def _gaps_below(body: list[Line], index: int, apart: float) -> int:
    """How many gaps wider than ``apart`` part the lines below ``body[index]`` in its column,
    down to the first line in another size (the heading of an appendix that follows the list)."""
    first = body[index]
    column = []
    for line in body[index:]:
        if line.column != first.column:
            continue
        if line.size != first.size:
            break
        column.append(line)
    return sum(b.top - a.bottom > apart for a, b in zip(column, column[1:]) if b.top > a.top)


def _floats_last(body: list[Line], apart: float, stop: Callable[[int], bool]) -> list[Line]:
    """A page's lines with its floats moved after the text (before the first line below them
    where ``stop(index)`` holds: a heading, a list's start): a block
    at the top or the foot of a column, set apart by a gap wider than ``apart``, that holds a
    caption ("Table 1: ..."). A table placed at the top of a page would otherwise cut the
    sentence that goes on below it: "(Macpherson" / table rows / "et al., 2012)"."""
    floats: set[int] = set()
    for column in {line.column for line in body}:
        lines = [line for line in body if line.column == column]
        blocks: list[list[Line]] = [[lines[0]]] if lines else []
        for previous, line in zip(lines, lines[1:]):
            if line.top - previous.bottom > apart or line.top < previous.top:
                blocks.append([line])
            else:
                blocks[-1].append(line)
        if len(blocks) < 2:
            continue
        for block in (blocks[0], blocks[-1]):
            if any(_CAPTION.match(line.plain()) for line in block):
                floats.update(id(line) for line in block)
    if not floats:
        return body
    moved = [line for line in body if id(line) in floats]
    rest = [line for line in body if id(line) not in floats]
    # before the first heading below the float (the reference list's, say), else at the page's end
    last = max(body.index(line) for line in moved)
    at = next((rest.index(body[i]) for i in range(last + 1, len(body)) if id(body[i]) not in floats and stop(i)), len(rest))
    return rest[:at] + moved + rest[at:]


def _continues_link(before: str, text: str) -> bool:
    """Whether ``text`` goes on with a DOI or URL that ``before`` left open at its end."""
    link = _OPEN_LINK.search(before)
    if link is None:
        return False
    first = text.split(" ", 1)[0]
    if link.group("prefix"):  # "doi: 10." + "1016/j.devcel...", "doi: 10.1016" + "/j.devcel..."
        return bool(_DOI_REST.match(first)) and (link.group().endswith(".") != first.startswith("/"))
    if not text[:1].isalnum() and text[:1] != "(":
        return False
    return link.group()[-1] in "/-_.:=&?#" or bool(_LINK_TAIL.match(first))


def _notes(page: Page, path: str) -> list[tuple[str, Segment | None]]:
    """What a page's footnotes write, piece by piece: a blank line, then ``[^n]: text`` (each
    line with the segment that points back to it)."""
    notes: list[tuple[int, list[tuple[Line, str]]]] = []
    for line in (line for line in page.lines if line.kind == "note"):
        number = _note_number(line)
        if number is not None and (not notes or number != notes[-1][0]):
            notes.append((number, []))
        if notes:
            notes[-1][1].append((line, _render(line, False)))
    out: list[tuple[str, Segment | None]] = []
    for number, members in notes:
        out.append(("\n\n", None))
        for i, (line, text) in enumerate(members):
            if i == 0:
                text = f"[^{number}]: " + re.sub(r"^(?:<sup>\d{1,3}</sup>|\d{1,3}[.)]?)\s*", "", text)
            else:
                out.append((" ", None))
            out.append((text, Segment(0, line=line.number, page=page.number, file=path)))
    return out


def _shifted(segments: list[Segment], lead: int) -> list[Segment]:
    """Segments moved for the ``lead`` blank lines stripped from the start of the source."""
    return [replace(s, start=max(0, s.start - lead)) for s in segments]


def _usual_gap(lines: list[Line], body_size: float) -> float:
    """The usual space between one line's bottom and the next one's top on a page."""
    gaps = [b.top - a.bottom for a, b in zip(lines, lines[1:]) if 0 <= b.top - a.bottom < 3 * body_size]
    return statistics.median(gaps) if gaps else 0.3 * body_size


def _column_rights(lines: list[Line]) -> dict[int, float]:
    """Where each column's lines usually end (justified lines end flush; the median is theirs)."""
    return {
        column: statistics.median(line.x1 for line in lines if line.column == column)
        for column in {line.column for line in lines}
    }


def _fills_column(line: Line, rights: dict[int, float]) -> bool:
    """Whether a line runs to its column's right edge: not the short last line of a paragraph."""
    return line.x1 >= rights.get(line.column, line.x1) - line.size


def _goes_on(before: Line, line: Line, lefts: dict[int, float]) -> bool:
    """Whether ``line``, at the top of a column or a page, goes on with the sentence that
    ``before`` left open at the foot of the one before: "(Destainville and Foret," / "2008; ...".
    A paragraph that starts there is indented, or follows a line that ends its sentence."""
    return (
        before.kind == "body"
        and abs(line.size - before.size) < 0.5
        and not _SENTENCE_CLOSED.search(before.plain())
        and line.x0 - lefts[line.column] <= 0.8 * line.size
    )


def _column_lefts(lines: list[Line], page: Page) -> dict[int, float]:
    """The left edge of each column on the page."""
    lefts: dict[int, float] = {}
    for column in (0, 1, 2):
        edges = [line.x0 for line in lines if line.column == column]
        lefts[column] = min(edges) if edges else 0.0
    return lefts
