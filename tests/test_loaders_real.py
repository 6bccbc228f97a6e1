"""Each loader on the real files of ../shared/data."""

import collections
import json
from pathlib import Path

import pytest
import shapely

from data.db import connect
from loaders.observations import load_observations
from loaders.sgpe import load_sgpe
from loaders.territories import load_territories
from tests.conftest import (
    COMMUNES,
    CRTE,
    EPCI,
    OBSERVATIONS,
    SGPE,
    shared,
)


def test_sgpe_loads_all_18_regions_with_the_file_totals(db_path):
    records = json.loads(shared(SGPE).read_text(encoding="utf-8"))
    expected = collections.defaultdict(float)
    for r in records:
        expected[r["regionName"]] += r["objCO2"]
    with connect(db_path) as con:
        outcome = load_sgpe(con, shared(SGPE))
        totals = dict(con.execute(
            "SELECT t.name, sum(o.obj_co2_kt) FROM lever_objectives o JOIN territories t"
            " ON t.level = o.territory_level AND t.code = o.territory_code GROUP BY 1").fetchall())
        codes = {code for (code,) in con.execute("SELECT DISTINCT territory_code FROM lever_objectives").fetchall()}
    assert len(totals) == 18
    assert totals["Provence-Alpes-Côte d'Azur"] == pytest.approx(expected["PACA"])
    assert totals["Bretagne"] == pytest.approx(9842.5042)
    for name, total in expected.items():
        if name not in ("PACA", "Région exemple"):
            assert totals[name] == pytest.approx(total), name
    assert codes == {"01", "02", "03", "04", "06", "11", "24", "27", "28", "32", "44", "52", "53", "75", "76",
                     "84", "93", "94"}
    assert any("Région exemple" in notice for notice in outcome.notices)


def test_sgpe_reimport_changes_nothing_and_says_so(db_path):
    with connect(db_path) as con:
        load_sgpe(con, shared(SGPE))
        again = load_sgpe(con, shared(SGPE))
        imports = con.execute("SELECT count(*) FROM imports WHERE status = 'succès'").fetchone()[0]
    assert "444 objectifs régionaux : 0 ajouté, 0 modifié, 444 inchangés" in again.message()
    assert again.rows_written == 0
    assert imports == 2


def test_sgpe_keeps_conversion_factors_flags_and_explanations(db_path):
    with connect(db_path) as con:
        load_sgpe(con, shared(SGPE))
        row = con.execute(
            "SELECT ratio_co2_to_phys, start_point_2019, status, vintage, explanation FROM lever_objectives"
            " WHERE territory_code = '84' AND lever_id = 'augm_voitelec'").fetchone()
        disabled = con.execute(
            "SELECT disabled_reason FROM lever_objectives WHERE territory_code = '53' AND lever_id = 'co2_foret'"
        ).fetchone()[0]
    assert row[:4] == (0.4677, 13.754, "indicatif", "2024")
    assert "Ordre de grandeur" in row[4]
    assert "non régionalisé" in disabled


def test_observations_read_semicolons_and_decimal_commas(db_path):
    with connect(db_path) as con:
        load_sgpe(con, shared(SGPE))
        outcome = load_observations(con, shared(OBSERVATIONS))
        count = con.execute("SELECT count(*) FROM observations").fetchone()[0]
        value = con.execute(
            "SELECT value, unit FROM observations WHERE territory_code = '84' AND subject_id = 'augm_voitelec'"
            " AND year = 2022").fetchone()
    assert count == 297
    assert outcome.rows_read == 297
    assert value[0] == 53.5
    assert value[1].startswith("milliers de véhicules électriques")


@pytest.fixture(scope="module")
def bretagne(real_loads):
    """(database, outcome) of the territories loader on Bretagne's real files, loaded once per session."""
    path, outcomes = real_loads
    return path, outcomes["territoires"]


def _count(path, sql, params=()):
    with connect(path, read_only=True) as con:
        return con.execute(sql, list(params)).fetchall()


def test_bretagne_has_1202_communes_4_departements_and_40_crte(bretagne):
    path, _ = bretagne
    children = dict(_count(path, "SELECT child_level, count(*) FROM territory_links WHERE parent_level = 'region'"
                                 " AND parent_code = '53' GROUP BY 1"))
    assert children["commune"] == 1202
    assert children["departement"] == 4
    assert children["crte"] == 40
    levels = dict(_count(path, "SELECT level, count(*) FROM territories GROUP BY 1"))
    assert levels == {"commune": 1202, "epci": 61, "crte": 40, "departement": 101, "region": 18}
    population = _count(path, "SELECT population FROM territories WHERE level = 'region' AND code = '53'")[0][0]
    assert population == 3318904


def test_every_commune_is_in_one_epci_or_reported(bretagne):
    path, outcome = bretagne
    per_commune = dict(_count(path, "SELECT c.code, count(l.parent_code) FROM territories c"
                                    " LEFT JOIN territory_links l ON l.child_level = 'commune'"
                                    " AND l.child_code = c.code AND l.parent_level = 'epci'"
                                    " WHERE c.level = 'commune' GROUP BY 1"))
    assert max(per_commune.values()) == 1
    without = sorted(code for code, n in per_commune.items() if n == 0)
    assert without == ["22016", "29083", "29155"]
    report = outcome.message()
    assert "3 communes sans EPCI" in report
    for code in without:
        assert code in report


