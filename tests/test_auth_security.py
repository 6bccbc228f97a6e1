"""Sign-in hardening: same-site redirects, sign-out by POST, revocable sessions, the secret key outside the
database, cookie flags, security headers and throttled sign-ins.

Most cases use Flask's test client on the app created in this process; the revocation cases use the
served app (``roadmap_app``), a copied cookie and the command line, as an attacker and an admin would.
"""

from __future__ import annotations

import base64
import hashlib
import logging
import os
import re
import stat
import subprocess
import sys

import pytest
import requests
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC

from app import create_app
from dashboard.access import gate
from data.db import applied_versions, connect, migrate, migrations
from domain import users
from domain.permissions import Role
from tests.browsing import severe_console_errors, wait
from tests.browsing import sign_in as sign_in_browser
from tests.conftest import ROOT, app_on
from tests.roadmap_fixtures import PASSWORDS, call, roadmap_app, signed_in  # noqa: F401  (fixture)

ALICE = ("alice", "motdepasse-alice")
ESCAPES = ["%2F%09%2Fevil.example%2F", "//evil.example", "/%5Cevil.example", "https://evil.example",
           "javascript:alert(1)", "%2F%0D%0A%2Fevil.example", "/%0A/evil.example"]


@pytest.fixture
def client(db_path):
    """A test client of the app on an empty database holding the account alice."""
    with connect(db_path) as con:
        add_account(con, *ALICE)
    with app_on(db_path) as (_, client):
        yield client


def add_account(con, username, password):
    """The account, named after its identifier (alice → Alice), or a new password for it."""
    users.save_user(con, username, password, username.capitalize())


def sign_in(client, username, password, address="127.0.0.1"):
    return client.post("/connexion", data={"identifiant": username, "mot_de_passe": password},
                       environ_base={"REMOTE_ADDR": address})


def signed_in_as(client) -> str | None:
    """The name the sign-out page greets, or None when the client is not signed in."""
    page = client.get("/deconnexion").text
    found = re.search(r"connecté en tant que ([^.]+)\.", page)
    return found.group(1) if found else None


@pytest.mark.parametrize("escape", ESCAPES)
def test_redirects_after_signing_in_or_out_stay_on_this_site(client, escape):
    signed = client.post(f"/connexion?suivant={escape}", data={"identifiant": "alice", "mot_de_passe": ALICE[1]})
    assert signed.status_code == 302 and signed.headers["Location"] == "/"
    assert 'name="suivant" value="/"' in client.get(f"/deconnexion?suivant={escape}").text
    left = client.post(f"/deconnexion?suivant={escape}")
    assert left.status_code == 302 and left.headers["Location"] == "/"


def test_a_path_of_this_site_is_kept_as_the_next_page(client):
    signed = client.post("/connexion", data={"identifiant": "alice", "mot_de_passe": ALICE[1],
                                             "suivant": "/feuille-de-route?region=53&niveau=crte"})
    assert signed.headers["Location"] == "/feuille-de-route?region=53&niveau=crte"


def test_signing_out_takes_a_post_the_get_only_asks_to_confirm(client):
    assert sign_in(client, *ALICE).status_code == 302
    confirmation = client.get("/deconnexion?suivant=/feuille-de-route")
    assert confirmation.status_code == 200
    assert '<form method="post" action="/deconnexion"' in confirmation.text
    assert 'id="deconnexion-valider"' in confirmation.text
    assert signed_in_as(client) == "Alice"  # a link, an image or a prefetch cannot sign anyone out
    left = client.post("/deconnexion", data={"suivant": "/feuille-de-route"})
    assert left.status_code == 302 and left.headers["Location"] == "/feuille-de-route"
    assert signed_in_as(client) is None and "Vous n'êtes pas connecté." in client.get("/deconnexion").text


def freeze(session: requests.Session, url: str, name: str) -> str:
    """Try to freeze a version of the roadmap (a write reserved to editors); the callback's answer."""
    response = call(session, url, "roadmap-freeze.n_clicks", {
        "roadmap-freeze.n_clicks": 1, "roadmap-version-name.value": name, "roadmap-params.data": {"region": "53"}})
    assert response.status_code == 200, response.text
    body = response.json()  # a refusal comes through the app's error path, as a side update
    shown = (body.get("response", {}).get("roadmap-freeze-message")
             or body.get("sideUpdate", {}).get("roadmap-freeze-message"))
    return shown["children"]


def copied(session: requests.Session) -> requests.Session:
    thief = requests.Session()
    thief.cookies.update(session.cookies)
    return thief


