"""Every network fault is bounded in time (issue 12), against loopback stand-ins only:

    no network (a closed port)        the seed's audit < 5 s, every lookup lookup-failed
    a silent server, --timeout T      < 6 T (the goal: --timeout 5 -> < 30 s)
    a 429 storm with Retry-After      waits honoured, the network budget ends the run, said once
    absurd rate headers               neither a stall nor an OverflowError
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from citeaudit.cli import main
from citeaudit.model import Location, Reference, Span
from citeaudit.resolve.crossref import Backoff, CrossrefClient, _retry_after
from citeaudit.resolve.pacing import LIST, MIN_RATE, SINGLE, Budget, Limits, Overdue, Pacer, WindowLimiter
from citeaudit.resolve.resolver import BUDGET_BASE, BUDGET_PER_LOOKUP, CrossrefResolver, default_budget
from crossref_stub import CrossrefStub, SilentServer, closed_port

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "russia-japan-conundrum.md"
AKAHA, CARLILE = "10.2307/2645561", "10.2307/2760418"


def ref(index, raw, **csl):
    return Reference(index=index, raw=raw, span=Span(0, len(raw)), location=Location(index, 1), csl=csl)


def audit_seed(tmp_path, url, *extra):
    """The seed audited through the CLI against ``url``: (seconds, result, JSON report)."""
    args = ["verify", str(SEED), "--out", str(tmp_path), "--format", "json", "--crossref-url", url, "--no-cache", *extra]
    started = time.monotonic()
    result = CliRunner().invoke(main, args)
    elapsed = time.monotonic() - started
    report = json.loads((tmp_path / "russia-japan-conundrum.json").read_text(encoding="utf-8"))
    return elapsed, result, report


def looked_up(report):
    """The registry blocks of references that were looked up (not deliberately skipped)."""
    return [r["registry"] for r in report["references"] if r["registry"] and r["registry"]["status"] != "not-indexable"]


# -- the goals of issue 12 ---------------------------------------------------------------------------


def test_no_network_at_all_ends_the_seed_in_under_5_seconds(tmp_path):
    elapsed, result, report = audit_seed(tmp_path, closed_port())
    assert result.exit_code in (0, 1), result.output
    assert elapsed < 5
    blocks = looked_up(report)
    assert blocks and {b["status"] for b in blocks} == {"unverified"}
    failed = [f for f in report["findings"] if f["code"] == "lookup-failed"]
    assert len(failed) == len(blocks)
    assert all("unreachable (gave up after" in f["message"] for f in failed)
    assert result.output.count("no more lookups this run") == 1  # said once, not per reference
    assert not {f["code"] for f in report["findings"]} & {"doi-not-found", "reference-not-found"}


def test_a_silent_server_is_bounded_by_the_timeout(tmp_path):
    timeout = 1.0
    with SilentServer() as silent:
        elapsed, result, report = audit_seed(tmp_path, silent.url, "--timeout", str(timeout))
        assert silent.accepted <= 3  # the breaker: three timeouts in a row, then no more asking
    assert result.exit_code in (0, 1), result.output
    assert elapsed < 6 * timeout  # --timeout 5 -> < 30 s
    assert {b["status"] for b in looked_up(report)} == {"unverified"}
    assert result.output.count("no more lookups this run") == 1


def test_a_429_storm_with_retry_after_30_ends_within_the_budget(tmp_path):
    with CrossrefStub(retry_after="30") as stub:
        stub.inject("429", times=10_000)
        elapsed, result, report = audit_seed(tmp_path, stub.url, "--network-budget", "5")
        sent = stub.stats.requests
    assert result.exit_code in (0, 1), result.output
    assert elapsed < 5
    assert sent <= 2  # nobody asked again before the 30 s were up
    assert result.output.count("network budget (5 s) is spent") == 1
    blocks = looked_up(report)
    assert {b["status"] for b in blocks} == {"unverified"}
    assert any("asked to wait 30 s" in b["message"] for b in blocks)


def test_retry_after_is_honoured_until_the_budget_ends_it():
    with CrossrefStub(retry_after="1") as stub:
        stub.inject("429", times=10_000)
        client = CrossrefClient(base_url=stub.url, doi_url=stub.url, mailto="t@example.org", timeout=2,
                                backoff=Backoff(base=0.001, cap=0.005))
        started = time.monotonic()
        (resolution,) = CrossrefResolver(client, budget=2.5).resolve([ref(1, "x", DOI=AKAHA)])
        elapsed = time.monotonic() - started
        starts = sorted(r.started for r in stub.stats.records)
    assert resolution.status == "unverified"
    assert all(b - a >= 1.0 for a, b in zip(starts, starts[1:], strict=False))  # Retry-After: 1 honoured
    assert 2 <= len(starts) <= 3
    assert elapsed < 2.5 + 0.5
    assert any("network budget (2.5 s)" in n for n in client.notices)


def test_a_retry_after_longer_than_we_wait_ends_the_request_at_once():
    with CrossrefStub(retry_after="3600") as stub:
        stub.inject("429", times=10)
        client = CrossrefClient(base_url=stub.url, doi_url=stub.url, mailto="t@example.org", timeout=2)
        started = time.monotonic()
        (resolution,) = CrossrefResolver(client).resolve([ref(1, "x", DOI=AKAHA)])
        assert time.monotonic() - started < 2
        assert stub.stats.requests == 1
    assert resolution.status == "unverified" and "asked to wait 3600 s" in resolution.message


def test_the_default_budget_grows_with_the_lookups():
    assert default_budget(0) == BUDGET_BASE
    assert default_budget(100) == BUDGET_BASE + 100 * BUDGET_PER_LOOKUP


def test_a_spent_budget_sends_nothing():
    with CrossrefStub() as stub:
        client = CrossrefClient(base_url=stub.url, doi_url=stub.url, mailto="t@example.org", budget=Budget(0))
        with pytest.raises(Exception, match=r"network budget \(0 s\) ran out"):
            client.work(AKAHA)
        assert stub.stats.requests == 0


def test_a_trickling_server_is_cut_at_the_timeout():
    # Answers arrive, but too slowly: the whole answer, not the gap between bytes, is bounded.
    with CrossrefStub() as stub:
        stub.latency = 3.0
        client = CrossrefClient(base_url=stub.url, doi_url=stub.url, mailto="t@example.org", timeout=0.5,
                                max_retries=0, backoff=Backoff(base=0.001, cap=0.005))
        started = time.monotonic()
        (resolution,) = CrossrefResolver(client).resolve([ref(1, "x", DOI=AKAHA)])
        assert time.monotonic() - started < 2
    assert resolution.status == "unverified" and "did not answer within 0.5 s" in resolution.message


# -- rate headers have floors and ceilings -----------------------------------------------------------


@pytest.mark.parametrize(
    "headers",
    [
        pytest.param({"x-rate-limit-interval": "1h"}, id="one-an-hour"),
        pytest.param({"x-rate-limit-limit": "1e-300"}, id="tiny-limit"),
        pytest.param({"x-rate-limit-limit": "0"}, id="zero"),
        pytest.param({"x-rate-limit-limit": "nan"}, id="nan"),
        pytest.param({"x-rate-limit-limit": "inf"}, id="inf"),
        pytest.param({"x-rate-limit-interval": "99999999999999999999999h"}, id="huge-interval"),
        pytest.param({"x-concurrency-limit": "-3"}, id="negative-concurrency"),
        pytest.param({"x-concurrency-limit": "9" * 400}, id="huge-concurrency"),
    ],
)
def test_absurd_rate_headers_neither_stall_nor_crash(headers):
    with CrossrefStub() as stub:
        stub.extra_headers = headers
        client = CrossrefClient(base_url=stub.url, doi_url=stub.url, mailto="t@example.org", timeout=2)
        resolver = CrossrefResolver(client)
        started = time.monotonic()
        first = resolver.resolve([ref(1, "x", DOI=AKAHA)])
        second = resolver.resolve([ref(1, "x", DOI=CARLILE)])
        assert time.monotonic() - started < 1 / MIN_RATE + 1.5
    assert first[0].status != "unverified" and second[0].status != "unverified"
    for kind in (SINGLE, LIST):
        assert MIN_RATE <= client.pacer.rate(kind) <= 1000
    assert 1 <= client.pacer.gate.limit <= 3


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


@pytest.mark.parametrize(
    "retry_after",
    [pytest.param(float("inf"), id="inf"), pytest.param(1e308, id="huge"), pytest.param(float("nan"), id="nan")],
)
def test_a_pause_is_at_most_an_hour_and_a_deadline_stops_it(retry_after):
    clock = FakeClock()
    pacer = Pacer("polite", clock=clock, sleep=clock.sleep)
    pacer.throttled(SINGLE, retry_after)
    with pytest.raises(Overdue):
        with pacer.slot(SINGLE, deadline=clock.now + 10):
            pass
    assert clock.sleeps == []  # no sleep begun that the deadline could not see the end of
    with pacer.slot(SINGLE):
        pass
    assert sum(clock.sleeps) <= 3600.0 + 1


@pytest.mark.parametrize(
    ("value", "seconds"),
    [("30", 30.0), ("1e999", float("inf")), ("nan", None), ("-5", 0.0), ("soon", None),
     ("Wed, 21 Oct 2015 07:28:00 GMT", 0.0), ("Wed, 21 Oct 99999 07:28:00 GMT", None)],
)
def test_retry_after_values(value, seconds):
    assert _retry_after(value) == seconds


def test_a_limiter_rate_is_clamped():
    clock = FakeClock()
    limiter = WindowLimiter(1e-300, clock=clock, sleep=clock.sleep)
    limiter.wait()
    limiter.wait()
    assert clock.sleeps == [pytest.approx(1 / MIN_RATE)]
    assert Pacer("polite", ceilings={SINGLE: Limits(1e-300), LIST: Limits(5)}).rate(SINGLE) == MIN_RATE
