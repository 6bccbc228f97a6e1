"""A meeting's minutes dropped in the browser: a PDF, an ODT or a DOCX, checked by what it holds, not by its name.

The upload's safety is ``uploads``' (the name reduced to a plain base name with an accepted ending, nothing the
browser sends made a path, a size limit checked in the browser and again here, the request itself bounded by
dashboard/serving/request_limits.py); the file stays in memory and goes to the database. Its type is read from its
first bytes: a PDF starts with ``%PDF-``; an ODT or a DOCX is a zip archive (checked member by member before
anything opens it: loaders/archives.py) whose members say what it is — an ODT's first member, ``mimetype``, holds
its type; a DOCX has ``[Content_Types].xml`` and ``word/document.xml``. A file whose content is not what its name
says is refused, in French.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import PurePath

from dashboard.importing import uploads
from dashboard.importing.kinds import Slot
from domain.errors import UserError
from loaders.archives import check_archive
from loaders.errors import LoadError

MINUTES = Slot("compte_rendu", "Compte rendu (PDF, ODT ou DOCX)", ".pdf,.odt,.docx")
MINUTES_LIMIT = uploads.Limit(20, "Déposez un compte rendu plus léger (un PDF compressé, sans images lourdes).")
MEDIA_TYPES = {".pdf": "application/pdf", ".odt": "application/vnd.oasis.opendocument.text",
               ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}
NAMES = {".pdf": "un PDF", ".odt": "un document ODT (OpenDocument)", ".docx": "un document DOCX (Word)"}
ZIP_START = b"PK\x03\x04"


def received_minutes(filename, contents) -> tuple[str, str, bytes]:
    """(kept name, media type, bytes) of the minutes dropped (``contents``: dcc.Upload's data URL); UserError in
    French when the name, the size or the content is refused."""
    name, data = uploads.decode(filename, MINUTES, contents, MINUTES_LIMIT)
    suffix = PurePath(name).suffix.lower()
    if not data:
        raise UserError(f"« {name} » est vide : déposez le compte rendu lui-même.")
    problem = _pdf_problem(data) if suffix == ".pdf" else _archive_problem(name, data, suffix)
    if problem:
        raise UserError(f"« {name} » n'est pas {NAMES[suffix]} : {problem} Déposez le compte rendu en PDF, ODT ou "
                        "DOCX, sous le nom qui dit son format.")
    return name, MEDIA_TYPES[suffix], data


def _pdf_problem(data: bytes) -> str | None:
    return None if data.startswith(b"%PDF-") else "son contenu ne commence pas comme un PDF (« %PDF- »)."


def _archive_problem(name: str, data: bytes, suffix: str) -> str | None:
    if not data.startswith(ZIP_START):
        return "son contenu n'est pas une archive OpenDocument ou Office (zip)."
    try:
        check_archive(io.BytesIO(data), name)
    except LoadError as error:
        return f"{error.problem}"
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = archive.namelist()
        if suffix == ".odt":
            kind = archive.read("mimetype")[:100] if members[:1] == ["mimetype"] else b""
            return None if kind == MEDIA_TYPES[".odt"].encode() else "son archive ne déclare pas un texte OpenDocument."
        return None if {"[Content_Types].xml", "word/document.xml"} <= set(members) else \
            "son archive n'a pas le contenu d'un document Word."
