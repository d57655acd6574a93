"""Pacing benchmark: 100 references with DOIs and 30 without, against the Crossref stand-in.

The stand-in (tests/crossref_stub.py) enforces Crossref's polite-pool limits: 10 single-record
requests per second, 3 list requests (batches and searches) per second, 3 requests at once; over
them it answers 429.  The records come from shared/crossref-recordings (recorded list items);
the search scores are the stand-in's own (synthetic).  Two runs share one cache: the first asks,
the second must send nothing.

Checked (exit status 1 if any fails): zero 429s, never more than 3 requests in flight, the 100
DOIs in at most 10 requests, no more than 3 list requests in any one-second window, and a warm
re-run sending no request.

    python bench/crossref_pacing.py [--dois 100] [--searches 30] [--latency 0.5]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from crossref_stub import CrossrefStub  # noqa: E402

from citeaudit.model import Location, Reference, Span  # noqa: E402
from citeaudit.resolve.cache import ResponseCache  # noqa: E402
from citeaudit.resolve.crossref import CrossrefClient  # noqa: E402
from citeaudit.resolve.progress import RichProgress  # noqa: E402
from citeaudit.resolve.resolver import CrossrefResolver  # noqa: E402

LIMITS = {"polite": (10.0, 3.0, 3), "public": (5.0, 1.0, 1)}


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


def run(stub: CrossrefStub, references: list[Reference], cache_path: Path) -> tuple[list, float, CrossrefResolver]:
    client = CrossrefClient(base_url=stub.url, mailto="bench@example.org", cache=ResponseCache(cache_path))
    resolver = CrossrefResolver(client, progress=RichProgress())  # drawn only on a terminal
    started = time.monotonic()
    resolutions = resolver.resolve(references)
    elapsed = time.monotonic() - started
    resolver.close()
    return resolutions, elapsed, resolver


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dois", type=int, default=100)
    parser.add_argument("--searches", type=int, default=30)
    parser.add_argument("--latency", type=float, default=0.5, help="seconds the stand-in takes per answer")
    args = parser.parse_args()

    with CrossrefStub(enforce=True, limits=LIMITS, latency=args.latency) as stub, tempfile.TemporaryDirectory() as tmp:
        works = [w for doi, w in sorted(stub.works.items()) if stub.origin[doi] == "recorded" and _usable(w)]
        if len(works) < args.dois + args.searches:
            print(f"only {len(works)} usable recorded works", file=sys.stderr)
            return 2
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
    for failure in failures:
        print(f"FAIL: {failure}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
