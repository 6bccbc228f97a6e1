"""Every core (issue 26, point 4): ``COP_PROCESSUS`` readers on snapshots, one writer (dashboard/serving/processes.py).

In one process: the writer's door refuses what does not come from a reader with the secret; a reader hands the writer
exactly what writes; a reader's data versions are the writer's, published with the snapshot it reads, and a reader
can never write. Served as users start it (gunicorn, ``COP_PROCESSUS=2``) on a copy of the real data: a write made
through any process is the editor's own and shows on the very next page read, whichever process serves it; no
write is lost; readers never see the busy-database message while an editor writes; a forged forward changes
nothing; a command-line import runs while the app serves and then shows; a writer that dies is started again, and
the write handed over meanwhile is made.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import dash
import duckdb
import pandas as pd
import pytest
import requests
from dash import Input, Output, html

from bench.dash_requests import python_callbacks, request_body
from bench.headless import served_process
from bench.meeting import page_requests
from bench.serving import EDITOR, EDITOR_PASSWORD, lever_edit, prepare_editor
from dashboard import store
from dashboard.features.roadmap import form as cf
from dashboard.serving import forwarding, processes, writer
from dashboard.store import data_versions, shared_cache, snapshots
from dashboard.store.publisher import Publisher
from data.commitment_samples import sample_template
from data.db import connect, migrate
from domain import commitment_store
from domain.commitments import FIELDS
from domain.permissions import Write
from domain.split_methods import save_method
from tests.roadmap_fixtures import PARAMS as ROADMAP

ROOT = Path(__file__).resolve().parent.parent
SECRET = "le-secret-tire-au-demarrage"
TITLE = "Chaufferie bois 4821"  # ASCII: found as is in the JSON sent
BUSY = "occupée"


# --- the writer's door ----------------------------------------------------------------------------

class Recorder:
    """A WSGI app that records what reaches it."""

    def __init__(self):
        self.seen: list[dict] = []

    def __call__(self, environ, start_response):
        self.seen.append(dict(environ))
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"fait"]


def _call(app, **environ) -> tuple[str, bytes]:
    status = []
    body = b"".join(app({"REQUEST_METHOD": "GET", "PATH_INFO": "/", "wsgi.url_scheme": "http", **environ},
                        lambda s, headers: status.append(s)))
    return status[0], body


@pytest.fixture
def door(monkeypatch):
    monkeypatch.setattr(writer.publisher, "wait", lambda: True)
    inner = Recorder()
    return writer.WriterDoor(inner, SECRET), inner


@pytest.mark.parametrize("environ", [
    {"REMOTE_ADDR": "127.0.0.1"},
    {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_COP_SECRET": "pas-le-bon"},
    {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_COP_SECRET": SECRET[:-1]},
    {"REMOTE_ADDR": "10.2.3.4", "HTTP_X_COP_SECRET": SECRET},
    {"REMOTE_ADDR": "", "HTTP_X_COP_SECRET": SECRET},
], ids=["sans secret", "mauvais secret", "secret tronqué", "hors de 127.0.0.1", "sans adresse"])
def test_the_writer_refuses_what_is_not_a_readers_request(door, environ):
    app, inner = door
    status, body = _call(app, REQUEST_METHOD="POST", **environ)
    assert status.startswith("403") and body.decode() == writer.REFUSED
    assert inner.seen == []


def test_the_writer_takes_the_clients_address_from_its_reader(door):
    app, inner = door
    status, _ = _call(app, REQUEST_METHOD="POST", REMOTE_ADDR="127.0.0.1", HTTP_X_COP_SECRET=SECRET,
                      HTTP_X_COP_CLIENT="203.0.113.7", HTTP_X_COP_SCHEME="https")
    assert status.startswith("200")
    seen = inner.seen[0]
    assert (seen["REMOTE_ADDR"], seen["wsgi.url_scheme"]) == ("203.0.113.7", "https")
    assert "HTTP_X_COP_SECRET" not in seen  # the app never sees the secret


# --- what a reader hands the writer ---------------------------------------------------------------

def _writes(n):
    return n


def _reads(n):
    return n


@pytest.fixture
def reader(monkeypatch):
    """A reader's middleware on a small app with a callback that writes and one that reads; what it forwards."""
    app = dash.Dash(__name__)
    app.layout = html.Div([html.Button(id="b"), html.Div(id="w"), html.Div(id="r")])
    app.callback(Output("w", "children"), Input("b", "n_clicks"))(_writes)
    app.callback(Output("r", "children"), Input("b", "n_clicks"))(_reads)
    forwarded = []

    def forward(environ, start_response, body):
        forwarded.append((environ["PATH_INFO"], body))
        start_response("200 OK", [])
        return [b"transmis"]

    monkeypatch.setattr(forwarding, "forward", forward)
    return forwarding.Forwarding(app, frozenset({f"{__name__}._writes"})), forwarded


