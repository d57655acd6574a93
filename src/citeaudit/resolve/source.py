"""What the resolver asks of a registry, and the answers it gets back.

:class:`~citeaudit.resolve.crossref.CrossrefClient` is the real source; tests may hand the
resolver any object with these methods (see :mod:`citeaudit.resolve.fake`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol


@dataclass(frozen=True, slots=True)
class Answer:
    """One answer from the registry (or the cache): the request, its status and its data.

    ``data`` is the work for a record (status 200), the agency message for ``agency``, the
    list message (with ``items``) for a search, and ``None`` for a 404.
    """

    url: str
    status: int
    data: Any
    fetched_at: str
    from_cache: bool = False


def work_key(doi: str) -> str:
    """The cache key of a DOI's record, whichever request (batch or single) brought it."""
    return f"doi:{doi}"


def agency_key(doi: str) -> str:
    return f"agency:{doi}"


class RegistrySource(Protocol):
    """Look-ups the resolver needs; each raises ResolveError when it cannot answer."""

    def cached(self, key: str) -> Answer | None: ...

    def batch(self, dois: Sequence[str]) -> dict[str, Answer]: ...

    def work(self, doi: str) -> Answer: ...

    def agency(self, doi: str) -> Answer: ...

    def search(self, text: str, rows: int = 5) -> Answer: ...
