"""Stand-ins for tests: a resolver with canned answers, and an in-memory registry source.

``FakeResolver`` is for pipeline and report tests that need Resolutions without any lookup.
``FakeSource`` is for resolver tests: it answers like the Crossref client (works by DOI,
agencies, search results) from dicts, counting what it was asked, without any socket.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from ..doi import normalize_doi
from ..errors import TransportError
from ..model import Reference, Resolution
from .source import Answer

FETCHED_AT = "2026-01-01T00:00:00+00:00"


class FakeResolver:
    """Hands back the Resolutions it was given, for the references it is asked about."""

    def __init__(self, resolutions: Iterable[Resolution] = ()) -> None:
        self.resolutions = {r.reference: r for r in resolutions}
        self.calls: list[tuple[Reference, ...]] = []

    def resolve(self, references: Sequence[Reference]) -> list[Resolution]:
        self.calls.append(tuple(references))
        return [self.resolutions[r.index] for r in references if r.index in self.resolutions]


class FakeSource:
    """An in-memory Crossref: ``works`` by DOI, ``aliases``, ``agencies``, and ``search``.

    ``search`` maps a query to its items, or is a function of the query; ``failing`` DOIs and
    queries raise TransportError.  ``requests`` lists every call as ``(method, argument)``.
    """

    base_url = "fake://crossref"

    def __init__(
        self,
        works: Iterable[Mapping[str, Any]] = (),
        *,
        aliases: Mapping[str, str] | None = None,
        agencies: Mapping[str, str] | None = None,
        search: Mapping[str, Sequence[Mapping[str, Any]]] | Callable[[str], Sequence[Mapping[str, Any]]] | None = None,
        failing: Iterable[str] = (),
    ) -> None:
        self.works = {normalize_doi(str(w["DOI"])): dict(w) for w in works}
        self.aliases = {normalize_doi(k): normalize_doi(v) for k, v in (aliases or {}).items()}
        self.agencies = dict(agencies or {})
        self._search = search or {}
        self.failing = set(failing)
        self.requests: list[tuple[str, Any]] = []

    def cached(self, key: str) -> Answer | None:
        return None

    def _fail(self, what: str) -> None:
        if what in self.failing:
            raise TransportError(f"connection failed (fake): {what}")

    def batch(self, dois: Sequence[str]) -> dict[str, Answer]:
        self.requests.append(("batch", tuple(dois)))
        for doi in dois:
            self._fail(doi)
        url = f"{self.base_url}/works?filter=" + ",".join(f"doi:{d}" for d in dois)
        return {doi: Answer(url, 200, self.works[doi], FETCHED_AT) for doi in dois if doi in self.works}

    def work(self, doi: str) -> Answer:
        self.requests.append(("work", doi))
        self._fail(doi)
        url = f"{self.base_url}/works/{doi}"
        target = self.aliases.get(doi, doi)
        if target in self.works:
            return Answer(url, 200, self.works[target], FETCHED_AT)
        return Answer(url, 404, None, FETCHED_AT)

    def agency(self, doi: str) -> Answer:
        self.requests.append(("agency", doi))
        url = f"{self.base_url}/works/{doi}/agency"
        agency = self.agencies.get(doi)
        if agency is None:
            return Answer(url, 404, None, FETCHED_AT)
        return Answer(url, 200, {"DOI": doi, "agency": {"id": agency, "label": agency.title()}}, FETCHED_AT)

    def search(self, text: str, rows: int = 5) -> Answer:
        self.requests.append(("search", text))
        self._fail(text)
        items = self._search(text) if callable(self._search) else self._search.get(text, ())
        return Answer(f"{self.base_url}/works?query.bibliographic={text}", 200, {"items": list(items)[:rows]}, FETCHED_AT)