def _post(middleware, path: str, body: bytes, length: int | None = None):
    return _call(middleware, REQUEST_METHOD="POST", PATH_INFO=path, CONTENT_TYPE="application/json",
                 CONTENT_LENGTH=str(len(body) if length is None else length), **{"wsgi.input": io.BytesIO(body)})


def test_a_reader_hands_the_writer_exactly_what_writes(reader):
    middleware, forwarded = reader
    writes = json.dumps({"output": "w.children", "inputs": []}).encode()
    reads = json.dumps({"output": "r.children", "inputs": []}).encode()
    assert _post(middleware, forwarding.CALLBACKS, writes)[1] == b"transmis"
    assert _post(middleware, forwarding.CALLBACKS, reads)[1] != b"transmis"
    assert _post(middleware, "/connexion", b"identifiant=a")[1] == b"transmis"
    assert _call(middleware, PATH_INFO="/suivre/53/flux")[1] == b"transmis"
    assert _call(middleware, PATH_INFO="/_dash-layout")[1] != b"transmis"
    big = b"{" + b" " * forwarding.request_limits.SMALL + b"}"
    assert _post(middleware, forwarding.CALLBACKS, big)[1] == b"transmis"
    assert [path for path, _ in forwarded] == [forwarding.CALLBACKS, "/connexion", "/suivre/53/flux",
                                               forwarding.CALLBACKS]
    assert forwarded[0][1] == writes


def test_a_client_cannot_pass_for_a_reader(monkeypatch):
    monkeypatch.setenv(processes.SECRET_SETTING, SECRET)
    headers = forwarding.headers_to_writer({
        "REMOTE_ADDR": "198.51.100.9", "wsgi.url_scheme": "https", "HTTP_HOST": "cop.exemple.fr",
        "HTTP_X_COP_SECRET": "devine", "HTTP_X_COP_CLIENT": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "127.0.0.1",
        "HTTP_COOKIE": "session=abc", "HTTP_CONNECTION": "keep-alive", "CONTENT_LENGTH": "3"})
    assert headers[forwarding.SECRET_HEADER] == SECRET
    assert headers[forwarding.CLIENT_HEADER] == "198.51.100.9"
    assert (headers["Host"], headers["Cookie"], headers["Content-Length"]) == ("cop.exemple.fr", "session=abc", "3")
    assert not {"X-Forwarded-For", "Connection"} & headers.keys()


# --- a reader's data: the writer's snapshot, its versions -----------------------------------------

def test_a_reader_reads_the_snapshot_and_the_writers_versions(db_path, monkeypatch):
    publisher = Publisher()
    assert publisher.publish_if_changed()

    def seen_by_a_reader():
        monkeypatch.setenv(processes.ROLE_SETTING, processes.READER)
        try:
            return (data_versions.imported_data(), data_versions.edited_data(frozenset()),
                    data_versions.edited_data(frozenset({Write.METHOD})), data_versions.all_data(),
                    store.read_once(lambda con: con.execute("SELECT count(*) FROM split_methods").fetchone()[0]))
        finally:
            monkeypatch.delenv(processes.ROLE_SETTING)

    before = seen_by_a_reader()
    store.write(save_method, "Méthode A", {}, kind=Write.METHOD)
    assert seen_by_a_reader() == before  # not published yet: the reader reads its snapshot, not the live file
    assert publisher.publish_if_changed()
    after = seen_by_a_reader()
    assert after[0] == before[0] and after[0].startswith(publisher.writer)  # imported data unchanged
    assert after[1] != before[1] and after[2] == before[2]  # a method changes what methods change, only
    assert after[3] != before[3]
    assert after[4] == before[4] + 1


