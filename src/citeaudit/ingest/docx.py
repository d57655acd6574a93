"""Read a Word .docx manuscript: body, footnotes, endnotes, and reference-manager fields.

The document is laid out as Markdown (headings as ``#``, italics as ``*``, superscripts as
``<sup>``, notes as ``[^n]``) and read by the Markdown reader, so that every check sees the same
kind of text; ``segments`` then point each line back to its paragraph (``line`` is the paragraph
number in the body, or in the note named by ``file``).

Zotero, Mendeley and EndNote store each citation's works inside the field that shows it
(``ADDIN ZOTERO_ITEM CSL_CITATION {...}``, ``ADDIN CSL_CITATION {...}``, ``ADDIN EN.CITE
<EndNote>...``).  Each stored work becomes a prepared citation on the field's text, so that it is
matched against the bibliography and compared with what the text shows.
"""

from __future__ import annotations

import base64
import binascii
import bisect
import io
import json
import re
import zipfile
import zlib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from lxml import etree

from ..citations.patterns import UNITS
from ..errors import FormatError, InputError
from ..model import Citation, CitationKind, Manuscript, Segment, Span
from ..references.names import family_of, parse_name
from .docx_lists import Label, ListCounter, reference_runs, superscript_styles, written_label
from .files import read_file_bytes
from .markdown import heading_text, is_reference_heading, read_markdown_string
from .safe_xml import parse_xml

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W = f"{{{W}}}"
FOOTNOTES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"
ENDNOTES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/endnotes"
NUMBERING = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering"
STYLES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"
_PARTS = {FOOTNOTES: "footnotes", ENDNOTES: "endnotes", NUMBERING: "numbering", STYLES: "styles"}

# Limits on a .docx's XML parts before they are inflated: a manuscript's XML is a few MB and
# compresses 5-20 times (images are never inflated).
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024  # all XML parts together
MAX_ZIP_RATIO = 100  # a part larger than MAX_ZIP_RATIO_FROM inflating more than this many times
MAX_ZIP_RATIO_FROM = 1024 * 1024
MAX_ZIP_MEMBERS = 10_000

# Field instructions: a citation with CSL-JSON (Zotero, Mendeley), an EndNote citation, or a
# bibliography a reference manager (or Word) wrote.
_CSL_CITATION = re.compile(r"\bADDIN\s+(?:ZOTERO_ITEM\s+)?CSL_CITATION\b")
_ENDNOTE_CITATION = re.compile(r"\bADDIN\s+EN\.CITE\b")
_BIBLIOGRAPHY = re.compile(r"\bADDIN\s+(?:ZOTERO_BIBL|Mendeley\s+Bibliography|EN\.REFLIST)\b|\bCSL_BIBLIOGRAPHY\b|^\s*BIBLIOGRAPHY\b")
_HEADING_STYLE = re.compile(r"(?i)^(?:heading\s*\d|title$|berschrift|titre)")
_YEAR = re.compile(r"\b(1[5-9]\d\d|20\d\d)\b")
# Fields whose shown text is page furniture or a note's number, never a citation, even when
# set in superscript: "{ PAGE }", "{ NOTEREF _Ref1 \\h }", "{ SEQ Figure }".
_FURNITURE_FIELD = re.compile(r"^\s*(?:PAGE|PAGEREF|NUMPAGES|SECTIONPAGES|NOTEREF|SEQ|DATE|TIME|FILENAME)\b", re.IGNORECASE)
# The word a superscript sits on, when that makes it an exponent rather than a citation:
# a number ("10^9", not a year), one letter ("R^2", "m^2") or a unit ("yr^-1", "km^2").
_EXPONENT_BASE = re.compile(
    r"^(?:(?!(?:1[6-9]|20)\d\d$)\d+(?:[.,]\d+)?|[^\W\d_]|" + UNITS + ")$"
)
# An exponent's own sign: "-1", "−2", "+3".
_SIGNED = re.compile(r"^\s*[-−‐–+]")
# An italic run that is only "et al." (with its stops and commas): "et al.", " et al., ".
_ET_AL = re.compile(r"^[\s,]*et\s+al\b[.,\s]*$")
# Symbol-font characters Word writes as w:sym (the minus of "m^-2", "±", "°", "×", "µ").
_SYMBOLS = {"F02D": "−", "F0B1": "±", "F0B0": "°", "F0B4": "×", "F06D": "µ", "F0A3": "≤", "F0B3": "≥", "F02B": "+"}
_FRONT_PROSE = 300  # a paragraph this long is running text: the title page has ended
_FRONT_PARAGRAPHS = 40  # nor is a title page longer than this


