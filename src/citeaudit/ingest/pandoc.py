"""Read a Pandoc, Quarto or R Markdown manuscript: ``@key`` citations and the bibliography they use.

A Markdown file goes this way when it is a Pandoc manuscript (``pandoc_manuscript``): its front
matter names a bibliography or holds ``references:``, ``--bib`` is given, or its text holds a
bracketed Pandoc citation ``[@key]`` (or an in-text ``@key`` that a nearby .bib holds).  Plain
Markdown keeps the generic reader.

What is read:

    front matter         the leading YAML block: ``bibliography`` (a file or a list, relative to
                         the manuscript), ``references`` (inline CSL YAML), ``nocite``
    bibliography         BibTeX/biblatex (.bib), CSL-JSON (.json), CSL-YAML (.yaml, .yml);
                         ``--bib`` files replace what the front matter names, as Pandoc's
                         ``--bibliography`` does.  With none named: the one a project file names
                         (``_quarto.yml``, bookdown's ``index.Rmd``), else the .bib files of the
                         nearest folder that has any, the manuscript's or up to three above (books
                         built by a script pass them to Pandoc on the command line)
    citations            Pandoc's syntax (``citations/pandoc.py``), outside code spans, code
                         blocks, link targets and URLs; pandoc-crossref labels (``@fig:x``,
                         ``@sec:x``) are left out unless the bibliography has that key
    footnotes            ``[^label]`` markers and ``[^label]: text`` definitions, definitions on
                         consecutive lines and indented continuation paragraphs included

What cannot be read (a bibliography named but missing) goes into ``Manuscript.notes``.

``pandoc_layout`` finds the front matter, footnote definitions and what to mask (code, URLs);
``csl_files`` reads CSL-JSON and CSL-YAML with each item's place in its file.

The text is laid out as: front matter, body, footnote definitions (one block each), then each
bibliography file verbatim; ``source`` is the manuscript followed by each bibliography file, and
``segments`` map locations back to each file.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ..citations.pandoc import IN_TEXT, PandocCite, find_pandoc_cites
from ..errors import InputError, OutsideError
from ..model import Citation, CitationKind, Manuscript, Reference, Segment, Span, offset_map
from .clean import TextBuilder, clean
from .csl_files import csl_json_items, csl_yaml_items
from .pandoc_layout import FRONT_MATTER, Layout, layout, read_front_matter, yaml_loader

#: Loads a bibliography file named in the front matter: name -> (path shown, text).  Raises
#: InputError when the file cannot be read.
Loader = Callable[[str], tuple[str, str]]

# Front-matter keys that only a Pandoc manuscript with citations has.
_CITATION_KEYS = ("bibliography", "references", "nocite")

def pandoc_manuscript(source: str, beside: Sequence[str] = ()) -> bool:
    """Whether a Markdown text is a Pandoc manuscript with citations (see the module docstring).

    ``beside`` are the keys of the single .bib beside the file, if any: in-text ``@key``
    citations alone make a Pandoc manuscript only when one of them is such a key, so that a
    README's "@username" keeps the generic reader.
    """
    meta, _, error = read_front_matter(source)
    if error is None and any(key in meta for key in _CITATION_KEYS):
        return True
    cites = [c for c in find_pandoc_cites(layout(source).masked) if not c.crossref]
    if any(not c.in_text for c in cites):
        return True
    known = {key.lower() for key in beside}
    return any(c.key.lower() in known for c in cites)


# --- bibliography ---------------------------------------------------------------------------


@dataclass(slots=True)
class _Bibliography:
    """Bibliography files read so far: (shown, text, kind), and what could not be read."""

    files: list[tuple[str, str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def bibliography_kind(name: str) -> str | None:
    """bibtex, csl-json or csl-yaml by suffix, as Pandoc decides; None for one we cannot read."""
    suffix = Path(name).suffix.lower()
    return {".bib": "bibtex", ".bibtex": "bibtex", ".biblatex": "bibtex", ".json": "csl-json",
            ".yaml": "csl-yaml", ".yml": "csl-yaml"}.get(suffix)


def named_bibliographies(meta: dict[str, Any]) -> list[str]:
    """The files the front matter's ``bibliography`` names, in order."""
    value = meta.get("bibliography")
    if isinstance(value, str):
        return [value] if value.strip() else []
    if isinstance(value, list):
        return list(dict.fromkeys(str(v) for v in value if isinstance(v, (str, int)) and str(v).strip()))
    return []


