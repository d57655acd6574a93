"""Link annotations in a PDF read as links from citations to reference entries.

pdfTeX with hyperref writes each citation as a link annotation whose destination is named
``cite.<key>`` (biblatex: ``cite.0@<key>``) and lies at the entry's ``\\bibitem``; a publisher's
PDF links its callouts to places in its list, named (``bib12``, ``CR12``) or not.  The steps:

    read_links     PDFium: each link's rectangle, the characters inside it, and its destination
                   (page, position, name); links to a URL, a section, a figure, an equation or a
                   footnote are left out
    LinkPlan       laid-out pages or their sketches: the line a destination lands on, and
                   which links point at one; page by page, the characters of each word a
                   link covers
    Marks.render   a word as Markdown, a covered stretch as a link: ``[\\[1\\]](#cite.b)``
    Marks.anchors  each destination's id at the start of its line in the Markdown source, handed
                   to the Markdown reader beside the text (an HTML anchor written into the entry
                   would stay in the entry's raw text, and before its label would hide the label
                   from the layout's rules)

The Markdown reader then treats the PDF as it treats marker's output: a link whose anchor lies in
the reference list is a stated citation of the entry holding the anchor (ingest/markdown.py
``anchor_citations``), compared with what the text shows by ``citation-link-mismatch``.  Which
links are citations is settled there, by where the anchor lies; a name that says it is none
(``section.2``) is dropped here, so that no anchor is given for it.
"""

from __future__ import annotations

import ctypes
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..model import Segment
from .pdf_chars import PAGES_PER_OPENING, Word
from .pdf_layout import Line, LineSketch, Page, PageSketch

# Named destinations that are not reference entries: hyperref's for sections, floats, equations,
# footnotes, pages, list items and theorems ("section.2", "subsection.3.1", "figure.caption.4",
# "Hfootnote.1", "equation.2.5", "page.3", "Item.7", "Doc-Start", "thm.1", "AMS.12", "lstlisting.-1")
_NOT_A_CITATION = re.compile(
    r"^(?:(?:sub)*section|chapter|part|(?:sub)?paragraph|appendix|figure|table|equation|"
    r"Hfootnote|footnote|page|Item|Doc-Start|thm|theorem|lemma|corollary|proposition|definition|"
    r"remark|example|AMS|algorithm|algocf|lstlisting|lstnumber|Hfn|toc|lof|lot|index|"
    r"subfigure|subtable|enumi+)(?:[.*\-]|$)",
    re.I,
)
# What an anchor's id may hold so that it survives as an HTML id and a Markdown link target:
# "cite.smith2001", "cite.0-smith"; "cite.0@smith" has its "@" replaced
_UNSAFE_ID = re.compile(r"[^\w.:\-]")
# A citation's number as a link shows it, brackets paired or none, spaces left out: "59", "[1]", "(12)", "3–5"
_NUMBER_LABEL = re.compile(r"^(?:\d{1,4}(?:[–-]\d{1,4})?|\[\d{1,4}(?:[–-]\d{1,4})?\]|\(\d{1,4}(?:[–-]\d{1,4})?\))$")
# brackets a link may take in beside its number, and their pairs
_CLOSERS = {")": "(", "]": "["}
_OPENERS = {"(": ")", "[": "]"}

_GOTO = 1  # PDFACTION_GOTO: a jump inside the document
# Characters PDFium reports that are not on the page: its own spaces and line breaks
_GENERATED = {9, 10, 13, 32, 0xA0}
_LONGEST_LINK = 2000  # characters a link's rectangle is searched for around its middle
#: Characters measured for a page's links at most: a hostile page of ten thousand links, each
#: as large as the page, would otherwise measure the page's text ten thousand times; past it a
#: link is placed by the words its rectangle holds.
PAGE_BUDGET = 50_000


@dataclass(frozen=True, slots=True)
class Target:
    """Where a link points: a page (from 1), a position from the page's top left, and a name."""

    page: int
    x: float
    top: float
    name: str


@dataclass(frozen=True, slots=True)
class LinkBox:
    """A link's rectangle on its page (measured from the top), the characters PDFium finds inside
    it (their centres within it, spaces left out), and where it points."""

    page: int
    x0: float
    x1: float
    top: float
    bottom: float
    text: str
    target: Target


