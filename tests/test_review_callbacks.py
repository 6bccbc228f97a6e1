"""The review through the roadmap page's callbacks: the team asks for changes, the contributor reads them in the
list and in the form, edits, which sends the commitment back to review; a refusal shows its reason and closes
the commitment to its contributor."""

from __future__ import annotations

import json
import re

from bench.dash_requests import post
from dashboard import store
from dashboard.features.roadmap.form import INPUTS, input_id
from tests.identities import EDITOR, as_user
from tests.roadmap_fixtures import FORM, PARAMS
from tests.test_permissions import CONTRIBUTOR, people  # noqa: F401 (people: a fixture)
from tests.test_write_gate import gated  # noqa: F401 (gated: a fixture)

SAVE = "dashboard.pages.roadmap._save"
REVIEW = "dashboard.features.roadmap.review_panel._review"
SHOW = "dashboard.features.roadmap.review_panel._show"
REFRESH = "dashboard.pages.roadmap._refresh"


def send(client, app, name: str, trigger: str, values: dict) -> str:
    response = post(client, app, name, (trigger, values, None))
    assert response.status_code == 200, response.text[:500]
    return json.dumps(response.json, ensure_ascii=False)


def review(gated, button: str, number: int, version: int, comment: str) -> str:
    app, client = as_user(gated, EDITOR)
    return send(client, app, REVIEW, f"roadmap-review-{button}.n_clicks", {
        f"roadmap-review-{button}.n_clicks": 1, "roadmap-review-comment.value": comment,
        "roadmap-form-base.data": {"id": number, "version": version, "inputs": {}}})


def listed(gated, username: str, number: int) -> str:
    """The « Relecture » cell of the commitment in the grid, as ``username`` sees it after a refresh."""
    app, client = as_user(gated, username)
    response = post(client, app, REFRESH, ("roadmap-saved.data", {"roadmap-saved.data": 1,
                                                                   "roadmap-params.data": PARAMS}, None))
    rows = response.json["response"]["roadmap-grid"]["rowData"]
    return next(row["review"] for row in rows if row["commitment_id"] == number)


def form_panel(gated, username: str, number: int) -> str:
    app, client = as_user(gated, username)
    return send(client, app, SHOW, "roadmap-form-base.data", {"roadmap-form-base.data": {"id": number}})


def test_changes_asked_for_reach_the_contributor_whose_edit_sends_the_commitment_back_to_review(gated, people):
    app, client = as_user(gated, CONTRIBUTOR)
    form = {**FORM, "roadmap-save.n_clicks": 1, "roadmap-f-territory.value": f"crte:{people['own']}",
            "roadmap-f-status.value": "proposé"}
    created = send(client, app, SAVE, "roadmap-save.n_clicks", form)
    number = int(re.search(r"Engagement n° (\d+) créé", created).group(1))
    typed = {name: form[f"{input_id(name)}.value"] for name in INPUTS}  # the form's base: what it was opened with
    assert listed(gated, CONTRIBUTOR, number) == "à relire"

    refused = review(gated, "changes", number, 1, " ")
    assert "Relecture non enregistrée : indiquez les modifications demandées dans le commentaire." in refused
    asked = review(gated, "changes", number, 1, "Précisez le financement.")
    assert f"Engagement n° {number} renvoyé à son contributeur avec les modifications demandées (version 1)." in asked
    assert listed(gated, CONTRIBUTOR, number) == "à revoir : Précisez le financement."
    panel = form_panel(gated, CONTRIBUTOR, number)
    assert "À revoir : l'équipe régionale demande des modifications" in panel
    assert f"{EDITOR} : modifications demandées (version 1) — « Précisez le financement. »" in panel
    assert '"hidden": true' in panel.split('"roadmap-review-actions"')[1]  # no decision for a contributor

    app, client = as_user(gated, CONTRIBUTOR)
    edited = send(client, app, SAVE, "roadmap-save.n_clicks", {
        **form, "roadmap-f-cost.value": "300000",
        "roadmap-form-base.data": {"id": number, "version": 1, "inputs": typed}})
    assert f"Engagement n° {number} enregistré (version 2)." in edited
    assert listed(gated, EDITOR, number) == "à relire"
    assert '"hidden": false' in form_panel(gated, EDITOR, number).split('"roadmap-review-actions"')[1]

    assert "indiquez la raison du refus" in review(gated, "decline", number, 2, "")
    assert "depuis que vous l'avez ouvert" in review(gated, "decline", number, 1, "Doublon.")
    declined = review(gated, "decline", number, 2, "Doublon du n° 3.")
    assert f"Engagement n° {number} refusé : il est désormais « abandonné » (version 3)." in declined
    assert listed(gated, CONTRIBUTOR, number) == "refusé : Doublon du n° 3."
    app, client = as_user(gated, CONTRIBUTOR)
    closed = send(client, app, SAVE, "roadmap-save.n_clicks", {
        **form, "roadmap-form-base.data": {"id": number, "version": 3, "inputs": typed}})
    assert "Modification refusée : cet engagement est « abandonné »" in closed
    with store.shared.cursor() as con:
        decisions = con.execute("SELECT decision, reviewer FROM commitment_reviews WHERE commitment_id = ?"
                                " ORDER BY review_id", [number]).fetchall()
    assert decisions == [("modifications demandées", EDITOR), ("refusé", EDITOR)]
