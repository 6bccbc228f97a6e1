"""A worker process's way to the database: it asks the store process (dashboard/store/server.py).

Each thread has its own connection to the store process's socket (authenticated by the key that gunicorn's master
gave both at start); a request is one message — what to run, with its arguments — and one answer: the result, or
the exception the store process raised, raised again here (a refused write, a busy database, a conflict). The data
versions are read in the store process's file, mapped in memory: checking that a kept value is current asks
nothing.
"""

from __future__ import annotations

import mmap
import os
import threading
from multiprocessing.connection import Client
from pathlib import Path

from dashboard.store.data_versions import SIZE, Versions

SOCKET, VERSIONS = "store.sock", "versions"


class StoreUnavailable(RuntimeError):
    """The store process did not answer (it stopped, or is starting again)."""


class Remote:
    def __init__(self, folder: Path, key: bytes):
        self._address, self._key = str(folder / SOCKET), key
        descriptor = os.open(folder / VERSIONS, os.O_RDONLY)
        try:
            self.versions = Versions(mmap.mmap(descriptor, SIZE, access=mmap.ACCESS_READ), start=False)
        finally:
            os.close(descriptor)
        self._local = threading.local()

    @classmethod
    def from_environment(cls, folder_setting: str, key_setting: str) -> Remote:
        return cls(Path(os.environ[folder_setting]), bytes.fromhex(os.environ[key_setting]))

    def read(self, query, args: tuple):
        return self.call("read", query, args, retry=True)

    def write(self, action, args: tuple):
        return self.call("write", action, args)

    def write_own(self, action, args: tuple, named: dict, turn):
        return self.call("write_own", action, args, named, turn)

    def call_shared(self, name: str, factory, method: str, args: tuple):
        return self.call("call", name, factory, method, args)

    def call(self, operation: str, *args, retry: bool = False):
        """Run ``operation`` in the store process; ``retry``: once more on a new connection if the first one
        was broken (only what may safely run twice: a read)."""
        for attempt in range(2 if retry else 1):
            connection = self._connection()
            try:
                connection.send((operation, args))
                ok, value = connection.recv()
            except (EOFError, OSError) as error:
                self._local.connection = None
                connection.close()
                if attempt or not retry:
                    raise StoreUnavailable(f"le processus de la base ne répond pas ({error})") from None
                continue
            if ok:
                return value
            raise value
        raise AssertionError("unreachable")

    def _connection(self):
        connection = getattr(self._local, "connection", None)
        if connection is None:
            try:
                connection = Client(self._address, family="AF_UNIX", authkey=self._key)
            except OSError as error:
                raise StoreUnavailable(f"le processus de la base ne répond pas ({error})") from None
            self._local.connection = connection
        return connection