@dataclass(slots=True)
class _Field:
    instruction: list[str] = field(default_factory=list)
    data: list[str] = field(default_factory=list)  # w:fldData (EndNote keeps its XML there)
    start: tuple[int, int] | None = None  # (paragraph, character) where the shown text begins
    end: tuple[int, int] | None = None

    @property
    def instr(self) -> str:
        return "".join(self.instruction)


@dataclass(slots=True)
class _Paragraph:
    part: str  # "body", "footnote", "endnote"
    note: int | None
    number: int  # paragraph number within the body, or within its note
    text: str = ""
    heading: bool = False
    label: Label | None = None  # the list number Word shows before it, or one written in it
    label_end: int = 0  # where the entry's text begins after a written label
    lead_sup: bool = False  # opens with a superscript ("¹Department of ..." on a title page)


@dataclass(slots=True)
class _Document:
    """Paragraphs as read, and the fields found across them."""

    paragraphs: list[_Paragraph] = field(default_factory=list)
    fields: list[_Field] = field(default_factory=list)
    stack: list[_Field] = field(default_factory=list)
    chars: list[str] = field(default_factory=list)
    last_sup: str | None = None  # what the last superscript became, if it was written last
    lead_sup: bool = False
    sup_styles: frozenset[str] = frozenset()  # character styles that set text in superscript
    all_bold: bool = True  # every run of the paragraph so far was bold
    in_references: bool = False  # past a reference heading or bibliography field: keep italics

    def visible(self) -> bool:
        """Text counts unless it is inside a field's instruction (before its separator)."""
        return all(f.start is not None for f in self.stack)

    def here(self) -> tuple[int, int]:
        """(paragraph, character) of the next character written."""
        return len(self.paragraphs), sum(len(c) for c in self.chars)

    def end_here(self) -> tuple[int, int]:
        """Where a field ends: at a paragraph start, the end of the paragraph before."""
        if not self.chars and self.paragraphs:
            return len(self.paragraphs) - 1, len(self.paragraphs[-1].text)
        return self.here()

    def write(self, text: str) -> None:
        if self.visible():
            self.chars.append(text)
            self.last_sup = None

    def superscript(self, text: str) -> None:
        """Write a superscript, joined to one just before ("<sup>5</sup><sup>–8</sup>" is "5–8").

        At a paragraph's start it is a label (an affiliation's "¹"), not a callout; on a number,
        a letter or a unit it is an exponent ("10⁹", "R²", "yr⁻¹"), written "^9" so that it is
        never read as a citation; in a page or note-number field it is furniture.
        """
        if not self.visible():
            return
        if self.last_sup == "sup" and self.chars and self.chars[-1].endswith("</sup>"):
            self.chars[-1] = self.chars[-1][: -len("</sup>")] + text + "</sup>"
            return
        written = "".join(self.chars)
        base = re.search(r"\S*$", written).group()
        if self.last_sup in ("exponent", "plain"):
            shown = text  # goes on with the exponent or label before it: "yr" "^−" "1"
        elif not written.strip():
            self.lead_sup = True
            self.last_sup = "plain"
            shown = text
        elif any(_FURNITURE_FIELD.match(f.instr) for f in self.stack):
            self.last_sup = "plain"
            shown = text
        elif _SIGNED.match(text) or _EXPONENT_BASE.match(base):
            self.last_sup = "exponent"
            shown = "^" + text
        else:
            self.last_sup = "sup"
            shown = f"<sup>{text}</sup>"
        self.chars.append(shown)

    def close(self, paragraph: _Paragraph) -> None:
        paragraph.text = "".join(self.chars).replace("\n", " ")
        paragraph.lead_sup = self.lead_sup
        text = paragraph.text.strip()
        if self.all_bold and text and len(text) <= 80 and not text.endswith("."):
            paragraph.heading = True  # a short line set in bold reads as a heading
        if paragraph.part == "body" and paragraph.heading and is_reference_heading(heading_text("# " + text) or ""):
            self.in_references = True
        self.paragraphs.append(paragraph)
        self.chars = []
        self.last_sup = None
        self.lead_sup = False
        self.all_bold = True


