"""Pacing benchmark: citeaudit against the Crossref stand-in, then beside bibaudit on the same look-alike.

The stand-in (tests/crossref_stub.py) enforces Crossref's polite-pool limits on a sliding window
of one second, counted on arrival: 10 single-record requests per second, 3 list requests
(batches and searches) per second, 3 requests at once; over them it answers 429.  The records
come from shared/crossref-recordings (recorded list items); the search scores are the
stand-in's own (synthetic).

Part 1, pacing: 100 references with DOIs and 30 without, 500 ms per answer.  Two runs share one
cache: the first asks, the second must send nothing.  Checked: zero 429s, never more than 3
requests in flight, the 100 DOIs in at most 10 requests, no more than 3 list requests in any
one-second window, and a warm re-run sending no request.

Part 2, beside bibaudit (PyPI, 0.1.2; it batches 20 DOIs a request, one request at a time, at
least 0.2 s apart): 60 DOIs on a look-alike allowing 10 single/s, 3 list/s and 3 at once, 150 ms
per answer, each tool cold (empty cache) then warm; median wall time of ``--rounds`` rounds.
bibaudit's own DOI lookup is timed (``Crossref(Client(Cache(dir), mailto=...)).by_dois``, the
client its ``audit`` builds), citeaudit's whole ``CrossrefResolver.resolve`` (lookups and
judging).  bibaudit has no option, argument or environment variable for Crossref's address
(``_API_ROOT = "https://api.crossref.org"`` in ``bibaudit/registries/crossref.py``, read on every
call), so the bench sets that module constant to the look-alike's URL in its own process; nothing
else of bibaudit is changed.  bibaudit writes ``mailto=`` in its User-Agent where the stand-in
looks for ``mailto:``, so the look-alike gives both pools the same limits.  Checked for
citeaudit: faster than bibaudit, zero 429s, at most 3 in flight, a warm re-run sending nothing,
every record found.

bibaudit is never a citeaudit dependency.  Install it apart, then point the bench at it::

    pip install --no-deps --target /tmp/bibaudit-lib bibaudit==0.1.2   # its deps are citeaudit's own
    python bench/crossref_pacing.py --bibaudit /tmp/bibaudit-lib        # or BIBAUDIT_PATH=/tmp/bibaudit-lib

Without it the bibaudit row says why it was skipped.  Exit status 1 if any check fails.

    python bench/crossref_pacing.py [--dois 100] [--searches 30] [--latency 0.5]
        [--compare-dois 60] [--compare-latency 0.15] [--rounds 3] [--bibaudit DIR] [--skip-pacing]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from statistics import median
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from crossref_stub import CrossrefStub  # noqa: E402

from citeaudit.model import Location, Reference, Span  # noqa: E402
from citeaudit.resolve.cache import ResponseCache  # noqa: E402
from citeaudit.resolve.crossref import CrossrefClient  # noqa: E402
from citeaudit.resolve.progress import RichProgress  # noqa: E402
from citeaudit.resolve.resolver import CrossrefResolver  # noqa: E402

LIMITS = {"polite": (10.0, 3.0, 3), "public": (5.0, 1.0, 1)}
# The comparison's look-alike: the polite pool's limits whichever pool a client is put in, because
# bibaudit writes "mailto=" in its User-Agent where the stand-in looks for "mailto:".
LOOKALIKE = {"polite": (10.0, 3.0, 3), "public": (10.0, 3.0, 3)}
MAILTO = "bench@example.org"
INSTALL = "pip install --no-deps --target /tmp/bibaudit-lib bibaudit==0.1.2"


def _usable(work: dict) -> bool:
    return bool(work.get("title") and work.get("author") and work.get("issued") and work.get("container-title")
                and "," not in work["DOI"] and all(a.get("family") for a in work["author"]))


def reference_for(index: int, work: dict, *, with_doi: bool) -> Reference:
    """An APA-style entry for a recorded work, parsed the way the reference parser would."""
    year = work["issued"]["date-parts"][0][0]
    authors = [{"family": a["family"], "given": a.get("given", "")} for a in work["author"][:6]]
    names = ", ".join(f"{a['family']}, {a['given'][:1]}." for a in authors)
    if len(work["author"]) > 6:
        authors.append({"literal": "et al."})
        names += ", et al."
    title, container = work["title"][0], work["container-title"][0]
    numbers = ", ".join(p for p in (work.get("volume"), work.get("page")) if p)
    raw = f"{names} ({year}). {title}. {container}" + (f", {numbers}" if numbers else "") + "."
    csl = {"type": "article-journal", "author": authors, "issued": {"date-parts": [[year]]}, "title": title,
           "container-title": container}
    for name in ("volume", "issue", "page"):
        if work.get(name):
            csl[name] = work[name]
    if with_doi:
        csl["DOI"] = work["DOI"].lower()
        raw += f" https://doi.org/{work['DOI']}"
    return Reference(index=index, raw=raw, span=Span(0, len(raw)), location=Location(index, 1), csl=csl)


def max_in_window(starts: list[float], window: float = 1.0) -> int:
    starts = sorted(starts)
    best, left = 0, 0
    for right, start in enumerate(starts):
        while start - starts[left] >= window:
            left += 1
        best = max(best, right - left + 1)
    return best


def usable_works(stub: CrossrefStub) -> list[dict]:
    return [w for doi, w in sorted(stub.works.items()) if stub.origin[doi] == "recorded" and _usable(w)]


def run(stub: CrossrefStub, references: list[Reference], cache_path: Path) -> tuple[list, float, CrossrefResolver]:
    client = CrossrefClient(base_url=stub.url, mailto=MAILTO, cache=ResponseCache(cache_path))
    resolver = CrossrefResolver(client, progress=RichProgress())  # drawn only on a terminal
    started = time.monotonic()
    resolutions = resolver.resolve(references)
    elapsed = time.monotonic() - started
    resolver.close()
    return resolutions, elapsed, resolver


def pacing(args: argparse.Namespace) -> list[str]:
    """The first part: 100 DOIs and 30 searches at 500 ms; the failures it finds."""
    with CrossrefStub(enforce=True, limits=LIMITS, latency=args.latency) as stub, tempfile.TemporaryDirectory() as tmp:
        works = usable_works(stub)
        if len(works) < args.dois + args.searches:
            raise SystemExit(f"only {len(works)} usable recorded works")
        references = [reference_for(i + 1, w, with_doi=True) for i, w in enumerate(works[: args.dois])]
        references += [
            reference_for(args.dois + i + 1, w, with_doi=False)
            for i, w in enumerate(works[args.dois : args.dois + args.searches])
        ]
        cache = Path(tmp) / "crossref.sqlite3"

        cold, cold_time, _ = run(stub, references, cache)
        records = list(stub.stats.records)
        peak = stub.stats.peak_in_flight
        lists = [r for r in records if r.kind == "list"]
        batches = [r for r in lists if "filter" in r.params]
        searches = [r for r in lists if "query.bibliographic" in r.params]
        singles = [r for r in records if r.kind == "single"]
        t0 = min(r.started for r in records)
        doi_requests = len(batches) + len([r for r in singles if not r.path.endswith("/agency")])
        doi_done = max(r.started for r in batches) - t0 + args.latency if batches else 0.0

        stub.reset()
        warm, warm_time, warm_resolver = run(stub, references, cache)
        warm_sent = stub.stats.requests

    statuses = Counter(r.status for r in cold)
    print(f"stand-in limits: 10 single/s, 3 list/s, 3 at once; latency {args.latency * 1000:.0f} ms per answer")
    print(f"references: {args.dois} with DOIs, {args.searches} without")
    print(f"cold run: {len(records)} requests ({len(batches)} DOI batches, {len(singles)} single, "
          f"{len(searches)} searches) in {cold_time:.2f} s; 429s: {sum(r.status == 429 for r in records)}; "
          f"peak in flight: {peak}")
    print(f"  the {args.dois} DOIs: {doi_requests} requests, answered after {doi_done:.2f} s")
    print(f"  list requests in any 1 s window: at most {max_in_window([r.started for r in lists])} (limit 3)")
    print(f"  verdicts: {dict(sorted(statuses.items()))}")
    print(f"warm run: {warm_sent} requests in {warm_time:.2f} s; from cache: {warm_resolver.provenance()['from_cache']}"
          f" of {len(warm)}")

    failures = []
    if any(r.status == 429 for r in records):
        failures.append("429s were answered")
    if peak > 3:
        failures.append("more than 3 requests in flight")
    if doi_requests > 10:
        failures.append(f"{doi_requests} requests for the DOIs (at most 10)")
    if max_in_window([r.started for r in lists]) > 3:
        failures.append("more than 3 list requests in a second")
    if warm_sent:
        failures.append(f"the warm re-run sent {warm_sent} requests")
    return failures


@dataclass(frozen=True, slots=True)
class Round:
    """One tool's cold and warm run on the look-alike."""

    wall: float
    requests: int
    throttled: int
    peak: int
    warm_requests: int
    found: int


