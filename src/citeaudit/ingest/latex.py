"""Read a LaTeX manuscript: ``\\cite`` keys as written, the bibliography from its .bib files.

What is read:

    \\input{f} \\include{f}       expanded in place (relative to the main file), comments ignored;
    \\import{dir}{f} \\subimport   also \\inputfrom, \\includefrom, \\subfile; a simple \\newcommand or
                                \\def in a path is expanded; a file not found is noted, not fatal
    \\cite \\citep \\citet ...     one prepared Citation per key, with its optional arguments as
                                prefix and locator: \\citep[see][p.~12]{a,b}; \\cites[a][b]{k}[c][d]{l}
                                gives one per key of each group; a user macro that wraps a cite
                                (\\newcommand{\\mycite}[1]{\\citep{#1}}) cites too
    \\nocite{a} \\nocite{*}        lists entries without citing them (not uncited, not citations)
    \\bibliography{a,b}          a.bib, b.bib next to the main file (or the --bib files given),
    \\addbibresource{a.bib}      read with bibtexparser; failed blocks kept as unparsed entries; when
                                none is there, the .bbl beside the main file
    thebibliography / \\bibitem  entries parsed like a written reference list, keyed by \\bibitem

``Manuscript.source`` is every file read, one after another; ``segments`` say which file each
stretch came from, so that locations name the file and its own line.  The text keeps each cite
command as written (so locations point into it) and lays the bibliography out after the body.
"""

from __future__ import annotations

import bisect
import posixpath
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath

from ..errors import FormatError, InputError
from ..model import Citation, CitationKind, Manuscript, Reference, Segment, Span, offset_map
from ..references.bibtex import read_bib_blocks
from ..references.parse import parse_reference
from ..references.tex import latex_to_text
from .bib import bib_references, entry_blocks
from .clean import TextBuilder
from .latex_args import KEY, CiteCommand, CiteMacro, balanced, cite_keys, cite_macro, read_cite

# A cite command with up to two optional arguments and its keys:
#   \cite{a}  \citep[see][p.~12]{a,b}  \citet*{a}  \parencite[chap. 3]{a}  \nocite{*}
CITE = re.compile(
    r"""\\(?P<command>
          (?:[Cc]ite(?:p|t|alp|alt|author|fullauthor|year|yearpar|num|title|date|url|poss|A|NP|authorNP|yearNP)?
            |[Pp]arencite|[Tt]extcite|[Aa]utocite|[Ff]ootcite(?:text)?|[Ss]martcite|[Ss]upercite
            |[Ff]ullcite|footfullcite|[Pp]?notecite|fnotecite|shortcite(?:A|NP)?|nocite)\*?)
        (?![A-Za-z])\s*
        (?:\[(?P<first>[^\[\]{}]*(?:\{[^{}]*\}[^\[\]{}]*)*)\]\s*)?
        (?:\[(?P<second>[^\[\]{}]*(?:\{[^{}]*\}[^\[\]{}]*)*)\]\s*)?
        \{(?P<keys>[^{}]*)\}""",
    re.VERBOSE,
)

