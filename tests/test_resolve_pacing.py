"""Pacing: start times on a sliding window, in-flight capped by a semaphore, limits learnt from headers."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from crossref_stub import RECORDINGS, CrossrefStub
from citeaudit.resolve.crossref import CrossrefClient
from citeaudit.resolve.pacing import LIST, SINGLE, ConcurrencyGate, Limits, Overdue, Pacer, WindowLimiter, parse_interval


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
    ("text", "seconds"),
    [("1s", 1.0), ("60s", 60.0), ("1m", 60.0), ("500ms", 0.5), ("2", 2.0), ("", None), ("soon", None), ("0s", None)],
)
def test_parse_interval(text, seconds):
    assert parse_interval(text) == seconds


def starts_for(limiter, clock, arrivals):
    """Start time of each request asking at ``arrivals`` (offsets), one after another."""
    t0, starts = clock.now, []
    for offset in arrivals:
        clock.now = max(clock.now, t0 + offset)
        limiter.wait()
        starts.append(round(clock.now - t0, 6))
    return starts


@pytest.mark.parametrize(
    ("per_second", "safety", "arrivals", "expected"),
    [
        pytest.param(3, 1.0, [0] * 7, [0, 0, 0, 1, 1, 1, 2], id="list-rate-bursts-three-a-window"),
        pytest.param(3, 0.9, [0] * 5, [0, 0, 0, 1.111111, 1.111111], id="safety-lengthens-the-window"),
        pytest.param(10, 1.0, [0] * 12, [0] * 10 + [1, 1], id="single-rate-bursts-ten"),
        pytest.param(2.4, 1.0, [0] * 5, [0, 0, 1, 1, 2], id="slowed-down-rate-counts-whole-seconds"),
        pytest.param(1, 1.0, [0] * 3, [0, 1, 2], id="one-a-second-is-spacing"),
        pytest.param(3, 1.0, [0, 0.5, 0.9, 0.95, 1.2, 3.0], [0, 0.5, 0.9, 1.0, 1.5, 3.0], id="sliding-not-fixed-windows"),
        pytest.param(3, 1.0, [0, 5, 5, 5, 5], [0, 5, 5, 5, 6], id="an-idle-limiter-forgets"),
        pytest.param(1e-300, 1.0, [0, 0], [0, 1], id="absurd-rate-clamped-to-min-rate"),
        pytest.param(float("nan"), 1.0, [0, 0], [0, 1], id="nan-rate-clamped-to-min-rate"),
    ],
)
def test_window_limiter_start_times(per_second, safety, arrivals, expected):
    clock = FakeClock()
    limiter = WindowLimiter(per_second, safety=safety, clock=clock, sleep=clock.sleep)
    assert starts_for(limiter, clock, arrivals) == pytest.approx(expected, abs=1e-6)


@pytest.mark.parametrize(
    ("per_second", "interval", "safety", "arrivals"),
    [
        pytest.param(3, 1.0, 0.9, [i * 0.07 for i in range(40)], id="steady-trickle"),
        pytest.param(10, 1.0, 0.9, [0] * 25 + [1.5] * 25, id="two-bursts"),
        pytest.param(3, 1.0, 1.0, [0, 0.99, 1.0, 1.01, 1.98, 1.99, 2.0, 2.5, 2.51], id="edges"),
        # 3/s slowed by a 429: 2 a window of 0.83 s put 4 in one second.
        pytest.param(2.4, 1.0, 0.9, [0] * 12, id="fractional-rate-after-a-429"),
        pytest.param(2.4, 1.0, 1.0, [i * 0.1 for i in range(30)], id="fractional-rate-trickle"),
        # One a second: the margin never takes the pace below MIN_RATE, so only the second counts.
        pytest.param(1.5, 1.0, 1.0, [0] * 6, id="between-one-and-two"),
        # 3 per 1.5 s: counted on one second alone, 2 + 2 went within 1.11 s.
        pytest.param(2, 1.5, 0.9, [0] * 12, id="server-interval-above-a-second"),
        pytest.param(2.5, 2.0, 1.0, [0] * 12, id="two-second-interval"),
        pytest.param(10, 0.4, 0.9, [0] * 30, id="server-interval-below-a-second"),
    ],
)
def test_no_window_ever_holds_more_than_the_limit(per_second, interval, safety, arrivals):
    """Neither a second nor the server's interval (each lengthened by the margin) holds more
    than the rate allows in it."""
    clock = FakeClock()
    limiter = WindowLimiter(per_second, interval=interval, safety=safety, clock=clock, sleep=clock.sleep)
    starts = starts_for(limiter, clock, arrivals)
    for span in {1.0, interval}:
        window = span / safety
        for first in starts:
            # starts are rounded to 1e-6
            assert sum(first <= s < first + window - 1e-5 for s in starts) <= per_second * span + 1e-9, (span, starts)


@pytest.mark.parametrize(
    ("per_second", "interval", "rules", "rate"),
    [
        pytest.param(3, 1.0, [(3, 1.0)], 3, id="crossref-list"),
        pytest.param(10, 0.5, [(10, 1.0), (5, 0.5)], 10, id="half-second-interval"),
        pytest.param(2, 60.0, [(2, 1.0), (120, 60.0)], 2, id="long-interval-kept-beside-the-second"),
        pytest.param(10, 1e-7, [(10, 1.0), (1, 0.1)], 10, id="tiny-interval-spaces"),
        pytest.param(2.4, 1.0, [(2, 1.0)], 2, id="fraction-rounds-down-window-stays-a-second"),
        pytest.param(1.5, 0.5, [(1, 1.0), (1, 2 / 3)], 1, id="burst-rounded-up-to-one-lengthens-the-window"),
        pytest.param(3.0000000000000004, 1.0, [(3, 1.0)], 3, id="float-noise-above"),
        pytest.param(2.9999999999999996, 1.0, [(3, 1.0)], 3, id="float-noise-below"),
        pytest.param(1e6, 1e308, [(1_000_000, 1.0), (3_600_000_000, 3600.0)], 1e6, id="absurd-interval-counted-on-an-hour"),
        pytest.param(3, float("nan"), [(3, 1.0)], 3, id="nan-interval-left-out"),
        pytest.param(3, float("inf"), [(3, 1.0)], 3, id="infinite-interval-left-out"),
    ],
)
def test_set_rate_sets_the_rules(per_second, interval, rules, rate):
    limiter = WindowLimiter(1)
    limiter.set_rate(per_second, interval)
    assert [(burst, round(window, 9)) for burst, window in limiter.rules] == [(b, round(w, 9)) for b, w in rules]
    assert limiter.per_second == pytest.approx(rate)


@pytest.mark.parametrize(
    ("action", "expected"),
    [
        pytest.param(None, [0, 1], id="the-third-goes-now-the-fourth-waits-for-the-window"),
        pytest.param("pause", [2, 2], id="a-pause-holds-everyone-back-then-a-burst"),
        pytest.param("refund", [0, 0], id="a-refunded-start-frees-its-place"),
    ],
)
def test_pause_and_refund(action, expected):
    clock = FakeClock()
    limiter = WindowLimiter(3, clock=clock, sleep=clock.sleep)
    first = limiter.wait()
    assert starts_for(limiter, clock, [0]) == [0]
    if action == "pause":
        limiter.pause_until(clock.now + 2.0)
    elif action == "refund":
        limiter.refund(first)
    assert starts_for(limiter, clock, [0, 0]) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("refunded", "expected"),
    [
        # A (at 0) could not connect; B (0.5) and C (0.6) reached the server.  Giving back C's
        # place, the latest, let E go at 1.0: 0.5, 0.6, 0.7, 1.0 were four within a second.
        pytest.param(0, [0.7, 1.5], id="the-failed-requests-own-start-is-given-back"),
        pytest.param(None, [1.0, 1.5], id="nothing-given-back"),
        pytest.param(-5.0, [1.0, 1.5], id="a-start-no-longer-held-gives-back-nothing"),
    ],
)
def test_a_refund_gives_back_only_the_requests_own_start(refunded, expected):
    clock = FakeClock()
    limiter = WindowLimiter(3, clock=clock, sleep=clock.sleep)
    starts = []
    for at in (100.0, 100.5, 100.6):
        clock.now = at
        starts.append(limiter.wait())
    clock.now = 100.7
    if refunded is not None:
        limiter.refund(100.0 + refunded)
    later = [round(limiter.wait() - 100.0, 6) for _ in range(2)]
    assert later == pytest.approx(expected)
    sent = [s - 100.0 for s in starts if refunded is None or s != 100.0 + refunded] + later
    assert max_in_window(sent) <= 3


def test_a_start_that_left_the_window_while_its_request_slept_is_no_crash():
    """A request that overslept past the window (a loaded machine), while another thread's 429
    paused everyone and a third thread's wait dropped its start, queues again instead of
    failing with 'not in deque'."""
    clock = FakeClock()
    interleaved = [True]

    def sleep(seconds):
        clock.sleep(seconds + 3.0)
        if interleaved:
            interleaved.pop()
            limiter.pause_until(clock.now + 5.0)
            limiter.wait()

    limiter = WindowLimiter(1, clock=clock, sleep=sleep)
    limiter.wait()
    assert limiter.wait() == pytest.approx(clock.now)
    assert clock.now == pytest.approx(100 + (1 + 3) + (5 + 3))  # its own sleep, the other's, no third


def test_an_overdue_wait_reserves_nothing():
    clock = FakeClock()
    limiter = WindowLimiter(1, clock=clock, sleep=clock.sleep)
    limiter.wait()
    with pytest.raises(Overdue) as raised:
        limiter.wait(deadline=clock.now + 0.5)
    assert raised.value.wait == pytest.approx(1.0)
    assert clock.sleeps == []
    limiter.wait()  # the place the overdue request did not take is still the next one
    assert clock.sleeps == [pytest.approx(1.0)]


def test_gate_never_lets_more_through_than_its_limit():
    gate = ConcurrencyGate(3)
    inside, peak, lock = 0, 0, threading.Lock()

    def work():
        nonlocal inside, peak
        gate.acquire()
        with lock:
            inside += 1
            peak = max(peak, inside)
        time.sleep(0.01)
        with lock:
            inside -= 1
        gate.release()

    threads = [threading.Thread(target=work) for _ in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert peak == gate.peak == 3


@pytest.mark.parametrize(
    ("pool", "single", "listing", "at_once"),
    [pytest.param("polite", 10, 3, 3, id="polite"), pytest.param("public", 5, 1, 1, id="public")],
)
def test_default_ceilings_are_crossrefs_limits(pool, single, listing, at_once):
    pacer = Pacer(pool, safety=1.0)
    assert pacer.rate(SINGLE) == pytest.approx(single)
    assert pacer.rate(LIST) == pytest.approx(listing)
    assert pacer.gate.limit == 1  # until an answer has told the limits
    pacer.observe(SINGLE, {})
    assert pacer.gate.limit == at_once


def test_headers_lower_the_limits_but_never_raise_them():
    pacer = Pacer("polite", safety=1.0)
    pacer.observe(SINGLE, {"x-rate-limit-limit": "4", "x-rate-limit-interval": "1s", "x-concurrency-limit": "2"})
    assert pacer.rate(SINGLE) == pytest.approx(4)
    assert pacer.gate.limit == 2
    pacer.observe(LIST, {"X-Rate-Limit-Limit": "50", "X-Rate-Limit-Interval": "1s", "X-Concurrency-Limit": "10"})
    assert pacer.rate(LIST) == pytest.approx(3)
    assert pacer.gate.limit == 3


def test_a_public_pool_answer_falls_back_to_public_ceilings():
    pacer = Pacer("polite", safety=1.0)
    pacer.observe(LIST, {"x-api-pool": "public", "x-rate-limit-limit": "5", "x-rate-limit-interval": "1s", "x-concurrency-limit": "1"})
    assert pacer.pool == "public"
    assert pacer.rate(LIST) == pytest.approx(1)
    assert pacer.gate.limit == 1


def test_safety_margin_keeps_requests_under_the_limit():
    pacer = Pacer("polite", safety=0.9)
    assert pacer.rate(SINGLE) == pytest.approx(9)


def test_a_429_pauses_everyone_and_slows_the_kind():
    clock = FakeClock()
    pacer = Pacer("polite", safety=1.0, clock=clock, sleep=clock.sleep)
    pacer.throttled(LIST, 1.5)
    assert pacer.rate(LIST) == pytest.approx(2)  # 3 * 0.8 a second, in whole requests
    with pacer.slot(SINGLE):
        pass
    assert clock.sleeps == [pytest.approx(1.5)]


def test_custom_ceilings():
    pacer = Pacer("polite", ceilings={SINGLE: Limits(100), LIST: Limits(50)}, concurrency=2, safety=1.0)
    pacer.observe(LIST, {})
    assert (pacer.rate(SINGLE), pacer.rate(LIST), pacer.gate.limit) == (100, 50, 2)


def test_a_pacer_bursts_up_to_the_limit_once_the_limits_are_known():
    clock = FakeClock()
    pacer = Pacer("polite", clock=clock, sleep=clock.sleep)
    pacer.observe(LIST, {"x-rate-limit-limit": "3", "x-rate-limit-interval": "1s", "x-concurrency-limit": "3"})
    starts = []
    for _ in range(4):
        with pacer.slot(LIST):
            starts.append(clock.now - 100)
    # Three in the first second (3/s allows them), the fourth once the window (1 s / 0.9) has passed.
    assert starts == pytest.approx([0, 0, 0, 1 / 0.9])


def max_in_window(starts, window=1.0):
    return max(sum(first <= s < first + window for s in starts) for first in starts)


@pytest.mark.skipif(not RECORDINGS.exists(), reason="shared/crossref-recordings not present")
def test_list_requests_go_at_once_up_to_the_limit_and_never_past_it():
    """Against the stand-in enforcing 3 list requests/s on a sliding window (measured on arrival)."""
    with CrossrefStub(enforce=True, latency=0.1) as stub:
        client = CrossrefClient(base_url=stub.url, doi_url=stub.url, mailto="t@example.org", pacer=Pacer("polite"))
        with ThreadPoolExecutor(max_workers=6) as pool:
            answers = list(pool.map(lambda i: client.search(f"Russia Asia Survey {i}"), range(8)))
        client.close()
        starts = sorted(r.started for r in stub.stats.records)
    assert all(a.status == 200 for a in answers)
    assert stub.stats.throttled == 0 and stub.stats.peak_in_flight <= 3
    assert len(starts) == 8 and max_in_window(starts) <= 3
    # The first goes alone (the limits are not known yet); the next two go as soon as it is answered.
    assert starts[2] - starts[0] < 0.5  # spaced 1/2.7 s apart, as before, they would take 0.74 s


def test_a_pause_that_comes_while_a_request_sleeps_holds_it_back_too():
    clock = FakeClock()
    pauses = [5.0]  # another thread's 429 arrives once, while this request sleeps

    def sleep(seconds):
        clock.sleep(seconds)
        if pauses:
            limiter.pause_until(clock.now + pauses.pop())

    limiter = WindowLimiter(1, clock=clock, sleep=sleep)
    limiter.wait()
    limiter.wait()
    assert clock.sleeps == [pytest.approx(1.0), pytest.approx(5.0)]


@pytest.mark.parametrize(
    ("headers", "throttled", "limits"),
    [
        # After one 429 the list kind goes at 2.4/s: 2 in a window of 0.93 s put 4 in a second.
        pytest.param({"x-rate-limit-limit": "3", "x-rate-limit-interval": "1s"}, True, {1.0: 3}, id="slowed-by-a-429"),
        pytest.param({"x-rate-limit-limit": "3", "x-rate-limit-interval": "1500ms"}, False, {1.5: 3, 1.0: 3}, id="3-per-1500ms"),
        pytest.param({"x-rate-limit-limit": "5", "x-rate-limit-interval": "2s"}, False, {2.0: 5, 1.0: 3}, id="5-per-2s"),
        pytest.param({"x-rate-limit-limit": "1", "x-rate-limit-interval": "250ms"}, False, {0.25: 1, 1.0: 3}, id="1-per-250ms"),
    ],
)
def test_a_pacer_keeps_every_window_the_server_and_the_ceiling_count(headers, throttled, limits):
    clock = FakeClock()
    pacer = Pacer("polite", clock=clock, sleep=clock.sleep)
    pacer.observe(LIST, {**headers, "x-concurrency-limit": "3"})
    if throttled:
        pacer.throttled(LIST, 0.0)
    starts = []
    for _ in range(12):
        with pacer.slot(LIST) as start:
            assert start == clock.now
            starts.append(round(clock.now - 100, 6))
    crowded = {span: max_in_window(starts, span - 1e-6) for span in limits}  # starts rounded to 1e-6
    assert all(crowded[span] <= limit for span, limit in limits.items()), (crowded, starts)
