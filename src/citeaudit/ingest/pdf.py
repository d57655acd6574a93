"""Read a PDF manuscript: text in reading order, page by page, with pdfplumber (pdfminer.six).

Words are grouped into lines by how much they overlap vertically (so a raised superscript stays
on its line), lines into columns when a page has a gutter, and columns into paragraphs by the
space between lines.  Then, using the fonts the PDF states:

    running headers and footers   lines in the top or bottom margin that repeat across pages
                                  (digits ignored), or that are only a page number: dropped
    footnotes                     the run of smaller lines at the foot of a page that starts with
                                  a number: written as ``[^n]: text``
    superscripts                  words smaller than the line and raised above its baseline:
                                  written as ``<sup>n</sup>``
    headings                      short lines larger than the body text, or all bold: ``# text``

The result is Markdown, read by the Markdown reader; ``segments`` point each PDF line back to
its page and its line on that page (counted from the top, in reading order).
"""

from __future__ import annotations

import io
import re
import statistics
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ..errors import FormatError, InputError
from ..model import Manuscript, Segment
from .files import read_file_bytes
from .markdown import heading_text, is_reference_heading, read_markdown_string

# A margin line that is only a page number: "12", "- 12 -", "Page 3", "3 of 10", "iv"
_PAGE_NUMBER = re.compile(r"^\W*(?:page\s+)?(?:\d{1,4}|[ivxlc]{1,6})(?:\s*(?:of|/)\s*\d{1,4})?\W*$", re.I)
# The number opening a footnote: "1 Pravda, ..." "12. See ..." (the superscript form is found by size)
_NOTE_NUMBER = re.compile(r"^(?P<number>\d{1,3})[.)]?\s+")
MARGIN = 0.09  # the share of the page height at the top and bottom where headers and footers sit


@dataclass(slots=True)
class _Word:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    font: str
    superscript: bool = False


@dataclass(slots=True)
class _Line:
    words: list[_Word]
    page: int
    number: int = 0  # line on the page, in reading order
    size: float = 0.0  # the size most of its characters have
    kind: str = "body"  # body, heading, note

    @property
    def top(self) -> float:
        return min(w.top for w in self.words)

    @property
    def bottom(self) -> float:
        """Where the line sits: the lowest word that is not a superscript."""
        return max(w.bottom for w in ([w for w in self.words if not w.superscript] or self.words))

    @property
    def x0(self) -> float:
        return min(w.x0 for w in self.words)

    @property
    def x1(self) -> float:
        return max(w.x1 for w in self.words)

    def plain(self) -> str:
        return " ".join(w.text for w in self.words)


@dataclass(slots=True)
class _Page:
    number: int
    height: float
    width: float
    lines: list[_Line] = field(default_factory=list)


def read_pdf_bytes(data: bytes, path: str = "<bytes>") -> Manuscript:
    """Read a PDF given as bytes."""
    pages = _pages(data, path)
    if not any(page.lines for page in pages):
        raise InputError(f"{path}: has no text layer (a scan?); run OCR on it first")
    body_size = _body_size(pages)
    _drop_running_lines(pages)
    for page in pages:
        _mark_notes(page, body_size)
        _mark_headings(page, body_size)
    source, segments = _lay_out(pages, path, body_size)
    manuscript = read_markdown_string(source, path, format="pdf")
    return replace(manuscript, segments=tuple(segments))


def read_pdf_file(path: Path) -> Manuscript:
    """Read a .pdf file."""
    return read_pdf_bytes(read_file_bytes(path), str(path))


# --- words and lines ------------------------------------------------------------------------------


def _pages(data: bytes, path: str) -> list[_Page]:
    if b"%PDF-" not in data[:1024]:
        raise FormatError(f"{path}: is not a PDF (no '%PDF-' header)")
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfminer.psparser import PSException
    from pdfplumber.utils.exceptions import PdfminerException

    pages = []
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            for number, page in enumerate(pdf.pages, start=1):
                words = page.extract_words(x_tolerance=1.5, y_tolerance=2, extra_attrs=["size", "fontname"])
                result = _Page(number, float(page.height), float(page.width))
                result.lines = _lines([_word(w) for w in words if w.get("upright", True)], number)
                pages.append(result)
    except (PDFPasswordIncorrect, PDFEncryptionError) as exc:
        raise InputError(f"{path}: is encrypted; save an unprotected copy") from exc
    except (PdfminerException, PDFSyntaxError, PSException) as exc:
        cause = exc.args[0] if exc.args else exc
        if isinstance(cause, (PDFPasswordIncorrect, PDFEncryptionError)):
            raise InputError(f"{path}: is encrypted; save an unprotected copy") from exc
        raise FormatError(f"{path}: is a damaged or unreadable PDF ({cause})") from exc
    return pages


