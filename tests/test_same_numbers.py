"""The cheaper builds of the pages (issue 26, point 2) give exactly the numbers of the computations they replace, on
the real Bretagne data: the split's parts without its territories and notices, the roadmap's statistical path without
the Écarts page's gaps, the communes outside every territory, the roadmap's territories."""

import shutil

import pandas as pd
import pytest

from dashboard import store
from dashboard.features.roadmap import follow_up_paths
from dashboard.features.roadmap.coverage import YEARS, lever_sectors
from dashboard.store import queries
from data.db import connect
from domain import gaps
from domain.split import SPLIT_LEVELS, region_parts, region_split, split_objectives
from domain.split_methods import save_method


@pytest.fixture(scope="module")
def bretagne(real_db, tmp_path_factory):
    """The real data, with a second method: surface for every lever but two, split by population and by an unknown
    key (which falls back to population)."""
    path = tmp_path_factory.mktemp("same") / "cop.duckdb"
    shutil.copy(real_db, path)
    with connect(path) as con:
        levers = [lever for (lever,) in con.execute(
            "SELECT lever_id FROM lever_objectives WHERE territory_code = '53' ORDER BY lever_id LIMIT 2").fetchall()]
        method = save_method(con, "Surface", {levers[0]: "population"}, default_key="superficie")
        con.execute("INSERT INTO split_method_keys VALUES (?, ?, 'inconnue')", [method, levers[1]])
    with connect(path, read_only=True) as con:
        yield con, method


@pytest.mark.parametrize("level", SPLIT_LEVELS)
def test_the_parts_alone_are_the_parts_of_the_whole_split(bretagne, level):
    con, method = bretagne
    for method_id in (1, method):
        whole = region_split(con, "53", method_id, level).parts
        assert len(whole) > 100 and whole["obj_co2_kt"].abs().sum() > 0
        pd.testing.assert_frame_equal(region_parts(con, "53", method_id, level), whole, check_exact=True)
        before = whole.assign(region="53", territory_level=level).drop(columns="key_id").rename(
            columns={"used_key_id": "key_id"})[["region", "territory_level", "territory_code", "lever_id",
                                                "obj_co2_kt", "key_id"]]
        pd.testing.assert_frame_equal(split_objectives(con, method_id, level, "53"), before, check_exact=True)
    assert set(region_parts(con, "53", method, level)["used_key_id"]) == {"superficie", "population"}


def test_the_statistical_path_is_the_ecarts_curve_read_without_the_gaps(bretagne):
    con, _ = bretagne
    levers, found = lever_sectors(con), gaps.territory_progress(con, "region", "53")
    territory = gaps.territory_gaps(con, "region", "53")
    drawn = 0
    for sector in [None, *sorted(territory["sector"].dropna().unique())]:
        chosen = territory if sector is None else territory[territory["sector"] == sector]
        before = (gaps.trajectory(territory, found, list(chosen["lever_id"]))["curve"].set_index("year")["progress_kt"]
                  .astype(float).reindex(YEARS).rename("statistical_kt"))
        path = follow_up_paths.statistical_path(levers, found, sector)
        pd.testing.assert_series_equal(path, before, check_exact=True)
        drawn += path.notna().any()
    assert drawn >= 2  # the comparison has curves to compare


OUTSIDE_BEFORE = """
    SELECT c.code, c.name, c.geom_simplified
    FROM territory_links r JOIN territories c ON c.level = 'commune' AND c.code = r.child_code
    WHERE r.parent_level = 'region' AND r.parent_code = $region AND r.child_level = 'commune'
      AND NOT EXISTS (SELECT 1 FROM territory_links k WHERE k.parent_level = $level
                      AND k.child_level = 'commune' AND k.child_code = c.code)
    ORDER BY c.code
"""


def test_the_communes_outside_every_territory_are_those_the_join_found(bretagne):
    con, _ = bretagne
    found = 0
    for level in SPLIT_LEVELS:
        outside = queries.outside_communes(con, "53", level)
        pd.testing.assert_frame_equal(outside, con.execute(OUTSIDE_BEFORE, {"region": "53", "level": level}).df())
        found += len(outside)
    assert found >= 7  # 4 communes outside every CRTE, 3 outside every EPCI


def test_the_roadmap_territories_are_the_regions_parts(real_copy):
    from app import create_app
    from dashboard.features.roadmap import data as roadmap_data

    with create_app().server.test_request_context("/"):
        before = [("region", "53", roadmap_data.region_name("53"))]
        for level in ("departement", "crte"):
            parts = store.fetch_imported(queries.region_parts, "53", level)
            before += list(zip([level] * len(parts), parts["code"], parts["name"]))
        territories = roadmap_data.territories("53")
    pd.testing.assert_frame_equal(territories, pd.DataFrame(before, columns=["level", "code", "name"]))
    assert list(territories["level"]).count("crte") == 40 and list(territories["level"]).count("departement") == 4
