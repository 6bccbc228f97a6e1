"""The Données page's imports over HTTP: only the team may import (the gate refuses contributors and readers,
changing nothing), a long import shows its steps while it runs, an oversized or changed file is refused."""

from __future__ import annotations

import base64
import json
import shutil
import threading

import pytest

from bench.dash_requests import post
from dashboard import store
from dashboard.features.imports import jobs
from dashboard.importing import uploads
from dashboard.importing.kinds import KINDS
from data.commitment_samples import sample_template
from data.db import connect, migrate
from domain import commitment_store
from domain.errors import UserError
from domain.permissions import Role
from domain.users import save_user
from loaders.journal import Outcome
from tests.conftest import app_on, fingerprint

PASSWORD = "mot-de-passe-de-test"
ACCOUNTS = {"equipe-dreal": Role.TEAM, "contributrice": Role.CONTRIBUTOR, "lecteur": Role.READER}
CSV = "data:text/csv;base64," + base64.b64encode(
    b"region;levier_id;annee;valeur\nBretagne;augm_voitelec;2023;1\n").decode()


@pytest.fixture(scope="module")
def web(real_db, tmp_path_factory):
    """(app, test client) on a copy of the real data with a team member, a contributor and a reader."""
    path = tmp_path_factory.mktemp("imports-web") / "cop.duckdb"
    shutil.copy(real_db, path)
    with connect(path) as con:
        migrate(con)
        for name, role in ACCOUNTS.items():
            save_user(con, name, PASSWORD, name, role)
    with app_on(path) as served:
        yield served


def sign_in(client, username: str) -> None:
    client.delete_cookie("session")
    response = client.post("/connexion", data={"identifiant": username, "mot_de_passe": PASSWORD})
    assert response.status_code == 302


def upload(contents: str = CSV, kind: str = "observations", slot: str = "fichier", filename: str = "e.csv",
           token: str | None = None) -> tuple:
    """The replay of a file dropped in an upload field: what the browser sends once it checked its size
    (assets/upload_limit.js)."""
    return ("imports-upload-pending.data", {
        "imports-upload-pending.data": {"slot": slot, "filename": filename, "contents": contents},
        "imports-kind.value": kind, "imports-token.data": token}, None)


UPLOAD = upload()
REQUESTS = {
    "dashboard.pages.imports._choose_kind": ("imports-kind.value", {
        "imports-kind.value": "observations", "imports-token.data": "x" * 32}, None),
    "dashboard.pages.imports._receive": UPLOAD,
    "dashboard.pages.imports._preview": ("imports-preview.n_clicks", {
        "imports-preview.n_clicks": 1, "imports-kind.value": "observations"}, None),
    "dashboard.pages.imports._confirm": ("imports-confirm.n_clicks", {
        "imports-confirm.n_clicks": 1, "imports-previewed.data": "x" * 32}, None),
    "dashboard.pages.imports._prepare_undo": ("imports-undo-prepare.n_clicks", {
        "imports-undo-prepare.n_clicks": 1, "imports-undo-choice.value": 1}, None),
    "dashboard.pages.imports._undo": ("imports-undo-confirm.n_clicks", {
        "imports-undo-confirm.n_clicks": 1, "imports-undo-choice.value": 1}, None),
}


@pytest.mark.parametrize("username", ["contributrice", "lecteur"])
def test_contributors_and_readers_are_refused_every_import_and_nothing_changes(web, username):
    app, client = web
    sign_in(client, username)
    role = {"contributrice": "contributeur territorial", "lecteur": "lecteur"}[username]
    before = fingerprint()
    for name, replay in REQUESTS.items():
        answer = json.dumps(post(client, app, name, replay).json, ensure_ascii=False)
        assert (f"Modification refusée : le rôle « {role} » ne permet pas d'importer des données."
                in answer), (name, answer[:300])
        assert "imports-job" not in answer
    assert fingerprint() == before


def finished(app, client, answer) -> dict:
    """The outputs of the poll once the job the answer started is over."""
    job_id = answer.json["response"]["imports-job"]["data"]
    assert jobs.get(job_id, "equipe-dreal").finished.wait(120)
    poll = ("imports-poll.n_intervals", {"imports-poll.n_intervals": 1, "imports-job.data": job_id}, None)
    return post(client, app, "dashboard.pages.imports._poll", poll).json["response"]


