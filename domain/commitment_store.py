"""Reading and writing commitments, with their history and optimistic locking.

Every change raises the commitment's ``version`` by one and writes a history line (author,
time, ``{field: [before, after]}``). A save names the version it started from: if someone
saved in between, nothing is written and the caller gets both versions (``Conflict``).
Nothing is ever deleted: an abandoned commitment keeps its rows with the status « abandonné ».
"""

from __future__ import annotations

import json
from datetime import datetime

import duckdb
import pandas as pd

from domain.commitments import FIELDS, Context, Lever, differences
from domain.conflicts import Conflict

COLUMNS = ["commitment_id", "region", *FIELDS, "version", "created_at", "created_by", "updated_at", "updated_by"]


def context(con: duckdb.DuckDBPyConnection, region: str) -> Context:
    """The territories (the region and its départements, CRTE, EPCI) and levers a commitment may name."""
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
    names = {(level, code): name for level, code, name in territories}
    names.setdefault(("region", region), region)
    return Context(region, names, {row[0]: Lever(*row) for row in levers})


def region_commitments(con: duckdb.DuckDBPyConnection, region: str) -> pd.DataFrame:
    """Every commitment of the regional roadmap, with its territory's name and its lever's label and sector."""
    return con.execute(
        f"""
        SELECT {', '.join('c.' + c for c in COLUMNS)},
               coalesce(t.name, c.territory_code) AS territory_name,
               coalesce(o.lever_label, l.name, c.lever_id) AS lever_label,
               coalesce(l.sector, 'Autre') AS sector, l.unit_phys
        FROM commitments c
        LEFT JOIN territories t ON t.level = c.territory_level AND t.code = c.territory_code
        LEFT JOIN levers l ON l.lever_id = c.lever_id
        LEFT JOIN lever_objectives o ON o.territory_level = 'region' AND o.territory_code = c.region
                                    AND o.lever_id = c.lever_id
        WHERE c.region = ?
        ORDER BY c.commitment_id
        """,
        [region],
    ).df()


def get(con: duckdb.DuckDBPyConnection, commitment_id: int) -> dict | None:
    row = con.execute(f"SELECT {', '.join(COLUMNS)} FROM commitments WHERE commitment_id = ?",
                      [commitment_id]).fetchone()
    return None if row is None else dict(zip(COLUMNS, row))


def create(con: duckdb.DuckDBPyConnection, region: str, values: dict, author: str, action: str = "création",
           when: datetime | None = None) -> int:
    """Insert a validated commitment; return its identifier."""
    when = when or datetime.now()
    commitment_id = con.execute("SELECT nextval('commitment_id_seq')").fetchone()[0]
    row = {"commitment_id": commitment_id, "region": region, **{k: values.get(k) for k in FIELDS},
           "version": 1, "created_at": when, "created_by": author, "updated_at": when, "updated_by": author}
    con.execute(f"INSERT INTO commitments ({', '.join(COLUMNS)}) VALUES ({', '.join('?' * len(COLUMNS))})",
                [row[c] for c in COLUMNS])
    _history(con, commitment_id, 1, when, author, action, {k: [None, values.get(k)] for k in FIELDS
                                                            if values.get(k) is not None})
    return commitment_id


def create_many(con: duckdb.DuckDBPyConnection, region: str, rows: list[dict], author: str, action: str = "import",
                when: datetime | None = None) -> list[int]:
    """Insert many validated commitments at once (an import); return their identifiers."""
    if not rows:
        return []
    when = when or datetime.now()
    ids = [i for (i,) in con.execute("SELECT nextval('commitment_id_seq') FROM range(?)", [len(rows)]).fetchall()]
    frame = pd.DataFrame([{"commitment_id": i, "region": region, **{k: values.get(k) for k in FIELDS}, "version": 1,
                           "created_at": when, "created_by": author, "updated_at": when, "updated_by": author}
                          for i, values in zip(ids, rows)], columns=COLUMNS)
    history = pd.DataFrame({
        "commitment_id": ids, "version": 1, "changed_at": when, "author": author, "action": action,
        "changes": [json.dumps({k: [None, v[k]] for k in FIELDS if v.get(k) is not None}, ensure_ascii=False,
                               default=str) for v in rows],
    })
    con.register("new_commitments", frame)
    con.register("new_history", history)
    con.execute(f"INSERT INTO commitments ({', '.join(COLUMNS)}) SELECT {', '.join(COLUMNS)} FROM new_commitments")
    con.execute("INSERT INTO commitment_history (commitment_id, version, changed_at, author, action, changes)"
                " SELECT commitment_id, version, changed_at, author, action, changes FROM new_history")
    con.unregister("new_commitments")
    con.unregister("new_history")
    return ids


def update(con: duckdb.DuckDBPyConnection, commitment_id: int, expected_version: int, values: dict, author: str,
           action: str = "modification", when: datetime | None = None) -> int | Conflict:
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
    when = when or datetime.now()
    assignments = ", ".join(f"{key} = ?" for key in changes)
    updated = con.execute(
        f"UPDATE commitments SET {assignments}, version = version + 1, updated_at = ?, updated_by = ?"
        " WHERE commitment_id = ? AND version = ? RETURNING version",
        [values.get(key) for key in changes] + [when, author, commitment_id, expected_version],
    ).fetchall()
    if not updated:
        return Conflict(get(con, commitment_id))
    _history(con, commitment_id, updated[0][0], when, author, action, changes)
    return updated[0][0]


def _history(con, commitment_id: int, version: int, when: datetime, author: str, action: str, changes: dict):
    con.execute(
        "INSERT INTO commitment_history (commitment_id, version, changed_at, author, action, changes)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        [commitment_id, version, when, author, action, json.dumps(changes, ensure_ascii=False, default=str)],
    )


def history(con: duckdb.DuckDBPyConnection, commitment_id: int) -> pd.DataFrame:
    """Who changed what and when, newest first; ``changes`` decoded."""
    frame = con.execute(
        "SELECT version, changed_at, author, action, changes FROM commitment_history"
        " WHERE commitment_id = ? ORDER BY version DESC",
        [commitment_id],
    ).df()
    frame["changes"] = [json.loads(text) for text in frame["changes"]]
    return frame
