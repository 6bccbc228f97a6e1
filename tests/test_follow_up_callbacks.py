"""The follow-up's save over ``/_dash-update-component``, as the browser sends it: the regional team and the
commitment's contributor (its own territory) save a year; a contributor of another territory, a reader and an
anonymous visitor are refused; a bad input is refused in French naming the field; nothing is written when refused."""

from __future__ import annotations

import json

import pytest

from bench.dash_requests import post
from dashboard import store
from domain import commitment_store, follow_up
from tests.conftest import fingerprint
from tests.identities import EDITOR, anonymous, answer, crte_people, forge
from tests.test_write_gate import follow_up_save, gated  # noqa: F401 (gated: a fixture)

SAVE = "dashboard.features.roadmap.follow_up_panel._save"
CONTRIBUTOR, READER = "contributeur-suivi", "lecteur-suivi"
TABLES = ["commitment_follow_up", "commitment_follow_up_objectives", "commitment_follow_up_history"]


@pytest.fixture(scope="module")
def crtes(gated) -> dict:
    """A contributor scoped to one CRTE of Bretagne, a reader, and a commitment in that CRTE and one in another."""
    people = crte_people(CONTRIBUTOR, READER)
    values = {"lever_id": "augm_voitelec", "carrier": "CRTE", "title": "Bornes", "quantity_kt": 4.0,
              "start_year": 2023, "end_year": 2027, "status": "engagé", "territory_level": "crte"}
    return {where: store.write(commitment_store.create, "53", {**values, "territory_code": code}, EDITOR)
            for where, code in people.items()}


def test_the_team_and_the_commitment_s_contributor_save_a_year_and_others_are_refused(gated, crtes):
    app, client, _ = gated
    forge(client, app.server.secret_key, CONTRIBUTOR)
    said = answer(post(client, app, SAVE, follow_up_save(crtes["own"], 2024, done_kt="1,5", spent="3000")))
    assert f"Suivi 2024 de l'engagement n° {crtes['own']} enregistré (version 1)." in said
    with store.shared.cursor() as con:
        stored = follow_up.get(con, crtes["own"], 2024)
    assert (stored["done_kt"], stored["spent"], stored["entered_by"]) == (1.5, 3000.0, CONTRIBUTOR)
    before = fingerprint(tables=TABLES)
    refused = answer(post(client, app, SAVE, follow_up_save(crtes["other"], 2024)))
    assert "Modification refusée : le rôle « contributeur territorial » ne permet pas de saisir le suivi des " \
           "engagements de crte:" in refused
    forge(client, app.server.secret_key, READER)
    assert "Modification refusée : le rôle « lecteur » ne permet pas de saisir le suivi des engagements." in answer(
        post(client, app, SAVE, follow_up_save(crtes["own"], 2025)))
    anonymous(client)
    assert "Modification refusée : connectez-vous" in answer(post(client, app, SAVE, follow_up_save(crtes["own"])))
    assert fingerprint(tables=TABLES) == before
    forge(client, app.server.secret_key)  # the regional team: any territory
    assert "enregistré (version 1)" in answer(post(client, app, SAVE, follow_up_save(crtes["other"], 2025)))


@pytest.mark.parametrize(("typed", "message"), [
    ({"done_kt": "beaucoup"}, "Réalisé (ktCO₂e) : « beaucoup » n'est pas un nombre"),
    ({"done_kt": "", "comment": "x" * 2001}, "Commentaire du suivi : trop long"),
    ({"done_kt": "", "objectives": "prelevements_eau : 3"},
     "Réalisé pour les objectifs régionaux : « prelevements_eau » n'est pas un objectif régional"),
])
def test_a_bad_input_is_refused_in_french_naming_its_field_and_nothing_is_written(gated, crtes, typed, message):
    app, client, _ = gated
    forge(client, app.server.secret_key)
    before = fingerprint(tables=TABLES)
    said = answer(post(client, app, SAVE, follow_up_save(crtes["own"], 2023, **typed)))
    assert "Suivi non enregistré : " in said and message in said, said
    assert fingerprint(tables=TABLES) == before


def test_the_chosen_year_s_history_shows_who_saved_what_when_saved_opened_and_downloaded(gated, crtes):
    from dashboard.features.roadmap import follow_up_panel as panel
    app, client, _ = gated
    forge(client, app.server.secret_key)
    answer(post(client, app, SAVE, follow_up_save(crtes["own"], 2022, done_kt="1")))
    with store.shared.cursor() as con:
        version = follow_up.get(con, crtes["own"], 2022)["version"]
    name, typed, _ = follow_up_save(crtes["own"], 2022, done_kt="2", comment="Chantier livré")
    response = post(client, app, SAVE, (name, {**typed, f"{panel.BASE}.data": {
        "id": crtes["own"], "year": 2022, "version": version}}, None))
    saved = response.json["response"][panel.HISTORY]["children"]
    said = json.dumps(saved, ensure_ascii=False)
    assert ("Réalisé (ktCO₂e) : 1 → 2 ; Réalisé (unité physique du levier) : 0,468 → 0,935 ; Commentaire du suivi : "
            "(vide) → Chantier livré") in said, said
    assert "Réalisé (ktCO₂e) : (vide) → 1 ; " in said and f'"{EDITOR}"' in said
    opened = post(client, app, "dashboard.features.roadmap.follow_up_panel._open", (f"{panel.COMMITMENT}.value", {
        f"{panel.COMMITMENT}.value": crtes["own"], f"{panel.YEAR}.value": 2022}, None))
    assert json.dumps(opened.json["response"][panel.HISTORY]["children"], ensure_ascii=False) == said
    csv = client.get(f"/export/historique-suivi.csv?engagement={crtes['own']}&annee=2022").data.decode("utf-8-sig")
    assert "Chantier livré" in csv and EDITOR in csv
    anonymous(client)
    public = client.get(f"/export/historique-suivi.csv?engagement={crtes['own']}&annee=2022").data.decode("utf-8-sig")
    assert "Chantier livré" in public and EDITOR not in public  # the authors are for those who read people
    assert client.get(f"/export/historique-suivi.csv?engagement={crtes['own']}&annee=deux").status_code == 404