def test_the_pages_read_without_the_join_filter_the_loaders_keep(db_path, monkeypatch):
    """The pages' small joins skip DuckDB's join filter pushdown (dashboard/store: ``_for_pages``), on the file and
    on a reader's snapshot alike; a command-line loader's connection keeps DuckDB's default."""
    def disabled(con) -> str:
        return con.execute("SELECT current_setting('disabled_optimizers')").fetchone()[0]

    assert "join_filter_pushdown" in store.read_once(disabled)
    assert Publisher().publish_if_changed()
    monkeypatch.setenv(processes.ROLE_SETTING, processes.READER)
    try:
        assert "join_filter_pushdown" in store.read_once(disabled)
    finally:
        monkeypatch.delenv(processes.ROLE_SETTING)
    store.shared.close_if_idle()
    with connect(db_path) as con:
        assert "join_filter_pushdown" not in disabled(con)


def test_publishing_keeps_the_writers_lock_on_the_file(db_path):
    """A copy of the file opened and closed by the writer itself would drop DuckDB's lock (a POSIX record lock
    belongs to the process): another process, a command-line import, could then write under the open database."""
    with connect(db_path) as con:
        snapshots.publish(con, db_path, "ecrivain", 1, "importees", {})
        other = subprocess.run([sys.executable, "-c", "import duckdb, sys; duckdb.connect(sys.argv[1]).close()",
                                str(db_path)], capture_output=True, text=True, timeout=60)
    assert other.returncode != 0 and "lock" in other.stderr.lower(), other.stderr
    assert (snapshots.folder(db_path) / "ecrivain-1.duckdb").exists()


def test_a_reader_cannot_write(db_path, monkeypatch):
    assert Publisher().publish_if_changed()
    monkeypatch.setenv(processes.ROLE_SETTING, processes.READER)
    with pytest.raises(duckdb.Error, match="read-only"):
        store.write(save_method, "Méthode B", {}, kind=Write.METHOD)
    store.shared.close_if_idle()


# --- served in several processes ------------------------------------------------------------------

class Served:
    def __init__(self, url, master, path, scenario, edit, commitments, new_commitment):
        self.url, self.master, self.path, self.scenario, self.edit = url, master, path, scenario, edit
        self.commitments, self.new_commitment = commitments, new_commitment
        found = environment(self.writer_pid())
        self.secret = found[processes.SECRET_SETTING]  # what only the app's processes know
        self.writer = "http://" + found[processes.WRITER_SETTING]

    def children(self) -> list[str]:
        """The master's children, whichever of its threads started them (the writer started again: its keeper's)."""
        return [pid for task in Path(f"/proc/{self.master.pid}/task").iterdir()
                for pid in (task / "children").read_text().split()]

    def writer_pid(self) -> str | None:
        return next((pid for pid in self.children()
                     if environment(pid).get(processes.ROLE_SETTING) == processes.WRITER), None)

    def wait_for_the_writer_gone(self) -> None:
        """Until the writer's port refuses connections (a request sent meanwhile may be cut: the reader answers 503)."""
        host, _, port = self.writer.removeprefix("http://").rpartition(":")
        for _ in range(100):
            try:
                socket.create_connection((host, int(port)), timeout=1).close()
            except ConnectionRefusedError:
                return
            threading.Event().wait(0.05)
        raise AssertionError("le processus d'écriture tué répond encore")

    def editor(self) -> requests.Session:
        session = requests.Session()
        signed = session.post(f"{self.url}/connexion", data={"identifiant": EDITOR, "mot_de_passe": EDITOR_PASSWORD},
                              allow_redirects=False, timeout=30)
        assert signed.status_code == 302, signed.text
        return session

    def history(self, session: requests.Session) -> list[str]:
        """The lines of the scenario's history, as the export of the Écarts page gives them."""
        answer = session.get(f"{self.url}/export/historique-scenario.csv", params={"scenario": self.scenario},
                             timeout=30)
        assert answer.status_code == 200, answer.text
        return answer.content.decode("utf-8-sig").splitlines()[1:]

    def save(self, session, value: int, version: int, url: str | None = None, **headers) -> requests.Response:
        return session.post(f"{url or self.url}/_dash-update-component", data=self.edit(str(value), version),
                            headers={"Content-Type": "application/json", **headers}, timeout=60)


