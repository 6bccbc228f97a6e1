"""Data versions: one counter per table, the key by which every kept value knows that it is out of date.

A kept value (dashboard/store/kept.py) remembers the version of each table that its computation read
(dashboard/store/sql_tables.py finds them in the SQL), taken before reading them: it is served while those tables
keep that version. A write counts a new version of the tables it changed, once it has committed, before it
answers: a request that starts after the write never gets a value computed before it. Editors' writes thus
rebuild only what reads the rows they change: a commitment saved leaves the Écarts page, the overview and the
Diagnostic as they were, a scenario saved leaves the roadmap.

Besides the tables, one counter, the epoch, stands for everything: it changes with anything the app cannot
attribute to a table — a table created or dropped, a statement it cannot read, the file changed by another
process (the command line) or by a connection that does not go through the store — and every kept value depends
on it: when in doubt, everything is built again, never left stale. It starts at the clock's nanoseconds, so that
a store started again (the app, its store process) never meets the versions of an earlier one.

The counters live in a buffer of ``SLOTS`` 64-bit integers, a table's counter at the slot its name hashes to (two
tables that share a slot rebuild each other's values, never miss a change): a plain buffer when this process owns
the database, the store process's file mapped in memory when it serves the app's worker processes
(dashboard/store/server.py), where they read it without asking.
"""

from __future__ import annotations

import threading
import time
import zlib
from collections.abc import Iterable, Sequence

SLOTS = 512
EPOCH = 0
SIZE = 8 * SLOTS  # bytes of the buffer
Stamp = tuple[tuple[int, int], ...]  # (slot, version) of what a kept value read, epoch included


def slot(table: str) -> int:
    return 1 + zlib.crc32(table.encode()) % (SLOTS - 1)


def slots(tables: Iterable[str]) -> set[int]:
    return {slot(table) for table in tables}


class Versions:
    """The counters, over ``buffer`` (``SIZE`` bytes; a new one when None)."""

    def __init__(self, buffer=None, start: bool = True):
        self._buffer = buffer if buffer is not None else bytearray(SIZE)
        self._counts = memoryview(self._buffer).cast("q")
        self._lock = threading.Lock()
        self.watch = lambda: None  # called before the versions are read (the owner's look at the file)
        if start:
            self._counts[EPOCH] = time.time_ns()

    def now(self) -> Sequence[int]:
        """Every counter, as they are now."""
        self.watch()
        return self._counts.tolist()

    def changed(self, tables: Iterable[str] | None) -> None:
        """Count a new version of ``tables`` (None: of everything)."""
        with self._lock:
            for index in (EPOCH,) if tables is None else slots(tables):
                self._counts[index] += 1


def stamp(read: set[int], versions: Sequence[int]) -> Stamp:
    """The versions of the ``read`` slots, and of the epoch, in ``versions``."""
    return tuple((index, versions[index]) for index in sorted(read | {EPOCH}))


def current(kept: Stamp, versions: Sequence[int]) -> bool:
    """Whether nothing that ``kept`` read has changed since."""
    return all(versions[index] == version for index, version in kept)
