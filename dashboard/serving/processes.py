"""Every core: one process, or one writer and ``COP_PROCESSUS`` readers (docs/performance.md, « Deux cœurs »).

With ``COP_PROCESSUS`` at 1 (the default, ``make demo``), one gunicorn process serves everything, as it always has.
Above 1, gunicorn's master (gunicorn.conf.py) prepares the database, then starts a second gunicorn, the writer:
one process, bound to 127.0.0.1 on a free port, the only one to open the DuckDB file. Its own workers, the readers,
read snapshots of the file that the writer publishes (dashboard/store/snapshots.py) and hand the writer every
request that writes (dashboard/serving/forwarding.py), with a secret drawn at each start that the writer checks
(dashboard/serving/writer.py). The role, the writer's address and the secret reach the processes through their
environment, set by the master; none of it is ever written to a file. The master starts the writer again if it ends
(``WriterKeeper``), at the same address, with the same secret.
"""

from __future__ import annotations

import ctypes
import logging
import os
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

PROCESSES_SETTING = "COP_PROCESSUS"
ROLE_SETTING = "COP_ROLE"  # set by the master: never by hand
WRITER_SETTING = "COP_ECRIVAIN"
SECRET_SETTING = "COP_ECRIVAIN_SECRET"
WRITER, READER = "ecrivain", "lecteur"
MOST_PROCESSES = 64
READER_NICENESS = 5  # a save waits for the writer's share of the cores, not behind thirty page requests
ROOT = Path(__file__).resolve().parent.parent.parent
log = logging.getLogger("cop")


def count() -> int:
    """``COP_PROCESSUS``: how many processes serve the pages (1 unless set); a French ValueError when unreadable."""
    text = os.environ.get(PROCESSES_SETTING, "").strip() or "1"
    if not text.isdigit() or not 1 <= int(text) <= MOST_PROCESSES:
        raise ValueError(f"{PROCESSES_SETTING} vaut « {text} » : un nombre entier de 1 à {MOST_PROCESSES} est attendu.")
    return int(text)


def role() -> str | None:
    """``WRITER``, ``READER``, or None when one process does everything."""
    found = os.environ.get(ROLE_SETTING)
    return found if found in (WRITER, READER) else None


def reads_snapshots() -> bool:
    return role() == READER


def give_way() -> None:
    """In a reader: a lower priority than the writer's (``nice``), which any process may take for itself."""
    os.nice(READER_NICENESS)


def writer_address() -> tuple[str, int]:
    host, _, port = os.environ[WRITER_SETTING].rpartition(":")
    return host, int(port)


def secret() -> str:
    return os.environ[SECRET_SETTING]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_writer() -> subprocess.Popen:
    """Start the writer (gunicorn, this checkout's gunicorn.conf.py, in the role of writer) and make this process's
    future workers readers that reach it. Called by gunicorn's master before it starts its workers."""
    port, drawn = _free_port(), secrets.token_urlsafe(32)
    os.environ.update({WRITER_SETTING: f"127.0.0.1:{port}", SECRET_SETTING: drawn})
    writer = _spawn_writer()
    os.environ[ROLE_SETTING] = READER
    return writer


def _spawn_writer() -> subprocess.Popen:
    """The writer's gunicorn, at the address and with the secret already in this process's environment. In a session
    of its own: once it is gone, ``_end_group`` can end a worker it left behind (holding the file and the port)."""
    host, port = writer_address()
    return subprocess.Popen([sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py"], cwd=ROOT,
                            env={**os.environ, ROLE_SETTING: WRITER, "HOST": host, "PORT": str(port)},
                            preexec_fn=_ends_with_parent, start_new_session=True)


def _ends_with_parent() -> None:
    """In the writer, before it starts: the system ends it if the master is killed without stopping it (Linux)."""
    PR_SET_PDEATHSIG = 1
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def stop_writer(writer: subprocess.Popen | None) -> None:
    """Stop the writer that ``start_writer`` started (its gunicorn ends its worker gracefully)."""
    if writer is not None and writer.poll() is None:
        writer.send_signal(signal.SIGTERM)
        try:
            writer.wait(timeout=5)
        except subprocess.TimeoutExpired:
            writer.kill()
    if writer is not None:
        _end_group(writer)


def _end_group(writer: subprocess.Popen) -> None:
    """End what is left of a writer that is gone: a worker of its gunicorn, orphaned, would hold the file and port."""
    try:
        os.killpg(writer.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


class WriterKeeper:
    """In gunicorn's master: starts the writer, and starts it again whenever it ends without being asked to.

    A writer gone means no write, no publication: the readers would serve the last snapshot forever. The keeper
    looks every ``LOOK_SECONDS``; a writer that ends is started again at the same address with the same secret
    (the readers hand it their writes as before: they retry for ``forwarding.WRITER_WAIT_SECONDS`` meanwhile),
    after ``PAUSE_SECONDS``, doubled while it keeps ending within ``STEADY_SECONDS`` of its start (at most
    ``LONGEST_PAUSE_SECONDS``): a writer that cannot start does not spin. Each end is in the log.
    """

    LOOK_SECONDS = 0.5
    PAUSE_SECONDS = 0.5
    LONGEST_PAUSE_SECONDS = 30.0
    STEADY_SECONDS = 60.0

    def __init__(self):
        self.writer: subprocess.Popen | None = None
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self.writer = start_writer()
        self._thread = threading.Thread(target=self._keep, name="ecrivain", daemon=True)
        self._thread.start()

    def _keep(self) -> None:
        pause, started = self.PAUSE_SECONDS, time.monotonic()
        while not self._stopping.wait(self.LOOK_SECONDS):
            if self.writer.poll() is None:
                continue
            _end_group(self.writer)
            pause = pause * 2 if time.monotonic() - started < self.STEADY_SECONDS else self.PAUSE_SECONDS
            pause = min(pause, self.LONGEST_PAUSE_SECONDS)
            log.error("Le processus d'écriture s'est arrêté : il est relancé dans %.1f s.", pause)
            if self._stopping.wait(pause):
                return
            self.writer, started = _spawn_writer(), time.monotonic()

    def stop(self) -> None:
        self._stopping.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
        stop_writer(self.writer)
