"""From references to Resolutions: plan each lookup, run them concurrently, judge the answers.

One Resolution per reference, in order, whatever happens on the network:

    not-indexable   a newspaper, agency wire, magazine, web page, archive, law or report: not looked up
    verified        the DOI's record agrees with the entry on every field both give, and on enough of them
    uncompared      nothing contradicts the entry, but too little agrees to confirm it (a record without title and authors)
    mismatch        the DOI's record differs on some field (or is another work altogether)
    retracted       the DOI's record carries a retraction, withdrawal or expression of concern
    not-found       Crossref and every agency answer 404 for the DOI; or a search validated nothing
    suggested       an entry without a (valid) DOI matched a record by search and validation
    unverified      the registry could not be asked or did not answer: nothing is claimed

DOIs go in batches through the list endpoint (at most ``batch_size`` DOIs a request, fewer when
the source's ``batches`` says the URL would grow too long); what a batch does not return is
asked of ``/works/{doi}`` (aliases, other agencies, or a 404 to confirm), and a 404 of
``/works/{doi}/agency``.

All lookups of one ``resolve`` share a network budget (``budget`` seconds, by default
:func:`default_budget` of the number of lookups); what ends lookups for the whole run (the
budget spent, the circuit breaker open, an endpoint that is not Crossref) is told once, through
the progress display's ``notice`` and the provenance's ``notices``, and each reference it left
unchecked is ``unverified`` with the reason and the request URL kept apart from the message.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from typing import Any

from ..doi import find_dois, is_valid_doi, normalize_doi
from ..errors import BadResponseError, ResolveError
from ..model import Reference, Resolution
from .compare import OTHER_WORK, agreement, compare_fields, weigh
from .indexable import NotIndexable, classify_unindexable
from .progress import NullProgress, Progress
from .records import work_items, work_record
from .search import Candidate, SearchPolicy, choose, csl_query, query_text, searchable
from .source import Answer, RegistrySource, work_key

# The most DOIs one list request asks for: the URL limit (crossref.MAX_URL) binds first for long
# DOIs, and a batch that fails is asked again DOI by DOI, so it is not made larger still.
BATCH_SIZE = 100
# The default network budget: a fixed allowance and so much per lookup (a DOI or a search).
# Generous for a healthy registry (Crossref's public pool allows one search a second), it only
# ever ends a run that faults have slowed to a crawl.
BUDGET_BASE = 30.0
BUDGET_PER_LOOKUP = 2.0
# Control characters and the like: nothing a server sends reaches a message raw.
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f]")
# A rejected search candidate this confident is named in the not-found message.
NEAR_MISS = 0.5


@dataclass(frozen=True, slots=True)
class _Plan:
    reference: Reference
    doi: str | None = None
    query: str | None = None
    unindexable: NotIndexable | None = None
    skip: str | None = None


@dataclass(frozen=True, slots=True)
class _Outcome:
    answer: Answer | None = None
    agency: Answer | None = None
    error: ResolveError | None = None


def reference_doi(reference: Reference) -> str | None:
    """The DOI an entry gives (parsed, or found in its text), normalised; it may be malformed."""
    if reference.doi:
        return normalize_doi(str(reference.doi))
    found = find_dois(reference.raw or "")
    return found[0][0] if found else None


def plan_lookup(reference: Reference) -> _Plan:
    """What to ask about one reference: its DOI, a search, or nothing (and why)."""
    doi = reference_doi(reference)
    if doi and is_valid_doi(doi):
        return _Plan(reference, doi=doi)
    unindexable = classify_unindexable(reference.csl, reference.raw)
    if unindexable:
        return _Plan(reference, unindexable=unindexable)
    if reference.raw.lstrip().startswith("@"):
        # A BibTeX entry: search with its fields, not its markup.
        query = csl_query(reference.csl)
        if searchable(query):
            return _Plan(reference, query=query)
    elif searchable(reference.raw):
        return _Plan(reference, query=query_text(reference.raw))
    return _Plan(reference, skip="the entry is too short to search for")


def default_budget(lookups: int) -> float:
    """Seconds all lookups together may take when ``--network-budget`` is not given."""
    return BUDGET_BASE + BUDGET_PER_LOOKUP * max(0, lookups)


def _printable(text: object, limit: int = 80) -> str:
    """A server's string as it may appear in a message: no control characters, not too long."""
    clean = _UNPRINTABLE.sub("", str(text)).strip()
    return clean if len(clean) <= limit else clean[: limit - 1] + "…"


