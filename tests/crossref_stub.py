"""A local Crossref stand-in: a real HTTP server on 127.0.0.1, answering from recordings.

It serves what citeaudit asks of Crossref and doi.org, from ``shared/crossref-recordings`` when it is there and from the project's own hand-written records in ``tests/fixtures/crossref``
(recorded responses, and the hand-written *synthetic* records of the seed's three DOIs) plus any
record a test adds (label those synthetic too):

    GET /works/{doi}                      the record, or 404 "Resource not found."
    GET /works/{doi}/agency               the registration agency (recorded, or crossref/added)
    GET /works/{doi}/transform/{mime}     BibTeX or CSL-JSON (recorded, else made from the record)
    GET /works?filter=doi:A,doi:B&rows=   the records among A, B... (``select`` honoured)
    GET /works?query.bibliographic=       records ranked by a made-up relevance score (synthetic)
    GET /{doi}  (Accept: ...)             doi.org content negotiation (BibTeX, CSL-JSON)

It can enforce Crossref's limits (requests per second per kind, requests at once; over the
limit it answers 429 with Retry-After), sends the ``x-rate-limit-*`` and ``x-concurrency-limit``
headers, and can inject faults: 429, 500/502/503, timeouts (a hang), dropped connections and
malformed JSON.  It records every request for the tests to inspect (``path`` as sent, still
percent-encoded).

It also serves the canary DOI (``CANARY_DOI``, a synthetic record) that citeaudit asks before it
trusts a 404, and can play a sick network or a server that is not Crossref:

    stub.not_found = True        every path answers 404 (a proxy, a captive portal, a wrong /v1)
    stub.body = "{}"             every 200 JSON answer is this body instead (JSON of another shape)
    stub.extra_headers = {...}   headers added to every answer (``x-rate-limit-interval: 1h``...)
    stub.retry_after = "30"      with ``inject("429", times=...)``: a 429 storm with Retry-After
    SilentServer()               accepts connections and never answers
    closed_port()                a loopback URL where nothing listens (connection refused)

Run by hand: ``python tests/crossref_stub.py --port 8099 --enforce`` and point citeaudit at
``--crossref-url http://127.0.0.1:8099``.
"""

from __future__ import annotations

import argparse
import collections
import functools
import json
import re
import socket
import threading
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

RECORDINGS = Path(__file__).resolve().parents[1].parent / "shared" / "crossref-recordings"
# The project's own hand-written records (the seed's DOIs): served whether or not ../shared is there.
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "crossref"

SINGLE, LIST = "single", "list"
# Crossref's limits since December 2025: (single records per second, lists per second, at once).
POOL_LIMITS = {"polite": (10.0, 3.0, 3), "public": (5.0, 1.0, 1)}
FAULTS = ("429", "500", "502", "503", "timeout", "drop", "malformed", "403")
# The body of an injected 403: markup, a script and terminal escapes, none of which may reach a report.
HOSTILE_BODY = "<script>alert('x')</script> [bold red]boom[/] \x1b[2J\x1b[31m" + "x" * 600
# Crossref's test DOI, asked before a 404 is trusted; served with this synthetic record.
CANARY_DOI = "10.5555/12345678"
CANARY_RECORD = {
    "DOI": CANARY_DOI, "type": "journal-article",
    "title": ["Toward a Unified Theory of High-Energy Metaphysics: Silly String Theory"],
    "author": [{"given": "Josiah", "family": "Carberry"}], "container-title": ["Journal of Psychoceramics"],
    "volume": "5", "issue": "11", "page": "1-3", "issued": {"date-parts": [[2008, 8, 13]]},
}
_STOP = frozenset("the of and in a an on for to with by at from de la et al eds ed pp vol no".split())
_WORD = re.compile(r"[a-z0-9]+")


def _fold(text: str) -> list[str]:
    from anyascii import anyascii

    return [w for w in _WORD.findall(anyascii(text or "").lower()) if w not in _STOP]


def _work_terms(work: Mapping[str, Any]) -> set[str]:
    text = []
    for name in ("title", "subtitle", "container-title", "short-container-title"):
        text.extend(str(v) for v in work.get(name) or ())
    text.extend(str(a.get("family") or a.get("name") or "") for a in work.get("author") or ())
    for name in ("volume", "issue", "page"):
        text.append(str(work.get(name) or ""))
    for name in ("issued", "published-print", "published-online"):
        parts = (work.get(name) or {}).get("date-parts") or [[]]
        if parts and parts[0] and parts[0][0]:
            text.append(str(parts[0][0]))
    return set(_fold(" ".join(text)))


