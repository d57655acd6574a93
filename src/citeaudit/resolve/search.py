"""Finding the DOI of an entry that has none: Crossref's search-based matching with validation.

The recipe (Crossref Labs, "reference matching"): send the whole reference string as
``query.bibliographic``; keep the candidates whose relevance score divided by the length of the
query passes a threshold; then validate each one against the entry (year, volume, first page,
first author, title) and accept the best only when that agreement is high enough.  The
agreement is a weighted share of fields that agree, a number an editor can read as confidence.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz

from ..model import FieldComparison
from .compare import compare_fields, fold, manuscript_authors, manuscript_year, page_range, same_name
from .records import WorkRecord

# DOIs, URLs and markup say nothing a bibliographic search can use (and a wrong DOI misleads it).
_NOISE = re.compile(r"https?://\S+|\bdoi:\s*\S+|\b10\.\d{4,9}/\S+|<[^>]{1,80}>|[*_]{1,2}", re.IGNORECASE)
# Whole numbers in a reference: "36", "1996", "100" of "36(1), 100-108".
_NUMBER = re.compile(r"(?<!\d)\d+(?!\d)")
_YEAR = re.compile(r"(?<!\d)(1[5-9]\d\d|20\d\d)(?!\d)")

MAX_QUERY = 1000
# Field weights: the title says most, the first author next, each number a little.
WEIGHTS = {"title": 3.0, "first author": 2.0, "year": 1.0, "volume": 1.0, "first page": 1.0}


@dataclass(frozen=True, slots=True)
class SearchPolicy:
    """Thresholds for accepting a search candidate (``min_normalized_score`` is score / query length)."""

    min_normalized_score: float = 0.4
    min_confidence: float = 0.7
    min_title: float = 0.6
    rows: int = 5


@dataclass(frozen=True, slots=True)
class Candidate:
    """One search result weighed against the entry."""

    record: WorkRecord
    normalized_score: float
    confidence: float
    evidence: Mapping[str, float]
    fields: tuple[FieldComparison, ...]

    def agreeing(self) -> list[str]:
        return [name for name, value in self.evidence.items() if value >= 0.99]


def query_text(raw: str) -> str:
    """The reference string as a bibliographic query: no DOI, URL or markup, one line."""
    return " ".join(_NOISE.sub(" ", raw or "").split())[:MAX_QUERY]


def csl_query(csl: Mapping[str, Any]) -> str:
    """A bibliographic query built from structured fields (a .bib entry has no printed string)."""
    names = " ".join(str(n.get("family") or n.get("literal") or "") for n in (csl.get("author") or csl.get("editor") or [])[:3])
    parts = (csl.get("issued") or {}).get("date-parts") or [[]]
    year = str(parts[0][0]) if parts and parts[0] else ""
    fields = [names, str(csl.get("title") or ""), str(csl.get("container-title") or ""), str(csl.get("volume") or ""), str(csl.get("page") or ""), year]
    return " ".join(" ".join(fields).split())[:MAX_QUERY]


def searchable(raw: str) -> bool:
    """Whether an entry says enough to be searched for (some words, not just "Ibid.")."""
    return len(re.findall(r"[^\W\d_]{3,}", query_text(raw))) >= 3


def _numbers(csl: Mapping[str, Any], raw: str) -> list[str]:
    # Numbers as written, plus the parsed volume and pages in case the raw text lost them.
    written = " ".join([query_text(raw)] + [str(csl.get(name) or "") for name in ("volume", "issue", "page")])
    return [n.lstrip("0") or "0" for n in _NUMBER.findall(written)]


def _number_found(value: str | None, numbers: list[str]) -> float | None:
    if not value:
        return None
    found = _NUMBER.findall(value)
    if not found:
        return None
    return 1.0 if found[0].lstrip("0") in numbers else 0.0


def evidence(csl: Mapping[str, Any], raw: str, record: WorkRecord) -> dict[str, float]:
    """Agreement (0..1) of each field the record has with the entry (structured or as written)."""
    text = fold(query_text(raw))
    numbers = _numbers(csl, raw)
    found: dict[str, float] = {}
    if record.title:
        ours = fold(str(csl.get("title") or ""))
        theirs = fold(record.title)
        found["title"] = (
            fuzz.token_set_ratio(ours, theirs) / 100 if ours else fuzz.partial_ratio(theirs, text) / 100
        )
    if record.authors:
        first = record.authors[0].family
        names, _ = manuscript_authors(csl, raw)
        if names:
            found["first author"] = 1.0 if same_name(names[0], first) else 0.0
        else:
            folded = fold(first)
            found["first author"] = fuzz.partial_ratio(folded, text[: 2 * len(folded) + 10]) / 100
    if record.years:
        year = manuscript_year(csl)
        written = [int(y) for y in _YEAR.findall(query_text(raw))]
        candidates = [year] if year is not None else written
        if any(y in record.years for y in candidates):
            found["year"] = 1.0
        elif any(abs(y - r) == 1 for y in candidates for r in record.years):
            found["year"] = 0.5
        else:
            found["year"] = 0.0
    if (value := _number_found(record.volume, numbers)) is not None:
        found["volume"] = value
    first_page = page_range(record.page or "")
    if first_page and (value := _number_found(first_page[0], numbers)) is not None:
        found["first page"] = value
    return found


def weigh(csl: Mapping[str, Any], raw: str, record: WorkRecord, query: str) -> Candidate:
    """How well one search result fits the entry."""
    found = evidence(csl, raw, record)
    total = sum(WEIGHTS[name] for name in found)
    confidence = sum(WEIGHTS[name] * value for name, value in found.items()) / total if total else 0.0
    normalized = (record.score or 0.0) / max(1, len(query))
    return Candidate(record, round(normalized, 3), round(confidence, 3), found, compare_fields(csl, record, raw))


def choose(
    csl: Mapping[str, Any], raw: str, records: Sequence[WorkRecord], query: str, policy: SearchPolicy
) -> tuple[Candidate | None, Candidate | None]:
    """The accepted candidate (or ``None``) and the best one weighed, accepted or not."""
    weighed = [weigh(csl, raw, record, query) for record in records if record.doi]
    best = max(weighed, key=lambda c: (c.confidence, c.normalized_score), default=None)
    accepted = [
        c
        for c in weighed
        if c.normalized_score >= policy.min_normalized_score
        and c.confidence >= policy.min_confidence
        and c.evidence.get("title", 0.0) >= policy.min_title
    ]
    chosen = max(accepted, key=lambda c: (c.confidence, c.normalized_score), default=None)
    return chosen, best