@dataclass(slots=True)
class Marks:
    """What the links add to laid-out pages: the stretches of a word a link covers (start, end,
    anchor id) by ``id(word)``, and the lines destinations land on, with their anchor ids."""

    spans: dict[int, list[tuple[int, int, str]]] = field(default_factory=dict)
    lines: list[tuple[Line | LineSketch, str]] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.spans)

    def render(self, word: Word, text: str) -> str:
        """``text``, the word as the layout writes it (``<sup>1</sup>``, ``*Smith*``), with its
        links put around the word's own characters.

        A raised number the layout took for the call of a note of the same number on its page
        (``[^1]``) is a citation when hyperref links it to a ``cite.`` destination: its notes
        link to ``Hfootnote.`` ones.
        """
        spans = self.spans.get(id(word))
        if spans and text == f"[^{word.text}]" and all(name.startswith("cite.") for _, _, name in spans):
            text = f"<sup>{word.text}</sup>"
        at = text.find(word.text) if spans and not text.startswith("[^") else -1
        if spans and at >= 0:
            plain, pieces, pos = word.text, [], 0
            for start, end, name in sorted(spans):
                if start < pos:
                    continue  # two links over one character: the first keeps it
                if end == len(plain) and plain.endswith("-") and end - start > 1:
                    end -= 1  # "Abdel-" at a line's end: the hyphen stays outside, to be rejoined
                pieces += [plain[pos:start], "[", _escaped(plain[start:end]), f"](#{name})"]
                pos = end
            pieces.append(plain[pos:])
            text = text[:at] + "".join(pieces) + text[at + len(plain) :]
        return text

    def anchors(self, segments: Iterable[Segment]) -> tuple[tuple[str, int], ...]:
        """Each destination's id and where its line starts in the Markdown source (``anchor_starts``)."""
        return anchor_starts(self.lines, segments)


def anchor_starts(lines: Iterable[tuple[Line | LineSketch, str]], segments: Iterable[Segment]) -> tuple[tuple[str, int], ...]:
    """Each destination's id and where its line starts in the Markdown source, found by the
    line's page and number in the ``segments`` the layout wrote (lines are numbered there,
    page furniture left out: the lines' numbers must be those)."""
    lines = list(lines)
    if not lines:
        return ()
    starts: dict[tuple[int | None, int], int] = {}
    for segment in segments:
        starts.setdefault((segment.page, segment.line), segment.start)
    found = [(name, at) for line, name in lines if (at := starts.get((line.page, line.number))) is not None]
    return tuple(sorted(found, key=lambda item: item[1]))


def _escaped(text: str) -> str:
    """Brackets inside a link's text escaped, so that "[1" or "1]" cannot close it early."""
    return text.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")


# --- reading the annotations ------------------------------------------------------------------


def read_links(data: bytes, path: str) -> list[LinkBox]:
    """Every link on every page that jumps to a place in the document (not a URL), with the
    characters it covers; an unreadable file gives no links (pdf_chars has said why already).
    A long document is opened afresh every ``PAGES_PER_OPENING`` pages (PDFium keeps each loaded
    page's annotations until the document closes); a destination's name is found through the
    opening its link was read in."""
    if b"/Annots" not in data and b"/ObjStm" not in data:
        return []  # no page lists annotations, and none is hidden in a compressed object stream
    import pypdfium2 as pdfium

    links: list[LinkBox] = []
    start, count = 0, 1
    while start < count:
        try:
            document = pdfium.PdfDocument(data)
        except pdfium.PdfiumError:
            return links
        try:
            count = len(document)
            names = _named_destinations(document)
            if not names and b"/Annots" not in data:
                # pdfTeX hides its pages in object streams; without hyperref it names no
                # destinations, and loading every page again to find no links costs a third of the read
                return []
            for index in range(start, min(count, start + PAGES_PER_OPENING)):
                links += _page_links(document, index, names)
        finally:
            document.close()
        start += PAGES_PER_OPENING
    return links


def _address(handle) -> int | None:
    return ctypes.cast(handle, ctypes.c_void_p).value if handle else None


def _named_destinations(document) -> dict[int, str]:
    """Each named destination's name, by the address of its destination (PDFium hands out the
    same object for a name and for a link that jumps to it)."""
    import pypdfium2.raw as raw

    names: dict[int, str] = {}
    buffer = ctypes.create_string_buffer(1024)
    for index in range(raw.FPDF_CountNamedDests(document.raw)):
        length = ctypes.c_long(len(buffer))
        dest = raw.FPDF_GetNamedDest(document.raw, index, buffer, ctypes.byref(length))
        address = _address(dest)
        if address is None or length.value <= 0:
            continue  # a name longer than the buffer (or none): its links stay unnamed
        names.setdefault(address, buffer.raw[: length.value].decode("utf-16-le", "replace").rstrip("\0"))
    return names