def commitment_save(path: Path) -> Callable[[str], bytes]:
    """The body that the roadmap's form posts to save a new commitment titled ``title`` in a département of region
    53, as a function of the title: the callback's signature read once from the app (before it is served)."""
    from app import create_app

    app = create_app()
    app.server.test_client().get("/")  # the first request merges the pages' callbacks into the map
    key, spec = python_callbacks(app)["dashboard.pages.roadmap._save"]
    with connect(path) as con:
        context = commitment_store.context(con, "53")
    territory = next(territory for territory in context.territories if territory[0] == "departement")
    record = dict.fromkeys(FIELDS) | {"territory_level": territory[0], "territory_code": territory[1],
                                      "lever_id": min(context.levers), "carrier": "Syndicat de test",
                                      "quantity_kt": 1.5, "start_year": 2026, "end_year": 2029, "status": "proposé"}

    def body(title: str) -> bytes:
        inputs = cf.inputs_from({**record, "title": title})
        values = {f"{cf.input_id(name)}.value": value for name, value in inputs.items()} | {
            "roadmap-save.n_clicks": 1, "roadmap-params.data": ROADMAP, "roadmap-form-base.data": None}
        return json.dumps(request_body(key, spec, values, "roadmap-save.n_clicks")).encode()
    return body


def environment(pid: str) -> dict[str, str]:
    items = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
    return dict(item.decode().split("=", 1) for item in items if b"=" in item)


def saved_version(answer: requests.Response) -> int | None:
    assert answer.status_code == 200, answer.text
    return next((v["data"] for k, v in answer.json()["response"].items() if "scenario-version" in k), None)


@pytest.fixture(scope="module")
def served(real_db, tmp_path_factory):
    folder = tmp_path_factory.mktemp("coeurs")
    path = folder / "cop.duckdb"
    shutil.copy(real_db, path)
    with connect(path) as con:
        migrate(con)
        sample_template(commitment_store.context(con, "53"), 3, seed=11).to_csv(
            folder / "engagements.csv", sep=";", index=False)
    scenario = prepare_editor(path)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("COP_DB", str(path))
        edit = lever_edit(path, scenario)
        new_commitment = commitment_save(path)
        store.shared.close_if_idle()
    with served_process(path, COP_PROCESSUS="2", COP_SECRET_KEY="cle-des-tests") as (url, master):
        yield Served(url, master, path, scenario, edit, folder / "engagements.csv", new_commitment)


def test_two_readers_and_one_writer_serve_the_app(served):
    children = served.children()
    commands = [Path(f"/proc/{pid}/cmdline").read_bytes() for pid in children]
    assert len(children) == 3  # two readers, and the writer's gunicorn
    assert sum(b"gunicorn" in command for command in commands) == 3
    assert requests.get(f"{served.url}/sante", timeout=90).json()["statut"] == "ok"  # read on the first snapshot
    assert (snapshots.folder(served.path) / snapshots.CURRENT).exists()
    writer_pid = served.writer_pid()
    niceness = {pid: os.getpriority(os.PRIO_PROCESS, int(pid)) for pid in children}
    assert sorted(niceness[pid] - niceness[writer_pid] for pid in children if pid != writer_pid) \
        == [processes.READER_NICENESS] * 2  # the readers give way to the writer


def test_a_write_is_the_editors_and_shows_at_once_on_every_reader_none_lost(served):
    session, readers = served.editor(), [served.editor() for _ in range(4)]
    before = len(served.history(session))
    version = saved_version(served.save(session, 0, 0)) or 0
    for number in range(1, 6):
        saved = saved_version(served.save(session, 200 + number, version))
        assert saved == version + 1
        version = saved
        with ThreadPoolExecutor(4) as pool:
            seen = list(pool.map(lambda reader: len(served.history(reader)), readers))
        assert seen == [before + 1 + number] * 4  # the next read, whichever process serves it, shows the write
    lines = served.history(session)[:6]
    assert all("Éditrice du banc d'essai" in line or EDITOR in line for line in lines), lines


