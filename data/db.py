"""Opening the DuckDB file and bringing its schema up to date.

The schema lives in numbered SQL files under ``data/migrations``; each one is applied once,
in order, inside a transaction, and recorded in ``schema_migrations``.
"""

from __future__ import annotations

import os
import time
from contextlib import contextmanager
from pathlib import Path

import duckdb

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
DEFAULT_PATH = Path(__file__).parent / "cop.duckdb"
LOCK_WAIT_SECONDS = 10.0


class DatabaseBusy(RuntimeError):
    def __init__(self, path: Path):
        super().__init__(f"La base « {path} » est occupée par un autre programme (l'application ou un autre "
                         f"chargement) depuis plus de {LOCK_WAIT_SECONDS:.0f} secondes ; réessayez dans un instant.")


def database_path() -> Path:
    """The DuckDB file: ``$COP_DB`` if set, else ``data/cop.duckdb``."""
    return Path(os.environ.get("COP_DB", DEFAULT_PATH))


def open_database(path: Path, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open the file, waiting while another process (a loader, the app) holds its lock. Its clock
    (``current_timestamp`` into a ``TIMESTAMP``) is UTC, like ``domain.clock``, whatever the server's zone."""
    deadline = time.monotonic() + LOCK_WAIT_SECONDS
    while True:
        try:
            con = duckdb.connect(str(path), read_only=read_only)
            con.execute("SET GLOBAL TimeZone = 'UTC'")  # every cursor of the connection too
            return con
        except duckdb.IOException as error:
            if "lock" not in str(error).lower():
                raise
            if time.monotonic() > deadline:
                raise DatabaseBusy(path) from None
            time.sleep(0.1)


@contextmanager
def connect(path: Path | str | None = None, read_only: bool = False):
    """A short-lived connection, closed on exit so that other processes can write."""
    path = Path(path) if path else database_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    con = open_database(path, read_only)
    try:
        yield con
    finally:
        con.close()


def migrations() -> list[tuple[int, str, str]]:
    """(version, name, sql) of every migration file, in order."""
    found = []
    for file in sorted(MIGRATIONS_DIR.glob("*.sql")):
        version = int(file.name.split("_", 1)[0])
        found.append((version, file.stem, file.read_text(encoding="utf-8")))
    return found


def applied_versions(con: duckdb.DuckDBPyConnection) -> set[int]:
    con.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        " version INTEGER PRIMARY KEY, name VARCHAR NOT NULL,"
        " applied_at TIMESTAMP NOT NULL DEFAULT current_timestamp)"
    )
    return {row[0] for row in con.execute("SELECT version FROM schema_migrations").fetchall()}


def migrate(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Apply the migrations not yet recorded; return their names."""
    done = applied_versions(con)
    applied = []
    for version, name, sql in migrations():
        if version in done:
            continue
        con.execute("BEGIN TRANSACTION")
        try:
            con.execute(sql)
            con.execute("INSERT INTO schema_migrations (version, name) VALUES (?, ?)", [version, name])
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
        applied.append(name)
    return applied
