"""Reading and writing commitments with their groups, their history and optimistic locking.

Every change raises the commitment's ``version`` by one and writes a history line (author, role, time,
``{field or group: [before, after]}``, by ``domain.history``; a group's values are its lines). A save names the
version it started from: if someone saved in between, nothing is written and the caller gets both versions
(``Conflict``). Nothing is ever deleted: an abandoned commitment keeps its rows with the status « abandonné ».
"""

from __future__ import annotations

from datetime import datetime

import duckdb
import pandas as pd

from domain import clock, commitment_groups, commitment_territories, contributions, financing
from domain import history as trail
from domain.commitments import FIELDS, GROUPS, Context, Lever, differences
from domain.conflicts import Conflict
from domain.regional_objectives import objectives_of, region_objectives
from domain.vocabulary import GRANTED

COLUMNS = ["commitment_id", "region", *FIELDS, "version", "created_at", "created_by", "updated_at", "updated_by"]


def context(con: duckdb.DuckDBPyConnection, region: str) -> Context:
    """The territories (the region and its départements, CRTE, EPCI), levers, regional objectives and financing
    sources a commitment may name."""
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
    sources = [source for (source,) in con.execute("SELECT source FROM financing_sources ORDER BY position, source")
               .fetchall()]
    return Context(region, names, {row[0]: Lever(*row) for row in levers},
                   objectives_of(region_objectives(con, region)), sources)


def get(con: duckdb.DuckDBPyConnection, commitment_id: int) -> dict | None:
    """One commitment: its fields and its groups (lists of lines)."""
    row = con.execute(f"SELECT {', '.join(COLUMNS)} FROM commitments WHERE commitment_id = ?",
                      [commitment_id]).fetchall()
    if not row:
        return None
    groups = commitment_groups.read(con, [commitment_id])
    return dict(zip(COLUMNS, row[0])) | {group: groups[group].get(commitment_id, []) for group in GROUPS}


def region_commitments(con: duckdb.DuckDBPyConnection, region: str) -> pd.DataFrame:
    """Every commitment of the regional roadmap, one row each, with what its groups add up to: ``territories``,
    ``objectives`` (texts), ``quantity_kt`` (its levers' ktCO₂e), ``sector`` (its first lever's sector, else its
    first regional objective's theme, else its own theme), ``financed`` and ``granted`` (euros) and ``sources``."""
    frame = con.execute(f"SELECT {', '.join(COLUMNS)} FROM commitments WHERE region = ? ORDER BY commitment_id",
                        [region]).df()
    known = context(con, region)
    groups = commitment_groups.read(con, frame["commitment_id"])
    rows = []
    for commitment_id, theme in zip(frame["commitment_id"], frame["theme"]):
        places, serves, lines = (groups[g].get(commitment_id, []) for g in GROUPS)
        rows.append({
            "territories": commitment_territories.text(places, known.territories),
            "objectives": contributions.text(serves, known.levers, known.objectives) or (theme or ""),
            "quantity_kt": sum(row["quantity_kt"] or 0.0 for row in serves if row["objective_kind"] == contributions.LEVER),
            "sector": primary_sector(serves, known, theme),
            "financed": financing.total(lines), "granted": financing.granted(lines),
            "sources": ", ".join(dict.fromkeys(line["source"] for line in lines if line["source"])),
        })
    summary = pd.DataFrame(rows, columns=["territories", "objectives", "quantity_kt", "sector", "financed", "granted",
                                          "sources"], index=frame.index)
    return pd.concat([frame, summary], axis=1)


def primary_sector(serves: list[dict], known: Context, theme: str | None) -> str:
    """What a commitment is listed under: its first lever's sector, else its first objective's theme, else its own
    theme (« Autre » when none is known)."""
    for row in serves:
        if row["objective_kind"] == contributions.LEVER and row["objective_id"] in known.levers:
            return known.levers[row["objective_id"]].sector
    for row in serves:
        if row["objective_id"] in known.objectives:
            return known.objectives[row["objective_id"]].theme
    return theme if isinstance(theme, str) and theme else "Autre"


def region_territories(con: duckdb.DuckDBPyConnection, region: str) -> pd.DataFrame:
    """commitment_id, territory_level, territory_code and ``weight``, each territory's share of its commitment
    (fraction of 1, ``commitment_territories.shares``), of every commitment of the region."""
    frame = commitment_groups.frame(con, commitment_territories.GROUP, region)
    return frame.assign(weight=commitment_territories.shares(frame))