def _word(raw: dict[str, Any]) -> _Word:
    return _Word(raw["text"], raw["x0"], raw["x1"], raw["top"], raw["bottom"], round(float(raw["size"]), 1), raw.get("fontname", ""))


def _lines(words: list[_Word], page: int) -> list[_Line]:
    """Group words into lines by vertical overlap, then split lines at column gaps."""
    lines: list[list[_Word]] = []
    for word in sorted(words, key=lambda w: (w.bottom, w.x0)):
        height = max(word.bottom - word.top, 0.1)
        for candidate in reversed(lines[-8:]):
            top = min(w.top for w in candidate)
            bottom = max(w.bottom for w in candidate)
            overlap = min(bottom, word.bottom) - max(top, word.top)
            if overlap >= 0.5 * min(height, bottom - top):
                candidate.append(word)
                break
        else:
            lines.append([word])
    result = []
    for words_in_line in lines:
        words_in_line.sort(key=lambda w: w.x0)
        result.extend(_split_columns(words_in_line, page))
    for line in result:
        sizes = Counter()
        for word in line.words:
            sizes[word.size] += len(word.text)
        line.size = sizes.most_common(1)[0][0]
        baseline = line.bottom
        for word in line.words:
            word.superscript = word.size <= 0.85 * line.size and baseline - word.bottom >= 0.15 * line.size
    return result


def _split_columns(words: list[_Word], page: int) -> list[_Line]:
    """A line cut where the gap between two words is wider than a column gutter."""
    pieces = [[words[0]]]
    for previous, word in zip(words, words[1:]):
        if word.x0 - previous.x1 > max(1.5 * previous.size, 12):
            pieces.append([word])
        else:
            pieces[-1].append(word)
    return [_Line(piece, page) for piece in pieces]


def _body_size(pages: list[_Page]) -> float:
    sizes: Counter[float] = Counter()
    for page in pages:
        for line in page.lines:
            for word in line.words:
                sizes[word.size] += len(word.text)
    return sizes.most_common(1)[0][0] if sizes else 10.0


# --- page furniture ------------------------------------------------------------------------------


def _in_margin(line: _Line, page: _Page) -> bool:
    return line.bottom <= page.height * MARGIN or line.top >= page.height * (1 - MARGIN)


