"""A meeting's uploaded minutes (PDF, ODT or DOCX, checked by dashboard/importing/documents.py), kept whole in
the database with their SHA-256: what was recorded can be shown to be the file received, months later."""

from __future__ import annotations

import hashlib
from typing import NamedTuple

import duckdb

from domain import clock
from domain.meetings import checked_version, touch


class Minutes(NamedTuple):
    file_name: str
    media_type: str
    size: int
    sha256: str
    uploaded_at: object
    uploaded_by: str


def save(con: duckdb.DuckDBPyConnection, meeting_id: int, file_name: str, media_type: str, content: bytes,
         author: str) -> str:
    """Keep ``content`` as the meeting's minutes (replacing earlier ones); its SHA-256."""
    checked_version(con, meeting_id, None)
    digest = hashlib.sha256(content).hexdigest()
    before = info(con, meeting_id)
    con.execute("DELETE FROM meeting_minutes WHERE meeting_id = ?", [meeting_id])
    con.execute("INSERT INTO meeting_minutes VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [meeting_id, file_name, media_type, len(content), digest, content, clock.now(), author])
    touch(con, meeting_id, author, "compte rendu", {"minutes_file": [
        f"{before.file_name} ({before.sha256})" if before else None, f"{file_name} ({digest})"]})
    return digest


def info(con: duckdb.DuckDBPyConnection, meeting_id: int) -> Minutes | None:
    """What was uploaded, without its content."""
    row = con.execute("SELECT file_name, media_type, size, sha256, uploaded_at, uploaded_by FROM meeting_minutes "
                      "WHERE meeting_id = ?", [meeting_id]).fetchone()
    return None if row is None else Minutes(*row)


def content(con: duckdb.DuckDBPyConnection, meeting_id: int) -> tuple[str, str, bytes] | None:
    """(file name, media type, bytes) of the minutes, or None."""
    row = con.execute("SELECT file_name, media_type, content FROM meeting_minutes WHERE meeting_id = ?",
                      [meeting_id]).fetchone()
    return None if row is None else (row[0], row[1], bytes(row[2]))
