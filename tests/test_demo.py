"""The fictional « Région de démonstration »: its recipe (the data/demo package) and its loader."""

from __future__ import annotations

import pandas as pd
import pytest
import shapely
from pyproj import Geod

from data import db
from data.demo import REGION_CODE, demo_frames
from loaders.demo import load_demo

GEOD = Geod(ellps="WGS84")


@pytest.fixture(scope="module")
def frames() -> dict[str, pd.DataFrame]:
    return demo_frames()


@pytest.fixture
def con(tmp_path):
    with db.connect(tmp_path / "t.duckdb") as con:
        db.migrate(con)
        yield con


def _links(frames, parent: str, child: str) -> pd.DataFrame:
    links = frames["territory_links"]
    return links[(links["parent_level"] == parent) & (links["child_level"] == child)]


def _level(frames, level: str) -> pd.DataFrame:
    territories = frames["territories"]
    return territories[territories["level"] == level]


def _geodesic_km2(geom) -> float:
    return abs(GEOD.geometry_area_perimeter(geom)[0]) / 1e6


def test_counts(frames):
    counts = frames["territories"]["level"].value_counts()
    assert counts["region"] == 1
    assert counts["departement"] == 4
    assert 18 <= counts["crte"] <= 24
    assert 55 <= counts["epci"] <= 65
    assert counts["commune"] == 600
    assert _level(frames, "departement")["code"].tolist() == ["D01", "D02", "D03", "D04"]
    assert frames["territories"]["fictional"].all()


def test_same_frames_on_every_call(frames):
    again = demo_frames()
    assert list(again) == list(frames)
    for name in frames:
        pd.testing.assert_frame_equal(again[name], frames[name])


def test_columns_are_those_of_the_tables(frames, con):
    for table, frame in frames.items():
        columns = {row[0] for row in con.execute(f"DESCRIBE {table}").fetchall()} - {"import_id"}
        assert set(frame.columns) == columns, table


def test_codes_and_names(frames):
    communes = _level(frames, "commune")
    assert communes["code"].is_unique
    assert communes["code"].str.len().eq(5).all()
    epcis = _level(frames, "epci")
    assert epcis["code"].str.fullmatch(r"\d{9}").all()
    assert _level(frames, "crte")["code"].str.fullmatch(r"crte-00-D0\d-\d+").all()
    by_departement = _links(frames, "departement", "commune").merge(
        communes, left_on="child_code", right_on="code")
    assert not by_departement.duplicated(["parent_code", "name"]).any()
    assert epcis["name"].str.endswith("Métropole").sum() == 1


def test_every_commune_in_one_epci_and_one_crte(frames):
    communes = set(_level(frames, "commune")["code"])
    for parent in ["departement", "epci", "crte"]:
        children = _links(frames, parent, "commune")["child_code"]
        assert children.is_unique and set(children) == communes, parent
    epci_of = _links(frames, "epci", "commune").set_index("child_code")["parent_code"]
    crte_of = _links(frames, "crte", "commune").set_index("child_code")["parent_code"]
    crte_of_epci = _links(frames, "crte", "epci").set_index("child_code")["parent_code"]
    assert crte_of_epci.index.is_unique
    # CRTE are made of whole EPCI: a commune's CRTE is its EPCI's.
    assert (crte_of.sort_index() == epci_of.map(crte_of_epci).sort_index()).all()
    assert crte_of_epci.value_counts().between(2, 4).all()
    assert _links(frames, "epci", "commune")["parent_code"].value_counts().min() >= 3


def test_exactly_one_crte_spans_two_departements(frames):
    departements = _links(frames, "departement", "crte").groupby("child_code")["parent_code"].nunique()
    assert (departements == 2).sum() == 1
    assert (departements == 1).sum() == len(departements) - 1
    straddling = departements[departements == 2].index[0]
    crte_epci, departement_epci = _links(frames, "crte", "epci"), _links(frames, "departement", "epci")
    epcis = crte_epci.loc[crte_epci["parent_code"] == straddling, "child_code"]
    epci_departements = departement_epci.loc[departement_epci["child_code"].isin(epcis), "parent_code"]
    assert epci_departements.nunique() == 2


def test_populations_add_up(frames):
    territories = frames["territories"].set_index(["level", "code"])
    communes = _level(frames, "commune").set_index("code")["population"]
    assert territories.loc[("region", REGION_CODE), "population"] == communes.sum()
    assert 1_500_000 <= communes.sum() <= 3_000_000
    assert communes.max() >= 50_000 and communes.median() <= 3_000
    for parent in ["departement", "crte", "epci"]:
        sums = _links(frames, parent, "commune").assign(
            population=lambda f: f["child_code"].map(communes)).groupby("parent_code")["population"].sum()
        expected = territories.loc[parent, "population"]
        assert (sums.sort_index() == expected.sort_index()).all(), parent


def test_neighbouring_communes_share_borders(frames):
    communes = shapely.from_wkb(_level(frames, "commune")["geom"].to_numpy())
    region = shapely.from_wkb(_level(frames, "region")["geom"].iloc[0])
    region_km2 = _level(frames, "region")["area_km2"].iloc[0]
    assert region_km2 == pytest.approx(_geodesic_km2(region), rel=1e-6)
    assert _geodesic_km2(shapely.union_all(communes)) == pytest.approx(region_km2, rel=1e-3)
    assert _level(frames, "commune")["area_km2"].sum() == pytest.approx(region_km2, rel=1e-3)
    # Borders that did not match would leave slivers between cells: holes, or several pieces.
    for level in ["region", "departement", "crte", "epci"]:
        geoms = shapely.from_wkb(_level(frames, level)["geom"].to_numpy())
        assert (shapely.get_type_id(geoms) == 3).all(), level  # one Polygon each: contiguous
        assert (shapely.get_num_interior_rings(geoms) == 0).all(), level
    west, south, east, north = region.bounds
    assert -1.5 <= west and east <= 3.5 and 45.5 <= south and north <= 48.5