def test_a_commitment_saved_shows_at_once_on_every_page_that_shows_commitments_whichever_reader(served):
    """Through a reader to the writer, then read by both readers: the roadmap and its printable document (kept page
    answers, keyed on the version of commitments the writer published) and the commitments' download."""
    session, readers = served.editor(), [served.editor() for _ in range(4)]
    pages = [request for path in ("/feuille-de-route", "/feuille-de-route/document")
             for request in page_requests(path, "?region=53") if request[0] == "rappel"]

    def shown(reader: requests.Session) -> list[bool]:
        answers = [reader.post(served.url + path, data=body, headers={"Content-Type": "application/json"}, timeout=60)
                   for _, _, path, body in pages]
        answers.append(reader.get(f"{served.url}/export/engagements.csv", params={"region": "53"}, timeout=60))
        assert all(answer.status_code == 200 for answer in answers)
        return [TITLE in answer.content.decode("utf-8-sig") for answer in answers]

    with ThreadPoolExecutor(4) as pool:
        assert list(pool.map(shown, readers)) == [[False] * 3] * 4  # each page kept before the write
    saved = session.post(f"{served.url}/_dash-update-component", data=served.new_commitment(TITLE),
                         headers={"Content-Type": "application/json"}, timeout=60)
    assert saved.status_code == 200 and "(version 1)" in saved.text, saved.text[:500]
    with ThreadPoolExecutor(4) as pool:
        assert list(pool.map(shown, readers)) == [[True] * 3] * 4  # the next read, whichever process serves it


def test_after_a_write_the_writer_builds_ahead_the_pages_visitors_opened(served):
    """The roadmap that a visitor not signed in opened is built by the writer once it has published a commitment, into
    the readers' shared cache, before any reader is asked for it (dashboard/serving/ahead.py); it shows the write."""
    session, title = served.editor(), "Engagement construit d'avance"
    page = next(body for kind, _, _, body in page_requests("/feuille-de-route", "?region=53") if kind == "rappel")

    def opened() -> str:
        answer = requests.post(f"{served.url}/_dash-update-component", data=page,
                               headers={"Content-Type": "application/json"}, timeout=60)
        assert answer.status_code == 200
        return answer.text

    opened()  # asked by a visitor: recorded by the reader
    values = shared_cache.values_folder(served.path)
    before = set(values.iterdir())
    saved = session.post(f"{served.url}/_dash-update-component", data=served.new_commitment(title),
                         headers={"Content-Type": "application/json"}, timeout=60)
    assert saved.status_code == 200 and "(version 1)" in saved.text, saved.text[:500]
    deadline = time.monotonic() + 30
    while len(set(values.iterdir()) - before) < 2 and time.monotonic() < deadline:  # the answer, and as built on
        time.sleep(0.1)
    assert len(set(values.iterdir()) - before) >= 2  # built while no reader was asked anything
    assert title in opened()


def test_readers_never_see_the_busy_database_while_an_editor_writes(served):
    session, failures, done = served.editor(), [], threading.Event()
    version = saved_version(served.save(session, 300, 0)) or 0
    pages = [request for path in ("/ecarts", "/feuille-de-route") for request in page_requests(path, "?region=53")]

    def read():
        while not done.is_set():
            for _, method, path, body in pages:
                answer = requests.request(method, served.url + path, data=body, timeout=60,
                                          headers={"Content-Type": "application/json"} if body else {})
                if answer.status_code != 200 or BUSY in answer.text:
                    failures.append((path, answer.status_code, answer.text[:200]))

    readers = [threading.Thread(target=read) for _ in range(3)]
    for thread in readers:
        thread.start()
    try:
        for number in range(8):
            saved = saved_version(served.save(session, 301 + number, version))
            assert saved == version + 1
            version = saved
    finally:
        done.set()
        for thread in readers:
            thread.join()
    assert failures == []


def test_a_forged_forward_changes_nothing(served):
    session = served.editor()
    before = served.history(session)
    refused = served.save(session, 999, 0, url=served.writer)
    assert refused.status_code == 403 and refused.text == writer.REFUSED
    refused = served.save(session, 999, 0, url=served.writer, **{forwarding.SECRET_HEADER: "devine"})
    assert refused.status_code == 403
    anonymous = served.save(requests.Session(), 999, 0, url=served.writer, **{forwarding.SECRET_HEADER: served.secret})
    assert anonymous.status_code in (200, 401, 403) and "999" not in anonymous.text
    forged = requests.Session()
    forged.cookies.set("session", "eyJfdXNlcl9pZCI6InJlZGFjdGlvbjoxIn0.forge.forge")
    assert served.save(forged, 999, 0, url=served.writer, **{forwarding.SECRET_HEADER: served.secret}).status_code \
        in (200, 401, 403)
    assert served.history(session) == before


