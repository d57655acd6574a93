"""BibTeX read with bibtexparser 2.x: the only module that imports bibtexparser.

Reading keeps what bibtexparser could not parse: a block it gave up on is returned with the
reason, never dropped, so that it becomes a finding (``read_bib_blocks``).

Values are read as BibTeX reads them: ``@string`` macros expanded, ``#`` concatenation joined
(``publisher = acm # " Press"``), the enclosing braces or quotes taken off and everything inside
kept as written (``{DNA}``, ``$\\alpha$``, ``\\emph{...}``), so that what is written back
(:mod:`.bibexport`) is what was read.  A month macro (``month = jan``) stays a macro.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

import bibtexparser
from bibtexparser.library import Library
from bibtexparser.middlewares.names import InvalidNameError, parse_single_name_into_parts
from bibtexparser.model import DuplicateFieldKeyBlock, Entry, ParsingFailedBlock, String

# bibtexparser logs every block it gives up on; we report them as findings instead.
logging.getLogger("bibtexparser").addHandler(logging.NullHandler())

#: The macros every BibTeX style defines: ``month = jan``.
MONTH_MACROS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def parse_bibtex(text: str) -> Library:
    """Parse BibTeX text as bibtexparser's defaults do (used to check that exports read back)."""
    return bibtexparser.parse_string(text)


@dataclass(frozen=True, slots=True)
class BibBlock:
    """One ``@type{key, ...}`` block of a .bib file as read.

    ``fields`` keeps the values as written (LaTeX markup and all, braces and quotes removed,
    ``@string`` macros expanded); ``names`` has the author and editor lists split into persons,
    each ``(von-last, first, jr)`` as written.  ``offset`` is where the block starts in the text;
    ``error`` says why bibtexparser could not read it (then ``fields`` may be empty).
    """

    entry_type: str
    key: str
    offset: int
    raw: str
    fields: Mapping[str, str] = field(default_factory=dict)
    names: Mapping[str, tuple[tuple[str, str, str], ...]] = field(default_factory=dict)
    error: str | None = None
    problems: tuple[str, ...] = ()


# The head of a block: "@article{smith2001," -> type "article", key "smith2001"
_BLOCK_HEAD = re.compile(r"@\s*(?P<type>\w+)\s*[{(]\s*(?P<key>[^,\s{}()]*)")


def read_bib_blocks(text: str) -> list[BibBlock]:
    """Every entry of a .bib text, in file order, including those that failed to parse."""
    library = bibtexparser.parse_string(text, parse_stack=[])  # values as written: resolved below
    line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
    macros: dict[str, str] = {}
    blocks = []
    for block in library.blocks:
        if isinstance(block, String):
            # A macro sees only those defined before it, as in BibTeX: no recursion possible.
            macros[block.key.lower()] = resolve_value(str(block.value), macros)
        elif isinstance(block, Entry):
            blocks.append(_entry_block(block, text, line_starts, macros))
        elif isinstance(block, ParsingFailedBlock):
            inner = block.ignore_error_block
            if isinstance(inner, String):  # a macro defined again: BibTeX takes the new value
                macros[inner.key.lower()] = resolve_value(str(inner.value), macros)
            elif isinstance(inner, Entry):
                problems = ()
                if isinstance(block, DuplicateFieldKeyBlock):
                    problems = tuple(f"field '{name}' given twice" for name in sorted(block.duplicate_keys))
                blocks.append(_entry_block(inner, text, line_starts, macros, problems))
            else:
                blocks.append(_failed_block(block, text, line_starts))
    return blocks


def _offset(block, text: str, line_starts: list[int]) -> int:
    line = block.start_line or 0
    start = line_starts[min(line, len(line_starts) - 1)]
    raw = block.raw or ""
    found = text.find(raw[:40], start) if raw else -1
    return found if found >= 0 else start


# A resolved value longer than this is cut: "@string{a = a # a}" written forty times would
# otherwise double forty times.  No real field comes near it.
MAX_VALUE = 65_536

# One piece of a value, and the "#" that joins it to the next:
#   {The {DNA} of life}   "a {"}quoted{"} text"   2001   acm   #
# (white space before a piece is skipped by the caller: a leading "\s*" would make a search
# over a long run of spaces quadratic)
_PIECE = re.compile(r'(?P<braced>\{)|(?P<quoted>")|(?P<word>[^\s#{}"]+)|(?P<hash>#)')


