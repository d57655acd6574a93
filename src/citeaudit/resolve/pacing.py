"""Pacing requests within Crossref's limits: a concurrency gate and one sliding-window limiter per kind.

Crossref's limits in force since December 2025 (per client, by pool)::

    pool     single records (/works/{doi})   lists and searches (/works?...)   at once
    polite   10 requests/s                   3 requests/s                        3
    public    5 requests/s                   1 request/s                         1

Those are ceilings.  Every response's ``x-rate-limit-limit`` / ``x-rate-limit-interval`` and
``x-concurrency-limit`` (and ``x-api-pool``) may lower them, never raise them (until the first
answer has told the limits, one request at a time is sent); a 429 pauses every
thread for its ``Retry-After`` and slows that kind down by a fifth.  Within those limits requests
go at once, up to the limit (:class:`WindowLimiter`): 3 list requests in the first second at
3/s, then the next three once the first three have left the window.  The window is counted
longer than the server's (``interval / safety``), so that a request that reaches the server
later than it left cannot put one too many inside the server's window.

What a server announces is never trusted blindly: a rate is held between :data:`MIN_RATE` and
the ceiling (``x-rate-limit-interval: 1h`` or ``x-rate-limit-limit: 1e-300`` must not stall a
run or overflow a sleep), a pause is at most :data:`MAX_PAUSE`, and a wait that would end after
the run's deadline (its network budget, :class:`Budget`) raises :class:`Overdue` at once instead
of sleeping.
"""

from __future__ import annotations

import math
import re
import threading
import time
from collections import deque
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

# The slowest pace a server's headers or our own slowing down can impose (one request a second,
# Crossref's own slowest limit; a server that wants less says so with 429 and Retry-After, which
# is honoured), and the longest pause a Retry-After can impose on every thread.
MIN_RATE = 1.0
MAX_PAUSE = 3600.0


class Overdue(Exception):
    """A wait would end after the deadline: the caller stops instead of sleeping."""

    def __init__(self, wait: float) -> None:
        super().__init__(f"would wait {wait:.3g} s past the deadline")
        self.wait = wait


