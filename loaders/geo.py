"""Geometry helpers: reading OGR layers, dissolving, topology-preserving simplification, WKB."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import geopandas as gpd
import pyogrio
import shapely
from pyproj import Geod

from loaders.archives import check_archive
from loaders.encoding import BLOCK, Encoding, stream_codec
from loaders.errors import LoadError

# In degrees; removes about 40 % of the vertices of ADMIN EXPRESS communes, invisible on a regional map.
SIMPLIFY_TOLERANCE = 0.004
PRECISION = 1e-5  # coordinates rounded to 5 decimals (about 1 m)
_GEOD = Geod(ellps="WGS84")
GDAL_ENCODINGS = {"utf_8": "UTF-8", "cp1252": "CP1252", "iso8859_1": "ISO-8859-1"}  # GDAL's names (iconv's)
CPG_LENGTH = 64


def read_layer(path: Path, preferred_layer: str | None = None, notices: list[str] | None = None) -> gpd.GeoDataFrame:
    """Read one layer of any format OGR reads, in WGS84; a clear error if it cannot be read. A zip archive is
    checked before anything is unpacked (``loaders.archives``); how a shapefile's text was decoded goes to
    ``notices``."""
    path = Path(path)
    if not path.exists():
        raise LoadError(path, "le fichier n'existe pas.")
    if path.stat().st_size == 0:
        raise LoadError(path, "le fichier est vide.")
    zipped = zipfile.is_zipfile(path)
    if zipped:
        check_archive(path)
    source = zipped_shapefile(path, preferred_layer) if zipped else path
    try:
        encoding, notice = shapefile_encoding(path, source)
        layers = [name for name, _ in pyogrio.list_layers(source)]
        layer = next((n for n in layers if preferred_layer and n.lower() == preferred_layer.lower()), layers[0])
        frame = gpd.read_file(source, layer=layer, engine="pyogrio", **({"encoding": encoding} if encoding else {}))
    except LoadError:
        raise
    except Exception as error:
        raise LoadError(
            path,
            "fichier géographique illisible (tronqué, corrompu ou d'un format non reconnu).",
            hint=f"Détail : {str(error).splitlines()[0][:200]}",
        ) from None
    if notice and notices is not None:
        notices.append(notice)
    if frame.crs is None:
        raise LoadError(path, "le système de coordonnées n'est pas déclaré.")
    if len(frame) == 0:
        raise LoadError(path, f"la couche « {layer} » ne contient aucun objet.")
    frame = frame.to_crs(4326)
    frame.columns = [c if c == "geometry" else c.upper() for c in frame.columns]
    frame = frame.set_geometry("GEOMETRY" if "GEOMETRY" in frame.columns else "geometry")
    return frame.set_geometry(as_multipolygons(frame.geometry))


def shapefile_encoding(path: Path, source: str | Path) -> tuple[str | None, str | None]:
    """(the encoding to read a shapefile's attributes with, the report's notice). Its ``.cpg``, when there is one,
    names the encoding and GDAL reads it; without it, GDAL would read Latin-1 and garble a UTF-8 file
    (« Ãle-de-BrÃ©hat »): the ``.dbf`` is read as a CSV would be (``loaders.encoding``) and the report says so.
    (None, None) for anything but a shapefile."""
    shp = str(source)
    if not shp.lower().endswith(".shp"):
        return None, None
    with _sidecars(path, shp) as opened:
        cpg, dbf = opened(".cpg"), opened(".dbf")
        if cpg is not None:
            named = " ".join(cpg.read(CPG_LENGTH).decode("ascii", "replace").split())
            return None, f"Shapefile « {Path(shp).name} » lu — encodage : {named} (indiqué par son fichier .cpg)."
        if dbf is None:
            return None, None
        codec = stream_codec(_dbf_records(dbf))
    if codec is None:
        raise LoadError(path, f"les textes de « {Path(shp).with_suffix('.dbf').name} » mêlent plusieurs encodages, ou "
                        "ne sont ni en UTF-8 ni en Windows-1252 ou Latin-1, et aucun fichier .cpg ne dit lequel.",
                        hint="Ajoutez à côté du .shp un fichier .cpg qui nomme son encodage (par exemple UTF-8).")
    return GDAL_ENCODINGS[codec], (f"Shapefile « {Path(shp).name} » lu — encodage : {Encoding(codec, False).name} "
                                   "(détecté : pas de fichier .cpg).")


@contextmanager
def _sidecars(path: Path, shp: str):
    """``opened(suffix)``: the shapefile's file with that suffix (any case), opened in binary, or None; in the
    archive ``path`` when the shapefile is zipped (``/vsizip/<path>/<member>``), else next to it."""
    with ExitStack() as stack:
        if shp.startswith("/vsizip/"):
            archive = stack.enter_context(zipfile.ZipFile(path))
            member = shp[len(f"/vsizip/{path}/"):]
            by_name = {name.lower(): name for name in archive.namelist()}

            def opened(suffix: str):
                name = by_name.get(str(Path(member).with_suffix(suffix)).lower())
                return stack.enter_context(archive.open(name)) if name else None
        else:
            siblings = {p.name.lower(): p for p in Path(shp).parent.iterdir()}

            def opened(suffix: str):
                found = siblings.get(Path(shp).with_suffix(suffix).name.lower())
                return stack.enter_context(open(found, "rb")) if found else None
        yield opened


def _dbf_records(dbf) -> Iterator[bytes]:
    """The records of a dBASE file, in blocks: what follows its header (whose length is in bytes 8-9)."""
    header = dbf.read(32)
    if len(header) < 32:
        return
    dbf.read(max(int.from_bytes(header[8:10], "little") - 32, 0))
    yield from iter(lambda: dbf.read(BLOCK), b"")


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