def _load_bibliographies(names: Sequence[str], load: Loader, why: str) -> _Bibliography:
    found = _Bibliography()
    for name in names:
        kind = bibliography_kind(name)
        if kind is None:
            found.notes.append(f"bibliography file {name} {why} is in a format citeaudit does not read (use .bib, .json or .yaml)")
            continue
        try:
            shown, text = load(name)
        except OutsideError as exc:
            found.notes.append(f"bibliography file {name} {why} lies outside {exc.fence}, so it was not read (--root widens the folder)")
            continue
        except InputError:
            found.notes.append(f"bibliography file {name} {why} was not found")
            continue
        found.files.append((shown, text, kind))
    return found

def _csl_references(
    manuscript: Manuscript, items: Sequence[tuple[dict[str, Any], int, int]], text_start: int, first_index: int
) -> list[Reference]:
    from ..references.bibcsl import csl_item  # with bibtexparser: only when there is a bibliography

    references = []
    for index, (item, start, end) in enumerate(items, start=first_index):
        csl = csl_item(item)
        raw = manuscript.text[text_start + start : text_start + end].strip()
        key = str(csl.get("id", ""))
        references.append(
            Reference(
                index=index,
                raw=raw,
                span=Span(text_start + start, text_start + start + len(raw)),
                location=manuscript.locate(text_start + start),
                csl=csl,
                key=key,
                problems=() if csl.get("id") else ("CSL item has no id, so no citation can name it",),
            )
        )
    return references


# --- the manuscript -------------------------------------------------------------------------


def read_pandoc_string(
    source: str,
    path: str = "<string>",
    *,
    load: Loader | None = None,
    bib: Sequence[tuple[str, str]] | None = None,
    fallback: Callable[[], Sequence[tuple[str, str]]] | None = None,
) -> Manuscript:
    """Read a Pandoc Markdown manuscript given as a string.

    ``load`` fetches the bibliography files the front matter names; ``bib`` gives bibliography
    files outright as ``(path shown, text)``, instead of those named; ``fallback`` gives the
    files to use when none is named (the single .bib beside the manuscript), or raises
    InputError saying why there is none.
    """
    load = load or _no_files(path)
    lay = layout(source)
    notes: list[str] = []
    if lay.meta_error:
        notes.append(lay.meta_error)
    if bib is not None:
        found = _Bibliography(files=[(shown, text, bibliography_kind(shown) or "bibtex") for shown, text in bib])
    else:
        found = _load_bibliographies(named_bibliographies(lay.meta), load, "named in the front matter")
    notes.extend(found.notes)
    inline = "references" in lay.meta
    if bib is None and not named_bibliographies(lay.meta) and not inline and not lay.meta_error:
        try:
            found.files.extend((shown, text, bibliography_kind(shown) or "bibtex") for shown, text in (fallback() if fallback else ()))
        except InputError as exc:
            notes.append(str(exc))
        if not found.files and fallback is None:
            notes.append("no bibliography is named (front matter 'bibliography:' or --bib)")

    # Lay out the text: front matter, body, footnote definitions, bibliography files.
    out = TextBuilder()
    if lay.front is not None:
        out.add(source[lay.front[0] : lay.front[1]], lay.front[0])
    body_start = len(out)
    out.add("\n\n", lay.front[1] if lay.front else 0, spread=False)
    pos = FRONT_MATTER.match(source).end() if FRONT_MATTER.match(source) else 0
    for start, end in lay.footnotes:
        _add_clean(out, lay.masked, pos, start)
        pos = end
    _add_clean(out, lay.masked, pos, len(source))
    body = Span(body_start, len(out))
    note_spans = []
    for start, end in lay.footnotes:
        out.add("\n\n", start, spread=False)
        note_start = len(out)
        _add_clean(out, lay.masked, start, end)
        note_spans.append(Span(note_start, len(out)))

    sources = [source if source.endswith("\n") else source + "\n"]
    segments = [Segment(start=0, line=1, file=path)]
    length = len(sources[0])
    placed = []
    references_start = len(out)
    for shown, text, kind in found.files:
        if text and not text.endswith("\n"):
            text += "\n"
        sources.append(text)
        segments.append(Segment(start=length, line=1, file=shown))
        out.add("\n\n", length, spread=False)
        placed.append((len(out), shown, text, kind))
        out.add(text, length)
        length += len(text)
    full_source = "".join(sources)
    manuscript = Manuscript(
        path=path,
        source=full_source,
        text=out.text(),
        offsets=offset_map(out.offsets, len(full_source)),
        body=body,
        references=Span(references_start, len(out)) if len(out) > references_start else None,
        footnote_blocks=tuple(note_spans),
        format="pandoc",
        segments=tuple(segments),
    )

    bibliography: list[Reference] = []
    for text_start, shown, text, kind in placed:
        first = len(bibliography) + 1
        if kind == "bibtex":
            from ..references.bibtex import read_bib_blocks
            from .bib import bib_references

            bibliography.extend(bib_references(manuscript, read_bib_blocks(text), text_start, first_index=first))
            continue
        items, problem = (csl_json_items(text) if kind == "csl-json" else csl_yaml_items(text))
        if problem:
            read_only = f" past its {len(items)} first entries" if items else ""
            notes.append(f"bibliography file {shown} could not be read{read_only}: {problem}")
        bibliography.extend(_csl_references(manuscript, items, text_start, first))
    if inline and lay.front is not None:
        items, problem = csl_yaml_items(source[lay.front[0] : lay.front[1]])
        if problem and not items:
            notes.append(f"the front matter's references could not be read: {problem}")
        # The front matter sits at the start of the text, verbatim.
        bibliography.extend(_csl_references(manuscript, items, 0, len(bibliography) + 1))

    keys = {ref.key for ref in bibliography if ref.key}
    text_at = _text_positions(out.offsets)
    citations = [
        _citation(manuscript, cite, text_at)
        for cite in find_pandoc_cites(lay.masked)
        if not cite.crossref or cite.key in keys
    ]
    citations.extend(_nocite(manuscript, lay, text_at))
    return replace(
        manuscript,
        bibliography=tuple(bibliography),
        prepared_citations=tuple(c for c in citations if c is not None),
        notes=tuple(dict.fromkeys(notes)),
    )