def read_docx_bytes(data: bytes, path: str = "<bytes>") -> Manuscript:
    """Read a .docx given as bytes."""
    parts = _open(data, path)
    doc = _Document()
    counter = ListCounter(parts.get("numbering"), parts.get("styles"))
    doc.sup_styles = superscript_styles(parts.get("styles"))
    body_count = 0
    for element in _block_paragraphs(parts["body"]):
        body_count += 1
        paragraph = _Paragraph("body", None, body_count, label=counter.label(element))
        _paragraph(doc, element, paragraph)
        if paragraph.label is None:
            written = written_label(paragraph.text)
            if written is not None:
                paragraph.label, paragraph.label_end = written
    for part, root in (("footnote", parts.get("footnotes")), ("endnote", parts.get("endnotes"))):
        if root is None:
            continue
        for note in root.findall(f"{_W}{part}"):
            kind = note.get(f"{_W}type")
            if kind in ("separator", "continuationSeparator", "continuationNotice"):
                continue
            number = int(note.get(f"{_W}id", "0")) if note.get(f"{_W}id", "0").lstrip("-").isdigit() else 0
            doc.stack = []  # a field left open elsewhere does not swallow the note
            for n, element in enumerate(_block_paragraphs(note), start=1):
                _paragraph(doc, element, _Paragraph(part, number, n))
    if not any(paragraph.text.strip() for paragraph in doc.paragraphs):
        raise InputError(f"{path}: has no text")
    source, segments, positions = _lay_out(doc, path)
    manuscript = read_markdown_string(source, path, format="docx", segments=segments)
    citations = _field_citations(manuscript, doc, positions)
    return replace(manuscript, prepared_citations=citations)


def read_docx_file(path: Path) -> Manuscript:
    """Read a .docx file."""
    return read_docx_bytes(read_file_bytes(path), str(path))


# --- opening the package ------------------------------------------------------------------------


def _open(data: bytes, path: str) -> dict[str, etree._Element]:
    """The body element and the footnotes, endnotes, numbering and styles roots, or a FormatError."""
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise FormatError(f"{path}: is an old Word .doc (or an encrypted .docx); save it as .docx")
    if not data.startswith(b"PK"):
        raise FormatError(f"{path}: is not a .docx (a .docx is a zip archive; this file is not)")
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(text_parts(data, path)))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise FormatError(f"{path}: is a zip archive but not a Word document ({exc})") from exc
    except etree.XMLSyntaxError as exc:
        raise FormatError(f"{path}: its document.xml is not well-formed ({exc.msg})") from exc
    parts: dict[str, etree._Element] = {"body": document.element.body}
    for rel in document.part.rels.values():
        if rel.is_external or rel.reltype not in _PARTS:
            continue
        name = _PARTS[rel.reltype]
        try:
            parts[name] = parse_xml(rel.target_part.blob)
        except etree.XMLSyntaxError as exc:
            raise FormatError(f"{path}: its {name}.xml is not well-formed ({exc.msg})") from exc
    return parts


def text_parts(data: bytes, path: str) -> bytes:
    """The package with only its XML parts inflated, or an InputError for a zip bomb.

    python-docx inflates every part the document is related to, images included; a 3 MB file
    whose image inflates to 3 GiB would take that much memory.  Only the XML parts (and the
    relationships) are read here, each checked on its declared size and compression ratio
    before it is inflated (Python's zipfile never inflates a member beyond its declared size);
    every other part is handed on empty, as the reader needs none of them.
    """
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = archive.infolist()
        if len(members) > MAX_ZIP_MEMBERS:
            raise InputError(f"{path}: holds {len(members):,} parts, more than a Word document has (a zip bomb?)")
        total = 0
        slim = io.BytesIO()
        with zipfile.ZipFile(slim, "w", zipfile.ZIP_STORED) as out:
            for member in members:
                if member.is_dir():
                    continue
                if not member.filename.lower().endswith((".xml", ".rels")):
                    out.writestr(member.filename, b"")  # an image, font or embedded object: never inflated
                    continue
                total += member.file_size
                ratio = member.file_size / max(member.compress_size, 1)
                if member.file_size > MAX_ZIP_RATIO_FROM and ratio > MAX_ZIP_RATIO:
                    raise InputError(
                        f"{path}: its part {member.filename[:80]} inflates {ratio:,.0f} times, to {_mib(member.file_size)} "
                        "(a zip bomb?); not read"
                    )
                if total > MAX_UNZIPPED_BYTES:
                    raise InputError(f"{path}: its text parts inflate to more than {_mib(MAX_UNZIPPED_BYTES)}; not read")
                try:
                    out.writestr(member.filename, archive.read(member))
                except (zipfile.BadZipFile, zlib.error, EOFError, RuntimeError, NotImplementedError) as exc:
                    # A damaged part, or one encrypted or packed in a way zipfile does not read.
                    raise FormatError(f"{path}: its part {member.filename[:80]} cannot be unpacked ({exc})") from exc
    return slim.getvalue()


