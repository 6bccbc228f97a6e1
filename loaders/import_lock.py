"""One import at a time per database, from the web pages and the command line alike.

Two imports run side by side would collide in DuckDB (« Conflict on tuple deletion ») and one would fail
with an unexpected error. The turn is a lock file next to the database (``cop.duckdb.import.lock``), held with
``flock`` while an import, a preview or an undo runs: the second one is told at once who holds it, in French.
The system releases the lock when its process ends, even killed, so a crash never leaves the turn taken.
Within a thread the turn is re-entrant: the command line and the write gate take it before opening the
database (so that the refusal comes before any wait for the database), ``run_import`` takes it again.
"""

from __future__ import annotations

import fcntl
import json
import os
import threading
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from domain import clock, formats
from domain.errors import UserError

SUFFIX = ".import.lock"
_held = threading.local()


class ImportBusy(UserError):
    """Another import (or preview, or undo) holds the database's turn."""


def lock_path(database: Path) -> Path:
    database = Path(database).resolve()
    return database.with_name(database.name + SUFFIX)


@contextmanager
def import_turn(database: Path | None, author: str | None, dry_run: bool = False):
    """Hold the import turn of ``database`` (None: a database in memory, nothing to share) for ``author``."""
    if database is None or getattr(_held, "depth", 0):
        _held.depth = getattr(_held, "depth", 0) + 1
        try:
            yield
        finally:
            _held.depth -= 1
        return
    descriptor, writable = _open(lock_path(database))
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise ImportBusy(_busy_message(os.pread(descriptor, 4096, 0))) from None
        if writable:
            os.ftruncate(descriptor, 0)
            os.pwrite(descriptor, json.dumps({"author": author, "dry_run": dry_run,
                                              "since": clock.now().isoformat()}).encode("utf-8"), 0)
        _held.depth = 1
        try:
            yield
        finally:
            _held.depth = 0
            if writable:
                os.ftruncate(descriptor, 0)
    finally:
        os.close(descriptor)  # releases the lock


def _open(lock: Path) -> tuple[int, bool]:
    """The lock file, opened to write who holds it; read-only when another account created it (the command line
    run by another system user than the app's): the lock holds all the same, without the holder's name."""
    lock.parent.mkdir(parents=True, exist_ok=True)
    try:
        return os.open(lock, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o644), True
    except PermissionError:
        return os.open(lock, os.O_RDONLY | os.O_NOFOLLOW), False


def _busy_message(holder: bytes) -> str:
    try:
        record = json.loads(holder.decode("utf-8"))
        who, since = record["author"] or "un autre programme", datetime.fromisoformat(record["since"])
        what = "un aperçu d'import est déjà en cours" if record["dry_run"] else "un import est déjà en cours"
        when = f" depuis le {formats.moment(since)}"
    except (ValueError, KeyError, TypeError):  # written at this very moment
        who, what, when = "un autre compte ou la ligne de commande", "un import est déjà en cours", ""
    return f"Import impossible pour l'instant : {what}, par {who}{when}. Réessayez quand il sera terminé."
