"""The Crossref REST API over one pooled httpx2 client: paced, retried, cached.

This is the only module that imports httpx2 or habanero, and the one place where their errors
become ours::

    httpx2.TimeoutException, httpx2.TransportError, 5xx after every retry -> TransportError
    429 after every retry                                                  -> RateLimitError
    malformed JSON after every retry, an unexpected 4xx                    -> BadResponseError

habanero sends every request on a fresh connection and hides the headers pacing needs, so the
lookups themselves go through our client; habanero is used where it fits: building and checking
the ``filter``, ``select`` and field-query parameters, and BibTeX by content negotiation.
(habanero's ``citeproc-json`` negotiation always asks ``http://api.crossref.org``, whatever
``url`` says, so CSL-JSON comes from the API's ``/works/{doi}/transform/`` endpoint through our
client, with the ``Accept`` header, and follows ``--crossref-url``; BibTeX goes through habanero
to ``doi_url``, the DOI resolver, which is the stand-in itself when ``--crossref-url`` names one.)
"""

from __future__ import annotations

import json
import random
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import quote

import httpx2
from habanero import cn
from habanero.crossref.filters import works_filter_details
from habanero.field_queries import validate_field_queries
from habanero.filterhandler import filter_handler
from habanero.select import validate_select

from .. import __version__
from ..doi import normalize_doi
from ..errors import BadResponseError, RateLimitError, ResolveError, TransportError
from .cache import ResponseCache, utc_now
from .pacing import LIST, SINGLE, Pacer
from .source import Answer, agency_key, work_key

DEFAULT_BASE_URL = "https://api.crossref.org"
DEFAULT_DOI_URL = "https://doi.org"

# The fields a batch or a search asks for: what comparison, notices and export need.
SELECT = (
    "DOI", "type", "title", "subtitle", "original-title", "short-title", "author", "issued",
    "published-print", "published-online", "published", "container-title", "short-container-title",
    "volume", "issue", "page", "publisher", "ISSN", "URL", "updated-by", "update-to", "score",
)
BATCH_SIZE = 20
CSL_JSON = "application/vnd.citationstyles.csl+json"


@dataclass(frozen=True, slots=True)
class Backoff:
    """How long to wait before a retry: full jitter, doubling from ``base`` up to ``cap``.

    ``Retry-After`` is honoured as given, up to ``retry_after_cap`` seconds.
    """

    base: float = 0.5
    cap: float = 20.0
    retry_after_cap: float = 60.0

    def delay(self, attempt: int, rng: Callable[[], float] = random.random) -> float:
        return rng() * min(self.cap, self.base * 2**attempt)


@dataclass(slots=True)
class ClientStats:
    """What a client has done so far; ``requests`` counts every attempt sent."""

    requests: int = 0
    cache_hits: int = 0
    retries: int = 0
    throttled: int = 0
    failures: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def add(self, name: str, n: int = 1) -> None:
        with self.lock:
            setattr(self, name, getattr(self, name) + n)

    def as_dict(self) -> dict[str, int]:
        return {
            "requests": self.requests,
            "cache_hits": self.cache_hits,
            "retries": self.retries,
            "throttled": self.throttled,
            "failures": self.failures,
        }


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        return max(0.0, (parsedate_to_datetime(value) - datetime.now(UTC)).total_seconds())
    except (TypeError, ValueError):
        return None


