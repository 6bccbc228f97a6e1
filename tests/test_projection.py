"""The projection mode's data (screens, what-if bounds, split) and keeping a proposal, on the demo region."""

from __future__ import annotations

import pytest

from dashboard.features.projection.routes import qr_svg, reading_url
from dashboard.features.projection.screens import (
    NO_SPLIT,
    POPULATION_SPLIT,
    agenda_sequence,
    cut,
    keep_proposals,
    nice_step,
    payload,
    screen_proposals,
    session_name,
)
from data.db import connect
from data.demo import REGION_CODE
from domain import scenarios
from domain.gaps import territory_gaps

TODAY = "22 novembre 2026"


@pytest.fixture
def con(demo_copy):
    with connect(demo_copy) as con:
        yield con


def test_the_sequence_goes_region_then_sector_levers_lever_territories(con):
    data = payload(con, REGION_CODE)
    kinds = [screen["kind"] for screen in data["screens"]]
    assert kinds[:6] == ["region", "sector", "levers", "lever", "territories", "lever"]
    assert kinds.count("sector") == kinds.count("levers") == len(data["sectors"]) == 8
    assert kinds.count("lever") == kinds.count("territories") == len(data["levers"]) == 31
    assert len(kinds) == 1 + 2 * 8 + 2 * 31
    sector_order = [screen["sector"] for screen in data["screens"] if screen["kind"] == "sector"]
    gaps = [data["sectors"][name]["gap"] for name in sector_order]
    assert gaps == sorted(gaps, reverse=True)  # most behind first
    assert data["region"]["objective"] == pytest.approx(sum(lever["objective"] for lever in data["levers"].values()))


def test_a_meeting_s_sequence_is_the_region_then_every_screen_of_its_agenda_s_sectors(con):
    data = payload(con, REGION_CODE)
    first, other = [screen["sector"] for screen in data["screens"] if screen["kind"] == "sector"][:2]
    sequence = agenda_sequence(data, [other])
    shown = cut(data, sequence)["screens"]
    levers = data["sectors"][other]["levers"]
    assert sequence[0] == 1 and len(shown) == 1 + 2 + 2 * len(levers)
    assert [screen["kind"] for screen in shown[:3]] == ["region", "sector", "levers"]
    assert {screen["lever"] for screen in shown if "lever" in screen} == set(levers)
    assert all(screen.get("sector") in (None, other) for screen in shown)
    assert sequence == sorted(sequence) and data["screens"][sequence[1] - 1] == {"kind": "sector", "sector": other}
    assert len(agenda_sequence(data, [first, other])) == len(sequence) + 2 + 2 * len(data["sectors"][first]["levers"])
    assert cut(data, None) is data


def test_a_lever_carries_its_acquired_part_and_what_if_bounds_in_its_physical_unit(con):
    cars = payload(con, REGION_CODE)["levers"]["augm_voitelec"]
    assert cars["unit"] == "milliers de voitures électriques dans le parc régional"
    assert cars["per_kt"] == pytest.approx(0.3) and cars["sign"] == 1
    assert cars["max"] == pytest.approx(900 * 0.3)
    assert cars["key_step"] == 20  # one key press: 20 000 more electric cars
    assert cars["acquired"] == pytest.approx(territory_gaps(con, "region", REGION_CODE)
                                             .set_index("lever_id").at["augm_voitelec", "progress_kt"])
    assert cars["year"] == 2023
    assert [year for year, _, _ in cars["path"]["points"]] == [2021, 2022, 2023]  # 2019 is the baseline itself
    assert cars["path"]["points"][-1][1] == pytest.approx(cars["acquired"])
    fuel = payload(con, REGION_CODE)["levers"]["reduc_rfioul"]
    assert fuel["sign"] == -1  # fewer oil-heated homes
    unobserved = payload(con, REGION_CODE)["levers"]["stockage_sols"]
    assert unobserved["acquired"] is None and unobserved["unit"] == "ktCO₂e"


def test_bretagnes_screens_carry_the_acquis_of_the_ecarts_page_and_why_the_effort_exceeds_the_objective(real_db):
    with connect(real_db, read_only=True) as con:
        data = payload(con, "53")
    region = data["region"]["path"]
    # tests/test_gaps.py: −152.869 kt from the 8 levers observed in 2021, 32.532 kt from the 2 of 2022.
    assert region["acquired"] == pytest.approx(-120.34, abs=0.01)
    assert region["scope"] == "10 leviers sur 30, observés entre 2021 et 2022"
    assert region["points"] == []  # no curve joins 8 levers in 2021 to 2 others in 2022
    assert "du fait de « Bâtiments et machines agricoles », en recul de 600,0" in data["region"]["excess"]
    farming = data["sectors"]["Agriculture, Forêts et Sols"]
    assert farming["path"]["acquired"] == pytest.approx(-600.0)  # land 1,6 → 1,6: 0; farms 0.9 / −0.0015 = −600
    assert farming["path"]["points"] == [[2021, pytest.approx(-600.0), 2]]
    assert "« Bâtiments et machines agricoles »" in farming["excess"]
    assert data["sectors"]["Tertiaire"]["excess"] is None
    farms, land = data["levers"]["reduc_eneragri"], data["levers"]["reduc_artif"]
    assert (farms["trend"], farms["trend_said"]) == (
        "en recul", "de 5,8 à 6,7 TWh d'énergie fossile consommées dans l'agriculture entre 2019 et 2021")
    assert (land["trend"], land["acquired"]) == ("stable", 0.0)


