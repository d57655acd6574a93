"""The Crossref client and resolver against the local stand-in (tests/crossref_stub.py).

Every request goes to a real HTTP server on 127.0.0.1 answering from shared/crossref-recordings
(recorded responses, and synthetic records for the seed's three DOIs); no test touches the
internet.  Back-off is shortened through injected settings so faults cost milliseconds.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from crossref_stub import RECORDINGS, CrossrefStub
from citeaudit.checks import check_named, registry
from citeaudit.checks.base import Context
from citeaudit.config import Config
from citeaudit.errors import TransportError
from citeaudit.match import MatchResult
from citeaudit.model import Location, Manuscript, Reference, Severity, Span
from citeaudit.resolve import OfflineResolver, ResponseCache, build_resolver
from citeaudit.resolve.crossref import Backoff, CrossrefClient
from citeaudit.resolve.enrich import fetch_bibtex, fetch_csl
from citeaudit.resolve.pacing import LIST, SINGLE, Limits, Pacer
from citeaudit.resolve.resolver import CrossrefResolver

pytestmark = pytest.mark.skipif(not RECORDINGS.exists(), reason="shared/crossref-recordings not present")

SEED = RECORDINGS.parent / "seeds" / "russia-japan-conundrum.md"
# Limits high enough that pacing costs nothing, except in the tests about pacing.
FAST = {"polite": (1000.0, 1000.0, 3), "public": (1000.0, 1000.0, 1)}
QUICK = Backoff(base=0.001, cap=0.005, retry_after_cap=0.05)
MAILTO = "tests@example.org"


@pytest.fixture
def stub():
    with CrossrefStub(limits=FAST, retry_after="0") as server:
        yield server


def client_for(stub, **options):
    settings = {"base_url": stub.url, "doi_url": stub.url, "mailto": MAILTO, "backoff": QUICK, "timeout": 2.0}
    settings.update(options)
    if "pacer" not in settings:
        # Crossref's own ceilings, except in the tests about pacing, would only make tests slow.
        settings["pacer"] = Pacer("polite" if settings["mailto"] else "public", ceilings={SINGLE: Limits(1000), LIST: Limits(1000)})
    return CrossrefClient(**settings)


def ref(index, raw, **csl):
    return Reference(index=index, raw=raw, span=Span(0, len(raw)), location=Location(index, 1), csl=csl)


def seed_references() -> list[Reference]:
    """The seed's three entries with DOIs (parsed by hand) and its numbered footnotes (as printed)."""
    text = SEED.read_text()
    entries = [
        ("Akaha", dict(author=[{"family": "Akaha", "given": "T."}], issued={"date-parts": [[1996]]},
                       title="Russia and Asia in 1995: Bold Objectives and Limited Means", volume="36", issue="1",
                       page="100–108", DOI="10.2307/2645561", **{"container-title": "Asian Survey"})),
        ("Carlile", dict(author=[{"family": "Carlile", "given": "L. E."}], issued={"date-parts": [[1994]]},
                         title="The Changing Political Economy of Japan's Economic Relations with Russia: The Rise and Fall of Seikei Fukabun",
                         volume="67", issue="3", page="411", DOI="10.2307/2760418", **{"container-title": "Pacific Affairs"})),
        ("Moltz", dict(author=[{"family": "Moltz", "given": "J. C."}], issued={"date-parts": [[1997]]},
                       title="Russia in Asia in 1996: Renewed Engagement", volume="37", issue="1", page="88–94",
                       DOI="10.2307/2645778", **{"container-title": "Asian Survey"})),
    ]
    references = []
    for name, csl in entries:
        raw = next(line for line in text.splitlines() if line.startswith(f"{name}, "))
        references.append(ref(len(references) + 1, raw, type="article-journal", **csl))
    for line in text.splitlines():
        if re.match(r"<sup>\d+</sup> [A-Z]", line) and len(line) < 160:
            references.append(ref(len(references) + 1, line))
    return references


def context(references, resolutions):
    manuscript = Manuscript(path="seed.md", source="", text="", offsets=(0,), body=Span(0, 0))
    return Context(manuscript, tuple(references), (), (), MatchResult((), (), ()), Config(), tuple(resolutions))


