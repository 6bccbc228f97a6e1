"""Reading and writing commitments, with their history and optimistic locking.

Every change raises the commitment's ``version`` by one and writes a history line (author, role,
time, ``{field: [before, after]}``, by ``domain.history``). A save names the version it started from: if someone
saved in between, nothing is written and the caller gets both versions (``Conflict``).
Nothing is ever deleted: an abandoned commitment keeps its rows with the status « abandonné ».
"""

from __future__ import annotations

from datetime import datetime

import duckdb
import pandas as pd

from domain import clock, commitment_objectives, formats, parties
from domain import history as trail
from domain.commitments import FIELDS, GROUPS, Context, Lever, differences
from domain.conflicts import Conflict

STORED = [key for key in FIELDS if key not in GROUPS]  # the fields of the commitments table
COLUMNS = ["commitment_id", "region", *STORED, "version", "created_at", "created_by", "updated_at", "updated_by"]
RECORD = [*COLUMNS, *GROUPS]  # a commitment as ``get`` reads it


def territory_names(con: duckdb.DuckDBPyConnection, region: str) -> dict[tuple[str, str], str]:
    """(level, code) → name of the territories a commitment may name: the region and its départements, CRTE, EPCI."""
    territories = con.execute(
        """
        SELECT level, code, name FROM territories WHERE level = 'region' AND code = $region
        UNION ALL
        SELECT t.level, t.code, t.name FROM territory_links k
        JOIN territories t ON t.level = k.child_level AND t.code = k.child_code
        WHERE k.parent_level = 'region' AND k.parent_code = $region
          AND k.child_level IN ('departement', 'crte', 'epci')
        """,
        {"region": region},
    ).fetchall()
    names = {(level, code): name for level, code, name in territories}
    names.setdefault(("region", region), region)
    return names


def context(con: duckdb.DuckDBPyConnection, region: str) -> Context:
    """The territories (the region and its départements, CRTE, EPCI), levers and parties a commitment may name."""
    levers = con.execute(
        """
        SELECT l.lever_id, o.lever_label, l.sector,
               CASE WHEN l.no_translation OR o.ratio_co2_to_phys = 0 THEN NULL ELSE l.unit_phys END,
               CASE WHEN l.no_translation OR l.unit_phys IS NULL OR o.ratio_co2_to_phys = 0 THEN NULL
                    ELSE o.ratio_co2_to_phys END
        FROM lever_objectives o JOIN levers l USING (lever_id)
        WHERE o.territory_level = 'region' AND o.territory_code = ?
        """,
        [region],
    ).fetchall()
    return Context(region, territory_names(con, region), {row[0]: Lever(*row) for row in levers},
                   parties.names(con, region),
                   commitment_objectives.region_objectives(con, region))


def region_commitments(con: duckdb.DuckDBPyConnection, region: str) -> pd.DataFrame:
    """Every commitment of the regional roadmap, with its territory's name, its lever's label and sector (without
    a lever: its theme, else the first in alphabetical order of its regional objectives' themes), its first letter
    capitalised as sectors' are (a theme is stored as written: « cohésion territoriale »), and its repeated groups
    (``objectives``: (indicator, value) pairs; ``territories``: (level, code, share) when shared)."""
    frame = con.execute(
        f"""
        SELECT {', '.join('c.' + c for c in COLUMNS)},
               coalesce(t.name, c.territory_code) AS territory_name,
               coalesce(o.lever_label, l.name, c.lever_id) AS lever_label,
               coalesce(l.sector, c.theme, j.theme, 'Autre') AS sector, l.unit_phys
        FROM commitments c
        LEFT JOIN (SELECT co.commitment_id, min(i.theme) AS theme FROM commitment_objectives co
                   JOIN indicators i USING (indicator_id) GROUP BY co.commitment_id) j USING (commitment_id)
        LEFT JOIN territories t ON t.level = c.territory_level AND t.code = c.territory_code
        LEFT JOIN levers l ON l.lever_id = c.lever_id
        LEFT JOIN lever_objectives o ON o.territory_level = 'region' AND o.territory_code = c.region
                                    AND o.lever_id = c.lever_id
        WHERE c.region = ?
        ORDER BY c.commitment_id
        """,
        [region],
    ).df()
    frame["sector"] = frame["sector"].map(formats.capitalised)
    for key, group in GROUPS.items():
        found = group.stored(con, region=region)
        frame[key] = pd.Series([found.get(i, ()) for i in frame["commitment_id"].tolist()], index=frame.index,
                               dtype=object)
    return frame