def _chunks(items: Sequence[str], size: int) -> list[list[str]]:
    return [list(items[i : i + size]) for i in range(0, len(items), size)]


class CrossrefResolver:
    """Resolves references against a registry source (the Crossref client, or a fake)."""

    def __init__(
        self,
        source: RegistrySource,
        *,
        progress: Progress | None = None,
        workers: int = 6,
        batch_size: int = BATCH_SIZE,
        policy: SearchPolicy = SearchPolicy(),
        budget: float | None = None,
    ) -> None:
        """``budget``: seconds all lookups of one ``resolve`` may take (``None``: :func:`default_budget`)."""
        self.source = source
        self.budget = budget
        self._told: set[str] = set()
        self.progress = progress or NullProgress()
        self.workers = workers
        self.batch_size = batch_size
        self.policy = policy
        self._last: tuple[Resolution, ...] = ()

    def resolve(self, references: Sequence[Reference]) -> list[Resolution]:
        """One Resolution per reference, in order; network trouble becomes ``unverified``."""
        plans = [plan_lookup(reference) for reference in references]
        dois = sorted({plan.doi for plan in plans if plan.doi})
        queries = sorted({plan.query for plan in plans if plan.query})
        self.progress.start(len(dois) + len(queries), "Checking references against Crossref")
        if start_budget := getattr(self.source, "start_budget", None):
            start_budget(self.budget if self.budget is not None else default_budget(len(dois) + len(queries)))
        try:
            works, searches = self._run(dois, queries)
        finally:
            self.progress.stop()
        self._tell()
        resolutions = [self._judge(plan, works, searches) for plan in plans]
        self._last = tuple(resolutions)
        return resolutions

    def provenance(self) -> dict[str, Any]:
        """Where the last run's answers came from: requests sent, answers taken from the cache."""
        looked_up = [r for r in self._last if r.request_url]
        facts: dict[str, Any] = {
            "registry": "crossref",
            "looked_up": len(looked_up),
            "from_cache": sum(r.from_cache for r in looked_up),
            "from_cache_references": [r.reference for r in looked_up if r.from_cache],
        }
        if hasattr(self.source, "base_url"):
            facts["base_url"] = self.source.base_url
        pacer, stats, cache = (getattr(self.source, name, None) for name in ("pacer", "stats", "cache"))
        if pacer is not None:
            facts["pool"] = pacer.pool
        if stats is not None:
            facts.update(stats.as_dict())
        facts["cache"] = cache.path if cache is not None else None
        budget = getattr(self.source, "budget", None)
        if budget is not None:
            facts["network_budget_s"] = budget.seconds
        notices = getattr(self.source, "notices", None)
        if notices:
            facts["notices"] = list(notices)
        return facts

    def _tell(self) -> None:
        """Show each run-wide notice of the source once (breaker open, budget spent...)."""
        notice = getattr(self.progress, "notice", None)
        for text in getattr(self.source, "notices", ()):
            if text not in self._told:
                self._told.add(text)
                if notice is not None:
                    notice(text)

    def close(self) -> None:
        if close := getattr(self.source, "close", None):
            close()

    # -- running the lookups --------------------------------------------------------------------

    def _single(self, doi: str) -> _Outcome:
        answer = self.source.work(doi)
        if answer.status != 404:
            return _Outcome(answer)
        try:
            return _Outcome(answer, agency=self.source.agency(doi))
        except ResolveError as error:
            return _Outcome(answer, error=error)

    def _run(self, dois: list[str], queries: list[str]) -> tuple[dict[str, _Outcome], dict[str, _Outcome]]:
        works: dict[str, _Outcome] = {}
        searches: dict[str, _Outcome] = {}
        missing, singles = [], []
        for doi in dois:
            hit = self.source.cached(work_key(doi))
            if hit is not None and hit.status == 200:
                works[doi] = _Outcome(hit)
                self.progress.advance()
            elif hit is not None or "," in doi:
                singles.append(doi)  # a cached 404 (agency still to read), or a DOI no filter can carry
            else:
                missing.append(doi)
        with ThreadPoolExecutor(max_workers=self.workers, thread_name_prefix="crossref") as pool:
            futures: dict[Future[Any], tuple[str, Any]] = {}
            split = getattr(self.source, "batches", None)  # the source knows how long a URL it may send
            for chunk in split(missing, self.batch_size) if split else _chunks(missing, self.batch_size):
                futures[pool.submit(self.source.batch, chunk)] = ("batch", chunk)
            for doi in singles:
                futures[pool.submit(self._single, doi)] = ("single", doi)
            for query in queries:
                futures[pool.submit(self.source.search, query, self.policy.rows)] = ("search", query)
            while futures:
                done, _ = wait(futures, return_when=FIRST_COMPLETED)
                for future in done:
                    kind, what = futures.pop(future)
                    try:
                        result = future.result()
                    except BadResponseError as error:
                        if kind == "batch":
                            # Ask one by one: one odd record can spoil a batch's answer.
                            for doi in what:
                                futures[pool.submit(self._single, doi)] = ("single", doi)
                            continue
                        result = _Outcome(error=error)
                    except ResolveError as error:
                        # The network or the registry failed after every retry: so would single lookups.
                        result = _Outcome(error=error)
                        if kind == "batch":
                            works.update({doi: result for doi in what})
                            self.progress.advance(len(what))
                            continue
                    if kind == "batch":
                        for doi in what:
                            if doi in result:
                                works[doi] = _Outcome(result[doi])
                                self.progress.advance()
                            else:
                                futures[pool.submit(self._single, doi)] = ("single", doi)
                    elif kind == "single":
                        works[what] = result
                        self.progress.advance()
                    else:
                        searches[what] = result if isinstance(result, _Outcome) else _Outcome(result)
                        self.progress.advance()
        return works, searches

    # -- judging the answers ----------------------------------------------------------------------

    def _judge(self, plan: _Plan, works: dict[str, _Outcome], searches: dict[str, _Outcome]) -> Resolution:
        index = plan.reference.index
        if plan.unindexable:
            return Resolution(index, "not-indexable", message=plan.unindexable.describe())
        if plan.skip:
            return Resolution(index, "unverified", message=f"not looked up: {plan.skip}")
        if plan.doi:
            return self._judge_doi(plan, works[plan.doi])
        return self._judge_search(plan, searches[plan.query or ""])

    def _judge_doi(self, plan: _Plan, outcome: _Outcome) -> Resolution:
        index, doi, answer = plan.reference.index, plan.doi, outcome.answer
        if answer is None:
            return Resolution(
                index, "unverified", doi=doi, message=f"could not verify: {outcome.error}",
                request_url=getattr(outcome.error, "url", None),
            )
        where = {"request_url": answer.url, "fetched_at": answer.fetched_at, "from_cache": answer.from_cache}
        if answer.status == 404:
            return self._judge_absent(plan, answer, outcome, where)
        record = work_record(answer.data)
        fields = compare_fields(plan.reference.csl, record, plan.reference.raw)
        # Verified only on enough agreeing evidence; compare.weigh says why (issue 12).
        evidence = weigh(fields, record)
        parts = []
        if record.doi and record.doi != doi:
            parts.append(f"{doi} is an alias of {record.doi}")
        if evidence.verdict == OTHER_WORK:
            status = "mismatch"
        elif record.retractions:
            status = "retracted"
            parts.extend(_notice_text(n) for n in record.retractions)
        else:
            status = evidence.verdict
        parts.append(evidence.reason)
        return Resolution(
            index, status, doi=doi, score=agreement(fields), fields=fields, message="; ".join(parts),
            record=record.csl, notices=tuple(n.as_dict() for n in record.notices), **where,
        )

    def _judge_absent(self, plan: _Plan, answer: Answer, outcome: _Outcome, where: dict[str, Any]) -> Resolution:
        index, doi = plan.reference.index, plan.doi
        if outcome.agency is None:
            return Resolution(
                index, "unverified", doi=doi,
                message=f"could not verify: Crossref has no record of {doi}, and asking which agency registered it failed ({outcome.error})",
                **{**where, "request_url": getattr(outcome.error, "url", None) or answer.url},
            )
        agency = outcome.agency
        name = ((agency.data or {}).get("agency") or {}) if agency.status == 200 else {}
        if not isinstance(name, dict):
            name = {}
        if agency.status == 200 and name.get("id") and name.get("id") != "crossref":
            label = _printable(name.get("label") or name["id"])
            return Resolution(
                index, "unverified", doi=doi, record={"DOI": doi, "agency": _printable(name["id"])},
                message=f"{doi} is registered with {label}, not Crossref: not compared", **where,
            )
        if agency.status == 200:
            return Resolution(
                index, "unverified", doi=doi,
                message=f"could not verify: {doi} is a Crossref DOI but Crossref has no record of it yet", **where,
            )
        return Resolution(
            index, "not-found", doi=doi,
            message=f"Crossref answers 404 for {doi} and no registration agency knows it", **where,
        )

    def _judge_search(self, plan: _Plan, outcome: _Outcome) -> Resolution:
        index, answer = plan.reference.index, outcome.answer
        if answer is None:
            return Resolution(
                index, "unverified", message=f"could not verify: {outcome.error}",
                request_url=getattr(outcome.error, "url", None),
            )
        where = {"request_url": answer.url, "fetched_at": answer.fetched_at, "from_cache": answer.from_cache}
        records = [work_record(item) for item in work_items(answer.data or {})]
        chosen, best = choose(plan.reference.csl, plan.reference.raw, records, plan.query or "", self.policy)
        if chosen is None:
            # A near miss is worth showing; a poor best guess is only noise.
            near = best is not None and best.confidence >= NEAR_MISS
            closest = f" (closest: {best.record.doi}, confidence {best.confidence:.2f})" if near else ""
            return Resolution(
                index, "not-found", score=best.confidence if best else None,
                message=f"no Crossref record matched the entry{closest}", **where,
            )
        return Resolution(
            index, "suggested", doi=chosen.record.doi, score=chosen.confidence, fields=chosen.fields,
            message=_evidence_text(chosen), record=chosen.record.csl,
            notices=tuple(n.as_dict() for n in chosen.record.notices), **where,
        )


def _notice_text(notice: Any) -> str:
    what = notice.label or notice.type.replace("_", " ")
    parts = [p for p in (f"notice {notice.doi}" if notice.doi else "", notice.date or "", notice.source or "") if p]
    return f"{what.lower()} recorded" + (f" ({', '.join(parts)})" if parts else "")


def _evidence_text(candidate: Candidate) -> str:
    agree = ", ".join(candidate.agreeing()) or "nothing"
    return (
        f"Crossref search: {candidate.record.doi} matches with confidence {candidate.confidence:.2f} "
        f"(score per query character {candidate.normalized_score:.2f}); agreeing: {agree}"
    )

