"""Read a LaTeX manuscript: ``\\cite`` keys as written, the bibliography from its .bib files.

What is read:

    \\input{f} \\include{f}       expanded in place (relative to the main file), comments ignored
    \\cite \\citep \\citet ...     one prepared Citation per key, with its optional arguments as
                                prefix and locator: \\citep[see][p.~12]{a,b}; \\nocite{*} cites all
    \\bibliography{a,b}          a.bib, b.bib next to the main file (or the --bib files given),
    \\addbibresource{a.bib}      read with bibtexparser; failed blocks kept as unparsed entries
    thebibliography / \\bibitem  entries parsed like a written reference list, keyed by \\bibitem

``Manuscript.source`` is every file read, one after another; ``segments`` say which file each
stretch came from, so that locations name the file and its own line.  The text keeps each cite
command as written (so locations point into it) and lays the bibliography out after the body.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..errors import FormatError, InputError
from ..model import Citation, CitationKind, Manuscript, Reference, Segment, Span
from ..references.bibtex import read_bib_blocks
from ..references.parse import parse_reference
from ..references.tex import latex_to_text
from .bib import bib_references
from .clean import TextBuilder

# A cite command with up to two optional arguments and its keys:
#   \cite{a}  \citep[see][p.~12]{a,b}  \citet*{a}  \parencite[chap. 3]{a}  \nocite{*}
CITE = re.compile(
    r"""\\(?P<command>
          (?:[Cc]ite(?:p|t|alp|alt|author|year|yearpar|num|title|date|url)?
            |[Pp]arencite|[Tt]extcite|[Aa]utocite|[Ff]ootcite(?:text)?|[Ss]martcite|[Ss]upercite
            |[Ff]ullcite|nocite)\*?)
        (?![A-Za-z])\s*
        (?:\[(?P<first>[^\[\]{}]*(?:\{[^{}]*\}[^\[\]{}]*)*)\]\s*)?
        (?:\[(?P<second>[^\[\]{}]*(?:\{[^{}]*\}[^\[\]{}]*)*)\]\s*)?
        \{(?P<keys>[^{}]*)\}""",
    re.VERBOSE,
)

# What the reader acts on, tried left to right; everything else is prose:
#   % comment   \% (an escape, so not a comment)   \input{intro}   \include{ch1}
#   \begin{document}   \end{document}   \begin{thebibliography}{9}   \begin{comment}
#   \bibliography{refs,more}   \addbibresource[datatype=bibtex]{refs.bib}
_STRUCTURE = re.compile(
    r"""(?P<comment>%[^\n]*)
      | (?P<escape>\\[^A-Za-z])
      | (?P<input>\\(?:input|include|subfile)\s*\{(?P<file>[^{}]+)\}|\\input\s+(?P<bare>[^\s{}%\\]+))
      | (?P<begin_document>\\begin\s*\{document\})
      | (?P<end_document>\\end\s*\{document\})
      | (?P<thebibliography>\\begin\s*\{thebibliography\}\s*(?:\{[^{}]*\})?)
      | (?P<skip_env>\\begin\s*\{(?P<env>comment|verbatim\*?|lstlisting|minted)\})
      | (?P<bibliography>\\(?:bibliography|addbibresource|addglobalbib)\s*(?:\[[^\]]*\])?\s*\{(?P<bibs>[^{}]+)\})
      | (?P<cite>\\(?=[A-Za-z]))""",
    re.VERBOSE,
)

# One \bibitem: "\bibitem[Smith(2001)]{smith01}" -> label "Smith(2001)", key "smith01"
_BIBITEM = re.compile(r"\\bibitem\s*(?:\[(?P<label>[^\]]*)\])?\s*\{(?P<key>[^{}]+)\}")
_END_BIBLIOGRAPHY = re.compile(r"\\end\s*\{thebibliography\}")

MAX_INPUT_DEPTH = 20

#: Loads a file named in the manuscript: ``(name, kind)`` -> ``(path shown, text)``; kind is
#: "tex" or "bib".  Raises InputError when the file is missing.
Loader = Callable[[str, str], tuple[str, str]]


@dataclass(slots=True)
class _Cite:
    key: str
    start: int  # text offsets of the key
    end: int
    command: str
    prefix: str
    locator: str


@dataclass(slots=True)
class _Reader:
    """State of one read: the files joined into ``source`` and the text laid out so far."""

    load: Loader
    source_parts: list[str] = field(default_factory=list)
    segments: list[Segment] = field(default_factory=list)
    length: int = 0
    out: TextBuilder = field(default_factory=TextBuilder)
    cites: list[_Cite] = field(default_factory=list)
    bib_names: list[tuple[str, int]] = field(default_factory=list)  # name, where it is named
    bibitems: list[tuple[int, int, str, str]] = field(default_factory=list)  # source start, end, key, label
    body_start: int | None = None
    body_end: int | None = None
    stack: list[str] = field(default_factory=list)

    def add_file(self, shown: str, text: str) -> int:
        """Append a file's text to ``source``; return where it starts."""
        if text and not text.endswith("\n"):
            text += "\n"
        start = self.length
        self.source_parts.append(text)
        self.segments.append(Segment(start=start, line=1, file=shown))
        self.length += len(text)
        return start

    def read(self, shown: str, text: str) -> None:
        if len(self.stack) >= MAX_INPUT_DEPTH or shown in self.stack:
            raise InputError(f"{shown}: \\input loops back on itself ({' -> '.join([*self.stack, shown])})")
        self.stack.append(shown)
        base = self.add_file(shown, text)
        self._walk(shown, text, base)
        self.stack.pop()

    def _prose(self, text: str, start: int, end: int, base: int) -> None:
        if end > start:
            plain, origins = latex_to_text(text, start, end)
            self.out.add_mapped(plain, [base + o for o in origins])

    def _walk(self, shown: str, text: str, base: int) -> None:
        pos = 0
        for match in _STRUCTURE.finditer(text):
            if match.start() < pos or match.lastgroup in ("comment", "escape"):
                continue
            kind = match.lastgroup
            if kind == "cite":
                cite = CITE.match(text, match.start())
                if cite is None:
                    continue
                self._prose(text, pos, match.start(), base)
                self._cite(cite, base)
                pos = cite.end()
                continue
            self._prose(text, pos, match.start(), base)
            pos = match.end()
            if kind == "input":
                name = (match.group("file") or match.group("bare")).strip()
                self.out.add(" ", base + match.start(), spread=False)
                self.read(*self.load(name, "tex"))
            elif kind == "begin_document":
                self.body_start = len(self.out)
            elif kind == "end_document":
                self.body_end = len(self.out)
                return
            elif kind == "thebibliography":
                end = _END_BIBLIOGRAPHY.search(text, pos)
                stop = end.start() if end else len(text)
                self._bibitems(text, pos, stop, base)
                pos = end.end() if end else len(text)
            elif kind == "skip_env":
                end = re.compile(rf"\\end\s*\{{{re.escape(match.group('env'))}\}}").search(text, pos)
                pos = end.end() if end else len(text)
            elif kind == "bibliography":
                for name in match.group("bibs").split(","):
                    if name.strip():
                        self.bib_names.append((name.strip(), base + match.start("bibs")))
        self._prose(text, pos, len(text), base)

    def _cite(self, cite: re.Match, base: int) -> None:
        """Copy the command into the text as written and note one citation per key."""
        start_in_text = len(self.out)
        command_text = cite.group()
        self.out.add(command_text, base + cite.start())
        first, second = cite.group("first"), cite.group("second")
        prefix, locator = (first or "", second or "") if second is not None else ("", first or "")
        keys_at = cite.start("keys") - cite.start()
        for key in re.finditer(r"[^,\s]+", cite.group("keys")):
            self.cites.append(
                _Cite(
                    key=key.group(),
                    start=start_in_text + keys_at + key.start(),
                    end=start_in_text + keys_at + key.end(),
                    command=command_text,
                    prefix=prefix.strip(),
                    locator=locator.replace("~", " ").strip(),
                )
            )

    def _bibitems(self, text: str, start: int, end: int, base: int) -> None:
        items = list(_BIBITEM.finditer(text, start, end))
        for n, item in enumerate(items):
            stop = items[n + 1].start() if n + 1 < len(items) else end
            self.bibitems.append((base + item.end(), base + stop, item.group("key").strip(), item.group("label") or ""))


