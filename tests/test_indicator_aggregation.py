"""Aggregating indicator values upward: sums, weighted means (by population, area or another indicator),
aggregates marked incomplete when members lack a value, and France computed from the regions."""

import pandas as pd
import pytest

from dashboard.features.diagnostic import indicators as queries
from data.db import connect
from domain.aggregation import refresh_aggregates
from loaders.catalogue import load_catalogue

# Two départements of one region: D1 holds communes A (pop 100, 10 km²) and B (pop 300, 30 km²); D2 holds C (pop 600).
TERRITORIES = [("region", "R", 1000, 100.0), ("departement", "D1", 400, 40.0), ("departement", "D2", 600, 60.0),
               ("epci", "E", 1000, 100.0), ("commune", "A", 100, 10.0), ("commune", "B", 300, 30.0),
               ("commune", "C", 600, 60.0)]
LINKS = [("region", "R", "departement", "D1"), ("region", "R", "departement", "D2"),
         ("departement", "D1", "commune", "A"), ("departement", "D1", "commune", "B"),
         ("departement", "D2", "commune", "C"), ("region", "R", "commune", "A"), ("region", "R", "commune", "B"),
         ("region", "R", "commune", "C"), ("epci", "E", "commune", "A"), ("epci", "E", "commune", "B"),
         ("epci", "E", "commune", "C")]


@pytest.fixture
def con(db_path):
    with connect(db_path) as con:
        load_catalogue(con)
        con.executemany("INSERT INTO territories (level, code, name, population, area_km2, source) "
                        "VALUES (?, ?, ?, ?, ?, 'test')", [(lv, c, c, p, a) for lv, c, p, a in TERRITORIES])
        con.executemany("INSERT INTO territory_links (parent_level, parent_code, child_level, child_code) "
                        "VALUES (?, ?, ?, ?)", LINKS)
        yield con


def put(con, subject: str, values: dict, year: int = 2020, level: str = "commune") -> None:
    con.executemany("INSERT INTO observations VALUES (?, ?, 'indicateur', ?, ?, ?, 'u', 'test', 1)",
                    [(level, code, subject, year, value) for code, value in values.items()])


def aggregates(con, subject: str) -> dict:
    rows = con.execute("SELECT territory_level, territory_code, value, members_with_value, members_total "
                       "FROM indicator_aggregates WHERE subject_id = ?", [subject]).fetchall()
    return {(level, code): (value, with_value, total) for level, code, value, with_value, total in rows}


def test_a_sum_adds_the_communes_of_every_parent(con):
    put(con, "ges_total", {"A": 1.0, "B": 2.0, "C": 4.0})
    written = refresh_aggregates(con, [("indicateur", "ges_total")], 2)
    found = aggregates(con, "ges_total")
    assert written == 4
    assert found[("departement", "D1")] == (3.0, 2, 2)
    assert found[("departement", "D2")] == (4.0, 1, 1)
    assert found[("region", "R")] == (7.0, 3, 3)
    assert found[("epci", "E")] == (7.0, 3, 3)


def test_a_weighted_mean_uses_the_population(con):
    put(con, "ges_par_habitant", {"A": 10.0, "B": 2.0, "C": 5.0})
    refresh_aggregates(con, [("indicateur", "ges_par_habitant")], 2)
    found = aggregates(con, "ges_par_habitant")
    assert found[("departement", "D1")][0] == pytest.approx((10 * 100 + 2 * 300) / 400)
    assert found[("region", "R")][0] == pytest.approx((10 * 100 + 2 * 300 + 5 * 600) / 1000)


def test_a_weighted_mean_by_another_indicator_follows_its_values(con):
    put(con, "surface_agricole_utile", {"A": 1.0, "B": 3.0})
    put(con, "part_sau_bio", {"A": 40.0, "B": 20.0, "C": 90.0})
    refresh_aggregates(con, [("indicateur", "part_sau_bio")], 2)
    found = aggregates(con, "part_sau_bio")
    assert found[("departement", "D1")] == (pytest.approx(25.0), 2, 2)
    # C has no agricultural area loaded: it cannot be weighted, so it counts as missing.
    assert ("departement", "D2") not in found
    assert found[("region", "R")] == (pytest.approx(25.0), 2, 3)


def test_loading_the_weight_later_recomputes_the_weighted_indicator(con):
    put(con, "part_sau_bio", {"A": 40.0, "B": 20.0})
    refresh_aggregates(con, [("indicateur", "part_sau_bio")], 2)
    assert aggregates(con, "part_sau_bio") == {}
    put(con, "surface_agricole_utile", {"A": 1.0, "B": 1.0})
    refresh_aggregates(con, [("indicateur", "surface_agricole_utile")], 3)
    assert aggregates(con, "part_sau_bio")[("departement", "D1")][0] == pytest.approx(30.0)


