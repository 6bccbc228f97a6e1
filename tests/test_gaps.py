"""Gaps to the linear 2019 → 2030 path, checked against hand-computed values from the real files."""

import pandas as pd
import pytest

from data.db import connect
from domain.gaps import (
    AHEAD,
    BEHIND,
    NO_DATA,
    ON_TRACK,
    RECEDING,
    excess,
    group_gaps,
    lever_observations,
    status,
    territory_gaps,
    territory_levers,
    territory_progress,
    trajectory,
)
from domain.levers import kt_from_physical, physical_target
from domain.magnitudes import quantity, sentence, sentences, split_unit
from domain.vocabulary import STABLE


@pytest.fixture(scope="module")
def aura(real_db):
    with connect(real_db, read_only=True) as con:
        return territory_gaps(con, "region", "84").set_index("lever_id")


def test_status_thresholds_are_five_percent_of_the_objective_either_side():
    assert status(5.0, 100.0) == ON_TRACK
    assert status(-5.0, 100.0) == ON_TRACK
    assert status(0.0, 100.0) == ON_TRACK
    assert status(5.01, 100.0) == BEHIND
    assert status(-5.01, 100.0) == AHEAD
    assert status(5.01, -100.0) == BEHIND  # the tolerance uses the objective's size
    assert status(None, 100.0) == NO_DATA
    assert status(float("nan"), 100.0) == NO_DATA


def test_electric_cars_in_auvergne_rhone_alpes_are_behind(aura):
    cars = aura.loc["augm_voitelec"]
    # From its own 2019 value: (53.5 − 13.8) / 0.4677 = 84.88 kt observed in 2022; 1379.8038 × 3/11 = 376.31 kt
    # expected; gap 291.43 kt.
    assert cars["observed_year"] == 2022
    assert cars["observed_value"] == pytest.approx(53.5)
    assert cars["progress_kt"] == pytest.approx(84.88, abs=0.01)
    assert cars["expected_kt"] == pytest.approx(376.31, abs=0.01)
    assert cars["gap_kt"] == pytest.approx(291.43, abs=0.01)
    assert cars["status_gap"] == BEHIND


def test_a_falling_quantity_that_fell_fast_is_ahead(aura):
    homes = aura.loc["reduc_rconso"]
    # Residential consumption 60.2 → 53.6 TWh in 2021, factor −0.0111 TWh/kt: (53.6 − 60.2) / −0.0111 = 594.59 kt;
    # expected 790.317 × 2/11 = 143.69 kt; gap −450.90 kt (negative: ahead).
    assert homes["progress_kt"] == pytest.approx(594.59, abs=0.01)
    assert homes["expected_kt"] == pytest.approx(143.69, abs=0.01)
    assert homes["gap_kt"] == pytest.approx(-450.90, abs=0.01)
    assert homes["status_gap"] == AHEAD


def test_a_quantity_moving_the_wrong_way_has_negative_progress(aura):
    farms = aura.loc["reduc_eneragri"]
    # Fossil energy in agriculture rose 3 (that is 3,0) → 3,2 TWh: 0.2 / −0.0013 = −153.85 kt; expected 38.996 kt.
    assert farms["progress_kt"] == pytest.approx(-153.85, abs=0.01)
    assert farms["gap_kt"] == pytest.approx(192.84, abs=0.01)
    assert farms["status_gap"] == BEHIND
    assert farms["trend"] == RECEDING


def test_within_tolerance_is_on_the_path(aura):
    land = aura.loc["reduc_artif"]
    # (2.5 − 2.9) / −0.0042 = 95.24 kt; expected 487.1259 × 2/11 = 88.57 kt; gap −6.67, |−6.67| ≤ 5 % × 487.13 = 24.36.
    assert land["gap_kt"] == pytest.approx(-6.67, abs=0.01)
    assert land["status_gap"] == ON_TRACK


@pytest.mark.parametrize("lever, why", [
    ("reduc_rfioul", "only a 2019 value is known"),
    ("augm_valodma", "a change lever observed as a level, with no 2019 value to compare with"),
    ("co2_foret", "no physical translation"),
    ("augm_haies", "no observation at all"),
])
def test_levers_without_a_comparable_observation_have_no_data_never_zero(aura, lever, why):
    row = aura.loc[lever]
    assert row["status_gap"] == NO_DATA, why
    assert pd.isna(row["progress_kt"]) and pd.isna(row["gap_kt"])


def test_sector_gaps_sum_their_observed_levers_and_are_sorted(aura):
    groups = group_gaps(aura.reset_index(), "sector").set_index("group")
    tertiary = groups.loc["Tertiaire"]
    assert tertiary["observed_levers"] == 3
    assert tertiary["gap_kt"] == pytest.approx(aura.loc[["reduc_tconso", "reduc_tfioul", "reduc_tgaz"], "gap_kt"].sum())
    assert tertiary["status_gap"] == AHEAD
    assert groups.loc["Industrie", "status_gap"] == NO_DATA
    observed = groups["gap_kt"].dropna()
    assert list(observed) == sorted(observed, reverse=True)
    assert groups.index[0] == "Transport de voyageurs"


