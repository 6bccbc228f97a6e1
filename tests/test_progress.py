"""Observed progress, like with like (domain/progress.py), checked against hand-computed values."""

import pytest

from domain.progress import (
    Acquired,
    Basis,
    Reading,
    YearPoint,
    acquired,
    causes,
    curve,
    decimals,
    excess_sentence,
    readings,
    trend_phrase,
    yearly,
)
from domain.vocabulary import ADVANCING, RECEDING, STABLE

# Bretagne's levers in the SGPE panorama: factor, 2019 starting point, level or change, objective (ktCO₂e).
CARS = Basis(ratio=0.4677, start_2019=4.685, relative=True, objective=625.6611)
LAND = Basis(ratio=-0.0047, start_2019=1.6319, relative=True, objective=238.5121)
FARMS = Basis(ratio=-0.0015, start_2019=5.8077, relative=True, objective=117.9532)
WASTE_SORTED = Basis(ratio=0.4516, start_2019=0.0, relative=False, objective=152.4816)


def reading(year: int, kt: float, trend: str = ADVANCING) -> Reading:
    return Reading(year, 0.0, 0.0, True, 0.0, kt, trend)


@pytest.mark.parametrize("value, places", [(1.6, 1), (44.0, 0), (417.85, 2), (1e-05, 5), (1500000.0, 0), (0.25, 2)])
def test_an_observation_has_the_decimals_it_is_written_with(value, places):
    assert decimals(value) == places


def test_progress_is_measured_from_the_levers_own_2019_observation():
    found = readings(CARS, [(2019, 4.7), (2022, 19.4)])
    # 4,7 → 19,4 thousand electric cars: (19.4 − 4.7) / 0.4677 = 31.430 kt (not from the SGPE's 4.685: 31.462).
    assert len(found) == 1
    cars = found[0]
    assert (cars.year, cars.base, cars.base_observed) == (2022, 4.7, True)
    assert cars.change == pytest.approx(14.7)
    assert cars.kt == pytest.approx(31.430, abs=0.001)
    assert cars.trend == ADVANCING


def test_the_same_value_twice_is_stable_never_progress():
    # Sobriété foncière, 1,6 kha in 2019 and in 2021: no change. Against the SGPE's unrounded 1.6319, the old
    # arithmetic made it (1.6 − 1.6319) / −0.0047 = 6.79 kt of progress.
    land = readings(LAND, [(2019, 1.6), (2021, 1.6)])[0]
    assert (land.change, land.kt, land.trend) == (0.0, 0.0, STABLE)


def test_without_a_2019_observation_the_sgpe_start_is_read_at_the_observations_precision():
    # 1.6319 at a tenth is 1,6: an observation of 1,6 is stable, one of 1,5 a fall of 0,1 kha,
    # −0.1 / −0.0047 = 21.28 kt avoided.
    assert readings(LAND, [(2021, 1.6)])[0].trend == STABLE
    fell = readings(LAND, [(2021, 1.5)])[0]
    assert (fell.base, fell.base_observed) == (1.6, False)
    assert fell.kt == pytest.approx(21.28, abs=0.01)
    # At two decimals 1.6319 is 1,63: 1,61 − 1,63 = −0.02, −0.02 / −0.0047 = 4.26 kt.
    assert readings(LAND, [(2021, 1.61)])[0].kt == pytest.approx(4.26, abs=0.01)


def test_two_values_are_compared_at_the_finer_precision_files_do_not_write_trailing_zeros():
    # Auvergne-Rhône-Alpes, fossil energy in agriculture: 3 (that is 3,0) in 2019, 3,2 in 2021:
    # 0.2 / −0.0013 = −153.85 kt.
    farms = readings(Basis(-0.0013, 2.9931, True, 214.4754), [(2019, 3.0), (2021, 3.2)])[0]
    assert farms.kt == pytest.approx(-153.85, abs=0.01)
    # 53 kg/MWh then 63,2: a rise of 10,2, −10.2 / 0.328 = −31.10 kt.
    heat = readings(Basis(-0.328, 53.0, True, 55.3981), [(2019, 53.0), (2021, 63.2)])[0]
    assert heat.kt == pytest.approx(-31.10, abs=0.01)


def test_a_lever_moving_away_from_its_objective_is_receding():
    # Bâtiments et machines agricoles, 5,8 → 6,7 TWh of fossil energy: 0.9 / −0.0015 = −600 kt.
    farms = readings(FARMS, [(2019, 5.8), (2021, 6.7)])[0]
    assert farms.kt == pytest.approx(-600.0)
    assert farms.trend == RECEDING
    # the wrong way of a negative objective
    assert readings(Basis(1.0, 0.0, True, -10.0), [(2019, 1.0), (2021, 2.0)])[0].trend == RECEDING