def test_a_command_line_import_runs_while_the_app_serves_and_then_shows(served):
    def commitments() -> int:
        """The region's commitments, as the roadmap's export of maturities counts them."""
        answer = requests.get(f"{served.url}/export/maturites.csv", params={"region": "53"}, timeout=60)
        assert answer.status_code == 200, answer.text
        return int(pd.read_csv(io.BytesIO(answer.content), sep=";", encoding="utf-8-sig")["Engagements"].sum())

    before = commitments()
    served.editor()  # the writer has just used the file: the import waits for it to let go
    done = subprocess.run([sys.executable, "-m", "loaders", "engagements", str(served.commitments), "--region", "53"],
                          cwd=ROOT, env={**os.environ, "COP_DB": str(served.path)},
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "3 ajoutés" in done.stdout, done.stdout
    shown = None
    for _ in range(100):  # the writer sees the file changed and publishes it (within a second or so)
        if (shown := commitments()) == before + 3:
            break
        threading.Event().wait(0.2)
    assert shown == before + 3, _publication_state(served)


def _publication_state(served) -> str:
    """What the writer last published and what its snapshot holds, and the end of the log: why a change is not shown."""
    current = snapshots.folder(served.path) / snapshots.CURRENT
    named = json.loads(current.read_text(encoding="utf-8"))
    with duckdb.connect(str(current.with_name(named["snapshot"])), read_only=True) as con:
        held = con.execute("SELECT count(*) FROM commitments").fetchone()[0]
    log = served.path.with_suffix(".log").read_text(encoding="utf-8", errors="replace")[-3000:]
    return f"publié : {named} ; engagements dans cette copie : {held}\n{log}"


def test_a_writer_that_dies_is_started_again_and_no_write_is_lost(served):
    session = served.editor()
    version = saved_version(served.save(session, 500, 0)) or 0
    before = len(served.history(session))
    gone = served.writer_pid()
    os.killpg(int(gone), signal.SIGKILL)  # the writer and its worker, at once
    served.wait_for_the_writer_gone()
    saved = saved_version(served.save(session, 501, version))  # handed over once the writer is back
    assert saved == version + 1
    assert served.writer_pid() not in (None, gone)
    assert [len(served.history(served.editor())) for _ in range(4)] == [before + 1] * 4
    assert served.save(session, 502, saved, url=served.writer, **{forwarding.SECRET_HEADER: served.secret}) \
        .status_code == 200  # at the same address, with the same secret


def test_one_process_is_still_the_default(monkeypatch):
    monkeypatch.delenv(processes.PROCESSES_SETTING, raising=False)
    assert processes.count() == 1 and processes.role() is None
    monkeypatch.setenv(processes.PROCESSES_SETTING, "deux")
    with pytest.raises(ValueError, match="COP_PROCESSUS vaut « deux »"):
        processes.count()



def test_phones_follow_the_presenter_whichever_process_serves_them(served):
    """The room lives in the writer: the presenter's moves and the phones' streams both reach it, live."""
    presenter = served.editor()

    def move(screen: int) -> None:
        moved = presenter.post(f"{served.url}/projection/position/53", json={"screen": screen, "proposals": {}},
                               timeout=30)
        assert moved.status_code == 200, moved.text

    move(2)
    with requests.get(f"{served.url}/suivre/53/flux", stream=True, timeout=30,
                      headers={"Accept": "text/event-stream"}) as phone:
        assert phone.headers["Content-Type"].startswith("text/event-stream")
        positions = (json.loads(line[len("data: "):]) for line in phone.iter_lines(decode_unicode=True)
                     if line.startswith("data: ") and '"screen"' in line)
        assert next(positions)["screen"] == 2
        move(4)
        assert next(positions)["screen"] == 4  # relayed as it comes, not when the stream ends
