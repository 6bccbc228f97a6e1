"""Freezing a regional roadmap: the one way a version is made, from the roadmap page or when a meeting is prepared.

Freezing copies every commitment of the region, as it stands, under a name (« projet présenté en COP du 12 mars
2027 »). A version is written once: nothing changes or deletes one, and the name cannot be reused within the
region. A meeting keeps the version it presented by its identifier (domain/meeting_preparation.py).
"""

from __future__ import annotations

from datetime import datetime

import duckdb
import pandas as pd

from domain import clock
from domain.commitment_store import COLUMNS
from domain.errors import UserError
from domain.texts import VERSION_NAME


class VersionNameTaken(UserError):
    pass


def freeze(con: duckdb.DuckDBPyConnection, region: str, name: str, author: str,
           when: datetime | None = None) -> int:
    """Freeze the region's commitments under ``name``; return the version's identifier."""
    name = VERSION_NAME.check(name)
    if not name:
        raise UserError("Donnez un nom à la version.")
    if taken(con, region, name):
        raise VersionNameTaken(f"Une version s'appelle déjà « {name} » : choisissez un autre nom.")
    version_id = con.execute("SELECT nextval('roadmap_version_id_seq')").fetchone()[0]
    count = con.execute(
        f"INSERT INTO roadmap_version_commitments (version_id, {', '.join(COLUMNS)})"
        f" SELECT ?, {', '.join(COLUMNS)} FROM commitments WHERE region = ?",
        [version_id, region],
    ).fetchone()[0]
    con.execute("INSERT INTO roadmap_versions VALUES (?, ?, ?, ?, ?, ?)",
                [version_id, region, name, when or clock.now(), author, count])
    return version_id


def taken(con: duckdb.DuckDBPyConnection, region: str, name: str) -> bool:
    """Whether a version of the region already has this name."""
    return con.execute("SELECT count(*) FROM roadmap_versions WHERE region = ? AND name = ?",
                       [region, name]).fetchone()[0] > 0


def versions(con: duckdb.DuckDBPyConnection, region: str) -> pd.DataFrame:
    return con.execute(
        "SELECT version_id, name, frozen_at, frozen_by, commitment_count FROM roadmap_versions"
        " WHERE region = ? ORDER BY frozen_at DESC, version_id DESC",
        [region],
    ).df()