@functools.lru_cache(maxsize=2)
def _load_recordings(root: str) -> tuple[dict[str, dict], dict[str, str], dict[tuple[str, str], Path], dict[str, Path]]:
    """Works by DOI (the most complete version of each), their source, transforms, agencies."""
    base = Path(root)
    works: dict[str, dict] = {}
    origin: dict[str, str] = {}

    def keep(work: Mapping[str, Any], source: str) -> None:
        doi = str(work.get("DOI") or "").lower()
        if doi and (doi not in works or len(work) > len(works[doi])):
            works[doi], origin[doi] = dict(work), source

    for path in sorted(FIXTURES.glob("*.json")):
        keep(json.loads(path.read_text(encoding="utf-8"))["message"], "synthetic")
    transforms: dict[tuple[str, str], Path] = {}
    agencies: dict[str, Path] = {}
    if not (base / "works" / "index.json").exists():  # a clone without ../shared: our fixtures alone
        return works, origin, transforms, agencies
    items_index = json.loads((base / "works" / "items_index.json").read_text())
    files = {entry["file"] for entries in items_index.values() for entry in entries}
    for name in sorted(files):
        try:
            message = json.loads((base / "works" / name).read_text()).get("message") or {}
        except ValueError:
            continue
        for item in message.get("items") or ():
            if isinstance(item, dict):
                keep(item, "recorded")
    for doi, name in json.loads((base / "works" / "by_doi.json").read_text()).items():
        keep(json.loads((base / "works" / name).read_text())["message"], "recorded")
    for path in sorted((base / "synthetic").glob("*.json")):
        keep(json.loads(path.read_text())["message"], "synthetic")
    for entry in json.loads((base / "works" / "index.json").read_text()):
        doi = str(entry.get("doi") or "").lower()
        if entry["kind"] == "transform" and entry["status"] == 200 and doi:
            mime = "application/x-bibtex" if entry["file"].endswith(".bib") else ""
            if entry["file"].endswith(".json"):
                mime = "application/vnd.citationstyles.csl+json"
            if mime:
                transforms[(doi, mime)] = base / "works" / entry["file"]
        elif entry["kind"] == "agency" and entry["status"] == 200:
            match = re.search(r"/works/(.+)/agency$", entry["url"])
            if match:
                agencies[unquote(match.group(1)).lower()] = base / "works" / entry["file"]
    return works, origin, transforms, agencies


@dataclass
class RequestRecord:
    """One request as the stand-in saw it (``status`` 0 while in progress, -1 when dropped)."""

    kind: str
    path: str
    params: dict[str, str]
    status: int
    started: float
    pool: str
    fault: str | None = None


@dataclass
class _Fault:
    kind: str
    times: int
    match: str | None


@dataclass
class StubStats:
    records: list[RequestRecord] = field(default_factory=list)
    peak_in_flight: int = 0

    @property
    def requests(self) -> int:
        return len(self.records)

    @property
    def throttled(self) -> int:
        return sum(r.status == 429 for r in self.records)

    def of_kind(self, kind: str) -> list[RequestRecord]:
        return [r for r in self.records if r.kind == kind]


