"""Refused attempts at a secret (a password, an invitation link), counted before the secret is checked.

An attempt first takes a place in the counter of each of its keys (the account tried at this address, the
address…), under one lock, and only then is the password checked: however many attempts arrive at once, no
more than a counter's limit are evaluated in its window. A refused attempt keeps its place until the window
(15 minutes) has passed; an accepted one gives it back, so that only refusals count.

A counter either **refuses** once full (``slows=False``: « réessayez dans 14 minutes ») or **slows**
(``slows=True``): beyond its limit, each further attempt waits twice as long after the previous failure
(1 s, 2 s, 4 s… ``LONGEST_WAIT`` at most). A per-account counter slows: a stranger who knows an identifier
can slow its sign-in, not lock its owner out for the window.

Counters live in the process's memory (gunicorn.conf.py serves one process) and restart with the app; the
keys kept are bounded (``MAX_KEYS``, the oldest dropped first).
"""

from __future__ import annotations

import functools
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from flask import Response, make_response, request

WINDOW = 15 * 60.0
LONGEST_WAIT = 60.0
MAX_KEYS = 100_000
KEY_LENGTH = 100  # what a request names (an identifier) is cut to this length in a key


@dataclass(frozen=True)
class Limit:
    """``failures`` refused attempts allowed per window for the key that ``key()`` gives the request."""
    name: str  # « compte et adresse », « adresse »…: the counter, as the log names it
    key: Callable[[], str]
    failures: int
    slows: bool = False


@dataclass(frozen=True)
class Wait:
    """An attempt refused before being evaluated: for how long, because of which counter."""
    seconds: float
    limit: Limit


class Place:
    """The places one attempt holds in its counters; ``give_back`` when the attempt was accepted."""

    def __init__(self, counters: Counters, taken: list[tuple[str, float]]):
        self._counters, self._taken = counters, taken

    def give_back(self) -> None:
        self._counters.remove(self._taken)


class Counters:
    """Failure times per key over a sliding window, shared by the app's threads."""

    def __init__(self, clock: Callable[[], float] = time.monotonic, max_keys: int = MAX_KEYS):
        self._clock, self._max_keys = clock, max_keys
        self._lock = threading.Lock()
        self._times: dict[str, list[float]] = {}

    def enter(self, limits: list[tuple[str, Limit]]) -> Place | Wait:
        """Take a place in each (key, limit) counter, or say how long to wait, atomically."""
        with self._lock:
            now = self._clock()
            waits = [Wait(self._wait(key, limit, now), limit) for key, limit in limits]
            longest = max(waits, key=lambda wait: wait.seconds, default=None)
            if longest is not None and longest.seconds > 0:
                return longest
            for key, _ in limits:
                self._times.setdefault(key, []).append(now)
            self._bound(now)
            return Place(self, [(key, now) for key, _ in limits])

    def remove(self, taken: list[tuple[str, float]]) -> None:
        with self._lock:
            for key, at in taken:
                times = self._times.get(key)
                if times and at in times:
                    times.remove(at)

    def _wait(self, key: str, limit: Limit, now: float) -> float:
        times = self._times.get(key, [])
        while times and times[0] <= now - WINDOW:
            times.pop(0)
        if len(times) < limit.failures + limit.slows:
            return 0.0
        if limit.slows:
            return max(0.0, times[-1] + min(LONGEST_WAIT, 2.0 ** (len(times) - limit.failures - 1)) - now)
        return times[0] + WINDOW - now

    def _bound(self, now: float) -> None:
        """Beyond ``max_keys``: forget the keys without a failure in the window, then the oldest ones, down to
        nine tenths of it (so that the next keys do not each sweep them all again)."""
        if len(self._times) <= self._max_keys:
            return
        self._times = {key: times for key, times in self._times.items() if times and times[-1] > now - WINDOW}
        for key in list(self._times)[:len(self._times) - self._max_keys * 9 // 10]:
            del self._times[key]


def throttled(view: Callable, limits: list[Limit], on_wait: Callable[[Wait], Response]) -> Callable:
    """``view`` whose POSTs pass ``limits`` first: a refused answer (4xx) keeps its places, any other gives them
    back; an attempt that must wait is answered by ``on_wait`` without running ``view``."""
    counters = Counters()

    @functools.wraps(view)
    def guarded(*args, **kwargs):
        if request.method != "POST":
            return view(*args, **kwargs)
        entered = counters.enter([(f"{limit.name}:{limit.key()[:KEY_LENGTH]}", limit) for limit in limits])
        if isinstance(entered, Wait):
            return on_wait(entered)
        response = make_response(view(*args, **kwargs))
        if not 400 <= response.status_code < 500:
            entered.give_back()
        return response
    return guarded
