"""The app's single way to the database: one shared DuckDB connection, results cached.

Starting a DuckDB instance costs about 20 ms, too much for every callback, so the app keeps
one connection and gives each use its own cursor. It closes the connection after a short
idle time: the command-line loaders (another process) can then take the file's lock.

Every kept value is keyed on a data version (dashboard/store/data_versions.py): of all data (``fetch``,
``memo``…), which every write changes, an import made by the command line included; of the imported data alone
(``fetch_imported``, ``ready_to_send``), which editors' writes leave alone; or of the imported data and of the
editors' writes of some kinds only (``fetch_changed_by``, ``memo_changed_by``), which other writes leave alone.
Inside ``reading_version``, every read reads a frozen version instead, keyed on the version (dashboard/store/frozen.py).
"""

from __future__ import annotations

import atexit
import functools
import threading
import time
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

import duckdb
from dash.development.base_component import Component
from flask_caching import Cache

from dashboard.components import as_sent
from dashboard.serving import processes
from dashboard.store import data_versions, frozen, shared_cache, snapshots
from dashboard.store.data_versions import all_data, edited, imported, imported_data
from data.db import database_path, open_database
from domain.permissions import Write

cache = Cache()
T = TypeVar("T")
IDLE_SECONDS = 2.0


class SharedConnection:
    """The process's connection to the database, a cursor for each use, closed after ``idle_seconds`` unused.

    In a reader process (dashboard/serving/processes.py) it reads the current snapshot (dashboard/store/snapshots.py),
    read-only: a connection to each snapshot still read, the older ones closed as soon as their last cursor is."""

    def __init__(self, idle_seconds: float = IDLE_SECONDS):
        self._idle_seconds = idle_seconds
        self._lock = threading.Lock()
        self._opening = threading.Lock()  # one snapshot opened at a time, outside of ``_lock``
        self._open: dict[Path, list] = {}  # path → [connection, cursors in use]
        self._newest: Path | None = None
        self._newest_published = -1
        self._timer: threading.Timer | None = None  # one at a time: a thread started per query costs a page 5 ms
        self._last_used = 0.0  # time.monotonic() when the last cursor in use was closed

    @contextmanager
    def cursor(self):
        snapshot = snapshots.current()
        if snapshot is not None and snapshot.path not in self._open:
            self._open_snapshot(snapshot)
        path = snapshot.path if snapshot else database_path()
        with self._lock:
            entry = self._open.get(path)
            if entry is None:  # the file, or (seldom) a snapshot closed since it was opened
                entry = self._open[path] = [_for_pages(path, read_only=snapshot is not None), 0]
                if snapshot is None:
                    self._keep_only(path)
            entry[1] += 1
            cursor = entry[0].cursor()
        try:
            yield cursor
        finally:
            cursor.close()
            with self._lock:
                entry[1] -= 1
                if entry[1] == 0 and path != self._newest:
                    self._close(path)
                if not any(users for _, users in self._open.values()):
                    self._last_used = time.monotonic()
                    if self._timer is None:
                        self._wait(self._idle_seconds)

    def _wait(self, seconds: float) -> None:
        """Look again in ``seconds`` whether the connections are idle (called holding ``_lock``)."""
        self._timer = threading.Timer(seconds, self._close_when_idle)
        self._timer.daemon = True
        self._timer.start()

    def _close_when_idle(self) -> None:
        """Close the connections once no cursor has been used for ``idle_seconds``; a cursor still in use arms the
        timer again when it is closed."""
        with self._lock:
            self._timer = None
            if any(users for _, users in self._open.values()):
                return
            left = self._last_used + self._idle_seconds - time.monotonic()
            if left > 0:
                self._wait(left)
                return
        self.close_if_idle()

    def _open_snapshot(self, snapshot: snapshots.Snapshot) -> None:
        """Open a snapshot without holding ``_lock`` (70 to 170 ms on a loaded machine): the requests still reading
        the previous one go on meanwhile. The newest published becomes the one kept; the others close unused."""
        with self._opening:
            if snapshot.path in self._open:
                return
            connection = _for_pages(snapshot.path, read_only=True)
            with self._lock:
                self._open[snapshot.path] = [connection, 0]
                if snapshot.published > self._newest_published:
                    self._newest_published = snapshot.published
                    self._keep_only(snapshot.path)

    def _keep_only(self, path: Path) -> None:
        """``path`` is the newest: close the other connections that no cursor uses (the others, at their last)."""
        self._newest = path
        for old in [p for p, (_, users) in self._open.items() if users == 0 and p != path]:
            self._close(old)

    def close_if_idle(self) -> None:
        with self._lock:
            for path in [p for p, (_, users) in self._open.items() if users == 0]:
                self._close(path)

    def _close(self, path: Path) -> None:
        """Close a connection; the file's, checkpointed first while it is still this process's: once closed, a
        command-line import may take the file at once, and its changes must not pass for the checkpoint's."""
        connection, _ = self._open.pop(path)
        if not processes.reads_snapshots():
            with imported.unchanged_by():  # the checkpoint moves the log into the file; the close then changes nothing
                connection.execute("CHECKPOINT")
        connection.close()


