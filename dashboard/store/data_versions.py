"""Data versions, the one key by which every cache of the app knows that what it keeps is out of date.

Three versions, each named once here, with one function, and their combination by domain (``changed_by``):

- ``all_data()``: the version of the whole database, which every write changes (an import, an editor's save, a
  sign-in). What a page reads of edited data (commitments, scenarios, methods, versions, accounts) is kept under
  it: ``store.fetch``, ``store.memo``, ``store.memo_as_sent``.
- ``imported_data()``: the version of the imported data (objectives, territories, outlines, indicators), which
  editors' writes (``store.write``) leave alone: what shows imported data only is kept under it, and is not built
  again when an editor saves a commitment, a scenario value, a method, a version or an account —
  ``store.fetch_imported``, ``store.ready_to_send`` and the answers of the pages registered with
  ``kept=IMPORTED_ONLY`` (dashboard/serving/page_answers.py). Every change it cannot attribute to one of those
  writes — an import in this process or from the command line, anything unforeseen — gives a new version: when in
  doubt, pages are built again, never left stale.
- ``edited_data(unchanged_by)``: the version of what editors write, the kinds of write in ``unchanged_by`` left
  out: the count of this process's writes of each other kind (``store.write(..., kind=Write.X)``; a write that
  names no kind counts for every page). A write is counted once committed, before it answers: the editor's next
  page is built again.
- ``changed_by(kinds)``: the version of a value made of imported data and of what editors write of the ``kinds``
  only — each kind of write is a domain of the edited data (commitments, scenarios, methods, regional objectives,
  the register…): ``imported_data()`` and ``edited_data`` of every other kind left out. It keys the answers of the
  pages registered with ``kept=`` (dashboard/serving/page_answers.py), their callbacks' values and the reads that
  name what they read (``store.fetch_changed_by``, ``store.memo_changed_by``, ``store.memo_as_sent(...,
  changed_by=)``): a commitment saved rebuilds the roadmap, not the Écarts, Déclinaison or Diagnostic builds.

When several processes serve the app (dashboard/serving/processes.py), a reader process writes nothing: its
versions are those the writer published with the snapshot it reads (dashboard/store/snapshots.py), prefixed by the
writer's start (its counts start again from zero when it starts again).

A kept value is the same for everyone who asks: it may depend on the data and on its own arguments, never on the
visitor (account, role, session). What does depend on the visitor names it in its key (the frame,
``frame.account_view``; an export, ``reading.readable``; a page kept per role, the role).
tests/test_cache_contract.py checks it on every page.
"""

from __future__ import annotations

import threading
from contextlib import contextmanager

from dashboard.store import snapshots
from data.db import database_path
from domain.permissions import Write


def imported_data() -> str:
    """The version of the imported data: changes with imports, not with editors' writes."""
    snapshot = snapshots.versioned()
    return f"{snapshot.writer}:{snapshot.imported}" if snapshot else imported.version()


def edited_data(unchanged_by: frozenset[Write]) -> str:
    """The version of editors' writes, those of the kinds ``unchanged_by`` left out."""
    snapshot = snapshots.versioned()
    if snapshot:
        return f"{snapshot.writer}:" + counted(snapshot.edited, {str(kind) for kind in unchanged_by})
    return edited.version(unchanged_by)


# Domains of the edited data, each named by the kinds of write that change it: what ``changed_by`` is given.
SCENARIOS = frozenset({Write.SCENARIO})  # scenarios of a new ambition and their values (page Écarts)
OBJECTIVES = frozenset({Write.OBJECTIVE})  # the regions' objectives beyond greenhouse gases (page Écarts)
METHODS = frozenset({Write.METHOD})  # the split methods and their keys (page Déclinaison)
REGISTER = frozenset({Write.REGISTER})  # the register of parties and their contacts
COMMITMENTS = frozenset({Write.COMMITMENT, Write.REVIEW, Write.FOLLOW_UP, Write.VERSION})  # the roadmap, its versions
PROCESS = REGISTER | frozenset({Write.STEP, Write.MEETING, Write.NEED})  # the COP's steps, meetings and needs
ACCOUNTS = frozenset({Write.ACCOUNT})  # accounts, sessions and sign-ins: what a page kept per role never shows


