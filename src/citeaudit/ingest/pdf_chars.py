"""A PDF's words, page by page, with their boxes, sizes, baselines and fonts (pypdfium2).

PDFium is used because it is fast (a tenth of pdfminer's time per page), keeps each character's
box, baseline and font, and maps ligatures and glyphs without a ToUnicode table through the
font's own encoding, where pdfminer writes ``(cid:2)`` for ``fi``.  Pages are opened and closed
one at a time so that memory stays flat on a long thesis; the limits below keep a hostile file
(ten thousand pages, a stream that inflates to gigabytes) from holding the reader for long.
"""

from __future__ import annotations

import ctypes
import math
import re
import unicodedata
import zlib
from dataclasses import dataclass

from ..errors import FormatError, InputError

#: Pages read at most: a thesis has a few hundred; ten thousand is an attack or a mistake.
MAX_PAGES = 2000
#: What one Flate stream may inflate to: a page's text is megabytes at most; more is a bomb.
MAX_INFLATED = 256 * 1024 * 1024
#: Characters a page may hold: a dense page has 10,000; more is a drawing made of text.
MAX_PAGE_CHARS = 200_000
#: Pages read from one opening of a document: PDFium keeps what it parsed of each page it loaded
#: (its annotations, its resources) until the document is closed, even once the page is closed
#: (300 pages with 4,500 links: 20 MB), so a long document is opened afresh after this many.
PAGES_PER_OPENING = 50

# A stream compressed with Flate: "/Filter /FlateDecode /Length 80 >>\nstream\r\n"; the data
# follows.  The dictionary may hold nested ones ("/DecodeParms << /Predictor 12 >>").
_FLATE_STREAM = re.compile(rb"/FlateDecode(?P<rest>.{0,600}?)\bstream\r?\n", re.S)
# Fonts whose glyphs are mathematics, not words: Computer Modern math, AMS symbols, Symbol.
MATH_FONT = re.compile(r"CM(?:MI|SY|EX)|MSAM|MSBM|Symbol|Math|STIX|rsfs|esint|wasy", re.I)
# Weights told by the font's name: "Taz-Bold", "Minion-Semibold", "Helvetica-Black", "Arial-BoldMT"
_BOLD_NAME = re.compile(r"bold|black|heavy|semibold|demi|medium|\.B$|-B$|ExtraBold|CMBX", re.I)
_ITALIC_NAME = re.compile(r"italic|oblique|\.I$|-I$|CMTI|CMMI|CMSL", re.I)

# Ligatures some fonts map to one code point: written out, so that "ﬁnd" is "find"
_LIGATURES = {0xFB00: "ff", 0xFB01: "fi", 0xFB02: "fl", 0xFB03: "ffi", 0xFB04: "ffl", 0xFB05: "st", 0xFB06: "st"}
_SPACE = 32
_SOFT_HYPHEN = 0xFFFE  # PDFium's mark for a hyphen that ends a line
_BREAKS = {9, 10, 13, _SPACE, 0xA0}