def test_an_aggregate_with_missing_members_is_incomplete_never_silently_partial(con):
    put(con, "ges_total", {"A": 1.0, "C": 4.0})
    refresh_aggregates(con, [("indicateur", "ges_total")], 2)
    found = aggregates(con, "ges_total")
    assert found[("departement", "D1")] == (1.0, 1, 2)
    assert found[("region", "R")] == (5.0, 2, 3)
    values = queries.level_values(con, "indicateur", "ges_total", "departement", "R", 2020)
    row = values.set_index("code").loc["D1"]
    assert (row["origin"], row["members_with_value"], row["members_total"]) == ("calculée", 1, 2)


def test_a_loaded_value_wins_over_the_aggregate(con):
    put(con, "ges_total", {"A": 1.0, "B": 2.0, "C": 4.0})
    put(con, "ges_total", {"D1": 3.5}, level="departement")
    refresh_aggregates(con, [("indicateur", "ges_total")], 2)
    values = queries.level_values(con, "indicateur", "ges_total", "departement", "R", 2020).set_index("code")
    assert values.loc["D1", "value"] == 3.5 and values.loc["D1", "origin"] == "chargée"
    assert values.loc["D2", "value"] == 4.0 and values.loc["D2", "origin"] == "calculée"


def test_departements_aggregate_to_their_region_when_no_commune_has_values(con):
    put(con, "ges_total", {"D1": 3.0}, level="departement")
    refresh_aggregates(con, [("indicateur", "ges_total")], 2)
    assert aggregates(con, "ges_total") == {("region", "R"): (3.0, 1, 2)}


def test_france_sums_the_regions_and_counts_the_missing_ones():
    regional = pd.DataFrame({"code": ["53", "84", "53"], "year": [2020, 2020, 2021], "value": [2.0, 3.0, 4.0],
                             "population": [10, 30, 10], "area_km2": [1.0, 1.0, 1.0]})
    total = queries.national_series(regional, "somme", None, None, 18).set_index("year")
    assert total.loc[2020, "value"] == 5.0 and total.loc[2020, "members_with_value"] == 2
    assert total.loc[2021, "members_with_value"] == 1 and total.loc[2021, "members_total"] == 18
    mean = queries.national_series(regional, "moyenne pondérée", "population", None, 18).set_index("year")
    assert mean.loc[2020, "value"] == pytest.approx((2 * 10 + 3 * 30) / 40)


def test_france_leaves_out_a_region_without_weight():
    regional = pd.DataFrame({"code": ["53", "84"], "year": [2020, 2020], "value": [2.0, 3.0],
                             "population": [10, None], "area_km2": [None, None]})
    mean = queries.national_series(regional, "moyenne pondérée", "population", None, 18)
    assert list(mean["value"]) == [2.0] and list(mean["members_with_value"]) == [1]
    assert queries.national_series(regional, "moyenne pondérée", "superficie", None, 18).empty


def test_reloading_the_territories_recomputes_the_aggregates(real_copy):
    from loaders.territories import load_territories
    from tests.conftest import COMMUNES, CRTE, EPCI, shared

    with connect(real_copy) as con:
        load_catalogue(con)
        communes = [code for (code,) in con.execute(
            "SELECT child_code FROM territory_links WHERE parent_level = 'departement' AND parent_code = '29'"
            " AND child_level = 'commune'").fetchall()]
        put(con, "ges_total", {code: 1.0 for code in communes})
        refresh_aggregates(con, [("indicateur", "ges_total")], 2)
        con.execute("UPDATE indicator_aggregates SET value = -1 WHERE subject_id = 'ges_total'")
        outcome = load_territories(con, shared(COMMUNES), shared(EPCI), shared(CRTE))
        found = aggregates(con, "ges_total")
    assert found[("departement", "29")] == (float(len(communes)), len(communes), len(communes))
    assert found[("region", "53")][1:] == (len(communes), 1202)  # incomplete: only Finistère has values
    assert "d'indicateurs recalculé" in outcome.message()


def test_members_aggregated_side_by_side_each_get_their_own_result():
    """``aggregate_members`` shares one in-memory database between requests: each reads only its own frame."""
    from concurrent.futures import ThreadPoolExecutor

    import pandas as pd

    from domain.aggregation import aggregate_members

    def summed(offset: int) -> list[float]:
        members = pd.DataFrame({"year": [2020, 2020, 2021], "value": [1.0 + offset, 2.0, 3.0 + offset],
                                "aggregation": "somme", "weight_rule": None, "population": 10.0, "area_km2": 1.0,
                                "weight_value": None})
        return [aggregate_members(members, ["year"])["value"].tolist() for _ in range(20)][-1]

    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(summed, range(16)))
    assert results == [[3.0 + offset, 3.0 + offset] for offset in range(16)]
