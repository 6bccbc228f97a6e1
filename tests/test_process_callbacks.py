"""The process pages' writing callbacks over ``/_dash-update-component``, as the browser sends them: each writes for
an editor (the replays of tests/test_write_gate.py are real writes), a contributor records meetings and needs of its
own CRTE only and may not review through a decision, and bad inputs (a meeting's, a party's, minutes') are refused
in French with nothing written."""

from __future__ import annotations

import base64

import pytest

from bench.dash_requests import post
from dashboard import store
from dashboard.features.process import ids
from dashboard.page_states import MeetingState, RegisterState
from domain import meetings
from tests.conftest import fingerprint
from tests.identities import EDITOR, answer, crte_people, forge
from tests.test_write_gate import MEETING, gated, process_replays  # noqa: F401 (gated: a fixture)

CONTRIBUTOR = "contributeur-crte"
PROCESS_TABLES = ["territory_steps", "territory_needs", "meetings", "meeting_minutes", "meeting_decisions",
                  "roadmap_versions", "parties", "party_contacts"]


@pytest.fixture(scope="module")
def crtes(gated) -> dict:
    """A contributor scoped to one CRTE of Bretagne, a meeting of that CRTE and one of another."""
    own, other = crte_people(CONTRIBUTOR).values()
    made = {where: store.write(meetings.create, "53", {**MEETING, "territory": f"crte:{where}"}, EDITOR)
            for where in (own, other)}
    return {"own": own, "other": other, "own_meeting": made[own], "other_meeting": made[other]}


def test_each_process_replay_writes_for_an_editor(gated):
    app, client, ids_ = gated
    forge(client, app.server.secret_key)
    for name, attempt in process_replays(ids_["meeting"]).items():
        before = fingerprint(tables=PROCESS_TABLES)
        said = answer(post(client, app, name, attempt))
        assert "refusée" not in said and "introuvable" not in said, (name, said)
        assert fingerprint(tables=PROCESS_TABLES) != before, name


def test_a_contributor_records_meetings_and_needs_of_its_crte_and_is_refused_elsewhere(gated, crtes):
    app, client, _ = gated
    forge(client, app.server.secret_key, CONTRIBUTOR)
    own = process_replays(crtes["own_meeting"], ("crte", crtes["own"]))
    for name in ("dashboard.features.process.meeting_callbacks._save",
                 "dashboard.features.process.territory_callbacks._save_need",
                 "dashboard.features.process.meeting_callbacks._decide"):
        assert "refusée" not in answer(post(client, app, name, own[name])), name
    before = fingerprint()
    other = process_replays(crtes["other_meeting"], ("crte", crtes["other"]))
    for name, attempt in other.items():
        said = answer(post(client, app, name, attempt))
        assert "Modification refusée : le rôle « contributeur territorial » ne permet pas" in said, (name, said)
    trigger, values, _ = own["dashboard.features.process.meeting_callbacks._decide"]
    values = {**values, f"{ids.DECISION_COMMITMENT}.value": None, f"{ids.DECISION_EFFECT}.value": "accepté"}
    said = answer(post(client, app, "dashboard.features.process.meeting_callbacks._decide", (trigger, values, None)))
    assert "Décision non enregistrée : choisissez l'engagement qu'elle relit." in said
    assert fingerprint() == before


def _meeting_save(**changes) -> tuple[str, dict, None]:
    values = {**dict.fromkeys(ids.MEETING_FIELDS), **MEETING, **changes}
    return f"{ids.MEETING_SAVE}.n_clicks", {f"{ids.MEETING_SAVE}.n_clicks": 1, "process-page.data": MeetingState(
        region="53").stored(), **{f"{ids.MEETING_FIELDS[k]}.value": v for k, v in values.items()}}, None


def _party_save(siren: str = "", contacts: str = "") -> tuple[str, dict, None]:
    fields = {"code": "NOUVELLE", "kind": "association", "name": "Nouvelle", "siren": siren, "territory": None}
    return f"{ids.PARTY_SAVE}.n_clicks", {
        f"{ids.PARTY_SAVE}.n_clicks": 1, f"{ids.PARTY_CHOICE}.value": "", f"{ids.PARTY_CONTACTS}.value": contacts,
        "process-page.data": RegisterState(region="53").stored(),
        **{f"{ids.PARTY_FIELDS[key]}.value": value for key, value in fields.items()}}, None


def _minutes(name: str, data: bytes, meeting: int) -> tuple[str, dict, None]:
    return f"{ids.MINUTES_UPLOAD}.contents", {
        f"{ids.MINUTES_UPLOAD}.contents": "data:application/octet-stream;base64," + base64.b64encode(data).decode(),
        f"{ids.MINUTES_UPLOAD}.filename": name,
        "process-page.data": MeetingState(region="53", meeting=meeting).stored()}, None


def test_bad_meeting_inputs_are_explained_in_french_at_their_form_and_write_nothing(gated):
    app, client, ids_ = gated
    forge(client, app.server.secret_key)
    save, upload = "dashboard.features.process.meeting_callbacks._save", \
        "dashboard.features.process.meeting_callbacks._upload"
    party = "dashboard.features.process.register_callbacks._save_party"
    too_large = b"%PDF-" + b"0" * 21_000_000
    attempts = {
        (save, "précède le début"): _meeting_save(start="16:00", end="14:00"),
        (save, "« INCONNUE » inconnue du registre des parties"): _meeting_save(invited=["INCONNUE"]),
        (party, "SIREN : « 12 » : neuf chiffres attendus."): _party_save(siren="12"),
        (party, "Courriel : « pas-une-adresse » n'est pas une adresse électronique."): _party_save(
            contacts="Jeanne Exemple ; présidente ; pas-une-adresse"),
        (upload, "n'est pas un document DOCX"): _minutes("releve.docx", b"%PDF-1.4\n", ids_["meeting"]),
        (upload, "la limite est de 20 Mo"): _minutes("gros.pdf", too_large, ids_["meeting"]),
    }
    before = fingerprint()
    for (name, said), attempt in attempts.items():
        response = answer(post(client, app, name, attempt))
        assert said in response, (said, response[:400])
    assert fingerprint() == before
