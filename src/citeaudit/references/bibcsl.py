"""A BibTeX/BibLaTeX entry -> a CSL-JSON item, so that .bib entries go through the same checks.

Types map to their CSL counterparts (``@article`` -> ``article-journal``, ``@inproceedings`` ->
``paper-conference``...), fields to CSL fields, and LaTeX markup to Unicode.  Nothing is
invented: a field the entry lacks stays absent, which is what ``reference-incomplete`` reports.
"""

from __future__ import annotations

import re
from typing import Any

from ..doi import find_dois
from .bibtex import BibBlock
from .parse import MONTHS
from .tex import plain

# BibTeX and BibLaTeX entry types -> CSL types (unknown types read as "document").
CSL_TYPES = {
    "article": "article-journal", "book": "book", "booklet": "book", "mvbook": "book",
    "collection": "book", "proceedings": "book", "incollection": "chapter", "inbook": "chapter",
    "inproceedings": "paper-conference", "conference": "paper-conference",
    "phdthesis": "thesis", "mastersthesis": "thesis", "thesis": "thesis",
    "techreport": "report", "report": "report", "manual": "report",
    "online": "webpage", "electronic": "webpage", "www": "webpage",
    "misc": "document", "unpublished": "manuscript", "dataset": "dataset", "software": "software",
}

# Fields copied as they are (after LaTeX decoding): BibTeX name -> CSL name.
_PLAIN_FIELDS = (
    ("volume", "volume"), ("edition", "edition"), ("publisher", "publisher"),
    ("address", "publisher-place"), ("location", "publisher-place"), ("isbn", "ISBN"),
    ("issn", "ISSN"), ("note", "note"), ("series", "collection-title"),
)

# A year as BibTeX users write it: "2001", "{2001}", "2001a", "2001-05-03" (BibLaTeX date)
_DATE = re.compile(r"^\s*(?P<year>\d{4})(?P<suffix>[a-z]?)(?:-(?P<month>\d{1,2})(?:-(?P<day>\d{1,2}))?)?\s*$")
# The dash or dashes between two page numbers: "1--10", "1–10"
_DASHES = re.compile(r"-+|–|—")
# "\url{https://x.org}" or a bare URL inside howpublished
_URL = re.compile(r"\\url\{(?P<a>[^{}]+)\}|(?P<b>https?://[^\s{}]+)")


def bib_to_csl(block: BibBlock) -> dict[str, Any]:
    """The CSL-JSON item for one read .bib block (empty when bibtexparser could not read it)."""
    if block.error is not None:
        return {}
    fields = block.fields
    kind = _csl_type(block)
    csl: dict[str, Any] = {"id": block.key, "type": kind}
    for role in ("author", "editor"):
        names = [_csl_name(*person) for person in block.names.get(role, ())]
        if names:
            csl[role] = names
    if block.entry_type == "manual" and "author" not in csl and "editor" not in csl and fields.get("organization"):
        # BibTeX's styles print a manual's organization where its author would be.
        csl["author"] = [{"literal": plain(fields["organization"])}]
    if fields.get("title"):
        csl["title"] = plain(fields["title"])
    container = _container(block, kind)
    if container:
        csl["container-title"] = container
    issued = _issued(fields)
    if issued:
        csl["issued"] = issued
    for bib_name, csl_name in _PLAIN_FIELDS:
        if fields.get(bib_name) and csl_name not in csl:
            csl[csl_name] = plain(fields[bib_name])
    number = fields.get("number") or fields.get("issue")
    if number:
        csl["issue" if kind.startswith("article") else "number"] = plain(number)
    if fields.get("pages"):
        csl["page"] = "-".join(part.strip() for part in _DASHES.split(plain(fields["pages"])))
    publisher = fields.get("school") or fields.get("institution") or fields.get("organization")
    if publisher and "publisher" not in csl:
        csl["publisher"] = plain(publisher)
    doi = _doi(fields)
    if doi:
        csl["DOI"] = doi
    url = _url(fields)
    if url:
        csl["URL"] = url
    return csl


def _csl_type(block: BibBlock) -> str:
    kind = CSL_TYPES.get(block.entry_type, "document")
    fields = block.fields
    if block.entry_type == "inbook" and not fields.get("booktitle"):
        return "book"  # BibTeX's @inbook is a part of a book cited under the book's own title
    if kind == "document" and _url(fields) and not (fields.get("year") or fields.get("date")):
        return "webpage"
    return kind


def _csl_name(last: str, first: str, jr: str) -> dict[str, str]:
    if not first and last.startswith("{") and last.endswith("}"):
        return {"literal": plain(last)}  # {World Health Organization}
    name = {"family": plain(last)}
    if first:
        name["given"] = plain(first)
    if jr:
        name["suffix"] = plain(jr)
    return name


def _container(block: BibBlock, kind: str) -> str | None:
    fields = block.fields
    if kind.startswith("article"):
        value = fields.get("journal") or fields.get("journaltitle")
    elif kind in ("chapter", "paper-conference"):
        value = fields.get("booktitle")
    else:
        value = fields.get("journal") or fields.get("booktitle")
    return plain(value) if value else None


