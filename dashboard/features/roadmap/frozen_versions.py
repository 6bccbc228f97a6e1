"""Frozen versions of a regional roadmap, and what changed since.

Freezing copies every commitment of the region, as it stands, under a name (« projet présenté
en COP du 12 mars 2027 »). A version is written once: this module has no way to change or
delete one, and the name cannot be reused within the region.
"""

from __future__ import annotations

from datetime import datetime

import duckdb
import pandas as pd

from domain import clock
from domain.commitment_store import COLUMNS
from domain.commitments import FIELDS, LABELS, same
from domain.errors import UserError
from domain.history import described
from domain.texts import VERSION_NAME


class VersionNameTaken(UserError):
    pass


def freeze(con: duckdb.DuckDBPyConnection, region: str, name: str, author: str,
           when: datetime | None = None) -> int:
    """Freeze the region's commitments under ``name``; return the version's identifier."""
    name = VERSION_NAME.check(name)
    if not name:
        raise UserError("Donnez un nom à la version.")
    taken = con.execute("SELECT count(*) FROM roadmap_versions WHERE region = ? AND name = ?",
                        [region, name]).fetchone()[0]
    if taken:
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


def versions(con: duckdb.DuckDBPyConnection, region: str) -> pd.DataFrame:
    return con.execute(
        "SELECT version_id, name, frozen_at, frozen_by, commitment_count FROM roadmap_versions"
        " WHERE region = ? ORDER BY frozen_at DESC, version_id DESC",
        [region],
    ).df()


def frozen_commitments(con: duckdb.DuckDBPyConnection, version_id: int) -> pd.DataFrame:
    return con.execute(
        f"SELECT {', '.join(COLUMNS)} FROM roadmap_version_commitments WHERE version_id = ? ORDER BY commitment_id",
        [version_id],
    ).df()


def compare(frozen: pd.DataFrame, current: pd.DataFrame) -> pd.DataFrame:
    """What changed from a frozen version to the current commitments.

    One row per commitment that differs: ``commitment_id, title, change`` (« ajouté », « abandonné »,
    « modifié ») and ``details`` (the fields changed, « champ : avant → après »).
    """
    before = {row["commitment_id"]: row for row in frozen.to_dict("records")}
    rows = []
    for now in current.to_dict("records"):
        then = before.get(now["commitment_id"])
        if then is None:
            rows.append((now["commitment_id"], now["title"], "ajouté", ""))
            continue
        changed = [key for key in FIELDS if not same(then[key], now[key])]
        if not changed:
            continue
        kind = "abandonné" if now["status"] == "abandonné" and then["status"] != "abandonné" else "modifié"
        details = described({key: [then[key], now[key]] for key in changed}, LABELS.get)
        rows.append((now["commitment_id"], now["title"], kind, details))
    return pd.DataFrame(rows, columns=["commitment_id", "title", "change", "details"])