def test_a_team_member_previews_then_imports_commitments_for_a_region(web, tmp_path):
    app, client = web
    sign_in(client, "equipe-dreal")
    with store.shared.cursor() as con:
        template = sample_template(commitment_store.context(con, "53"), 4, seed=5)
    contents = "data:text/csv;base64," + base64.b64encode(template.to_csv(sep=";", index=False).encode()).decode()
    received = post(client, app, "dashboard.pages.imports._receive", upload(contents, "engagements"))
    token = received.json["response"]["imports-token"]["data"]
    before = fingerprint()
    values = {"imports-preview.n_clicks": 1, "imports-kind.value": "engagements", "imports-token.data": token}
    unchosen = finished(app, client, post(client, app, "dashboard.pages.imports._preview",
                                          ("imports-preview.n_clicks", values, None)))
    assert "À fournir avant l'aperçu : région concernée." in json.dumps(unchosen, ensure_ascii=False)
    values["imports-region.value"] = "53"
    previewed = finished(app, client, post(client, app, "dashboard.pages.imports._preview",
                                           ("imports-preview.n_clicks", values, None)))
    assert "4 lignes ajoutées" in json.dumps(previewed["imports-report"], ensure_ascii=False)
    assert fingerprint() == before
    kept = previewed["imports-previewed"]["data"]
    done = finished(app, client, post(client, app, "dashboard.pages.imports._confirm", (
        "imports-confirm.n_clicks", {"imports-confirm.n_clicks": 1, "imports-previewed.data": kept}, None)))
    assert "Import n°" in json.dumps(done["imports-report"], ensure_ascii=False)
    with store.shared.cursor() as con:
        assert con.execute("SELECT kind, author FROM imports ORDER BY import_id DESC").fetchone() == (
            "engagements", "equipe-dreal")
        assert con.execute("SELECT count(*) FROM commitments WHERE created_by = 'equipe-dreal'").fetchone()[0] == 4


def test_a_running_import_shows_its_steps_then_its_report(web):
    app, client = web
    sign_in(client, "equipe-dreal")
    release = threading.Event()

    def work(say):
        say("Lecture des communes…")
        release.wait(60)
        return Outcome(3, ["Import de test."], import_id=1)

    with app.server.test_request_context():
        job_id = jobs.start("equipe-dreal", "import", work)
    poll = ("imports-poll.n_intervals", {"imports-poll.n_intervals": 1, "imports-job.data": job_id}, None)
    running = post(client, app, "dashboard.pages.imports._poll", poll).json["response"]
    assert "Lecture des communes…" in json.dumps(running, ensure_ascii=False)
    assert running["imports-poll"]["disabled"] is False
    release.set()
    assert jobs.get(job_id, "equipe-dreal").finished.wait(60)
    over = post(client, app, "dashboard.pages.imports._poll", poll).json["response"]
    assert "Import n° 1 enregistré" in json.dumps(over, ensure_ascii=False)
    assert over["imports-poll"]["disabled"] is True
    assert jobs.get(job_id, "lecteur") is None  # another account's page does not see the job


def test_an_oversized_file_is_refused_in_french_and_a_changed_file_is_not_imported(web, monkeypatch):
    app, client = web
    sign_in(client, "equipe-dreal")
    monkeypatch.setattr(uploads, "IMPORTS", uploads.Limit(1, uploads.IMPORTS.beyond))
    big = "data:text/csv;base64," + base64.b64encode(b"x" * 1_200_000).decode()
    answer = json.dumps(post(client, app, "dashboard.pages.imports._receive", upload(big)).json, ensure_ascii=False)
    assert "« e.csv » pèse 1,2 Mo : la limite est de 1 Mo par fichier." in answer
    monkeypatch.undo()
    token, kind = uploads.new_token(), KINDS["observations"]
    path = uploads.save(token, kind.slot("fichier"), "e.csv", CSV)
    previewed = {"digests": uploads.digests(uploads.received(token, kind))}
    path.write_text("region;levier_id;annee;valeur\nBretagne;augm_voitelec;2023;2\n", encoding="utf-8")
    with pytest.raises(UserError, match="Le fichier a changé depuis l'aperçu"):
        uploads.check_unchanged(uploads.received(token, kind), previewed)
    uploads.discard(token)