def _mib(count: int) -> str:
    return f"{count / (1 << 20):,.0f} MiB"


def _block_paragraphs(container: etree._Element):
    """The w:p elements of a body or note in reading order, through tables and content controls."""
    for child in container:
        tag = child.tag
        if tag == f"{_W}p":
            yield child
        elif tag in (f"{_W}tbl", f"{_W}tr", f"{_W}tc", f"{_W}sdt", f"{_W}sdtContent", f"{_W}customXml"):
            yield from _block_paragraphs(child)


# --- paragraphs and runs ------------------------------------------------------------------------


def _paragraph(doc: _Document, element: etree._Element, paragraph: _Paragraph) -> None:
    style = element.find(f"{_W}pPr/{_W}pStyle")
    style_id = style.get(f"{_W}val", "") if style is not None else ""
    outline = element.find(f"{_W}pPr/{_W}outlineLvl")
    paragraph.heading = bool(_HEADING_STYLE.match(style_id)) or outline is not None
    _inline(doc, element)
    doc.close(paragraph)


def _inline(doc: _Document, element: etree._Element) -> None:
    for child in element:
        tag = child.tag
        if tag == f"{_W}r":
            _run(doc, child)
        elif tag == f"{_W}fldSimple":
            simple = _Field(instruction=[child.get(f"{_W}instr", "")])
            doc.stack.append(simple)
            simple.start = doc.here()
            _inline(doc, child)
            doc.stack.pop()
            simple.end = doc.end_here()
            doc.fields.append(simple)
        elif tag in (f"{_W}hyperlink", f"{_W}smartTag", f"{_W}ins", f"{_W}sdt", f"{_W}sdtContent", f"{_W}customXml", f"{_W}moveTo"):
            _inline(doc, child)
        # w:del, w:moveFrom, w:pPr, bookmarks, comments: not text


def _run(doc: _Document, run: etree._Element) -> None:
    props = run.find(f"{_W}rPr")
    align = props.find(f"{_W}vertAlign") if props is not None else None
    style = props.find(f"{_W}rStyle") if props is not None else None
    if align is not None:
        superscript = align.get(f"{_W}val") == "superscript"
    else:  # set by a character style ("Citation", "Endnote Reference")
        superscript = style is not None and style.get(f"{_W}val") in doc.sup_styles
    italic = props is not None and _on(props.find(f"{_W}i"))
    bold = props is not None and _on(props.find(f"{_W}b"))
    pieces: list[str] = []
    for child in run:
        tag = child.tag
        if tag == f"{_W}t":
            pieces.append(child.text or "")
        elif tag in (f"{_W}tab", f"{_W}br", f"{_W}cr"):
            pieces.append(" ")
        elif tag == f"{_W}noBreakHyphen":
            pieces.append("-")
        elif tag == f"{_W}sym":
            pieces.append(_SYMBOLS.get((child.get(f"{_W}char") or "").upper(), ""))
        elif tag in (f"{_W}footnoteReference", f"{_W}endnoteReference"):
            _flush(doc, pieces, superscript, italic)
            prefix = "" if tag == f"{_W}footnoteReference" else "e"
            doc.write(f"[^{prefix}{child.get(f'{_W}id')}]")
        elif tag == f"{_W}fldChar":
            _flush(doc, pieces, superscript, italic)
            _field_char(doc, child)
        elif tag == f"{_W}instrText" and doc.stack and doc.stack[-1].start is None:
            doc.stack[-1].instruction.append(child.text or "")
    _flush(doc, pieces, superscript, italic)
    if not bold and any((t.text or "").strip() for t in run.findall(f"{_W}t")) and doc.visible():
        doc.all_bold = False


