"""A territory's engineering needs, as the ANCT's comités locaux de cohésion territoriale review them: a theme, a
description, a priority, who could answer, and a state (« exprimé », « en cours », « satisfait »).

One check for the form; every change writes a history line (``need_history``) in its transaction.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from domain import clock, formats, texts
from domain import history as trail
from domain.errors import UserError
from domain.meetings import territories as meeting_territories
from domain.process import MEETING_LEVELS, NEED_STATES, NEED_THEMES, OPEN_NEEDS, PRIORITIES, RESPONDERS

NEEDS_TRAIL = trail.Trail("need_history", "need_id")
FIELDS = ["territory_level", "territory_code", "theme", "description", "priority", "responders", "state"]
LABELS = {"territory_level": "Niveau", "territory_code": "Territoire", "theme": "Thème", "description": "Description",
          "priority": "Priorité", "responders": "Qui pourrait y répondre", "state": "État"}


def validate(raw: dict, territories: dict[tuple[str, str], str]) -> dict:
    """The need's values; UserError naming the field otherwise. ``territories``: the region's, by (level, code)."""
    level, _, code = str(raw.get("territory") or "").partition(":")
    if level not in MEETING_LEVELS or (level, code) not in territories:
        raise UserError(f"Territoire : « {raw.get('territory') or ''} » n'est pas un territoire de la région.")
    for key, allowed in (("theme", NEED_THEMES), ("priority", PRIORITIES), ("state", NEED_STATES)):
        if raw.get(key) not in allowed:
            raise UserError(f"{LABELS[key]} : « {raw.get(key) or ''} » inconnu ({', '.join(allowed)}).")
    description = texts.NEED_DESCRIPTION.check(raw.get("description"))
    if description is None:
        raise UserError("La description du besoin : obligatoire.")
    responders = [r for r in (raw.get("responders") or []) if r]
    if strange := [r for r in responders if r not in RESPONDERS]:
        raise UserError(f"{LABELS['responders']} : {', '.join(map(str, strange))} "
                        f"{formats.noun(len(strange), 'inconnu')} ({', '.join(RESPONDERS)}).")
    return {"territory_level": level, "territory_code": code, "theme": raw["theme"], "description": description,
            "priority": raw["priority"], "responders": ", ".join(responders) or None, "state": raw["state"]}


def save(con: duckdb.DuckDBPyConnection, region: str, need_id: int | None, raw: dict, author: str) -> int:
    """Create (``need_id`` None) or change a need of ``region``; its identifier."""
    values, now = validate(raw, meeting_territories(con, region)), clock.now()
    if need_id is None:
        need_id = con.execute("SELECT nextval('need_id_seq')").fetchone()[0]
        con.execute(f"INSERT INTO territory_needs (need_id, region, {', '.join(FIELDS)}, created_at, created_by, "
                    f"updated_at, updated_by) VALUES (?, ?, {', '.join('?' * len(FIELDS))}, ?, ?, ?, ?)",
                    [need_id, region, *(values[f] for f in FIELDS), now, author, now, author])
        trail.record(con, NEEDS_TRAIL, need_id, author, trail.CREATED,
                     {f: [None, values[f]] for f in FIELDS if values[f] is not None}, when=now)
        return need_id
    stored = con.execute(f"SELECT {', '.join(FIELDS)} FROM territory_needs WHERE need_id = ? AND region = ?",
                         [need_id, region]).fetchone()
    if stored is None:
        raise UserError(f"Besoin n° {need_id} introuvable dans la région.")
    changes = {f: [before, values[f]] for f, before in zip(FIELDS, stored) if before != values[f]}
    if changes:
        con.execute(f"UPDATE territory_needs SET {', '.join(f'{f} = ?' for f in FIELDS)}, updated_at = ?, "
                    "updated_by = ? WHERE need_id = ?", [*(values[f] for f in FIELDS), now, author, need_id])
        trail.record(con, NEEDS_TRAIL, need_id, author, trail.CHANGED, changes, when=now)
    return need_id


def region_needs(con: duckdb.DuckDBPyConnection, region: str) -> pd.DataFrame:
    """Every need of the region, open ones first, by priority: need_id, the ``FIELDS``, territory_name, updated_at."""
    order = " ".join(f"WHEN '{p}' THEN {n}" for n, p in enumerate(PRIORITIES))
    return con.execute(
        f"SELECT n.need_id, {', '.join('n.' + f for f in FIELDS)}, coalesce(t.name, n.territory_code) AS "
        "territory_name, n.updated_at FROM territory_needs n LEFT JOIN territories t ON t.level = n.territory_level "
        f"AND t.code = n.territory_code WHERE n.region = ? ORDER BY n.state IN ({', '.join('?' * len(OPEN_NEEDS))}) "
        f"DESC, CASE n.priority {order} END, n.need_id", [region, *OPEN_NEEDS]).df()


def open_needs(needs: pd.DataFrame) -> pd.DataFrame:
    return needs[needs["state"].isin(OPEN_NEEDS)]


def said(row) -> str:
    """« Mobilités (haute, exprimé) : Étude d'un plan de mobilité rurale »: a need of ``region_needs`` in a row."""
    return f"{row.theme} ({row.priority}, {row.state}) : {row.description}"


def history(con: duckdb.DuckDBPyConnection, need_id: int) -> pd.DataFrame:
    return trail.read(con, NEEDS_TRAIL, need_id)
