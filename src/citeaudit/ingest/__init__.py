"""Readers: a file of any supported format -> Manuscript.  The only file reading of the pipeline."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..collector import fewer_collections
from ..errors import FormatError, InputError, UsageError
from ..model import Manuscript
from .files import MAX_TEXT_BYTES, read_file_bytes


@dataclass(frozen=True, slots=True)
class Reader:
    """One input format: its name (``--input-format``), its suffixes, and the function that reads it.

    ``read(path, bib)`` gives the Manuscript; ``bib`` is only ever given to a reader that
    ``takes_bib`` (a LaTeX or Pandoc manuscript's bibliography files named by ``--bib``).
    """

    name: str
    suffixes: tuple[str, ...]
    read: Callable[..., Manuscript] = field(repr=False)
    takes_bib: bool = False
    takes_root: bool = False  # read(path, bib, root=DIR): files it names are read only inside DIR


# Each reader imports its format's libraries when it is first used, so that reading Markdown
# never loads the PDF or DOCX machinery.


def __getattr__(name: str):
    # The Markdown reader is imported on first use like the others, so that the command line can
    # list the formats without it (``citeaudit --help``; issue 11).
    if name == "read_markdown_string":
        from .markdown import read_markdown_string

        return read_markdown_string
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _read_markdown(path: Path, bib: Sequence[Path], root: Path | None = None) -> Manuscript:
    from .markdown import read_markdown_string
    from .pandoc import read_pandoc_file

    pandoc = read_pandoc_file(path, bib, root=root)  # None: plain Markdown, no Pandoc citations
    return pandoc if pandoc is not None else read_markdown_string(read_text_file(path), str(path), format="markdown")


def _read_text(path: Path, bib: Sequence[Path]) -> Manuscript:
    from .markdown import read_markdown_string

    return read_markdown_string(read_text_file(path), str(path), format="text")


def _read_latex(path: Path, bib: Sequence[Path], root: Path | None = None) -> Manuscript:
    from .latex import read_latex_file

    return read_latex_file(path, bib, root=root)


def _read_bibtex(path: Path, bib: Sequence[Path]) -> Manuscript:
    from .bib import read_bib_string

    return read_bib_string(read_text_file(path), str(path))


def _read_docx(path: Path, bib: Sequence[Path]) -> Manuscript:
    from .docx import read_docx_file

    return read_docx_file(path)


def _read_pdf(path: Path, bib: Sequence[Path]) -> Manuscript:
    from .pdf import read_pdf_file

    return read_pdf_file(path)


def _read_jats(path: Path, bib: Sequence[Path]) -> Manuscript:
    from .jats import read_jats_string

    return read_jats_string(read_text_file(path), str(path))


#: Every format citeaudit reads, in the order ``--input-format`` lists them.
READERS = (
    Reader("markdown", (".md", ".markdown", ".qmd", ".rmd"), _read_markdown, takes_bib=True, takes_root=True),  # .Rmd too
    Reader("text", (".txt", ".text", ""), _read_text),
    Reader("latex", (".tex", ".ltx"), _read_latex, takes_bib=True, takes_root=True),
    Reader("bibtex", (".bib",), _read_bibtex),
    Reader("docx", (".docx",), _read_docx),
    Reader("pdf", (".pdf",), _read_pdf),
    Reader("jats", (".xml", ".nxml", ".jats"), _read_jats),
)
_BY_NAME = {reader.name: reader for reader in READERS}
#: Suffix (lower case, with its dot; "" for none) -> format name.
SUFFIXES = {suffix: reader.name for reader in READERS for suffix in reader.suffixes}
#: Every format ``--input-format`` accepts.
FORMATS = tuple(_BY_NAME)


def read_text_file(path: Path) -> str:
    """The text of a file, or an InputError saying in one line why it cannot be read."""
    data = read_file_bytes(path, MAX_TEXT_BYTES)
    if b"\x00" in data[:8192]:
        raise InputError(f"{path}: looks like a binary file, not a text manuscript")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{path}: is not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); save it as UTF-8"
        ) from exc
    return text.replace("\r\n", "\n").replace("\r", "\n")


@fewer_collections()
def read_manuscript(
    path: str | Path, input_format: str | None = None, *, bib: Sequence[str | Path] = (), root: str | Path | None = None
) -> Manuscript:
    """Read a manuscript file, choosing the reader by suffix unless ``input_format`` says.

    ``bib`` gives a LaTeX or Pandoc manuscript's bibliography files instead of those it names.
    A Markdown file with Pandoc citations (``[@key]``) or a front-matter bibliography is read
    by the Pandoc reader; plain Markdown by the generic one.  ``root`` is the folder outside which
    a LaTeX manuscript's ``\\input`` files are not read (default: the manuscript's own folder).
    """
    path = Path(path)
    fmt = input_format or SUFFIXES.get(path.suffix.lower())
    if fmt is None:
        raise FormatError(
            f"{path}: unsupported file type '{path.suffix}' (supported: {', '.join(s for s in SUFFIXES if s)}); "
            "use --input-format to say what it is"
        )
    reader = _BY_NAME.get(fmt)
    if reader is None:
        raise FormatError(f"{path}: unknown input format '{fmt}' (choose from {', '.join(FORMATS)})")
    if bib and not reader.takes_bib:
        raise UsageError(f"{path}: --bib goes with a LaTeX or Markdown (Pandoc) manuscript, not a {fmt} one")
    if root is not None and reader.takes_root:
        return reader.read(path, [Path(b) for b in bib], root=Path(root))
    return reader.read(path, [Path(b) for b in bib])


__all__ = ["FORMATS", "READERS", "Reader", "SUFFIXES", "read_manuscript", "read_markdown_string", "read_text_file"]
