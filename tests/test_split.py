"""The split of regional objectives: parts always add up to the whole, for any keys and memberships."""

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from data.db import connect
from domain.rounding import largest_remainder, round_as_shown
from domain.split import (
    EQUAL_PARTS,
    OUTSIDE_CODE,
    allocate,
    key_shares,
    membership_weights,
    region_split,
    split_objectives,
)

values = st.floats(min_value=0, max_value=1e6, allow_nan=False) | st.just(0.0)


@st.composite
def regions(draw):
    """Communes with a population and two keys (often zero), territories they belong to (none, one or
    several), and lever objectives (possibly negative) using either key."""
    count = draw(st.integers(1, 25))
    communes = [f"C{i:03d}" for i in range(count)]
    population = pd.Series(draw(st.lists(st.integers(0, 200_000), min_size=count, max_size=count)),
                           index=communes, dtype=float)
    keys = pd.DataFrame({k: draw(st.lists(values, min_size=count, max_size=count)) for k in ("a", "b")},
                        index=communes)
    if draw(st.booleans()):
        keys["b"] = 0.0  # a key that is zero everywhere
    territories = [f"T{i}" for i in range(draw(st.integers(1, 6)))]
    membership = pd.DataFrame(
        [(c, t) for c in communes for t in draw(st.sets(st.sampled_from(territories), max_size=3))],
        columns=["commune", "code"])
    levers = draw(st.integers(1, 6))
    objectives = pd.DataFrame({
        "lever_id": [f"L{i}" for i in range(levers)],
        "obj_co2_kt": draw(st.lists(st.floats(-500, 5000, allow_nan=False), min_size=levers, max_size=levers)),
        "key_id": draw(st.lists(st.sampled_from(["a", "b"]), min_size=levers, max_size=levers)),
    })
    return objectives, keys, population, membership


@settings(max_examples=100, deadline=None)
@given(regions())
def test_parts_always_add_up_to_the_regional_objective(region):
    objectives, keys, population, membership = region
    parts, _ = allocate(objectives, keys, population, membership)
    sums = parts.groupby("lever_id")["obj_co2_kt"].sum()
    for lever, objective in zip(objectives["lever_id"], objectives["obj_co2_kt"]):
        assert sums[lever] == pytest.approx(objective, rel=1e-9, abs=1e-9)


@settings(max_examples=100, deadline=None)
@given(regions())
def test_zero_keys_fall_back_to_population_then_to_equal_parts(region):
    _, keys, population, _ = region
    shares, fallbacks = key_shares(keys, population)
    assert np.allclose(shares.sum(), 1.0)
    for key in keys.columns:
        if keys[key].sum() > 0:
            assert key not in fallbacks
            assert np.allclose(shares[key], keys[key] / keys[key].sum())
        elif population.sum() > 0:
            assert fallbacks[key] == "population"
            assert np.allclose(shares[key], population / population.sum())
        else:
            assert fallbacks[key] == EQUAL_PARTS
            assert np.allclose(shares[key], 1 / len(population))


def test_a_territory_whose_key_is_zero_gets_a_zero_part():
    population = pd.Series([100.0, 300.0], index=["C1", "C2"])
    keys = pd.DataFrame({"parc": [0.0, 50.0]}, index=population.index)
    membership = pd.DataFrame({"commune": ["C1", "C2"], "code": ["T1", "T2"]})
    objectives = pd.DataFrame({"lever_id": ["L"], "obj_co2_kt": [12.0], "key_id": ["parc"]})
    parts, fallbacks = allocate(objectives, keys, population, membership)
    assert fallbacks == {}
    assert parts.set_index("territory_code")["obj_co2_kt"].to_dict() == {"T1": 0.0, "T2": 12.0}


def test_communes_outside_every_territory_or_in_several_lose_nothing():
    communes = pd.Index(["C1", "C2", "C3"])
    membership = pd.DataFrame({"commune": ["C1", "C2", "C2"], "code": ["T1", "T1", "T2"]})
    weights = membership_weights(communes, membership)
    assert weights.groupby("commune")["weight"].sum().tolist() == [1.0, 1.0, 1.0]
    assert weights.loc[weights["commune"] == "C3", "code"].tolist() == [OUTSIDE_CODE]
    assert sorted(weights.loc[weights["commune"] == "C2", "weight"]) == [0.5, 0.5]