def _page_links(document, index: int, names: dict[int, str]) -> list[LinkBox]:
    import pypdfium2.raw as raw

    page = document[index]
    try:
        height = page.get_size()[1]
        found: list[tuple[raw.FS_RECTF, Target]] = []
        position, link = ctypes.c_int(0), raw.FPDF_LINK()
        while raw.FPDFLink_Enumerate(page.raw, ctypes.byref(position), ctypes.byref(link)):
            target = _target(document, link, names)
            if target is None:
                continue
            rect = raw.FS_RECTF()
            if raw.FPDFLink_GetAnnotRect(link, ctypes.byref(rect)):
                found.append((rect, target))
        if not found:
            return []
        links = []
        textpage = page.get_textpage()
        try:
            chars = _Chars(raw, textpage.raw)
            for rect, target in found:
                left, right = min(rect.left, rect.right), max(rect.left, rect.right)
                low, high = min(rect.bottom, rect.top), max(rect.bottom, rect.top)
                text = chars.inside(left, right, low, high)
                links.append(LinkBox(index + 1, left, right, height - high, height - low, text, target))
        finally:
            textpage.close()
        return links
    finally:
        page.close()


def _target(document, link, names: dict[int, str]) -> Target | None:
    """Where a link jumps, or None: a URL, a destination without a position, or one whose name
    says it is no reference entry."""
    import pypdfium2.raw as raw

    dest = raw.FPDFLink_GetDest(document.raw, link)
    if not dest:
        action = raw.FPDFLink_GetAction(link)
        if not action or raw.FPDFAction_GetType(action) != _GOTO:
            return None
        dest = raw.FPDFAction_GetDest(document.raw, action)
        if not dest:
            return None
    page = raw.FPDFDest_GetDestPageIndex(document.raw, dest)
    has_x, has_y, has_zoom = ctypes.c_int(), ctypes.c_int(), ctypes.c_int()
    x, y, zoom = ctypes.c_float(), ctypes.c_float(), ctypes.c_float()
    if page < 0 or not raw.FPDFDest_GetLocationInPage(dest, has_x, has_y, has_zoom, x, y, zoom) or not has_y.value:
        return None  # a whole page (/Fit): no line to point at
    name = names.get(_address(dest) or 0, "")
    if name and _NOT_A_CITATION.match(name):
        return None
    height = document.get_page_size(page)[1]  # without loading the page
    return Target(page + 1, x.value if has_x.value else 0.0, height - y.value, name or f"dest.{page + 1}.{round(y.value)}")


class _Chars:
    """The characters of a text page inside a rectangle, asked link by link.

    A character is inside when the middle of its loose box is, the box that spans its advance:
    pdfTeX draws a link 1 pt wider than its text on each side, and the tight box of the "]"
    after "[2" has its middle inside that margin.  The characters are found from the one PDFium
    finds at the rectangle's middle, walking out both ways, so that a page's characters are
    not all measured for its twenty links.
    """

    def __init__(self, raw, textpage) -> None:
        self.raw, self.textpage = raw, textpage
        self.count = raw.FPDFText_CountChars(textpage)
        self.box = raw.FS_RECTF()
        self.box_ref = ctypes.byref(self.box)
        self.budget = PAGE_BUDGET

    def _state(self, k: int, rect: tuple[float, float, float, float]) -> bool | None:
        """Whether character ``k`` lies inside ``rect``; None for one PDFium made up (a space)."""
        raw, box = self.raw, self.box
        self.budget -= 1
        code = raw.FPDFText_GetUnicode(self.textpage, k)
        if code in _GENERATED or 0xD800 <= code <= 0xDFFF:
            return None
        if not raw.FPDFText_GetLooseCharBox(self.textpage, k, self.box_ref):
            return False
        left, right, low, high = rect
        return left <= (box.left + box.right) / 2 <= right and low <= (box.bottom + box.top) / 2 <= high

    def _text(self, k: int) -> str:
        code = self.raw.FPDFText_GetUnicode(self.textpage, k)
        if code in (0xFFFE, 2):  # PDFium's mark for a hyphen at a line's end
            return "-"
        return unicodedata.normalize("NFKC", chr(code)) if 0xFB00 <= code <= 0xFB06 else chr(code)  # "ﬁ" is "fi"

    def inside(self, left: float, right: float, low: float, high: float) -> str:
        """The characters inside the rectangle, in text order, spaces left out."""
        rect = (left, right, low, high)
        if self.budget <= 0:
            return ""
        # PDFium grows each character's box by half the tolerance: the rectangle's own size
        # reaches every character inside it from its middle
        seed = self.raw.FPDFText_GetCharIndexAtPos(self.textpage, (left + right) / 2, (low + high) / 2, right - left, high - low)
        if seed < 0:
            return ""
        if not self._state(seed, rect):
            seed = next((k for k in range(max(0, seed - 4), min(self.count, seed + 5)) if self._state(k, rect)), -1)
            if seed < 0:
                return ""
        first = last = seed
        for step, stop in ((-1, -1), (1, self.count)):
            for k in range(seed + step, stop, step):
                state = self._state(k, rect)
                if state is False or abs(k - seed) > _LONGEST_LINK or self.budget <= 0:
                    break
                if state:
                    first, last = min(first, k), max(last, k)
        return "".join(self._text(k) for k in range(first, last + 1) if self._state(k, rect))


