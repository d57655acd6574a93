"""Readers: a file of any supported format -> Manuscript.  The only file reading of the pipeline."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ..errors import FormatError, InputError, UsageError
from ..model import Manuscript
from .files import read_file_bytes
from .markdown import read_markdown_string

SUFFIXES = {
    ".md": "markdown", ".markdown": "markdown", ".qmd": "markdown", ".rmd": "markdown",  # .Rmd too
    ".txt": "text", ".text": "text", "": "text",
    ".tex": "latex", ".ltx": "latex", ".bib": "bibtex", ".docx": "docx", ".pdf": "pdf",
    ".xml": "jats", ".nxml": "jats", ".jats": "jats",
}
#: Every format ``--input-format`` accepts.
FORMATS = ("markdown", "text", "latex", "bibtex", "docx", "pdf", "jats")


def read_text_file(path: Path) -> str:
    """The text of a file, or an InputError saying in one line why it cannot be read."""
    data = read_file_bytes(path)
    if b"\x00" in data[:8192]:
        raise InputError(f"{path}: looks like a binary file, not a text manuscript")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{path}: is not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); save it as UTF-8"
        ) from exc
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_manuscript(path: str | Path, input_format: str | None = None, *, bib: Sequence[str | Path] = ()) -> Manuscript:
    """Read a manuscript file, choosing the reader by suffix unless ``input_format`` says.

    ``bib`` gives a LaTeX or Pandoc manuscript's bibliography files instead of those it names.
    A Markdown file with Pandoc citations (``[@key]``) or a front-matter bibliography is read
    by the Pandoc reader; plain Markdown by the generic one.
    """
    path = Path(path)
    fmt = input_format or SUFFIXES.get(path.suffix.lower())
    if fmt is None:
        raise FormatError(
            f"{path}: unsupported file type '{path.suffix}' (supported: {', '.join(s for s in SUFFIXES if s)}); "
            "use --input-format to say what it is"
        )
    if fmt not in FORMATS:
        raise FormatError(f"{path}: unknown input format '{fmt}' (choose from {', '.join(FORMATS)})")
    if bib and fmt not in ("latex", "markdown"):
        raise UsageError(f"{path}: --bib goes with a LaTeX or Markdown (Pandoc) manuscript, not a {fmt} one")
    if fmt in ("docx", "pdf"):
        return _read_binary(path, fmt)
    if fmt == "latex":
        from .latex import read_latex_file

        return read_latex_file(path, [Path(b) for b in bib])
    if fmt == "markdown":
        from .pandoc import read_pandoc_file

        pandoc = read_pandoc_file(path, [Path(b) for b in bib])
        if pandoc is not None:
            return pandoc
    text = read_text_file(path)
    if fmt == "bibtex":
        from .bib import read_bib_string

        return read_bib_string(text, str(path))
    if fmt == "jats":
        from .jats import read_jats_string

        return read_jats_string(text, str(path))
    return read_markdown_string(text, str(path), format=fmt)


def _read_binary(path: Path, fmt: str) -> Manuscript:
    if not path.exists():
        raise InputError(f"{path}: no such file")
    if path.is_dir():
        raise InputError(f"{path}: is a directory, not a manuscript")
    if fmt == "docx":
        from .docx import read_docx_file

        return read_docx_file(path)
    from .pdf import read_pdf_file

    return read_pdf_file(path)


__all__ = ["FORMATS", "read_manuscript", "read_markdown_string", "read_text_file"]