@settings(max_examples=100, deadline=None)
@given(st.lists(st.integers(0, 1000), min_size=2, max_size=20), st.data())
def test_an_epci_straddling_two_regions_counts_only_its_communes_inside(population, data):
    """Each region is split over its own communes: the EPCI's parts in both regions are its communes' parts."""
    communes = [f"C{i}" for i in range(len(population))]
    inside = data.draw(st.lists(st.booleans(), min_size=len(communes), max_size=len(communes)))
    if all(inside) or not any(inside):
        inside[0] = not inside[0]
    frame = pd.DataFrame({"code": communes, "population": population, "inside": inside})
    objectives = pd.DataFrame({"lever_id": ["L"], "obj_co2_kt": [100.0], "key_id": ["population"]})
    region = frame[frame["inside"]].set_index("code")["population"].astype(float)
    membership = pd.DataFrame({"commune": communes, "code": "EPCI"})  # the EPCI has every commune
    parts, _ = allocate(objectives, region.to_frame("population"), region, membership)
    assert set(parts["territory_code"]) <= {"EPCI", OUTSIDE_CODE}
    epci = parts.loc[parts["territory_code"] == "EPCI", "obj_co2_kt"].sum()
    assert epci == pytest.approx(100.0)  # all of the region's objective, none of the other region's
    assert OUTSIDE_CODE not in set(parts["territory_code"])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.floats(-1e5, 1e5, allow_nan=False), min_size=1, max_size=60), st.integers(0, 3))
def test_largest_remainder_keeps_the_rounded_total(parts, decimals):
    rounded = largest_remainder(parts, decimals)
    unit = 10 ** -decimals
    assert round(sum(rounded) / unit) == int(round_as_shown(sum(parts), decimals).scaleb(decimals))
    assert all(abs(r - p) < unit + 1e-9 for r, p in zip(rounded, parts))


def test_largest_remainder_gives_the_missing_tenth_to_the_largest_remainder():
    assert largest_remainder([3.33, 3.33, 3.34], 1, total=10.0).tolist() == [3.3, 3.3, 3.4]
    assert largest_remainder([0.05, 0.05, 0.05, 0.05], 1).tolist() == [0.1, 0.1, 0.0, 0.0]


# On the real data ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def bretagne(real_db):
    with connect(real_db, read_only=True) as con:
        yield con


@pytest.mark.parametrize("level", ["departement", "crte", "epci"])
def test_bretagne_parts_add_up_to_each_lever_objective(bretagne, level):
    parts = split_objectives(bretagne, 1, level, "53")
    regional = bretagne.execute("SELECT lever_id, obj_co2_kt FROM lever_objectives WHERE territory_code = '53'").df()
    sums = parts.groupby("lever_id")["obj_co2_kt"].sum()
    for lever, objective in zip(regional["lever_id"], regional["obj_co2_kt"]):
        assert math.isclose(sums[lever], objective, rel_tol=1e-12)
    assert set(parts["key_id"]) == {"population"}
    assert parts["obj_co2_kt"].sum() == pytest.approx(9842.5042)


def test_bretagne_crte_split_says_where_boundaries_are_crossed(bretagne):
    split = region_split(bretagne, "53", 1, "crte")
    assert len(split.territories) == 41  # 40 CRTE and the communes outside every CRTE
    outside = split.territories.set_index("code").loc[OUTSIDE_CODE]
    assert outside["communes"] == 4 and outside["name"] == "Communes hors CRTE"
    text = " ".join(split.notices)
    assert "4 communes de la région n'appartiennent à aucun CRTE" in text
    assert "CRTE Redon Agglomération (Ille-et-Vilaine, Morbihan)" in text
    redon = split.parts[split.parts["territory_code"] == "crte-53-35-13"]["obj_co2_kt"].sum()
    population = split.territories.set_index("code").at["crte-53-35-13", "population"]
    total_population = split.territories["population"].sum()
    assert redon == pytest.approx(9842.5042 * population / total_population)


def test_split_over_every_region_with_communes(bretagne):
    parts = split_objectives(bretagne, 1, "departement")
    assert set(parts["region"]) == {"53"}
    assert set(parts["territory_code"]) == {"22", "29", "35", "56"}
    assert list(parts.columns) == ["region", "territory_level", "territory_code", "lever_id", "obj_co2_kt",
                                   "key_id"]


def test_demo_region_split(demo_db):
    with connect(demo_db, read_only=True) as con:
        split = region_split(con, "00", 1, "crte")
    assert split.parts["obj_co2_kt"].sum() == pytest.approx(10300.0)
    assert OUTSIDE_CODE not in set(split.territories["code"])
    assert any("CRTE à cheval sur plusieurs départements" in n for n in split.notices)


def test_equal_values_get_no_colour_scale_on_the_map():
    from dashboard.figures.colour_scales import quantile_scale
    assert quantile_scale(pd.Series([5.28, 5.28 + 1e-15, 5.28 - 1e-15])) is None
    scale = quantile_scale(pd.Series([1.0, 2.0, 3.0]))
    assert len({scale.colour_of(v) for v in (1.0, 2.0, 3.0)}) >= 2