def citeaudit_round(stub: CrossrefStub, works: list[dict], tmp: Path) -> Round:
    references = [reference_for(i + 1, w, with_doi=True) for i, w in enumerate(works)]
    cache = tmp / "citeaudit.sqlite3"
    stub.reset()
    cold, wall, _ = run(stub, references, cache)
    stats = stub.stats
    stub.reset()
    run(stub, references, cache)
    found = sum(r.status in ("verified", "uncompared", "mismatch", "retracted") for r in cold)
    return Round(wall, stats.requests, stats.throttled, stats.peak_in_flight, stub.stats.requests, found)


def bibaudit_round(bibaudit: Any, stub: CrossrefStub, works: list[dict], tmp: Path) -> Round:
    """bibaudit's own DOI lookup (``Crossref.by_dois``) with the client its ``audit`` builds."""
    crossref, http = bibaudit
    crossref._API_ROOT = stub.url  # its only way to another endpoint (see the module docstring)
    dois = [w["DOI"] for w in works]
    cache = tmp / "bibaudit-cache"
    stub.reset()
    started = time.monotonic()
    records = crossref.Crossref(http.Client(http.Cache(cache), mailto=MAILTO)).by_dois(dois)
    wall = time.monotonic() - started
    stats = stub.stats
    stub.reset()
    crossref.Crossref(http.Client(http.Cache(cache), mailto=MAILTO)).by_dois(dois)
    return Round(wall, stats.requests, stats.throttled, stats.peak_in_flight, stub.stats.requests, len(records))


