"""Sign-in rules and optimistic locking, over HTTP against the running app (two sessions)."""

import io

import pandas as pd
import requests

from app import create_app
from tests.roadmap_fixtures import FORM, call, roadmap_app, signed_in  # noqa: F401  (fixture)


def commitments(url: str) -> pd.DataFrame:
    """The region's commitments, read through the app's own CSV export (no second lock on the database)."""
    body = requests.get(f"{url}/export/engagements.csv?region=53").content
    return pd.read_csv(io.BytesIO(body), sep=";", decimal=",", encoding="utf-8-sig")


def test_sign_in_sets_a_protected_cookie_and_a_wrong_password_is_refused_in_french(roadmap_app):
    url, _ = roadmap_app
    wrong = requests.post(f"{url}/connexion", data={"identifiant": "alice", "mot_de_passe": "non"})
    assert wrong.status_code == 401 and "Identifiant ou mot de passe incorrect." in wrong.text
    response = requests.post(f"{url}/connexion?suivant=/feuille-de-route", allow_redirects=False,
                             data={"identifiant": "alice", "mot_de_passe": "motdepasse-alice",
                                   "suivant": "/feuille-de-route"})
    assert response.status_code == 302 and response.headers["Location"].endswith("/feuille-de-route")
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    outside = requests.post(f"{url}/connexion", allow_redirects=False,
                            data={"identifiant": "alice", "mot_de_passe": "motdepasse-alice",
                                  "suivant": "//exemple.org/"})
    assert outside.headers["Location"].endswith("/") and "exemple.org" not in outside.headers["Location"]


def test_a_signed_in_editor_adds_a_commitment_and_is_recorded_as_its_author(roadmap_app):
    url, _ = roadmap_app
    alice = signed_in(url, "alice")
    invalid = call(alice, url, "roadmap-save.n_clicks", {**FORM, "roadmap-save.n_clicks": 1,
                                                          "roadmap-f-end.value": 2020}).json()["response"]
    assert "l'année de fin (2020) précède l'année de début (2025)" in invalid["roadmap-e-end"]["children"]
    count = len(commitments(url))
    response = call(alice, url, "roadmap-save.n_clicks", {**FORM, "roadmap-save.n_clicks": 1}).json()["response"]
    assert "créé" in response["roadmap-form-message"]["children"]
    after = commitments(url)
    assert len(after) == count + 1
    added = after.iloc[-1]
    assert added["Intitulé"] == "Bornes de recharge" and added["ktCO₂e"] == 12.5
    # converted with the lever's factor: 12,5 × 0,4677 = 5,84625, to 4 digits
    assert added["Quantité physique"] == 5.846
    # authors: signed in
    history = alice.get(f"{url}/export/historique.csv?engagement={int(added['Identifiant'])}").content
    assert ";alice;création;" in history.decode("utf-8-sig")


def test_two_editors_saving_the_same_commitment_the_second_gets_a_conflict_and_loses_nothing(roadmap_app):
    url, _ = roadmap_app
    alice, bob = signed_in(url, "alice"), signed_in(url, "bob")
    current = commitments(url).iloc[1]
    number, version = int(current["Identifiant"]), int(current["Version"])
    base_inputs = {"quantity-kt": str(current["ktCO₂e"]), "quantity-phys": ""}
    base = {"id": number, "version": version, "inputs": base_inputs}

    def form(title, kt):
        return {**FORM, "roadmap-save.n_clicks": 1, "roadmap-form-base.data": base,
                "roadmap-f-territory.value": _territory(current),
                "roadmap-f-lever.value": current["Levier (identifiant)"],
                "roadmap-f-title.value": title, "roadmap-f-quantity-kt.value": kt}

    saved = call(alice, url, "roadmap-save.n_clicks", form("Version d'Alice", "7")).json()["response"]
    assert f"enregistré (version {version + 1})" in saved["roadmap-form-message"]["children"]
    conflict = call(bob, url, "roadmap-save.n_clicks", form("Version de Bob", "9")).json()["response"]
    text = repr(conflict["roadmap-conflict"]["children"])
    assert "Conflit : alice a enregistré cet engagement" in text
    assert "Version d'Alice" in text and "Version de Bob" in text  # both versions shown
    assert "vos saisies sont toujours dans le formulaire" in text
    assert not any(key.startswith("roadmap-f-") for key in conflict)  # the form keeps Bob's input
    assert conflict["roadmap-form-base"]["data"]["version"] == version + 1
    stored = commitments(url).set_index("Identifiant").loc[number]
    assert stored["Intitulé"] == "Version d'Alice" and stored["Version"] == version + 1
    # Bob, having seen both versions, saves again: his version replaces Alice's, and history keeps both.
    again = call(bob, url, "roadmap-save.n_clicks", {**form("Version de Bob", "9"),
                                                      "roadmap-form-base.data": conflict["roadmap-form-base"]["data"]})
    assert f"enregistré (version {version + 2})" in again.json()["response"]["roadmap-form-message"]["children"]
    history = bob.get(f"{url}/export/historique.csv?engagement={number}").content.decode("utf-8-sig")
    assert ";bob;modification;" in history and ";alice;modification;" in history
    assert "Version d'Alice → Version de Bob" in history


def _territory(row) -> str:
    levels = {"Région": "region", "Département": "departement", "CRTE": "crte", "EPCI": "epci"}
    return f"{levels[row['Niveau']]}:{row['Code territoire']}"


def test_with_private_reading_every_page_and_callback_needs_a_sign_in(real_copy, monkeypatch):
    monkeypatch.setenv("COP_LECTURE_PUBLIQUE", "false")
    client = create_app().server.test_client()
    page = client.get("/feuille-de-route?region=53")
    assert page.status_code == 302 and "/connexion?suivant=/feuille-de-route" in page.headers["Location"]
    assert client.post("/_dash-update-component", json={}).status_code == 401
    assert client.get("/export/engagements.csv?region=53").status_code == 302
    assert client.get("/connexion").status_code == 200
