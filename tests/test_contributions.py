"""The contributions board: per territory, who contributed, how much, what awaits review, who sent nothing;
computed without Dash, and downloaded as CSV and XLSX with inert text cells."""

from __future__ import annotations

import io
import shutil

import pandas as pd
import pytest
from openpyxl import load_workbook

from dashboard import exports
from dashboard.features.roadmap.contributions import board, board_table, silent
from data.db import connect
from domain import commitment_store, reviews, users
from domain.commitments import FIELDS
from domain.permissions import Role, Territory
from tests.conftest import app_on, sign_in_team

PARTS = pd.DataFrame({"code": ["D1", "D2", "D3"], "name": ["Amont", "Aval", "Marais"]})
# D1 holds the CRTE C1 and its EPCI E1; D2 only itself; D3 has nothing.
MEMBERSHIP = pd.DataFrame({"parent_code": ["D1", "D1", "D1", "D2", "D3"],
                           "level": ["departement", "crte", "epci", "departement", "departement"],
                           "code": ["D1", "C1", "E1", "D2", "D3"]})
COMMITMENTS = pd.DataFrame([
    ("departement", "D1", 10.0, "engagé", "equipe", None),
    ("crte", "C1", 4.0, "retenu en COP", "paul", reviews.ACCEPTED),
    ("epci", "E1", 2.5, "proposé", "paul", reviews.TO_REVIEW),
    ("epci", "E1", 1.0, "proposé", "lea", reviews.TO_REVISE),
    ("crte", "C1", 7.0, "abandonné", "lea", reviews.DECLINED),
    ("departement", "D2", 3.0, "proposé", "@marc", reviews.TO_REVIEW),
    ("region", "R", 99.0, "engagé", "equipe", None),  # the region's own: no territory's
], columns=["territory_level", "territory_code", "quantity_kt", "status", "created_by", "review_state"])
SCOPES = pd.DataFrame({"username": ["paul", "zoe", "lea"], "territory_level": ["crte", "departement", "departement"],
                       "territory_code": ["C1", "D3", "D1"]})


def test_the_board_counts_each_territory_s_contributions_with_those_of_the_territories_inside_it():
    frame = board(PARTS, MEMBERSHIP, COMMITMENTS, SCOPES, "departement").set_index("code")
    amont = frame.loc["D1"]
    assert amont["contributors"] == "equipe, lea, paul"
    assert (amont["counted_n"], amont["counted_kt"]) == (2, 14.0)
    assert (amont["proposed_n"], amont["proposed_kt"]) == (2, 3.5)
    assert (amont["to_review_n"], amont["to_revise_n"], amont["declined_n"]) == (1, 1, 1)
    assert amont["accounts"] == "lea" and amont["sent"]
    aval = frame.loc["D2"]
    assert (aval["counted_n"], aval["proposed_n"], aval["proposed_kt"], aval["contributors"]) == (0, 1, 3.0, "@marc")


def test_a_territory_that_sent_nothing_has_zeros_and_is_named_with_its_attached_accounts():
    frame = board(PARTS, MEMBERSHIP, COMMITMENTS, SCOPES, "departement")
    assert silent(frame) == ["Marais"]
    marais = frame.set_index("code").loc["D3"]
    assert (marais["counted_n"], marais["counted_kt"], marais["proposed_n"], marais["to_review_n"]) == (0, 0.0, 0, 0)
    assert marais["contributors"] == "" and marais["accounts"] == "zoe"
    nothing = board(PARTS, MEMBERSHIP, COMMITMENTS.iloc[:0], SCOPES.iloc[:0], "departement")
    assert silent(nothing) == ["Amont", "Aval", "Marais"] and nothing["counted_kt"].sum() == 0


def test_the_board_table_neutralises_text_cells_in_csv_and_xlsx(team_reading):
    table = board_table("Région test", "departement", board(PARTS, MEMBERSHIP, COMMITMENTS, SCOPES, "departement"))
    assert table.title == "Contributions par département — Région test"
    csv = exports.to_csv(table).decode("utf-8-sig").splitlines()
    assert csv[0].startswith("Code;Département;Comptes ayant contribué;Engagements comptés;Comptés (ktCO₂e)")
    assert csv[2] == "D2;Aval;'@marc;0;0,0;1;3,0;1;0;0;;"
    assert csv[3].endswith(";zoe;rien envoyé")
    sheet = load_workbook(io.BytesIO(exports.to_xlsx(table, "http://test"))).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[2][:3] == ("D2", "Aval", "'@marc") and rows[1][4] == 14.0


@pytest.fixture
def demo_copy(demo_db, tmp_path, monkeypatch):
    path = tmp_path / "cop.duckdb"
    shutil.copy(demo_db, path)
    monkeypatch.setenv("COP_DB", str(path))
    return path


def test_the_region_s_board_is_downloaded_through_the_export_registry(demo_copy):
    with connect(demo_copy) as con:
        context = commitment_store.context(con, "00")
        crtes = sorted(code for level, code in context.territories if level == "crte")
        users.save_user(con, "paul", "mot-de-passe-paul", role=Role.CONTRIBUTOR)
        users.set_role(con, "paul", Role.CONTRIBUTOR, [Territory("crte", crtes[0])])
        values = {key: None for key in FIELDS} | {
            "territory_level": "crte", "territory_code": crtes[0], "lever_id": min(context.levers),
            "carrier": "Pays", "title": "Vélo", "quantity_kt": 2.0, "start_year": 2025, "end_year": 2027,
            "status": "proposé"}
        commitment_store.create(con, "00", values, "paul")
        linked = {code for (code,) in con.execute("SELECT parent_code FROM territory_links WHERE parent_level = "
                                                  "'departement' AND child_code = ?", [crtes[0]]).fetchall()}
    with app_on(demo_copy) as (_, client):
        sign_in_team(client)  # the accounts that contributed are not shown to the public
        response = client.get("/export/contributions-crte.csv?region=00")
        assert response.status_code == 200 and response.mimetype == "text/csv"
        frame = pd.read_csv(io.BytesIO(response.data), sep=";", decimal=",", encoding="utf-8-sig",
                            keep_default_na=False).set_index("Code")
        assert len(frame) == len(crtes)
        assert frame.loc[crtes[0], ["Comptes ayant contribué", "Engagements proposés", "À relire par l'équipe",
                                    "Contributeurs rattachés", "Rien envoyé"]].tolist() == ["paul", 1, 1, "paul", ""]
        assert (frame.drop(index=crtes[0])["Rien envoyé"] == "rien envoyé").all()
        workbook = load_workbook(io.BytesIO(client.get("/export/contributions-departement.xlsx?region=00").data))
        header, *rows = workbook["Données"].iter_rows(values_only=True)
        # a CRTE astride two départements counts for both
        assert {row[0] for row in rows if row[header.index("Engagements proposés")] == 1} == linked
        assert client.get("/export/contributions-crte.csv?region=nulle-part").status_code == 404
