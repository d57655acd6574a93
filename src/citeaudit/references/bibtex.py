"""BibTeX export with bibtexparser 2.x: the only module that imports bibtexparser."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

import bibtexparser
from bibtexparser.model import Entry, Field
from bibtexparser.library import Library

from ..model import Reference

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
        if name.get("literal"):
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