# What the reader acts on, tried left to right; everything else is prose:
#   % comment   \% (an escape, so not a comment)   \input{intro}   \include{ch1}   \subfile{ch2}
#   \import{chapters/}{one}   \subimport*{parts/}{two}   \inputfrom{dir}{f}   \includefrom{dir}{f}
#   \newcommand{\PATH}{.}   \newcommand\mycite[1]{\citep{#1}}   \def\mycite#1{\cite{#1}}
#   \begin{document}   \end{document}   \begin{thebibliography}{9}   \begin{comment}
#   \bibliography{refs,% old\n more}   \addbibresource[datatype=bibtex]{refs.bib}
#   \verb|\cite{key}|   \lstinline!x!   \mintinline{tex}{\cite{key}}   (code, never read)
_STRUCTURE = re.compile(
    r"""(?P<comment>%[^\n]*)
      | (?P<escape>\\[^A-Za-z])
      | (?P<input>\\(?:input|include|subfile)\s*\{(?P<file>[^{}]*(?:\{[^{}]*\}[^{}]*)*)\}|\\input\s+(?P<bare>[^\s{}%\\]+))
      | (?P<import>\\(?P<how>import|subimport|inputfrom|subinputfrom|includefrom|subincludefrom)\*?
            \s*\{(?P<dir>[^{}]*(?:\{[^{}]*\}[^{}]*)*)\}\s*\{(?P<ifile>[^{}]*(?:\{[^{}]*\}[^{}]*)*)\})
      | (?P<define>\\(?:newcommand|renewcommand|providecommand|DeclareRobustCommand)\*?\s*
            (?:\{\s*\\(?P<name>[A-Za-z@]+)\s*\}|\\(?P<name2>[A-Za-z@]+))
            \s*(?:\[(?P<arguments>[1-9])\])?\s*(?P<optional>\[[^\[\]]*\])?\s*(?=\{))
      | (?P<def>\\[gex]?def\s*\\(?P<defname>[A-Za-z@]+)(?P<params>(?:\#[1-9])*)\s*(?=\{))
      | (?P<begin_document>\\begin\s*\{document\})
      | (?P<end_document>\\end\s*\{document\})
      | (?P<thebibliography>\\begin\s*\{thebibliography\}\s*(?:\{[^{}]*\})?)
      | (?P<skip_env>\\begin\s*\{(?P<env>comment|verbatim\*?|lstlisting|minted)\})
      | (?P<verb>\\(?:verb\*?|lstinline(?:\[[^\]\n]*\])?)(?P<delim>[^A-Za-z\s*{\[])[^\n]*?(?P=delim)
            |\\(?:lstinline(?:\[[^\]\n]*\])?|mintinline\s*\{[^{}\n]*\})\{(?:[^{}\n]|\{[^{}\n]*\})*\})
      | (?P<bibliography>\\(?:bibliography|addbibresource|addglobalbib)\s*(?:\[[^\]]*\])?\s*\{(?P<bibs>[^{}]+)\})
      | (?P<cite>\\(?=[A-Za-z]))""",
    re.VERBOSE,
)

# One \bibitem: "\bibitem[Smith(2001)]{smith01}" -> label "Smith(2001)", key "smith01"
_BIBITEM = re.compile(r"\\bibitem\s*(?:\[(?P<label>[^\]]*)\])?\s*\{(?P<key>[^{}]+)\}")
_END_BIBLIOGRAPHY = re.compile(r"\\end\s*\{thebibliography\}")
# A bibliography fetched from the web, which a checker does not fetch: "https://x.org/refs.bib"
_REMOTE = re.compile(r"[a-z]+://", re.IGNORECASE)
# A macro in a path: "\PATH/ch1" with \newcommand{\PATH}{.}
_PATH_MACRO = re.compile(r"\\(?P<name>[A-Za-z@]+)\s*(?:\{\})?")
# A macro body that is just text, usable in a path: "chapters/", "./figures"
_PLAIN_BODY = re.compile(r"[^\\#{}%\s]*")

MAX_INPUT_DEPTH = 20
#: At most this many files are read for one manuscript (\\input, bibliographies, .bbl): a book
#: has a few hundred; a file that inputs another four times, eight levels deep, asks for 65,536.
MAX_INPUT_FILES = 500
#: At most this many characters are read for one manuscript, all its files together.
MAX_INPUT_CHARS = 50_000_000

#: Loads a file named in the manuscript: ``(name, kind)`` -> ``(path shown, text)``; kind is
#: "tex", "bib" or "bbl"; ``name`` is relative to the main file's folder (or absolute).  Raises
#: InputError when the file is missing.
Loader = Callable[[str, str], tuple[str, str]]