def resolve_value(written: str, macros: Mapping[str, str]) -> str:
    """A field value as BibTeX reads it: enclosures off, ``@string`` macros expanded, ``#`` joined.

    ``resolve_value('acm # " Press"', {"acm": "ACM"}) == "ACM Press"``.  A macro that is not
    defined stays as its name (``jan``: the styles define the months).  What is inside braces or
    quotes is kept as written, inner braces and all.
    """
    pieces: list[str] = []
    size = 0
    pos = 0
    while pos < len(written) and size <= MAX_VALUE:
        while pos < len(written) and written[pos].isspace():
            pos += 1
        match = _PIECE.match(written, pos)
        if match is None:
            break  # only white space is left
        if match.group("braced") or match.group("quoted"):
            end = _group_end(written, match.end() - 1)
            piece = written[match.end() : end - 1]
            pos = end
        elif match.group("word"):
            word = match.group("word")
            piece = word if word.isdigit() else macros.get(word.lower(), word)
            pos = match.end()
        else:
            pos = match.end()
            continue
        pieces.append(piece)
        size += len(piece)
    return "".join(pieces)[:MAX_VALUE]


def _group_end(text: str, start: int) -> int:
    """The offset after the ``}`` or ``"`` that closes the group opened at ``start``."""
    closing = "}" if text[start] == "{" else '"'
    depth = 0
    for i in range(start + 1, len(text)):
        ch = text[i]
        if ch == "{":
            depth += 1
        elif ch == "}" and (depth > 0 or closing != "}"):
            depth -= 1
        elif ch == closing and depth == 0:
            return i + 1
    return len(text) + 1  # unclosed: bibtexparser would not have given it; take the rest


def _entry_block(
    entry: Entry, text: str, line_starts: list[int], macros: Mapping[str, str], problems: tuple[str, ...] = ()
) -> BibBlock:
    fields: dict[str, str] = {}
    names: dict[str, tuple[tuple[str, str, str], ...]] = {}
    problems_list = list(problems)
    for item in entry.fields:
        name = item.key.lower()
        if name in fields:
            continue  # BibTeX keeps the first; bibtexparser has told it as a duplicate field
        value = fields[name] = resolve_value(item.value if isinstance(item.value, str) else str(item.value), macros)
        if name in ("author", "editor"):
            try:
                names[name] = split_names(value)
            except InvalidNameError as exc:
                problems_list.append(f"{name} list cannot be split into names ({exc})")
    return BibBlock(
        entry_type=entry.entry_type.lower(),
        key=entry.key,
        offset=_offset(entry, text, line_starts),
        raw=entry.raw or "",
        fields=fields,
        names=names,
        problems=tuple(problems_list),
    )


# Where a name list is cut, tried left to right: a brace (to count the depth) or an "and"
# between white space: "Doe, J. and {Barnes and Noble}" is cut once, at depth 0.
_NAME_CUT = re.compile(r"[{}]|(?<=\s)and(?=\s)", re.IGNORECASE)


def split_persons(value: str) -> list[str]:
    """The names of a BibTeX name list, cut where BibTeX cuts it: at "and" outside braces.

    ``split_persons("A and \\textbackslash{}0") == ["A", "\\textbackslash{}0"]`` (bibtexparser's
    splitter drops the character after a backslash that opens a name).
    """
    persons, depth, start = [], 0, 0
    for match in _NAME_CUT.finditer(value):
        token = match.group()
        if token == "{":
            depth += 1
        elif token == "}":
            depth = max(0, depth - 1)
        elif depth == 0:
            persons.append(value[start : match.start()])
            start = match.end()
    persons.append(value[start:])
    return [person.strip() for person in persons if person.strip()]


def split_names(value: str) -> tuple[tuple[str, str, str], ...]:
    """A BibTeX name list as persons ``(von-last, first, jr)``: ``"Knuth, D. E. and others"``.

    Raises bibtexparser's ``InvalidNameError`` for a name BibTeX cannot read.
    """
    return tuple(_person(p) for p in split_persons(value))


def _person(name: str) -> tuple[str, str, str]:
    parts = parse_single_name_into_parts(name, strict=False)
    last = " ".join([*parts.von, *parts.last])
    return last, " ".join(parts.first), " ".join(parts.jr)


def _failed_block(block: ParsingFailedBlock, text: str, line_starts: list[int]) -> BibBlock:
    raw = block.raw or ""
    head = _BLOCK_HEAD.match(raw.lstrip())
    reason = getattr(block.error, "abort_reason", "") or str(block.error) or type(block.error).__name__
    return BibBlock(
        entry_type=head.group("type").lower() if head else "",
        key=head.group("key") if head else "",
        offset=_offset(block, text, line_starts),
        raw=raw,
        error=re.sub(r"\s+", " ", reason).strip(),
    )


def to_bibtex(references, ascii_only: bool = False) -> str:
    """The reference list as a BibTeX file: see :mod:`.bibexport`, which writes it.

    Imported on use: the exporter reads entries through this module.
    """
    from .bibexport import to_bibtex as export

    return export(references, ascii_only)