def _for_pages(path: Path, read_only: bool) -> duckdb.DuckDBPyConnection:
    """The file opened for the pages' reads: many joins of a few thousand rows each (a region's communes, its
    commitments with their territories), where DuckDB's filter pushed from a join's build side to its probe side
    costs 1.5 to 2.5 ms of processor per query and saves nothing. The setting is the connection's (its database
    instance's, not a cursor's): the app's writes and imports share it (no slower at national size, measured in
    docs/performance.md), the command-line loaders, which open their own, keep DuckDB's."""
    connection = open_database(path, read_only)
    connection.execute("SET disabled_optimizers = 'join_filter_pushdown'")
    return connection


class WriteTurns:
    """Writes run side by side, except a retried one, which runs alone: it waits for the writes in
    progress to end, and new ones wait for it (so that a retry is not starved by a stream of writes)."""

    def __init__(self):
        self._state = threading.Condition()
        self._running = 0
        self._alone_waiting = 0
        self._alone = False

    @contextmanager
    def side_by_side(self):
        with self._state:
            self._state.wait_for(lambda: not self._alone and not self._alone_waiting)
            self._running += 1
        try:
            yield
        finally:
            with self._state:
                self._running -= 1
                self._state.notify_all()

    @contextmanager
    def alone(self):
        with self._state:
            self._alone_waiting += 1
            self._state.wait_for(lambda: not self._alone and not self._running)
            self._alone_waiting -= 1
            self._alone = True
        try:
            yield
        finally:
            with self._state:
                self._alone = False
                self._state.notify_all()


shared = SharedConnection()
turns = WriteTurns()
atexit.register(shared.close_if_idle)


class OneComputation:
    """One lock per cache key being computed: when a write has just invalidated a page that thirty
    clients ask for, one thread builds it and the others wait for its result instead of each building
    it again (which, under the GIL, makes every one of them wait for all the builds). When several reader
    processes share the cache, one process at a time too (``shared_cache.FileTurn``): a value is built once per
    data version for all of them. The lock saves work, it is not what keeps a value right: a value is the same
    whoever builds it."""

    def __init__(self):
        self._locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()

    def hold(self, key: str, wait: bool = True) -> tuple[threading.Lock, shared_cache.FileTurn | None] | None:
        """Wait for the computation of ``key`` in progress, if any, and start ours: ``let_go`` ends it. With
        ``wait`` False, None at once when another computation of ``key`` is in progress."""
        with self._guard:
            lock = self._locks.setdefault(key, threading.Lock())
        if not lock.acquire(blocking=wait):
            return None
        try:
            place = shared_cache.turn_folder()
            return lock, shared_cache.FileTurn(place, key, wait) if place else None
        except shared_cache.Busy:
            self.let_go(key, (lock, None))
            return None
        except BaseException:
            self.let_go(key, (lock, None))
            raise

    def let_go(self, key: str, held: tuple[threading.Lock, shared_cache.FileTurn | None]) -> None:
        lock, turn = held
        if turn is not None:
            turn.let_go()
        with self._guard:
            if self._locks.get(key) is lock:
                del self._locks[key]
        lock.release()

    @contextmanager
    def turn(self, key: str):
        held = self.hold(key)
        try:
            yield
        finally:
            self.let_go(key, held)


computing = OneComputation()


def _remember(function: Callable, args: tuple, compute: Callable[[], T],
              version: Callable[[], str]) -> T:
    reading = frozen.current()
    key = f"{function.__module__}.{function.__qualname__}:{args!r}:{reading.key if reading else version()}"
    value = cache.get(key)
    if value is None:
        with computing.turn(key):
            value = cache.get(key)
            if value is None:
                value = compute()
                cache.set(key, value)
    return value


def fetch(query: Callable[..., T], *args) -> T:
    """``query(con, *args)``, from the cache when the data has not changed since."""
    return _remember(query, args, lambda: _run(query, args), all_data)


def fetch_imported(query: Callable[..., T], *args) -> T:
    """``fetch`` for a query that reads imported data only (objectives, observations, territories): kept until
    the next import, editors' writes leave it."""
    return _remember(query, args, lambda: _run(query, args), imported_data)


def fetch_changed_by(kinds: frozenset[Write], query: Callable[..., T], *args) -> T:
    """``fetch`` for a query that reads imported data and, of what editors write, only the kinds ``kinds`` (the
    split of objectives reads the methods): kept until the next import or such a write — a commitment saved does
    not make the roadmap split the objectives again."""
    return _remember(query, args, lambda: _run(query, args), lambda: data_versions.changed_by(kinds))


def read_once(query: Callable[..., T], *args) -> T:
    """``query(con, *args)`` not kept: for a large value read seldom (an uploaded file), which the cache would hold
    for nothing."""
    return _run(query, args)