def read_latex_string(
    source: str,
    path: str = "<string>",
    *,
    load: Loader | None = None,
    bib: Sequence[tuple[str, str]] | None = None,
) -> Manuscript:
    """Read a LaTeX manuscript given as a string.

    ``load`` fetches the files it names (``\\input``, ``\\bibliography``); ``bib`` gives the
    bibliography files outright as ``(path shown, text)``, instead of those it names.
    """
    if "\\" not in source:
        raise FormatError(f"{path}: has no LaTeX commands at all; is it really a .tex file?")
    load = load or _no_files(path)
    reader = _Reader(load)
    reader.read(path, source)
    body = Span(reader.body_start or 0, reader.body_end if reader.body_end is not None else len(reader.out))

    bib_files = list(bib) if bib is not None else _named_bibs(reader)
    if reader.cites and not bib_files and not reader.bibitems:
        raise InputError(
            f"{path}: cites {len(reader.cites)} keys but names no bibliography "
            "(\\bibliography, \\addbibresource or thebibliography); give the .bib with --bib"
        )
    # Lay out the bibliography after the body: each .bib verbatim, then each \bibitem's text.
    out = reader.out
    bib_starts = []
    references_start = len(out)
    for shown, text in bib_files:
        start = reader.add_file(shown, text)
        out.add("\n\n", start, spread=False)
        bib_starts.append((len(out), text))
        out.add(text, start)
    full_source = "".join(reader.source_parts)
    item_spans = []
    for src_start, src_end, key, label in reader.bibitems:
        plain, origins = latex_to_text(full_source, src_start, src_end, italics=True)
        lead = len(plain) - len(plain.lstrip())
        plain = plain.strip()
        out.add("\n\n", src_start, spread=False)
        text_start = len(out)
        out.add_mapped(plain, origins[lead : lead + len(plain)])
        item_spans.append((Span(text_start, len(out)), key, label, plain))
    references = Span(references_start, len(out)) if len(out) > references_start else None

    manuscript = Manuscript(
        path=path,
        source=full_source,
        text=out.text(),
        offsets=tuple(out.offsets) + (len(full_source),),
        body=body,
        references=references,
        format="latex",
        segments=tuple(reader.segments),
    )
    bibliography: list[Reference] = []
    for text_start, text in bib_starts:
        blocks = read_bib_blocks(text)
        bibliography.extend(bib_references(manuscript, blocks, text_start, first_index=len(bibliography) + 1))
    for span, key, label, plain in item_spans:
        parsed = parse_reference(plain)
        bibliography.append(
            Reference(
                index=len(bibliography) + 1,
                raw=manuscript.source_slice(span).strip(),
                span=span,
                location=manuscript.locate(span.start),
                csl={"id": key, **parsed.csl},
                key=key,
                confidence=parsed.confidence,
                problems=parsed.problems,
            )
        )
    citations = tuple(
        Citation(
            kind=CitationKind.LATEX,
            text=cite.command,
            span=Span(cite.start, cite.end),
            location=manuscript.locate(cite.start),
            group=cite.command,
            key=cite.key,
            prefix=cite.prefix,
            locator=cite.locator,
        )
        for cite in reader.cites
    )
    return replace(manuscript, bibliography=tuple(bibliography), prepared_citations=citations)