class CrossrefClient:
    """Crossref's ``/works`` endpoints, paced and retried, with answers kept in a cache."""

    def __init__(
        self,
        *,
        base_url: str = DEFAULT_BASE_URL,
        doi_url: str = DEFAULT_DOI_URL,
        mailto: str | None = None,
        client: httpx2.Client | None = None,
        cache: ResponseCache | None = None,
        timeout: float = 20.0,
        max_retries: int = 4,
        pacer: Pacer | None = None,
        backoff: Backoff = Backoff(),
        give_up_after: int = 3,
        sleep: Callable[[float], None] | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.doi_url = doi_url.rstrip("/")
        self.mailto = mailto
        self.cache = cache
        self.timeout = timeout
        self.max_retries = max(0, max_retries)
        self.pacer = pacer or Pacer("polite" if mailto else "public")
        self.backoff = backoff
        self.give_up_after = give_up_after
        self.stats = ClientStats()
        self._owns_client = client is None
        self._client = client or httpx2.Client(
            timeout=httpx2.Timeout(timeout),
            limits=httpx2.Limits(max_connections=8, max_keepalive_connections=8),
            follow_redirects=True,
        )
        self._sleep = sleep or time.sleep
        self._consecutive_failures = 0
        self._failure_lock = threading.Lock()
        # Crossref's polite pool recognises "mailto:" in the User-Agent; the URL stays cacheable.
        self.user_agent = f"citeaudit/{__version__}" + (f" (mailto:{mailto})" if mailto else "")

    # -- requests -----------------------------------------------------------------------------

    def cached(self, key: str) -> Answer | None:
        """An answer kept from an earlier run, or ``None``."""
        if self.cache is None:
            return None
        hit = self.cache.get(key)
        if hit is None:
            return None
        self.stats.add("cache_hits")
        data = json.loads(hit.body) if hit.body else None
        return Answer(hit.url, hit.status, data, hit.fetched_at, from_cache=True)

    def batch_url(self, dois: Sequence[str]) -> str:
        """The list request for several DOIs at once (``filter=doi:A,doi:B``)."""
        if "doi" not in works_filter_details:
            raise ResolveError("habanero no longer knows the 'doi' filter")
        select = ",".join(SELECT)
        validate_select(select)
        params = {"filter": filter_handler({"doi": list(dois)}), "rows": str(len(dois)), "select": select}
        return str(httpx2.URL(f"{self.base_url}/works", params=params))

    def batch(self, dois: Sequence[str]) -> dict[str, Answer]:
        """Look several DOIs up in one list request; the answer holds those Crossref returned."""
        url = self.batch_url(dois)
        status, body = self._get(LIST, url)
        message = self._json(body, url).get("message") or {}
        fetched_at = utc_now()
        wanted = set(dois)
        found: dict[str, Answer] = {}
        for item in message.get("items") or ():
            doi = normalize_doi(str(item.get("DOI") or ""))
            if doi in wanted:
                found[doi] = Answer(url, status, item, fetched_at)
                self._keep(work_key(doi), found[doi])
        return found

    def work(self, doi: str) -> Answer:
        """``/works/{doi}``: the record (status 200) or a confirmed absence (status 404)."""
        return self._single(work_key(doi), f"{self.base_url}/works/{quote(doi, safe='/')}")

    def agency(self, doi: str) -> Answer:
        """``/works/{doi}/agency``: which registration agency holds a DOI (404 when none does)."""
        return self._single(agency_key(doi), f"{self.base_url}/works/{quote(doi, safe='/')}/agency")

    def _single(self, key: str, url: str) -> Answer:
        """One single-record request, from the cache when it holds the answer; 404 is an answer."""
        if hit := self.cached(key):
            return hit
        status, body = self._get(SINGLE, url, accept_404=True)
        data = self._json(body, url).get("message") if status == 200 else None
        answer = Answer(url, status, data, utc_now())
        self._keep(key, answer)
        return answer

    def search_url(self, text: str, rows: int) -> str:
        validate_field_queries(["query.bibliographic"])
        select = ",".join(SELECT)
        validate_select(select)
        params = {"query.bibliographic": text, "rows": str(rows), "select": select}
        return str(httpx2.URL(f"{self.base_url}/works", params=params))

    def search(self, text: str, rows: int = 5) -> Answer:
        """``/works?query.bibliographic=``: the best-scoring records for a reference string."""
        url = self.search_url(text, rows)
        if hit := self.cached(url):
            return hit
        status, body = self._get(LIST, url)
        answer = Answer(url, status, self._json(body, url).get("message") or {}, utc_now())
        self._keep(url, answer)
        return answer

    def csl_json(self, doi: str) -> Answer:
        """A DOI's CSL-JSON from the API's content negotiation (``/works/{doi}/transform/...``)."""
        key = f"csl:{doi}"
        if hit := self.cached(key):
            return hit
        url = f"{self.base_url}/works/{quote(doi, safe='/')}/transform/{CSL_JSON}"
        status, body = self._get(SINGLE, url, accept=CSL_JSON, accept_404=True)
        answer = Answer(url, status, self._json(body, url) if status == 200 else None, utc_now())
        self._keep(key, answer)
        return answer

    def bibtex(self, doi: str) -> Answer:
        """A DOI's BibTeX, negotiated by habanero at the DOI resolver (``data`` is the text)."""
        key = f"bibtex:{doi}"
        if hit := self.cached(key):
            return hit
        url = f"{self.doi_url}/{doi}"
        try:
            with self.pacer.slot(SINGLE):
                self.stats.add("requests")
                text = cn.content_negotiation(ids=doi, format="bibtex", url=self.doi_url, timeout=self.timeout)
        except httpx2.HTTPStatusError as exc:
            if exc.response.status_code == 404:
                return Answer(url, 404, None, utc_now())
            raise BadResponseError(f"{url} answered {exc.response.status_code}") from exc
        except httpx2.HTTPError as exc:
            raise TransportError(f"could not fetch {url}: {exc}") from exc
        answer = Answer(url, 200, text, utc_now())
        self._keep(key, answer)
        return answer

    def close(self) -> None:
        """Close the HTTP client (when this client made it) and the cache."""
        if self._owns_client:
            self._client.close()
        if self.cache is not None:
            self.cache.close()

    # -- internals ----------------------------------------------------------------------------

    def _keep(self, key: str, answer: Answer) -> None:
        if self.cache is not None and answer.status in (200, 404):
            body = "" if answer.data is None else json.dumps(answer.data)
            self.cache.put(key, answer.url, answer.status, body, answer.fetched_at)

    def _json(self, body: str, url: str) -> dict[str, Any]:
        try:
            data = json.loads(body)
        except ValueError as exc:
            raise BadResponseError(f"{url} answered something that is not JSON") from exc
        if not isinstance(data, dict):
            raise BadResponseError(f"{url} answered JSON that is not an object")
        return data

    def _check_reachable(self) -> None:
        with self._failure_lock:
            if self._consecutive_failures >= self.give_up_after:
                raise TransportError(
                    f"Crossref unreachable (gave up after {self._consecutive_failures} requests failed in a row)"
                )

    def _get(self, kind: str, url: str, *, accept: str = "application/json", accept_404: bool = False) -> tuple[int, str]:
        """Send one GET with pacing and retries; the status (200, or 404 when allowed) and body."""
        headers = {"User-Agent": self.user_agent, "Accept": accept}
        error: ResolveError | None = None
        cause: BaseException | None = None
        for attempt in range(self.max_retries + 1):
            # Checked before every attempt, so that retries already under way stop too.
            self._check_reachable()
            if attempt:
                self.stats.add("retries")
            wait = self.backoff.delay(attempt)
            try:
                with self.pacer.slot(kind):
                    self.stats.add("requests")
                    response = self._client.get(url, headers=headers)
            except httpx2.TimeoutException as exc:
                error, cause = TransportError(f"timed out after {self.timeout:g} s: {url}"), exc
            except httpx2.TransportError as exc:
                error, cause = TransportError(f"connection failed ({type(exc).__name__}): {url}"), exc
            else:
                self.pacer.observe(kind, response.headers)
                status = response.status_code
                if status == 429:
                    self.stats.add("throttled")
                    retry_after = _retry_after(response.headers.get("retry-after"))
                    if retry_after is not None:
                        wait = min(retry_after, self.backoff.retry_after_cap) + wait / 10
                    self.pacer.throttled(kind, wait)
                    error, cause, wait = RateLimitError(f"Crossref kept answering 429 (too many requests): {url}"), None, 0.0
                elif status >= 500:
                    error, cause = TransportError(f"Crossref answered {status}: {url}"), None
                elif status == 200 or (status == 404 and accept_404):
                    text = response.text
                    if status == 200 and "json" in accept and not _parses_json(text):
                        error, cause = BadResponseError(f"{url} answered malformed JSON"), None
                    else:
                        with self._failure_lock:
                            self._consecutive_failures = 0
                        return status, text
                else:
                    raise BadResponseError(f"Crossref answered {status} to {url}: {response.text[:200]}")
            if attempt < self.max_retries and wait > 0:
                self._sleep(wait)
        self.stats.add("failures")
        if not isinstance(error, BadResponseError):
            with self._failure_lock:
                self._consecutive_failures += 1
        assert error is not None
        raise error from cause


def _parses_json(text: str) -> bool:
    try:
        json.loads(text)
    except ValueError:
        return False
    return True
