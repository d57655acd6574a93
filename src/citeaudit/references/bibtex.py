"""BibTeX with bibtexparser 2.x, export and reading: the only module that imports bibtexparser.

Reading keeps what bibtexparser could not parse: a block it gave up on is returned with the
reason, never dropped, so that it becomes a finding (``read_bib_blocks``).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import bibtexparser
from bibtexparser.library import Library
from bibtexparser.middlewares.names import InvalidNameError, parse_single_name_into_parts, split_multiple_persons_names
from bibtexparser.model import DuplicateFieldKeyBlock, Entry, Field, ParsingFailedBlock

# bibtexparser logs every block it gives up on; we report them as findings instead.
logging.getLogger("bibtexparser").addHandler(logging.NullHandler())

from ..model import Reference
from .names import is_et_al

BIBTEX_TYPES = {
    "article-journal": "article",
    "article-magazine": "article",
    "article-newspaper": "article",
    "book": "book",
    "chapter": "incollection",
    "paper-conference": "inproceedings",
    "thesis": "phdthesis",
    "report": "techreport",
    "webpage": "misc",
    "document": "misc",
}

# Characters with a meaning in BibTeX/LaTeX, and what stands for them in a field value.
_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
_SPECIAL_RE = re.compile("|".join(re.escape(c) for c in _SPECIAL))
_UNESCAPE = {v: k for k, v in _SPECIAL.items()}
_UNESCAPE_RE = re.compile("|".join(re.escape(v) for v in sorted(_UNESCAPE, key=len, reverse=True)))


def escape(value: str) -> str:
    """A plain string made safe as a BibTeX field value: "R&D 50%" -> "R\\&D 50\\%"."""
    return _SPECIAL_RE.sub(lambda m: _SPECIAL[m.group()], value)


def unescape(value: str) -> str:
    """Undo :func:`escape` (and drop the braces that protect capitals)."""
    text = _UNESCAPE_RE.sub(lambda m: _UNESCAPE[m.group()], value)
    return re.sub(r"(?<!\\)[{}]", "", text) if "{" in value and "\\{" not in value else text


def _names(names: Sequence[Mapping[str, str]]) -> str:
    rendered = []
    for name in names:
        if is_et_al(dict(name)):
            rendered.append("others")  # BibTeX's word for names left out ("et al.")
        elif name.get("literal"):
            rendered.append("{" + escape(name["literal"]) + "}")
        elif name.get("given"):
            rendered.append(f"{escape(name.get('family', ''))}, {escape(name['given'])}")
        else:
            rendered.append(escape(name.get("family", "")))
    return " and ".join(rendered)


def csl_to_fields(csl: Mapping[str, Any]) -> dict[str, str]:
    """BibTeX fields for a CSL-JSON item, values escaped, in a conventional order."""
    kind = csl.get("type", "document")
    fields: dict[str, str] = {}
    if csl.get("author"):
        fields["author"] = _names(csl["author"])
    if csl.get("editor"):
        fields["editor"] = _names(csl["editor"])
    if csl.get("title"):
        fields["title"] = escape(str(csl["title"]))
    container = csl.get("container-title")
    if container:
        key = "booktitle" if kind in ("chapter", "paper-conference") else "journal" if kind.startswith("article") else "howpublished"
        fields[key] = escape(str(container))
    issued = csl.get("issued") or {}
    parts = issued.get("date-parts") or [[]]
    if parts and parts[0]:
        fields["year"] = str(parts[0][0])
        if len(parts[0]) > 1:
            fields["month"] = str(parts[0][1])
    elif issued.get("literal"):
        fields["year"] = escape(issued["literal"])
    for csl_name, bib_name in (("volume", "volume"), ("issue", "number"), ("edition", "edition"), ("publisher", "publisher"), ("publisher-place", "address"), ("number", "number")):
        if csl.get(csl_name) and bib_name not in fields:
            fields[bib_name] = escape(str(csl[csl_name]))
    if csl.get("page"):
        fields["pages"] = escape(str(csl["page"]).replace("-", "--"))
    if kind == "report" and "publisher" in fields:
        fields["institution"] = fields.pop("publisher")
    if kind == "thesis" and "publisher" in fields:
        fields["school"] = fields.pop("publisher")
    if csl.get("DOI"):
        fields["doi"] = escape(str(csl["DOI"]))
    if csl.get("URL"):
        fields["url"] = str(csl["URL"]).replace("%", r"\%").replace("#", r"\#")
    return fields


def to_bibtex(references: Sequence[Reference]) -> str:
    """The reference list as a BibTeX file, one entry per reference, keys as assigned."""
    library = Library()
    for reference in references:
        kind = BIBTEX_TYPES.get(str(reference.csl.get("type")), "misc")
        fields = [Field(name, value) for name, value in csl_to_fields(reference.csl).items()]
        library.add(Entry(kind, reference.key, fields))
    header = "% Exported by citeaudit from the manuscript's reference list.\n\n"
    return header + bibtexparser.write_string(library)


def parse_bibtex(text: str) -> Library:
    """Parse BibTeX text (used to check that exports read back)."""
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
    library = bibtexparser.parse_string(text)
    line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
    blocks = []
    for block in library.blocks:
        if isinstance(block, Entry):
            blocks.append(_entry_block(block, text, line_starts))
        elif isinstance(block, ParsingFailedBlock):
            inner = block.ignore_error_block
            if isinstance(inner, Entry):
                problems = ()
                if isinstance(block, DuplicateFieldKeyBlock):
                    problems = tuple(f"field '{name}' given twice" for name in sorted(block.duplicate_keys))
                # The middleware did not run on a block set aside: take its enclosing off here.
                blocks.append(_entry_block(inner, text, line_starts, problems, unenclose=True))
            else:
                blocks.append(_failed_block(block, text, line_starts))
    return blocks


def _offset(block, text: str, line_starts: list[int]) -> int:
    line = block.start_line or 0
    start = line_starts[min(line, len(line_starts) - 1)]
    raw = block.raw or ""
    found = text.find(raw[:40], start) if raw else -1
    return found if found >= 0 else start


def _unenclosed(value: str) -> str:
    """``{Other}`` or ``"Other"`` -> ``Other``, when one group encloses the whole value."""
    value = value.strip()
    if len(value) >= 2 and value[0] == '"' and value[-1] == '"':
        return value[1:-1]
    if len(value) >= 2 and value[0] == "{" and value[-1] == "}":
        depth = 0
        for i, ch in enumerate(value):
            depth += {"{": 1, "}": -1}.get(ch, 0)
            if depth == 0 and i < len(value) - 1:
                return value
        return value[1:-1]
    return value


def _entry_block(
    entry: Entry, text: str, line_starts: list[int], problems: tuple[str, ...] = (), unenclose: bool = False
) -> BibBlock:
    fields: dict[str, str] = {}
    names: dict[str, tuple[tuple[str, str, str], ...]] = {}
    problems_list = list(problems)
    for item in entry.fields:
        name = item.key.lower()
        value = item.value if isinstance(item.value, str) else str(item.value)
        if unenclose:
            value = _unenclosed(value)
        fields.setdefault(name, value)
        if name in ("author", "editor") and name not in names:
            try:
                names[name] = tuple(_person(p) for p in split_multiple_persons_names(value) if p.strip())
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