def changed_by(kinds: frozenset[Write]) -> str:
    """The version of what imports and the editors' writes of ``kinds`` change (a write naming no kind included)."""
    return f"{imported_data()}:{edited_data(frozenset(Write) - kinds)}"


def all_data() -> str:
    """The version of the whole database: the file's (``live_data``), or in a reader the snapshot's name."""
    snapshot = snapshots.versioned()
    return snapshot.name if snapshot else live_data()


def live_data() -> str:
    """The version of the DuckDB file, its files' modification times: changes whenever a write (import or edit)
    reaches the file or its write-ahead log."""
    path = database_path()
    stamps = [p.stat().st_mtime_ns for p in (path, path.with_name(path.name + ".wal")) if p.exists()]
    return f"{path}:" + "-".join(map(str, stamps))


class ImportedData:
    """The version of the imported data: the version of all data at which it was last seen changing.

    ``_same`` holds the versions of all data known to carry the same imported data as that version: those that
    this process's editor writes, and its checkpoint before it closes the file, moved it to. While such a change
    is under way (``_carrying``) and no import of this process has started since, a version not yet known
    comes from it: the version stays (no other process writes while this one has the file open: DuckDB
    locks it). A change that an import of this process overlaps carries nothing.
    """

    def __init__(self):
        self._lock = threading.Lock()
        self._version: str | None = None
        self._same: set[str] = set()
        self._started = 0  # imports started in this process
        self._running = 0  # of which in progress
        self._carrying = 0  # changes under way that started from a known stamp
        self._started_then = 0  # imports started when the first of them began

    def version(self) -> str:
        stamp = live_data()
        with self._lock:
            if stamp not in self._same and not self._quiet_since(self._started_then if self._carrying else -1):
                self._version, self._same = stamp, {stamp}
            return self._version

    def _quiet_since(self, started: int) -> bool:
        return self._running == 0 and self._started == started

    @contextmanager
    def unchanged_by(self):
        """Around a change of the file that leaves the imported data as it was (an editor's write, a checkpoint)."""
        before = live_data()
        with self._lock:
            carrying = before in self._same and self._running == 0
            if carrying:
                self._started_then = self._started if not self._carrying else self._started_then
                self._carrying += 1
            started = self._started
        try:
            yield
        finally:
            after = live_data()
            with self._lock:
                if carrying:
                    self._carrying -= 1
                    if self._quiet_since(started):
                        self._same.add(after)

    def importing_now(self) -> bool:
        with self._lock:
            return self._running > 0

    @contextmanager
    def importing(self):
        """Around an import made by this process: the writes it overlaps carry nothing."""
        with self._lock:
            self._started += 1
            self._running += 1
        try:
            yield
        finally:
            with self._lock:
                self._running -= 1


imported = ImportedData()  # the app's one record of its imported data: the store reports its writes to it


class EditedData:
    """How many writes of each kind this process made (``None``: a write that did not name its kind)."""

    def __init__(self):
        self._lock = threading.Lock()
        self._counts: dict[Write | None, int] = {}

    def count(self, kind: Write | None) -> None:
        with self._lock:
            self._counts[kind] = self._counts.get(kind, 0) + 1

    def version(self, unchanged_by: frozenset[Write]) -> str:
        return counted(self.counts(), {str(kind) for kind in unchanged_by})

    def counts(self) -> dict[str, int]:
        """The counts by kind, named as text (``None``: writes that named no kind), as a snapshot carries them."""
        with self._lock:
            return {str(kind): count for kind, count in self._counts.items()}


def counted(counts: dict[str, int], left_out: set[str]) -> str:
    return "-".join(f"{kind}={count}" for kind, count in sorted(counts.items()) if kind not in left_out)


edited = EditedData()  # the app's one count of its editors' writes: the store counts each one there
