"""The COP as a process on Bretagne's real territories (tests/process_fixtures.py): steps, a CRTE's COPIL with its
parties, agenda, minutes and decisions, its preparation, the pages and documents that show them, and the contributions
board's silent territories; bad inputs refused in French with nothing written."""

from __future__ import annotations

import base64
import hashlib
import io
import zipfile

import pandas as pd
import pytest

from dashboard.components.print_button import PRINT_BUTTON
from dashboard.importing import documents
from data.db import connect
from domain import clock, meeting_decisions, meeting_preparation, meetings, minutes, needs, reviews, steps, versions
from domain.errors import UserError
from domain.process import NEED_STATES, NEED_THEMES, reached_label
from domain.vocabulary import territory_label
from tests import process_fixtures as process
from tests.conftest import app_on, fingerprint
from tests.layouts import component, layout_of


@pytest.fixture(scope="module")
def bretagne(real_db, tmp_path_factory) -> dict:
    return process.build(real_db, tmp_path_factory.mktemp("process"))


@pytest.fixture
def con(bretagne, tmp_path):
    """A connection to a private copy of ``bretagne``'s database."""
    path = tmp_path / "cop.duckdb"
    path.write_bytes(bretagne["path"].read_bytes())
    with connect(path) as connection:
        yield connection


def test_steps_of_two_departements_and_three_crte_are_recorded_and_reached(bretagne):
    with connect(bretagne["path"], read_only=True) as con:
        recorded = steps.region_steps(con, process.REGION)
    reached = steps.reached_steps(recorded)
    assert sorted(level for level, _ in reached) == ["crte"] * 3 + ["departement"] * 2
    assert {reached_label(n) for n in reached.values()} == {"3 — Déclinaison infra-régionale"}
    assert reached[("crte", bretagne["copil_crte"])] == 3


def test_the_copil_keeps_its_parties_agenda_minutes_and_two_decisions_one_accepting_a_commitment(bretagne):
    with connect(bretagne["path"], read_only=True) as con:
        record = meetings.get(con, bretagne["meeting"])
        decided = meeting_decisions.decisions(con, bretagne["meeting"])
        kept = minutes.info(con, bretagne["meeting"])
        status = con.execute("SELECT status FROM commitments WHERE commitment_id = ?",
                             [bretagne["commitment"]]).fetchone()[0]
    assert (record["instance"], record["territory_level"], record["territory_code"]) == (
        "COPIL", "crte", bretagne["copil_crte"])
    assert record["invited"] == ["ADEME", "AMF29", "CD29"] and record["present"] == ["ADEME", "CD29"]
    assert record["agenda"] == ["Diagnostic du CRTE", "Engagements proposés"]
    assert kept.sha256 == hashlib.sha256(process.PDF).hexdigest() and kept.size == len(process.PDF)
    assert list(decided["text"]) == ["Le diagnostic du CRTE est validé.", "Engagement retenu pour la feuille de route."]
    linked = decided.iloc[1]
    assert (linked["commitment_id"], linked["review"], linked["status_before"], linked["status_after"]) == (
        bretagne["commitment"], reviews.ACCEPTED, "proposé", status)
    assert status != "proposé"


def test_preparing_freezes_the_roadmap_under_the_meeting_s_name_and_a_second_preparation_gets_its_own(con, bretagne):
    first = meeting_preparation.prepare(con, bretagne["meeting"], 4, process.TEAM)  # created, minutes, 2 decisions
    second = meeting_preparation.prepare(con, bretagne["meeting"], 5, process.TEAM)
    names = dict(con.execute("SELECT version_id, name FROM roadmap_versions").fetchall())
    assert names[first].startswith(f"Réunion n° {bretagne['meeting']} — COPIL — CRTE")
    assert names[second] == f"{names[first]} (préparation 2)"
    assert meetings.get(con, bretagne["meeting"])["version_id"] == second
    with pytest.raises(UserError, match="depuis que vous l'avez ouverte"):
        meeting_preparation.prepare(con, bretagne["meeting"], 5, process.TEAM)