def _on(element: etree._Element | None) -> bool:
    return element is not None and element.get(f"{_W}val", "true") not in ("0", "false", "none")


def _flush(doc: _Document, pieces: list[str], superscript: bool, italic: bool) -> None:
    text = "".join(pieces)
    pieces.clear()
    if not text:
        return
    if superscript and (text.strip() or doc.last_sup):
        doc.superscript(text)
        return
    if italic and text.strip() and doc.in_references and not _ET_AL.match(text):
        # Italics mark titles in an entry; in prose they would hide "*et al.*" from the patterns,
        # and in an entry an italic "et al." is no title.
        lead, core, trail = re.match(r"^(\s*)(.*?)(\s*)$", text, re.DOTALL).groups()
        text = f"{lead}*{core}*{trail}"
    doc.write(text)


def _field_char(doc: _Document, char: etree._Element) -> None:
    kind = char.get(f"{_W}fldCharType")
    if kind == "begin":
        data = char.find(f"{_W}fldData")
        doc.stack.append(_Field(data=[data.text or ""] if data is not None else []))
    elif kind == "separate" and doc.stack:
        doc.stack[-1].start = doc.here()
        if _BIBLIOGRAPHY.search(doc.stack[-1].instr):
            doc.in_references = True
    elif kind == "end" and doc.stack:
        ended = doc.stack.pop()
        if ended.start is not None:
            ended.end = doc.end_here()
            doc.fields.append(ended)


# --- laying the document out as Markdown ---------------------------------------------------------


def _lay_out(doc: _Document, path: str) -> tuple[str, list[Segment], list[int]]:
    """The Markdown source, a segment per paragraph, and each paragraph's offset in the source.

    Notes go before the reference section (the Markdown reader reads everything after a
    reference heading as entries).  The reference section is, in this order of trust: a
    reference manager's bibliography field; numbered lists of entries found by their shape
    (``reference_runs``), wherever they stand, each entry shown with its number; the paragraphs
    after a reference heading.  A section with no heading above it gets one.
    """
    paragraphs = doc.paragraphs
    body = [i for i, p in enumerate(paragraphs) if p.part == "body"]
    notes = [i for i, p in enumerate(paragraphs) if p.part != "body"]
    headings = [i for i in body if _is_reference_heading(paragraphs[i])]
    references_at = headings[-1] if headings else None
    bibliography_at = _bibliography_start(doc)
    entries: list[int] = []  # numbered entries found by shape, shown after the body
    heading_line = "# References"
    add_heading = False
    if bibliography_at is not None and (references_at is None or references_at > bibliography_at):
        references_at, add_heading = bibliography_at, True
    elif bibliography_at is None:
        runs = reference_runs([(i, paragraphs[i].label, paragraphs[i].text) for i in body if paragraphs[i].text.strip()])
        before = _previous_text(paragraphs, body, runs[0][0]) if runs else None
        if runs and (references_at is None or before == references_at):
            entries = [i for run in runs for i in run]
            if before is not None and before == references_at:
                heading_line = _shown(paragraphs[before])
            references_at, add_heading = None, True
    skipped = set(entries) | ({i for i in headings if add_heading and entries and _shown(paragraphs[i]) == heading_line})
    order = [i for i in body if i not in skipped and (references_at is None or i < references_at)]
    tail = entries or [i for i in body if references_at is not None and i >= references_at]
    front = _front_matter(paragraphs, body)

    chunks: list[str] = []
    segments: list[Segment] = []
    positions = [0] * len(paragraphs)
    length = 0

    def emit(text: str, segment: Segment | None) -> int:
        nonlocal length
        start = length
        if segment is not None:
            segments.append(replace(segment, start=start))
        chunks.append(text + "\n\n")
        length += len(text) + 2
        return start

    for i in order:
        shown = _shown(paragraphs[i])
        if i in front:
            shown = _SUP_TAG.sub("", shown)  # an author's affiliation marks, not citations
        positions[i] = emit(shown, _segment(paragraphs[i], path)) + _prefix(paragraphs[i])
    for note_id, part in sorted({(paragraphs[i].note, paragraphs[i].part) for i in notes}, key=lambda x: (x[1] != "footnote", x[0] or 0)):
        members = [i for i in notes if paragraphs[i].note == note_id and paragraphs[i].part == part]
        label = f"[^{'' if part == 'footnote' else 'e'}{note_id}]: "
        start = length
        line = label
        for n, i in enumerate(members):
            if n:
                line += " "
            positions[i] = start + len(line)
            segments.append(Segment(start=positions[i], line=paragraphs[i].number, file=f"{path} {part} {note_id}"))
            line += paragraphs[i].text
        emit(line, None)
    if add_heading:
        emit(heading_line, Segment(0, line=paragraphs[tail[0]].number if tail else 1, file=path))
    for i in tail:
        if paragraphs[i].label is not None and not paragraphs[i].heading:
            shown, shift = _entry(paragraphs[i])
            positions[i] = emit(shown, _segment(paragraphs[i], path)) + shift
        else:
            positions[i] = emit(_shown(paragraphs[i]), _segment(paragraphs[i], path)) + _prefix(paragraphs[i])
    segments.sort(key=lambda s: s.start)
    return "".join(chunks), segments, positions