def _named_bibs(reader: _Reader) -> list[tuple[str, str]]:
    """The .bib files named by \\bibliography / \\addbibresource, each read once."""
    names = dict.fromkeys(name if name.lower().endswith(".bib") else name + ".bib" for name, _ in reader.bib_names)
    return [reader.load(name, "bib") for name in names]


def _no_files(path: str) -> Loader:
    def load(name: str, kind: str) -> tuple[str, str]:
        raise InputError(f"{path}: names {name}, but only the text itself was given")

    return load


def read_latex_file(path: Path, bib: Sequence[Path] = (), read_text: Callable[[Path], str] | None = None) -> Manuscript:
    """Read a .tex file, the files it inputs, and its bibliography (``bib`` overrides what it names)."""
    from . import read_text_file

    read = read_text or read_text_file
    folder = path.parent

    def load(name: str, kind: str) -> tuple[str, str]:
        candidate = folder / name
        if kind == "tex" and not candidate.suffix:
            candidate = candidate.with_suffix(".tex")
        if not candidate.is_file():
            what = "\\input file" if kind == "tex" else "bibliography"
            hint = "" if kind == "tex" else "; give the .bib with --bib"
            raise InputError(f"{path}: the {what} {name} is not at {candidate}{hint}")
        return str(candidate), read(candidate)

    bib_files = [(str(p), read(p)) for p in bib] if bib else None
    return read_latex_string(read(path), str(path), load=load, bib=bib_files)
