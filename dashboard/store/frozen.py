"""Reading a frozen version instead of the live data: the pages build themselves the same way, from the version's
own database (``domain.snapshots.database``), inside ``reading_version``.

Inside it, every read of the store (``fetch``, ``fetch_imported``, ``memo``, ``memo_as_sent``, ``ready_to_send``)
runs on the version's database and is kept under the version's key instead of a data version: a version never
changes, so what is computed from it is computed once. A read that the version cannot answer (a table it does not
hold) fails instead of reading the live data. The key names the database file, the version and its seal, so that
another database (a restored backup, a test's copy) is never answered from what another one kept.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

import duckdb

from data.db import database_path
from domain import snapshots, versions

KEPT_DATABASES = 6  # versions' databases kept open (a few MB each), the least recently read closed first


@dataclass(frozen=True)
class Reading:
    version_id: int
    key: str  # what the caches key on


_reading: ContextVar[Reading | None] = ContextVar("frozen_version", default=None)
_databases: OrderedDict[str, duckdb.DuckDBPyConnection] = OrderedDict()
_lock = threading.Lock()


def current() -> Reading | None:
    """The version being read in this context; None: the live data."""
    return _reading.get()


@contextmanager
def reading(version_id: int | None, seal: str | None = None):
    """Inside, the store reads version ``version_id`` (``seal``: its ``seal``), or the live data (None)."""
    token = _reading.set(None if version_id is None else
                         Reading(version_id, f"frozen:{database_path()}:{version_id}:{seal}"))
    try:
        yield
    finally:
        _reading.reset(token)


@contextmanager
def cursor(reading: Reading, live):
    """A cursor on the version's database, built from the live one (``live``: a context manager giving a cursor)
    the first time."""
    with _lock:
        database = _databases.get(reading.key)
        if database is not None:
            _databases.move_to_end(reading.key)
    if database is None:
        with live() as con:
            database = snapshots.database(con, reading.version_id)
        with _lock:
            database = _databases.setdefault(reading.key, database)
            while len(_databases) > KEPT_DATABASES:
                _databases.popitem(last=False)  # closed once its last cursor is done
    found = database.cursor()
    try:
        yield found
    finally:
        found.close()


def seal(con: duckdb.DuckDBPyConnection, version_id: int) -> str | None:
    """The version's seal as the caches key on it (None: no such version)."""
    found = versions.seals(con).get(version_id)
    return None if found is None else "-".join(map(str, found))
