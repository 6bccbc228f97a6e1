"""What territories of different sizes compare on (domain/comparison.py), with hand-computed values."""

import math

import pandas as pd
import pytest

from domain.comparison import (
    AS_IS,
    PER_INHABITANT,
    PER_KM2,
    SHARE_OF_AREA,
    basis_of,
    comparison,
    default_basis,
)


def test_the_default_basis_follows_how_the_indicator_aggregates():
    assert default_basis("moyenne pondérée", "tCO₂e/hab") == AS_IS
    assert default_basis("somme", "TWh corr. de fioul consommés dans le secteur tertiaire") == PER_INHABITANT
    assert default_basis("somme", "kha d'espace naturel, agricole ou forestier artificialisés") == SHARE_OF_AREA
    assert basis_of({"comparison": None, "aggregation": "somme", "unit": "ha"}) == SHARE_OF_AREA
    assert basis_of({"comparison": "par km²", "aggregation": "somme", "unit": "ha"}) == PER_KM2
    assert basis_of({"comparison": float("nan"), "aggregation": "somme", "unit": "GWh"}) == PER_INHABITANT


def test_per_inhabitant_for_as_many_inhabitants_as_make_the_median_territory_read_1_at_least():
    # Île-de-France 2,7 TWh / 12 317 279 inhabitants = 2,19e-7 TWh each, 0,219 per million; Corse 0,1 / 347 597
    # = 0,288 per million; Mayotte has no population (not ranked).
    chosen, compared = comparison(PER_INHABITANT, "TWh", pd.Series([2.7, 0.1, 0.3]),
                                  pd.Series([12_317_279, 347_597, None]), pd.Series([12_011.0, 8_680.0, 374.0]))
    assert chosen.per == 1_000_000 and chosen.unit == "TWh pour 1 million d'habitants"
    assert compared[:2].tolist() == pytest.approx([0.2192, 0.2877], abs=1e-4) and math.isnan(compared[2])


def test_per_km2_and_as_a_share_of_the_area():
    # 2,5 points in 500 km² = 0,005 per km², 30 in 3 000 km² = 0,01: per 1 000 km², 5 and 10.
    chosen, compared = comparison(PER_KM2, "points", pd.Series([2.5, 30.0]), pd.Series([1.0, 1.0]),
                                  pd.Series([500.0, 3000.0]))
    assert (chosen.per, chosen.unit) == (1_000, "points pour 1\u202f000 km²")
    assert compared.tolist() == pytest.approx([5.0, 10.0])
    # 1,2 kha = 12 km² of 27 208 km² = 0,0441 %; 50 ha = 0,5 km² of 100 km² = 0,5 %.
    chosen, compared = comparison(SHARE_OF_AREA, "kha", pd.Series([1.2]), pd.Series([1.0]), pd.Series([27_208.0]))
    assert chosen.unit == "% de la superficie" and compared[0] == pytest.approx(0.0441, abs=1e-4)
    _, compared = comparison(SHARE_OF_AREA, "ha", pd.Series([50.0]), pd.Series([1.0]), pd.Series([100.0]))
    assert compared[0] == pytest.approx(0.5)


def test_a_rate_compares_as_it_is():
    chosen, compared = comparison(AS_IS, "%", pd.Series([12.5, 40.0]), pd.Series([1.0, 2.0]), pd.Series([3.0, 4.0]))
    assert chosen.as_is and chosen.unit == "%" and compared.tolist() == [12.5, 40.0]
