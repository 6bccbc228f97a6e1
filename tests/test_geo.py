"""Reading geographic layers: every format gives the same outlines."""

import zipfile

import geopandas as gpd
import shapely

from loaders.geo import as_multipolygons, zipped_shapefile


def test_each_polygon_becomes_a_multipolygon_of_its_own():
    squares = gpd.GeoSeries([shapely.box(0, 0, 1, 1), shapely.MultiPolygon([shapely.box(2, 2, 3, 3)]), None,
                             shapely.box(5, 5, 6, 6)], crs=4326)
    multi = as_multipolygons(squares)
    assert list(multi.geom_type.fillna("aucune")) == ["MultiPolygon", "MultiPolygon", "aucune", "MultiPolygon"]
    assert [shapely.equals(m, s) for m, s in zip(multi, squares) if s is not None] == [True, True, True]
    assert multi.crs == squares.crs


def test_the_named_shapefile_is_found_anywhere_in_a_zip(tmp_path):
    archive = tmp_path / "livraison.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        for name in ("A/ARRONDISSEMENT.shp", "A/B/commune.shp", "A/B/commune.dbf", "LISEZ-MOI.txt"):
            zipped.writestr(name, "")
    assert zipped_shapefile(archive, "COMMUNE") == f"/vsizip/{archive}/A/B/commune.shp"
    assert zipped_shapefile(archive, None) == f"/vsizip/{archive}/A/ARRONDISSEMENT.shp"
    empty = tmp_path / "vide.zip"
    with zipfile.ZipFile(empty, "w") as zipped:
        zipped.writestr("LISEZ-MOI.txt", "")
    assert zipped_shapefile(empty, "COMMUNE") == empty