# A superscript as laid out: "<sup>1,2</sup>".
_SUP_TAG = re.compile(r"</?sup>")


def _is_reference_heading(paragraph: _Paragraph) -> bool:
    words = heading_text(_shown(paragraph))
    return words is not None and is_reference_heading(words)


def _previous_text(paragraphs: list[_Paragraph], body: list[int], index: int) -> int | None:
    """The body paragraph with text just before ``index``."""
    earlier = [i for i in body if i < index and paragraphs[i].text.strip()]
    return earlier[-1] if earlier else None


def _front_matter(paragraphs: list[_Paragraph], body: list[int]) -> set[int]:
    """The title page's paragraphs, when affiliations are marked with superscripts.

    Before the first paragraph of running text, the last one that opens with a superscript
    ("¹Department of Biology ...") ends the title page: the superscripts up to there mark
    affiliations ("Smith¹, Jones²"), not citations.
    """
    last = None
    for n, i in enumerate(body):
        if len(paragraphs[i].text) >= _FRONT_PROSE or n >= _FRONT_PARAGRAPHS:
            break
        if paragraphs[i].lead_sup:
            last = i
    return {i for i in body if last is not None and i <= last}


def _entry(paragraph: _Paragraph) -> tuple[str, int]:
    """A numbered entry as shown ("12. Smith, J. ..."), and how far its text moved.

    Word's own numbers are written before the text; a written label keeps its form, with a
    space after it ("1.Köchy" reads "1. Köchy").
    """
    label = paragraph.label
    text = paragraph.text
    if label is None:
        return text, 0
    if not label.written:
        prefix = label.shown + " "
        return prefix + text, len(prefix)
    lead = paragraph.text[: paragraph.label_end]
    if not text.startswith(lead):
        return text, 0
    rest = text[len(lead) :]
    if rest[:1].isspace():
        return text, 0
    return lead.rstrip() + " " + rest, len(lead.rstrip()) + 1 - len(lead)


def _prefix(paragraph: _Paragraph) -> int:
    return 2 if paragraph.heading and paragraph.text.strip() else 0


def _shown(paragraph: _Paragraph) -> str:
    return ("# " + paragraph.text) if paragraph.heading and paragraph.text.strip() else paragraph.text


def _segment(paragraph: _Paragraph, path: str) -> Segment:
    return Segment(start=0, line=paragraph.number, file=path)


def _bibliography_start(doc: _Document) -> int | None:
    starts = [f.start[0] for f in doc.fields if f.start is not None and _BIBLIOGRAPHY.search(f.instr)]
    starts = [i for i in starts if i < len(doc.paragraphs) and doc.paragraphs[i].part == "body"]
    return min(starts) if starts else None


# --- citations stored in fields ------------------------------------------------------------------