# --- placing them on the laid-out words -------------------------------------------------------


def place_links(pages: Iterable[Page], links: Iterable[LinkBox]) -> Marks:
    """The marks the links make on the pages' words: each link on the characters it covers,
    and an anchor on the line each linked destination lands on (every page held at once; a long
    document plans on its pages' sketches and marks one page at a time: ``LinkPlan``)."""
    pages = list(pages)
    plan = LinkPlan.of(pages, links)
    marks = Marks(lines=list(plan.anchors))
    for page in pages:
        marks.spans.update(plan.marks(page).spans)
    return marks


@dataclass(frozen=True, slots=True)
class LinkPlan:
    """The links of a document decided on once for all its pages: each link that points at a
    line, with its destination's anchor id, by the page it sits on; and the lines the anchors
    land on.  Which words a link covers is found page by page (``marks``), when the page's words
    are at hand."""

    by_page: dict[int, list[tuple[LinkBox, str]]]
    anchors: tuple[tuple[Line | LineSketch, str], ...]

    @classmethod
    def of(cls, pages: Iterable[Page | PageSketch], links: Iterable[LinkBox]) -> LinkPlan:
        """The plan on laid-out pages or their sketches, whose lines' kinds are decided: an anchor
        lands on a line that is not page furniture."""
        by_page: dict[int, list[LinkBox]] = {}
        for link in links:
            by_page.setdefault(link.page, []).append(link)
        if not by_page:
            return cls({}, ())
        lines = {page.number: [line for line in page.lines if line.kind != "furniture"] for page in pages}
        ids = _anchor_ids(link.target.name for group in by_page.values() for link in group)
        placed: dict[str, bool] = {}
        anchors: list[tuple[Line | LineSketch, str]] = []
        kept: dict[int, list[tuple[LinkBox, str]]] = {}
        for number, group in by_page.items():
            for link in group:
                name = ids[link.target.name]
                if name not in placed:
                    placed[name] = _place_anchor(anchors, lines.get(link.target.page, []), link.target, name)
                if placed[name]:  # a destination that lands on no line: its links would point nowhere
                    kept.setdefault(number, []).append((link, name))
        return cls(kept, tuple(anchors))

    def marks(self, page: Page) -> Marks:
        """The stretches of the page's words its links cover (page furniture left out)."""
        marks = Marks()
        group = self.by_page.get(page.number)
        if not group:
            return marks
        # each line's extent, once: a link looks at the words of the lines level with it only
        extents = [
            (min(w.top for w in line.words), max(w.bottom for w in line.words), line.words)
            for line in page.lines if line.kind != "furniture"
        ]  # fmt: skip
        for link, name in group:
            words = [word for top, bottom, row in extents if top < link.bottom and bottom > link.top for word in row]
            for word, start, end in covered(words, link):
                marks.spans.setdefault(id(word), []).append((start, end, name))
        return marks

    def anchor_starts(self, segments: Iterable[Segment]) -> tuple[tuple[str, int], ...]:
        """Each destination's id and where its line starts in the Markdown source (``anchor_starts``)."""
        return anchor_starts(self.anchors, segments)


