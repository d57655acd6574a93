"""Hostile and damaged PDFs: bounded time and memory, one clear error (exit 2), never a traceback."""

from __future__ import annotations

import time
import zlib

import pytest

from citeaudit.cli import main
from citeaudit.errors import FormatError, InputError
from citeaudit.ingest import pdf_chars
from citeaudit.ingest.pdf import read_pdf_bytes
from pdf_maker import line, make_pdf


def with_content_stream(body: bytes, dictionary: bytes) -> bytes:
    """A one-page PDF whose content stream is ``body`` under ``dictionary`` (no xref needed:
    PDFium rebuilds it)."""
    return (
        b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
        b"2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
        b"3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >> endobj\n"
        b"4 0 obj << " + dictionary + b" /Length %d >>\nstream\n" % len(body) + body + b"\nendstream endobj\n"
        b"trailer << /Root 1 0 R >>\n%%EOF\n"
    )


def bomb(megabytes: int) -> bytes:
    return zlib.compress(b"\0" * (megabytes * 1024 * 1024), 1)


def test_ten_thousand_pages_is_one_error_quickly():
    data = make_pdf([[line(100, "x")]] * 10_001)
    started = time.monotonic()
    with pytest.raises(InputError, match="has 10001 pages; citeaudit reads at most"):
        read_pdf_bytes(data, "long.pdf")
    assert time.monotonic() - started < 5


@pytest.mark.parametrize(
    ("dictionary", "refused"),
    [
        pytest.param(b"/Filter /FlateDecode", True, id="plain"),
        pytest.param(b"/Filter [/FlateDecode] /DecodeParms << /Columns 4 >>", True, id="nested-dictionary"),
        pytest.param(b"/Subtype /Image /Filter /FlateDecode", False, id="image-left-alone"),
    ],
)
def test_a_stream_that_inflates_past_the_limit_is_refused(monkeypatch, dictionary, refused):
    monkeypatch.setattr(pdf_chars, "MAX_INFLATED", 2 * 1024 * 1024)
    data = with_content_stream(bomb(8), dictionary)
    if refused:
        with pytest.raises(FormatError, match="inflates past 2 MiB"):
            pdf_chars.check_streams(data, "bomb.pdf")
    else:
        pdf_chars.check_streams(data, "bomb.pdf")


def test_a_bomb_in_a_whole_pdf_is_one_error(monkeypatch):
    """Through the reader: refused at the limit, a megabyte at a time, before PDFium sees it."""
    monkeypatch.setattr(pdf_chars, "MAX_INFLATED", 16 * 1024 * 1024)
    data = with_content_stream(bomb(64), b"/Filter /FlateDecode")
    started = time.monotonic()
    with pytest.raises(FormatError, match="inflates past 16 MiB"):
        read_pdf_bytes(data, "bomb.pdf")
    assert time.monotonic() - started < 5


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(make_pdf([[line(100, "Sea walls held (Smith, 2001).")]]).replace(b"xref", b"xfer"), id="xref-keyword-broken"),
        pytest.param(make_pdf([[line(100, "Sea walls held (Smith, 2001).")]]).replace(b" 00000 n", b" 99999 n"), id="xref-offsets-wrong"),
        pytest.param(make_pdf([[line(100, "Sea walls held (Smith, 2001).")]])[:-60], id="truncated-trailer"),
        pytest.param(with_content_stream(bomb(1)[:200], b"/Filter /FlateDecode"), id="flate-cut-short"),
        pytest.param(b"%PDF-1.7\n" + b"1 0 obj << /Type /Catalog /Pages 1 0 R >> endobj\n" * 50, id="pages-loop"),
    ],
)
def test_damaged_pdf_is_read_or_refused_in_one_line(data):
    started = time.monotonic()
    try:
        manuscript = read_pdf_bytes(data, "bad.pdf")
    except InputError as exc:  # FormatError included
        assert "\n" not in str(exc) and str(exc).startswith("bad.pdf: ")
    else:
        assert "Sea walls" in manuscript.text
    assert time.monotonic() - started < 5


def test_cli_exits_2_with_one_line_on_a_hostile_pdf(tmp_path, capsys):
    path = tmp_path / "long.pdf"
    path.write_bytes(make_pdf([[line(100, "x")]] * 2_001))
    with pytest.raises(SystemExit) as exit_info:
        main(["verify", str(path), "--offline", "--out", str(tmp_path / "out")])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err.strip()
    assert "has 2001 pages" in err and "Traceback" not in err
