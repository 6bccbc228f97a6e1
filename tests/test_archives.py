"""Zip archives — zipped shapefiles, Excel workbooks — checked member by member before anything unpacks them: too
many members, too much once unpacked, a member that unpacks to far more than its compressed size. The refusal
names the archive and the member, in French. The bombs are made here, never kept in the repository."""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import geopandas as gpd
import pytest
import shapely
from openpyxl import Workbook

from loaders import archives
from loaders.commitments import read_lines
from loaders.errors import LoadError
from loaders.geo import read_layer
from loaders.tables import stream_table

MB = 1 << 20


def zeros(archive: zipfile.ZipFile, name: str, size: int) -> None:
    """A member of ``size`` zero bytes, written block by block (a few kilobytes once compressed per megabyte)."""
    with archive.open(name, "w", force_zip64=size > 1 << 31) as member:
        for _ in range(size // MB):
            member.write(bytes(MB))


def shapefile_zip(path: Path, extra=None, prj: bool = True) -> Path:
    """A real one-commune shapefile, zipped (without its ``.prj`` if ``prj`` is false); ``extra(archive)`` adds
    members."""
    folder = path.parent / f"{path.stem}-parts"
    folder.mkdir()
    gpd.GeoDataFrame({"NOM": ["Île-de-Bréhat"]}, geometry=[shapely.box(-3, 48.8, -2.9, 48.9)],
                     crs=4326).to_file(folder / "COMMUNE.shp")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for part in sorted(folder.iterdir()):
            if prj or part.suffix != ".prj":
                archive.write(part, f"LIVRAISON/{part.name}")
        if extra:
            extra(archive)
    return path


def test_a_shapefile_zip_whose_member_unpacks_to_a_hundred_times_its_size_is_refused(tmp_path):
    archive = shapefile_zip(tmp_path / "communes.zip", lambda zipped: zeros(zipped, "LIVRAISON/COMMUNE.prj", 64 * MB),
                            prj=False)
    with pytest.raises(LoadError) as refused:
        read_layer(archive)
    assert str(refused.value).startswith(
        "Erreur dans « communes.zip » : le fichier « LIVRAISON/COMMUNE.prj » de l'archive se décompresse en "
        "67,1\u00a0Mo pour ")
    assert "au-delà de 100 fois : c'est le propre d'une archive piégée." in str(refused.value)


def test_an_archive_of_too_many_members_is_refused(tmp_path):
    def many(zipped):
        for number in range(archives.MAX_MEMBERS + 1):
            zipped.writestr(f"LIVRAISON/vide-{number}.txt", "")

    with pytest.raises(LoadError, match="« communes.zip » : l'archive contient 1\u202f006 fichiers, au plus 1\u202f000 "
                                        "sont acceptés."):
        read_layer(shapefile_zip(tmp_path / "communes.zip", many))


def test_an_archive_that_unpacks_to_too_much_is_refused_at_the_member_that_passes_the_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(archives, "MAX_TOTAL", 5 * MB)

    def noise(zipped):
        for number in range(3):
            zipped.writestr(f"LIVRAISON/bruit-{number}.bin", os.urandom(2 * MB))

    with pytest.raises(LoadError, match=r"« communes.zip » : une fois décompressée, l'archive dépasserait 5,2\u00a0Mo "
                                        r"\(atteints au fichier « LIVRAISON/bruit-2.bin »\)\."):
        read_layer(shapefile_zip(tmp_path / "communes.zip", noise))


def test_a_workbook_bomb_is_refused_by_the_loaders_that_read_workbooks(tmp_path):
    book = Workbook()
    book.active.append(["region", "levier_id", "annee", "valeur"])
    buffer = io.BytesIO()
    book.save(buffer)
    path = tmp_path / "valeurs.xlsx"
    with zipfile.ZipFile(buffer) as plain, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as bomb:
        for member in plain.infolist():
            bomb.writestr(member, plain.read(member))
        zeros(bomb, "xl/sharedStrings-bombe.xml", 64 * MB)
    for read in (lambda: stream_table(path, ["region"]), lambda: list(read_lines(path))):
        with pytest.raises(LoadError, match=r"« valeurs.xlsx » : le fichier « xl/sharedStrings-bombe.xml » de "
                                            r"l'archive se décompresse en 67,1\u00a0Mo"):
            read()


def test_a_plain_shapefile_zip_is_read(tmp_path):
    frame = read_layer(shapefile_zip(tmp_path / "communes.zip"))
    assert list(frame["NOM"]) == ["Île-de-Bréhat"]