class CrossrefStub:
    """The stand-in server; use as a context manager, or ``start()`` / ``stop()``."""

    def __init__(
        self,
        *,
        root: Path = RECORDINGS,
        enforce: bool = False,
        limits: Mapping[str, tuple[float, float, int]] | None = None,
        interval: float = 1.0,
        latency: float = 0.0,
        retry_after: str = "1",
        hang: float = 2.0,
        host: str = "127.0.0.1",
        port: int = 0,
    ) -> None:
        works, origin, transforms, agencies = _load_recordings(str(root))
        self.works = dict(works)
        self.origin = dict(origin)
        self.transforms = transforms
        self.agency_files = agencies
        self.aliases: dict[str, str] = {}
        self.agencies: dict[str, str] = {}
        self.enforce = enforce
        self.limits = dict(limits or POOL_LIMITS)
        self.interval = interval
        self.latency = latency
        self.retry_after = retry_after
        self.hang = hang
        self.not_found = False
        self.body: str | None = None
        self.extra_headers: dict[str, str] = {}
        self.stats = StubStats()
        self._faults: list[_Fault] = []
        self._windows: dict[tuple[str, str], collections.deque[float]] = collections.defaultdict(collections.deque)
        self._in_flight = 0
        self._lock = threading.Lock()
        self._terms: dict[str, set[str]] | None = None
        self._server = ThreadingHTTPServer((host, port), _handler(self))
        self._server.daemon_threads = True
        self._thread: threading.Thread | None = None

    # -- set-up --------------------------------------------------------------------------------

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def add(self, work: Mapping[str, Any], *, source: str = "synthetic") -> None:
        """Serve one more work (a test's own record: label it synthetic)."""
        doi = str(work["DOI"]).lower()
        self.works[doi] = dict(work)
        self.origin[doi] = source
        self._terms = None

    def alias(self, alias: str, doi: str) -> None:
        self.aliases[alias.lower()] = doi.lower()

    def register_agency(self, doi: str, agency: str) -> None:
        """Make ``/works/{doi}/agency`` name another agency (for a DOI Crossref does not hold)."""
        self.agencies[doi.lower()] = agency

    def inject(self, fault: str, times: int = 1, match: str | None = None) -> None:
        """Answer the next ``times`` requests (containing ``match``, if given) with a fault."""
        if fault not in FAULTS:
            raise ValueError(f"unknown fault {fault!r}; one of {FAULTS}")
        with self._lock:
            self._faults.append(_Fault(fault, times, match))

    def reset(self) -> None:
        with self._lock:
            self.stats = StubStats()
            self._faults.clear()
            self._windows.clear()

    def start(self) -> CrossrefStub:
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, name="crossref-stub", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> CrossrefStub:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- answering -----------------------------------------------------------------------------

    def record(self, doi: str) -> dict | None:
        doi = doi.lower()
        work = self.works.get(self.aliases.get(doi, doi))
        return CANARY_RECORD if work is None and doi == CANARY_DOI else work

    def _fault_for(self, target: str) -> str | None:
        with self._lock:
            for fault in self._faults:
                if fault.match is None or fault.match in target:
                    fault.times -= 1
                    if fault.times <= 0:
                        self._faults.remove(fault)
                    return fault.kind
        return None

    def _admit(self, kind: str, pool: str) -> bool:
        """Whether a request is within the limits; if so it counts as in flight."""
        with self._lock:
            single, listing, concurrency = self.limits[pool]
            if self.enforce:
                window = self._windows[(pool, kind)]
                now = time.monotonic()
                while window and window[0] <= now - self.interval:
                    window.popleft()
                if len(window) >= (single if kind == SINGLE else listing) or self._in_flight >= concurrency:
                    return False
                window.append(now)
            self._in_flight += 1
            self.stats.peak_in_flight = max(self.stats.peak_in_flight, self._in_flight)
            return True

    def _done(self) -> None:
        with self._lock:
            self._in_flight -= 1

    def headers(self, kind: str, pool: str) -> dict[str, str]:
        single, listing, concurrency = self.limits[pool]
        limit = single if kind == SINGLE else listing
        return {
            "x-rate-limit-limit": f"{limit:g}",
            "x-rate-limit-interval": f"{self.interval:g}s",
            "x-concurrency-limit": str(concurrency),
            "x-api-pool": pool,
        }

    def search(self, query: str, rows: int) -> list[dict]:
        """Works ranked by a made-up score: query length x (share of query words they contain)^2."""
        if self._terms is None:
            self._terms = {doi: _work_terms(work) for doi, work in self.works.items()}
        words = set(_fold(query))
        if not words:
            return []
        ranked = []
        for doi, terms in self._terms.items():
            share = len(words & terms) / len(words)
            if share > 0:
                ranked.append((round(len(query) * share * share, 3), doi))
        ranked.sort(key=lambda pair: (-pair[0], pair[1]))
        return [dict(self.works[doi], score=score) for score, doi in ranked[:rows]]

    def answer(self, path: str, params: dict[str, str], accept: str) -> tuple[int, str, str]:
        """Status, content type and body for a request (no limits, no faults)."""
        if self.not_found:
            return 404, "text/plain", "Resource not found."
        status, ctype, body = self._answer(path, params, accept)
        if self.body is not None and status == 200 and "json" in ctype:
            body = self.body
        return status, ctype, body

    def _answer(self, path: str, params: dict[str, str], accept: str) -> tuple[int, str, str]:
        if path.startswith("/works/"):
            rest = unquote(path[len("/works/") :])
            if rest.endswith("/agency"):
                return self._agency(rest[: -len("/agency")])
            if "/transform/" in rest:
                doi, mime = rest.split("/transform/", 1)
                return self._negotiate(doi, mime)
            work = self.record(rest)
            if work is None:
                return 404, "text/plain", "Resource not found."
            return 200, "application/json", json.dumps(_envelope("work", work))
        if path.rstrip("/") == "/works":
            return self._list(params)
        if path.startswith("/10."):
            return self._negotiate(unquote(path[1:]), accept.split(",")[0].strip())
        return 404, "text/plain", "Resource not found."

    def _agency(self, doi: str) -> tuple[int, str, str]:
        doi = doi.lower()
        if doi in self.agencies:
            agency = self.agencies[doi]
            body = {"DOI": doi, "agency": {"id": agency, "label": {"datacite": "DataCite"}.get(agency, agency)}}
            return 200, "application/json", json.dumps(_envelope("work-agency", body))
        if doi in self.agency_files:
            return 200, "application/json", self.agency_files[doi].read_text()
        if self.record(doi) is not None:
            body = {"DOI": doi, "agency": {"id": "crossref", "label": "Crossref"}}
            return 200, "application/json", json.dumps(_envelope("work-agency", body))
        return 404, "text/plain", "Resource not found."

    def _negotiate(self, doi: str, mime: str) -> tuple[int, str, str]:
        doi = doi.lower()
        if (doi, mime) in self.transforms:
            return 200, mime, self.transforms[(doi, mime)].read_text()
        work = self.record(doi)
        if work is None:
            return 404, "text/plain", "Resource not found."
        if mime == "application/x-bibtex":
            return 200, mime, _bibtex(work)
        if mime in ("application/vnd.citationstyles.csl+json", "application/citeproc+json"):
            return 200, mime, json.dumps(_csl(work))
        return 406, "text/plain", f"Cannot negotiate {mime}"

    def _list(self, params: dict[str, str]) -> tuple[int, str, str]:
        rows = int(params.get("rows") or 20)
        if "filter" in params:
            items = []
            for part in params["filter"].split(","):
                name, _, value = part.partition(":")
                if name != "doi":
                    body = {"status": "failed", "message-type": "validation-failure",
                            "message": [{"type": "filter-not-available", "value": name}]}
                    return 400, "application/json", json.dumps(body)
                work = self.works.get(value.lower())  # a filter does not follow aliases
                if work is not None and work not in items:
                    items.append(work)
            items = items[:rows]
        elif "query.bibliographic" in params:
            items = self.search(params["query.bibliographic"], rows)
        else:
            items = list(self.works.values())[:rows]
        if params.get("select"):
            keep = set(params["select"].split(","))
            items = [{k: v for k, v in item.items() if k in keep} for item in items]
        message = {"facets": {}, "total-results": len(items), "items": items, "items-per-page": rows,
                   "query": {"start-index": 0, "search-terms": params.get("query.bibliographic")}}
        return 200, "application/json", json.dumps(_envelope("work-list", message))


