"""What the app keeps in memory: values by key, each with what its computation read.

One store for every kept value of a process (query results, figures, components, page answers). A key holds a
few variants, one per combination of what they read: the data versions of the tables (dashboard/store/
data_versions.py) and the visitor's aspects (dashboard/store/traces.py). A variant is served while those tables
keep their version and to a visitor with the same aspects; a variant whose tables have moved on is dropped.

Values are kept as they are, not serialized: a hit costs a lookup, not the unpickling of a DataFrame. What is
served is the caller's own (``private``): a DataFrame a shallow copy (pandas copies on write, so that changing
it never changes the kept one), a dict, a list or a dataclass a copy of its first level. The least recently used
keys go beyond ``LIMIT``.
"""

from __future__ import annotations

import copy
import dataclasses
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TypeVar

import pandas as pd

from dashboard.store import traces
from dashboard.store.data_versions import Stamp, current, stamp

T = TypeVar("T")
LIMIT = 4000


@dataclass(frozen=True)
class Variant:
    stamp: Stamp
    visitor: tuple[tuple[str, object], ...]
    value: object


class Kept:
    def __init__(self, limit: int = LIMIT):
        self._limit = limit
        self._variants: OrderedDict[str, list[Variant]] = OrderedDict()
        self._lock = threading.Lock()

    def find(self, key: str, versions: Sequence[int]) -> Variant | None:
        """The variant of ``key`` that holds for these ``versions`` and the visitor asking, if any."""
        with self._lock:
            variants = self._variants.get(key)
            if variants is None:
                return None
            self._variants.move_to_end(key)
            live = [variant for variant in variants if current(variant.stamp, versions)]
            if len(live) < len(variants):
                self._variants[key] = live
        return next((variant for variant in live if traces.matches(variant.visitor)), None)

    def keep(self, key: str, variant: Variant) -> None:
        with self._lock:
            others = [v for v in self._variants.get(key, []) if v.visitor != variant.visitor]
            self._variants[key] = [*others, variant]
            self._variants.move_to_end(key)
            while len(self._variants) > self._limit:
                self._variants.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._variants.clear()

    def keys(self) -> list[str]:
        with self._lock:
            return list(self._variants)

    def variants(self, key: str) -> list[Variant]:
        with self._lock:
            return list(self._variants.get(key, []))


class OneComputation:
    """One lock per key being computed: when a write has just invalidated a page that thirty clients ask for, one
    thread builds it and the others wait for its result instead of each building it again (which, under the GIL,
    makes every one of them wait for all the builds)."""

    def __init__(self):
        self._locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()

    def hold(self, key: str) -> threading.Lock:
        """Wait for the computation of ``key`` in progress, if any, and start ours: ``let_go`` ends it."""
        with self._guard:
            lock = self._locks.setdefault(key, threading.Lock())
        lock.acquire()
        return lock

    def let_go(self, key: str, lock: threading.Lock) -> None:
        with self._guard:
            if self._locks.get(key) is lock:
                del self._locks[key]
        lock.release()

    @contextmanager
    def turn(self, key: str):
        lock = self.hold(key)
        try:
            yield
        finally:
            self.let_go(key, lock)


def remember(kept: Kept, computing: OneComputation, key: str, compute: Callable[[], T],
             versions: Callable[[], Sequence[int]]) -> T:
    """The kept value of ``key``, or ``compute()`` kept with what it read (the versions taken before it reads:
    a write made meanwhile makes it out of date at once, never a stale value current)."""
    found = kept.find(key, versions())
    if found is None:
        with computing.turn(key):
            now = versions()
            found = kept.find(key, now)
            if found is None:
                with traces.tracing() as trace:
                    value = compute()
                found = Variant(stamp(trace.slots, now), tuple(trace.visitor.items()), value)
                if trace.keepable:
                    kept.keep(key, found)
                return private(value)
    traces.read((index for index, _ in found.stamp), found.visitor)
    return private(found.value)


def private(value: T) -> T:
    """``value`` as its caller's own: changing it does not change what is kept (see the module's docstring)."""
    if isinstance(value, (pd.DataFrame, pd.Series)):
        return value.copy(deep=False)
    if isinstance(value, (dict, list)):
        return copy.copy(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.replace(value, **{f.name: private(getattr(value, f.name))
                                             for f in dataclasses.fields(value) if f.init})
    return value
