"""Scenarios of a new ambition: French input checks, storage with undoable deletion, comparison, exports."""

import io

import pandas as pd
import pytest
from flask_login import login_user
from openpyxl import load_workbook

from dashboard.access.auth import Editor
from dashboard.features.gaps.scenario_input import InvalidInput, field_text, parse_number, read_field
from data.db import connect
from domain import scenarios
from domain.gaps import territory_levers
from domain.permissions import Role
from domain.users import Account


def test_an_anonymous_edit_is_refused_and_saves_nothing(app):
    from dashboard.access.gate import REFUSED
    from dashboard.pages.gaps import edit_lever
    from dashboard.store import fetch, write

    scenario_id = write(scenarios.create_scenario, "region", "84", "Visiteur")
    with app.server.test_request_context():
        refused = edit_lever(scenario_id, "84", "augm_voitelec", "new_phys", "700", 0)
    assert REFUSED in refused["errors"]["new_phys"]
    assert fetch(scenarios.scenario_values, scenario_id).empty


@pytest.fixture(scope="module")
def aura_levers(real_db):
    with connect(real_db, read_only=True) as con:
        return territory_levers(con, "region", "84").set_index("lever_id", drop=False)


@pytest.mark.parametrize("text, value", [
    ("12,5", 12.5), ("1 234,5", 1234.5), ("1\u202f234,5", 1234.5), ("659", 659.0), ("0.5", 0.5), ("-3", -3.0),
    ("\u22123", -3.0), ("1e5", 100000.0), ("", None), ("   ", None), (None, None),
])
def test_french_numbers_are_read(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize("text", ["abc", "12,5 kt", "1,2,3", "--4", "1e999", "NaN", "Infinity"])
def test_text_is_not_a_number(text):
    with pytest.raises(InvalidInput, match="n'est pas un nombre( fini)? : saisissez par exemple 12,5"):
        parse_number(text)


def test_a_physical_quantity_converts_to_kt_and_back(aura_levers):
    cars = aura_levers.loc["augm_voitelec"]
    typed = read_field("new_phys", "700", cars)
    # (700 − 13.754) / 0.4677 = 1467.28 kt
    assert typed.kt == pytest.approx(1467.28, abs=0.01)
    assert typed.phys == 700
    back = read_field("new_kt", field_text(typed.kt, "kt"), cars)
    assert back.phys == pytest.approx(700, abs=0.05)
    assert read_field("done_kt", "", cars) == read_field("done_phys", None, cars)


def test_nonsense_quantities_are_refused_in_french(aura_levers):
    cars, fuel_oil, industry = (aura_levers.loc[i] for i in ("augm_voitelec", "reduc_rfioul", "co2_indus"))
    with pytest.raises(InvalidInput, match="« milliers de véhicules électriques dans le parc régional » ne peut pas "
                                           "être négative"):
        read_field("done_phys", "-5", cars)
    with pytest.raises(InvalidInput, match="Des émissions évitées ne peuvent pas être négatives"):
        read_field("new_kt", "-1", cars)
    # More fuel-oil homes than in 2019 (464.4 thousand) would mean more emissions.
    with pytest.raises(InvalidInput, match="émissions en hausse par rapport à 2019"):
        read_field("new_phys", "500", fuel_oil)
    with pytest.raises(InvalidInput, match="pas de traduction physique"):
        read_field("new_phys", "10", industry)


def test_a_share_cannot_exceed_100_percent(aura_levers):
    share = aura_levers.loc["augm_voitelec"].copy()
    share["unit_phys"] = "% de véhicules électriques dans le parc (en 2030)"
    with pytest.raises(InvalidInput, match="Une part ne peut pas dépasser 100"):
        read_field("new_phys", "120", share)
    assert read_field("new_phys", "90", share).phys == 90


def test_scenarios_are_stored_duplicated_deleted_and_restored(real_copy):
    with connect(real_copy) as con:
        first = scenarios.create_scenario(con, "region", "84", "  Ambition mobilité ")
        assert scenarios.save_lever_value(con, first, "augm_voitelec", "new_objective_kt", 1600.0, 0) == 1
        assert scenarios.save_lever_value(con, first, "augm_voitelec", "done_kt", 300.0, 1) == 2
        assert scenarios.save_lever_value(con, first, "augm_voitelec", "done_kt", None, 2) == 3
        copy = scenarios.duplicate_scenario(con, first)
        assert scenarios.scenario(con, copy)["name"] == "Copie de Ambition mobilité"
        assert scenarios.scenario(con, scenarios.duplicate_scenario(con, first))["name"] == (
            "Copie de Ambition mobilité (2)")
        values = scenarios.scenario_values(con, copy).set_index("lever_id")
        assert values.loc["augm_voitelec", "new_objective_kt"] == 1600.0
        assert pd.isna(values.loc["augm_voitelec", "done_kt"])
        with pytest.raises(scenarios.ScenarioError, match="existe déjà"):
            scenarios.create_scenario(con, "region", "84", "ambition MOBILITÉ")
        with pytest.raises(scenarios.ScenarioError, match="Donnez un nom"):
            scenarios.create_scenario(con, "region", "84", " ")
        with pytest.raises(scenarios.ScenarioError, match="n'est pas modifiable"):
            scenarios.save_lever_value(con, first, "co2_enr", "new_objective_kt", 10.0, 0)
        scenarios.delete_scenario(con, first)
        assert first not in set(scenarios.territory_scenarios(con, "region", "84")["scenario_id"])
        with pytest.raises(scenarios.ScenarioError, match="supprimé"):
            scenarios.save_lever_value(con, first, "augm_voitelec", "done_kt", 1.0, 3)
        scenarios.restore_scenario(con, first)
        assert first in set(scenarios.territory_scenarios(con, "region", "84")["scenario_id"])
        assert scenarios.scenario_values(con, first).set_index("lever_id").loc[
            "augm_voitelec", "new_objective_kt"] == 1600.0


def test_comparison_per_sector_keeps_the_sgpe_objective_where_nothing_is_entered(aura_levers):
    levers = aura_levers.reset_index(drop=True)
    a = pd.DataFrame({"lever_id": ["augm_voitelec"], "done_kt": [None], "new_objective_kt": [1600.0], "version": [1]})
    b = pd.DataFrame({"lever_id": ["reduc_rfioul"], "done_kt": [100.0], "new_objective_kt": [1000.0], "version": [2]})
    compared = scenarios.comparison(levers, [("A", a), ("B", b)]).set_index("group")
    assert compared.loc["Transport de voyageurs", "A"] == pytest.approx(3546.7721 - 1379.8038 + 1600)
    assert compared.loc["Transport de voyageurs", "B"] == pytest.approx(3546.7721)
    assert compared.loc["Résidentiel", "B"] == pytest.approx(3157.1155 - 1369.5422 + 1000)
    assert compared.loc["Total", "SGPE"] == pytest.approx(24551.8042)
    totals = scenarios.totals(scenarios.with_scenario(levers, b))
    assert totals["done_kt"] == 100.0
    assert totals["remaining_kt"] == pytest.approx(24551.8042 - 369.5422 - 100)


def test_an_invalid_edit_saves_nothing_and_a_valid_one_is_saved(app):
    from dashboard.pages.gaps import edit_lever
    from dashboard.store import fetch, write

    territory = "84"  # the region
    scenario_id = write(scenarios.create_scenario, "region", "84", "Saisies")
    with app.server.test_request_context():
        login_user(Editor(Account("redaction", "Équipe de rédaction", 1, Role.TEAM)))
        saved = edit_lever(scenario_id, territory, "augm_voitelec", "new_phys", "700", 0)
        refused = edit_lever(scenario_id, territory, "augm_voitelec", "new_kt", "beaucoup", 1)
    values, errors, remaining, marker = saved["values"], saved["errors"], saved["remaining"], saved["saved"]
    assert values["new_kt"] == "1467,3" and list(errors.values()) == ["", "", "", ""]
    assert marker["kt"] == pytest.approx(1467.28, abs=0.01)
    assert remaining.replace("\u202f", " ") == "1 467,3\u00a0ktCO₂e"
    assert "n'est pas un nombre" in refused["errors"]["new_kt"]
    stored = fetch(scenarios.scenario_values, scenario_id).set_index("lever_id")
    assert stored.loc["augm_voitelec", "new_objective_kt"] == pytest.approx(1467.28, abs=0.01)


def test_gap_and_scenario_exports(client):
    from dashboard.store import write

    lines = client.get("/export/ecarts.csv?region=84").data.decode("utf-8-sig").splitlines()
    assert len(lines) == 31
    cars = next(line for line in lines if ";Véhicules électriques;" in line)
    assert ";2022;" in cars and ";en retard;" in cars
    # the gap, to the tenth as the page shows it: 1379.8038 × 3/11 − (53.5 − 13.8) / 0.4677 = 291.43
    assert ";291,4;" in cars
    forests = next(line for line in lines if ";Gestion des forêts;" in line)
    assert ";pas de donnée;" in forests
    assert client.get("/export/scenarios.csv?region=84").status_code == 404
    a = write(scenarios.create_scenario, "region", "84", "A")
    b = write(scenarios.create_scenario, "region", "84", "B")
    write(scenarios.save_lever_value, a, "augm_voitelec", "new_objective_kt", 1600.0, 0)
    response = client.get(f"/export/scenarios.xlsx?region=84&comparer={a},{b}")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.data))["Données"]
    rows = {row[0]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert [c.value for c in sheet[1]] == ["Secteur", "Objectif SGPE (ktCO₂e)", "A (ktCO₂e)", "B (ktCO₂e)"]
    assert rows["Total"][2] == pytest.approx(24551.8042 - 1379.8038 + 1600)
    assert rows["Total"][3] == pytest.approx(24551.8042)