def _add_clean(out: TextBuilder, masked: str, start: int, end: int) -> None:
    """Append ``masked[start:end]`` with markup removed, each character mapped to its source offset."""
    if end <= start:
        return
    cleaned = clean(masked[start:end])
    out.add_mapped(cleaned.text, [start + o for o in cleaned.offsets[:-1]])


def _text_positions(offsets: Sequence[int]) -> dict[int, int]:
    """Source offset -> the last text offset that came from it (after a "\n\n" laid out there)."""
    return {src: i for i, src in enumerate(offsets)}


def _citation(manuscript: Manuscript, cite: PandocCite, text_at: dict[int, int]) -> Citation | None:
    start = text_at.get(cite.start)
    last = text_at.get(cite.end - 1)
    if start is None or last is None:
        return None
    written = " ".join(manuscript.source[cite.group_start : cite.group_end].split())
    return Citation(
        kind=CitationKind.LATEX,
        text=written,
        span=Span(start, last + 1),
        location=manuscript.locate(start),
        group=written,
        key=cite.key,
        prefix=cite.prefix,
        locator=cite.locator,
    )


def _nocite(manuscript: Manuscript, lay: Layout, text_at: dict[int, int]) -> list[Citation]:
    """``nocite: '@a, @b'`` or ``'@*'``: entries listed without being cited in the text."""
    value = lay.meta.get("nocite")
    if lay.front is None or not value:
        return []
    written = " ".join(value) if isinstance(value, list) else str(value)
    front = manuscript.source[lay.front[0] : lay.front[1]]
    at = front.find("nocite")
    citations = []
    for match in re.finditer(r"@\*|" + IN_TEXT.pattern, written):
        key = "*" if match.group() == "@*" else (match.group("k_braced") or match.group("k_plain"))
        found = front.find("@" + key if key != "*" else "@*", max(at, 0))
        source_at = lay.front[0] + (found if found >= 0 else max(at, 0))
        start = text_at.get(source_at, 0)
        citations.append(
            Citation(
                kind=CitationKind.LATEX,
                text=f"nocite: {' '.join(written.split())}",
                span=Span(start, start + len(key) + 1),
                location=manuscript.locate(start),
                group="nocite",
                key=key,
            )
        )
    return citations


def _no_files(path: str) -> Loader:
    def load(name: str) -> tuple[str, str]:
        raise InputError(f"{path}: names {name}, but only the text itself was given")

    return load


# --- files ----------------------------------------------------------------------------------


#: How far above the manuscript a project file or a .bib is looked for (a book's chapters sit
#: in folders below the one holding its bibliography).
SEARCH_LEVELS = 3


def _folders(path: Path) -> list[Path]:
    """The manuscript's folder and those above it, up to SEARCH_LEVELS or a repository's root."""
    folders = []
    for folder in [path.parent, *path.parent.parents][: SEARCH_LEVELS + 1]:
        folders.append(folder)
        if (folder / ".git").exists():
            break
    return folders


def nearby_bibliographies(path: Path) -> list[Path]:
    """The .bib files of the nearest folder, the manuscript's own or one above, that has any."""
    for folder in _folders(path):
        try:
            found = sorted(p for p in folder.glob("*.bib") if p.is_file())
        except OSError:
            continue
        if found:
            return found
    return []


# Files whose metadata every document of a project inherits: Quarto's project and directory
# metadata, and bookdown's index file, whose front matter holds the book's bibliography.
PROJECT_FILES = ("_quarto.yml", "_quarto.yaml", "_metadata.yml", "_metadata.yaml", "index.Rmd", "index.qmd", "index.md")