TABLE = [
    ("doi-malformed", Severity.ERROR, registry.doi_malformed),
    ("doi-not-found", Severity.ERROR, registry.doi_not_found),
    ("doi-mismatch", Severity.ERROR, registry.doi_mismatch),
    ("reference-retracted", Severity.ERROR, registry.reference_retracted),
    ("doi-suggested", Severity.INFO, registry.doi_suggested),
    ("reference-not-found", Severity.WARNING, registry.reference_not_found),
    ("reference-not-indexable", Severity.INFO, registry.reference_not_indexable),
    ("lookup-failed", Severity.WARNING, registry.lookup_failed),
]


def findings(ctx):
    return [f for code, severity, function in TABLE for f in check_named(code).run(ctx)]


# -- the seed ---------------------------------------------------------------------------------------


@pytest.mark.skipif(not SEED.exists(), reason="seed manuscript not present")
def test_seed_against_the_stand_in(stub):
    references = seed_references()
    assert len(references) >= 10  # 3 entries + the newspaper footnotes
    resolutions = CrossrefResolver(client_for(stub)).resolve(references)
    assert [r.status for r in resolutions[:3]] == ["verified"] * 3
    carlile = {f.name: f for f in resolutions[1].fields}
    assert carlile["pages"].agrees and (carlile["pages"].manuscript, carlile["pages"].registry) == ("411", "411-432")
    assert {r.status for r in resolutions[3:]} == {"not-indexable"}
    found = findings(context(references, resolutions))
    assert [f for f in found if f.severity is not Severity.INFO] == []
    assert {f.code for f in found} == {"reference-not-indexable"}
    assert len(found) == len(references) - 3
    assert stub.stats.requests == 1  # the three DOIs in one batch; footnotes never asked about


# -- batching ---------------------------------------------------------------------------------------


def known_dois(stub, n):
    full = [doi for doi, work in sorted(stub.works.items()) if work.get("title") and "," not in doi and stub.origin[doi] == "recorded"]
    return full[:n]


def test_dois_are_batched_and_the_rest_asked_one_by_one(stub):
    dois = known_dois(stub, 25)
    references = [ref(i, f"Entry {i}", DOI=doi) for i, doi in enumerate(dois + ["10.2307/0000000"], 1)]
    stub.alias("10.9999/alias-of-akaha", "10.2307/2645561")
    references.append(ref(len(references) + 1, "Akaha alias", DOI="10.9999/alias-of-akaha"))
    # Batches of 20, so that 27 DOIs make two (by default one batch would take them all).
    resolutions = CrossrefResolver(client_for(stub), batch_size=20).resolve(references)
    lists = stub.stats.of_kind("list")
    assert len(lists) == 2
    assert all(r.params["filter"].startswith("doi:") and "select" in r.params for r in lists)
    assert int(lists[0].params["rows"]) == 20
    singles = sorted(r.path for r in stub.stats.of_kind("single"))
    # A DOI is one percent-encoded path segment.
    assert singles == ["/works/10.2307%2F0000000", "/works/10.2307%2F0000000/agency", "/works/10.9999%2Falias-of-akaha"]
    assert resolutions[25].status == "not-found"
    assert "alias of 10.2307/2645561" in resolutions[26].message
    # The entries give only a DOI: nothing to compare, so nothing is confirmed (issue 12).
    assert {r.status for r in resolutions[:25]} <= {"uncompared", "mismatch", "retracted"}


def test_a_datacite_doi_is_not_called_missing(stub):
    stub.register_agency("10.5284/1011335", "datacite")
    (resolution,) = CrossrefResolver(client_for(stub)).resolve([ref(1, "x", DOI="10.5284/1011335")])
    assert resolution.status == "unverified"
    assert "registered with DataCite" in resolution.message