BAD_MEETINGS = {
    "la fin avant le début": ({"start": "16:00", "end": "14:00"}, "précède"),
    "une partie inconnue": ({"invited": ["CD29", "PIRATE"]}, "« PIRATE » inconnue du registre .* : ajoutez-la "),
    "deux parties inconnues": ({"invited": ["PIRATE"], "present": ["CORSAIRE", "PIRATE"]},
                               "« PIRATE », « CORSAIRE » inconnues du registre .* : ajoutez-les "),
    "un secteur inconnu": ({"sectors": ["Licornes"]}, r"Secteurs : Licornes inconnu \("),
    "deux secteurs inconnus": ({"sectors": ["Licornes", "Dragons"]}, r"Secteurs : Licornes, Dragons inconnus \("),
    "un territoire d'une autre région": ({"territory": "departement:75"}, "n'est pas un territoire de la région"),
    "une date impossible": ({"day": "2026-02-31"}, "La date"),
    "une instance inconnue": ({"instance": "conseil secret"}, "Instance : « conseil secret » inconnue"),
}


@pytest.mark.parametrize("bad", BAD_MEETINGS, ids=list(BAD_MEETINGS))
def test_a_bad_meeting_is_refused_in_french_and_nothing_is_written(con, bretagne, bad):
    changes, said = BAD_MEETINGS[bad]
    before = fingerprint(con)
    with pytest.raises(UserError, match=said):
        meetings.create(con, process.REGION, process.meeting_form(f"crte:{bretagne['copil_crte']}", **changes),
                        process.TEAM)
    assert fingerprint(con) == before


@pytest.mark.parametrize(("responders", "said"), [
    (["Oracle"], "Qui pourrait y répondre : Oracle inconnu ("),
    (["Oracle", "ANCT", "Devin"], "Qui pourrait y répondre : Oracle, Devin inconnus ("),
])
def test_an_unknown_responder_to_a_need_is_refused_in_agreement_with_their_number(responders, said):
    raw = {"territory": "crte:1", "theme": NEED_THEMES[0], "priority": "haute", "state": NEED_STATES[0],
           "description": "Un chargé de mission mobilité", "responders": responders}
    with pytest.raises(UserError) as refusal:
        needs.validate(raw, {("crte", "1"): "CRTE 1"})
    assert said in str(refusal.value)


def test_a_step_with_dates_out_of_order_or_a_state_against_its_dates_is_refused():
    with pytest.raises(UserError, match="précède"):
        steps.validate({"state": "à venir", "planned_start": "2026-06-01", "planned_end": "2026-03-01"})
    with pytest.raises(UserError, match="« fait » a une fin réelle"):
        steps.validate({"state": "fait", "actual_start": "2026-01-01"})


def test_a_decision_reviewing_a_commitment_of_another_region_is_refused(con, bretagne):
    other = con.execute("INSERT INTO commitments SELECT * REPLACE (999 AS commitment_id, '84' AS region) FROM "
                        "commitments WHERE commitment_id = ? RETURNING commitment_id",
                        [bretagne["commitment"]]).fetchone()[0]
    with pytest.raises(UserError, match="aucun engagement n° 999 dans la feuille de route de la région"):
        meeting_decisions.record(con, bretagne["meeting"], "Retenu", other, reviews.ACCEPTED, process.TEAM)


def _upload(name: str, data: bytes) -> str:
    return "data:application/octet-stream;base64," + base64.b64encode(data).decode()


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


def test_minutes_are_read_by_their_content_and_a_wrong_type_or_size_is_refused_in_french():
    assert documents.received_minutes("relevé.pdf", _upload("relevé.pdf", process.PDF))[1] == "application/pdf"
    assert documents.received_minutes("releve.docx", _upload("releve.docx", _docx()))[0] == "releve.docx"
    refused = {
        "releve.docx": (process.PDF, "« releve.docx » n'est pas un document DOCX (Word)"),
        "releve.pdf": (_docx(), "« releve.pdf » n'est pas un PDF"),
        "releve.exe": (process.PDF, "releve.exe"),
        "gros.pdf": (b"%PDF-" + b"0" * (documents.MINUTES_LIMIT.megabytes * 1_000_000 + 1), "gros.pdf"),
    }
    for name, (data, said) in refused.items():
        with pytest.raises(UserError) as refusal:
            documents.received_minutes(name, _upload(name, data))
        assert said in str(refusal.value), name


# --- pages, documents and downloads -------------------------------------------------------------------------

@pytest.fixture(scope="module")
def served(bretagne):
    with app_on(bretagne["path"]) as (app, client):
        yield app, client