def test_a_cookie_copied_before_signing_out_no_longer_writes(roadmap_app):
    url, _ = roadmap_app
    alice, other_device = signed_in(url, "alice"), signed_in(url, "alice")
    thief = copied(alice)
    assert freeze(thief, url, "avant la déconnexion") == "Version « avant la déconnexion » figée."
    assert alice.post(f"{url}/deconnexion", allow_redirects=False).status_code == 302
    for session in (thief, other_device):
        assert freeze(session, url, "après la déconnexion") == gate.REFUSED
    assert freeze(signed_in(url, "alice"), url, "reconnectée") == "Version « reconnectée » figée."


def command(database, *arguments, input=None) -> subprocess.CompletedProcess:
    """``python -m loaders …`` in its own process, as the administrator runs it while the app serves."""
    return subprocess.run([sys.executable, "-m", "loaders", *arguments], cwd=ROOT, input=input, text=True,
                          capture_output=True, env={**os.environ, "COP_DB": str(database)}, timeout=120)


def test_a_cookie_copied_before_a_password_change_or_a_revocation_no_longer_writes(roadmap_app):
    url, database = roadmap_app
    thief = copied(signed_in(url, "bob"))
    assert freeze(thief, url, "de Bob") == "Version « de Bob » figée."
    changed = command(database, "utilisateur", "bob", "--mot-de-passe-stdin", input="un nouveau mot de passe\n")
    assert changed.returncode == 0 and "ses sessions ouvertes sont fermées" in changed.stdout, changed.stderr
    assert freeze(thief, url, "volée") == gate.REFUSED
    bob = requests.Session()
    assert bob.post(f"{url}/connexion", data={"identifiant": "bob", "mot_de_passe": "un nouveau mot de passe"},
                    allow_redirects=False).status_code == 302
    thief = copied(bob)
    revoked = command(database, "utilisateur", "bob", "--revoquer")
    assert revoked.returncode == 0 and "Sessions du compte « bob » fermées" in revoked.stdout, revoked.stderr
    for session in (thief, bob):
        assert freeze(session, url, "révoquée") == gate.REFUSED
    unknown = command(database, "utilisateur", "personne", "--revoquer")
    assert unknown.returncode == 1 and "Compte « personne » introuvable" in unknown.stderr


def test_in_the_browser_an_editor_signs_out_with_the_button_under_the_content_security_policy(roadmap_app, browser):
    url, _ = roadmap_app
    roadmap = f"{url}/feuille-de-route?region=53"
    for leave in ("page button", "confirmation"):
        sign_in_browser(browser, url, "alice", PASSWORDS["alice"])
        browser.get(roadmap)
        wait(browser).until(EC.text_to_be_present_in_element((By.ID, "roadmap-account"), "Connecté : Alice"))
        if leave == "page button":
            browser.find_element(By.CSS_SELECTOR, "#roadmap-account button[type=submit]").click()
        else:
            browser.get(f"{url}/deconnexion?suivant=/feuille-de-route%3Fregion%3D53")
            wait(browser).until(EC.element_to_be_clickable((By.ID, "deconnexion-valider"))).click()
        wait(browser).until(EC.visibility_of_element_located((By.ID, "roadmap-sign-in")))
        assert browser.current_url == roadmap, leave
    browser.get(f"{url}/deconnexion")
    assert "Vous n'êtes pas connecté." in browser.find_element(By.TAG_NAME, "main").text
    assert severe_console_errors(browser) == []


def test_the_session_secret_is_a_private_file_outside_the_database(db_path, monkeypatch):
    monkeypatch.delenv("COP_SECRET_KEY", raising=False)
    monkeypatch.delenv("COP_SECRET_KEY_FILE", raising=False)
    first = create_app().server.secret_key
    key_file = db_path.parent / ".cop-secret-key"
    assert key_file.read_text().strip() == first and len(first) == 64
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert create_app().server.secret_key == first  # sessions survive a restart
    with connect(db_path, read_only=True) as con:
        assert con.execute("SELECT count(*) FROM app_settings").fetchone()[0] == 0
    elsewhere = db_path.parent / "cles" / "session"
    monkeypatch.setenv("COP_SECRET_KEY_FILE", str(elsewhere))
    assert create_app().server.secret_key == elsewhere.read_text().strip() != first
    monkeypatch.setenv("COP_SECRET_KEY", "une clé donnée par l'environnement")
    assert create_app().server.secret_key == "une clé donnée par l'environnement"


def test_the_migration_deletes_a_secret_kept_in_the_database(tmp_path):
    with connect(tmp_path / "ancienne.duckdb") as con:
        applied_versions(con)
        for version, name, sql in migrations()[:5]:  # the schema when the secret was kept in the database
            con.execute(sql)
            con.execute("INSERT INTO schema_migrations (version, name) VALUES (?, ?)", [version, name])
        con.execute("INSERT INTO app_settings VALUES ('secret_key', 'ancienne-cle')")
        migrate(con)
        assert con.execute("SELECT count(*) FROM app_settings WHERE key = 'secret_key'").fetchone()[0] == 0


