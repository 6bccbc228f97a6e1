"""Preparing a meeting: one action records that its projection is ready and, when the region's roadmap has
commitments, freezes the version to be presented (``domain.versions.freeze``) and links it by its
identifier.

The projection prepared concerns the sectors on the meeting's agenda (all of them when it names none): the meeting
page presents the region's screens cut down to theirs (dashboard/features/projection/agenda.py).
"""

from __future__ import annotations

import duckdb

from domain import clock, formats
from domain.meetings import checked_version, sectors, touch
from domain.versions import Retained, VersionNameTaken, freeze


def version_name(record: dict) -> str:
    """« Réunion n° 3 — COPIL — CRTE Pays de Brest, 12 mars 2027 »."""
    return f"Réunion n° {record['meeting_id']} — {record['title']}, {formats.day(record['starts_at'])}"


def prepare(con: duckdb.DuckDBPyConnection, meeting_id: int, expected_version: int, author: str) -> int | None:
    """Prepare the meeting (see the module); the frozen version's identifier, None when the roadmap is empty."""
    record = checked_version(con, meeting_id, expected_version)
    commitments = con.execute("SELECT count(*) FROM commitments WHERE region = ?", [record["region"]]).fetchone()[0]
    version_id = None
    if commitments:
        name, number = version_name(record), 2
        while version_id is None:
            try:
                version_id = freeze(con, record["region"], name, Retained(), author)
            except VersionNameTaken:
                name, number = f"{version_name(record)} (préparation {number})", number + 1
    now = clock.now()
    con.execute("UPDATE meetings SET version_id = ?, prepared_at = ?, prepared_by = ? WHERE meeting_id = ?",
                [version_id, now, author, meeting_id])
    touch(con, meeting_id, author, "préparation", {"prepared_at": [record["prepared_at"], now],
                                                   "version_id": [record["version_id"], version_id]})
    return version_id


def projected_sectors(record: dict, region_sectors: list[str]) -> list[str]:
    """The sectors whose screens the meeting's projection shows: its agenda's, else every one of the region."""
    return sectors(record) or list(region_sectors)
