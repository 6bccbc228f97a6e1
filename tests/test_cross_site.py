"""Forms and callbacks posted from another site are refused: a hostile page cannot sign a visitor in as the
attacker's account (login CSRF), nor post the other plain forms or Dash's callbacks.

Flask's test client sends the headers browsers send; then Chromium opens a hostile page served on another
origin (``localhost`` against the app's ``127.0.0.1``, and another port of ``127.0.0.1``) that posts the
attacker's credentials to /connexion.
"""

from __future__ import annotations

import http.server
import re
import threading
from contextlib import contextmanager
from urllib.parse import urlsplit

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC

from bench.headless import free_port
from dashboard.access import cross_site
from data.db import connect
from domain import users
from tests.browsing import sign_in as sign_in_browser
from tests.browsing import wait
from tests.conftest import EDITOR, EDITOR_PASSWORD, app_on

ALICE = ("alice", "motdepasse-alice")
FORMS = ["/connexion", "/deconnexion", "/mot-de-passe", "/invitation/un-jeton", "/_dash-update-component"]


@pytest.fixture
def client(db_path):
    with connect(db_path) as con:
        users.save_user(con, *ALICE, "Alice")
    with app_on(db_path) as (_, client):
        yield client


def sign_in(client, **headers):
    return client.post("/connexion", data={"identifiant": ALICE[0], "mot_de_passe": ALICE[1]}, headers=headers)


def signed_in_as(client) -> str | None:
    found = re.search(r"connecté en tant que ([^.]+)\.", client.get("/deconnexion").text)
    return found.group(1) if found else None


@pytest.mark.parametrize("headers", [
    {"Sec-Fetch-Site": "cross-site", "Origin": "https://evil.example"},
    {"Sec-Fetch-Site": "same-site", "Origin": "http://localhost:9999"},  # another port or subdomain: not this site
    {"Origin": "https://evil.example"},  # a browser that does not send Sec-Fetch-Site
    {"Origin": "null"},  # a sandboxed frame, a data: page
])
def test_a_sign_in_posted_from_another_site_is_refused_in_french_and_signs_no_one_in(client, headers):
    refused = sign_in(client, **headers)
    assert refused.status_code == 403 and refused.mimetype == "text/html"
    assert f"Requête refusée : {cross_site.REFUSED}".replace("'", "&#39;") in refused.text
    assert "Set-Cookie" not in refused.headers and signed_in_as(client) is None


@pytest.mark.parametrize("headers", [
    {"Sec-Fetch-Site": "same-origin", "Origin": "http://localhost"},  # a page of this site
    {"Sec-Fetch-Site": "none"},  # typed by the user
    {"Origin": "http://localhost"},  # no Sec-Fetch-Site, this host
    {},  # no browser: a script, which no other site drives
])
def test_a_sign_in_from_this_site_or_from_no_browser_passes(client, headers):
    assert sign_in(client, **headers).status_code == 302 and signed_in_as(client) == "Alice"


def test_the_public_address_is_this_site_behind_a_proxy(client, monkeypatch):
    monkeypatch.setenv("COP_URL_PUBLIQUE", "https://cop.exemple.fr/")
    assert sign_in(client, Origin="https://cop.exemple.fr").status_code == 302
    assert sign_in(client, Origin="https://autre.exemple.fr").status_code == 403


@pytest.mark.parametrize("path", FORMS)
def test_every_form_and_callback_refuses_a_post_from_another_site_before_reading_it(client, path):
    assert sign_in(client).status_code == 302  # the visitor is signed in: its cookie goes along
    refused = client.post(path, data={"suivant": "/"}, headers={"Sec-Fetch-Site": "cross-site"})
    assert refused.status_code == 403 and "Requête refusée" in refused.text
    assert signed_in_as(client) == "Alice"  # the sign-out form was not obeyed either
    assert client.get(path if path != "/_dash-update-component" else "/connexion",
                      headers={"Sec-Fetch-Site": "cross-site"}).status_code != 403  # links from elsewhere still open


# --- in Chromium -------------------------------------------------------------------------------------------

HOSTILE = """<!DOCTYPE html><html><body><p>Un jeu concours !</p>
<form method="post" action="{target}/connexion"><input name="identifiant" value="{username}">
<input name="mot_de_passe" value="{password}"></form><script>document.forms[0].submit()</script></body></html>"""


@contextmanager
def hostile_site(target: str):
    """A page on another port that posts the attacker's credentials to ``target`` as soon as it opens."""
    page = HOSTILE.format(target=target, username=EDITOR, password=EDITOR_PASSWORD).encode()

    class Page(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(page)

        def log_message(self, *_):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), Page)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()


def test_in_the_browser_a_hostile_page_cannot_sign_the_visitor_in_as_the_attacker(app_url, browser):
    with hostile_site(app_url) as port:
        for hostile in (f"http://localhost:{port}/", f"http://127.0.0.1:{port}/"):  # cross-site, then same-site
            browser.get(hostile)
            refusal = wait(browser).until(EC.visibility_of_element_located((By.ID, "autre-site")))
            assert urlsplit(browser.current_url).netloc == urlsplit(app_url).netloc, hostile
            assert "Requête refusée" in refusal.text
            browser.get(f"{app_url}/deconnexion")
            assert "Vous n'êtes pas connecté." in browser.find_element(By.TAG_NAME, "main").text, hostile
    sign_in_browser(browser, app_url, EDITOR, EDITOR_PASSWORD)  # the same form, from the app's own page, signs in
    browser.get(f"{app_url}/deconnexion")
    assert "Vous êtes connecté en tant que" in browser.find_element(By.TAG_NAME, "main").text
