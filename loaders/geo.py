"""Geometry helpers: reading OGR layers, dissolving, topology-preserving simplification, WKB."""

from __future__ import annotations

import zipfile
from pathlib import Path

import geopandas as gpd
import pyogrio
import shapely
from pyproj import Geod

from loaders.errors import LoadError

# In degrees; removes about 40 % of the vertices of ADMIN EXPRESS communes, invisible on a regional map.
SIMPLIFY_TOLERANCE = 0.004
PRECISION = 1e-5  # coordinates rounded to 5 decimals (about 1 m)
_GEOD = Geod(ellps="WGS84")


def read_layer(path: Path, preferred_layer: str | None = None) -> gpd.GeoDataFrame:
    """Read one layer of any format OGR reads, in WGS84; a clear error if it cannot be read."""
    path = Path(path)
    if not path.exists():
        raise LoadError(path, "le fichier n'existe pas.")
    if path.stat().st_size == 0:
        raise LoadError(path, "le fichier est vide.")
    try:
        source = zipped_shapefile(path, preferred_layer) if zipfile.is_zipfile(path) else path
        layers = [name for name, _ in pyogrio.list_layers(source)]
        layer = next((n for n in layers if preferred_layer and n.lower() == preferred_layer.lower()), layers[0])
        frame = gpd.read_file(source, layer=layer, engine="pyogrio")
    except Exception as error:
        raise LoadError(
            path,
            "fichier géographique illisible (tronqué, corrompu ou d'un format non reconnu).",
            hint=f"Détail : {str(error).splitlines()[0][:200]}",
        ) from None
    if frame.crs is None:
        raise LoadError(path, "le système de coordonnées n'est pas déclaré.")
    if len(frame) == 0:
        raise LoadError(path, f"la couche « {layer} » ne contient aucun objet.")
    frame = frame.to_crs(4326)
    frame.columns = [c if c == "geometry" else c.upper() for c in frame.columns]
    frame = frame.set_geometry("GEOMETRY" if "GEOMETRY" in frame.columns else "geometry")
    return frame.set_geometry(as_multipolygons(frame.geometry))


def as_multipolygons(geometries: gpd.GeoSeries) -> gpd.GeoSeries:
    """Each polygon as a multipolygon of one part: a shapefile does not tell them apart, so that a layer gives
    the same outlines (and a new import of it changes nothing) whatever its format."""
    single = geometries.geom_type == "Polygon"
    parts = geometries[single].to_numpy()[:, None]  # one row of parts per multipolygon
    return geometries.where(~single, gpd.GeoSeries(shapely.multipolygons(parts), index=geometries.index[single],
                                                    crs=geometries.crs))


def zipped_shapefile(path: Path, preferred_layer: str | None) -> str | Path:
    """The shapefile of a zip archive, wherever it lies in it (IGN's archives keep their layers in folders): the
    one named ``preferred_layer`` (any case), else the first. The archive itself when it holds no shapefile
    (OGR then reads what it can, or says it cannot)."""
    with zipfile.ZipFile(path) as archive:
        shapefiles = sorted(name for name in archive.namelist() if name.lower().endswith(".shp"))
    named = [name for name in shapefiles if preferred_layer and Path(name).stem.lower() == preferred_layer.lower()]
    chosen = (named or shapefiles or [None])[0]
    return f"/vsizip/{path}/{chosen}" if chosen else path


def simplify_topology(frame: gpd.GeoDataFrame, key: str) -> gpd.GeoDataFrame:
    """Simplify outlines so that neighbours still share exactly the same border.

    GEOS's coverage simplification moves each shared edge once for both neighbours; the
    coordinates are then rounded to 5 decimals, the same way on both sides.
    """
    simplified = shapely.coverage_simplify(frame.geometry.values, SIMPLIFY_TOLERANCE)
    rounded = shapely.set_precision(simplified, PRECISION, mode="pointwise")
    return gpd.GeoDataFrame({key: frame[key].values}, geometry=rounded, crs=4326).set_index(key)


def dissolve(geometries: gpd.GeoSeries, groups) -> gpd.GeoSeries:
    """Union of the geometries by group (a Series aligned with ``geometries``)."""
    frame = gpd.GeoDataFrame({"group": groups.values}, geometry=geometries.values, crs=4326)
    return frame.dissolve(by="group").geometry


def area_km2(geometry) -> float:
    return abs(_GEOD.geometry_area_perimeter(geometry)[0]) / 1e6


def to_wkb(geometry) -> bytes | None:
    return None if geometry is None or geometry.is_empty else shapely.to_wkb(geometry)
