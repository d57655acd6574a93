"""Crossref work messages turned into values, so that no raw Crossref dict leaves ``resolve/``.

A :class:`WorkRecord` holds what the comparison needs (every title, every date, every container
name) and the CSL-JSON item that travels on in ``Resolution.record``.  Editorial updates
(``updated-by``, and an ``update-to`` that points at the work itself, as some publishers deposit
a retraction on the retracted article's own DOI) become :class:`Notice` values.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..doi import normalize_doi

# Crossref work types -> CSL types (the mapping Crossref's own content negotiation uses).
CSL_TYPES = {
    "journal-article": "article-journal",
    "book-chapter": "chapter",
    "book-part": "chapter",
    "book-section": "chapter",
    "proceedings-article": "paper-conference",
    "book": "book",
    "monograph": "book",
    "edited-book": "book",
    "reference-book": "book",
    "book-set": "book",
    "book-series": "book",
    "posted-content": "article",
    "dissertation": "thesis",
    "report": "report",
    "report-series": "report",
    "dataset": "dataset",
    "peer-review": "review",
    "standard": "standard",
    "reference-entry": "entry",
    "component": "article",
}

# Update types that make citing the work a problem, as Crossref names them.
RETRACTION_TYPES = frozenset(
    {"retraction", "partial_retraction", "withdrawal", "removal", "expression_of_concern"}
)

# Dates Crossref gives a work; a manuscript may cite any of them as "the year".
_DATE_FIELDS = ("issued", "published-print", "published-online", "published")


@dataclass(frozen=True, slots=True)
class Notice:
    """An editorial update to a work: a retraction, withdrawal, correction, concern..."""

    type: str
    doi: str | None
    date: str | None
    source: str | None
    label: str | None

    @property
    def is_retraction(self) -> bool:
        """Whether citing the work needs an editor's attention (retraction, withdrawal, concern)."""
        return self.type in RETRACTION_TYPES

    def as_dict(self) -> dict[str, str | None]:
        return {
            "type": self.type,
            "doi": self.doi,
            "date": self.date,
            "source": self.source,
            "label": self.label,
        }


@dataclass(frozen=True, slots=True)
class Author:
    family: str
    given: str = ""


@dataclass(frozen=True, slots=True)
class WorkRecord:
    """One Crossref work, reduced to the fields citeaudit compares and exports."""

    doi: str
    type: str
    titles: tuple[str, ...]
    subtitles: tuple[str, ...]
    authors: tuple[Author, ...]
    years: tuple[int, ...]
    containers: tuple[str, ...]
    volume: str | None
    issue: str | None
    page: str | None
    notices: tuple[Notice, ...]
    csl: Mapping[str, Any]
    score: float | None = None

    @property
    def title(self) -> str | None:
        return self.titles[0] if self.titles else None

    @property
    def year(self) -> int | None:
        return self.years[0] if self.years else None

    @property
    def retractions(self) -> tuple[Notice, ...]:
        return tuple(notice for notice in self.notices if notice.is_retraction)


