"""The Crossref REST API over one pooled httpx2 client: paced, retried, cached.

This is the only module that imports httpx2 or habanero, and the one place where their errors
become ours::

    httpx2.TimeoutException, httpx2.TransportError, 5xx after every retry -> TransportError
    the circuit breaker open, the network budget spent                     -> TransportError
    429 after every retry, a Retry-After longer than we may wait           -> RateLimitError
    malformed JSON after every retry, JSON of another shape, another 4xx,
    an endpoint that 404s a registered DOI (the canary)                    -> BadResponseError

Nothing here trusts the server more than it must:

* A 404 is evidence only from an endpoint that has shown it is the Crossref API: one that
  returned a record we asked for (in a batch or alone), or else answered the canary
  :data:`CANARY_DOI` (a DOI Crossref registered for testing) with its record.  A search that
  finds nothing is an absence too.  An endpoint
  that 404s the canary (a proxy, a captive portal, a mistyped ``--crossref-url``) fails every
  lookup with one line about the endpoint, and no 404 from it is cached.
* Every request is bounded: ``timeout`` for the whole answer (not just between bytes), at most
  :data:`MAX_BODY` bytes, and a :class:`~citeaudit.resolve.pacing.Budget` for the whole run; a
  circuit breaker stops asking after ``give_up_after`` connection failures in a row.
* A DOI is one percent-encoded path segment (``10.1234/../x`` can never name another path).
* Messages name the endpoint (scheme, host, path, no credentials, at most 60 characters) and
  the reason, never the request URL (that travels in ``ResolveError.url``) or the server's body.

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
import math
import random
import re
import threading
import time
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from http import HTTPStatus
from typing import Any
from urllib.parse import quote, urlsplit

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
from .pacing import LIST, SINGLE, Budget, Overdue, Pacer
from .source import Answer, agency_key, work_key

DEFAULT_BASE_URL = "https://api.crossref.org"
DEFAULT_DOI_URL = "https://doi.org"

# The fields a batch or a search asks for: what comparison, notices and export need.
SELECT = (
    "DOI", "type", "title", "subtitle", "original-title", "short-title", "author", "issued",
    "published-print", "published-online", "published", "container-title", "short-container-title",
    "volume", "issue", "page", "publisher", "ISSN", "URL", "updated-by", "update-to", "score",
)
# Crossref reads 4,096 bytes of request line, 4,092 of them for path and query (Crossref's
# answer in CrossRef/rest-api-doc#251); a longer one is refused (414).  A DOI batch's whole URL,
# scheme and host included, stays within this.  Measured with SELECT (tests/test_resolve_batching.py):
# 93 of the recorded Elsevier DOIs (28 characters on average) fit, 78 of 37 characters
# (10.1016/j.neurobiolaging.2010.03.024), 40 Wiley SICI DOIs (10.1002/(sici)1097-4636(...)...).
MAX_URL = 4000
CSL_JSON = "application/vnd.citationstyles.csl+json"
# Crossref's own test DOI ("Toward a Unified Theory of High-Energy Metaphysics: Silly String
# Theory", Josiah Carberry), registered for ever: an endpoint that 404s it is not the Crossref API.
CANARY_DOI = "10.5555/12345678"
# Crossref never answers this many requests in a row with JSON of another shape; a server that
# does is not Crossref (a portal, another API), and asking it more only costs time.
MISSHAPEN_LIMIT = 5
# No answer we ask for comes near this; a server streaming more is not one to listen to.
MAX_BODY = 32 * 1024 * 1024
# C0 and C1 control characters (ESC, CR, BEL...): never put a server's or a user's in a message.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def doi_segment(doi: str) -> str:
    """A DOI as ONE percent-encoded path segment: ``10.1234/../x`` -> ``10.1234%2F..%2Fx``."""
    return quote(doi, safe="")


def doi_path(doi: str) -> str:
    """A DOI for the DOI resolver's ``/{doi}`` path: slashes kept, but no ``.``/``..`` segment,
    ``?`` or ``#`` left to take the request elsewhere (``10.1234/../x`` -> ``10.1234/%2E%2E/x``)."""
    return "/".join("%2E" * len(part) if part in (".", "..") else quote(part, safe="") for part in doi.split("/"))