def test_every_region_gets_its_gaps_and_regions_without_observations_have_no_data(real_db):
    with connect(real_db, read_only=True) as con:
        codes = [c for (c,) in con.execute("SELECT DISTINCT territory_code FROM lever_objectives").fetchall()]
        observed = {c for (c,) in con.execute("SELECT DISTINCT territory_code FROM observations").fetchall()}
        assert len(codes) == 18 and len(observed) == 13
        for code in codes:
            gaps = territory_gaps(con, "region", code)
            assert len(gaps) == con.execute("SELECT count(*) FROM lever_objectives WHERE territory_code = ?",
                                            [code]).fetchone()[0]
            assert ((gaps["status_gap"] != NO_DATA).any()) == (code in observed)


def test_a_sector_trajectory_adds_the_levers_observed_each_year(real_db):
    with connect(real_db, read_only=True) as con:
        gaps = territory_gaps(con, "region", "84")
        found = territory_progress(con, "region", "84")
    tertiary = list(gaps.loc[gaps["sector"] == "Tertiaire", "lever_id"])
    path = trajectory(gaps, found, tertiary)
    assert path["objective_kt"] == pytest.approx(2933.6792)
    points = path["observed"].set_index("year")
    assert list(points.index) == [2021]  # 2019 is the baseline itself, not an observed progress
    assert points.loc[2021, "observed_levers"] == 3
    assert path["curve"].equals(path["observed"])  # the same 3 levers every year: drawn
    assert path["acquired"].kt == pytest.approx(points.loc[2021, "progress_kt"])


@pytest.fixture(scope="module")
def bretagne(real_db):
    with connect(real_db, read_only=True) as con:
        return territory_gaps(con, "region", "53"), territory_progress(con, "region", "53")


def test_bretagnes_acquis_adds_each_levers_latest_progress_and_no_curve_joins_2021_to_2022(bretagne):
    gaps, found = bretagne
    path = trajectory(gaps, found, list(gaps["lever_id"]))
    # The latest progress of the 10 levers observed after 2019, each from its own 2019 value:
    # 2021: land (1.6 − 1.6) = 0; farms (6.7 − 5.8) / −0.0015 = −600; waste (724.1 − 689.3) / −2.9367 = −11.850;
    #       homes (21.7 − 22.4) / −0.0111 = 63.063; offices (10.3 − 12.5) / −0.0087 = 252.874;
    #       office fuel (1.5 − 1.6) / −0.0038 = 26.316; office gas (2.6 − 4.3) / −0.0115 = 147.826;
    #       heat networks (63.2 − 53) / −0.328 = −31.098 → 8 levers, −152.869 kt;
    # 2022: cars (19.4 − 4.7) / 0.4677 = 31.430; buses (62 − 44) / 16.3344 = 1.102 → 2 levers, 32.532 kt.
    # Acquis: −152.869 + 32.532 = −120.337 kt. The screens said « acquis −123 » next to « observé 32,6 en 2022 ».
    assert path["acquired"].kt == pytest.approx(-120.34, abs=0.01)
    assert path["acquired"].scope == "10 leviers sur 30, observés entre 2021 et 2022"
    observed = path["observed"].set_index("year")
    assert list(observed.index) == [2021, 2022]
    assert observed.loc[2021, "observed_levers"] == 8
    assert observed.loc[2021, "progress_kt"] == pytest.approx(-152.87, abs=0.01)
    assert observed.loc[2022, "observed_levers"] == 2
    assert observed.loc[2022, "progress_kt"] == pytest.approx(32.53, abs=0.01)
    assert path["curve"].empty  # 8 levers in 2021, 2 others in 2022: no line joins them


def test_sobriete_fonciere_at_1_6_kha_in_2019_and_in_2021_is_stable_never_progress(bretagne):
    land = bretagne[0].set_index("lever_id").loc["reduc_artif"]
    # The old arithmetic compared 1,6 with the SGPE's 1.6319: (1.6 − 1.6319) / −0.0047 = 6.79 kt, « 3 % réalisé ».
    assert land["trend"] == STABLE
    assert land["progress_kt"] == 0 and land["achieved_share"] == 0
    assert land["gap_kt"] == pytest.approx(238.5121 * 2 / 11)  # all of the expected progress is still to make