@pytest.mark.parametrize("basis, observations, why", [
    (WASTE_SORTED, [(2021, 417.8)], "a change lever without a 2019 value has nothing to compare with"),
    (CARS, [(2019, 4.7)], "the base year alone is no progress"),
    (Basis(0.0, 0.0, True, 539.2661), [(2019, 1.0), (2021, 2.0)], "no physical translation"),
    (Basis(0.4516, None, True, 10.0), [(2021, 2.0)], "a level without a starting point nor a 2019 value"),
])
def test_no_baseline_means_no_progress_never_zero(basis, observations, why):
    assert readings(basis, observations) == [], why


def test_the_acquis_sums_each_levers_latest_progress_with_its_year():
    # A observed only in 2021 (20 kt), B only in 2022 (5 kt), C never: 20 + 5 = 25 kt, from 2 levers of 3.
    summary = acquired([reading(2021, 20.0), reading(2022, 5.0), None])
    assert summary == Acquired(kt=25.0, observed=2, levers=3, first_year=2021, last_year=2022)
    assert summary.scope == "2 leviers sur 3, observés entre 2021 et 2022"
    assert acquired([reading(2021, 20.0), None]).scope == "1 levier sur 2, observé en 2021"
    assert acquired([None, None]) == Acquired(None, 0, 2, None, None)
    assert acquired([None, None]).scope == "aucun levier observé sur 2"


def test_a_year_adds_only_the_levers_observed_that_year_and_no_curve_joins_different_levers():
    by_lever = {"A": [reading(2021, 20.0)], "B": [reading(2022, 5.0)], "C": []}
    assert yearly(by_lever) == [YearPoint(2021, 20.0, 1), YearPoint(2022, 5.0, 1)]
    assert curve(by_lever) == []  # 20 kt in 2021 then 5 kt in 2022 would read as a fall: not drawn


def test_the_curve_of_the_same_levers_each_year_ends_at_the_acquis():
    # A: 10 kt in 2021, 20 in 2022; B: 1 kt in 2021, 4 in 2022 → 11 then 24 kt, the acquis.
    by_lever = {"A": [reading(2021, 10.0), reading(2022, 20.0)], "B": [reading(2021, 1.0), reading(2022, 4.0)]}
    assert curve(by_lever) == [YearPoint(2021, 11.0, 2), YearPoint(2022, 24.0, 2)]
    assert acquired([rows[-1] for rows in by_lever.values()]).kt == curve(by_lever)[-1].kt


def test_the_causes_of_a_negative_acquis_are_the_fewest_receding_levers_that_outweigh_the_rest():
    # Bretagne: −600 (farms) + 522 (the others' progress) − 31 (heat networks) = −109 kt.
    # Without the farms' −600 the rest is +491: the farms alone cause it.
    latest = {"farms": reading(2021, -600.0, RECEDING), "others": reading(2021, 522.0),
              "heat": reading(2021, -31.0, RECEDING)}
    assert causes(latest) == ["farms"]
    # −300 − 250 + 500 = −50: without −300 still +250 − 250 = 0, not negative: both are needed.
    assert causes({"a": reading(2021, -300.0, RECEDING), "b": reading(2021, -250.0, RECEDING),
                   "c": reading(2021, 500.0), "d": None}) == ["a", "b"]
    assert causes({"a": reading(2021, -3.0, RECEDING), "b": reading(2021, 3.0)}) == []  # 0 is not negative


def test_the_excess_and_the_trend_are_said_with_the_values_as_written():
    farms = readings(FARMS, [(2019, 5.8), (2021, 6.7)])[0]
    unit = "TWh d'énergie fossile consommées dans l'agriculture"
    assert trend_phrase(farms, unit) == f"de 5,8 à 6,7 {unit} entre 2019 et 2021"
    assert trend_phrase(readings(LAND, [(2019, 1.6), (2021, 1.6)])[0], "kha") == "1,6 kha en 2021 comme en 2019"
    assert trend_phrase(readings(LAND, [(2021, 1.5)])[0], "kha") == (
        "de 1,6 (point de départ SGPE) à 1,5 kha entre 2019 et 2021")
    assert excess_sentence([("Bâtiments et machines agricoles", farms.kt, trend_phrase(farms, unit))]) == (
        "Le reste à engager dépasse l'objectif : l'acquis observé est négatif du fait de « Bâtiments et machines "
        "agricoles », en recul de 600,0\u00a0ktCO₂e (de 5,8 à 6,7 TWh d'énergie fossile consommées dans l'agriculture "
        "entre 2019 et 2021).")
    assert excess_sentence([("A", -3.0, "de 1 à 2 t entre 2019 et 2021"),
                            ("B", -2.0, "de 5 à 6 t entre 2019 et 2022")]) == (
        "Le reste à engager dépasse l'objectif : l'acquis observé est négatif du fait de « A », en recul de "
        "3,0\u00a0ktCO₂e (de 1 à 2 t entre 2019 et 2021) et de « B », en recul de 2,0\u00a0ktCO₂e (de 5 à 6 t entre "
        "2019 et 2022).")
