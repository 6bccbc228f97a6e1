"""While a command-line import holds the DuckDB file, the app says so in French, never with a 500:
on a page, in a callback, for an export and at sign-in; once the import is done, it answers again."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import threading
import time

import pytest

from bench.dash_requests import post, python_callbacks
from dashboard import store
from dashboard.errors import BUSY
from dashboard.store import data_versions
from data import db
from data.db import connect, migrate
from domain.users import save_user
from tests.roadmap_fixtures import PARAMS

HOLD_LOCK = ("import sys, duckdb\n"
             "con = duckdb.connect(sys.argv[1])\n"
             "print('verrou pris', flush=True)\n"
             "sys.stdin.read()\n")


@pytest.fixture
def busy(real_db, tmp_path, monkeypatch):
    """(test client, app, release): the app, then another process holding the file's lock as an import does."""
    path = tmp_path / "cop.duckdb"
    shutil.copy(real_db, path)
    with connect(path) as con:
        migrate(con)
        save_user(con, "redaction", "mot-de-passe-redaction")
    monkeypatch.setenv("COP_DB", str(path))
    monkeypatch.setattr(db, "LOCK_WAIT_SECONDS", 0.2)  # the app gives up waiting quickly; the message is the same
    from app import create_app
    app = create_app()
    client = app.server.test_client()
    assert client.get("/").status_code == 200
    store.shared.close_if_idle()
    holder = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(path)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "verrou pris"

    def release():
        holder.stdin.close()
        holder.wait(timeout=30)

    yield client, app, release
    if holder.poll() is None:
        release()


def said_busy(response) -> bool:
    return BUSY in response.get_data(as_text=True) or BUSY in json.dumps(response.json or {}, ensure_ascii=False)


def test_a_busy_database_is_said_in_french_on_pages_callbacks_exports_and_sign_in(busy):
    client, app, release = busy
    page = client.get("/feuille-de-route?region=53")
    assert page.status_code == 200  # the page's shell needs no data; its content comes from a callback
    router = next(name for name in python_callbacks(app) if name.startswith("dash.dash."))
    content = post(client, app, router, ("_pages_location.pathname", {
        "_pages_location.pathname": "/feuille-de-route", "_pages_location.search": "?region=53"}, None))
    refresh = post(client, app, "dashboard.pages.roadmap._refresh", ("roadmap-saved.data", {
        "roadmap-saved.data": 1, "roadmap-params.data": PARAMS}, None))
    export = client.get("/export/ecarts.csv?region=53")
    sign_in = client.post("/connexion", data={"identifiant": "redaction", "mot_de_passe": "mot-de-passe-redaction"})
    for name, response in {"page": content, "rappel": refresh, "export": export, "connexion": sign_in}.items():
        assert response.status_code != 500, name
        assert said_busy(response), (name, response.get_data(as_text=True)[:300])
    assert content.json["sideUpdate"]["erreur-globale"] == {"hidden": False, "children": BUSY}
    assert export.status_code == sign_in.status_code == 503 and export.headers["Retry-After"]
    release()
    assert client.get("/export/ecarts.csv?region=53").status_code == 200


def test_an_import_that_takes_the_file_the_moment_the_app_lets_go_gives_a_new_version(tmp_path, monkeypatch):
    """A command-line import waits for the app's lock and may take the file as soon as the app closes it: what it
    writes then is never taken for the app's own checkpoint, which would leave every page showing the old data."""
    path = tmp_path / "cop.duckdb"
    with connect(path) as con:
        con.execute("CREATE TABLE t (i INTEGER)")
    monkeypatch.setenv("COP_DB", str(path))
    shared = store.SharedConnection()
    with shared.cursor() as con:
        con.execute("INSERT INTO t VALUES (1)")  # the app's write, in the log until the connection's checkpoint
    before = data_versions.imported.version()
    connection = shared._open[path][0]

    class TakenAtOnce:
        """The app's connection, and the command line that was waiting for its lock."""

        def execute(self, *args):
            return connection.execute(*args)

        def close(self):
            connection.close()
            time.sleep(0.05)  # an import opens, checks and writes: longer than a tick of the files' clock
            with connect(path) as other:
                other.execute("INSERT INTO t VALUES (2)")

    shared._open[path][0] = TakenAtOnce()
    shared.close_if_idle()
    assert data_versions.imported.version() != before


def test_the_app_lets_go_of_the_file_once_idle_with_one_timer_for_many_queries(tmp_path, monkeypatch):
    """The connection closes ``idle_seconds`` after its last cursor (then an import may take the file), not while a
    cursor is in use; many queries in a row arm one timer at a time, not a thread each: one per ``idle_seconds`` they
    last (a timer that finds a query made since arms the next)."""
    path = tmp_path / "cop.duckdb"
    with connect(path) as con:
        con.execute("CREATE TABLE t (i INTEGER)")
    monkeypatch.setenv("COP_DB", str(path))
    started = []

    class Counted(threading.Timer):
        def start(self):
            started.append(self)
            super().start()

    monkeypatch.setattr(threading, "Timer", Counted)
    shared = store.SharedConnection(idle_seconds=0.3)
    start = time.monotonic()
    for _ in range(50):
        with shared.cursor() as con:
            con.execute("SELECT count(*) FROM t").fetchall()
    lasted = time.monotonic() - start
    assert 1 <= len(started) <= 1 + lasted / 0.3 and path in shared._open
    with shared.cursor() as con:
        time.sleep(0.6)  # past the delay while in use: kept
        assert path in shared._open
        con.execute("SELECT 1").fetchall()
    deadline = time.monotonic() + 30
    while path in shared._open and time.monotonic() < deadline:
        time.sleep(0.05)
    assert path not in shared._open
    with connect(path) as other:  # the file is free for an import
        other.execute("INSERT INTO t VALUES (1)")