def _envelope(kind: str, message: Any) -> dict:
    return {"status": "ok", "message-type": kind, "message-version": "1.0.0", "message": message}


def _csl(work: Mapping[str, Any]) -> dict:
    types = {"journal-article": "article-journal", "book-chapter": "chapter", "book": "book"}
    item: dict[str, Any] = {"type": types.get(str(work.get("type")), "article"), "DOI": work.get("DOI")}
    for name in ("title", "container-title"):
        if work.get(name):
            item[name] = work[name][0]
    for name in ("volume", "issue", "page", "publisher", "URL", "ISSN", "author", "issued"):
        if work.get(name):
            item[name] = work[name]
    return item


def _bibtex(work: Mapping[str, Any]) -> str:
    authors = " and ".join(f"{a.get('family', '')}, {a.get('given', '')}".strip(", ") for a in work.get("author") or ())
    year = ((work.get("issued") or {}).get("date-parts") or [[None]])[0][0]
    first = (work.get("author") or [{}])[0].get("family", "anon")
    fields = {
        "title": (work.get("title") or [""])[0], "author": authors, "journal": (work.get("container-title") or [""])[0],
        "volume": work.get("volume"), "number": work.get("issue"), "pages": work.get("page"),
        "year": year, "DOI": work.get("DOI"), "publisher": work.get("publisher"),
    }
    body = ", ".join(f"{k}={{{v}}}" for k, v in fields.items() if v)
    return f" @article{{{first}_{year}, {body} }}\n"