class Budget:
    """The time all of a run's requests may take together: a deadline on a monotonic clock."""

    def __init__(self, seconds: float | None = None, *, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self.seconds = seconds
        self.deadline = float("inf") if seconds is None else clock() + max(0.0, seconds)

    def remaining(self) -> float:
        return max(0.0, self.deadline - self._clock())

    @property
    def spent(self) -> bool:
        return self._clock() >= self.deadline


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


class WindowLimiter:
    """At most ``burst`` starts in any ``window`` seconds, for each of its rules; a pause pushes
    every start back.

    The server counts requests on a sliding window of its ``interval``; so do we, so that as many
    requests as the limit allows go at once (3 list requests in the first second at 3/s) instead
    of one every ``1 / rate``.  There is one rule for every second (the ceilings are per second)
    and one for the interval the server announces when that is another: ``burst`` is the rate
    times the interval, rounded down (at least 1), and the window is the interval, or
    ``burst / rate`` where the rounding up to 1 makes that longer, divided by ``safety``: longer
    than the server's, because the server measures on *arrival* and a request that left late (a
    slow connect) must not land inside the window of the ones after it.  A window shorter than
    the server's interval would let twice the burst into it (2.4/s counted on 0.83 s puts 4
    requests in one second).  Start ``i`` is never earlier than start ``i - burst`` plus the
    window, nor than start ``i - 1``; so no window of the server's holds more than its limit.
    """

    def __init__(
        self,
        per_second: float,
        *,
        interval: float = 1.0,
        safety: float = 1.0,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._safety = min(1.0, safety) if safety > 0 else 1.0
        self._clock, self._sleep = clock, sleep
        self._lock = threading.Lock()
        # Start times handed out, in order: those still inside the longest window, and those yet to come.
        self._starts: deque[float] = deque()
        self._paused = 0.0
        self.rules: tuple[tuple[int, float], ...] = ((1, 1.0),)  # (burst, window), the second's first
        self.set_rate(per_second, interval)

    @property
    def per_second(self) -> float:
        """Starts per second in the long run (the safety margin included)."""
        return min(burst / window for burst, window in self.rules)

    def set_rate(self, per_second: float, *intervals: float) -> None:
        """Allow ``per_second`` (clamped to :data:`MIN_RATE` .. 1e6) in every second and in every
        window of each of ``intervals`` (the server's; unreadable ones are left out)."""
        rate = _sane_rate(per_second)
        # An interval past an hour is counted on an hour, at the same rate (no overflow, no deque
        # holding a day of starts); NaN, 0 and infinity are left out.
        spans = [1.0, *sorted({min(i, MAX_PAUSE) for i in intervals if 0 < i < math.inf and i != 1.0})]
        rules = []
        for span in spans:
            # The epsilon keeps 3.0000000000000004 * 1.0 from counting as 3 and 2.9999999999999996 as 2.
            burst = max(1, math.floor(rate * span + 1e-9))
            # The margin never takes the pace below MIN_RATE, the slowest a server can impose.
            rules.append((burst, min(max(burst / rate, span) / self._safety, burst / MIN_RATE)))
        with self._lock:
            self.rules = tuple(rules)

    def pause_until(self, when: float) -> None:
        with self._lock:
            self._paused = max(self._paused, min(when, self._clock() + MAX_PAUSE))

    def refund(self, start: float) -> None:
        """Give back ``start`` (what :meth:`wait` returned): that request never reached the server.

        Only the request's own start: giving back a later one, another thread's that did reach the
        server, would free a place in the window sooner than the server frees it.
        """
        with self._lock:
            self._discard(start)

    def wait(self, deadline: float = float("inf")) -> float:
        """Sleep until this request may start, and return its start (for :meth:`refund`);
        :class:`Overdue` (no sleep) if that is after ``deadline``."""
        while True:
            with self._lock:
                now = self._clock()
                starts = self._starts
                longest = max(window for _, window in self.rules)
                while starts and starts[0] <= now - longest:
                    starts.popleft()
                start = max(now, self._paused)
                if starts:
                    start = max(start, starts[-1])
                for burst, window in self.rules:
                    if len(starts) >= burst:
                        start = max(start, starts[-burst] + window)
                if start > deadline:
                    raise Overdue(start - now)
                starts.append(start)
            if start <= now:
                return start
            self._sleep(start - now)
            with self._lock:
                if self._paused <= start:
                    return start
                # A 429 paused everyone while this one slept: give its place back and queue again.
                self._discard(start)

    def _discard(self, start: float) -> None:
        """Drop one start at ``start`` (the lock held); gone already when it left the window
        while its request slept past it (a loaded machine)."""
        if start in self._starts:
            self._starts.remove(start)


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
        # Per kind: the rate (per second) and counting interval the server's headers announced.
        self._learned: dict[str, tuple[float, float]] = {}
        # One request at a time until a response has told us the limits in force.
        self.gate = ConcurrencyGate(1)
        self._heard = False
        self.limiters = {
            kind: WindowLimiter(limits.per_second, interval=limits.interval, safety=safety, clock=clock, sleep=sleep)
            for kind, limits in self._ceilings.items()
        }
        self._lock = threading.Lock()

    @contextmanager
    def slot(
        self, kind: str, deadline: float = float("inf"), check: Callable[[], None] | None = None
    ) -> Iterator[float]:
        """Hold one of the concurrent slots, starting no sooner than the kind's rate allows; gives
        the start, which :meth:`unsent` takes back.

        Raises :class:`Overdue` when the start would come after ``deadline``; ``check`` is called
        once the slot is held and again after the wait for the rate, so a request that may no
        longer be sent (the run gave up while it queued) raises before it sleeps or sends.
        """
        self.gate.acquire()
        try:
            if check is not None:
                check()
            start = self.limiters[kind].wait(deadline)
            if check is not None:
                check()
            yield start
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
                if limit > 0 and interval and math.isfinite(limit):
                    self._learned[kind] = (max(MIN_RATE, limit / interval), interval)
            except (KeyError, ValueError):
                pass
            try:
                announced = int(lowered["x-concurrency-limit"].strip()[:6])
                self.gate.set_limit(min(self._ceiling_concurrency, announced))
            except (KeyError, ValueError):
                limit = self.gate.limit if self._heard else self._ceiling_concurrency
                self.gate.set_limit(min(limit, self._ceiling_concurrency))
            self._heard = True
            self._apply(kind)

    def unsent(self, kind: str, start: float) -> None:
        """A request (started at ``start``, as :meth:`slot` gave it) that could not connect used
        no share of the server's rate: its place in the window is free again."""
        self.limiters[kind].refund(start)

    def throttled(self, kind: str, retry_after: float) -> None:
        """A 429: every thread waits ``retry_after`` seconds, and this kind slows down by a fifth."""
        with self._lock:
            self._slowdown[kind] = max(0.1, self._slowdown[kind] * 0.8)
            self._apply(kind)
        pause = min(MAX_PAUSE, retry_after) if math.isfinite(retry_after) else MAX_PAUSE
        for limiter in self.limiters.values():
            limiter.pause_until(self._clock() + max(0.0, pause))

    def _apply(self, kind: str) -> None:
        ceiling = self._ceilings[kind]
        learned_rate, learned_interval = self._learned.get(kind, (ceiling.per_second, ceiling.interval))
        allowed = min(ceiling.per_second, learned_rate)
        # The safety margin lengthens the limiter's windows; the slowdown after a 429 lowers the
        # rate.  Both intervals are kept: 3 per 1.5 s paced per second alone lets 4 into 1.5 s.
        self.limiters[kind].set_rate(allowed * self._slowdown[kind], ceiling.interval, learned_interval)


def _sane_rate(per_second: float) -> float:
    """A rate a limiter can use: at least :data:`MIN_RATE`, finite (NaN and 0 become the floor)."""
    if not per_second > MIN_RATE:  # also NaN
        return MIN_RATE
    return min(per_second, 1e6)