def _issued(fields: dict[str, str] | Any) -> dict[str, Any] | None:
    raw = fields.get("date") or fields.get("year")
    if not raw:
        return None
    value = plain(raw)
    match = _DATE.match(value)
    if not match:
        return {"literal": value}
    parts = [int(match.group("year"))]
    month = match.group("month") or _month(fields.get("month"))
    if month:
        parts.append(int(month))
        if match.group("day"):
            parts.append(int(match.group("day")))
    issued: dict[str, Any] = {"date-parts": [parts]}
    if match.group("suffix"):
        issued["year-suffix"] = match.group("suffix")
    return issued


def _month(value: str | None) -> int | None:
    if not value:
        return None
    text = plain(value).strip().lower().rstrip(".")
    if text.isdigit() and 1 <= int(text) <= 12:
        return int(text)
    return MONTHS.get(text)


# Where a .bib entry gives its DOI: never "abstract" or "note", whose text may mention other works' DOIs.
_DOI_FIELDS = ("doi", "url", "howpublished", "eprint")


def _doi(fields: dict[str, str] | Any) -> str | None:
    for name in _DOI_FIELDS:
        if name == "eprint" and plain(fields.get("eprinttype") or fields.get("archiveprefix") or "").lower() != "doi":
            continue  # an arXiv or PubMed id, unless the entry says it is a DOI
        written = plain(fields.get(name) or "")
        if not written:
            continue  # "doi = {}", "doi = {{}}": no DOI here; another field may give it
        found = find_dois(fields[name].replace("\\_", "_"))
        if found:
            return found[0][0]
        if name == "doi":
            return written  # as written: doi-malformed says what is wrong with it
    return None


def _url(fields: dict[str, str] | Any) -> str | None:
    if fields.get("url"):
        return fields["url"].strip()
    for name in ("howpublished", "note"):
        match = _URL.search(fields.get(name) or "")
        if match:
            return match.group("a") or match.group("b")
    return None


# --- CSL-JSON / CSL-YAML items as written by hand or exported (Pandoc's `references:`) --------

# Date fields whose value may be written loosely: "2006", 2006, {year: 2006}, [{year: 2006, month: 5}]
_CSL_DATES = ("issued", "accessed", "original-date", "event-date", "submitted")
_NAME_FIELDS = ("author", "editor", "translator", "container-author", "collection-editor", "director", "composer")


def csl_item(item: Any) -> dict[str, Any]:
    """A CSL item as the checks expect it: dates as ``date-parts``, names as dicts, keys as strings.

    Pandoc and citeproc-js accept ``issued: 2006``, ``issued: {year: 2006}`` and an EDTF string
    ``"2006-05"``; each becomes ``{"date-parts": [[2006, 5]]}``.  A value that is not a date stays
    as ``literal``.  Nothing is invented: a field the item lacks stays absent.
    """
    if not isinstance(item, dict):
        return {}
    csl: dict[str, Any] = {str(name): value for name, value in item.items()}
    if "id" in csl:
        csl["id"] = str(csl["id"])
    for name in _CSL_DATES:
        if name in csl:
            date = _csl_date(csl[name])
            if date is None:
                del csl[name]
            else:
                csl[name] = date
    for name in _NAME_FIELDS:
        value = csl.get(name)
        if isinstance(value, (str, dict)):
            value = [value]
        if isinstance(value, list):
            csl[name] = [_csl_person(person) for person in value if person]
    for name in ("title", "container-title", "publisher", "page", "volume", "issue", "DOI", "URL"):
        if name in csl and not isinstance(csl[name], str) and csl[name] is not None:
            csl[name] = str(csl[name])
    return csl


def _csl_date(value: Any) -> dict[str, Any] | None:
    if isinstance(value, list) and value and isinstance(value[0], dict):
        value = value[0]  # Pandoc YAML: "issued: [{year: 2006, month: 5}]"
    if isinstance(value, dict):
        if "date-parts" in value or "literal" in value or "raw" in value:
            if "raw" in value and "date-parts" not in value:
                return _csl_date(str(value["raw"]))
            return value
        parts = [value.get(part) for part in ("year", "month", "day")]
        numbers = []
        for part in parts:
            if part is None or not str(part).strip().lstrip("-").isdigit():
                break
            numbers.append(int(part))
        return {"date-parts": [numbers]} if numbers else None
    if isinstance(value, int):
        return {"date-parts": [[value]]}
    if hasattr(value, "year") and hasattr(value, "month"):  # YAML read "2006-05-01" as a date
        return {"date-parts": [[value.year, value.month, getattr(value, "day", 1)]]}
    if isinstance(value, str) and value.strip():
        match = _DATE.match(value)
        if match is None:
            return {"literal": value.strip()}
        parts = [int(match.group("year"))]
        if match.group("month"):
            parts.append(int(match.group("month")))
            if match.group("day"):
                parts.append(int(match.group("day")))
        date: dict[str, Any] = {"date-parts": [parts]}
        if match.group("suffix"):
            date["year-suffix"] = match.group("suffix")
        return date
    return None


def _csl_person(person: Any) -> dict[str, str]:
    if isinstance(person, dict):
        return {str(k): str(v) for k, v in person.items() if v is not None}
    return {"literal": str(person)}
