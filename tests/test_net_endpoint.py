"""What a registry's answers may be taken to mean (issue 12): a 404 only from an endpoint that has
shown it is Crossref, JSON of another shape never "verified", a DOI never another path, and
messages that name the endpoint, never the URL or the server's words.

Everything runs against the local stand-in (tests/crossref_stub.py) on 127.0.0.1.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from citeaudit.checks import check_named, registry
from citeaudit.checks.base import Context
from citeaudit.cli import main
from citeaudit.config import Config
from citeaudit.match import MatchResult
from citeaudit.model import Location, Manuscript, Reference, Severity, Span
from citeaudit.resolve import ResponseCache
from citeaudit.resolve.crossref import CANARY_DOI, Backoff, CrossrefClient, doi_path, doi_segment, endpoint_label
from citeaudit.resolve.enrich import fetch_bibtex
from citeaudit.resolve.pacing import LIST, SINGLE, Limits, Pacer
from citeaudit.resolve.resolver import CrossrefResolver
from crossref_stub import CANARY_DOI as STUB_CANARY
from crossref_stub import HOSTILE_BODY, CrossrefStub

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "russia-japan-conundrum.md"
AKAHA, MOLTZ = "10.2307/2645561", "10.2307/2645778"  # the seed's DOIs: synthetic records in tests/fixtures
UNKNOWN = "10.2307/0000000"
FAST = {"polite": (1000.0, 1000.0, 3), "public": (1000.0, 1000.0, 1)}
QUICK = Backoff(base=0.001, cap=0.005, retry_after_cap=0.05)
CANARY_PATH = "/works/" + doi_segment(CANARY_DOI)


@pytest.fixture
def stub():
    with CrossrefStub(limits=FAST, retry_after="0") as server:
        yield server


def client_for(url, **options):
    settings = {
        "base_url": url, "doi_url": url, "mailto": "tests@example.org", "backoff": QUICK, "timeout": 2.0,
        "pacer": Pacer("polite", ceilings={SINGLE: Limits(1000), LIST: Limits(1000)}),
    }
    settings.update(options)
    return CrossrefClient(**settings)


def ref(index, raw, **csl):
    return Reference(index=index, raw=raw, span=Span(0, len(raw)), location=Location(index, 1), csl=csl)


def akaha(index=1):
    return ref(index, "Akaha, T. (1996). Russia and Asia in 1995. Asian Survey, 36(1), 100-108.", DOI=AKAHA,
               title="Russia and Asia in 1995: Bold Objectives and Limited Means", author=[{"family": "Akaha", "given": "T."}],
               issued={"date-parts": [[1996]]}, **{"container-title": "Asian Survey"})


def searched(index=3):
    return ref(index, "Moltz, J. C. (1997). Russia in Asia in 1996: Renewed Engagement. Asian Survey, 37(1), 88-94.")


def findings_of(references, resolutions):
    manuscript = Manuscript(path="m.md", source="", text="", offsets=(0,), body=Span(0, 0))
    ctx = Context(manuscript, tuple(references), (), (), MatchResult((), (), ()), Config(offline=False), tuple(resolutions))
    table = [("doi-not-found", Severity.ERROR, registry.doi_not_found), ("lookup-failed", Severity.WARNING, registry.lookup_failed),
             ("reference-not-found", Severity.WARNING, registry.reference_not_found)]
    return [f for code, severity, function in table for f in check_named(code).run(ctx)]


def canary_asks(stub):
    return sum(r.path == CANARY_PATH for r in stub.stats.records)


def test_the_stand_in_serves_the_canary(stub):
    assert STUB_CANARY == CANARY_DOI
    answer = client_for(stub.url).work(CANARY_DOI)
    assert answer.status == 200 and answer.data["DOI"] == CANARY_DOI


# -- 1. a 404 is evidence only from an endpoint that has shown it is Crossref ------------------------


def test_an_endpoint_that_404s_everything_accuses_nobody(stub):
    stub.not_found = True
    references = [akaha(1), ref(2, "x", DOI=UNKNOWN), searched(3)]
    client = client_for(stub.url)
    resolutions = CrossrefResolver(client).resolve(references)
    assert [r.status for r in resolutions] == ["unverified"] * 3
    line = f"{stub.url} does not look like the Crossref API: it answered 404 for {CANARY_DOI}, a DOI that is registered"
    assert all(line in r.message for r in resolutions[:2])
    assert canary_asks(stub) == 1  # once per run and endpoint, not once per DOI
    assert len(client.notices) == 1 and client.notices[0].startswith(line)
    found = findings_of(references, resolutions)
    assert {f.code for f in found} == {"lookup-failed"}


def test_a_batch_that_returned_records_proves_the_endpoint(stub):
    resolutions = CrossrefResolver(client_for(stub.url)).resolve([akaha(1), ref(2, "x", DOI=UNKNOWN)])
    assert [r.status for r in resolutions] == ["verified", "not-found"]
    assert canary_asks(stub) == 0


def test_without_a_record_the_canary_is_asked_once_before_a_404_counts(stub):
    references = [ref(i, "x", DOI=f"10.5555/missing-{i}") for i in range(1, 5)]
    resolutions = CrossrefResolver(client_for(stub.url)).resolve(references)
    assert {r.status for r in resolutions} == {"not-found"}
    assert canary_asks(stub) == 1


@pytest.mark.parametrize(
    ("body", "reference"),
    [
        # A search that finds nothing is an absence too: only Crossref's own silence counts.
        pytest.param('{"status": "ok", "message": {"items": []}}', searched(1), id="empty-list-for-everything"),
        pytest.param('{"status": "ok", "message": {"DOI": "10.1/other"}}', ref(1, "x", DOI=UNKNOWN), id="another-record"),
    ],
)
def test_a_canary_answered_wrongly_proves_nothing(stub, body, reference):
    stub.body = body
    (resolution,) = CrossrefResolver(client_for(stub.url)).resolve([reference])
    assert resolution.status == "unverified"
    assert "does not look like the Crossref API" in resolution.message


def test_404s_from_a_wrong_endpoint_are_never_cached_nor_reused(stub, tmp_path):
    path = tmp_path / "c.sqlite3"
    references = [akaha(1), ref(2, "x", DOI=UNKNOWN)]
    stub.not_found = True
    CrossrefResolver(client_for(stub.url, cache=ResponseCache(path))).resolve(references)
    assert {row.status for row in _rows(path)} <= {200}
    stub.not_found = False
    again = CrossrefResolver(client_for(stub.url, cache=ResponseCache(path))).resolve(references)
    assert [r.status for r in again] == ["verified", "not-found"]


def test_cache_keys_carry_the_endpoint(stub, tmp_path):
    path = tmp_path / "c.sqlite3"
    CrossrefResolver(client_for(stub.url, cache=ResponseCache(path))).resolve([akaha(1), ref(2, "x", DOI=UNKNOWN)])
    with CrossrefStub(limits=FAST) as other:
        second = CrossrefResolver(client_for(other.url, cache=ResponseCache(path))).resolve([akaha(1), ref(2, "x", DOI=UNKNOWN)])
        assert other.stats.requests > 0  # nothing taken from the other endpoint's answers
        assert not any(r.from_cache for r in second)


def _rows(path):
    cache = ResponseCache(path)
    try:
        return [cache.get(key) for key in _keys(cache)]
    finally:
        cache.close()


def _keys(cache):
    return [row[0] for row in cache._connection.execute("SELECT key FROM answers")]


# -- 5. a DOI is one path segment ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("doi", "segment"),
    [
        pytest.param("10.1234/../../admin/delete", "10.1234%2F..%2F..%2Fadmin%2Fdelete", id="dot-dot"),
        pytest.param("10.1234/a?b=1#c", "10.1234%2Fa%3Fb%3D1%23c", id="query-and-fragment"),
        pytest.param("10.1002/(sici)1097-4571", "10.1002%2F%28sici%291097-4571", id="sici"),
        pytest.param("10.1234/%2e%2e", "10.1234%2F%252e%252e", id="already-encoded-dots"),
    ],
)
def test_a_doi_is_requested_as_one_segment(stub, doi, segment):
    assert doi_segment(doi) == segment
    client = client_for(stub.url)
    client.work(doi)
    paths = [r.path for r in stub.stats.records]
    assert paths[0] == f"/works/{segment}"
    assert all(p.startswith("/works/") for p in paths)  # the canary, if asked, is under /works/ too


@pytest.mark.parametrize(
    ("doi", "path"),
    [
        pytest.param("10.2307/2645561", "10.2307/2645561", id="plain"),
        pytest.param("10.1234/../../admin", "10.1234/%2E%2E/%2E%2E/admin", id="dot-dot"),
        pytest.param("10.1234/./x?y", "10.1234/%2E/x%3Fy", id="dot-and-query"),
    ],
)
def test_the_doi_resolver_path_keeps_slashes_but_no_dot_segment(stub, doi, path):
    assert doi_path(doi) == path
    fetch_bibtex(client_for(stub.url), doi)
    assert stub.stats.records[0].path == "/" + path


def test_the_resolver_never_leaves_works_for_a_hostile_doi(stub):
    references = [ref(1, "x", DOI="10.1234/../../admin/delete"), akaha(2)]
    CrossrefResolver(client_for(stub.url)).resolve(references)
    assert all(r.path.startswith("/works") for r in stub.stats.records)


# -- 6. JSON of another shape is "could not verify" ---------------------------------------------------


SHAPES = [
    pytest.param("{}", id="empty-object"),
    pytest.param('{"message": null}', id="null-message"),
    pytest.param('{"status": "error"}', id="status-error"),
    pytest.param('{"status": "ok", "message": {}}', id="empty-message"),
    pytest.param('{"status": "ok", "message": {"items": "none"}}', id="items-not-a-list"),
    pytest.param("[]", id="a-list"),
    pytest.param('"ok"', id="a-string"),
    pytest.param("[" * 100_000 + "]" * 100_000, id="nested-100k-deep"),
]


@pytest.mark.parametrize("body", SHAPES)
def test_json_of_another_shape_is_never_verified(stub, body):
    stub.body = body
    references = [akaha(1), ref(2, "x", DOI=UNKNOWN), searched(3)]
    resolutions = CrossrefResolver(client_for(stub.url)).resolve(references)
    assert [r.status for r in resolutions] == ["unverified"] * 3
    assert {f.code for f in findings_of(references, resolutions)} == {"lookup-failed"}


@pytest.mark.parametrize("body", [SHAPES[3]])  # once "verified" everything; {} was exit 3
def test_json_of_another_shape_through_the_cli_is_a_report_not_a_crash(stub, tmp_path, body):
    stub.body = body
    result = CliRunner().invoke(main, ["verify", str(SEED), "--out", str(tmp_path), "--format", "json", "--crossref-url", stub.url,
                                       "--mailto", "t@example.org", "--no-cache", "--max-retries", "0"])
    assert result.exit_code in (0, 1), result.output
    report = json.loads((tmp_path / "russia-japan-conundrum.json").read_text(encoding="utf-8"))
    statuses = {ref["registry"]["status"] for ref in report["references"] if ref["registry"]}
    assert "verified" not in statuses and "not-found" not in statuses
    assert "doi-not-found" not in {f["code"] for f in report["findings"]}


# -- 7. short, safe messages -------------------------------------------------------------------------


def test_a_lookup_failed_message_names_the_endpoint_not_the_url(stub):
    stub.inject("503", times=100)
    long_doi = "10.1234/" + "x" * 300
    references = [ref(1, "x", DOI=long_doi)]
    resolutions = CrossrefResolver(client_for(stub.url, max_retries=1)).resolve(references)
    (finding,) = findings_of(references, resolutions)
    assert finding.code == "lookup-failed"
    assert finding.message == f"Could not verify against Crossref: {stub.url} answered 503 (Service Unavailable)"
    assert len(finding.message) < 120
    assert resolutions[0].request_url.startswith(f"{stub.url}/works?filter=doi") and "x" * 300 in resolutions[0].request_url


def test_nothing_from_a_servers_error_body_reaches_a_message(stub):
    stub.inject("403", times=100)
    references = [akaha(1), searched(2)]
    resolutions = CrossrefResolver(client_for(stub.url)).resolve(references)
    for finding in findings_of(references, resolutions):
        assert "403 (Forbidden)" in finding.message
        for part in ("<script>", "[bold", "\x1b", "xxxxxxxx"):
            assert part not in finding.message
    assert HOSTILE_BODY not in json.dumps([r.message for r in resolutions])


@pytest.mark.parametrize(
    ("url", "label"),
    [
        pytest.param("https://api.crossref.org", "https://api.crossref.org", id="crossref"),
        pytest.param("https://user:secret@mirror.example/v1/", "https://mirror.example/v1", id="credentials-dropped"),
        pytest.param("https://h.example/api?key=secret", "https://h.example/api", id="query-dropped"),
        pytest.param("https://h.example/" + "p" * 200, "https://h.example/" + "p" * 41 + "…", id="long-path-cut"),
        pytest.param("https://h.example/\x1b[31mred", "https://h.example/[31mred", id="escape-removed"),
    ],
)
def test_endpoint_label(url, label):
    assert endpoint_label(url) == label
    assert len(endpoint_label(url)) <= 60


def test_a_registry_label_with_control_characters_is_cleaned(stub):
    stub.register_agency("10.5284/1011335", "data\x1b[2Jcite" + "y" * 200)
    (resolution,) = CrossrefResolver(client_for(stub.url)).resolve([ref(1, "x", DOI="10.5284/1011335")])
    assert "\x1b" not in resolution.message and len(resolution.message) < 200
