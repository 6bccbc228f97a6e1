"""Gaps to the linear 2019 → 2030 path, checked against hand-computed values from the real files."""

import pandas as pd
import pytest

from dashboard.ecarts.gaps import (
    AHEAD,
    BEHIND,
    NO_DATA,
    ON_TRACK,
    group_gaps,
    lever_observations,
    observed_progress,
    status,
    territory_gaps,
    territory_levers,
    trajectory,
)
from data.db import connect
from domain.levers import kt_from_physical, physical_target
from domain.magnitudes import quantity, sentence, sentences, split_unit


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
    # (53.5 − 13.754) / 0.4677 = 84.98 kt observed in 2022; 1379.8038 × 3/11 = 376.31 kt expected.
    assert cars["observed_year"] == 2022
    assert cars["observed_value"] == pytest.approx(53.5)
    assert cars["progress_kt"] == pytest.approx(84.98, abs=0.01)
    assert cars["expected_kt"] == pytest.approx(376.31, abs=0.01)
    assert cars["gap_kt"] == pytest.approx(291.33, abs=0.01)
    assert cars["status_gap"] == BEHIND


def test_a_falling_quantity_that_fell_fast_is_ahead(aura):
    homes = aura.loc["reduc_rconso"]
    # Residential consumption 60.2171 → 53.6 TWh in 2021, factor −0.0111 TWh/kt: (53.6 − 60.2171) / −0.0111 = 596.14 kt;
    # expected 790.317 × 2/11 = 143.69 kt; gap −452.44 kt (negative: ahead).
    assert homes["progress_kt"] == pytest.approx(596.14, abs=0.01)
    assert homes["expected_kt"] == pytest.approx(143.69, abs=0.01)
    assert homes["gap_kt"] == pytest.approx(-452.44, abs=0.01)
    assert homes["status_gap"] == AHEAD


def test_a_quantity_moving_the_wrong_way_has_negative_progress(aura):
    farms = aura.loc["reduc_eneragri"]
    # Fossil energy in agriculture rose 2.9931 → 3.2 TWh: (3.2 − 2.9931) / −0.0013 = −159.15 kt; expected 38.996 kt.
    assert farms["progress_kt"] == pytest.approx(-159.15, abs=0.01)
    assert farms["gap_kt"] == pytest.approx(198.15, abs=0.01)
    assert farms["status_gap"] == BEHIND


def test_within_tolerance_is_on_the_path(aura):
    land = aura.loc["reduc_artif"]
    # (2.5 − 2.8623) / −0.0042 = 86.26 kt; expected 487.1259 × 2/11 = 88.57 kt; gap 2.31 ≤ 5 % × 487.13 = 24.36.
    assert land["gap_kt"] == pytest.approx(2.31, abs=0.01)
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
        levers = territory_levers(con, "region", "84")
        progress = observed_progress(levers, lever_observations(con, "region", "84"))
    tertiary = list(levers.loc[levers["sector"] == "Tertiaire", "lever_id"])
    path = trajectory(levers, progress, tertiary)
    assert path["objective_kt"] == pytest.approx(2933.6792)
    points = path["observed"].set_index("year")
    assert points.loc[2021, "observed_levers"] == 3
    assert points.loc[2019, "progress_kt"] == pytest.approx(0, abs=60)  # 2019 values ≈ the SGPE's starting points


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
