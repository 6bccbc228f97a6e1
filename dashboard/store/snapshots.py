"""Snapshots of the database, what reader processes read when several serve the app (dashboard/serving/processes.py).

The writer owns the DuckDB file. Once its writes are committed it publishes a snapshot (``publish``): a checkpoint
(all of the log moved into the file), a copy of the file in ``<base>.instantanes/``, then ``courant.json``
replaced in one rename, naming the copy and the data versions it carries (dashboard/store/data_versions.py). A
reader looks at ``courant.json`` once per request (one ``stat``; it is read again only when it changed) and reads
that copy, opened read-only (``current``): it never touches the live file, so it never waits for its lock (no
« base occupée » while an editor or an import writes), and what it shows is at most one publication old.

A request reads one snapshot from start to end (the one current when it first asked), so that the versions keying
its caches and the rows it reads agree. The copies replaced stay a few seconds for the requests still reading them,
then are removed (an open copy stays readable once removed: POSIX keeps the file until its last reader closes it).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path

from flask import g, has_request_context

from dashboard.serving import processes
from data.db import database_path

CURRENT = "courant.json"
KEPT = 3  # the copies kept besides the current one, each at least KEPT_SECONDS
KEPT_SECONDS = 10.0
FIRST_WAIT_SECONDS = 60.0  # what a reader waits for the writer's first publication (the writer starting)


class NoSnapshot(RuntimeError):
    def __init__(self, folder: Path):
        super().__init__(f"Le processus d'écriture n'a publié aucune copie de la base dans « {folder} » en "
                         f"{FIRST_WAIT_SECONDS:.0f} secondes : voir son journal.")


@dataclass(frozen=True)
class Snapshot:
    path: Path
    imported: str  # the writer's version of imported data
    edited: dict[str, int]  # the writer's count of its writes by kind
    writer: str  # drawn at each start of the writer: its counts start again from zero
    published: int  # when, in nanoseconds since 1970: which of two snapshots is the newer

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def previous(self) -> str:
        """The name of the snapshot that the writer published just before this one (``publish`` numbers them)."""
        writer, _, sequence = self.path.stem.rpartition("-")
        return f"{writer}-{int(sequence) - 1}{self.path.suffix}"

    def age(self) -> float:
        """Seconds since it was published."""
        return (time.time_ns() - self.published) / 1e9


def folder(database: Path) -> Path:
    return database.with_name(database.name + ".instantanes")


# --- the writer's side ---------------------------------------------------------------------------

def publish(con, database: Path, writer: str, sequence: int, imported: str, edited: dict[str, int]) -> Snapshot:
    """Checkpoint ``con`` (a read-write connection to ``database``) and make a copy of the file current. The caller
    makes sure that nothing writes meanwhile (``store.turns.alone``).

    The copy is made by a child process (``cp``), never by this one: DuckDB's lock on the file is a POSIX record
    lock, which belongs to the process and is dropped when the process closes *any* descriptor of the file — a copy
    opened and closed here would let a command-line import write under this process's open database."""
    con.execute("CHECKPOINT")
    place = folder(database)
    place.mkdir(exist_ok=True)
    copy = place / f"{writer}-{sequence}.duckdb"
    subprocess.run(["cp", "--", str(database), str(copy.with_suffix(".part"))], check=True, capture_output=True)
    os.replace(copy.with_suffix(".part"), copy)
    published = Snapshot(copy, imported, edited, writer, time.time_ns())
    text = json.dumps({"snapshot": copy.name, "imported": imported, "edited": edited, "writer": writer,
                       "published": published.published})
    (place / (CURRENT + ".part")).write_text(text, encoding="utf-8")
    os.replace(place / (CURRENT + ".part"), place / CURRENT)
    _remove_old(place, copy)
    return published


def _remove_old(place: Path, current: Path) -> None:
    copies = sorted((p for p in place.glob("*.duckdb") if p != current), key=lambda p: p.stat().st_mtime)
    now = time.time()
    for old in copies[:-KEPT]:
        if now - old.stat().st_mtime > KEPT_SECONDS:
            old.unlink(missing_ok=True)


def forget(database: Path) -> None:
    """Remove what a previous run published: readers starting wait for the writer's first snapshot, never read one
    older than the file (a command-line import may have changed it since)."""
    shutil.rmtree(folder(database), ignore_errors=True)


# --- the readers' side ---------------------------------------------------------------------------

class Latest:
    """The snapshot ``courant.json`` names, read again only when the file changed (its inode: it is replaced).

    Without a lock: under load, a thread holding one while it waits for the interpreter would hold up every request.
    Each call returns the snapshot that matches its own look at the file; two threads that both see it changed both
    read it, which is harmless."""

    def __init__(self):
        self._known: tuple[tuple, Snapshot] | None = None

    def get(self, database: Path) -> Snapshot:
        place = folder(database)
        deadline = time.monotonic() + FIRST_WAIT_SECONDS
        while True:
            try:
                stat = (place / CURRENT).stat()
                break
            except FileNotFoundError:
                if time.monotonic() > deadline:
                    raise NoSnapshot(place) from None
                time.sleep(0.1)
        seen = (str(place), stat.st_ino, stat.st_mtime_ns)
        known = self._known
        if known is not None and known[0] == seen:
            return known[1]
        data = json.loads((place / CURRENT).read_text(encoding="utf-8"))
        snapshot = Snapshot(place / data["snapshot"], data["imported"], data["edited"], data["writer"],
                            data["published"])
        self._known = (seen, snapshot)
        return snapshot


latest = Latest()


def current() -> Snapshot | None:
    """The snapshot this reader reads now (the same for all of a request); None outside of a reader process."""
    if not processes.reads_snapshots():
        return None
    if has_request_context() and "cop_snapshot" in g:
        return g.cop_snapshot
    snapshot = latest.get(database_path())
    if has_request_context():
        g.cop_snapshot = snapshot
    return snapshot


# --- the versions that key the caches ------------------------------------------------------------

_built_for: ContextVar[Snapshot | None] = ContextVar("built_for", default=None)


@contextmanager
def versions_of(snapshot: Snapshot) -> Iterator[None]:
    """In the writer, what runs inside is kept under the data versions of ``snapshot`` as its readers see them
    (``versioned``), though it reads the file: the answers it builds ahead for them (dashboard/serving/ahead.py)."""
    token = _built_for.set(snapshot)
    try:
        yield
    finally:
        _built_for.reset(token)


def versioned() -> Snapshot | None:
    """The snapshot whose data versions key the caches (dashboard/store/data_versions.py): the one this reader reads,
    or the one the writer builds answers ahead for; None in one process, or in the writer otherwise."""
    return _built_for.get() or current()
