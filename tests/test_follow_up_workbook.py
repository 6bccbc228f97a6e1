"""The follow-up in the commitments workbook (« Suivi » sheet) and on the roadmap: the done-when of issue 23, point 6 —
two years of follow-up on three commitments show the achieved path and one late commitment; the exported workbook
re-imports unchanged; a bad row is refused naming its line and column, nothing written."""

from __future__ import annotations

import io
from datetime import datetime

import pytest
from openpyxl import load_workbook

from dashboard.features.roadmap import data as roadmap_data
from data.db import connect
from domain import clock, commitment_store, follow_up
from domain.commitments import validate
from loaders.undo import undo_import
from tests.browsing import plain
from tests.conftest import app_on, fingerprint, sign_in_team
from tests.test_commitments_loader import run

TABLES = ["commitments", "commitment_history", "commitment_follow_up", "commitment_follow_up_objectives",
          "commitment_follow_up_history"]
LEVER = "augm_voitelec"
# (quantity in kt, start, end) and (2024, 2025) done: at the end of 2025, the first plans 6 kt and did 3 (late);
# the second plans 4 and did 4; the third plans 3 and did 4.
PLANS = [(10.0, 2022, 2027, (1.0, 2.0)), (4.0, 2023, 2025, (2.0, 2.0)), (6.0, 2024, 2026, (1.0, 3.0))]


@pytest.fixture
def three(real_copy, monkeypatch):
    """Three commitments of Bretagne, engaged, and the clock in 2026 (the reference year is 2025)."""
    monkeypatch.setattr(clock, "now", lambda: datetime(2026, 6, 1))
    with connect(real_copy) as con:
        context = commitment_store.context(con, "53")
        numbers = [commitment_store.create(con, "53", validate({
            "territory_level": "departement", "territory_code": "29", "lever_id": LEVER, "carrier": "CD29",
            "title": f"Bornes {i}", "quantity_kt": kt, "start_year": start, "end_year": end, "status": "engagé"},
            context).values, "dreal") for i, (kt, start, end, _) in enumerate(PLANS, start=1)]
    return real_copy, numbers


def exported(path) -> bytes:
    with app_on(path) as (_, client):
        sign_in_team(client)
        return client.get("/feuille-de-route/classeur.xlsx?region=53").data


def with_follow_up(workbook: bytes, rows: list[list]) -> io.BytesIO:
    book = load_workbook(io.BytesIO(workbook))
    for row in rows:
        book[follow_up.SHEET].append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    return buffer


def imported(tmp_path, name: str, content) -> str:
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.getvalue())
    code, output = run("engagements", path, "--region", "53")
    return plain(output)


def test_two_years_on_three_commitments_show_the_achieved_path_and_one_late_commitment(three, tmp_path):
    path, numbers = three
    rows = [[number, None, year, done, None, None, 1000.0 * done, f"Année {year}", None]
            for number, (*_, dones) in zip(numbers, PLANS) for year, done in zip((2024, 2025), dones)]
    output = imported(tmp_path, "suivi.xlsx", with_follow_up(exported(path), rows))
    assert "Suivi : 6 années enregistrées, 0 inchangée, 0 refusée." in output, output
    with app_on(path):
        view = roadmap_data.build("53")
    at = view.trajectory.set_index("year")
    assert (at.loc[2024, "achieved_kt"], at.loc[2025, "achieved_kt"]) == pytest.approx((1 + 2 + 1, 3 + 4 + 4))
    assert at.loc[2026:, "achieved_kt"].isna().all()
    assert view.late["commitment_id"].tolist() == [numbers[0]]
    late = view.late.iloc[0]
    assert (late["planned"], late["achieved"], late["gap"], late["years_behind"]) == pytest.approx((6.0, 3.0, 3.0,
                                                                                                     1.5))
    with connect(path, read_only=True) as con:
        assert follow_up.get(con, numbers[0], 2025)["spent"] == 2000.0
    # the exported workbook, with its « Suivi » sheet, re-imports unchanged
    before = fingerprint(path, TABLES)
    again = exported(path)
    sheet = load_workbook(io.BytesIO(again))[follow_up.SHEET]
    assert [c.value for c in sheet[1]] == follow_up.SHEET_HEADERS and sheet.max_row == 7
    output = imported(tmp_path, "export.xlsx", again)
    assert "0 ajouté, 0 modifié, 3 inchangés, 0 refusé. Suivi : 0 année enregistrée, 6 " \
           "inchangées, 0 refusée." in output, output
    assert fingerprint(path, TABLES) == before


@pytest.mark.parametrize(("row", "message"), [
    (["{n}", None, 2025, None, None, None, "-5", None, None],
     "feuille « Suivi », ligne 2 : Dépensé (€) : le montant dépensé (€) doit être compris entre 0 et"),
    (["999999", None, 2025, 1, None, None, None, None, None],
     "feuille « Suivi », ligne 2 : Identifiant : aucun engagement n° 999999 dans cette région."),
    (["{n}", None, 2031, 1, None, None, None, None, None],
     "feuille « Suivi », ligne 2 : Année du suivi : 2031 n'est pas encore commencée"),
    (["{n}", None, 2025, 1, 7, None, None, None, None],
     "feuille « Suivi », ligne 2 : Réalisé (unité physique du levier) : incohérent avec 1 ktCO₂e"),
])
def test_a_bad_follow_up_row_is_refused_naming_its_line_and_column_and_nothing_is_written(three, tmp_path, row,
                                                                                          message):
    path, numbers = three
    workbook = exported(path)
    before = fingerprint(path, TABLES)
    cells = [int(numbers[0]) if cell == "{n}" else cell for cell in row]
    output = imported(tmp_path, "mauvais.xlsx", with_follow_up(workbook, [cells]))
    assert message in output and "Suivi : 0 année enregistrée, 0 inchangée, 1 refusée." in output, output
    assert fingerprint(path, TABLES) == before


@pytest.mark.parametrize(("renamed", "message"), [
    ({"C1": "Année"}, "feuille « Suivi » : colonne manquante : Année du suivi."),
    ({"A1": "Numéro", "C1": "Année"}, "feuille « Suivi » : colonnes manquantes : Identifiant, Année du suivi."),
])
def test_a_follow_up_sheet_without_its_key_columns_is_refused_naming_them(three, tmp_path, renamed, message):
    path, _ = three
    book = load_workbook(io.BytesIO(exported(path)))
    for cell, header in renamed.items():
        book[follow_up.SHEET][cell] = header
    buffer = io.BytesIO()
    book.save(buffer)
    before = fingerprint(path, TABLES)
    output = imported(tmp_path, "sans-colonnes.xlsx", buffer)
    assert message in output, output
    assert fingerprint(path, TABLES) == before


def test_undoing_the_import_restores_the_follow_up_as_it_was(three, tmp_path):
    path, numbers = three
    with connect(path) as con:
        follow_up.save(con, numbers[0], 2024, {"done_kt": 5.0}, None, "dreal")
    before = fingerprint(path, TABLES)
    rows = [[numbers[0], None, 2024, 1.0, None, None, None, None, 1], [numbers[1], None, 2025, 2.0, None, None, None,
                                                                       None, None]]
    output = imported(tmp_path, "suivi.xlsx", with_follow_up(exported(path), rows))
    assert "Suivi : 2 années enregistrées" in output, output
    with connect(path) as con:
        import_id = con.execute("SELECT max(import_id) FROM imports WHERE kind = 'engagements'").fetchone()[0]
        undo_import(con, import_id)
    assert fingerprint(path, TABLES) == before