def test_territories_of_a_lever_use_the_split_and_add_up_to_its_objective(con):
    data = payload(con, REGION_CODE)
    assert "méthode « Population (par défaut) »" in data["territories"]["label"]
    for lever_id, lever in data["levers"].items():
        parts = data["territories"]["levers"][lever_id]
        assert len(parts) == 4
        assert sum(kt for _, kt in parts) == pytest.approx(lever["objective"])


def test_without_communes_territories_fall_back_to_population_shares(con):
    con.execute("DELETE FROM territory_links WHERE child_level = 'commune'")
    data = payload(con, REGION_CODE)
    assert data["territories"]["label"] == POPULATION_SPLIT
    parts = dict(data["territories"]["levers"]["augm_voitelec"])
    population = dict(con.execute("SELECT name, population FROM territories WHERE level = 'departement'").fetchall())
    total = sum(population.values())
    for name, kt in parts.items():
        assert kt == pytest.approx(900 * population[name] / total)


def test_without_population_the_territories_screen_says_why(con):
    con.execute("DELETE FROM territory_links WHERE child_level = 'commune'")
    con.execute("UPDATE territories SET population = NULL WHERE level = 'departement'")
    split = payload(con, REGION_CODE)["territories"]
    assert split == {"label": NO_SPLIT, "levers": {}}


def test_nice_steps_are_round():
    assert [nice_step(x) for x in (13.5, 0.07, 1, 3, 700)] == [20, 0.1, 1, 5, 1000]
    assert nice_step(0) == 1.0


def test_a_screen_keeps_only_its_own_positive_proposals(con):
    data = payload(con, REGION_CODE)
    index = {(s["kind"], s.get("lever") or s.get("sector")): i for i, s in enumerate(data["screens"])}
    proposals = {"augm_voitelec": 66.7, "augm_velo": 0, "reduc_vkm": -3, "augm_tc": "x", "decarb_industrie": 50}
    assert screen_proposals(data, index[("lever", "augm_voitelec")], proposals) == {"augm_voitelec": 66.7}
    assert screen_proposals(data, index[("sector", "Transport de voyageurs")], proposals) == {"augm_voitelec": 66.7}
    assert screen_proposals(data, index[("lever", "decarb_industrie")], proposals) == {}  # not editable
    assert screen_proposals(data, index[("territories", "augm_voitelec")], proposals) == {}
    assert screen_proposals(data, 999, proposals) == {}


def test_keeping_proposals_writes_acquired_plus_proposed_in_one_session_scenario(con):
    acquired = territory_gaps(con, "region", REGION_CODE).set_index("lever_id")["progress_kt"]
    scenario_id, name = keep_proposals(con, REGION_CODE, None, TODAY, {"augm_voitelec": 66.7})
    assert name == f"Séance de projection du {TODAY}"
    again, _ = keep_proposals(con, REGION_CODE, scenario_id, TODAY, {"augm_velo": 10.0, "augm_voitelec": 70.0})
    assert again == scenario_id
    values = scenarios.scenario_values(con, scenario_id).set_index("lever_id")["done_kt"]
    assert values["augm_voitelec"] == pytest.approx(acquired["augm_voitelec"] + 70.0)
    assert values["augm_velo"] == pytest.approx(acquired["augm_velo"] + 10.0)
    unobserved, _ = keep_proposals(con, REGION_CODE, scenario_id, TODAY, {"reduc_vkm": 12.0})
    assert scenarios.scenario_values(con, unobserved).set_index("lever_id").at["reduc_vkm", "done_kt"] == 12.0
    assert session_name(con, REGION_CODE, TODAY) == f"Séance de projection du {TODAY} (2)"
    scenarios.delete_scenario(con, scenario_id)
    fresh, fresh_name = keep_proposals(con, REGION_CODE, scenario_id, TODAY, {"augm_velo": 1.0})
    assert fresh != scenario_id and fresh_name == f"Séance de projection du {TODAY}"  # the deleted one freed it


def test_an_unreadable_proposal_is_refused(con):
    for proposals in ({"inconnu": 1.0}, {"augm_velo": -1.0}, {"augm_velo": float("nan")}):
        with pytest.raises(scenarios.ScenarioError, match="Proposition illisible"):
            keep_proposals(con, REGION_CODE, None, TODAY, proposals)


def test_short_link_and_qr_code():
    assert reading_url("00", 4) == "/suivre/00?ecran=4"
    svg = qr_svg("http://127.0.0.1:8050/p/00/4").decode()
    assert svg.startswith("<svg") and "viewBox" in svg and "width=" not in svg.split(">")[0]
