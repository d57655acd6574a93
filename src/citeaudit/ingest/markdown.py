"""Read Markdown and plain-text manuscripts, including text converted from PDF.

The cleaned text of a Manuscript is laid out in three regions, each pointing back to the
original file character by character:

    body flow     running text, with paragraphs broken by a page rejoined ("human-" +
                  "itarian" -> "humanitarian") and footnote definitions lifted out
    footnotes     the footnote definitions, one paragraph each, continuations attached
    references    the reference section from its heading to the next heading, as written,
                  with each external link's URL after its text; figures and captions that
                  conversion put inside the list are lifted out of it
    debris        what was lifted out of the reference list, one block per stretch

A link into the reference list (``[(Abadi et al.,](#page-35-3)``, to an entry that carries
``<span id="page-35-3">``) is kept as a prepared citation whose key is the anchor's id; the
reference reader gives the entry holding that anchor the same key.
"""

from __future__ import annotations

import bisect
import collections
import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..model import Citation, CitationKind, Manuscript, Segment, Span, offset_map
from .clean import Cleaned, TextBuilder, clean

# Headings that open a reference section, in the languages our users write in.
REFERENCE_HEADINGS = (
    "references", "reference list", "references cited", "literature cited", "works cited",
    "bibliography", "select bibliography", "selected bibliography", "sources", "cited works",
    "literature", "citations",
    # German, French, Spanish, Italian, Portuguese, Dutch
    "literatur", "literaturverzeichnis", "quellen", "quellenverzeichnis",
    "bibliographie", "références", "références bibliographiques", "ouvrages cités",
    "bibliografía", "referencias", "referencias bibliográficas", "obras citadas",
    "bibliografia", "riferimenti bibliografici", "referências", "referências bibliográficas",
    "literatuur", "literatuurlijst",
    # Scandinavian, Polish, Czech, Turkish, Indonesian and Malay, Russian, Chinese and Japanese
    "referenser", "litteratur", "litteraturliste", "källor", "referencer", "kilder",
    "literatura", "literatura cytowana", "použitá literatura", "seznam literatury",
    "kaynakça", "kaynaklar", "daftar pustaka", "daftar referensi", "daftar rujukan", "rujukan",
    "kepustakaan", "литература", "список литературы", "библиография", "参考文献", "引用文献",
)

# A heading line: Markdown '#', or a short line in bold, or a short line alone in capitals.
#   "# REFERENCES", "#### **CONCLUSION**", "**References**", "REFERENCES"
# The '#' text is taken greedily: closing '#'s and spaces go with _STRIP_HEADING; a lazy group
# before "\s*#*\s*$" backtracked cubically on a heading line with a long run of spaces (fuzzer).
_HEADING = re.compile(r"^\s{0,3}(?:#{1,6}\s+(?P<hash>.+)|\*\*(?P<bold>[^*\n]{1,80})\*\*:?)\s*#*\s*$")
_STRIP_HEADING = re.compile(r"[*_#:.\s]+")

# A paragraph of Markdown link definitions only: "[1]: https://example.org/a" or '[ok]: <url> "Title"'
_LINK_DEFINITIONS = re.compile(r"^(?:[ \t]{0,3}\[(?!\^)[^\]\n]{1,60}\]:[ \t]+\S+(?:[ \t]+[\"'(][^\n]*)?[ \t]*(?:\n|$))+$")

# A footnote definition at the start of a paragraph: Markdown "[^4]: text" or a number
# that was typeset as superscript ("<sup>4</sup> Nikkei Weekly ...").
_MD_FOOTNOTE_DEF = re.compile(r"^\[\^(?P<label>[^\]\s]+)\]:\s*")
_SUP_NUMBER = re.compile(r"^\d{1,3}$")

# Text that continues a footnote's URL after a page break: it starts with a path piece.
#   "09/06/national/politics-diplomacy/abe-put in-likely-...", "www.x.org/a"
_URL_CONTINUATION = re.compile(r"^\s*(?:[\w.%-]+/[\w./%#?=&-]*|https?://)")