# -- faults -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("fault", ["429", "500", "502", "503", "timeout", "drop", "malformed"])
def test_one_fault_is_retried_away(stub, fault):
    stub.hang = 0.5
    stub.inject(fault, times=1)
    client = client_for(stub, timeout=0.25)
    (resolution,) = CrossrefResolver(client).resolve(seed_references()[:1])
    assert resolution.status == "verified"
    assert client.stats.retries == 1
    assert min(stub.stats.records, key=lambda r: r.started).fault == fault


def test_exhausted_retries_are_lookup_failed_and_the_audit_completes(stub):
    stub.inject("503", times=100, match="2645561")
    client = client_for(stub, max_retries=2)
    references = seed_references()[:2]
    resolutions = CrossrefResolver(client, batch_size=1).resolve(references)
    assert [r.status for r in resolutions] == ["unverified", "verified"]
    # A short message naming the endpoint and the reason; the request URL is kept apart.
    assert resolutions[0].message == f"could not verify: {stub.url} answered 503 (Service Unavailable)"
    assert resolutions[0].request_url.startswith(f"{stub.url}/works?filter=doi")
    assert len(stub.stats.records) == 3 + 1  # three tries for the failing DOI, one for the other
    (finding,) = [f for f in findings(context(references, resolutions)) if f.code == "lookup-failed"]
    assert finding.severity is Severity.WARNING and finding.message.startswith("Could not verify")
    assert not any(f.code in {"doi-not-found", "reference-not-found"} for f in findings(context(references, resolutions)))


def test_an_unreachable_registry_is_given_up_quickly(stub):
    stub.inject("drop", times=1000)
    client = client_for(stub, max_retries=2)
    references = [ref(i, f"Entry {i}", DOI=doi) for i, doi in enumerate(known_dois(stub, 100), 1)]
    resolutions = CrossrefResolver(client, batch_size=20).resolve(references)
    assert {r.status for r in resolutions} == {"unverified"}
    assert stub.stats.requests <= 5 * 3  # five batches, three tries each at most; no single lookups
    # Once three requests in a row have failed, the client stops asking at all.
    sent = stub.stats.requests
    with pytest.raises(TransportError, match=r"gave up after \d+ requests failed in a row"):
        client.work("10.2307/2645561")
    assert stub.stats.requests == sent


def test_retry_after_is_honoured(stub):
    stub.retry_after = "1"
    stub.inject("429", times=1)
    client = client_for(stub, backoff=Backoff(base=0.001, cap=0.005))
    (resolution,) = CrossrefResolver(client).resolve(seed_references()[:1])
    assert resolution.status == "verified"
    first, second = stub.stats.records[:2]
    assert second.started - first.started >= 1.0


# -- pacing -----------------------------------------------------------------------------------------


def test_limits_announced_by_the_server_are_respected(stub):
    stub.enforce, stub.latency = True, 0.03
    stub.limits = {"polite": (12.0, 6.0, 2), "public": (5.0, 1.0, 1)}
    client = client_for(stub, pacer=Pacer("polite"))  # Crossref's ceilings, lowered by what the stub announces
    unknown = [ref(i, f"Entry {i}", DOI=f"10.5555/missing-{i}") for i in range(1, 9)]
    started = time.monotonic()
    resolutions = CrossrefResolver(client).resolve(unknown)
    assert {r.status for r in resolutions} == {"not-found"}
    assert stub.stats.throttled == 0
    assert stub.stats.peak_in_flight <= 2
    assert client.pacer.gate.limit == 2
    # A batch, the canary (the batch returned nothing, so a 404 is trusted only after it), then each DOI and its agency.
    assert len(stub.stats.records) == 1 + 1 + 8 + 8
    assert time.monotonic() - started < 5


def test_without_mailto_the_public_pool_is_used(stub):
    client = client_for(stub, mailto=None)
    CrossrefResolver(client).resolve(seed_references()[:1])
    assert stub.stats.records[0].pool == "public"
    assert client.pacer.pool == "public" and client.pacer.gate.limit == 1


# -- the cache --------------------------------------------------------------------------------------


