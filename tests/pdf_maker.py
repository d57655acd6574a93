"""Write small PDFs by hand for tests: standard fonts, text placed line by line, no library needed.

    make_pdf([[line(72, "Sea walls were studied early.", sup("1")), ...], [...]])

Each page is a list of lines; a line is a left position, a distance from the top of the page, and
pieces of text, each with its size, font (regular, bold, italic) and rise (for superscripts).
The text advances on its own (``Tj``), so a superscript sits right after the word before it.
``make_pdf(..., unit_fonts=True)`` sets every font at size 1 and scales it with the text matrix,
as some typesetters do; ``line(..., turned=True)`` sets a line turned a quarter (a sidebar).
"""

from __future__ import annotations

from dataclasses import dataclass

FONTS = {"regular": "Helvetica", "bold": "Helvetica-Bold", "italic": "Helvetica-Oblique", "mono": "Courier"}
_FONT_KEYS = {name: f"F{n}" for n, name in enumerate(FONTS, start=1)}


@dataclass(frozen=True)
class Piece:
    text: str
    size: float = 10
    font: str = "regular"
    rise: float = 0


@dataclass(frozen=True)
class Line:
    x: float
    top: float
    pieces: tuple[Piece, ...]
    turned: bool = False


def sup(text: str, size: float = 6, rise: float = 4) -> Piece:
    """A superscript: smaller, raised."""
    return Piece(text, size=size, rise=rise)


def line(
    top: float, *pieces: str | Piece, x: float = 72, size: float = 10, font: str = "regular", turned: bool = False
) -> Line:
    """A line ``top`` points below the top of the page; plain strings take ``size`` and ``font``."""
    return Line(x, top, tuple(p if isinstance(p, Piece) else Piece(p, size, font) for p in pieces), turned)


def _escape(text: str) -> bytes:
    data = text.encode("cp1252")
    return data.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def _content(lines: list[Line], height: float, unit_fonts: bool = False) -> bytes:
    out = [b"BT"]
    for item in lines:
        y = height - item.top
        for n, piece in enumerate(item.pieces):
            key = _FONT_KEYS[piece.font].encode()
            if unit_fonts:  # size 1, scaled by the matrix: a line's pieces take its first piece's size
                scale = item.pieces[0].size
                a, b, c, d = (0, scale, -scale, 0) if item.turned else (scale, 0, 0, scale)
                if n == 0:
                    out.append(b"%.2f %.2f %.2f %.2f %.2f %.2f Tm" % (a, b, c, d, item.x, y))
                out.append(b"/%s 1 Tf %.4f Ts (%s) Tj" % (key, piece.rise / scale, _escape(piece.text)))
                continue
            if n == 0:
                a, b, c, d = (0, 1, -1, 0) if item.turned else (1, 0, 0, 1)
                out.append(b"%d %d %d %d %.2f %.2f Tm" % (a, b, c, d, item.x, y))
            out.append(b"/%s %.2f Tf %.2f Ts (%s) Tj" % (key, piece.size, piece.rise, _escape(piece.text)))
    out.append(b"ET")
    return b"\n".join(out)


def make_pdf(pages: list[list[Line]], width: float = 612, height: float = 792, unit_fonts: bool = False) -> bytes:
    """The bytes of a PDF with one page per list of lines."""
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    catalog = add(b"")  # filled in below, once the page tree's number is known
    fonts = {
        key: add(b"<< /Type /Font /Subtype /Type1 /BaseFont /%s /Encoding /WinAnsiEncoding >>" % FONTS[name].encode())
        for name, key in _FONT_KEYS.items()
    }
    font_dict = b" ".join(b"/%s %d 0 R" % (key.encode(), number) for key, number in fonts.items())
    tree = add(b"")
    page_numbers = []
    for lines in pages:
        stream = _content(lines, height, unit_fonts)
        content = add(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))
        page_numbers.append(
            add(
                b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 %.0f %.0f] /Resources << /Font << %s >> >> /Contents %d 0 R >>"
                % (tree, width, height, font_dict, content)
            )
        )
    objects[catalog - 1] = b"<< /Type /Catalog /Pages %d 0 R >>" % tree
    kids = b" ".join(b"%d 0 R" % n for n in page_numbers)
    objects[tree - 1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, len(page_numbers))

    data = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(data))
        data += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(data)
    data += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        data += b"%010d 00000 n \n" % offset
    data += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, catalog, xref)
    return bytes(data)