def _drop_running_lines(pages: list[_Page]) -> None:
    """Drop running headers and footers: repeated margin lines and bare page numbers."""
    def shape(line: _Line) -> str:
        return re.sub(r"\d+", "#", line.plain().lower()).strip()

    counts: Counter[str] = Counter()
    for page in pages:
        counts.update({shape(line) for line in page.lines if _in_margin(line, page)})
    repeated = {text for text, n in counts.items() if len(pages) >= 2 and n >= max(2, len(pages) // 2)}
    for page in pages:
        page.lines = [
            line for line in page.lines
            if not (_in_margin(line, page) and (shape(line) in repeated or _PAGE_NUMBER.match(line.plain())))
        ]


def _mark_notes(page: _Page, body_size: float) -> None:
    """Mark the footnotes: the trailing run of small lines whose first line starts with a number."""
    ordered = sorted(page.lines, key=lambda line: line.top)
    run: list[_Line] = []
    for line in reversed(ordered):
        if line.size < 0.92 * body_size:
            run.append(line)
        else:
            break
    run.reverse()
    starts = [i for i, line in enumerate(run) if _note_number(line) is not None]
    if not starts:
        return
    for line in run[starts[0] :]:
        line.kind = "note"


def _note_number(line: _Line) -> int | None:
    first = line.words[0]
    if first.superscript and first.text.isdigit():
        return int(first.text)
    match = _NOTE_NUMBER.match(line.plain())
    return int(match.group("number")) if match else None


def _mark_headings(page: _Page, body_size: float) -> None:
    for line in page.lines:
        text = line.plain()
        if line.kind != "body" or len(text) > 90 or not re.search(r"[A-Za-z]", text):
            continue
        bold = all("bold" in w.font.lower() or "black" in w.font.lower() for w in line.words)
        if line.size >= 1.15 * body_size or (bold and not text.rstrip().endswith(".")):
            line.kind = "heading"


# --- reading order and Markdown ------------------------------------------------------------------


def _reading_order(page: _Page) -> list[_Line]:
    """Lines top to bottom; on a two-column page, each band's left column before its right."""
    lines = sorted(page.lines, key=lambda line: (line.top, line.x0))
    middle = page.width / 2
    left = [line for line in lines if line.x1 <= middle + 2]
    right = [line for line in lines if line.x0 >= middle - 2]
    if len(left) < 4 or len(right) < 4:
        return lines
    ordered: list[_Line] = []
    band: list[_Line] = []
    for line in lines:
        if line.x0 < middle - 2 < line.x1 - 4:  # a line across the gutter ends a band
            ordered.extend(sorted(band, key=lambda item: (item.x0 >= middle - 2, item.top)))
            band = []
            ordered.append(line)
        else:
            band.append(line)
    ordered.extend(sorted(band, key=lambda item: (item.x0 >= middle - 2, item.top)))
    return ordered


def _render(line: _Line, italics: bool) -> str:
    """A line's words as Markdown: superscripts in <sup>, italics in * when asked."""
    out = []
    previous: _Word | None = None
    for word in line.words:
        text = word.text
        if word.superscript:
            text = f"<sup>{text}</sup>"
        elif italics and ("italic" in word.font.lower() or "oblique" in word.font.lower()):
            text = f"*{text}*"
        if previous is not None and word.x0 - previous.x1 > 0.15 * min(word.size, previous.size):
            out.append(" ")
        out.append(text)
        previous = word
    return re.sub(r"\*\s?\*", lambda m: m.group().replace("*", ""), "".join(out)) if italics else "".join(out)


def _lay_out(pages: list[_Page], path: str, body_size: float) -> tuple[str, list[Segment]]:
    """The Markdown source and one segment per PDF line.

    Body lines of a paragraph are joined with spaces (a hyphen at a line end is dropped when a
    lower-case word follows); after the reference heading, lines are kept, indented as printed,
    so that entries can be told apart by their hanging indent.
    """
    chunks: list[str] = []
    segments: list[Segment] = []
    length = 0
    in_references = False
    notes: list[tuple[int, list[tuple[_Line, str]]]] = []

    def write(text: str, segment: Segment | None = None) -> None:
        nonlocal length
        if segment is not None:
            segments.append(replace(segment, start=length))
        chunks.append(text)
        length += len(text)

    for page in pages:
        ordered = _reading_order(page)
        for n, line in enumerate(ordered, start=1):
            line.number = n
        body = [line for line in ordered if line.kind != "note"]
        gap = _usual_gap(body, body_size)
        lefts = _column_lefts(body, page)
        previous: _Line | None = None
        write("\n\n")  # a page ends a paragraph; the Markdown reader rejoins sentences
        for line in body:
            segment = Segment(0, line=line.number, page=page.number, file=path)
            if line.kind == "heading":
                words = line.plain()
                write("\n\n# ")
                write(words, segment)
                write("\n\n")
                in_references = in_references or is_reference_heading(heading_text("# " + words) or "")
                previous = None
                continue
            text = _render(line, in_references)
            new_paragraph = (
                previous is None
                or line.top - previous.bottom > gap + 0.5 * body_size  # a blank between paragraphs
                or abs(line.x0 - previous.x0) > page.width / 4  # the next column
            )
            if in_references:
                indent = "    " if line.x0 - lefts[line.x0 >= page.width / 2 - 2] > 0.8 * line.size else ""
                write("\n\n" if new_paragraph else "\n")
                write(indent)
                write(text, segment)
            else:
                if new_paragraph:
                    write("\n\n")
                elif chunks and chunks[-1].endswith("-") and text[:1].islower():
                    chunks[-1] = chunks[-1][:-1]
                    length -= 1
                else:
                    write(" ")
                write(text, segment)
            previous = line
        note_lines = [line for line in ordered if line.kind == "note"]
        for line in sorted(note_lines, key=lambda item: item.top):
            number = _note_number(line)
            if number is not None:
                notes.append((number, []))
            notes[-1][1].append((line, _render(line, False)))  # the first note line has a number
        for number, members in notes:
            write("\n\n")
            for i, (line, text) in enumerate(members):
                if i == 0:
                    text = f"[^{number}]: " + re.sub(r"^(?:<sup>\d{1,3}</sup>|\d{1,3}[.)]?)\s*", "", text)
                else:
                    write(" ")
                write(text, Segment(0, line=line.number, page=page.number, file=path))
        notes = []
    return "".join(chunks).strip("\n") + "\n", _shifted(segments, "".join(chunks))


def _shifted(segments: list[Segment], text: str) -> list[Segment]:
    """Segments moved for the blank lines stripped from the start of the source."""
    lead = len(text) - len(text.lstrip("\n"))
    return [replace(s, start=max(0, s.start - lead)) for s in segments]


def _usual_gap(lines: list[_Line], body_size: float) -> float:
    """The usual space between one line's bottom and the next one's top on a page."""
    gaps = [b.top - a.bottom for a, b in zip(lines, lines[1:]) if 0 <= b.top - a.bottom < 3 * body_size]
    return statistics.median(gaps) if gaps else 0.3 * body_size


def _column_lefts(lines: list[_Line], page: _Page) -> tuple[float, float]:
    """The left edge of the left column and of the right one (the same on a one-column page)."""
    middle = page.width / 2 - 2
    left = min((line.x0 for line in lines if line.x0 < middle), default=0.0)
    right = min((line.x0 for line in lines if line.x0 >= middle), default=left)
    return left, right