def region_contributions(con: duckdb.DuckDBPyConnection, region: str) -> pd.DataFrame:
    """Every contribution of the region's commitments with its commitment's status and years, and its lever's
    sector (levers) or its objective's theme (regional objectives) as ``sector``."""
    frame = commitment_groups.frame(con, contributions.GROUP, region).merge(
        con.execute("SELECT commitment_id, status, start_year, end_year FROM commitments WHERE region = ?",
                    [region]).df(), on="commitment_id")
    known = context(con, region)
    sectors = {lever_id: lever.sector for lever_id, lever in known.levers.items()}
    themes = {indicator: objective.theme for indicator, objective in known.objectives.items()}
    frame["sector"] = [(sectors if kind == contributions.LEVER else themes).get(objective_id, "Autre")
                       for kind, objective_id in zip(frame["objective_kind"], frame["objective_id"])]
    return frame


def region_financing(con: duckdb.DuckDBPyConnection, region: str) -> pd.DataFrame:
    """Every financing line of the region's commitments, with ``granted`` (accordé, engagé or versé)."""
    frame = commitment_groups.frame(con, financing.GROUP, region)
    return frame.assign(granted=frame["status"].isin(GRANTED))


def create(con: duckdb.DuckDBPyConnection, region: str, values: dict, author: str, action: str = trail.CREATED,
           when: datetime | None = None) -> int:
    """Insert a validated commitment with its groups; return its identifier."""
    return create_many(con, region, [values], author, action, when)[0]


def create_many(con: duckdb.DuckDBPyConnection, region: str, rows: list[dict], author: str,
                action: str = trail.IMPORTED, when: datetime | None = None) -> list[int]:
    """Insert validated commitments with their groups at once (an import); return their identifiers."""
    if not rows:
        return []
    when = when or clock.now()
    ids = [i for (i,) in con.execute("SELECT nextval('commitment_id_seq') FROM range(?)", [len(rows)]).fetchall()]
    frame = pd.DataFrame([{"commitment_id": i, "region": region, **{k: values.get(k) for k in FIELDS}, "version": 1,
                           "created_at": when, "created_by": author, "updated_at": when, "updated_by": author}
                          for i, values in zip(ids, rows)], columns=COLUMNS)
    con.register("new_commitments", frame)
    con.execute(f"INSERT INTO commitments ({', '.join(COLUMNS)}) SELECT {', '.join(COLUMNS)} FROM new_commitments")
    con.unregister("new_commitments")
    commitment_groups.write(con, ids, {group: [values.get(group) or [] for values in rows] for group in GROUPS})
    trail.record_many(con, trail.COMMITMENTS, ids, author, action,
                      [differences({}, values) for values in rows], version=1, when=when)
    return ids


def update(con: duckdb.DuckDBPyConnection, commitment_id: int, expected_version: int, values: dict, author: str,
           action: str = trail.CHANGED, when: datetime | None = None) -> int | Conflict:
    """Save ``values`` (fields and groups) over the version the editor started from; return the new version, or a
    Conflict. Saving what is already stored changes nothing and returns the current version."""
    stored = get(con, commitment_id)
    if stored is None:
        raise KeyError(commitment_id)
    if stored["version"] != expected_version:
        return Conflict(stored)
    changes = differences(stored, {**stored, **values})
    if not changes:
        return stored["version"]
    when = when or clock.now()
    fields = [key for key in changes if key in FIELDS]
    updated = con.execute(
        f"UPDATE commitments SET {''.join(f'{key} = ?, ' for key in fields)}version = version + 1, updated_at = ?,"
        " updated_by = ? WHERE commitment_id = ? AND version = ? RETURNING version",
        [values.get(key) for key in fields] + [when, author, commitment_id, expected_version],
    ).fetchall()
    if not updated:
        return Conflict(get(con, commitment_id))
    commitment_groups.write(con, [commitment_id], {group: [values[group]] for group in GROUPS if group in changes})
    trail.record(con, trail.COMMITMENTS, commitment_id, author, action, changes, version=updated[0][0], when=when)
    return updated[0][0]


def history(con: duckdb.DuckDBPyConnection, commitment_id: int) -> pd.DataFrame:
    """Who changed what and when, newest first (``domain.history.read``)."""
    return trail.read(con, trail.COMMITMENTS, commitment_id)
