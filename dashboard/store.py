"""The pages' single way to read the database: a short read-only connection, results cached.

The cache key includes the database file's modification stamp, so that an import made by
the command line, in another process, invalidates what the app had cached.
"""

from __future__ import annotations

from typing import Callable, TypeVar

from flask_caching import Cache

from data.db import connect, database_path

cache = Cache()
T = TypeVar("T")


def data_version() -> str:
    """Changes whenever a write reaches the DuckDB file or its write-ahead log."""
    path = database_path()
    stamps = [p.stat().st_mtime_ns for p in (path, path.with_name(path.name + ".wal")) if p.exists()]
    return "-".join(map(str, stamps))


def fetch(query: Callable[..., T], *args) -> T:
    """``query(con, *args)``, from the cache when the data has not changed since."""
    key = f"{query.__module__}.{query.__name__}:{args!r}:{data_version()}"
    value = cache.get(key)
    if value is None:
        with connect(read_only=True) as con:
            value = query(con, *args)
        cache.set(key, value)
    return value