def test_the_crte_s_page_lists_its_copil_and_the_meeting_page_its_decisions(served, bretagne):
    app, _ = served
    territory = layout_of(app, "/deroulement/territoire", region=process.REGION, niveau="crte",
                          code=bretagne["copil_crte"])
    listed = component(territory, "process-territory-meetings")
    assert "COPIL — CRTE" in str(listed) and f"reunion={bretagne['meeting']}" in str(listed)
    page = layout_of(app, "/deroulement/reunion", reunion=str(bretagne["meeting"]))
    assert "Engagement retenu pour la feuille de route." in str(component(page, "process-decisions"))
    assert component(page, "process-meeting-territory-link").children == bretagne["copil_name"]


def test_the_releve_de_decisions_prints_the_present_parties_and_both_decisions(served, bretagne):
    app, _ = served
    document = str(layout_of(app, "/deroulement/reunion/document", reunion=str(bretagne["meeting"]),
                             document="releve"))
    assert "Relevé de décisions — COPIL — CRTE" in document
    assert "Excusées ou absentes : Association des maires du Finistère." in document
    assert "Le diagnostic du CRTE est validé." in document and "accepté, proposé → " in document
    unknown = str(layout_of(app, "/deroulement/reunion/document", reunion="x", document="releve"))
    assert "process-document-unknown" in unknown


def test_the_meeting_downloads_as_icalendar_and_its_minutes_only_for_readers_of_people(served, bretagne):
    _, client = served
    meeting = bretagne["meeting"]
    calendar = client.get(f"/deroulement/reunion/{meeting}.ics")
    assert calendar.status_code == 200 and calendar.mimetype == "text/calendar"
    assert "DTSTART:20260312T130000Z" in calendar.text and "BEGIN:VEVENT" in calendar.text
    refused = client.get(f"/deroulement/reunion/{meeting}/compte-rendu")
    assert refused.status_code == 403 and process.PDF not in refused.data
    signed = client.post("/connexion", data={"identifiant": process.TEAM, "mot_de_passe": process.TEAM_PASSWORD})
    assert signed.status_code == 302
    try:
        kept = client.get(f"/deroulement/reunion/{meeting}/compte-rendu")
        assert kept.status_code == 200 and hashlib.sha256(kept.data).hexdigest() == hashlib.sha256(
            process.PDF).hexdigest()
    finally:
        client.get("/deconnexion")


def test_the_board_shows_a_silent_crte_s_step_and_open_engineering_need(served, bretagne):
    app, client = served
    page = str(layout_of(app, "/feuille-de-route/contributions", region=process.REGION))
    assert "CRTE sans engagement : étape, réunion, besoins" in page
    exported = client.get("/export/territoires-silencieux.csv?region=53&niveau=crte").data.decode("utf-8-sig")
    row = next(line for line in exported.splitlines() if line.startswith(bretagne["silent_name"]))
    assert "3 — Déclinaison infra-régionale" in row and "Mobilités (haute, exprimé) : Étude d'un plan" in row
    assert ";aucune;" in row  # no meeting recorded for it
    assert bretagne["copil_name"] not in exported  # it sent commitments: not silent



def test_the_fiche_territoire_shows_the_crte_s_steps_last_meeting_and_open_needs(served, bretagne):
    app, _ = served
    copil = layout_of(app, "/declinaison/fiche", region=process.REGION, niveau="crte", code=bretagne["copil_crte"])
    steps_shown = str(component(copil, "split-sheet-steps"))
    assert "1 — Diagnostic partagé" in steps_shown and "15 décembre 2025" in steps_shown
    assert "30 juin 2026" in steps_shown
    assert component(copil, "split-sheet-reached").children == "Étape atteinte : 3 — Déclinaison infra-régionale."
    last = str(component(copil, "split-sheet-last-meeting"))
    assert "COPIL — CRTE" in last and "12 mars 2026" in last and f"reunion={bretagne['meeting']}" in last
    assert "aucune prévue" in str(component(copil, "split-sheet-next-meeting"))
    assert "Aucun besoin ouvert" in str(component(copil, "split-sheet-needs"))
    silent = layout_of(app, "/declinaison/fiche", region=process.REGION, niveau="crte", code=bretagne["silent_crte"])
    wanting = str(component(silent, "split-sheet-needs"))
    assert "Mobilités (haute, exprimé) : Étude d'un plan de mobilité rurale" in wanting
    assert "aucune" in str(component(silent, "split-sheet-last-meeting"))
    assert f"code={bretagne['silent_crte']}" in component(silent, "split-sheet-course-link").href