def test_levers_and_objectives(frames):
    levers = frames["levers"].set_index("lever_id")
    objectives = frames["lever_objectives"].set_index("lever_id")
    assert 25 <= len(levers) <= 35
    assert set(objectives.index) == set(levers.index)
    assert 8_000 <= objectives["obj_co2_kt"].sum() <= 12_000
    assert levers["no_translation"].sum() == 6
    assert (levers["no_translation"] == levers["unit_phys"].isna()).all()
    assert (objectives.loc[levers["no_translation"], "ratio_co2_to_phys"] == 0).all()
    assert 2 <= objectives["edition_disabled"].sum() <= 3
    assert objectives.loc[objectives["edition_disabled"], "disabled_reason"].notna().all()
    assert objectives["explanation"].str.startswith("#### Levier\n\n").all()
    relative = levers.index[levers["relative"] & levers["unit_phys"].notna()]
    assert objectives.loc[relative, "start_point_2019"].notna().all()
    targets = objectives["start_point_2019"] + objectives["obj_co2_kt"] * objectives["ratio_co2_to_phys"]
    assert (targets[relative] > 0).all()
    assert (objectives.loc[relative, "ratio_co2_to_phys"] < 0).any()


def test_observations_of_relative_levers(frames):
    levers = frames["levers"]
    relative = set(levers.loc[levers["relative"] & levers["unit_phys"].notna(), "lever_id"])
    observations = frames["observations"]
    assert set(observations["subject_id"]) == relative
    years = observations.groupby("subject_id")["year"].apply(sorted)
    assert (years.apply(lambda y: y == [2019, 2021, 2022, 2023])).all()
    values = observations.pivot(index="subject_id", columns="year", values="value")
    objectives = frames["lever_objectives"].set_index("lever_id").loc[values.index]
    assert (values[2019] == objectives["start_point_2019"]).all()
    units = observations.drop_duplicates("subject_id").set_index("subject_id")["unit"]
    assert (units == levers.set_index("lever_id").loc[units.index, "unit_phys"]).all()
    change_2030 = objectives["obj_co2_kt"] * objectives["ratio_co2_to_phys"]
    progress = (values[2023] - values[2019]) / (change_2030 * 4 / 11)  # 1: on the linear path
    assert (progress > 1.1).sum() >= 2
    assert ((progress > 0) & (progress < 0.9)).sum() >= 2
    assert (progress < 0).sum() == 1


def test_loading_twice_changes_nothing(frames, con):
    first = load_demo(con)
    assert first.rows_written == sum(len(frame) for frame in frames.values())
    counts = frames["territories"]["level"].value_counts()
    assert first.summary[0] == ("Données fictives de la « Région de démonstration » générées : "
                                f"4 départements, {counts['crte']} CRTE, {counts['epci']} EPCI, 600 communes.")
    second = load_demo(con)
    assert second.rows_written == 0
    assert all("0 ajouté" in line and "0 modifié" in line for line in second.summary[1:])
    for table, frame in frames.items():
        assert con.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == len(frame), table
    journal = con.execute("SELECT kind, file_name, status FROM imports ORDER BY import_id").fetchall()
    assert journal == [("demo", "", "succès"), ("demo", "", "succès")]


def test_real_levers_are_kept(con):
    con.execute("INSERT INTO levers VALUES ('augm_haies', 'Haies (SGPE)', 'Agriculture', 'Mieux préserver',"
                " 'km de haies', 'ktCO₂e', false, false)")
    con.execute("INSERT INTO objective_vintages (territory_level, territory_code, lever_id, lever_label, obj_co2_kt,"
                " ratio_co2_to_phys, enabled, hidden, limited, edition_disabled, show_target, status, source,"
                " vintage) VALUES ('region', '53', 'augm_haies', 'Haies', 100, 1, true, false, false, false, true,"
                " 'indicatif', 'SGPE', '2024')")
    outcome = load_demo(con)
    assert con.execute("SELECT name FROM levers WHERE lever_id = 'augm_haies'").fetchone() == ("Haies (SGPE)",)
    assert any("augm_haies" in notice for notice in outcome.notices)
    assert con.execute("SELECT count(*) FROM lever_objectives WHERE lever_id = 'augm_haies'").fetchone() == (2,)


def test_reload_removes_stale_demo_rows_only(demo_copy):
    with db.connect(demo_copy) as con:  # the demo loaded once already
        con.execute("INSERT INTO territories (level, code, name, fictional, source) VALUES"
                    " ('commune', 'D9999', 'Ancienne commune fictive', true, 'démo'),"
                    " ('commune', '35238', 'Rennes', false, 'INSEE')")
        con.execute("INSERT INTO territory_links (parent_level, parent_code, child_level, child_code) VALUES"
                    " ('epci', '999000001', 'commune', 'D9999'), ('epci', '243500139', 'commune', '35238')")
        outcome = load_demo(con)
        assert "1 retiré" in outcome.summary[1] and "1 retiré" in outcome.summary[2]
        codes = {code for (code,) in con.execute("SELECT code FROM territories WHERE level = 'commune'").fetchall()}
        assert "D9999" not in codes and "35238" in codes
        assert con.execute("SELECT count(*) FROM territory_links WHERE child_code = '35238'").fetchone() == (1,)