def test_a_rerun_sends_no_request(stub, tmp_path):
    references = seed_references()[:3] + [ref(4, "x", DOI="10.2307/0000000"),
                                           ref(5, "Moltz, J. C. (1997). Russia in Asia in 1996: Renewed Engagement. Asian Survey, 37(1), 88–94.")]
    first_client = client_for(stub, cache=ResponseCache(tmp_path / "c.sqlite3"))
    first = CrossrefResolver(first_client).resolve(references)
    sent = stub.stats.requests
    assert sent == 4  # one batch, one 404, its agency, one search
    resolver = CrossrefResolver(client_for(stub, cache=ResponseCache(tmp_path / "c.sqlite3")))
    second = resolver.resolve(references)
    assert stub.stats.requests == sent
    assert [r.status for r in second] == [r.status for r in first] == ["verified"] * 3 + ["not-found", "suggested"]
    assert all(r.from_cache for r in second) and not any(r.from_cache for r in first)
    provenance = resolver.provenance()
    assert provenance["from_cache"] == 5 and provenance["requests"] == 0
    assert provenance["from_cache_references"] == [1, 2, 3, 4, 5]


def test_answers_kept_before_a_failure_are_not_asked_again(stub, tmp_path):
    path = tmp_path / "c.sqlite3"
    stub.inject("drop", times=100, match="2645778")
    references = seed_references()[:3]
    client = client_for(stub, cache=ResponseCache(path), max_retries=1)
    first = CrossrefResolver(client, batch_size=1).resolve(references)
    assert [r.status for r in first] == ["verified", "verified", "unverified"]
    stub.reset()
    second = CrossrefResolver(client_for(stub, cache=ResponseCache(path)), batch_size=1).resolve(references)
    assert [r.status for r in second] == ["verified"] * 3
    assert [r.params["filter"] for r in stub.stats.records] == ["doi:10.2307/2645778"]


# -- content negotiation, build_resolver ----------------------------------------------------------


def test_bibtex_through_habanero_and_csl_through_the_client(stub):
    client = client_for(stub)
    bibtex = fetch_bibtex(client, "10.2307/2645561")
    assert bibtex.lstrip().startswith("@article") and "Akaha" in bibtex
    recorded = fetch_bibtex(client, "10.1126/science.169.3946.635")  # a recorded answer
    assert "Frank_1970" in recorded
    csl = fetch_csl(client, "10.2307/2760418")
    assert csl["title"].startswith("The Changing Political Economy") and csl["DOI"] == "10.2307/2760418"
    assert fetch_csl(client, "10.2307/0000000") is None
    paths = [r.path for r in stub.stats.records]
    assert paths == [
        "/10.2307/2645561",
        "/10.1126/science.169.3946.635",
        "/works/10.2307%2F2760418/transform/application/vnd.citationstyles.csl+json",
        "/works/10.2307%2F0000000/transform/application/vnd.citationstyles.csl+json",
    ]


def test_build_resolver(stub, tmp_path):
    assert isinstance(build_resolver(Config(offline=True)), OfflineResolver)
    config = Config(offline=False, crossref_url=stub.url, mailto=MAILTO, cache_path=str(tmp_path / "c.sqlite3"), max_retries=1, timeout=2)
    resolver = build_resolver(config)
    assert isinstance(resolver, CrossrefResolver)
    assert [r.status for r in resolver.resolve(seed_references()[:1])] == ["verified"]
    assert resolver.source.cache.path == str(tmp_path / "c.sqlite3")
    assert resolver.source.doi_url == stub.url  # content negotiation follows --crossref-url
    assert fetch_bibtex(resolver.source, "10.2307/2645561").lstrip().startswith("@article")
    assert "mailto:tests@example.org" in resolver.source.user_agent
    uncached = build_resolver(Config(offline=False, crossref_url=stub.url, use_cache=False))
    assert uncached.source.cache is None
    resolver.close()
    uncached.close()


def test_stub_runs_from_the_command_line():
    import subprocess
    import sys

    script = Path(__file__).with_name("crossref_stub.py")
    process = subprocess.Popen([sys.executable, str(script), "--port", "0"], stdout=subprocess.PIPE, text=True)
    try:
        line = process.stdout.readline()
        assert line.startswith("Crossref stand-in on http://127.0.0.1:")
    finally:
        process.terminate()
        process.wait(timeout=5)