def test_every_crte_member_is_matched_or_reported(bretagne):
    path, outcome = bretagne
    # Communes listed one by one (COM), including communes nouvelles whose SIREN is not 21 + INSEE code.
    brest = {code for (code,) in _count(path, "SELECT child_code FROM territory_links WHERE parent_level = 'crte'"
                                              " AND parent_code = 'crte-53-29-2' AND child_level = 'commune'")}
    assert {"29040", "29260"} <= brest  # Le Conquet (212900401), Saint-Renan
    milizac = _count(path, "SELECT code FROM territories WHERE level = 'commune' AND name = 'Milizac-Guipronvel'")
    assert milizac and milizac[0][0] in brest
    in_several = _count(path, "SELECT child_code FROM territory_links WHERE parent_level = 'crte'"
                              " AND child_level = 'commune' GROUP BY 1 HAVING count(*) > 1")
    assert in_several == []
    outside = {code for (code,) in _count(path, "SELECT code FROM territories c WHERE level = 'commune' AND NOT EXISTS"
                                                " (SELECT 1 FROM territory_links l WHERE l.parent_level = 'crte'"
                                                " AND l.child_code = c.code)")}
    assert outside == {"22016", "56030", "56058", "56155"}
    assert "4 communes dans aucun CRTE" in outcome.message()
    assert "introuvable" not in outcome.message()  # every member of the file was matched


def test_a_crte_spanning_three_departements_is_linked_to_each(bretagne):
    path, _ = bretagne
    departements = {code for (code,) in _count(path, "SELECT parent_code FROM territory_links WHERE"
                                                     " parent_level = 'departement' AND child_code = 'crte-53-29-1'")}
    assert departements == {"22", "29", "56"}


def test_simplified_neighbours_still_share_their_border(bretagne):
    path, _ = bretagne
    rows = _count(path, "SELECT code, geom, geom_simplified FROM territories WHERE level = 'crte'")
    full = {code: shapely.from_wkb(g) for code, g, _ in rows}
    light = {code: shapely.from_wkb(s) for code, _, s in rows}
    assert sum(len(shapely.get_coordinates(g)) for g in light.values()) < 0.7 * sum(
        len(shapely.get_coordinates(g)) for g in full.values())
    union = shapely.union_all(list(light.values()))
    overlap = sum(g.area for g in light.values()) - union.area
    assert abs(overlap) < 1e-5 * union.area  # no overlap between simplified neighbours …
    shared_border = light["crte-53-29-2"].intersection(light["crte-53-29-3"])  # Brest / Morlaix
    assert shared_border.length > 0.1 and shared_border.area == 0  # … and a common border, not a gap
    coordinates = shapely.get_coordinates(light["crte-53-29-2"])
    assert (abs(coordinates * 1e5 - (coordinates * 1e5).round()) < 1e-6).all()  # 5 decimals


def test_territories_reimport_changes_nothing(bretagne, tmp_path):
    import shutil
    path, _ = bretagne
    copy = tmp_path / "copy.duckdb"
    shutil.copy(path, copy)
    with connect(copy) as con:
        outcome = load_territories(con, shared(COMMUNES), shared(EPCI), shared(CRTE))
    assert outcome.rows_written == 0
    assert "0 ajouté, 0 modifié" in outcome.message()


def zipped_shapefile(tmp_path, frame, encoding: str = "UTF-8", cpg: bool = True) -> Path:
    """``frame`` as a shapefile zipped the way IGN's archives are: in folders, beside another layer; its texts in
    ``encoding``, said by a ``.cpg`` file unless ``cpg`` is false."""
    import zipfile

    folder = tmp_path / "shapefile"
    folder.mkdir()
    frame.to_file(folder / "COMMUNE.shp", encoding=encoding)
    frame.head(3).to_file(folder / "COMMUNE_ASSOCIEE_OU_DELEGUEE.shp", encoding=encoding)
    archive = tmp_path / "ADMIN-EXPRESS.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        for part in sorted(folder.iterdir()):
            if cpg or part.suffix != ".cpg":
                zipped.write(part, f"ADMIN-EXPRESS/1_DONNEES_LIVRAISON/{part.name}")
    return archive


def test_the_communes_can_come_as_a_zipped_shapefile(bretagne, tmp_path):
    import shutil

    import geopandas as gpd

    path, _ = bretagne
    copy = tmp_path / "copy.duckdb"
    shutil.copy(path, copy)
    archive = zipped_shapefile(tmp_path, gpd.read_file(shared(COMMUNES)))
    with connect(copy) as con:
        outcome = load_territories(con, archive, shared(EPCI), shared(CRTE))
    assert outcome.rows_written == 0, outcome.message()  # the same communes, whatever the format
    assert _count(copy, "SELECT level, code, name, population FROM territories ORDER BY ALL") == _count(
        path, "SELECT level, code, name, population FROM territories ORDER BY ALL")


@pytest.mark.parametrize("encoding, name", [("UTF-8", "UTF-8"), ("cp1252", "Windows-1252")])
def test_a_zipped_shapefile_without_its_cpg_keeps_its_accents_and_the_report_says_how_it_was_read(
        bretagne, tmp_path, encoding, name):
    import shutil

    import geopandas as gpd

    path, _ = bretagne
    copy = tmp_path / "copy.duckdb"
    shutil.copy(path, copy)
    archive = zipped_shapefile(tmp_path, gpd.read_file(shared(COMMUNES)), encoding, cpg=False)
    with connect(copy) as con:
        outcome = load_territories(con, archive, shared(EPCI), shared(CRTE))
    assert outcome.rows_written == 0, outcome.message()  # « Île-de-Bréhat », not « Ãle-de-BrÃ©hat »
    assert f"Shapefile « COMMUNE.shp » lu — encodage : {name} (détecté : pas de fichier .cpg)." in outcome.notices