@dataclass(slots=True)
class _Cite:
    key: str
    start: int  # text offsets of the key
    end: int
    command: str
    prefix: str
    locator: str
    listed: bool = False  # \nocite: listed, not cited
    guessed: bool = False  # an unknown command named like a cite: kept if its keys are entries


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
    folders: list[str] = field(default_factory=list)  # per file read: the folder its \input names are under
    here: list[str] = field(default_factory=list)  # per file read: its own folder, relative to the main one
    macros: dict[str, str] = field(default_factory=dict)  # \newcommand{\PATH}{.}: name -> body
    cite_macros: dict[str, CiteMacro] = field(default_factory=dict)
    unread: list[tuple[str, int]] = field(default_factory=list)  # why, text offset
    seen: set[str] = field(default_factory=set)  # every file read: each is laid out once
    loaded: dict[tuple[str, str], tuple[str, str]] = field(default_factory=dict)  # (name, kind) -> load's answer
    files: int = 0  # files loaded so far, against MAX_INPUT_FILES
    chars: int = 0  # characters loaded so far, against MAX_INPUT_CHARS

    def fetch(self, name: str, kind: str) -> tuple[str, str]:
        """Load a file through ``load``, within the caps on files and characters for one manuscript."""
        if (name, kind) in self.loaded:
            return self.loaded[name, kind]
        if self.files >= MAX_INPUT_FILES:
            raise InputError(f"{name} was not read: the manuscript already read {MAX_INPUT_FILES} files")
        shown, text = self.load(name, kind)
        self.files += 1
        self.chars += len(text)
        if self.chars > MAX_INPUT_CHARS:
            raise InputError(f"{shown} was not read: the manuscript's files hold more than {MAX_INPUT_CHARS:,} characters")
        self.loaded[name, kind] = shown, text
        return shown, text

    def add_file(self, shown: str, text: str) -> int:
        """Append a file's text to ``source``; return where it starts."""
        if text and not text.endswith("\n"):
            text += "\n"
        start = self.length
        self.source_parts.append(text)
        self.segments.append(Segment(start=start, line=1, file=shown))
        self.length += len(text)
        return start

    def read(self, shown: str, text: str, folder: str = "", here: str = "") -> None:
        if len(self.stack) >= MAX_INPUT_DEPTH or shown in self.stack:
            raise InputError(f"{shown}: \\input loops back on itself ({' -> '.join([*self.stack, shown])})")
        self.seen.add(shown)
        self.stack.append(shown)
        self.folders.append(folder)
        self.here.append(here)
        base = self.add_file(shown, text)
        self._walk(shown, text, base)
        self.here.pop()
        self.folders.pop()
        self.stack.pop()

    def _prose(self, text: str, start: int, end: int, base: int) -> None:
        if end > start:
            plain, origins = latex_to_text(text, start, end)
            self.out.add_mapped(plain, [base + o for o in origins])

    def _walk(self, shown: str, text: str, base: int) -> None:
        pos = 0
        nested = len(self.stack) > 1
        for match in _STRUCTURE.finditer(text):
            if match.start() < pos or match.lastgroup in ("comment", "escape"):
                continue
            kind = match.lastgroup
            if kind == "cite":
                cite = read_cite(text, match.start(), self.cite_macros)
                if cite is None:
                    continue
                self._prose(text, pos, match.start(), base)
                self._cite(text, match.start(), cite, base)
                pos = cite.end
                continue
            if kind in ("define", "def"):
                # A macro with arguments is noted and its body ("\citep{#1}") skipped; one without
                # is read where it stands, as a caption put in a macro cites where it is used.
                body_end = self._define(text, match)
                if body_end is not None:
                    self._prose(text, pos, match.start(), base)
                    pos = body_end
                continue
            self._prose(text, pos, match.start(), base)
            pos = match.end()
            if kind == "input":
                name = (match.group("file") or match.group("bare") or "").strip()
                self.out.add(" ", base + match.start(), spread=False)
                expanded = self._expand(name)
                # Where TeX looks (the main file's folder, or the \import folder), then beside the
                # file that inputs it, where latexmk -cd and editors that compile in place look.
                places = [posixpath.join(self.folders[-1], expanded), posixpath.join(self.here[-1], expanded)]
                self._input(places, self.folders[-1], base + match.start(), name)
            elif kind == "import":
                self.out.add(" ", base + match.start(), spread=False)
                folder = self._expand(match.group("dir").strip())
                if match.group("how").startswith("sub"):
                    folder = posixpath.join(self.folders[-1], folder)
                folder = posixpath.normpath(folder) if folder else ""
                folder = "" if folder == "." else folder
                name = self._expand(match.group("ifile").strip())
                self._input([posixpath.join(folder, name)], folder, base + match.start(), name)
            elif kind == "begin_document":
                if not nested:  # a \subfile's own document environment is part of the main one
                    self.body_start = len(self.out)
            elif kind == "end_document":
                if not nested:
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
                for found in KEY.finditer(match.group("bibs")):  # "a,% old\n b": comments end at the line
                    name = self._expand(found.group("key") or "")
                    if name and not _REMOTE.match(name):  # \addbibresource[location=remote]{https://...}
                        self.bib_names.append((name, base + match.start("bibs") + found.start()))
        self._prose(text, pos, len(text), base)

    def _define(self, text: str, match: re.Match) -> int | None:
        """Note a macro usable in a path or one that wraps a cite; where the body of one with
        arguments ends (``None`` for one without: its body is read as text)."""
        body_end = balanced(text, match.end(), "{", "}")
        if body_end is None:
            return None
        body = text[match.end() + 1 : body_end - 1]
        if match.lastgroup == "define":
            name = match.group("name") or match.group("name2")
            arguments = int(match.group("arguments") or 0)
            optional = match.group("optional") is not None
        else:
            name = match.group("defname")
            arguments = len(match.group("params")) // 2
            optional = False
        if arguments == 0:
            if _PLAIN_BODY.fullmatch(body.strip()):
                self.macros[name] = body.strip()
            return None
        macro = cite_macro(arguments, optional, body)
        if macro is not None:
            self.cite_macros[name] = macro
        return body_end

    def _expand(self, name: str) -> str:
        """A path with the simple macros it uses expanded: "\\PATH/ch1" -> "./ch1"."""
        for _ in range(5):
            expanded = _PATH_MACRO.sub(lambda m: self.macros.get(m.group("name"), m.group()), name)
            if expanded == name:
                break
            name = expanded
        return name.replace("{", "").replace("}", "").strip()

    def _input(self, names: list[str], folder: str, offset: int, written: str) -> None:
        """Read an input file; one that is not there is noted (TeX would stop; a checker reads on)."""
        tried = []
        for name in dict.fromkeys(posixpath.normpath(n) for n in names):
            try:
                shown, text = self.fetch(name, "tex")
            except InputError as exc:
                tried.append(str(exc))
                continue
            if shown in self.seen and shown not in self.stack:
                # Input again (a shared snippet, or a fan-out that would grow as 4**depth): its text
                # and citations are already read once, which is all a checker needs from it.
                return
            self.read(shown, text, folder, posixpath.dirname(name))
            return
        # The space laid out for the command (just before) points at it.
        self.unread.append((tried[0] if tried else f"{written} could not be read", max(0, len(self.out) - 1)))

    def _cite(self, text: str, at: int, cite: CiteCommand, base: int) -> None:
        """Copy the command into the text as written and note one citation per key."""
        start_in_text = len(self.out)
        command_text = text[at : cite.end]
        self.out.add(command_text, base + at)
        listed = cite.name == "nocite"
        for group in cite.groups:
            for key in cite_keys(text, group.keys_start, group.keys_end):
                # A key's own notes (REVTeX's \cite{[pre][post]key}) or else the command's.
                first, second = (key.first, key.second) if key.first is not None else (group.first, group.second)
                prefix, locator = (first or "", second or "") if second is not None else ("", first or "")
                self.cites.append(
                    _Cite(
                        key=key.key,
                        start=start_in_text + key.start - at,
                        end=start_in_text + key.end - at,
                        command=command_text,
                        prefix=prefix.strip(),
                        locator=locator.replace("~", " ").strip(),
                        listed=listed,
                        guessed=cite.guessed,
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
    reader.macros["jobname"] = PurePosixPath(path.replace("\\", "/")).stem  # \bibliography{\jobname}
    reader.read(path, source)
    body = Span(reader.body_start or 0, reader.body_end if reader.body_end is not None else len(reader.out))

    stated = [cite for cite in reader.cites if not cite.guessed]
    notes: list[str] = []
    bib_files = list(bib) if bib is not None else _named_bibs(reader, notes)
    if not bib_files and not reader.bibitems and (reader.bib_names or stated):
        # BibTeX's output beside the main file stands in for a .bib that is not there.
        bbl = _beside(reader, path, ".bbl")
        if bbl is not None:
            reader.read(*bbl)
            if reader.bibitems:
                notes = []
    if stated and not bib_files and not reader.bibitems and not notes:
        raise InputError(
            f"{path}: cites {len(stated)} keys but names no bibliography "
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
        bib_engine="biblatex" if _BIBLATEX.search(full_source) else None,
        path=path,
        source=full_source,
        text=out.text(),
        offsets=offset_map(out.offsets, len(full_source)),
        body=body,
        references=references,
        format="latex",
        segments=tuple(reader.segments),
        notes=tuple(notes),
        unread_parts=tuple(reader.unread),
    )
    bibliography: list[Reference] = []
    parents: list[Citation] = []  # crossref/xdata parents: listed through their children
    for text_start, text in bib_starts:
        blocks = read_bib_blocks(text)
        references = bib_references(manuscript, blocks, text_start, first_index=len(bibliography) + 1)
        bibliography.extend(references)
        for block, ref in zip(entry_blocks(blocks), references):
            for name in ("crossref", "xdata"):
                for parent in KEY.finditer(block.fields.get(name, "")):
                    if parent.group("key"):
                        parents.append(
                            Citation(kind=CitationKind.LATEX, text=name, span=ref.span, location=ref.location,
                                     group=name, key=parent.group("key"))
                        )
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
    if not bib_files and not item_spans and not stated:
        written = _hand_written_list(manuscript)
        if written is not None:
            # No BibTeX at all: the list is typed under a "References" heading, and the text
            # cites it in words ("(Kunreuther, 2006)"), as in a Markdown manuscript.
            return replace(manuscript, body=Span(body.start, written.start), references=written)
    keys = {ref.key.casefold() for ref in bibliography if ref.key}
    reader.cites = [
        cite for cite in reader.cites if not cite.guessed or (keys and cite.key.casefold() in keys)
    ]
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
    cited = tuple(c for c, cite in zip(citations, reader.cites) if not cite.listed)
    return replace(
        manuscript,
        bibliography=tuple(bibliography),
        prepared_citations=cited,
        listed_citations=tuple(c for c, cite in zip(citations, reader.cites) if cite.listed) + tuple(parents),
        stated_only=bool(cited),
    )


# A document that loads biblatex: "\usepackage[style=apa]{biblatex}", "\addbibresource{refs.bib}"
_BIBLATEX = re.compile(r"^[^%\n]*\\(?:usepackage\s*(?:\[[^\]]*\])?\s*\{[^}]*\bbiblatex\b|addbibresource\b)", re.M)

# A line of the laid-out text, and the command that set it as a heading in the source:
#   \section*{References}   \chapter{Bibliography}   \noindent\textbf{References}
_TEXT_LINE = re.compile(r"^[^\n]{1,60}$", re.M)
_HEADING_COMMAND = re.compile(
    r"(?:\\(?:chapter|section|subsection|subsubsection|paragraph)\*?\s*(?:\[[^\]]*\])?|\\textbf|\\bf|\\large|\\Large)\s*\{?\s*$"
)


# What ends a hand-typed list: the next sectioning command or the appendix.
_NEXT_PART = re.compile(r"\\(?:appendix\b|(?:part|chapter|section|subsection)\*?\s*[\[{])")


def _hand_written_list(manuscript: Manuscript) -> Span | None:
    """The reference list typed into the body under a heading, when no BibTeX is used at all.

    ``\\section*{References}`` followed by entries as paragraphs: the span of the entries (to the
    end of the body), or None.  The heading must be set by a sectioning or bold command, so that
    a sentence "References" inside a paragraph is no heading.
    """
    from .markdown import is_reference_heading

    text, source = manuscript.text, manuscript.source
    body = manuscript.body or Span(0, len(text))
    found = None
    for line in _TEXT_LINE.finditer(text, body.start, body.end):
        if not is_reference_heading(line.group().strip().rstrip(":")):
            continue
        origin = manuscript.offsets[line.start() + len(line.group()) - len(line.group().lstrip())]
        if _HEADING_COMMAND.search(source, max(0, origin - 80), origin):
            found = line  # the last such heading: a "References" chapter ends the thesis
    if found is None:
        return None
    end = body.end
    # The list ends where the next section, chapter or the appendix starts in the source.
    origin = manuscript.offsets[found.end() - 1] if found.end() > 0 else 0
    following = _NEXT_PART.search(source, origin)
    if following is not None:
        end = min(end, bisect.bisect_left(manuscript.offsets, following.start(), found.end()))
    if not text[found.end() : end].strip():
        return None
    return Span(found.end(), end)


def _named_bibs(reader: _Reader, notes: list[str]) -> list[tuple[str, str]]:
    """The .bib files named by \\bibliography / \\addbibresource, each read once; why any is missing
    goes into ``notes``."""
    names = dict.fromkeys(name if name.lower().endswith(".bib") else name + ".bib" for name, _ in reader.bib_names)
    found = []
    for name in names:
        try:
            found.append(reader.fetch(name, "bib"))
        except InputError as exc:
            if PurePosixPath(name).name.lower() in DISTRIBUTION_MACRO_BIBS:
                continue  # IEEEtran's journal names (@string only): no entry is missing without it
            notes.append(str(exc))
    return found


def _beside(reader: _Reader, path: str, suffix: str) -> tuple[str, str] | None:
    """The file named like the main file with ``suffix`` (``paper.bbl``), if it is there."""
    try:
        return reader.fetch(PurePosixPath(path.replace("\\", "/")).stem + suffix, "bbl")
    except InputError:
        return None


def _no_files(path: str) -> Loader:
    def load(name: str, kind: str) -> tuple[str, str]:
        raise InputError(f"{path}: names {name}, but only the text itself was given")

    return load


def read_latex_file(
    path: Path, bib: Sequence[Path] = (), read_text: Callable[[Path], str] | None = None, *, root: Path | None = None
) -> Manuscript:
    """Read a .tex file, the files it inputs, and its bibliography (``bib`` overrides what it names).

    A file the manuscript names is read only when it lies, symlinks followed, inside ``root``
    (default: the main file's folder): ``\\input{/etc/passwd}`` or ``\\input{../../.ssh/key}``
    is refused and reported like a missing file, never read.
    """
    from . import read_text_file

    read = read_text or read_text_file
    folder = path.parent
    fence = (root if root is not None else folder).resolve()

    def load(name: str, kind: str) -> tuple[str, str]:
        given = folder / name
        # TeX tries "name.tex" first, then the name as written ("Abstract.md" -> "Abstract.md.tex").
        candidates = [given.with_name(given.name + ".tex"), given] if kind == "tex" and given.suffix != ".tex" else [given]
        what = {"tex": "\\input file", "bib": "bibliography", "bbl": "BibTeX output"}.get(kind, "file")
        outside = False
        for candidate in candidates:
            # Refused whether or not it is there, so that the message tells nothing about the outside.
            if not inside(candidate, fence):
                outside = True
            elif candidate.is_file():
                return str(candidate), read(candidate)
        if outside:
            where = "the manuscript's folder" if root is None else f"--root {root}"
            raise InputError(f"{path}: the {what} {name} is outside {where} and was not read; --root DIR allows a wider folder")
        if kind == "bib" and (shipped := distribution_file(name)) is not None:
            return str(shipped), read(shipped)  # where BibTeX finds it too: IEEEtran's IEEEabrv.bib
        hint = "; give the .bib with --bib" if kind == "bib" else ""
        raise InputError(f"{path}: the {what} {name} is not at {candidates[0]}{hint}")

    bib_files = [(str(p), read(p)) for p in bib] if bib else None
    return read_latex_string(read(path), str(path), load=load, bib=bib_files)


# A file name TeX looks up in its own tree, no folder in it: "IEEEabrv.bib", "jabbrv-ltwa.bib"
_BARE_FILE_NAME = re.compile(r"[\w.+-]{1,100}\.bib")
# .bib files that TeX distributions ship beside a class, holding only @string macros (journal
# names), no entries: without them no entry is lost, so their absence here is no finding.
DISTRIBUTION_MACRO_BIBS = frozenset({"ieeeabrv.bib", "ieeefull.bib"})


def distribution_file(name: str) -> Path | None:
    """Where the TeX distribution keeps a file the manuscript names bare (``kpsewhich``, as BibTeX
    itself looks it up), or ``None``: no TeX installed, not found, or a name with a folder in it
    (the manuscript's own files are looked up beside it, within its fence, never here)."""
    import shutil
    import subprocess

    if not _BARE_FILE_NAME.fullmatch(name) or name.startswith("."):
        return None
    kpsewhich = shutil.which("kpsewhich")
    if kpsewhich is None:
        return None
    try:
        found = subprocess.run([kpsewhich, name], capture_output=True, text=True, timeout=10, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    line = found.stdout.strip().splitlines()[0] if found.returncode == 0 and found.stdout.strip() else ""
    path = Path(line)
    # kpsewhich also answers from the working folder ("./refs.bib"): only TeX's own tree counts here.
    if not line or not path.is_absolute() or not path.is_file():
        return None
    return path


def inside(candidate: Path, fence: Path) -> bool:
    """Whether a file is, once symlinks and ``..`` are resolved, in the folder tree ``fence``."""
    try:
        return candidate.resolve().is_relative_to(fence)
    except (OSError, RuntimeError):  # a symlink loop, or a path the OS cannot resolve
        return False
