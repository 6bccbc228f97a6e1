"""The app's single way to the database: one shared DuckDB connection, results cached.

Starting a DuckDB instance costs about 20 ms, too much for every callback, so the app keeps
one connection and gives each use its own cursor. It closes the connection after a short
idle time: the command-line loaders (another process) can then take the file's lock.

The cache key includes the database file's modification stamp, so that an import made by
the command line invalidates what the app had cached.
"""

from __future__ import annotations

import atexit
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, TypeVar

import duckdb
from flask_caching import Cache

from data.db import database_path, open_database

cache = Cache()
T = TypeVar("T")
IDLE_SECONDS = 2.0


class SharedConnection:
    def __init__(self, idle_seconds: float = IDLE_SECONDS):
        self._idle_seconds = idle_seconds
        self._lock = threading.Lock()
        self._connection: duckdb.DuckDBPyConnection | None = None
        self._path: Path | None = None
        self._users = 0
        self._timer: threading.Timer | None = None

    @contextmanager
    def cursor(self):
        path = database_path()
        with self._lock:
            if self._timer:
                self._timer.cancel()
                self._timer = None
            if self._connection is not None and self._path != path and self._users == 0:
                self._close()
            if self._connection is None:
                self._connection, self._path = open_database(path), path
            self._users += 1
            cursor = self._connection.cursor()
        try:
            yield cursor
        finally:
            cursor.close()
            with self._lock:
                self._users -= 1
                if self._users == 0:
                    self._timer = threading.Timer(self._idle_seconds, self.close_if_idle)
                    self._timer.daemon = True
                    self._timer.start()

    def close_if_idle(self) -> None:
        with self._lock:
            if self._users == 0:
                self._close()

    def _close(self) -> None:
        if self._connection is not None:
            self._connection.close()
        self._connection = self._path = None


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


def file_stamp() -> str:
    """The database files' modification times: changes whenever a write (import or edit) reaches the DuckDB
    file or its write-ahead log (the cache key)."""
    path = database_path()
    stamps = [p.stat().st_mtime_ns for p in (path, path.with_name(path.name + ".wal")) if p.exists()]
    return f"{path}:" + "-".join(map(str, stamps))


def _remember(function: Callable, args: tuple, compute: Callable[[], T]) -> T:
    key = f"{function.__module__}.{function.__qualname__}:{args!r}:{file_stamp()}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value)
    return value


def fetch(query: Callable[..., T], *args) -> T:
    """``query(con, *args)``, from the cache when the data has not changed since."""
    def run() -> T:
        with shared.cursor() as con:
            return query(con, *args)
    return _remember(query, args, run)


def memo(build: Callable[..., T], *args) -> T:
    """``build(*args)`` — a figure or table made from fetched data — cached like ``fetch``."""
    return _remember(build, args, lambda: build(*args))


def write(action: Callable[..., T], *args) -> T:
    """``action(con, *args)`` in one transaction: all of it is saved, or nothing.

    Writes run side by side. When one collides with a concurrent transaction on the same rows
    (``is_write_conflict``), it is rolled back and run once more, alone, after the writes in
    progress: it then reads what they saved, so optimistic locking answers with a conflict
    (``commitment_store.Conflict``…) instead of DuckDB's message. Pages never call it: they write
    through ``dashboard.gate.write``, which checks the editor first.
    """
    with turns.side_by_side():
        try:
            return _transaction(action, args)
        except (duckdb.TransactionException, duckdb.ConstraintException) as error:
            if not is_write_conflict(error):
                raise
    with turns.alone():
        return _transaction(action, args)


def write_own(action: Callable[..., T], *args, **named) -> T:
    """``action(con, *args, **named)`` for an action that opens its own transaction (an import), side by side
    with other writes; a write that collides with it retries once it is over."""
    with turns.side_by_side(), shared.cursor() as con:
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
    with shared.cursor() as con:
        con.execute("BEGIN TRANSACTION")
        try:
            result = action(con, *args)
        except BaseException:
            con.execute("ROLLBACK")
            raise
        con.execute("COMMIT")  # a commit that fails ends the transaction itself: nothing to roll back
    return result
