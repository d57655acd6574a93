"""Pure matching: citations x references -> links and the problems met on the way."""

from __future__ import annotations

from dataclasses import dataclass

from .model import Link


@dataclass(frozen=True, slots=True)
class CitationMatch:
    """How one citation (index into the citation list) matched the references.

    ``status`` is matched, unmatched, year-mismatch, name-mismatch or ambiguous.
    ``targets`` are the reference indices (1-based) it links to; ``candidates`` the near
    misses a suggestion is made from.
    """

    citation: int
    status: str
    targets: tuple[int, ...] = ()
    candidates: tuple[int, ...] = ()
    suggestion: str | None = None


@dataclass(frozen=True, slots=True)
class MatchResult:
    matches: tuple[CitationMatch, ...]
    links: tuple[Link, ...]
    uncited: tuple[int, ...]
