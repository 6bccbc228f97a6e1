"""Downloads at /export/<view>.<csv|xlsx>: French Excel CSV, XLSX with provenance, formulas neutralised."""

import csv
import io
import re
from datetime import datetime

import pandas as pd
import pytest
from openpyxl import load_workbook

from dashboard import exports
from dashboard.tables import Table
from data.db import connect
from domain.spreadsheet import neutralize


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
    column = header.index("Objectif 2030 (ktCO₂e évitées vs 2019)")
    total = sum(row[column] for row in data.iter_rows(min_row=2, values_only=True))
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
    from dashboard.store import write
    from domain import scenarios

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


def csv_table(client, url: str) -> list[dict]:
    response = client.get(url)
    assert response.status_code == 200, response.data
    return list(csv.DictReader(io.StringIO(response.data.decode("utf-8-sig")), delimiter=";"))


NOISE = re.compile(r"^[−-]?\d+,\d*$")  # a decimal number as the CSV writes it


def significant_digits(cell: str) -> int:
    return len(cell.lstrip("−-").replace(",", "").lstrip("0"))


def test_exports_write_numbers_rounded_for_their_meaning(client, real_copy):
    """Issue 21: no « -10,251999999999999 », « 1500000,0 », rank « 1,0 », share « 0,05478952195925912 »."""
    from domain import commitment_store
    from domain.commitments import validate
    from domain.split_methods import save_method

    with connect(real_copy) as con:
        method = save_method(con, "Surface", {}, default_key="superficie")
        checked = validate({"territory_level": "Département", "territory_code": "29", "lever_id": "augm_voitelec",
                            "carrier": "Finistère", "title": "Bornes", "quantity_kt": "11,69", "start_year": 2025,
                            "end_year": 2028, "status": "engagé", "total_cost": "1500000"},
                           commitment_store.context(con, "53"))
        assert checked.ok, checked.errors
        commitment_store.create(con, "53", checked.values, "dreal")
    response = client.get("/export/declinaison.csv?region=53&niveau=crte")
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    split = csv_table(client, f"/export/declinaison.csv?region=53&niveau=crte&comparer={method}")
    redon = next(row for row in split if row["Code"] == "crte-53-35-13")
    assert re.fullmatch(r"[−-]?\d+,\d", redon["Écart (ktCO₂e)"]), "a computed gap to the tenth, as the page shows it"
    assert re.fullmatch(r"\d+,\d", redon["Part de l'objectif régional (%)"]), "a share as a percentage"
    assert redon["Population dans la région"].isdigit() and redon["Communes"].isdigit()
    ranks = [row["Rang"] for row in csv_table(client, "/export/diagnostic.csv?region=53&indicateur=reduc_tfioul"
                                                       "&niveau=region")]
    assert ranks[:3] == ["1", "2", "3"]
    (commitment,) = csv_table(client, "/export/engagements.csv?region=53")
    assert commitment["Coût total (€)"] == "1500000" and commitment["ktCO₂e"] == "11,69"
    assert commitment["Quantité physique"] == "5,467"  # 11,69 × 0,4677 = 5,467413, kept to 4 significant digits
    views = ["leviers.csv?region=53", "territoires.csv?region=53", "ecarts.csv?region=53",
             "feuille-de-route.csv?region=53",
             "fiche-territoire.csv?region=53&niveau=crte&code=crte-53-35-13", "couverture-crte.csv?region=53",
             "couverture-departement.csv?region=53", "contributions-crte.csv?region=53",
             "diagnostic-serie.csv?region=53&indicateur=reduc_tfioul&niveau=region"]
    for view in views:
        for row in csv_table(client, f"/export/{view}"):
            noisy = [cell for cell in row.values() if cell and NOISE.match(cell) and significant_digits(cell) > 12]
            assert not noisy, f"{view} : {noisy}"
