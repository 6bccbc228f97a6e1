"""The cache of the reader processes, one for all of them (dashboard/serving/processes.py).

Each reader keeps its values in its own memory, as one process does; what it builds it also writes to a folder that
every reader reads (``<base>.cache/``): after a write, one reader builds each page that changed and the others find
it there, instead of each building it again on its own cores. The keys are the data versions that the writer
published with the snapshot (dashboard/store/data_versions.py), the same in every reader: a value found is never
out of date, and nothing in a key or a value depends on which process built it. What is kept names nobody it should
not (tests/test_cache_contract.py): a shared key is as safe as a key shared by the threads of one process.

One computation per key across the processes (``FileTurn``): a reader about to build a value takes a lock on a file
named after its key (``flock``, released by the system if the process dies), the others wait for it and then read
what it wrote. The lock's file is removed by its holder once the value is written: the folder keeps no file per key
ever built. A waiter that finds no value (the build failed) builds it itself.

Bounded on the disk: about ``SHARED_ENTRIES`` values (past it, the oldest go first, ``_prune``), each a page's answer
compressed, a figure or a table read — measured in docs/performance.md. The folder is emptied when
the app starts (``forget``).
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
from pathlib import Path
from typing import Any

from cachelib import FileSystemCache, SimpleCache
from flask_caching.backends.base import BaseCache

from dashboard.serving import processes
from data.db import database_path

DEFAULT_SECONDS = 3600
LOCAL_ENTRIES = 2000  # in each process's memory, as one process keeps
SHARED_ENTRIES = 400  # on the disk, for all readers
PRUNE_EVERY = 16  # values set by a process between two looks at how many the disk holds


def folder(database: Path) -> Path:
    return database.with_name(database.name + ".cache")


def values_folder(database: Path) -> Path:
    """Where the values are, for every process (the writer puts there the pages it builds ahead)."""
    return folder(database) / "valeurs"


def turns_folder(database: Path) -> Path:
    return folder(database) / "verrous"


def forget(database: Path) -> None:
    """Remove what a previous run kept (its keys name another writer: never read, but on the disk)."""
    shutil.rmtree(folder(database), ignore_errors=True)


def config() -> dict[str, Any]:
    """The app's cache (Flask-Caching): shared by the readers when several processes serve, else in memory."""
    common = {"CACHE_DEFAULT_TIMEOUT": DEFAULT_SECONDS, "CACHE_THRESHOLD": LOCAL_ENTRIES}
    if not processes.reads_snapshots():
        return {"CACHE_TYPE": "SimpleCache", **common}
    return {"CACHE_TYPE": f"{__name__}.SharedCache", "CACHE_DIR": str(values_folder(database_path())),
            **common}


class SharedCache(BaseCache):
    """This process's memory first, then the folder that every reader shares; what is set goes to both."""

    def __init__(self, directory: str, default_timeout: int = DEFAULT_SECONDS):
        super().__init__(default_timeout)
        self.local = SimpleCache(threshold=LOCAL_ENTRIES, default_timeout=default_timeout)
        self.shared = FileSystemCache(directory, threshold=0, default_timeout=default_timeout)  # bounded by ``_prune``
        self._directory = Path(directory)
        self._sets = 0

    @classmethod
    def factory(cls, app, config, args, kwargs) -> SharedCache:
        return cls(config["CACHE_DIR"], config["CACHE_DEFAULT_TIMEOUT"])

    def get(self, key: str) -> Any:
        value = self.local.get(key)
        if value is None:
            value = self.shared.get(key)
            if value is not None:
                self.local.set(key, value)
        return value

    def set(self, key: str, value: Any, timeout: int | None = None) -> bool:
        self.local.set(key, value, timeout)
        self._sets += 1
        if self._sets % PRUNE_EVERY == 0:
            self._prune()
        return self.shared.set(key, value, timeout)

    def _prune(self) -> None:
        """Above ``SHARED_ENTRIES`` values on the disk, remove the oldest down to three quarters of it, at once
        (``FileSystemCache``'s own bound read every file at each value set past it: seconds of work per write)."""
        found = []
        for path in self._directory.iterdir():
            try:
                found.append((path.stat().st_mtime, path))
            except FileNotFoundError:
                continue
        if len(found) > SHARED_ENTRIES:
            for _, path in sorted(found)[:len(found) - SHARED_ENTRIES * 3 // 4]:
                path.unlink(missing_ok=True)

    def delete(self, key: str) -> bool:
        self.local.delete(key)
        return self.shared.delete(key)

    def clear(self) -> bool:
        return self.local.clear() and self.shared.clear()


class Busy(Exception):
    """Another process is building this value."""


class FileTurn:
    """The turn of one process to build the value of ``key``: a lock on a file named after it, in ``directory``."""

    def __init__(self, directory: Path, key: str, wait: bool = True):
        """Busy when ``wait`` is False and another process holds the turn."""
        directory.mkdir(parents=True, exist_ok=True)
        self._path = directory / (hashlib.sha256(key.encode()).hexdigest() + ".lock")
        self._file = open(self._path, "a")  # noqa: SIM115 (held until ``let_go``)
        try:
            fcntl.flock(self._file, fcntl.LOCK_EX if wait else fcntl.LOCK_EX | fcntl.LOCK_NB)  # waits without the GIL
        except BlockingIOError:
            self._file.close()
            raise Busy(key) from None

    def let_go(self) -> None:
        """After the value is written (or its build failed): the next holder, if any, reads it."""
        try:
            os.unlink(self._path)
        except FileNotFoundError:
            pass
        self._file.close()  # releases the lock


def turn_folder() -> Path | None:
    """Where the readers take their turns, or None when one process serves (its threads' locks suffice)."""
    return turns_folder(database_path()) if processes.reads_snapshots() else None