def endpoint_label(url: str, limit: int = 60) -> str:
    """A short, safe name for an endpoint: scheme, host and path, no credentials, no query."""
    parts = urlsplit(url)
    if parts.scheme and parts.netloc:
        text = f"{parts.scheme}://{parts.netloc.rpartition('@')[2]}{parts.path}".rstrip("/")
    else:
        text = url
    text = _CONTROL.sub("", text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _reason(status: int) -> str:
    """``503 (Service Unavailable)``: the code and its standard phrase, never the server's text."""
    try:
        return f"{status} ({HTTPStatus(status).phrase})"
    except ValueError:
        return str(status)


@dataclass(frozen=True, slots=True)
class Backoff:
    """How long to wait before a retry: full jitter, doubling from ``base`` up to ``cap``.

    ``Retry-After`` is honoured as given; one longer than ``retry_after_cap`` seconds ends the
    request (we never ask again sooner than a server said).
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
        seconds = float(value)
    except ValueError:
        try:
            seconds = (parsedate_to_datetime(value) - datetime.now(UTC)).total_seconds()
        except (TypeError, ValueError, OverflowError, IndexError):
            return None
    if math.isnan(seconds):
        return None
    return max(0.0, seconds)


class _TooSlow(Exception):
    """The whole answer did not arrive within the timeout (a server trickling bytes)."""


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
        budget: Budget | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.doi_url = doi_url.rstrip("/")
        self.endpoint = endpoint_label(self.base_url)
        self.mailto = mailto
        self.cache = cache
        self.timeout = timeout
        self.max_retries = max(0, max_retries)
        self.pacer = pacer or Pacer("polite" if mailto else "public")
        self.backoff = backoff
        self.give_up_after = max(1, give_up_after)
        self.budget = budget or Budget()
        self.stats = ClientStats()
        # One line each for what ends lookups for the whole run (breaker, budget, not Crossref).
        self.notices: list[str] = []
        self._owns_client = client is None
        self._client = client or httpx2.Client(
            timeout=httpx2.Timeout(timeout),
            limits=httpx2.Limits(max_connections=8, max_keepalive_connections=8),
            follow_redirects=True,
        )
        self._sleep = sleep or time.sleep
        self._consecutive_failures = 0
        self._misshapen_in_a_row = 0
        self._breaker: str | None = None
        self._not_crossref: str | None = None
        self._proven = False
        self._state_lock = threading.Lock()
        self._proof_lock = threading.Lock()
        # Crossref's polite pool recognises "mailto:" in the User-Agent; the URL stays cacheable.
        self.user_agent = f"citeaudit/{__version__}" + (f" (mailto:{mailto})" if mailto else "")

    def start_budget(self, seconds: float | None) -> None:
        """Allow the lookups from now on ``seconds`` in all (``None``: no limit)."""
        self.budget = Budget(seconds)

    # -- requests -----------------------------------------------------------------------------

    def cache_key(self, key: str) -> str:
        """The key an answer is kept under: the endpoint's base URL, then the resolver's key."""
        return f"{self.base_url} {key}"

    def cached(self, key: str) -> Answer | None:
        """An answer kept from an earlier run (from this same endpoint), or ``None``."""
        if self.cache is None:
            return None
        hit = self.cache.get(self.cache_key(key))
        if hit is None:
            return None
        try:
            data = json.loads(hit.body) if hit.body else None
        except ValueError:
            return None  # a damaged row: ask again
        self.stats.add("cache_hits")
        return Answer(hit.url, hit.status, data, hit.fetched_at, from_cache=True)

    def batch_url(self, dois: Sequence[str]) -> str:
        """The list request for several DOIs at once (``filter=doi:A,doi:B``)."""
        if "doi" not in works_filter_details:
            raise ResolveError("habanero no longer knows the 'doi' filter")
        select = ",".join(SELECT)
        validate_select(select)
        params = {"filter": filter_handler({"doi": list(dois)}), "rows": str(len(dois)), "select": select}
        return str(httpx2.URL(f"{self.base_url}/works", params=params))

    def batches(self, dois: Sequence[str], size: int) -> list[list[str]]:
        """The DOIs in order, in batches of at most ``size`` whose URL stays within :data:`MAX_URL`.

        A DOI too long to share a URL with another goes alone (a 414 then sends it to ``/works/{doi}``).
        """
        chunks: list[list[str]] = []
        rest = list(dois)
        while rest:
            candidates = range(1, min(max(1, size), len(rest)) + 1)
            # The URL grows with every DOI added: the longest prefix that fits, found by bisection.
            fits = bisect_right(candidates, MAX_URL, key=lambda n: len(self.batch_url(rest[:n])))
            n = max(1, fits)
            chunks.append(rest[:n])
            rest = rest[n:]
        return chunks

    def batch(self, dois: Sequence[str]) -> dict[str, Answer]:
        """Look several DOIs up in one list request; the answer holds those Crossref returned."""
        url = self.batch_url(dois)
        status, body = self._get(LIST, url)
        message = self._message(self._json(body, url), url, "list of works", items=True)
        fetched_at = utc_now()
        wanted = set(dois)
        found: dict[str, Answer] = {}
        for item in message["items"]:
            if not isinstance(item, dict):
                continue
            doi = normalize_doi(str(item.get("DOI") or ""))
            if doi in wanted:
                found[doi] = Answer(url, status, item, fetched_at)
                self._keep(work_key(doi), found[doi])
        if found:
            self._proven = True  # it returned works we asked for: its silence about others counts
        return found

    def work(self, doi: str) -> Answer:
        """``/works/{doi}``: the record (status 200) or a confirmed absence (status 404)."""
        return self._single(work_key(doi), f"{self.base_url}/works/{doi_segment(doi)}", "work")

    def agency(self, doi: str) -> Answer:
        """``/works/{doi}/agency``: which registration agency holds a DOI (404 when none does)."""
        return self._single(agency_key(doi), f"{self.base_url}/works/{doi_segment(doi)}/agency", "agency")

    def _single(self, key: str, url: str, what: str) -> Answer:
        """One single-record request, from the cache when it holds the answer; a trusted 404 is an answer."""
        if hit := self.cached(key):
            return hit
        status, body = self._get(SINGLE, url, accept_404=True)
        if status == 200:
            data = self._message(self._json(body, url), url, "work record" if what == "work" else "agency answer", work=what == "work")
            if what == "work":
                self._proven = True
        else:
            self._trust_absence(url)
            data = None
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
        message = self._message(self._json(body, url), url, "list of works", items=True)
        if not message["items"]:
            self._trust_absence(url)  # "nothing matches" is evidence only from Crossref itself
        answer = Answer(url, status, message, utc_now())
        self._keep(url, answer)
        return answer

    def csl_json(self, doi: str) -> Answer:
        """A DOI's CSL-JSON from the API's content negotiation (``/works/{doi}/transform/...``)."""
        key = f"csl:{doi}"
        if hit := self.cached(key):
            return hit
        url = f"{self.base_url}/works/{doi_segment(doi)}/transform/{CSL_JSON}"
        status, body = self._get(SINGLE, url, accept=CSL_JSON, accept_404=True)
        answer = Answer(url, status, self._json(body, url) if status == 200 else None, utc_now())
        if status == 200 or self._proven:
            self._keep(key, answer)
        return answer

    def bibtex(self, doi: str) -> Answer:
        """A DOI's BibTeX, negotiated by habanero at the DOI resolver (``data`` is the text)."""
        key = f"bibtex:{doi}"
        if hit := self.cached(key):
            return hit
        url = f"{self.doi_url}/{doi_path(doi)}"
        where = endpoint_label(self.doi_url)
        self._check_open(url)
        try:
            with self.pacer.slot(SINGLE, self.budget.deadline, check=lambda: self._check_open(url)):
                self.stats.add("requests")
                text = cn.content_negotiation(
                    ids=doi_path(doi), format="bibtex", url=self.doi_url, timeout=self._request_timeout()
                )
        except Overdue as exc:
            raise self._spent(url, exc.wait) from None
        except httpx2.HTTPStatusError as exc:
            if exc.response.status_code == 404:
                return Answer(url, 404, None, utc_now())
            raise BadResponseError(f"{where} answered {_reason(exc.response.status_code)}", url=url) from exc
        except httpx2.TimeoutException as exc:
            self._connection_failed()
            raise TransportError(f"{where} did not answer within {self.timeout:g} s", url=url) from exc
        except httpx2.HTTPError as exc:
            self._connection_failed()
            raise TransportError(f"could not reach {where} ({type(exc).__name__})", url=url) from exc
        self._connection_ok()
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
            self.cache.put(self.cache_key(key), answer.url, answer.status, body, answer.fetched_at)

    def _json(self, body: str, url: str) -> dict[str, Any]:
        try:
            data = json.loads(body)
        except (ValueError, RecursionError) as exc:
            raise self._misshapen(f"{self.endpoint} answered something that is not JSON", url) from exc
        if not isinstance(data, dict):
            raise self._misshapen(f"{self.endpoint} answered JSON that is not an object", url)
        return data

    def _misshapen(self, text: str, url: str) -> BadResponseError:
        """The error for an answer of the wrong shape; enough in a row and the endpoint is not Crossref."""
        with self._state_lock:
            self._misshapen_in_a_row += 1
            count = self._misshapen_in_a_row
        if count >= MISSHAPEN_LIMIT and not self._not_crossref:
            self._not_crossref = (
                f"{self.endpoint} does not look like the Crossref API: {count} answers in a row were not what the API returns"
            )
            self._notice(self._not_crossref + "; no more lookups this run")
        return BadResponseError(text, url=url)

    def _message(self, data: dict[str, Any], url: str, what: str, *, items: bool = False, work: bool = False) -> dict[str, Any]:
        """The ``message`` of a Crossref answer, when it has the shape the API promises."""
        message = data.get("message")
        shaped = (
            data.get("status", "ok") == "ok"
            and isinstance(message, dict)
            and (not items or isinstance(message.get("items"), list))
            and (not work or (isinstance(message.get("DOI"), str) and bool(message["DOI"].strip())))
        )
        if not shaped:
            raise self._misshapen(f"{self.endpoint} answered JSON that is not a Crossref {what}", url)
        with self._state_lock:
            self._misshapen_in_a_row = 0
        return message

    def _trust_absence(self, url: str) -> None:
        """Return only when the endpoint has shown it is the Crossref API; else raise for this absence
        (a 404, or a search that found nothing)."""
        if self._proven:
            return
        with self._proof_lock:  # one canary per run and endpoint, whoever asks first
            if self._proven:
                return
            self._check_open(url)
            canary = f"{self.base_url}/works/{doi_segment(CANARY_DOI)}"
            status, body = self._get(SINGLE, canary, accept_404=True)
            if status == 200:
                try:
                    message = self._message(self._json(body, canary), canary, "work record", work=True)
                except BadResponseError:
                    message = {}
                if normalize_doi(str(message.get("DOI") or "")) == CANARY_DOI:
                    self._proven = True
                    return
                reason = f"it answered something else than the record of {CANARY_DOI}, a DOI that is registered"
            else:
                reason = f"it answered 404 for {CANARY_DOI}, a DOI that is registered"
            self._not_crossref = f"{self.endpoint} does not look like the Crossref API: {reason}"
            self._notice(self._not_crossref + "; no lookup was trusted")
        raise BadResponseError(self._not_crossref, url=url)

    def _notice(self, text: str) -> None:
        with self._state_lock:
            if text not in self.notices:
                self.notices.append(text)

    def _spent(self, url: str, wait: float | None = None) -> TransportError:
        """The error for a lookup the network budget leaves no time for (noticed once)."""
        seconds = f"{self.budget.seconds:g} s" if self.budget.seconds is not None else "no time"
        self._notice(f"the network budget ({seconds}) is spent: the remaining lookups were not made (see --network-budget)")
        if wait is not None and wait > 1:
            return TransportError(
                f"{self.endpoint} asked to wait {wait:.0f} s, more than the network budget ({seconds}) has left", url=url
            )
        return TransportError(f"the network budget ({seconds}) ran out before this lookup", url=url)

    def _check_open(self, url: str) -> None:
        """Raise at once when no request may be sent: not Crossref, breaker open, budget spent."""
        if self._not_crossref:
            raise BadResponseError(self._not_crossref, url=url)
        if self._breaker:
            raise TransportError(self._breaker, url=url)
        if self.budget.spent:
            raise self._spent(url)

    def _connection_failed(self) -> None:
        with self._state_lock:
            self._consecutive_failures += 1
            if self._consecutive_failures >= self.give_up_after and self._breaker is None:
                self._breaker = (
                    f"{self.endpoint} unreachable (gave up after {self._consecutive_failures} requests failed in a row)"
                )
                opened = self._breaker
            else:
                opened = None
        if opened:
            self._notice(opened + "; no more lookups this run")

    def _connection_ok(self) -> None:
        with self._state_lock:
            self._consecutive_failures = 0

    def _request_timeout(self) -> float:
        return max(0.05, min(self.timeout, self.budget.remaining()))

    def _send(self, url: str, headers: dict[str, str]) -> tuple[int, httpx2.Headers, str]:
        """One GET, read in full within the timeout and :data:`MAX_BODY`."""
        limit = self._request_timeout()
        deadline = time.monotonic() + limit
        with self._client.stream("GET", url, headers=headers, timeout=httpx2.Timeout(limit)) as response:
            chunks, size = [], 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > MAX_BODY:
                    raise BadResponseError(f"{self.endpoint} answered more than {MAX_BODY >> 20} MiB", url=url)
                if time.monotonic() > deadline:
                    raise _TooSlow()
                chunks.append(chunk)
            text = b"".join(chunks).decode(response.charset_encoding or "utf-8", errors="replace")
            return response.status_code, response.headers, text

    def _get(self, kind: str, url: str, *, accept: str = "application/json", accept_404: bool = False) -> tuple[int, str]:
        """Send one GET with pacing and retries; the status (200, or 404 when allowed) and body."""
        headers = {"User-Agent": self.user_agent, "Accept": accept}
        error: ResolveError | None = None
        cause: BaseException | None = None
        for attempt in range(self.max_retries + 1):
            # Checked before every attempt, so that retries already under way stop too.
            self._check_open(url)
            if attempt:
                self.stats.add("retries")
            wait = self.backoff.delay(attempt)
            timeout = self._request_timeout()
            try:
                # Checked again in the slot: the breaker may have opened while this one queued.
                with self.pacer.slot(kind, self.budget.deadline, check=lambda: self._check_open(url)) as start:
                    self.stats.add("requests")
                    status, response_headers, text = self._send(url, headers)
            except Overdue as exc:
                raise self._spent(url, exc.wait) from None
            except (httpx2.TimeoutException, _TooSlow) as exc:
                error, cause = TransportError(f"{self.endpoint} did not answer within {timeout:g} s", url=url), exc
                self._connection_failed()
            except httpx2.TransportError as exc:
                error, cause = TransportError(f"could not reach {self.endpoint} ({type(exc).__name__})", url=url), exc
                if isinstance(exc, httpx2.ConnectError):
                    self.pacer.unsent(kind, start)  # refused or no route: nothing reached the server
                self._connection_failed()
            else:
                self._connection_ok()
                self.pacer.observe(kind, response_headers)
                if status == 429:
                    self.stats.add("throttled")
                    retry_after = _retry_after(response_headers.get("retry-after"))
                    if retry_after is not None:
                        wait = retry_after + wait / 10
                    self.pacer.throttled(kind, wait)
                    error, cause = RateLimitError(f"{self.endpoint} kept answering 429 (too many requests)", url=url), None
                    if wait > self.backoff.retry_after_cap:
                        raise RateLimitError(
                            f"{self.endpoint} asked to wait {wait:.0f} s (429 too many requests), "
                            f"longer than citeaudit waits ({self.backoff.retry_after_cap:g} s)",
                            url=url,
                        )
                    if attempt < self.max_retries and wait > self.budget.remaining():
                        raise self._spent(url, wait)
                    wait = 0.0  # the pacer now holds every request back for as long as asked
                elif status >= 500:
                    error, cause = TransportError(f"{self.endpoint} answered {_reason(status)}", url=url), None
                elif status == 200 or (status == 404 and accept_404):
                    if status == 200 and "json" in accept and not _parses_json(text):
                        error, cause = BadResponseError(f"{self.endpoint} answered something that is not JSON", url=url), None
                    else:
                        return status, text
                else:
                    raise BadResponseError(f"{self.endpoint} answered {_reason(status)}", url=url)
            if attempt < self.max_retries and wait > 0:
                if wait > self.budget.remaining():
                    raise self._spent(url, wait)
                self._sleep(wait)
        self.stats.add("failures")
        assert error is not None
        raise error from cause


def _parses_json(text: str) -> bool:
    try:
        json.loads(text)
    except (ValueError, RecursionError):
        return False
    return True
