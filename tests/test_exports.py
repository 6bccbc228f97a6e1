"""Downloads at /export/<view>.<csv|xlsx>: French Excel CSV, XLSX with provenance, formulas neutralised."""

import csv
import io
from datetime import datetime

import pandas as pd
import pytest
from openpyxl import load_workbook

from app import create_app
from dashboard import exports
from dashboard.tables import Table
from domain.spreadsheet import neutralize


@pytest.fixture
def client(real_copy):
    return create_app().server.test_client()


def test_lever_csv_is_french_excel_friendly(client):
    response = client.get("/export/leviers.csv?region=53&vue=secteur")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    body = response.data
    assert body.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM, so that Excel reads the accents
    text = body.decode("utf-8-sig")
    lines = text.splitlines()
    assert lines[0].split(";")[:3] == ["Secteur", "Groupe thématique", "Levier"]
    assert len(lines) == 31
    electric = next(line for line in lines if ";Véhicules électriques;" in line)
    assert ";625,6611;" in electric  # decimal comma, full precision


def test_lever_xlsx_has_the_numbers_and_their_source(client):
    response = client.get("/export/leviers.xlsx?region=53")
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.data))
    data = workbook["Données"]
    header = [c.value for c in data[1]]
    total = sum(row[header.index("Objectif 2030 (ktCO₂e évitées vs 2019)")] for row in data.iter_rows(min_row=2, values_only=True))
    assert total == pytest.approx(9842.5042)
    about = [c.value for c in workbook["Source"]["A"]]
    assert about[0] == "Objectifs 2030 par levier — Bretagne"
    assert any("n'engagent pas l'État" in (line or "") for line in about)


def test_territories_and_imports_export(client):
    territories = client.get("/export/territoires.csv?region=53").data.decode("utf-8-sig").splitlines()
    assert sum(1 for line in territories if line.startswith("CRTE;")) == 40
    assert sum(1 for line in territories if line.startswith("Département;")) == 4
    imports = client.get("/export/imports.csv").data.decode("utf-8-sig")
    assert "panorama-leviers-regions.json" in imports


def test_unknown_export_is_a_french_404(client):
    response = client.get("/export/leviers.csv?region=99")
    assert response.status_code == 404
    assert "région inconnue" in response.data.decode()
    assert client.get("/export/nimporte.csv").status_code == 404
    assert client.get("/export/leviers.pdf?region=53").status_code == 404


def test_formulas_are_neutralised():
    assert neutralize("=HYPERLINK(\"x\")") == "'=HYPERLINK(\"x\")"
    assert neutralize("+33 1 23") == "'+33 1 23"
    assert neutralize("@SUM(A1)") == "'@SUM(A1)"
    assert neutralize("-2") == "'-2"
    assert neutralize("Bretagne") == "Bretagne"
    assert neutralize(-2.5) == -2.5


def test_a_formula_in_a_scenario_name_stays_text_in_the_headers(client):
    from dashboard.ecarts import scenarios
    from dashboard.store import write

    name = '=HYPERLINK("http://x","clic")'
    write(scenarios.create_scenario, "region", "84", name)
    sheet = load_workbook(io.BytesIO(client.get("/export/scenarios.xlsx?region=84").data))["Données"]
    header = next(cell for cell in sheet[1] if "HYPERLINK" in str(cell.value))
    assert header.data_type == "s"
    assert header.value.startswith("'=HYPERLINK")
    text = client.get("/export/scenarios.csv?region=84").data.decode("utf-8-sig")
    csv_header = next(csv.reader(io.StringIO(text), delimiter=";"))
    assert csv_header[2] == "'" + name + " (ktCO₂e)"


def test_instants_are_exported_in_paris_time_as_the_pages_show_them():
    stored = pd.DataFrame({"Date": pd.to_datetime(["2026-01-15 08:00", "2026-08-15 08:00"]), "Auteur": ["a", "b"]})
    table = Table("Historique", stored, {"Date": "date"})
    lines = exports.to_csv(table).decode("utf-8-sig").splitlines()
    assert lines[1:] == ["15/01/2026 09:00;a", "15/08/2026 10:00;b"]
    cells = [row[0] for row in load_workbook(io.BytesIO(exports.to_xlsx(table, "/"))).active.iter_rows(
        min_row=2, values_only=True)]
    assert cells == [datetime(2026, 1, 15, 9, 0), datetime(2026, 8, 15, 10, 0)]