def project_bibliography(path: Path, read: Callable[[Path], str]) -> tuple[Path, list[str]] | None:
    """The bibliography a project file names, in the manuscript's folder or one above."""
    for folder in _folders(path):
        for name in PROJECT_FILES:
            config = folder / name
            if not config.is_file() or config.resolve() == path.resolve():
                continue
            import yaml  # only once a project file is there to read

            try:
                text = read(config)
                meta = read_front_matter(text)[0] if name.startswith("index.") else yaml.load(text, Loader=yaml_loader())
            except (yaml.YAMLError, InputError):
                continue
            names = named_bibliographies(meta) if isinstance(meta, dict) else []
            if names:
                return config, names
    return None


def project_folder(path: Path) -> Path:
    """The folder a Pandoc manuscript's files may come from: the highest one it searches for a
    project file or a .bib (up to SEARCH_LEVELS above it, or a repository's root)."""
    return _folders(path)[-1]


def read_pandoc_file(
    path: Path, bib: Sequence[Path] = (), read_text: Callable[[Path], str] | None = None, *, root: Path | None = None
) -> Manuscript | None:
    """Read a Markdown file as a Pandoc manuscript, or None when it is plain Markdown.

    Relative bibliography names are looked for beside the manuscript, then in the working
    directory (where Pandoc itself looks); a file outside ``root`` (default: the project folder,
    see :func:`project_folder`) is never read.  With none named, the bibliography is the one a
    project file names (``_quarto.yml``, bookdown's ``index.Rmd``), else the .bib files of the
    nearest folder that has any: books built by a script pass them to Pandoc on its command
    line or in a metadata file, which the manuscript does not name.
    """
    from . import read_text_file

    read = read_text or read_text_file
    # The project is where the folder that names are looked up in (the manuscript's, below)
    # really lies: climbing from a path through a symlinked folder would fence in the folders
    # above the link and refuse the manuscript's own .bib; climbing from the target of a
    # symlinked file would fence in the target's folders and refuse the .bib beside the link.
    fence = (root if root is not None else project_folder(path.parent.resolve() / path.name)).resolve()

    def inside(candidate: Path) -> bool:
        """Whether a file lies in the fence once symlinks and '..' are resolved."""
        return candidate.resolve().is_relative_to(fence)

    def read_inside(candidate: Path, what: str) -> str:
        """Every file read for the manuscript passes here: one outside the fence is never opened
        (a front matter or a _quarto.yml naming /etc/passwd, a nearby .bib linking out)."""
        if not inside(candidate):
            raise OutsideError(f"{what} lies outside {fence}, so it was not read (--root widens the folder)", fence)
        return read(candidate)

    source = read(path)
    if not bib and not pandoc_manuscript(source):
        nearby = [p for p in nearby_bibliographies(path) if inside(p)] if "@" in source else []
        keys = []
        if nearby:
            from ..references.bibtex import read_bib_blocks

            keys = [block.key for bib_path in nearby for block in read_bib_blocks(read(bib_path))]
        if not keys or not pandoc_manuscript(source, keys):
            return None

    def load(name: str) -> tuple[str, str]:
        for candidate in (path.parent / name, Path(name)):
            if candidate.is_file():
                return str(candidate), read_inside(candidate, f"{path}: the bibliography {name}")
        raise InputError(f"{path}: the bibliography {name} is not at {path.parent / name}")

    def fallback() -> list[tuple[str, str]]:
        # A project file outside the fence is passed over (its OutsideError is an InputError).
        project = project_bibliography(path, lambda config: read_inside(config, f"project file {config}"))
        if project is not None:
            config, names = project
            files = []
            for name in names:
                candidate = config.parent / name
                if not candidate.is_file():
                    raise InputError(f"bibliography file {name} named in {config} was not found")
                files.append((str(candidate), read_inside(candidate, f"bibliography file {name} named in {config}")))
            return files
        nearby = nearby_bibliographies(path)
        if not nearby:
            raise InputError("no bibliography is named in the front matter or with --bib, and no .bib file is beside it")
        kept = [p for p in nearby if inside(p)]
        if not kept:
            raise OutsideError(f"the .bib file {nearby[0]} lies outside {fence}, so it was not read (--root widens the folder)", fence)
        return [(str(p), read(p)) for p in kept]

    bib_files = [(str(p), read(p)) for p in bib] if bib else None
    return read_pandoc_string(source, str(path), load=load, bib=bib_files, fallback=fallback)


__all__ = [
    "PROJECT_FILES", "SEARCH_LEVELS", "bibliography_kind", "csl_json_items", "csl_yaml_items", "layout",
    "named_bibliographies", "nearby_bibliographies", "pandoc_manuscript", "project_bibliography",
    "read_front_matter", "read_pandoc_file", "read_pandoc_string",
]
