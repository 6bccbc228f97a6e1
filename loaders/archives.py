"""Zip archives (a zipped shapefile, an Excel workbook) checked member by member before anything unpacks them.

The size limit of an upload applies to the archive, not to what it unpacks to: a 1.6 MB zip holding a 1 GiB
``.prj`` took 2.3 GiB to preview. Before a loader reads an archive, its directory is checked: at most
``MAX_MEMBERS`` members, ``MAX_TOTAL`` bytes once unpacked, and no member larger than ``RATIO_FROM`` that
unpacks to more than ``MAX_RATIO`` times its compressed size (real files stay far below: text and tables
compress some ten times). The sizes read are those the directory declares, which Python's zipfile and GDAL
both stop at. A refusal names the archive and the member, in French.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import BinaryIO

from domain import formats
from loaders.errors import LoadError

MAX_MEMBERS = 1000
MAX_TOTAL = 4 * 10**9
MAX_RATIO = 100
RATIO_FROM = 10**6
HINT = "Une archive ainsi faite est refusée : vérifiez-la, ou envoyez ses fichiers autrement."


def check_archive(path: Path | BinaryIO, name: str | None = None) -> None:
    """Refuse ``path``, a zip archive (a file, or its bytes in memory named ``name``), when unpacking it would take
    too much (see the module)."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, ValueError):
        raise LoadError(name or path, "archive zip illisible (tronquée ou corrompue).") from None
    path = name or path
    if len(members) > MAX_MEMBERS:
        raise LoadError(path, f"l'archive contient {formats.number(len(members), 0)} fichiers, au plus "
                        f"{formats.number(MAX_MEMBERS, 0)} sont acceptés.", hint=HINT)
    total = 0
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > RATIO_FROM and ratio > MAX_RATIO:
            raise LoadError(path, f"le fichier « {member.filename} » de l'archive se décompresse en "
                            f"{formats.size(member.file_size)} pour {formats.size(member.compress_size)} compressés "
                            f"({formats.number(ratio, 0)} fois plus), au-delà de {MAX_RATIO} fois : c'est le propre "
                            "d'une archive piégée.", hint=HINT)
        total += member.file_size
        if total > MAX_TOTAL:
            raise LoadError(path, f"une fois décompressée, l'archive dépasserait {formats.size(MAX_TOTAL)} "
                            f"(atteints au fichier « {member.filename} »).", hint=HINT)


def open_workbook(path: Path):
    """An Excel workbook (openpyxl, read-only, cached values), its archive checked first."""
    from openpyxl import load_workbook

    if zipfile.is_zipfile(path):
        check_archive(path)
    try:
        return load_workbook(path, read_only=True, data_only=True)
    except Exception as error:
        raise LoadError(path, f"classeur Excel illisible ({type(error).__name__}).") from None
