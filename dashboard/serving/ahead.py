"""Pages built ahead by the writer, when several processes serve (dashboard/serving/processes.py).

After a write, the readers were building the pages it changed themselves: the roadmap's answer, 110 to 150 ms of
processor, took them 0.6 to 0.95 s under a meeting's load (each reader shares its interpreter among its busy
threads), so that with a commitment saved every second the answer of a snapshot was often not built when the next
one came, and every participant of that reader waited for the page. The writer has its own processor share, at a
higher priority than the readers', and nothing else to do between writes: once it has published a snapshot, it
builds the answers that participants asked for lately and that the write changed (``Builder``), and puts them where
the readers look (their shared cache, under the keys they use: ``snapshots.versions_of``). Meanwhile, for
``page_answers.HEAD_START_SECONDS``, a reader sends a visitor who is not signed in the answer of the snapshot before
without building it; then it takes its turn as before, which waits for the writer's if the writer still builds.

What is built ahead is what readers recorded (dashboard/serving/asked_pages.py): the requests of kept pages that
visitors not signed in sent lately, sent again by the writer as such a visitor (no session: nothing of an account is
built). A page that the write did not change is found kept, and not built.
"""

from __future__ import annotations

import json
import logging
import threading

from cachelib import FileSystemCache
from flask import Flask

from dashboard.serving import asked_pages, forwarding, page_answers, processes
from dashboard.store import cache, shared_cache, snapshots
from dashboard.store.snapshots import Snapshot
from data.db import database_path

log = logging.getLogger("cop")


class Builder:
    """In the writer, a thread that builds ahead, for the snapshot last published, the answers readers will ask."""

    def __init__(self):
        self._published: Snapshot | None = None
        self._woken = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self, server: Flask) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, args=(server,), name="pages d'avance", daemon=True)
            self._thread.start()

    def published(self, snapshot: Snapshot) -> None:
        """Called by the publisher once ``snapshot`` is current."""
        self._published = snapshot
        self._woken.set()

    def _run(self, server: Flask) -> None:
        values = FileSystemCache(str(shared_cache.values_folder(database_path())), threshold=0)
        client = server.test_client()
        while True:
            self._woken.wait()
            self._woken.clear()
            snapshot = self._published
            try:
                for body, encoding in asked_pages.recent():
                    if self._published is not snapshot:  # a newer one: build for it instead
                        break
                    self._build(server, client, values, snapshot, body, encoding)
            except Exception:
                log.exception("Pages construites d'avance pour les processus lecteurs : échec")

    def _build(self, server: Flask, client, values: FileSystemCache, snapshot: Snapshot, body: bytes,
               encoding: str | None) -> None:
        """The answer to ``body`` on ``snapshot``, as a reader would keep it, unless it is kept already."""
        with snapshots.versions_of(snapshot), server.test_request_context():
            keys = page_answers.page_keys(json.loads(body), encoding)
        if keys is None:
            return
        key, on_snapshots = keys
        if not values.has(key):
            try:
                turn = shared_cache.FileTurn(shared_cache.turns_folder(database_path()), key, wait=False)
            except shared_cache.Busy:  # a reader builds it
                return
            try:
                if not values.has(key):
                    with snapshots.versions_of(snapshot):
                        client.post("/_dash-update-component", data=body, headers={
                            "Content-Type": "application/json", "Accept-Encoding": encoding or "identity",
                            forwarding.SECRET_HEADER: processes.secret(), forwarding.CLIENT_HEADER: "127.0.0.1"},
                            environ_base={"REMOTE_ADDR": "127.0.0.1"})
                    if (kept := cache.get(key)) is not None:  # kept by this process's page_answers, as a reader's
                        values.set(key, kept)
            finally:
                turn.let_go()
        if (kept := values.get(key)) is not None:
            values.set(page_answers.built_on(on_snapshots, snapshot.name), kept)


builder = Builder()
