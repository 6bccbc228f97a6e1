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


shared = SharedConnection()
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

    Pages never call it: they write through ``dashboard.gate.write``, which checks the editor first.
    """
    with shared.cursor() as con:
        con.execute("BEGIN TRANSACTION")
        try:
            result = action(con, *args)
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
    return result