def _texts(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    return tuple(str(v).strip() for v in value if str(v).strip())


def _first_year(date: Any) -> int | None:
    if not isinstance(date, Mapping):
        return None
    parts = date.get("date-parts") or [[]]
    try:
        return int(parts[0][0])
    except (IndexError, TypeError, ValueError):
        return None


def _iso_date(date: Any) -> str | None:
    if not isinstance(date, Mapping):
        return None
    parts = (date.get("date-parts") or [[]])[0]
    numbers = [int(p) for p in parts if isinstance(p, int) or (isinstance(p, str) and p.isdigit())]
    if not numbers:
        return None
    return "-".join(f"{n:02d}" if i else str(n) for i, n in enumerate(numbers))


def _authors(people: Any) -> tuple[Author, ...]:
    authors = []
    for person in people or ():
        if not isinstance(person, Mapping):
            continue
        if person.get("family"):
            authors.append(Author(str(person["family"]), str(person.get("given") or "")))
        elif person.get("name"):
            authors.append(Author(str(person["name"])))
    return tuple(authors)


def _notice(update: Mapping[str, Any]) -> Notice:
    return Notice(
        type=str(update.get("type") or "update").lower().replace("-", "_"),
        doi=normalize_doi(str(update["DOI"])) if update.get("DOI") else None,
        date=_iso_date(update.get("updated")),
        source=update.get("source"),
        label=update.get("label"),
    )


def work_notices(work: Mapping[str, Any]) -> tuple[Notice, ...]:
    """Every editorial update recorded on a work, oldest first."""
    own = normalize_doi(str(work.get("DOI") or ""))
    notices = [_notice(u) for u in work.get("updated-by") or () if isinstance(u, Mapping)]
    # A publisher may mark the work itself as retracted: update-to pointing at its own DOI.
    notices.extend(
        _notice(u)
        for u in work.get("update-to") or ()
        if isinstance(u, Mapping) and normalize_doi(str(u.get("DOI") or "")) == own
    )
    seen: dict[tuple[str, str | None], Notice] = {}
    for notice in notices:
        seen.setdefault((notice.type, notice.doi), notice)
    return tuple(sorted(seen.values(), key=lambda n: n.date or ""))


def work_to_csl(work: Mapping[str, Any]) -> dict[str, Any]:
    """A CSL-JSON item for a Crossref work (plain JSON types, safe to serialise)."""
    csl: dict[str, Any] = {"type": CSL_TYPES.get(str(work.get("type")), "article")}
    if work.get("DOI"):
        csl["DOI"] = normalize_doi(str(work["DOI"]))
    titles, subtitles = _texts(work.get("title")), _texts(work.get("subtitle"))
    if titles:
        csl["title"] = titles[0] + (f": {subtitles[0]}" if subtitles and subtitles[0] not in titles[0] else "")
    authors = [
        {"family": a["family"], "given": a.get("given", "")} if a.get("family") else {"literal": a["name"]}
        for a in work.get("author") or ()
        if isinstance(a, Mapping) and (a.get("family") or a.get("name"))
    ]
    if authors:
        csl["author"] = authors
    for date_field in _DATE_FIELDS:
        date = work.get(date_field)
        if isinstance(date, Mapping) and date.get("date-parts") and date["date-parts"][0][0] is not None:
            csl["issued"] = {"date-parts": [list(date["date-parts"][0])]}
            break
    containers = _texts(work.get("container-title"))
    if containers:
        csl["container-title"] = containers[0]
    short = _texts(work.get("short-container-title"))
    if short:
        csl["container-title-short"] = short[0]
    for name in ("volume", "issue", "page", "publisher", "URL"):
        if work.get(name):
            csl[name] = str(work[name])
    if work.get("ISSN"):
        csl["ISSN"] = list(_texts(work["ISSN"]))
    return csl


def work_record(work: Mapping[str, Any]) -> WorkRecord:
    """Read one Crossref work message (``message`` of ``/works/{doi}`` or a list item)."""
    years = []
    for date_field in _DATE_FIELDS:
        year = _first_year(work.get(date_field))
        if year is not None and year not in years:
            years.append(year)
    score = work.get("score")
    return WorkRecord(
        doi=normalize_doi(str(work.get("DOI") or "")),
        type=str(work.get("type") or ""),
        titles=_texts(work.get("title")) + _texts(work.get("original-title")) + _texts(work.get("short-title")),
        subtitles=_texts(work.get("subtitle")),
        authors=_authors(work.get("author")),
        years=tuple(years),
        containers=_texts(work.get("container-title")) + _texts(work.get("short-container-title")),
        volume=str(work["volume"]) if work.get("volume") else None,
        issue=str(work["issue"]) if work.get("issue") else None,
        page=str(work["page"]) if work.get("page") else None,
        notices=work_notices(work),
        csl=work_to_csl(work),
        score=float(score) if isinstance(score, (int, float)) else None,
    )


def work_items(message: Mapping[str, Any]) -> Sequence[Mapping[str, Any]]:
    """The items of a list response's ``message`` (empty when it has none)."""
    items = message.get("items") if isinstance(message, Mapping) else None
    return [item for item in items or () if isinstance(item, Mapping)]