def import_bibaudit(path: str | None) -> tuple[Any, str | None]:
    """bibaudit's Crossref and HTTP modules, or ``None`` and why not."""
    if path:
        sys.path.append(path)  # after citeaudit's own packages: its two dependencies are ours too
    try:
        from bibaudit.registries import crossref, http
    except ImportError as exc:
        return None, (f"bibaudit is not importable ({exc}); install it apart from citeaudit with "
                      f"`{INSTALL}` and pass --bibaudit /tmp/bibaudit-lib (or set BIBAUDIT_PATH)")
    return (crossref, http), None


def comparison(args: argparse.Namespace) -> list[str]:
    """The second part: citeaudit beside bibaudit on the same look-alike; citeaudit's failures."""
    bibaudit, why_not = import_bibaudit(args.bibaudit)
    rounds: dict[str, list[Round]] = {"citeaudit": [], "bibaudit": []}
    with CrossrefStub(enforce=True, limits=LOOKALIKE, latency=args.compare_latency) as stub:
        works = usable_works(stub)[: args.compare_dois]
        for _ in range(args.rounds):
            with tempfile.TemporaryDirectory() as tmp:
                rounds["citeaudit"].append(citeaudit_round(stub, works, Path(tmp)))
                if bibaudit is not None:
                    rounds["bibaudit"].append(bibaudit_round(bibaudit, stub, works, Path(tmp)))

    print()
    print(f"citeaudit beside bibaudit: {len(works)} DOIs, look-alike allowing 10 single/s, 3 list/s, 3 at once, "
          f"{args.compare_latency * 1000:.0f} ms per answer; median of {args.rounds} cold runs, each with an empty cache")
    print("| tool | wall s | requests | 429s | peak in flight | warm re-run requests | records found |")
    print("|---|---|---|---|---|---|---|")
    summary = {}
    for tool, runs in rounds.items():
        if not runs:
            print(f"| {tool} | skipped: {why_not} |")
            continue
        summary[tool] = row = Round(
            median(r.wall for r in runs), max(r.requests for r in runs), max(r.throttled for r in runs),
            max(r.peak for r in runs), max(r.warm_requests for r in runs), min(r.found for r in runs),
        )
        print(f"| {tool} | {row.wall:.2f} | {row.requests} | {row.throttled} | {row.peak} | {row.warm_requests} | "
              f"{row.found}/{len(works)} |")

    ours, failures = summary["citeaudit"], []
    if ours.throttled:
        failures.append(f"citeaudit was answered {ours.throttled} 429s")
    if ours.peak > 3:
        failures.append(f"citeaudit had {ours.peak} requests in flight (at most 3)")
    if ours.warm_requests:
        failures.append(f"citeaudit's warm re-run sent {ours.warm_requests} requests")
    if ours.found < len(works):
        failures.append(f"citeaudit found {ours.found} of {len(works)} records")
    if "bibaudit" in summary:
        if ours.wall >= summary["bibaudit"].wall:
            failures.append(f"citeaudit ({ours.wall:.2f} s) is not faster than bibaudit ({summary['bibaudit'].wall:.2f} s)")
    else:
        print("citeaudit's speed not compared: bibaudit is absent (see its row)", file=sys.stderr)
    return failures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dois", type=int, default=100)
    parser.add_argument("--searches", type=int, default=30)
    parser.add_argument("--latency", type=float, default=0.5, help="seconds the stand-in takes per answer")
    parser.add_argument("--compare-dois", type=int, default=60)
    parser.add_argument("--compare-latency", type=float, default=0.15)
    parser.add_argument("--rounds", type=int, default=3, help="cold runs per tool in the comparison (median)")
    parser.add_argument("--bibaudit", default=os.environ.get("BIBAUDIT_PATH"),
                        help="folder bibaudit was installed into with pip --target (env BIBAUDIT_PATH)")
    parser.add_argument("--skip-pacing", action="store_true", help="only the comparison with bibaudit")
    args = parser.parse_args()

    failures = [] if args.skip_pacing else pacing(args)
    failures += comparison(args)
    for failure in failures:
        print(f"FAIL: {failure}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
