"""Readers: a file of any supported format -> Manuscript.  The only file reading of the pipeline."""

from __future__ import annotations

from pathlib import Path

from ..errors import FormatError, InputError
from ..model import Manuscript
from .markdown import read_markdown_string

SUFFIXES = {".md": "markdown", ".markdown": "markdown", ".txt": "text", ".text": "text", "": "text"}


def read_text_file(path: Path) -> str:
    """The text of a file, or an InputError saying in one line why it cannot be read."""
    if not path.exists():
        raise InputError(f"{path}: no such file")
    if path.is_dir():
        raise InputError(f"{path}: is a directory, not a manuscript")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror or exc})") from exc
    if not data.strip():
        raise InputError(f"{path}: is empty")
    if b"\x00" in data[:8192]:
        raise InputError(f"{path}: looks like a binary file, not a text manuscript")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{path}: is not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); save it as UTF-8"
        ) from exc
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_manuscript(path: str | Path, input_format: str | None = None) -> Manuscript:
    """Read a manuscript file, choosing the reader by suffix unless ``input_format`` says."""
    path = Path(path)
    fmt = input_format or SUFFIXES.get(path.suffix.lower())
    if fmt is None:
        raise FormatError(
            f"{path}: unsupported file type '{path.suffix}' (supported: .md, .markdown, .txt); "
            "use --input-format to say what it is"
        )
    if fmt not in ("markdown", "text"):
        raise FormatError(f"{path}: input format '{fmt}' is not supported yet")
    return read_markdown_string(read_text_file(path), str(path), format=fmt)


__all__ = ["read_manuscript", "read_markdown_string", "read_text_file"]