def test_agricultures_remaining_effort_above_its_objective_names_the_lever_going_the_wrong_way(bretagne):
    gaps, found = bretagne
    farming = group_gaps(gaps).set_index("group").loc["Agriculture, Forêts et Sols"]
    # Land 0 + farms −600 = −600 kt acquired: 2132.9837 + 600 = 2732.98 kt remain, above the 2132.98 objective.
    assert farming["progress_kt"] == pytest.approx(-600.0)
    assert farming["remaining_kt"] == pytest.approx(2732.98, abs=0.01)
    assert farming["receding"] == 1
    assert "« Bâtiments et machines agricoles », en recul de 600,0\u00a0ktCO₂e (de 5,8 à 6,7 TWh" in farming["excess"]
    # The region: −120.34 kt acquired, and without the farms' −600 the rest would be +479.66: they cause it.
    assert "du fait de « Bâtiments et machines agricoles », en recul" in excess(gaps)
    assert pd.isna(group_gaps(gaps).set_index("group").loc["Tertiaire", "excess"])  # its acquis is positive
    # No « 2019 : 11,9 ktCO₂e observed » in the base year: (1.6 − 1.6319) / −0.0047 + (5.8 − 5.8077) / −0.0015.
    levers = list(gaps.loc[gaps["sector"] == "Agriculture, Forêts et Sols", "lever_id"])
    assert list(trajectory(gaps, found, levers)["observed"]["year"]) == [2021]


def test_physical_conversion_round_trips():
    assert kt_from_physical(physical_target(1379.8038, 0.4677, 13.754, True), 0.4677, 13.754, True) == pytest.approx(
        1379.8038)
    assert kt_from_physical(2.9459, 0.0333, 999.0, False) == pytest.approx(88.465, abs=0.001)
    with pytest.raises(ValueError, match="traduction physique"):
        kt_from_physical(1.0, 0.0, 0.0, True)


def test_orders_of_magnitude_in_a_sentence(real_db):
    with connect(real_db, read_only=True) as con:
        aura = sentences(territory_levers(con, "region", "84"), lever_observations(con, "region", "84"))
        bretagne = sentences(territory_levers(con, "region", "53"), lever_observations(con, "region", "53"))
    said = dict(zip(aura["lever_id"], aura["sentence"]))
    assert said["augm_voitelec"] == ("659 milliers de véhicules électriques dans le parc régional en 2030, "
                                     "contre 53,5 en 2022.")
    assert said["reduc_rfioul"] == "113 milliers de résidences p. chauffées au fioul en 2030, contre 464 en 2019."
    assert said["co2_indus"] == "Pas d'ordre de grandeur physique pour ce levier."
    hedges = dict(zip(bretagne["lever_id"], bretagne["sentence"]))["augm_haies"]
    assert hedges == "2,9 milliers de km de linéaires de haies supplémentaires en 2030 par rapport à 2019."
    waste = dict(zip(bretagne["lever_id"], bretagne["sentence"]))["augm_valodma"]
    assert waste == ("68,9 kg annuels/hab de déchets ménagers et assimilés valorisés supplémentaires en 2030 par "
                     "rapport à 2019. Niveau observé en 2021 : 418 kg annuels/hab de déchets ménagers et assimilés "
                     "valorisés."), "a level observed is not said as a change"


def test_a_change_observed_since_2019_is_compared_with_a_change_objective():
    lever = {"translated": True, "target_phys": 68.9, "relative": False, "latest_year": 2022, "latest_value": 430.0,
             "unit_phys": "kg/hab valorisés supplémentaires (en 2030 par rapport à 2019)",
             "latest_unit": "kg/hab valorisés supplémentaires", "observed_2019": 400.0}
    assert sentence(lever) == ("68,9 kg/hab valorisés supplémentaires en 2030 par rapport à 2019, contre 30 entre "
                               "2019 et 2022.")


def test_units_and_quantities():
    assert split_unit("bus et cars décarbonés dans le parc régional (en 2030)") == (
        "bus et cars décarbonés dans le parc régional", "en 2030")
    assert split_unit("km évités") == ("km évités", "en 2030")
    assert [quantity(v) for v in (659.08, 53.5, 0.8164, 62.0)] == ["659", "53,5", "0,82", "62"]


def test_the_panorama_says_stable_and_receding_instead_of_a_share_achieved(bretagne):
    from dashboard.features.gaps.sections import panorama

    caption = panorama(bretagne[0], "secteur", "Bretagne").children[1].children[1].children
    # It said « Sobriété foncière : 3 % de l'objectif réalisé en 2021 » and « Bâtiments et machines agricoles :
    # −509 % de l'objectif réalisé en 2021 ».
    assert ("Sobriété foncière : stable (1,6 kha d'espace naturel, agricole ou forestier artificialisés en 2021 "
            "comme en 2019)") in caption
    assert ("Bâtiments et machines agricoles : en recul de 600,0\u00a0ktCO₂e (de 5,8 à 6,7 TWh d'énergie fossile "
            "consommées dans l'agriculture entre 2019 et 2021)") in caption
    assert "Véhicules électriques : 5\u00a0% de l'objectif réalisé en 2022" in caption  # 31.43 / 625.66