def _run(query: Callable[..., T], args: tuple) -> T:
    reading = frozen.current()
    with frozen.cursor(reading, shared.cursor) if reading else shared.cursor() as con:
        return query(con, *args)


class UnknownVersion(LookupError):
    """No frozen version has this number."""


@contextmanager
def reading_version(version_id: int | None):
    """Inside, every read of the store reads the frozen version ``version_id`` (dashboard/store/frozen.py), or the
    live data when None (also inside another version's reading); UnknownVersion when there is no such version."""
    seal = None
    if version_id is not None:
        with frozen.reading(None):
            seal = fetch(frozen.seal, version_id)
        if seal is None:
            raise UnknownVersion(f"aucune version figée n° {version_id}")
    with frozen.reading(version_id, seal):
        yield


def memo(build: Callable[..., T], *args) -> T:
    """``build(*args)`` — a figure or table made from fetched data — cached like ``fetch``."""
    return _remember(build, args, lambda: build(*args), all_data)


def memo_imported(build: Callable[..., T], *args) -> T:
    """``memo`` for a value made from imported data only (a region's outlines): kept until the next import."""
    return _remember(build, args, lambda: build(*args), imported_data)


def memo_changed_by(kinds: frozenset[Write], build: Callable[..., T], *args) -> T:
    """``memo`` for a value made of imported data and, of what editors write, only the kinds ``kinds``."""
    return _remember(build, args, lambda: build(*args), lambda: data_versions.changed_by(kinds))


def memo_as_sent(build: Callable[..., T], *args, of=None, changed_by: frozenset[Write] | None = None):
    """``build(*args)`` — components, figures, a callback's outputs — cached like ``memo``, as the JSON-ready
    data that Dash sends: a cached call neither builds thousands of components nor converts them again. With
    ``of``, ``build(of)`` keyed on ``args``: data the caller already holds (a page's view), which ``args`` name.
    With ``changed_by`` (kinds of write), kept like ``memo_changed_by``: until an import or a write of those kinds."""
    plain = _as_sent(build)
    version = all_data if changed_by is None else lambda: data_versions.changed_by(changed_by)
    return _remember(plain, args, lambda: plain(*args) if of is None else plain(of), version)


def ready_to_send(build: Callable[..., Component]) -> Callable[..., dict]:
    """``build`` (a page's layout, or sections of it, showing only imported data) cached like ``memo_as_sent``,
    but until the next import: editors' writes elsewhere do not make it build them again."""
    plain = _as_sent(build)
    return functools.wraps(build)(lambda *args: _remember(plain, args, lambda: plain(*args), imported_data))


def _as_sent(build: Callable) -> Callable:
    def plain(*args):
        return as_sent.plain(build(*args))

    plain.__module__, plain.__qualname__ = build.__module__, build.__qualname__
    return plain


def write(action: Callable[..., T], *args, kind: Write | None = None) -> T:
    """``action(con, *args)`` in one transaction: all of it is saved, or nothing. ``kind``: what it writes, counted
    in the version of edited data (``data_versions.edited_data``) before it answers; None rebuilds every page kept.

    Writes run side by side. When one collides with a concurrent transaction on the same rows
    (``is_write_conflict``), it is rolled back and run once more, alone, after the writes in
    progress: it then reads what they saved, so optimistic locking answers with a conflict
    (``commitment_store.Conflict``…) instead of DuckDB's message. Pages never call it: they write
    through ``dashboard.access.gate.write``, which checks the editor first.
    """
    try:
        with turns.side_by_side():
            try:
                return _transaction(action, args)
            except (duckdb.TransactionException, duckdb.ConstraintException) as error:
                if not is_write_conflict(error):
                    raise
        with turns.alone():
            return _transaction(action, args)
    finally:
        edited.count(kind)  # a write that failed changed nothing: counting it costs a rebuild, never a stale page


def write_own(action: Callable[..., T], *args, **named) -> T:
    """``action(con, *args, **named)`` for an action that opens its own transaction (an import), side by side
    with other writes; a write that collides with it retries once it is over. It changes the imported data."""
    with imported.importing(), turns.side_by_side(), shared.cursor() as con:
        return action(con, *args, **named)


def is_write_conflict(error: duckdb.Error) -> bool:
    """DuckDB's answers to two transactions writing the same row: « Conflict on update / tuple deletion »
    at the statement; when both inserted the same key, a duplicate key at the commit of the second, or
    at its insert when the first committed meanwhile (a duplicate that is not concurrent fails again)."""
    text = str(error)
    if isinstance(error, duckdb.TransactionException):
        return "Conflict on" in text or ("Failed to commit" in text and "constraint violation" in text)
    return isinstance(error, duckdb.ConstraintException) and "Duplicate key" in text


def _transaction(action: Callable[..., T], args: tuple) -> T:
    with shared.cursor() as con, imported.unchanged_by():
        con.execute("BEGIN TRANSACTION")
        try:
            result = action(con, *args)
        except BaseException:
            con.execute("ROLLBACK")
            raise
        con.execute("COMMIT")  # a commit that fails ends the transaction itself: nothing to roll back
    return result
