"""The process that owns the DuckDB file: one shared connection, reads and writes that say which tables they touch.

Starting a DuckDB instance costs about 20 ms, too much for every callback, so the owner keeps one connection and
gives each use its own cursor. It closes the connection after a short idle time: the command-line loaders
(another process) can then take the file's lock. Queries and actions get the cursor through ``Recording``, which
notes the tables that their SQL reads or changes (dashboard/store/sql_tables.py); a write counts a new version of
the tables it changed once it has committed (dashboard/store/data_versions.py).

The owner is the app's own process when it runs alone (tests, ``python -m``), or the store process that serves
the app's worker processes (dashboard/store/server.py).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

import duckdb

from dashboard.store import shared_objects
from dashboard.store.data_versions import Versions
from dashboard.store.sql_tables import EVERYTHING, Catalogue
from data.db import database_path, open_database
from loaders.import_lock import import_turn

T = TypeVar("T")
IDLE_SECONDS = 2.0


def file_stamp(path: Path) -> tuple[int, ...]:
    """The modification times of the file and of its write-ahead log: they change with every write that reaches
    them."""
    return tuple(p.stat().st_mtime_ns if p.exists() else 0 for p in (path, path.with_name(path.name + ".wal")))


class FileWatch:
    """Changes of the file that the store did not make: another process's (the command line, while the shared
    connection was closed), or a connection of this process that does not go through the store (tests).

    The store's own writes and checkpoints run ``ours()``: the file's stamp after them is known. A stamp that is
    not known, seen while none of them runs, is a change from outside: every kept value is built again.
    """

    def __init__(self, path: Callable[[], Path], changed: Callable[[], None]):
        self._path, self._changed = path, changed
        self._known: tuple | None = None
        self._ours = 0
        self._lock = threading.Lock()

    def look(self) -> None:
        stamp = file_stamp(self._path())
        with self._lock:
            if self._ours or stamp == self._known:
                return
            seen, self._known = self._known, stamp
        if seen is not None:
            self._changed()

    @contextmanager
    def ours(self):
        self.look()
        with self._lock:
            self._ours += 1
        try:
            yield
        finally:
            stamp = file_stamp(self._path())
            with self._lock:
                self._ours -= 1
                if not self._ours:
                    self._known = stamp


class SharedConnection:
    def __init__(self, versions: Versions, idle_seconds: float = IDLE_SECONDS):
        self._idle_seconds = idle_seconds
        self._lock = threading.Lock()
        self._connection: duckdb.DuckDBPyConnection | None = None
        self._path: Path | None = None
        self._users = 0
        self._timer: threading.Timer | None = None
        self.catalogue: Catalogue | None = None
        self.versions = versions
        self.watch = FileWatch(database_path, self.everything_changed)

    def everything_changed(self) -> None:
        self.catalogue = None
        self.versions.changed(EVERYTHING)

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
                self.watch.look()  # what changed while the file was not ours
            self._users += 1
            cursor = self._connection.cursor()
        try:
            if self.catalogue is None:
                self.catalogue = Catalogue(cursor)
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
            with self.watch.ours():  # the checkpoint moves the log into the file
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


class Recording:
    """A cursor that notes the tables its SQL reads (``reading``) or changes (otherwise); everything else is the
    cursor's own."""

    def __init__(self, cursor: duckdb.DuckDBPyConnection, catalogue: Catalogue, reading: bool):
        self._cursor, self._catalogue, self._reading = cursor, catalogue, reading
        self.read: set[str] = set()
        self.written: set[str] | None = set()

    def execute(self, query, parameters=None):
        self._note(query)
        self._cursor.execute(query, parameters)
        return self

    def executemany(self, query, parameters=None):
        self._note(query)
        self._cursor.executemany(query, parameters)
        return self

    def sql(self, query, *args, **named):
        self._note(query)
        return self._cursor.sql(query, *args, **named)

    def _note(self, query) -> None:
        if self._reading:
            self.read |= self._catalogue.read_by(str(query))
        elif self.written is not EVERYTHING:
            found = self._catalogue.written_by(query, self._cursor) if isinstance(query, str) else EVERYTHING
            self.written = EVERYTHING if found is EVERYTHING else self.written | found

    def __getattr__(self, name: str):
        return getattr(self._cursor, name)


class Owner:
    """Reads and writes on the file, by this process."""

    def __init__(self, versions: Versions):
        self.versions = versions
        self.shared = SharedConnection(versions)
        self.turns = WriteTurns()

    def read(self, query: Callable[..., T], args: tuple) -> tuple[T, frozenset[str]]:
        """``query(con, *args)`` and the tables it read."""
        with self.shared.cursor() as cursor:
            recording = Recording(cursor, self.shared.catalogue, reading=True)
            return query(recording, *args), frozenset(recording.read)

    def write(self, action: Callable[..., T], args: tuple) -> T:
        """``action(con, *args)`` in one transaction, retried alone once after a conflict (see ``store.write``)."""
        with self.turns.side_by_side():
            try:
                return self._transaction(action, args)
            except (duckdb.TransactionException, duckdb.ConstraintException) as error:
                if not is_write_conflict(error):
                    raise
        with self.turns.alone():
            return self._transaction(action, args)

    def write_own(self, action: Callable[..., T], args: tuple, named: dict, turn: tuple | None) -> T:
        """``action(con, *args, **named)`` opening its own transaction (an import), under the import turn of
        ``turn`` = (author, dry run) when given."""
        with (import_turn(database_path(), *turn) if turn else _nothing()), self.turns.side_by_side():
            return self._changing(lambda con: action(con, *args, **named))

    def call_shared(self, name: str, factory: Callable, method: str, args: tuple):
        return shared_objects.registry.call(name, factory, method, args)

    def _transaction(self, action: Callable[..., T], args: tuple) -> T:
        def run(con):
            con.execute("BEGIN TRANSACTION")
            try:
                result = action(con, *args)
            except BaseException:
                con.execute("ROLLBACK")
                raise
            con.execute("COMMIT")  # a commit that fails ends the transaction itself: nothing to roll back
            return result
        return self._changing(run)

    def _changing(self, run: Callable[[Recording], T]) -> T:
        """``run(recording cursor)``; then a new version of what it changed, committed or not (a rolled-back
        change costs a rebuild, never a stale value)."""
        with self.shared.cursor() as cursor, self.shared.watch.ours():
            recording = Recording(cursor, self.shared.catalogue, reading=False)
            try:
                return run(recording)
            finally:
                if recording.written is EVERYTHING:
                    self.shared.everything_changed()
                elif recording.written:
                    self.versions.changed(recording.written)


def is_write_conflict(error: duckdb.Error) -> bool:
    """DuckDB's answers to two transactions writing the same row: « Conflict on update / tuple deletion »
    at the statement; when both inserted the same key, a duplicate key at the commit of the second, or
    at its insert when the first committed meanwhile (a duplicate that is not concurrent fails again)."""
    text = str(error)
    if isinstance(error, duckdb.TransactionException):
        return "Conflict on" in text or ("Failed to commit" in text and "constraint violation" in text)
    return isinstance(error, duckdb.ConstraintException) and "Duplicate key" in text


@contextmanager
def _nothing():
    yield
