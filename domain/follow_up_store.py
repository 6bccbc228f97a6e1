"""Reading and writing commitments' follow-up, with its history.

A save replaces the whole follow-up of one commitment (every year), checked by ``domain.follow_up.validate`` against
the objectives the commitment contributes to. It names the follow-up the editor started from: when someone saved
another one meanwhile, nothing is written and the editor is told. Every change writes a line of the commitment's
follow-up history (``domain.history.FOLLOW_UP``: ``{"<year>:spent" | "<year>:comment" | "<year>:<objective>":
[before, after]}``); the commitment's own version does not change.
"""

from __future__ import annotations

from datetime import datetime

import duckdb
import pandas as pd

from domain import clock, commitment_groups, contributions, history
from domain.commitments import same
from domain.errors import UserError
from domain.follow_up import LABELS, validate


def _clean(value):
    return None if value is None or (isinstance(value, float) and pd.isna(value)) else value


def read(con: duckdb.DuckDBPyConnection, commitment_id: int) -> list[dict]:
    """The commitment's follow-up, year by year: year, spent, comment, achieved {objective_id: quantity}."""
    years = con.execute("SELECT year, spent, comment FROM commitment_follow_up WHERE commitment_id = ? ORDER BY year",
                        [commitment_id]).fetchall()
    done = con.execute("SELECT year, objective_id, achieved FROM commitment_follow_up_achievements "
                       "WHERE commitment_id = ? ORDER BY year, objective_id", [commitment_id]).fetchall()
    rows = {year: {"year": year, "spent": _clean(spent), "comment": comment, "achieved": {}}
            for year, spent, comment in years}
    for year, objective_id, achieved in done:
        rows.setdefault(year, {"year": year, "spent": None, "comment": None, "achieved": {}})["achieved"][
            objective_id] = achieved
    return [rows[year] for year in sorted(rows)]


def region_achievements(con: duckdb.DuckDBPyConnection, region: str) -> pd.DataFrame:
    """commitment_id, year, objective_kind, objective_id, achieved (that year's) of the region's commitments."""
    return con.execute("SELECT a.commitment_id, a.year, a.objective_kind, a.objective_id, a.achieved "
                       "FROM commitment_follow_up_achievements a JOIN commitments c USING (commitment_id) "
                       "WHERE c.region = ? ORDER BY a.commitment_id, a.year", [region]).df()


def region_spending(con: duckdb.DuckDBPyConnection, region: str) -> pd.DataFrame:
    """commitment_id, year, spent, comment of the region's commitments."""
    return con.execute("SELECT f.commitment_id, f.year, f.spent, f.comment FROM commitment_follow_up f "
                       "JOIN commitments c USING (commitment_id) WHERE c.region = ? ORDER BY f.commitment_id, f.year",
                       [region]).df()


def changes(before: list[dict], after: list[dict]) -> dict[str, list]:
    """``{"<year>:<what>": [before, after]}`` for what differs between two follow-ups."""
    def flat(rows: list[dict]) -> dict[str, object]:
        found = {}
        for row in rows:
            found |= {f"{row['year']}:{key}": row[key] for key in ("spent", "comment") if row[key] is not None}
            found |= {f"{row['year']}:{objective}": value for objective, value in row["achieved"].items()}
        return found
    old, new = flat(before), flat(after)
    return {key: [old.get(key), new.get(key)] for key in sorted(old.keys() | new.keys())
            if not same(old.get(key), new.get(key))}


def save(con: duckdb.DuckDBPyConnection, commitment_id: int, rows: list[dict], expected: list[dict] | None,
         author: str | None, action: str = history.CHANGED, when: datetime | None = None) -> list[dict]:
    """Replace the commitment's follow-up with ``rows`` (as typed); the clean follow-up. UserError (nothing
    written) for a refused value, or when the stored follow-up is no longer the ``expected`` one (None: not
    checked, an import)."""
    found = con.execute("SELECT region FROM commitments WHERE commitment_id = ?", [commitment_id]).fetchall()
    if not found:
        raise UserError(f"Suivi non enregistré : l'engagement n° {commitment_id} n'existe pas.")
    serves = commitment_groups.read(con, [commitment_id])[contributions.GROUP].get(commitment_id, [])
    when = when or clock.now()
    errors: dict[str, str] = {}
    clean = validate(rows, serves, when.year, errors)
    if errors:
        raise UserError("Suivi non enregistré : " + " ; ".join(f"{label(key)} : {problem}" for key, problem
                                                               in errors.items()))
    stored = read(con, commitment_id)
    if expected is not None and changes(expected, stored):
        raise UserError(f"Suivi non enregistré : le suivi de l'engagement n° {commitment_id} a été modifié depuis que "
                        "vous l'avez ouvert ; rouvrez la fiche pour repartir de la version enregistrée.")
    changed = changes(stored, clean)
    if not changed:
        return clean
    kinds = {row["objective_id"]: row["objective_kind"] for row in serves}
    con.execute("DELETE FROM commitment_follow_up WHERE commitment_id = ?", [commitment_id])
    con.execute("DELETE FROM commitment_follow_up_achievements WHERE commitment_id = ?", [commitment_id])
    for row in clean:
        con.execute("INSERT INTO commitment_follow_up VALUES (?, ?, ?, ?, ?, ?)",
                    [commitment_id, row["year"], row["spent"], row["comment"], when, author or ""])
        for objective_id, achieved in row["achieved"].items():
            con.execute("INSERT INTO commitment_follow_up_achievements VALUES (?, ?, ?, ?, ?)",
                        [commitment_id, row["year"], kinds[objective_id], objective_id, achieved])
    history.record(con, history.FOLLOW_UP, commitment_id, author,
                   history.CREATED if not stored and action == history.CHANGED else action, changed, when=when)
    return clean


def label(key: str) -> str:
    """« Suivi, ligne 2, Dépensé (€) », « Suivi, ligne 1, Réalisé (augm_voitelec) »."""
    _, number, name = (key.split(".", 2) + ["", ""])[:3]
    what = LABELS.get(name)
    if name.startswith("achieved:"):
        what = f"{LABELS['achieved']} ({name.partition(':')[2]})"
    return f"Suivi, ligne {number}, {what or name}"


def history_text(key: str) -> str:
    """A follow-up history field as said: « 2025 : dépensé (€) », « 2025 : réalisé (augm_voitelec) »."""
    year, _, what = key.partition(":")
    return f"{year} : " + {"spent": "dépensé (€)", "comment": "commentaire"}.get(what, f"réalisé ({what})")
