"""Lever arithmetic, checked against hand-computed values from the real SGPE file."""

import json

import pytest

from domain.levers import expected_share, gap_kt, physical_target, progress_kt
from tests.conftest import SGPE, shared


def _record(region: str, lever: str) -> dict:
    records = json.loads(shared(SGPE).read_text(encoding="utf-8"))
    return next(r for r in records if r["regionName"] == region and r["id"] == lever)


def test_electric_cars_in_auvergne_rhone_alpes_reach_about_659_thousand():
    r = _record("Auvergne-Rhône-Alpes", "augm_voitelec")
    assert r["objCO2"] == pytest.approx(1379.8038)
    # 13.754 + 1379.8038 × 0.4677 = 659.08
    assert physical_target(r["objCO2"], r["ratioCO2toPhys"], r["startPoint2019"], r["relative"]) == pytest.approx(
        659.08, abs=0.01)


def test_a_change_lever_is_objective_times_factor():
    r = _record("Bretagne", "augm_haies")
    assert r["relative"] is False
    assert physical_target(r["objCO2"], r["ratioCO2toPhys"], r["startPoint2019"], False) == pytest.approx(
        r["objCO2"] * r["ratioCO2toPhys"])
    assert physical_target(88.4649, 0.0333, 999.0, False) == pytest.approx(2.9459, abs=1e-4)


def test_progress_of_a_rising_quantity():
    # 53.5 thousand electric cars in 2022 from 13.754 in 2019, 0.4677 thousand per kt: 84.98 kt avoided.
    assert progress_kt(53.5, 13.754, 0.4677) == pytest.approx(84.98, abs=0.01)


def test_progress_of_a_falling_quantity_is_positive_when_it_falls():
    # Fuel-oil homes: factor −0.2563 thousand homes per kt; 10 thousand fewer homes = 39.02 kt avoided.
    assert progress_kt(90.0, 100.0, -0.2563) == pytest.approx(39.02, abs=0.01)
    assert progress_kt(110.0, 100.0, -0.2563) < 0


def test_linear_path_and_gap():
    assert expected_share(2019) == 0
    assert expected_share(2030) == 1
    assert expected_share(2022) == pytest.approx(3 / 11)
    # AURA electric cars in 2022: expected 1379.8038 × 3/11 = 376.31 kt, observed 84.98 kt: 291.33 kt behind.
    assert gap_kt(1379.8038, 53.5, 2022, 13.754, 0.4677) == pytest.approx(291.33, abs=0.01)


def test_a_lever_without_physical_translation_has_no_progress():
    with pytest.raises(ValueError, match="traduction physique"):
        progress_kt(10.0, 5.0, 0.0)