def _anchor_ids(names: Iterable[str]) -> dict[str, str]:
    """An id safe in HTML and in a Markdown link for each destination name, distinct per name."""
    ids: dict[str, str] = {}
    taken: set[str] = set()
    for name in names:
        if name in ids:
            continue
        safe = _UNSAFE_ID.sub("-", name) or "dest"
        candidate, n = safe, 1
        while candidate in taken:
            n += 1
            candidate = f"{safe}-{n}"
        ids[name] = candidate
        taken.add(candidate)
    return ids


def covered(words: list[Word], link: LinkBox) -> list[tuple[Word, int, int]]:
    """The words a link covers and which of their characters: the link's text found in the
    words its rectangle crosses, or, where the text differs (an accent set apart), every word
    whose middle lies inside the rectangle."""
    crossed = [
        word for word in words
        if min(word.bottom, link.bottom) - max(word.top, link.top) >= 0.5 * (word.bottom - word.top)
        and word.x1 > link.x0 and word.x0 < link.x1
    ]  # fmt: skip
    crossed.sort(key=lambda word: (round(word.base), word.x0))
    joined = "".join(word.text for word in crossed)
    wanted = _label(link.text)
    starts = [m.start() for m in re.finditer(re.escape(wanted), joined)] if wanted else []
    if not starts:
        return [(word, 0, len(word.text)) for word in crossed if link.x0 <= (word.x0 + word.x1) / 2 <= link.x1]
    # where the text occurs more than once ("[1, 1]"), the occurrence nearest the rectangle's left
    offsets, width = [], 0
    for word in crossed:
        offsets.append(width)
        width += len(word.text)

    def left_of(at: int) -> float:
        i = max(n for n, offset in enumerate(offsets) if offset <= at)
        word = crossed[i]
        share = (at - offsets[i]) / max(len(word.text), 1)
        return word.x0 + share * (word.x1 - word.x0)

    start = min(starts, key=lambda at: abs(left_of(at) - link.x0))
    end = start + len(wanted)
    result = []
    for word, offset in zip(crossed, offsets):
        lo, hi = max(start, offset), min(end, offset + len(word.text))
        if lo < hi:
            result.append((word, lo - offset, hi - offset))
    return result


def _label(text: str) -> str:
    """A number link's text less what its rectangle takes in beside the label: the separator
    after or before it or a bracket of the group around it, unpaired inside the link ("59," and
    "60]" in a REVTeX caption's "[59, 60]", ",28," and ",29" in natbib's superscript "8,28,29",
    where the point pdfTeX adds around a link reaches into small type's punctuation); a bracket
    paired inside it stays ("[1]").  Names and years keep their
    punctuation ("Smith et al.,"): a comma taken out there would part one citation's two links."""
    trimmed = text
    while trimmed:
        if trimmed[-1] in ",;" or (trimmed[-1] in _CLOSERS and trimmed.count(_CLOSERS[trimmed[-1]]) < trimmed.count(trimmed[-1])):
            trimmed = trimmed[:-1]
        elif trimmed[0] in ",;" or (trimmed[0] in _OPENERS and trimmed.count(_OPENERS[trimmed[0]]) < trimmed.count(trimmed[0])):
            trimmed = trimmed[1:]
        else:
            break
    return trimmed if _NUMBER_LABEL.match(trimmed) else text


def _place_anchor(anchors: list, lines: list[Line | LineSketch], target: Target, name: str) -> bool:
    """Put the anchor ``name`` on the line a destination lands on: the highest line of its
    column whose baseline lies clearly below the destination's point, the leftmost where a
    label stands apart on that baseline.  False when no line is close below.

    Classes set the point between the entry's first baseline and the line above it: article a
    strut's height (0.7 of a line) above the baseline, amsart 0.85, REVTeX on the baseline of
    the line above (the previous entry's last); a quarter of the type size tells them apart.
    """
    below = []
    for line in lines:
        base = line.base
        if line.x1 > target.x and line.x0 < target.x + 72 and target.top + 0.25 * line.size < base <= target.top + 3 * max(line.size, 1.0):
            below.append((base, line))
    if not below:
        return False
    first = min(base for base, _ in below)
    anchors.append((min((line for base, line in below if base - first < 1.0), key=lambda line: line.x0), name))
    return True
