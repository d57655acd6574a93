"""Pacing: start times spaced by the rate, in-flight capped by a semaphore, limits learnt from headers."""

from __future__ import annotations

import threading
import time

import pytest

from citeaudit.resolve.pacing import LIST, SINGLE, ConcurrencyGate, IntervalLimiter, Limits, Pacer, parse_interval


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


def test_interval_limiter_spaces_start_times():
    clock = FakeClock()
    limiter = IntervalLimiter(10, clock=clock, sleep=clock.sleep)
    starts = []
    for _ in range(5):
        limiter.wait()
        starts.append(clock.now)
    gaps = [round(b - a, 6) for a, b in zip(starts, starts[1:], strict=False)]
    assert gaps == [0.1] * 4


def test_pause_pushes_every_start_back():
    clock = FakeClock()
    limiter = IntervalLimiter(100, clock=clock, sleep=clock.sleep)
    limiter.pause_until(clock.now + 2.0)
    limiter.wait()
    assert clock.sleeps == [pytest.approx(2.0)]


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
    assert pacer.rate(LIST) == pytest.approx(3 * 0.8)
    with pacer.slot(SINGLE):
        pass
    assert clock.sleeps == [pytest.approx(1.5)]


def test_custom_ceilings():
    pacer = Pacer("polite", ceilings={SINGLE: Limits(100), LIST: Limits(50)}, concurrency=2, safety=1.0)
    pacer.observe(LIST, {})
    assert (pacer.rate(SINGLE), pacer.rate(LIST), pacer.gate.limit) == (100, 50, 2)