_SENTENCE_END = re.compile(r"[.!?:\"”’)\]]\s*$")


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A blank-line separated block of the cleaned text (clean offsets, stripped)."""

    start: int
    end: int
    text: str


def paragraphs(text: str) -> list[Paragraph]:
    """Split text into paragraphs on blank lines, keeping their offsets."""
    result = []
    for match in re.finditer(r"(?:[^\n]|\n(?![ \t]*\n))+", text):
        block = match.group()
        stripped = block.strip()
        if not stripped:
            continue
        start = match.start() + (len(block) - len(block.lstrip()))
        result.append(Paragraph(start, start + len(stripped), stripped))
    return result


def heading_text(paragraph: str) -> str | None:
    """The words of a heading paragraph, or None when it is not a heading."""
    if "\n" in paragraph:
        return None
    match = _HEADING.match(paragraph)
    if match:
        return _STRIP_HEADING.sub(" ", match.group("hash") or match.group("bold")).strip()
    words = paragraph.strip().rstrip(":")
    if 0 < len(words) <= 60 and words.isupper() and not re.search(r"\d{3}", words):
        return _STRIP_HEADING.sub(" ", words).strip()
    return None


def is_reference_heading(words: str) -> bool:
    return words.strip().lower() in REFERENCE_HEADINGS


def read_markdown_string(
    source: str,
    path: str = "<string>",
    *,
    format: str = "markdown",
    references_at: int | None = None,
    anchors: Sequence[tuple[str, int]] = (),
    segments: Sequence[Segment] = (),
) -> Manuscript:
    """Read a Markdown or plain-text manuscript from a string.

    ``references_at``: where in ``source`` a reader that saw the layout (the PDF reader) found a
    reference list printed without a heading; the list then runs from there to the next heading
    even when more text follows it (an appendix), which its shape alone cannot tell.
    ``anchors``: ids of places in ``source`` (id, offset) that such a reader found outside the
    text (a PDF's link destinations), taken as ``<span id>`` anchors written there would be.
    ``segments``: where the stretches of ``source`` came from (a PDF's pages and lines), given
    here so that what is located while reading (the citations of the PDF's links) has its page,
    line and column.
    """
    cleaned = clean(source)
    if anchors:
        cleaned = dataclasses.replace(cleaned, anchors=_with_anchors(cleaned, anchors))
    paras = _unglue_reference_heading(_split_footnote_runs(paragraphs(cleaned.text)))
    laid_out = None if references_at is None else next(
        (i for i, para in enumerate(paras) if cleaned.offsets[para.start] >= references_at), None
    )
    ref_index = _reference_section_start(paras, laid_out)
    sup_starts = {span.start: span for span in cleaned.superscripts}

    body_paras: list[Paragraph] = []
    footnotes: list[list[Paragraph]] = []  # a definition and the paragraphs that continue it
    reference_paras: list[Paragraph] = []
    heading = None
    for i, para in enumerate(paras):
        if _LINK_DEFINITIONS.match(para.text):
            continue  # "[1]: https://..." defines a link target; a reader never sees it
        if ref_index is not None and i >= ref_index:
            if i == ref_index and (heading_text(para.text) is not None or is_reference_heading(para.text.strip().rstrip(":"))):
                heading = heading_text(para.text) or para.text.strip().rstrip(":")
                continue
            if reference_paras and heading_text(para.text) is not None and not _looks_like_entry(para.text):
                if _list_goes_on(paras, i, reference_paras):
                    reference_paras.append(para)  # a running header inside the list: lifted below
                    continue
                # The reference section ended at another heading (appendix, figures...).
                for rest in paras[i:]:
                    if _MD_FOOTNOTE_DEF.match(rest.text):
                        footnotes.append([rest])
                    elif not _is_footnote_def(rest, sup_starts):
                        body_paras.append(rest)
                break
            if _MD_FOOTNOTE_DEF.match(para.text):
                footnotes.append([para])  # Markdown notes are often defined at the very end
                continue
            reference_paras.append(para)
            continue
        if _is_footnote_def(para, sup_starts):
            footnotes.append([para])
        elif footnotes and _continues_footnote(para, footnotes[-1][-1], paras, i, sup_starts):
            footnotes[-1].append(para)
        else:
            body_paras.append(para)
    reference_paras, debris = lift_debris(reference_paras)

    out = TextBuilder()
    _lay_body(out, cleaned, body_paras)
    body = Span(0, len(out))
    footnote_spans = []
    for pieces in footnotes:
        out.add("\n\n", cleaned.offsets[pieces[0].start], spread=False)
        start = len(out)
        note = TextBuilder()
        for n, piece in enumerate(pieces):
            if n:
                note.add(" ", cleaned.offsets[piece.start], spread=False)
            note.add_mapped(cleaned.text[piece.start : piece.end], cleaned.offsets[piece.start : piece.end])
        text = note.text()
        gaps = set(url_gaps(text))
        out.add_mapped(
            "".join(ch for i, ch in enumerate(text) if i not in gaps),
            [offset for i, offset in enumerate(note.offsets) if i not in gaps],
        )
        footnote_spans.append(Span(start, len(out)))
    references = None
    if reference_paras:
        out.add("\n\n", cleaned.offsets[reference_paras[0].start], spread=False)
        start = len(out)
        for n, para in enumerate(reference_paras):
            if n:
                out.add("\n\n", cleaned.offsets[para.start], spread=False)
            _lay_with_urls(out, cleaned, para, source)
        references = Span(start, len(out))
    debris_spans = []
    for group in debris:
        out.add("\n\n", cleaned.offsets[group[0].start], spread=False)
        start = len(out)
        for n, para in enumerate(group):
            if n:
                out.add("\n\n", cleaned.offsets[para.start], spread=False)
            out.add_mapped(cleaned.text[para.start : para.end], cleaned.offsets[para.start : para.end])
        debris_spans.append(Span(start, len(out)))

    to_out = _OffsetMap(cleaned, out)
    superscripts = _remap_superscripts(cleaned, out.offsets)
    anchors = tuple((name, at) for name, clean_at in cleaned.anchors if (at := to_out.index(clean_at)) is not None)
    manuscript = Manuscript(
        path=path,
        source=source,
        text=out.text(),
        offsets=offset_map(out.offsets, len(source)),
        body=body,
        references=references,
        reference_heading=heading,
        footnote_blocks=tuple(footnote_spans),
        superscripts=superscripts,
        format=format,
        anchors=anchors,
        reference_debris=tuple(debris_spans),
        segments=tuple(segments),
    )
    links = [(span, link.target) for link in cleaned.links if (span := to_out.span(link.span))]
    linked = anchor_citations(manuscript, links)
    if linked:
        manuscript = dataclasses.replace(manuscript, prepared_citations=linked)
    calls = note_calls(manuscript, links)
    if calls:
        manuscript = dataclasses.replace(manuscript, superscripts=tuple(sorted({*manuscript.superscripts, *calls}, key=lambda span: span.start)))
    return manuscript


def _with_anchors(cleaned: Cleaned, anchors: Sequence[tuple[str, int]]) -> tuple[tuple[str, int], ...]:
    """The cleaned text's anchors and those given by offsets in the source, in text order."""
    given = [(name, bisect.bisect_left(cleaned.offsets, at)) for name, at in anchors]
    return tuple(sorted([*cleaned.anchors, *given], key=lambda item: item[1]))


def note_calls(manuscript: Manuscript, links: list[tuple[Span, str]]) -> tuple[Span, ...]:
    """Links whose text is a number and whose anchor opens a footnote: the notes' calls.

    marker writes a note call as a link to the note's anchor, ``BatchAI [3](#page-5-1)``, and the
    note as ``<span id="page-5-1"></span><sup>3</sup> https://...``: the "3" is a raised marker.
    """
    blocks = manuscript.footnote_blocks
    if not blocks or not manuscript.anchors:
        return ()
    starts = [block.start for block in blocks]
    opening = set()
    for name, at in manuscript.anchors:
        i = bisect.bisect_right(starts, at + 2) - 1  # the anchor sits just before its note's text
        if i >= 0 and blocks[i].start - 2 <= at < blocks[i].end:
            opening.add(name)
    text = manuscript.text
    return tuple(
        span
        for span, target in links
        if target.startswith("#") and target[1:] in opening and text[span.start : span.end].strip().isdigit()
    )


class _OffsetMap:
    """Offsets of the cleaned text expressed in the laid-out text, through their source offsets."""

    def __init__(self, cleaned: Cleaned, out: TextBuilder) -> None:
        self.cleaned = cleaned
        self.out = out
        self._by_source: dict[int, list[int]] | None = None

    @property
    def by_source(self) -> dict[int, list[int]]:
        """Laid-out positions by source offset, for the offsets it is asked about: those of the
        cleaned text's anchors and of its links' first and last characters.  Built on first use
        (a text without links or anchors never pays for it: a 5 MB line, 23 s and 1 GB), and only
        for those offsets (a map of every character was 100 MB for a 99-page PDF with links)."""
        if self._by_source is None:
            cleaned, size = self.cleaned, len(self.cleaned.text)
            asked = [at for _, at in cleaned.anchors]
            asked += [at for link in cleaned.links for at in (link.span.start, link.span.end - 1)]
            wanted = {cleaned.offsets[at] for at in asked if 0 <= at < size}
            self._by_source = {}
            for i, src in enumerate(self.out.offsets):
                if src in wanted:
                    self._by_source.setdefault(src, []).append(i)
        return self._by_source

    def index(self, clean_at: int) -> int | None:
        """Where ``cleaned.text[clean_at]`` went; the first laid-out character with its origin and letter."""
        if clean_at >= len(self.cleaned.text):
            return None
        found = self.by_source.get(self.cleaned.offsets[clean_at])
        if not found:
            return None
        letter = self.cleaned.text[clean_at]
        return next((i for i in found if self.out.chars[i] == letter), found[0])

    def span(self, span: Span) -> Span | None:
        if span.end <= span.start:
            return None
        start, last = self.index(span.start), self.index(span.end - 1)
        if start is None or last is None or last < start:
            return None
        return Span(start, last + 1)


def _lay_with_urls(out: TextBuilder, cleaned: Cleaned, para: Paragraph, source: str) -> None:
    """Write a reference paragraph, putting each external link's URL after its text.

    ``["Learning to simulate."](https://arxiv.org/abs/1810.02513)`` is read as the title
    followed by its URL, as a reader of the printed list would see it.
    """
    pos = para.start
    for link in cleaned.links:
        if not (para.start <= link.span.start and link.span.end <= para.end) or not _EXTERNAL.match(link.target):
            continue
        if link.span.end < pos:
            continue
        out.add_mapped(cleaned.text[pos : link.span.end], cleaned.offsets[pos : link.span.end])
        if link.target not in cleaned.text[link.span.start : link.span.end]:
            out.add(" ", link.target_offset, spread=False)
            out.add(link.target, link.target_offset)
        pos = link.span.end
    out.add_mapped(cleaned.text[pos : para.end], cleaned.offsets[pos : para.end])


# A link target outside the document: "https://arxiv.org/abs/1703.06907", "doi:10.1/x"
_EXTERNAL = re.compile(r"^(?:https?://|ftp://|doi:|www\.)", re.I)

# A number as a link shows it: "20", "[20]", "(20)"
_SHOWN_NUMBER = re.compile(r"^[\[(]?\s*(?P<n>\d{1,5})\s*[\])]?$")


def anchor_citations(manuscript: Manuscript, links: list[tuple[Span, str]]) -> tuple[Citation, ...]:
    """A prepared citation for each link into the reference list, keyed by the anchor's id.

    Links in a row to the same anchor are one citation: marker writes "(Abadi et al., 2016)" as
    ``[(Abadi et al.,](#page-35-3) [2016)](#page-35-3)``.  Several anchors on one line of the
    list stand for one entry, so their links share the first one's id.
    """
    section = manuscript.references
    if section is None or not manuscript.anchors:
        return ()
    canonical = _canonical_anchors(manuscript, section)
    text = manuscript.text
    runs: list[tuple[Span, str]] = []
    for span, target in links:
        if not target.startswith("#") or target[1:] not in canonical or not span.end <= manuscript.body.end:
            continue
        key = canonical[target[1:]]
        if runs and runs[-1][1] == key and not text[runs[-1][0].end : span.start].strip():
            runs[-1] = (Span(runs[-1][0].start, span.end), key)
        else:
            runs.append((span, key))
    citations = []
    for span, key in runs:
        shown = text[span.start : span.end]
        number = _SHOWN_NUMBER.match(shown.strip())
        citations.append(
            Citation(
                kind=CitationKind.NUMERIC if number else CitationKind.PARENTHETICAL,
                text=shown,
                span=span,
                location=manuscript.locate(span.start),
                group=shown,
                number=int(number.group("n")) if number else None,
                key=key,
            )
        )
    return tuple(citations)


def _canonical_anchors(manuscript: Manuscript, section: Span) -> dict[str, str]:
    """Anchor ids inside the reference list, each mapped to the first id on its line."""
    canonical: dict[str, str] = {}
    first_on_line: dict[int, str] = {}
    inside = [(name, at) for name, at in manuscript.anchors if section.start <= at <= section.end]
    times = collections.Counter(name for name, _ in inside)
    for name, at in inside:
        if times[name] > 1:
            continue  # an id given twice names no one entry: its links are left to the text
        line = manuscript.text.rfind("\n", 0, at)
        canonical.setdefault(name, first_on_line.setdefault(line, name))
    return canonical


def _split_footnote_runs(paras: list[Paragraph]) -> list[Paragraph]:
    """Consecutive footnote definitions with no blank line between them are separate paragraphs.

    "[^29]: First note." directly followed by "[^30]: Second note." are two footnotes.
    """
    result = []
    for para in paras:
        if not _MD_FOOTNOTE_DEF.match(para.text) or "\n[^" not in para.text:
            result.append(para)
            continue
        starts = [0] + [m.start() + 1 for m in _NEXT_FOOTNOTE_DEF.finditer(para.text)]
        for a, b in zip(starts, starts[1:] + [len(para.text)]):
            piece = para.text[a:b]
            lead = len(piece) - len(piece.lstrip())
            stripped = piece.strip()
            result.append(Paragraph(para.start + a + lead, para.start + a + lead + len(stripped), stripped))
    return result


# A line inside a paragraph that opens another footnote definition: "\n[^30]: text"
_NEXT_FOOTNOTE_DEF = re.compile(r"\n(?=[ \t]{0,3}\[\^[^\]\s]+\]:)")


# --- what conversion left inside a reference list ---------------------------------------------

# A figure or table that conversion placed inside the list, by its unmistakable parts:
#   "<!-- image -->"   "Figure 6: Example layout..."   "Fig. 3. Results"   "TABLE 2 Scores"
_IMAGE = re.compile(r"^\s*(?:<!--.*?-->|<img\b[^>]*>|!\[[^\]]*\]\([^)]*\))\s*$", re.S | re.I)
_CAPTION = re.compile(r"^\s*\**(?:fig(?:ure)?\.?|table|tab\.|plate|chart)\s*\d{1,3}[a-z]?\s*[.:|—–-]", re.I)
# A page number standing alone: "36"
_PAGE_NUMBER = re.compile(r"^\s*\d{1,4}\s*$")


def lift_debris(paras: list[Paragraph]) -> tuple[list[Paragraph], list[list[Paragraph]]]:
    """The reference paragraphs without figures, captions and page numbers, and what was lifted.

    A figure's image, its caption and the row of labels that came with it (docling writes a
    figure's legend as a line of words) are grouped; a lone page number is dropped without a
    word.  What follows such a stretch may continue the entry before it, so nothing here
    decides where entries start.
    """
    kinds = [
        "figure" if _IMAGE.match(p.text) or _CAPTION.match(p.text)
        else "page" if _PAGE_NUMBER.match(p.text)
        else "header" if heading_text(p.text) is not None and not _looks_like_entry(p.text)
        else ""
        for p in paras
    ]
    # Lines next to a figure that are neither entries nor sentences belong to it: its legend.
    changed = True
    while changed:
        changed = False
        for i, para in enumerate(paras):
            if kinds[i] or not _is_legend(para.text):
                continue
            if (i > 0 and kinds[i - 1] == "figure") or (i + 1 < len(paras) and kinds[i + 1] == "figure"):
                kinds[i], changed = "figure", True
    kept = [para for para, kind in zip(paras, kinds) if not kind]
    groups: list[list[Paragraph]] = []
    open_group = False  # a page number between two pieces of a figure does not part them
    for para, kind in zip(paras, kinds):
        if kind == "header":
            groups.append([para])
            open_group = False
        elif kind == "figure":
            if open_group:
                groups[-1].append(para)
            else:
                groups.append([para])
            open_group = True
        elif not kind:
            open_group = False
    return kept, groups


# A numbered entry's label at the start of a line: "[14] ", "- [14] ", "14. "
# (Blank lines before it are crossed only at the start of the text, as in checks/lists._CAPTION:
# linear on a long run of blank lines, the same labels found.)
_LINE_LABEL = re.compile(r"(?:\A\s*+|^[^\S\n]*+)(?:[-*+•]\s+)?(?:\[(?P<b>\d{1,5})\]|(?P<n>\d{1,3})[.)])\s", re.M)


def _list_goes_on(paras: list[Paragraph], i: int, reference_paras: list[Paragraph]) -> bool:
    """Whether the reference list goes on after the heading at ``paras[i]``: a page's running header.

    A numbered list goes on when the next entry takes up its numbering; an unnumbered one when
    the next two paragraphs are both entries.
    """
    following = [p for p in paras[i + 1 : i + 5] if heading_text(p.text) is None][:2]
    if not following:
        return False
    labels = [int(m.group("b") or m.group("n")) for m in _LINE_LABEL.finditer(reference_paras[-1].text)]
    if labels:
        nxt = _LINE_LABEL.match(following[0].text)
        return bool(nxt) and 0 < int(nxt.group("b") or nxt.group("n")) - labels[-1] <= 3
    return len(following) == 2 and all(_looks_like_entry(p.text) for p in following)


def _is_legend(text: str) -> bool:
    """A short line of words with no year and no sentence ending: "Text Caption Table Picture"."""
    return (
        "\n" not in text and len(text) <= 200 and not _YEAR.search(text)
        and not re.search(r"[.,;]\s*$", text) and not _ENTRY_START.match(text)
        and not _LINE_LABEL.match(text) and text.count(",") < 2  # "- [13] Jocher, Stoken, and" is an entry
    )


# A space that conversion put inside a URL: after a URL's path, before a lower-case piece that
# goes on as a path ("https://x.jp/news/2017/ 09/06/abe-put in-likely-sign-off/#.W").
_URL_GAP = re.compile(r"(?<=[\w/.-])\s(?=[a-z0-9][\w%.-]*(?:/|-[\w-]*-)[\w/#%.?=&-]*)")


def url_gaps(text: str) -> list[int]:
    """Offsets of spaces inside URLs broken by conversion, to be dropped."""
    gaps = []
    for url in re.finditer(r"https?://", text):
        pos = url.start()
        while True:
            token_end = re.compile(r"\S*").match(text, pos).end()
            gap = _URL_GAP.match(text, token_end)
            if not gap or not text[pos:token_end].rstrip(",.;)").endswith(("/", "-")) and "-" not in text[pos:token_end].rsplit("/", 1)[-1]:
                break
            gaps.append(token_end)
            pos = token_end + 1
    return gaps


# A reference heading that conversion glued to the first entry, and the entry's opening:
#   "References Alexandr Okafor and Piotr Lee. 2008. Near-optimal ..."
#   "REFERENCES 1. Okafor J, Lee A: Quality ..."
# A reference heading, in any of our languages, that opens a paragraph on a line of its own above
# the first entry ("Références\nKousky, C. ..."), or on the entry's own line when it is one that
# nothing else is called ("References Smith, J. (2001)..."): a table note "Sources: World Bank,
# 2020" is no heading.
_GLUED_HEADING = re.compile(
    r"^(?=(?-i:[A-ZÀ-ÞА-Я\u4e00-\u9fff]))(?P<heading>"
    + "|".join(re.escape(h) for h in sorted(REFERENCE_HEADINGS, key=len, reverse=True))
    + r")[ \t]*:?[ \t]*\n\s*(?=\S)"
    + r"|^(?P<same_line>(?-i:References|REFERENCES|Bibliography|BIBLIOGRAPHY|Literature Cited|LITERATURE CITED))[ \t]+(?=\S)",
    re.I,
)
_NAME_LIST_START = re.compile(r"^[A-ZÀ-Þ][\w'’.-]+(?:\s+[A-ZÀ-Þ][\w'’.-]+){1,3}(?:,|\s+and\s)")


def _unglue_reference_heading(paras: list[Paragraph]) -> list[Paragraph]:
    """With no reference heading of its own, a paragraph opening with one before an entry is split.

    PDF conversion writes a heading on the line of the first entry; the last such paragraph
    becomes the heading and the entry.
    """
    if any(_is_reference_heading_para(para) for para in paras):
        return paras
    for i in range(len(paras) - 1, -1, -1):
        para = paras[i]
        glued = _GLUED_HEADING.match(para.text)
        if not glued:
            continue
        rest = para.text[glued.end() :]
        if not (_ENTRY_START.match(rest) or _NAME_LIST_START.match(rest)) or not _YEAR.search(rest[:200]):
            continue
        words = glued.group("heading") or glued.group("same_line")
        heading = Paragraph(para.start, para.start + len(words), words)
        entry = Paragraph(para.start + glued.end(), para.end, rest)
        return [*paras[:i], heading, entry, *paras[i + 1 :]]
    return paras


def _is_reference_heading_para(para: Paragraph) -> bool:
    words = heading_text(para.text)
    if words is None and "\n" not in para.text and len(para.text) <= 40:
        words = para.text.strip().rstrip(":")
    return words is not None and is_reference_heading(words)


def _reference_section_start(paras: list[Paragraph], laid_out: int | None = None) -> int | None:
    """Index of the reference heading (the last one), else of the first entry of a list found
    in the layout (``laid_out``), else of the first entry found by shape."""
    found = None
    for i, para in enumerate(paras):
        words = heading_text(para.text)
        if words is None and "\n" not in para.text and len(para.text) <= 40:
            words = para.text.strip().rstrip(":")  # a plain line: "Literature Cited"
        if words is not None and is_reference_heading(words):
            found = i
    if found is not None:
        return found
    return laid_out if laid_out is not None else _reference_run_by_shape(paras)


# An entry's opening: a number label, or "Surname, I." / "Surname I" followed later by a year.
_ENTRY_START = re.compile(
    r"^(?:\[\d{1,4}\]|\d{1,4}[.)]\s|\(\d{1,4}\)\s|[A-ZÀ-Þ][\w'’-]+,\s+(?:[A-ZÀ-Þ][.\w]|\w)|[A-ZÀ-Þ][\w'’-]+\s+[A-Z]{1,3}[,.])"
)
_YEAR = re.compile(r"\b(?:1[5-9]\d\d|20\d\d)[a-z]?\b|\bn\.\s?d\.")


def _looks_like_entry(text: str) -> bool:
    return bool(_ENTRY_START.match(text) and _YEAR.search(text))


def _reference_run_by_shape(paras: list[Paragraph]) -> int | None:
    """With no heading: the start of a trailing run of at least three entry-like paragraphs."""
    run_start = None
    count = 0
    for i in range(len(paras) - 1, -1, -1):
        text = paras[i].text
        lines = [line for line in text.splitlines() if line.strip()]
        if _looks_like_entry(text) or (len(lines) > 1 and sum(_looks_like_entry(l) for l in lines) >= len(lines) / 2):
            run_start = i
            count += max(1, sum(_looks_like_entry(l) for l in lines))
        else:
            break
    return run_start if count >= 3 else None


def _is_footnote_def(para: Paragraph, sup_starts: dict[int, Span]) -> bool:
    if _MD_FOOTNOTE_DEF.match(para.text):
        return True
    span = sup_starts.get(para.start)
    return span is not None and bool(_SUP_NUMBER.match(para.text[: span.end - span.start]))


def _continues_footnote(
    para: Paragraph, last: Paragraph, paras: list[Paragraph], i: int, sup_starts: dict[int, Span]
) -> bool:
    """A stray paragraph that finishes a footnote's URL, set just before another definition."""
    if not _URL_CONTINUATION.match(para.text) or len(para.text) > 400:
        return False
    nxt = paras[i + 1] if i + 1 < len(paras) else None
    near_notes = nxt is not None and _is_footnote_def(nxt, sup_starts)
    return near_notes and bool(re.search(r"https?://\S*[/-]$", last.text.split("\n")[0].rstrip()))


def _lay_body(out: TextBuilder, cleaned: Cleaned, body_paras: list[Paragraph]) -> None:
    """Write body paragraphs, rejoining those split by a page break."""
    text = cleaned.text
    for n, para in enumerate(body_paras):
        if n:
            prev = body_paras[n - 1]
            prev_text, this_text = prev.text, para.text
            if (
                re.search(r"[a-z]-$", prev_text)
                and this_text[:1].islower()
                and heading_text(prev_text) is None
            ):
                # "human-" | "itarian": drop the hyphen written at the break.
                out.chars.pop()
                out.offsets.pop()
            elif (
                not _SENTENCE_END.search(prev_text)
                and (this_text[:1].islower() or this_text[:1] in "(")
                and heading_text(prev_text) is None
            ):
                out.add(" ", cleaned.offsets[para.start], spread=False)
            else:
                out.add("\n\n", cleaned.offsets[para.start], spread=False)
        out.add_mapped(text[para.start : para.end], cleaned.offsets[para.start : para.end])


def _remap_superscripts(cleaned: Cleaned, new_offsets: Sequence[int]) -> tuple[Span, ...]:
    """Superscript spans expressed in the laid-out text's offsets.

    Only the source offsets where a superscript starts or ends are looked up: a map of every
    character was 90 bytes a character at the peak of reading (1.2 GB for 13 MB of text).
    """
    if not cleaned.superscripts:
        return ()
    wanted = {cleaned.offsets[span.start] for span in cleaned.superscripts}
    wanted.update(cleaned.offsets[span.end - 1] for span in cleaned.superscripts)
    by_source: dict[int, int] = {}
    for i, src in enumerate(new_offsets):
        if src in wanted:
            by_source.setdefault(src, i)
    spans = []
    for span in cleaned.superscripts:
        start = by_source.get(cleaned.offsets[span.start])
        end_src = cleaned.offsets[span.end - 1]
        end = by_source.get(end_src)
        if start is not None and end is not None and end >= start:
            spans.append(Span(start, end + 1))
    return tuple(spans)
