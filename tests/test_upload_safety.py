"""Uploads replayed as an attacker would, with a regional team's account: nothing the browser sends becomes a path
(slots, file names, tokens, links planted in the upload folder), and the confirmation imports only what that
account previewed, as the server recorded it (the digest the browser sends is not trusted)."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import secrets
from pathlib import Path

import pytest

from bench.dash_requests import post
from dashboard.importing import uploads
from tests.conftest import fingerprint
from tests.test_imports_web import finished, sign_in, web  # noqa: F401 (web: the app and its client)
from tests.test_imports_web import upload as replay

TOKEN = f"jeton-de-l-attaquant-{secrets.token_hex(8)}"  # one per run: the upload folder is the system's
ROWS = b"region;levier_id;annee;valeur\nBretagne;augm_voitelec;2023;{}\n"
ONE_ROW = ROWS.replace(b"{}", b"1")


def data_url(content: bytes) -> str:
    return "data:text/csv;base64," + base64.b64encode(content).decode()


def upload(app, client, slot, filename="e.csv", content=ONE_ROW, token=TOKEN,
           kind="observations") -> str:
    """The answer to dropping ``content`` in the upload field ``slot``, as the browser posts it."""
    return json.dumps(post(client, app, "dashboard.pages.imports._receive", replay(
        data_url(content), kind, slot, filename, token)).json, ensure_ascii=False)


def snapshot(folder: Path) -> dict[str, bytes | str]:
    """Every file, folder and link under ``folder``, with its content."""
    found = {}
    for path in sorted(folder.rglob("*")):
        key = str(path.relative_to(folder))
        found[key] = f"-> {os.readlink(path)}" if path.is_symlink() else path.read_bytes() if path.is_file() else "/"
    return found


@pytest.fixture
def victim(tmp_path) -> Path:
    """A folder outside the uploads, with files an attacker would like to erase, overwrite or read."""
    folder = tmp_path / "victime"
    (folder / "fichier").mkdir(parents=True)
    (folder / "garder.txt").write_text("intact")
    (folder / "fichier" / "e.csv").write_text("ne pas écraser")
    (folder / "secret.csv").write_text("region;levier_id;annee;valeur\nsecret;augm_voitelec;2023;1\n")
    return folder


@pytest.fixture
def token_folder():
    folder = uploads.root() / TOKEN
    uploads.discard(TOKEN)
    yield folder
    uploads.discard(TOKEN)


def test_upload_slots_file_names_and_planted_links_never_reach_outside_the_token_folder(web, victim, token_folder):
    app, client = web
    sign_in(client, "equipe-dreal")
    outside = snapshot(victim.parent)
    relative = os.path.relpath(victim, token_folder)
    refused_slot = "Ce fichier ne correspond à aucun des fichiers attendus pour « Valeurs observées »"
    for slot in [str(victim), str(victim / "fichier"), f"{relative}", f"{relative}/fichier", "../..", "..", ".",
                 "", "fichier/", "fichier/../..", "..%2F..%2F" + relative.replace("/", "%2F"), "FICHIER", None]:
        assert refused_slot in upload(app, client, slot), slot
        assert not token_folder.exists() or not any(token_folder.rglob("*")), slot
    for name in [f"{relative}/evil.csv", str(victim / "evil.csv"), "..\\..\\evil.csv", "%2e%2e%2fevil.csv",
                 "fichier/../../../evil.csv", "....//....//evil.csv", "evil.csv\x00.txt/..", "..", "/"]:
        answer = upload(app, client, "fichier", name)
        kept = [p for p in token_folder.rglob("*") if p.is_file()]
        assert all(p.parent == token_folder / "fichier" and "/" not in p.name and not p.name.startswith(".")
                   for p in kept), (name, kept)
        assert "Reçu : " in answer or "format non accepté" in answer, (name, answer[:300])
    for token in (TOKEN + "\n", f"../{TOKEN}", str(victim), {"$ne": None}, ["x" * 32]):
        assert "Fichier introuvable : déposez-le à nouveau." in upload(app, client, "fichier", token=token), token
    assert snapshot(victim.parent) == outside

    uploads.discard(TOKEN)
    token_folder.symlink_to(victim, target_is_directory=True)  # the token's folder itself, a planted link
    assert "Fichier introuvable : déposez-le à nouveau." in upload(app, client, "fichier")
    post(client, app, "dashboard.pages.imports._cancel", ("imports-cancel.n_clicks", {
        "imports-cancel.n_clicks": 1, "imports-token.data": TOKEN}, None))
    assert snapshot(victim.parent) == outside

    uploads.discard(TOKEN)
    (token_folder / "fichier").mkdir(parents=True)
    (token_folder / "fichier" / "e.csv").symlink_to(victim / "secret.csv")  # a link to a file to read
    previewed = finished(app, client, post(client, app, "dashboard.pages.imports._preview", (
        "imports-preview.n_clicks", {"imports-preview.n_clicks": 1, "imports-kind.value": "observations",
                                     "imports-token.data": TOKEN}, None)))
    assert "À fournir avant l'aperçu : Fichier." in json.dumps(previewed, ensure_ascii=False)
    (token_folder / "fichier" / "e.csv").unlink()
    (token_folder / "fichier").rmdir()
    (token_folder / "fichier").symlink_to(victim / "fichier", target_is_directory=True)  # a slot planted as a link
    assert "Reçu : e.csv" in upload(app, client, "fichier")
    assert (token_folder / "fichier").is_dir() and not (token_folder / "fichier").is_symlink()
    assert snapshot(victim.parent) == outside


def confirm(app, client, previewed) -> dict:
    return finished(app, client, post(client, app, "dashboard.pages.imports._confirm", (
        "imports-confirm.n_clicks", {"imports-confirm.n_clicks": 1, "imports-previewed.data": previewed}, None)))


def preview(app, client, token: str) -> dict:
    return finished(app, client, post(client, app, "dashboard.pages.imports._preview", (
        "imports-preview.n_clicks", {"imports-preview.n_clicks": 1, "imports-kind.value": "observations",
                                     "imports-token.data": token}, None)))


def test_only_the_files_the_account_previewed_are_imported_whatever_digest_the_browser_sends(web, token_folder):
    app, client = web
    sign_in(client, "equipe-dreal")
    first, second = ROWS.replace(b"{}", b"1"), ROWS.replace(b"{}", b"2")
    before = fingerprint()
    upload(app, client, "fichier", content=first)
    forged = {"kind": "observations", "token": TOKEN, "region": None,
              "digests": {"fichier": hashlib.sha256(first).hexdigest()}}
    for previewed in (forged, TOKEN):  # never previewed: the digest the browser sends proves nothing
        assert "Vérifiez d'abord le fichier." in json.dumps(confirm(app, client, previewed), ensure_ascii=False)
    assert fingerprint() == before

    kept = preview(app, client, TOKEN)["imports-previewed"]["data"]
    assert kept == TOKEN  # the page keeps the token only; the digests stay on the server
    upload(app, client, "fichier", content=second)
    forged["digests"] = {"fichier": hashlib.sha256(second).hexdigest()}
    assert "Vérifiez d'abord le fichier." in json.dumps(confirm(app, client, forged), ensure_ascii=False)
    assert "Le fichier a changé depuis l'aperçu" in json.dumps(confirm(app, client, kept), ensure_ascii=False)
    assert fingerprint() == before

    preview(app, client, TOKEN)
    done = json.dumps(confirm(app, client, TOKEN), ensure_ascii=False)
    assert "Import n°" in done
    assert fingerprint() != before
