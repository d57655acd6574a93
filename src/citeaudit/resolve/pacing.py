"""Pacing requests within Crossref's limits: a concurrency gate and one interval limiter per kind.

Crossref's limits in force since December 2025 (per client, by pool)::

    pool     single records (/works/{doi})   lists and searches (/works?...)   at once
    polite   10 requests/s                   3 requests/s                        3
    public    5 requests/s                   1 request/s                         1

Those are ceilings.  Every response's ``x-rate-limit-limit`` / ``x-rate-limit-interval`` and
``x-concurrency-limit`` (and ``x-api-pool``) may lower them, never raise them (until the first
answer has told the limits, one request at a time is sent); a 429 pauses every
thread for its ``Retry-After`` and slows that kind down by a fifth.  Requests start at least
``interval / limit / safety`` apart, so that small scheduling jitter cannot put one request too
many inside the server's window.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass

SINGLE = "single"  # /works/{doi}, /works/{doi}/agency, content negotiation
LIST = "list"  # /works?filter=..., /works?query...=


@dataclass(frozen=True, slots=True)
class Limits:
    """How many requests per ``interval`` seconds a kind of request may send."""

    rate: float
    interval: float = 1.0

    @property
    def per_second(self) -> float:
        return self.rate / self.interval


POOLS: Mapping[str, Mapping[str, Limits]] = {
    "polite": {SINGLE: Limits(10), LIST: Limits(3)},
    "public": {SINGLE: Limits(5), LIST: Limits(1)},
}
CONCURRENCY = {"polite": 3, "public": 1}

# "1s", "60s", "1m", "500ms" -> seconds.
_INTERVAL = re.compile(r"^\s*(?P<n>\d+(?:\.\d+)?)\s*(?P<unit>ms|s|m|h)?\s*$", re.IGNORECASE)
_UNITS = {"ms": 0.001, "s": 1.0, "m": 60.0, "h": 3600.0}


def parse_interval(value: str | None) -> float | None:
    """Seconds in an ``x-rate-limit-interval`` value ("1s" -> 1.0); ``None`` when unreadable."""
    match = _INTERVAL.match(value or "")
    if not match:
        return None
    seconds = float(match.group("n")) * _UNITS[(match.group("unit") or "s").lower()]
    return seconds if seconds > 0 else None


class ConcurrencyGate:
    """A semaphore whose size can shrink or grow while threads wait on it."""

    def __init__(self, limit: int) -> None:
        self._limit = max(1, limit)
        self._in_flight = 0
        self.peak = 0
        self._condition = threading.Condition()

    @property
    def limit(self) -> int:
        return self._limit

    def set_limit(self, limit: int) -> None:
        with self._condition:
            self._limit = max(1, limit)
            self._condition.notify_all()

    def acquire(self) -> None:
        with self._condition:
            while self._in_flight >= self._limit:
                self._condition.wait()
            self._in_flight += 1
            self.peak = max(self.peak, self._in_flight)

    def release(self) -> None:
        with self._condition:
            self._in_flight -= 1
            self._condition.notify()


class IntervalLimiter:
    """Hands out start times at least ``1 / rate`` apart; a pause pushes every start back."""

    def __init__(
        self,
        per_second: float,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._spacing = 1.0 / per_second
        self._next = 0.0
        self._clock, self._sleep = clock, sleep
        self._lock = threading.Lock()

    @property
    def per_second(self) -> float:
        return 1.0 / self._spacing

    def set_rate(self, per_second: float) -> None:
        with self._lock:
            self._spacing = 1.0 / per_second

    def pause_until(self, when: float) -> None:
        with self._lock:
            self._next = max(self._next, when)

    def wait(self) -> None:
        with self._lock:
            now = self._clock()
            start = max(now, self._next)
            self._next = start + self._spacing
        if start > now:
            self._sleep(start - now)


class Pacer:
    """Keeps every request within the pool's limits, learning tighter ones from responses."""

    def __init__(
        self,
        pool: str = "public",
        *,
        safety: float = 0.9,
        ceilings: Mapping[str, Limits] | None = None,
        concurrency: int | None = None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.pool = pool if pool in POOLS else "public"
        self.safety = safety
        self._ceilings = dict(ceilings or POOLS[self.pool])
        self._ceiling_concurrency = concurrency or CONCURRENCY[self.pool]
        self._clock = clock
        self._slowdown = {kind: 1.0 for kind in self._ceilings}
        self._learned: dict[str, float] = {}
        # One request at a time until a response has told us the limits in force.
        self.gate = ConcurrencyGate(1)
        self._heard = False
        self.limiters = {
            kind: IntervalLimiter(limits.per_second * safety, clock=clock, sleep=sleep)
            for kind, limits in self._ceilings.items()
        }
        self._lock = threading.Lock()

    @contextmanager
    def slot(self, kind: str) -> Iterator[None]:
        """Hold one of the concurrent slots, starting no sooner than the kind's rate allows."""
        self.gate.acquire()
        try:
            self.limiters[kind].wait()
            yield
        finally:
            self.gate.release()

    def rate(self, kind: str) -> float:
        """Requests per second now allowed for a kind (safety margin included)."""
        return self.limiters[kind].per_second

    def observe(self, kind: str, headers: Mapping[str, str]) -> None:
        """Adapt to the limits a response announces (they can only tighten the ceilings)."""
        lowered = {k.lower(): v for k, v in headers.items()}
        with self._lock:
            pool = lowered.get("x-api-pool", "").strip().lower()
            if pool in POOLS and pool != self.pool and pool == "public":
                # We asked for the polite pool but were not given it: fall back to public ceilings.
                self.pool = pool
                self._ceilings = dict(POOLS[pool])
                self._ceiling_concurrency = min(self._ceiling_concurrency, CONCURRENCY[pool])
            try:
                limit = float(lowered["x-rate-limit-limit"])
                interval = parse_interval(lowered.get("x-rate-limit-interval", "1s"))
                if limit > 0 and interval:
                    self._learned[kind] = limit / interval
            except (KeyError, ValueError):
                pass
            try:
                announced = int(lowered["x-concurrency-limit"])
                self.gate.set_limit(min(self._ceiling_concurrency, announced))
            except (KeyError, ValueError):
                limit = self.gate.limit if self._heard else self._ceiling_concurrency
                self.gate.set_limit(min(limit, self._ceiling_concurrency))
            self._heard = True
            self._apply(kind)

    def throttled(self, kind: str, retry_after: float) -> None:
        """A 429: every thread waits ``retry_after`` seconds, and this kind slows down by a fifth."""
        with self._lock:
            self._slowdown[kind] = max(0.1, self._slowdown[kind] * 0.8)
            self._apply(kind)
        for limiter in self.limiters.values():
            limiter.pause_until(self._clock() + retry_after)

    def _apply(self, kind: str) -> None:
        ceiling = self._ceilings[kind].per_second
        allowed = min(ceiling, self._learned.get(kind, ceiling))
        self.limiters[kind].set_rate(allowed * self.safety * self._slowdown[kind])
