"""The writer's publication of snapshots (dashboard/store/snapshots.py), in a thread of its own.

It publishes when the data versions moved since the last publication: an editor's write, an import, a change that a
command-line import made to the file (``python -m loaders``: the version of imported data sees it). It looks every
``POLL_SECONDS``, and at once when a request that wrote asks (``wait``). Publications are grouped: a request that
wrote waits for one that began after it asked, so that the editor's next page shows the write; thirty writes at once
wait for one or two copies, not thirty. A publication runs alone (``store.turns.alone``): no write is half-done in the
copy. It waits while an import of the Data page runs (its writes would make the copy wait for all of it): the writes
made meanwhile are published when it ends, and a request that wrote waits at most ``WAIT_SECONDS`` for it.
"""

from __future__ import annotations

import logging
import secrets
import threading
import time
from collections.abc import Callable

from dashboard import store
from dashboard.store import snapshots
from dashboard.store.data_versions import edited, imported
from data.db import DatabaseBusy, database_path

POLL_SECONDS = 0.1
WAIT_SECONDS = 1.0
log = logging.getLogger("cop")


class Publisher:
    def __init__(self):
        self.writer = secrets.token_hex(6)
        self._state = threading.Condition()
        self._asked = 0  # requests that asked for a publication
        self._served = 0  # of which a publication that began after they asked has ended
        self._published: tuple | None = None
        self._sequence = 0
        self._thread: threading.Thread | None = None
        self.then: Callable[[snapshots.Snapshot], None] | None = None  # told of each snapshot once it is current

    def start(self) -> None:
        with self._state:
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="publication", daemon=True)
                self._thread.start()

    def wait(self, timeout: float = WAIT_SECONDS) -> bool:
        """Ask for a publication of what this thread wrote and wait for it (at most ``timeout``); whether it came."""
        with self._state:
            self._asked += 1
            mine = self._asked
            self._state.notify_all()
            return self._state.wait_for(lambda: self._served >= mine, timeout)

    def _run(self) -> None:
        while True:
            with self._state:
                self._state.wait_for(lambda: self._asked > self._served, POLL_SECONDS)
                target = self._asked
            try:
                done = self.publish_if_changed()
            except (DatabaseBusy, OSError) as error:  # a command-line import holds the file: next time
                log.warning("Copie de la base pour les processus lecteurs remise : %s", error)
                done = False
            except Exception:
                log.exception("Copie de la base pour les processus lecteurs impossible")
                done = False
            if not done:
                time.sleep(POLL_SECONDS)
                continue
            with self._state:
                self._served = max(self._served, target)
                self._state.notify_all()

    def _versions(self) -> tuple:
        return imported.version(), edited.counts()

    def publish_if_changed(self) -> bool:
        """Publish a snapshot if the data changed since the last one; False when it must wait (an import running)."""
        if self._versions() == self._published:
            return True
        if imported.importing_now():
            return False
        with store.turns.alone():
            versions = self._versions()
            with store.shared.cursor() as con, imported.unchanged_by():
                self._sequence += 1
                published = snapshots.publish(con, database_path(), self.writer, self._sequence, *versions)
        self._published = versions
        if self.then is not None:
            self.then(published)
        return True


publisher = Publisher()