def get(con: duckdb.DuckDBPyConnection, commitment_id: int) -> dict | None:
    row = con.execute(f"SELECT {', '.join(COLUMNS)} FROM commitments WHERE commitment_id = ?",
                      [commitment_id]).fetchone()
    if row is None:
        return None
    return {**dict(zip(COLUMNS, row)),
            **{key: group.stored(con, commitment_id).get(commitment_id, ()) for key, group in GROUPS.items()}}


def create(con: duckdb.DuckDBPyConnection, region: str, values: dict, author: str, action: str = trail.CREATED,
           when: datetime | None = None) -> int:
    """Insert a validated commitment; return its identifier."""
    when = when or clock.now()
    commitment_id = con.execute("SELECT nextval('commitment_id_seq')").fetchone()[0]
    row = {"commitment_id": commitment_id, "region": region, **{k: values.get(k) for k in STORED},
           "version": 1, "created_at": when, "created_by": author, "updated_at": when, "updated_by": author}
    con.execute(f"INSERT INTO commitments ({', '.join(COLUMNS)}) VALUES ({', '.join('?' * len(COLUMNS))})",
                [row[c] for c in COLUMNS])
    for key, group in GROUPS.items():
        group.replace(con, {commitment_id: values.get(key) or ()})
    trail.record(con, trail.COMMITMENTS, commitment_id, author, action, _created(values), version=1, when=when)
    return commitment_id


def create_many(con: duckdb.DuckDBPyConnection, region: str, rows: list[dict], author: str,
                action: str = trail.IMPORTED, when: datetime | None = None) -> list[int]:
    """Insert many validated commitments at once (an import); return their identifiers."""
    if not rows:
        return []
    when = when or clock.now()
    ids = [i for (i,) in con.execute("SELECT nextval('commitment_id_seq') FROM range(?)", [len(rows)]).fetchall()]
    frame = pd.DataFrame([{"commitment_id": i, "region": region, **{k: values.get(k) for k in STORED}, "version": 1,
                           "created_at": when, "created_by": author, "updated_at": when, "updated_by": author}
                          for i, values in zip(ids, rows)], columns=COLUMNS)
    con.register("new_commitments", frame)
    con.execute(f"INSERT INTO commitments ({', '.join(COLUMNS)}) SELECT {', '.join(COLUMNS)} FROM new_commitments")
    con.unregister("new_commitments")
    for key, group in GROUPS.items():
        group.replace(con, {i: values.get(key) or () for i, values in zip(ids, rows)})
    trail.record_many(con, trail.COMMITMENTS, ids, author, action, [_created(v) for v in rows], version=1, when=when)
    return ids


def _created(values: dict) -> dict:
    """A new commitment's history: every field given, from nothing."""
    return {k: [None, values[k]] for k in FIELDS if values.get(k) is not None and values.get(k) != ()}


def update(con: duckdb.DuckDBPyConnection, commitment_id: int, expected_version: int, values: dict, author: str,
           action: str = trail.CHANGED, when: datetime | None = None) -> int | Conflict:
    """Save ``values`` over the version the editor started from; return the new version, or a Conflict.

    Saving what is already stored changes nothing and returns the current version.
    """
    stored = get(con, commitment_id)
    if stored is None:
        raise KeyError(commitment_id)
    if stored["version"] != expected_version:
        return Conflict(stored)
    changes = differences(stored, values)
    if not changes:
        return stored["version"]
    when = when or clock.now()
    columns = [key for key in changes if key not in GROUPS]
    assignments = "".join(f"{key} = ?, " for key in columns)
    updated = con.execute(
        f"UPDATE commitments SET {assignments}version = version + 1, updated_at = ?, updated_by = ?"
        " WHERE commitment_id = ? AND version = ? RETURNING version",
        [values.get(key) for key in columns] + [when, author, commitment_id, expected_version],
    ).fetchall()
    if not updated:
        return Conflict(get(con, commitment_id))
    for key in GROUPS.keys() & changes.keys():
        GROUPS[key].replace(con, {commitment_id: values.get(key) or ()})
    trail.record(con, trail.COMMITMENTS, commitment_id, author, action, changes, version=updated[0][0], when=when)
    return updated[0][0]


def history(con: duckdb.DuckDBPyConnection, commitment_id: int) -> pd.DataFrame:
    """Who changed what and when, newest first (``domain.history.read``)."""
    return trail.read(con, trail.COMMITMENTS, commitment_id)