def test_a_meeting_still_to_come_is_the_next_one_not_the_last_held(con, bretagne):
    found = meetings.region_meetings(con, process.REGION)
    coming = found.assign(starts_at=found["starts_at"] + pd.Timedelta(days=3650),
                          ends_at=found["ends_at"] + pd.Timedelta(days=3650))
    assert list(meetings.last_held(found, "crte", clock.now()).index) == [bretagne["copil_crte"]]
    assert meetings.last_held(coming, "crte", clock.now()).empty


def test_every_a4_document_has_the_one_print_button_and_no_keyboard_hint(served, bretagne):
    app, _ = served
    meeting = str(bretagne["meeting"])
    for path, query in [("/deroulement/reunion/document", {"reunion": meeting, "document": "convocation"}),
                        ("/deroulement/reunion/document", {"reunion": meeting, "document": "releve"}),
                        ("/feuille-de-route/document", {"region": process.REGION}),
                        ("/declinaison/fiche", {"region": process.REGION, "niveau": "crte",
                                                "code": bretagne["copil_crte"]})]:
        page = layout_of(app, path, **query)
        button = component(page, PRINT_BUTTON)
        assert button.type == "button" and "no-print" in button.className.split(), path
        assert str(page).count(f"'{PRINT_BUTTON}'") == 1 and "Ctrl+P" not in str(page), path


def test_a_frozen_version_s_fiche_shows_the_course_of_today(bretagne, tmp_path):
    path = tmp_path / "cop.duckdb"
    path.write_bytes(bretagne["path"].read_bytes())
    with connect(path) as con:
        version = versions.freeze(con, process.REGION, "Version du COPIL", versions.Retained(), process.TEAM)
    with app_on(path) as (app, _):
        page = layout_of(app, "/declinaison/fiche", region=process.REGION, niveau="crte",
                         code=bretagne["copil_crte"], version=str(version))
    assert "Version du COPIL" in str(page)
    assert component(page, "split-sheet-reached").children == "Étape atteinte : 3 — Déclinaison infra-régionale."
    assert "COPIL — CRTE" in str(component(page, "split-sheet-last-meeting"))


@pytest.mark.parametrize("level, name, label", [
    ("region", "Bretagne", "Bretagne"),
    ("departement", "Finistère", "Finistère (département)"),
    ("crte", "CRTE Pays de Brest", "CRTE Pays de Brest"),
    ("crte", "Pays de Brest", "Pays de Brest (CRTE)"),
    ("epci", "CC du Pays d'Iroise", "CC du Pays d'Iroise (EPCI)"),
    ("commune", "Brest", "Brest (commune)"),
])
def test_a_territory_is_labelled_the_same_way_on_every_page(level, name, label):
    assert territory_label(level, name) == label


def test_the_projection_of_a_meeting_holds_its_agenda_s_screens_only(bretagne, tmp_path):
    path = tmp_path / "cop.duckdb"
    path.write_bytes(bretagne["path"].read_bytes())
    with connect(path) as con:
        sector = meetings.context(con, process.REGION).sectors[0]
        meeting = process.agenda_meeting(con, process.REGION, [sector])
    with app_on(path) as (app, _):
        whole = component(layout_of(app, "/projection", region=process.REGION), "projection-data").data
        page = layout_of(app, "/projection", region=process.REGION, reunion=str(meeting))
        unknown = layout_of(app, "/projection", region=process.REGION, reunion="999999")
    shown = component(page, "projection-data").data["screens"]
    assert shown[0] == {"kind": "region"} and 3 <= len(shown) < len(whole["screens"])
    assert {screen.get("sector") or whole["levers"][screen["lever"]]["sector"] for screen in shown[1:]} == {sector}
    assert component(page, "projection-view").data["meeting"] == meeting
    assert component(page, "projection-agenda").children.endswith(f"les {len(shown)} écrans de son ordre du jour")
    assert component(unknown, "projection-data").data["screens"] == whole["screens"]
    assert component(unknown, "projection-agenda").children == (
        "Réunion n° 999999 introuvable dans cette région : toute la séquence est présentée")
    assert component(unknown, "projection-view").data["meeting"] is None
