"""The store process: it owns the DuckDB file for gunicorn's worker processes, which serve the pages on every core.

DuckDB lets one process open a file to write, or several to read only, never both at once. The app writes while it
serves (editors save, sign-ins are recorded), so one process owns the file: this one, started by gunicorn's master
before the workers (gunicorn.conf.py, ``start``), stopped with it. Workers build and keep the pages themselves
(dashboard/store/kept.py: the processor time is theirs, on every core) and ask it only for what they do not keep
yet: a query's rows, a write, a shared object's method (dashboard/store/client.py). It runs each request in the
thread of its connection; DuckDB runs queries side by side without Python's lock.

Correctness rests on three points, each tested (tests/test_workers.py):

- a write runs here, in one transaction, with the same conflict handling as a single process
  (``Owner.write``): no write is lost, two editors saving the same row are told of the conflict;
- the data versions (dashboard/store/data_versions.py) are counters in a file mapped in memory, changed here once
  a write has committed and before it answers: a page asked for after a write never comes from before it, in any
  worker; a change made by another process (the command line, while this one had closed the file) is seen within
  ``WATCH_SECONDS``;
- readers never wait for a writer: they read through the same DuckDB instance, each in its own transaction, so
  an editor's write never makes a reader wait for the file (« La base est en cours de mise à jour »).

The socket and the versions' file are in a private temporary folder (``COP_STORE``); connections are authenticated
with a random key (``COP_STORE_KEY``) that only the master, its workers and this process know.
"""

from __future__ import annotations

import logging
import mmap
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from multiprocessing.connection import Client, Listener
from pathlib import Path

from dashboard import store
from dashboard.store.client import SOCKET, VERSIONS
from dashboard.store.data_versions import SIZE, Versions

WATCH_SECONDS = 0.2
START_SECONDS = 60
log = logging.getLogger("cop")


def start() -> subprocess.Popen:
    """Start the store process (from gunicorn's master, once the database is prepared) and tell this process's
    future workers where it is. It stops when the master's end of its input closes."""
    folder = Path(tempfile.mkdtemp(prefix="cop-store-"))
    key = secrets.token_bytes(32)
    environment = {k: v for k, v in os.environ.items() if k not in (store.STORE_SETTING, store.KEY_SETTING)}
    process = subprocess.Popen([sys.executable, "-m", "dashboard.store.server", str(folder)], env=environment,
                               stdin=subprocess.PIPE, text=True)
    process.stdin.write(key.hex() + "\n")
    process.stdin.flush()
    deadline = time.monotonic() + START_SECONDS
    while True:
        try:
            Client(str(folder / SOCKET), family="AF_UNIX", authkey=key).close()
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("Le processus de la base n'a pas démarré.") from None
            time.sleep(0.05)
    os.environ[store.STORE_SETTING], os.environ[store.KEY_SETTING] = str(folder), key.hex()
    return process


def stop(process: subprocess.Popen) -> None:
    folder = os.environ.pop(store.STORE_SETTING, None)
    os.environ.pop(store.KEY_SETTING, None)
    if process.stdin:
        process.stdin.close()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
    if folder:
        shutil.rmtree(folder, ignore_errors=True)


def serve(folder: Path, key: bytes) -> None:
    versions_file = folder / VERSIONS
    versions_file.write_bytes(bytes(SIZE))
    with open(versions_file, "r+b") as file:
        mapped = mmap.mmap(file.fileno(), SIZE)
    owner = store.become_owner(Versions(mapped))
    listener = Listener(str(folder / SOCKET), family="AF_UNIX", authkey=key)
    threading.Thread(target=_watch, args=(owner,), name="store-watch", daemon=True).start()
    threading.Thread(target=_accept, args=(listener, owner), name="store-accept", daemon=True).start()
    sys.stdin.read()  # until the master closes it (or ends)
    owner.shared.close_if_idle()


def _watch(owner) -> None:
    """A change of the file by another process, seen while this one does not hold it, rebuilds everything."""
    while True:
        time.sleep(WATCH_SECONDS)
        owner.shared.watch.look()


def _accept(listener: Listener, owner) -> None:
    while True:
        try:
            connection = listener.accept()
        except Exception as error:  # a client that failed the key's challenge, or hung up meanwhile
            log.warning("Connexion au processus de la base refusée : %s", error)
            continue
        threading.Thread(target=_answer, args=(connection, owner), daemon=True).start()


def _answer(connection, owner) -> None:
    operations = {"read": owner.read, "write": owner.write, "write_own": owner.write_own,
                  "call": owner.call_shared}
    while True:
        try:
            operation, args = connection.recv()
        except (EOFError, OSError):
            return
        try:
            owner.shared.watch.look()
            answer = (True, operations[operation](*args))
        except Exception as error:
            if not _expected(error):
                log.error("Erreur dans le processus de la base (%s)", operation, exc_info=error)
            answer = (False, error)
        try:
            connection.send(answer)
        except (EOFError, OSError):
            return
        except Exception as error:  # a result or an exception that does not pickle
            log.error("Réponse du processus de la base impossible à transmettre (%s)", operation, exc_info=error)
            connection.send((False, RuntimeError(f"{type(error).__name__}: {error}")))


def _expected(error: Exception) -> bool:
    """What a caller handles (a user's error, a busy database): not logged here."""
    from data.db import DatabaseBusy
    from domain.errors import UserError

    return isinstance(error, (UserError, DatabaseBusy))


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="[store] %(levelname)s %(message)s")
    serve(Path(sys.argv[1]), bytes.fromhex(sys.stdin.readline().strip()))
