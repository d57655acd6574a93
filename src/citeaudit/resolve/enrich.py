"""Filling a reference's empty fields from its verified Crossref record, for ``export --enrich``.

Only empty fields are filled; nothing the manuscript says is overwritten.  Every filled field
comes back as a change ``(field, old, new)`` so the report can show it.  Only a ``verified``
resolution is used: a record that disagrees with the entry (mismatch), is retracted, or was
only suggested by a search is evidence for an editor, not a source of data.

The record is the CSL-JSON kept in ``Resolution.record``; :func:`fetch_csl` and
:func:`fetch_bibtex` get Crossref's own CSL-JSON or BibTeX by content negotiation instead.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping
from typing import Any, Protocol

from ..doi import normalize_doi
from ..model import Resolution
from .source import Answer

Change = tuple[str, Any, Any]

# CSL fields export may fill, in the order changes are listed.
ENRICHABLE_FIELDS = (
    "DOI", "title", "author", "issued", "container-title", "container-title-short",
    "volume", "issue", "page", "publisher", "ISSN", "URL",
)


def _empty(value: Any) -> bool:
    if value is None or value == "" or value == [] or value == {}:
        return True
    if isinstance(value, Mapping) and "date-parts" in value:
        parts = value.get("date-parts") or [[]]
        return not parts or not parts[0] or parts[0][0] in (None, "")
    return False


def _normalised(record: Mapping[str, Any]) -> dict[str, Any]:
    # Content negotiation may give lists where CSL-JSON has strings, and DOIs in upper case.
    item = dict(record)
    for name in ("title", "container-title", "container-title-short"):
        if isinstance(item.get(name), list):
            item[name] = item[name][0] if item[name] else ""
    if item.get("DOI"):
        item["DOI"] = normalize_doi(str(item["DOI"]))
    return item


def enrich_csl(
    csl: Mapping[str, Any], record: Mapping[str, Any], fields: tuple[str, ...] = ENRICHABLE_FIELDS
) -> tuple[dict[str, Any], list[Change]]:
    """``csl`` with its empty fields filled from ``record``, and the list of what was filled."""
    enriched = copy.deepcopy(dict(csl))
    source = _normalised(record)
    changes: list[Change] = []
    for name in fields:
        new = source.get(name)
        if _empty(new) or not _empty(enriched.get(name)):
            continue
        changes.append((name, enriched.get(name), copy.deepcopy(new)))
        enriched[name] = copy.deepcopy(new)
    return enriched, changes


def enrich_from_resolution(
    csl: Mapping[str, Any],
    resolution: Resolution,
    *,
    fetch: Callable[[str], Mapping[str, Any] | None] | None = None,
) -> tuple[dict[str, Any], list[Change]]:
    """Fill ``csl`` from a verified resolution's record (or from ``fetch(doi)`` when given)."""
    if resolution.status != "verified" or not resolution.doi:
        return copy.deepcopy(dict(csl)), []
    record = fetch(resolution.doi) if fetch else resolution.record
    if not record:
        return copy.deepcopy(dict(csl)), []
    return enrich_csl(csl, record)


class _Negotiator(Protocol):
    """What :func:`fetch_csl` and :func:`fetch_bibtex` need: a CrossrefClient, or a fake."""

    def csl_json(self, doi: str) -> Answer: ...

    def bibtex(self, doi: str) -> Answer: ...


def fetch_csl(client: _Negotiator, doi: str) -> dict[str, Any] | None:
    """Crossref's CSL-JSON for a DOI (content negotiation), or ``None`` when it has none."""
    answer = client.csl_json(doi)
    return _normalised(answer.data) if answer.status == 200 and isinstance(answer.data, Mapping) else None


def fetch_bibtex(client: _Negotiator, doi: str) -> str | None:
    """Crossref's BibTeX for a DOI (habanero's content negotiation), or ``None`` when it has none."""
    answer = client.bibtex(doi)
    return str(answer.data) if answer.status == 200 and answer.data else None