@pytest.mark.parametrize("environment, secure", [
    ({}, False),
    ({"COP_URL_PUBLIQUE": "https://cop.exemple.fr"}, True),
    ({"COP_URL_PUBLIQUE": "https://cop.exemple.fr", "COP_COOKIE_SECURE": "non"}, False),
    ({"COP_URL_PUBLIQUE": "http://127.0.0.1:8050", "COP_COOKIE_SECURE": "oui"}, True),
])
def test_the_session_cookie_is_secure_when_the_public_address_is_https(db_path, monkeypatch, environment, secure):
    for name in ("COP_URL_PUBLIQUE", "COP_COOKIE_SECURE"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    with connect(db_path) as con:
        add_account(con, *ALICE)
    cookie = sign_in(create_app().server.test_client(), *ALICE).headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert ("; Secure" in cookie) is secure


def inline_script_hashes(page: str) -> list[str]:
    """The sha256 of every inline script the browser would run (not JSON data, not inside comments)."""
    page = re.sub(r"<!--.*?-->", "", page, flags=re.S)
    return [f"'sha256-{base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()}'"
            for attributes, body in re.findall(r"<script([^>]*)>(.*?)</script>", page, re.S)
            if body.strip() and "application/json" not in attributes]


@pytest.mark.parametrize("path", ["/", "/feuille-de-route?region=53", "/connexion"])
def test_every_page_has_a_strict_content_security_policy_that_allows_dash(client, path):
    response = client.get(path)
    policy = dict(part.strip().split(" ", 1) for part in response.headers["Content-Security-Policy"].split(";"))
    assert policy["default-src"] == "'self'" and policy["frame-ancestors"] == "'none'"
    assert policy["object-src"] == "'none'" and policy["base-uri"] == "'self'"
    assert "'unsafe-inline'" not in policy["script-src"] and "'unsafe-eval'" not in policy["script-src"]
    assert all(hash_ in policy["script-src"] for hash_ in inline_script_hashes(response.text))
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_a_21st_wrong_password_is_refused_even_when_it_is_right(client, db_path, caplog):
    caplog.set_level(logging.WARNING, logger="dashboard.access.auth")
    with connect(db_path) as con:
        add_account(con, "bob", PASSWORDS["bob"])
    for attempt in range(20):
        assert sign_in(client, "alice", f"essai {attempt}").status_code == 401
    locked = sign_in(client, *ALICE)
    assert locked.status_code == 429 and signed_in_as(client) is None
    assert re.search("Trop de tentatives de connexion échouées : réessayez dans 1[45] minutes.", locked.text)
    assert sign_in(client, "bob", PASSWORDS["bob"]).status_code == 302  # other accounts are not locked
    messages = [record.getMessage() for record in caplog.records]
    assert sum("Connexion refusée : compte 'alice', adresse 127.0.0.1" in m for m in messages) == 20
    assert sum("Connexion bloquée" in m and "'alice'" in m for m in messages) == 1


def test_an_address_trying_many_accounts_is_throttled(client, monkeypatch):
    with monkeypatch.context() as patch:  # each attempt would check a scrypt hash (~0.2 s): this test counts
        patch.setattr(users, "check_password_hash", lambda digest, password: False)
        for attempt in range(50):
            assert sign_in(client, f"compte{attempt}", "mauvais", address="203.0.113.7").status_code == 401
    assert sign_in(client, *ALICE, address="203.0.113.7").status_code == 429
    assert sign_in(client, *ALICE, address="198.51.100.2").status_code == 302


def test_an_unknown_account_costs_the_same_password_check_as_a_known_one(db_path, monkeypatch):
    checked = []
    real_check = users.check_password_hash
    monkeypatch.setattr(users, "check_password_hash", lambda digest, password: checked.append(digest)
                        or real_check(digest, password))
    with connect(db_path) as con:
        add_account(con, *ALICE)
        assert users.authenticate(con, "alice", "pas le bon") is None
        assert users.authenticate(con, "personne", "pas le bon") is None
        assert users.authenticate(con, *ALICE) == users.Account("alice", "Alice", 1, Role.TEAM)
    known, unknown, _ = checked
    assert unknown != known and unknown.split("$")[0] == known.split("$")[0] == "scrypt:32768:8:1"


def test_a_new_password_and_a_revocation_change_the_session_version(db_path):
    with connect(db_path) as con:
        add_account(con, *ALICE)
        add_account(con, "alice", "un autre mot de passe")
        assert users.account(con, "alice").session_version == 2
        assert users.end_sessions(con, "alice") and users.account(con, "alice").session_version == 3
        assert not users.end_sessions(con, "personne")