def _handler(stub: CrossrefStub) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        # Headers and body go out in two writes: without this, delayed ACKs add 40 ms a request.
        disable_nagle_algorithm = True

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the stdlib's name
            pass

        def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
            started = time.monotonic()
            parts = urlsplit(self.path)
            params = dict(parse_qsl(parts.query, keep_blank_values=True))
            kind = LIST if parts.path.rstrip("/") == "/works" else SINGLE
            agent = self.headers.get("User-Agent", "")
            pool = "polite" if "mailto:" in agent or "mailto" in params else "public"
            record = RequestRecord(kind, parts.path, params, 0, started, pool)
            stub.stats.records.append(record)
            if not stub._admit(kind, pool):
                record.status = 429
                self._send(429, "text/plain", "Too many requests", kind, pool, {"Retry-After": stub.retry_after})
                return
            fault = record.fault = stub._fault_for(self.path)
            status, counted = -1, True
            try:
                if stub.latency:
                    time.sleep(stub.latency)
                if fault == "timeout":
                    time.sleep(stub.hang)
                if fault == "drop":
                    self.close_connection = True  # hang up without a word
                    return
                extra: dict[str, str] = {}
                if fault == "403":
                    status, ctype, body = 403, "text/html", HOSTILE_BODY
                elif fault in ("429", "500", "502", "503"):
                    status, ctype, body = int(fault), "text/plain", f"injected {fault}"
                    if fault == "429":
                        extra["Retry-After"] = stub.retry_after
                else:
                    status, ctype, body = stub.answer(parts.path, params, self.headers.get("Accept", "*/*"))
                    if fault == "malformed":
                        body = body[: max(1, len(body) // 2)]
                # No longer "in flight" once the answer is ready: the client may send its next
                # request the moment it reads this one.
                stub._done()
                counted = False
                self._send(status, ctype, body, kind, pool, extra)
            except (BrokenPipeError, ConnectionResetError):
                pass
            finally:
                if counted:
                    stub._done()
                record.status = status

        def _send(self, status: int, ctype: str, body: str, kind: str, pool: str, extra: Mapping[str, str]) -> None:
            data = body.encode()
            self.send_response(status)
            self.send_header("Content-Type", ctype if "charset" in ctype else f"{ctype};charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            for name, value in {**stub.headers(kind, pool), **stub.extra_headers, **extra}.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)

    return Handler


class SilentServer:
    """Accepts connections on 127.0.0.1 and never answers (nor closes them until stopped)."""

    def __init__(self) -> None:
        self._socket = socket.create_server(("127.0.0.1", 0), backlog=64)
        self._socket.settimeout(0.05)
        self._held: list[socket.socket] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, name="silent-server", daemon=True)
        self.accepted = 0

    @property
    def url(self) -> str:
        host, port = self._socket.getsockname()[:2]
        return f"http://{host}:{port}"

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                connection, _ = self._socket.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self._held.append(connection)
            self.accepted += 1

    def __enter__(self) -> SilentServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=2)
        for connection in self._held:
            connection.close()
        self._socket.close()


def closed_port() -> str:
    """A loopback URL where nothing listens: every connection is refused at once."""
    with socket.create_server(("127.0.0.1", 0)) as probe:
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}"


def main(argv: Iterable[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8099)
    parser.add_argument("--enforce", action="store_true", help="answer 429 over the rate or concurrency limit")
    parser.add_argument("--latency", type=float, default=0.0, help="seconds each answer takes")
    args = parser.parse_args(list(argv) if argv is not None else None)
    stub = CrossrefStub(host=args.host, port=args.port, enforce=args.enforce, latency=args.latency)
    print(f"Crossref stand-in on {stub.url} ({len(stub.works)} works; Ctrl-C stops it)", flush=True)
    try:
        stub._server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        stub._server.server_close()


if __name__ == "__main__":
    main()