def _field_citations(manuscript: Manuscript, doc: _Document, positions: list[int]) -> tuple[Citation, ...]:
    by_source = sorted((source, text) for text, source in enumerate(manuscript.offsets[:-1]))
    sources = [s for s, _ in by_source]
    citations = []
    for fld in doc.fields:
        works = _stored_works(fld)
        if not works or fld.start is None or fld.end is None:
            continue
        span = _text_span(fld, positions, by_source, sources)
        if span is None:
            continue
        shown = manuscript.text[span.start : span.end]
        for csl, prefix, locator in works:
            names = [family_of(n) for n in (csl.get("author") or csl.get("editor") or []) if family_of(n)]
            year = _year(csl)
            citations.append(
                Citation(
                    kind=CitationKind.PARENTHETICAL,
                    text=shown,
                    span=span,
                    location=manuscript.locate(span.start),
                    group=shown,
                    authors=tuple(names[:2]) if len(names) <= 2 else (names[0],),
                    et_al=len(names) > 2,
                    year=year,
                    prefix=prefix,
                    locator=locator,
                )
            )
    return tuple(citations)


def _text_span(fld: _Field, positions: list[int], by_source, sources) -> Span | None:
    """The text span shown by a field, from its start and end in the laid-out source."""
    start = positions[fld.start[0]] + fld.start[1] if fld.start[0] < len(positions) else None
    end_paragraph, end_char = fld.end
    end = positions[end_paragraph] + end_char if end_paragraph < len(positions) else None
    if start is None or end is None:
        return None
    low = bisect.bisect_left(sources, start)
    high = bisect.bisect_left(sources, end)
    texts = [text for _, text in by_source[low:high]]
    if not texts:
        return None
    return Span(min(texts), max(texts) + 1)


def _stored_works(fld: _Field) -> list[tuple[dict[str, Any], str, str]]:
    """The works a citation field stores, as (CSL-JSON item, prefix, locator)."""
    instr = fld.instr
    if _CSL_CITATION.search(instr):
        start, end = instr.find("{"), instr.rfind("}")
        try:
            data = json.loads(instr[start : end + 1]) if start >= 0 else {}
        except json.JSONDecodeError:
            return []  # a damaged field: the text is still checked as written
        items = data.get("citationItems") if isinstance(data, dict) else None
        works = []
        for item in items or []:
            csl = item.get("itemData") if isinstance(item, dict) else None
            if isinstance(csl, dict):
                works.append((csl, str(item.get("prefix") or ""), str(item.get("locator") or "")))
        return works
    if _ENDNOTE_CITATION.search(instr):
        xml = instr[instr.find("<") :] if "<EndNote" in instr else _endnote_data(fld)
        return [(csl, "", "") for csl in _endnote_works(xml)] if xml else []
    return []


def _endnote_data(fld: _Field) -> str:
    try:
        return base64.b64decode("".join(fld.data)).decode("utf-8", errors="replace")
    except (binascii.Error, ValueError):
        return ""


def _endnote_works(xml: str) -> list[dict[str, Any]]:
    """CSL-like items from EndNote's ``<EndNote><Cite>...`` citation XML."""
    try:
        root = parse_xml(xml.strip().encode("utf-8"), recover=True)
    except etree.XMLSyntaxError:
        return []
    if root is None:
        return []
    works = []
    for cite in root.iter("Cite"):
        record = cite.find("record")
        authors = []
        if record is not None:
            authors = [parse_name(_all_text(a)) for a in record.findall("contributors/authors/author")]
        if not authors and cite.find("Author") is not None:
            authors = [{"family": _all_text(cite.find("Author"))}]
        csl: dict[str, Any] = {"author": authors}
        year = _YEAR.search(_all_text(cite.find("Year")) or (_all_text(record.find("dates/year")) if record is not None else ""))
        if year:
            csl["issued"] = {"date-parts": [[int(year.group(1))]]}
        if record is not None and record.find("titles/title") is not None:
            csl["title"] = _all_text(record.find("titles/title"))
        works.append(csl)
    return works


def _all_text(element: etree._Element | None) -> str:
    return " ".join("".join(element.itertext()).split()) if element is not None else ""


def _year(csl: dict[str, Any]) -> str | None:
    issued = csl.get("issued") or {}
    parts = issued.get("date-parts") if isinstance(issued, dict) else None
    if parts and parts[0] and parts[0][0]:
        return str(parts[0][0])
    match = _YEAR.search(str(issued.get("raw") or issued.get("literal") or "")) if isinstance(issued, dict) else None
    return match.group(1) if match else None