@dataclass(slots=True)
class Word:
    """A run of characters in one font and size with no space between them."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    base: float  # the baseline, from the top of the page
    size: float
    font: str
    bold: bool = False
    italic: bool = False
    superscript: bool = False
    space_before: bool = False  # the PDF put a space (or PDFium saw a gap) before it
    small_caps: bool = False  # capitals of two sizes on one baseline: "R" + "EFERENCES"

    @property
    def math(self) -> bool:
        return bool(MATH_FONT.search(self.font))


@dataclass(slots=True)
class PageWords:
    number: int
    width: float
    height: float
    words: list[Word]
    unmapped: int = 0  # characters PDFium could not give a Unicode value for
    chars: int = 0


def check_streams(data: bytes, path: str, budget: int | None = None) -> None:
    """Refuse a file with a Flate stream that inflates past ``budget`` bytes (a decompression
    bomb), inflating a megabyte at a time so that memory stays flat.  Images are left alone:
    reading text does not decode them."""
    budget = MAX_INFLATED if budget is None else budget
    for match in _FLATE_STREAM.finditer(data):
        head = data[max(0, match.start() - 600) : match.start()]
        dictionary = head[head.rfind(b"obj") + 1 :] + match.group("rest")
        if b"/Image" in dictionary:
            continue
        inflater = zlib.decompressobj()
        total = 0
        chunk = data[match.end() : match.end() + 64 * 1024 * 1024]
        while chunk:
            try:
                out = inflater.decompress(chunk, 1024 * 1024)
            except zlib.error:
                break  # a damaged stream: PDFium will say what it makes of it
            total += len(out)
            if total > budget:
                raise FormatError(
                    f"{path}: a compressed stream inflates past {budget // (1024 * 1024)} MiB; "
                    "refusing to read it (a damaged or hostile PDF?)"
                )
            chunk = inflater.unconsumed_tail
            if inflater.eof or not out:
                break


class PdfPages:
    """A PDF opened once, its pages' words read one page at a time: each page is loaded, read and
    closed again, so that the reader holds no page's text longer than its caller keeps the words.
    A page may be read again (a second pass over a long document costs less memory than
    keeping every page's words between the passes); the document is opened afresh after
    ``PAGES_PER_OPENING`` pages."""

    def __init__(self, data: bytes, path: str, max_pages: int = MAX_PAGES) -> None:
        if b"%PDF-" not in data[:1024]:
            raise FormatError(f"{path}: is not a PDF (no '%PDF-' header)")
        check_streams(data, path)
        self._data = data
        self._document = open_document(data, path)
        self._loaded = 0  # pages read since the document was opened
        self._count = len(self._document)
        if self._count > max_pages:
            self.close()
            raise InputError(f"{path}: has {self._count} pages; citeaudit reads at most {max_pages}")

    def __len__(self) -> int:
        return self._count

    def words(self, index: int) -> PageWords:
        """The words of page ``index`` (from 0)."""
        if self._loaded >= PAGES_PER_OPENING:
            self._document.close()
            self._document = open_document(self._data, "")  # opened once already: it opens again
            self._loaded = 0
        self._loaded += 1
        return _page_words(self._document, index)

    def close(self) -> None:
        self._document.close()

    def __enter__(self) -> PdfPages:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_document(data: bytes, path: str):
    """PDFium's document, or a one-line error saying why the file cannot be opened."""
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        message = str(exc)
        if "password" in message.lower() or "security" in message.lower():
            raise InputError(f"{path}: is encrypted; save an unprotected copy") from exc
        raise FormatError(f"{path}: is a damaged or unreadable PDF ({message})") from exc


def read_pages(data: bytes, path: str, max_pages: int = MAX_PAGES) -> list[PageWords]:
    """Every page's words, or a one-line error saying why the file cannot be read."""
    with PdfPages(data, path, max_pages) as pages:
        return [pages.words(index) for index in range(len(pages))]


def _page_words(document, index: int) -> PageWords:
    import pypdfium2.raw as raw

    page = document[index]
    try:
        width, height = page.get_size()
        textpage = page.get_textpage()
        try:
            return _words(raw, textpage.raw, index + 1, width, height)
        finally:
            textpage.close()
    finally:
        page.close()


class _Fonts:
    """Font name, bold and italic per PDFium font handle, asked once each."""

    def __init__(self, raw) -> None:
        self.raw = raw
        self.buffer = ctypes.create_string_buffer(256)
        self.flags = ctypes.c_int()
        self.seen: dict[tuple[bytes, int], tuple[str, bool, bool]] = {}

    def of(self, textpage, k: int) -> tuple[str, bool, bool]:
        raw = self.raw
        length = raw.FPDFText_GetFontInfo(textpage, k, self.buffer, 256, ctypes.byref(self.flags))
        name_bytes = self.buffer.raw[: max(0, length - 1)].split(b"\0", 1)[0]
        key = (name_bytes, self.flags.value)
        known = self.seen.get(key)
        if known is None:
            # PDFium's weight is a guess from the stems (792 for Times-Roman): the name and the
            # ForceBold flag say more
            name = name_bytes.decode("latin-1").split("+", 1)[-1]
            bold = bool(_BOLD_NAME.search(name)) or bool(self.flags.value & 0x40000)
            italic = bool(_ITALIC_NAME.search(name)) or bool(self.flags.value & 0x40)
            known = self.seen[key] = (name, bold, italic)
        return known


# Accents that TeX's OT1 fonts (and some others) set as glyphs of their own over a letter:
# "Gr´egoire" is "Grégoire".  The spacing accent, and the combining mark it stands for.
_ACCENTS = {
    0x60: "\u0300", 0xB4: "\u0301", 0x5E: "\u0302", 0x2C6: "\u0302", 0x7E: "\u0303", 0x2DC: "\u0303",
    0xAF: "\u0304", 0x2C9: "\u0304", 0x2D8: "\u0306", 0x2D9: "\u0307", 0xA8: "\u0308", 0x2DA: "\u030A",
    0x2DD: "\u030B", 0x2C7: "\u030C", 0xB8: "\u0327", 0x2DB: "\u0328",
}
# Letters TeX puts an accent on without their dot: "\'\i" is a dotless i under an acute.
_DOTLESS = {"\u0131": "i", "\u0237": "j"}


def _accented(before: str, text: str, before_box: tuple[float, float], box: tuple[float, float]) -> str | None:
    """The letter and accent written apart, one over the other, as one character ("´" + "e" is
    "é"), or None when they are not one: set side by side ("~smith" in a URL), or no character
    has that accent."""
    if len(before) != 1 or len(text) != 1:
        return None
    if ord(before) in _ACCENTS and text.isalpha():
        mark, letter = _ACCENTS[ord(before)], text
    elif ord(text) in _ACCENTS and before.isalpha():
        mark, letter = _ACCENTS[ord(text)], before
    else:
        return None
    overlap = min(before_box[1], box[1]) - max(before_box[0], box[0])
    if overlap < 0.5 * min(before_box[1] - before_box[0], box[1] - box[0]):
        return None
    joined = unicodedata.normalize("NFC", _DOTLESS.get(letter, letter) + mark)
    return joined if len(joined) == 1 else None


def _accent_target(current: list[str], boxes: list[tuple[float, float]], text: str, box: tuple[float, float]) -> int | None:
    """Which character of the word so far ``text`` joins as its accent, or the accent it takes
    (the last character): an accent may come after its whole word ("Spinar" + "ˇ" over the S)."""
    if len(text) == 1 and ord(text) in _ACCENTS:
        for at in range(len(current) - 1, max(-1, len(current) - 40), -1):
            if _accented(current[at], text, boxes[at], box):
                return at
        return None
    return len(current) - 1 if _accented(current[-1], text, boxes[-1], box) else None


def _small_caps(word: Word, current: list[str], text: str, size: float, x0: float, base: float) -> bool:
    """Whether a capital in another size goes on with the word: small capitals set as smaller
    capitals on the same baseline, "R" (10 pt) + "EFERENCES" (8 pt), as IEEEtran sets headings.
    A raised or lowered smaller character (a note marker, an index) starts a word of its own."""
    return (
        text.isalpha() and text.isupper()
        and all(part.isalpha() and part.isupper() for part in current)
        and 0.6 <= min(size, word.size) / max(size, word.size) < 1
        and abs(base - word.base) <= 0.1 * max(size, word.size)
        and -0.5 <= x0 - word.x1 <= 0.15 * max(size, word.size)
    )


_TEXT_OBJECT: list = []  # FPDFText_GetTextObject giving the handle's address as an int, made once


def _text_object(raw):
    """PDFium's FPDFText_GetTextObject returning the text object's address as a plain int (None
    for none): pypdfium2's binding returns a pointer, and casting each character's pointer took a
    tenth of the reading time."""
    if not _TEXT_OBJECT:
        address = ctypes.cast(raw.FPDFText_GetTextObject, ctypes.c_void_p).value
        _TEXT_OBJECT.append(ctypes.CFUNCTYPE(ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int)(address))
    return _TEXT_OBJECT[0]


def _words(raw, textpage, number: int, width: float, height: float) -> PageWords:
    count = min(raw.FPDFText_CountChars(textpage), MAX_PAGE_CHARS)
    fonts = _Fonts(raw)
    box = raw.FS_RECTF()
    ox, oy = ctypes.c_double(), ctypes.c_double()
    matrix = raw.FS_MATRIX()
    box_ref, ox_ref, oy_ref, matrix_ref = ctypes.byref(box), ctypes.byref(ox), ctypes.byref(oy), ctypes.byref(matrix)
    get_unicode, get_box, get_origin = raw.FPDFText_GetUnicode, raw.FPDFText_GetLooseCharBox, raw.FPDFText_GetCharOrigin
    get_object, map_error = _text_object(raw), raw.FPDFText_HasUnicodeMapError
    words: list[Word] = []
    current: list[str] = []
    word: Word | None = None
    last_x0 = 0.0
    boxes: list[tuple[float, float]] = []  # the left and right of each character of the word
    spaced = False
    unmapped = 0
    # what a text object (one run of text in one font, size and matrix) gives all its characters
    run_key: int | None = -1
    size, font, bold, italic, turned = 0.0, "", False, False, False

    def close() -> None:
        nonlocal word
        if word is not None and current:
            word.text = "".join(current)
            words.append(word)
        word = None
        current.clear()
        boxes.clear()

    for k in range(count):
        code = get_unicode(textpage, k)
        if code in _BREAKS or (code < 32 and code not in (2,)):
            close()
            spaced = code in (_SPACE, 0xA0, 9)
            continue
        key = get_object(textpage, k)
        if key != run_key or key is None:
            run_key = key
            size = raw.FPDFText_GetFontSize(textpage, k)
            turned = False
            if raw.FPDFText_GetMatrix(textpage, k, matrix_ref):
                # the size as printed: Tf's size scaled by the text matrix ("/F1 1 Tf 9.8 0 0 9.8 Tm")
                size *= math.hypot(matrix.c, matrix.d)
                # turned text: a licence sidebar, an arXiv stamp, a rotated table
                turned = abs(matrix.b) > 0.05 * abs(matrix.a) + 1e-9 or matrix.a < 0
            size = round(size, 1)
            font, bold, italic = fonts.of(textpage, k)
        if turned:
            close()
            continue
        if map_error(textpage, k):
            unmapped += 1
        get_box(textpage, k, box_ref)
        get_origin(textpage, k, ox_ref, oy_ref)
        if 0xD800 <= code <= 0xDFFF:  # half of a character beyond the first plane (math letters)
            if code <= 0xDBFF and k + 1 < count and 0xDC00 <= (low := get_unicode(textpage, k + 1)) <= 0xDFFF:
                code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
            elif code >= 0xDC00 and current and len(current[-1]) == 1 and ord(current[-1]) >= 0x10000:
                continue  # the second half of the character just written
            else:
                code = 0xFFFD
        text = "-" if code in (_SOFT_HYPHEN, 2) else _LIGATURES.get(code) or chr(code)
        x0, x1 = box.left, box.right
        top, bottom, base = height - box.top, height - box.bottom, height - oy.value
        if word is not None and current and (
            # the quick test first: neither this character nor the one before is an accent
            (len(text) == 1 and ord(text) in _ACCENTS) or (len(current[-1]) == 1 and ord(current[-1]) in _ACCENTS)
        ) and (at := _accent_target(current, boxes, text, (x0, x1))) is not None:
            current[at] = _accented(current[at], text, boxes[at], (x0, x1)) or current[at]
            if len(current) == 1:  # the accent opened the word: the letter's baseline is the word's
                word.base, word.x0 = base, min(word.x0, x0)
            word.x1, word.top, word.bottom = max(word.x1, x1), min(word.top, top), max(word.bottom, bottom)
            boxes[at] = (min(boxes[at][0], x0), max(boxes[at][1], x1))
            continue
        if word is not None and size != word.size and _small_caps(word, current, text, size, x0, base):
            word.small_caps = True
            word.size = max(word.size, size)
            run_key = -2  # the run's next character is read afresh (a word may follow in its size)
        elif word is not None and (
            size != word.size
            or font != word.font
            or (abs(base - word.base) > 0.25 * size and code not in _ACCENTS)  # a capital's accent is raised
            or x0 < last_x0 - 0.5  # went back: a new line or a new column (a ligature's parts share a box)
            or x0 - word.x1 > 0.25 * size  # a gap PDFium did not mark with a space
        ):
            close()
        if word is None:
            word = Word("", x0, x1, top, bottom, base, size, font, bold, italic, space_before=spaced)
            spaced = False
        else:
            word.x1 = max(word.x1, x1)
            word.top = min(word.top, top)
            word.bottom = max(word.bottom, bottom)
        current.append(text)
        boxes.append((x0, x1))
        last_x0 = x0
    close()
    words = _place_loose_accents(words)
    return PageWords(number, width, height, [w for w in words if w.size > 0], unmapped, count)


def _place_loose_accents(words: list[Word]) -> list[Word]:
    """Accents written apart from their letter, at the end of the line's text (TeX sets the
    caron of "Š" so): each joins the letter of the word it stands over, found by its place."""
    loose = [w for w in words if len(w.text) == 1 and ord(w.text) in _ACCENTS]
    if not loose:
        return words
    placed: set[int] = set()
    for accent in loose:
        centre = (accent.x0 + accent.x1) / 2
        host = next(
            (w for w in words if w is not accent and w.x0 <= centre <= w.x1 and w.top < accent.bottom and w.bottom > accent.top
             and w.size >= accent.size * 0.8),
            None,
        )
        if host is None or not host.text:
            continue
        guess = int((centre - host.x0) / max(host.x1 - host.x0, 0.1) * len(host.text))
        for at in (guess, guess - 1, guess + 1):
            if 0 <= at < len(host.text) and host.text[at].isalpha():
                joined = unicodedata.normalize("NFC", _DOTLESS.get(host.text[at], host.text[at]) + _ACCENTS[ord(accent.text)])
                if len(joined) == 1:
                    host.text = host.text[:at] + joined + host.text[at + 1 :]
                    placed.add(id(accent))
                    break
    return [w for w in words if id(w) not in placed]
