"""Scenarios of a new ambition: stored per territory, lever values in ktCO2e, soft deletion.

Reads are plain functions of a connection; writes are actions for ``dashboard.access.gate.write``
(one transaction each), which take the ``author`` the write gate passes. A deleted scenario keeps its
rows (``deleted_at`` and ``deleted_by`` set) until it is restored, so that a deletion can be undone. Each
lever's values carry a version, raised by every change: a save names the version it started from, and a
stale one gets a ``Conflict``. Every change (creation, copy, renaming, lever value, deletion, undo) writes
a line of the scenario's history (``domain.history``), kept for good, a deleted scenario's included.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from domain import history
from domain.conflicts import Conflict
from domain.errors import UserError
from domain.ranges import AVOIDED_KT
from domain.texts import SCENARIO_NAME

FIELDS = ("done_kt", "new_objective_kt")
LEVER_COLUMNS = ("lever_id", "done_kt", "new_objective_kt", "version", "updated_at", "updated_by")


class ScenarioError(UserError):
    """A change refused, with a French message for the user."""


def territory_scenarios(con: duckdb.DuckDBPyConnection, level: str, code: str) -> pd.DataFrame:
    """The territory's scenarios not deleted, most recently changed first."""
    return con.execute(
        """
        SELECT scenario_id, name, created_at, updated_at FROM scenarios
        WHERE territory_level = ? AND territory_code = ? AND deleted_at IS NULL
        ORDER BY updated_at DESC, scenario_id DESC
        """,
        [level, code],
    ).df()


def scenario(con: duckdb.DuckDBPyConnection, scenario_id: int) -> dict | None:
    row = con.execute(
        "SELECT scenario_id, name, territory_level, territory_code, created_at, updated_at, deleted_at, deleted_by"
        " FROM scenarios WHERE scenario_id = ?",
        [scenario_id],
    ).df()
    return None if row.empty else row.iloc[0].to_dict()


def scenario_values(con: duckdb.DuckDBPyConnection, scenario_id: int) -> pd.DataFrame:
    return con.execute(
        "SELECT lever_id, done_kt, new_objective_kt, version FROM scenario_levers WHERE scenario_id = ? "
        "ORDER BY lever_id",
        [scenario_id],
    ).df()


def check_name(con: duckdb.DuckDBPyConnection, level: str, code: str, name: str | None,
               renamed: int | None = None) -> str:
    """The name, trimmed; ScenarioError if empty, too long or already used in the territory (by another
    scenario than the one ``renamed``)."""
    name = SCENARIO_NAME.check(name)
    if not name:
        raise ScenarioError("Donnez un nom au scénario (par exemple « Ambition renforcée mobilité »).")
    listed = territory_scenarios(con, level, code)
    others = listed[listed["scenario_id"] != renamed]
    if name.casefold() in {n.casefold() for n in others["name"]}:
        raise ScenarioError(f"Un scénario « {name} » existe déjà pour ce territoire : choisissez un autre nom.")
    return name


def create_scenario(con: duckdb.DuckDBPyConnection, level: str, code: str, name: str,
                    author: str | None = None) -> int:
    name = check_name(con, level, code, name)
    scenario_id = _insert(con, level, code, name)
    history.record(con, history.SCENARIOS, scenario_id, author, history.CREATED, {"name": [None, name]})
    return scenario_id


def _insert(con: duckdb.DuckDBPyConnection, level: str, code: str, name: str) -> int:
    return con.execute(
        "INSERT INTO scenarios (name, territory_level, territory_code) VALUES (?, ?, ?) RETURNING scenario_id",
        [name, level, code],
    ).fetchone()[0]


def rename_scenario(con: duckdb.DuckDBPyConnection, scenario_id: int, name: str, author: str | None = None) -> str:
    """Give the scenario another name (checked as a new one); return the name kept."""
    found = _existing(con, scenario_id)
    name = check_name(con, found["territory_level"], found["territory_code"], name, renamed=scenario_id)
    if name != found["name"]:
        con.execute("UPDATE scenarios SET name = ?, updated_at = current_timestamp WHERE scenario_id = ?",
                    [name, scenario_id])
        history.record(con, history.SCENARIOS, scenario_id, author, history.RENAMED, {"name": [found["name"], name]})
    return name


def duplicate_scenario(con: duckdb.DuckDBPyConnection, scenario_id: int, author: str | None = None) -> int:
    """A copy named « Copie de … » (numbered if taken), with all its lever values; its history starts with
    the copy (name and values copied), the original's stays with the original."""
    original = _existing(con, scenario_id)
    taken = {n.casefold() for n in territory_scenarios(con, original["territory_level"],
                                                        original["territory_code"])["name"]}
    name, number = f"Copie de {original['name']}"[:SCENARIO_NAME.longest], 2
    while name.casefold() in taken:
        name, number = f"Copie de {original['name']}"[:SCENARIO_NAME.longest - 5] + f" ({number})", number + 1
    copy_id = _insert(con, original["territory_level"], original["territory_code"], name)
    copied = con.execute(
        "INSERT INTO scenario_levers (scenario_id, lever_id, done_kt, new_objective_kt, updated_by)"
        " SELECT ?, lever_id, done_kt, new_objective_kt, ? FROM scenario_levers WHERE scenario_id = ?"
        " RETURNING lever_id, done_kt, new_objective_kt",
        [copy_id, author, scenario_id],
    ).fetchall()
    values = {f"{lever_id}:{field}": [None, value] for lever_id, *stored in sorted(copied)
              for field, value in zip(FIELDS, stored) if value is not None}
    history.record(con, history.SCENARIOS, copy_id, author, history.DUPLICATED, {"name": [None, name], **values})
    return copy_id


def lever_value(con: duckdb.DuckDBPyConnection, scenario_id: int, lever_id: str) -> dict:
    """A lever's stored values, version, and who changed them last; version 0 when nothing was ever saved."""
    row = con.execute(f"SELECT {', '.join(LEVER_COLUMNS)} FROM scenario_levers WHERE scenario_id = ? AND lever_id = ?",
                      [scenario_id, lever_id]).fetchone()
    return dict(zip(LEVER_COLUMNS, row or (lever_id, None, None, 0, None, None)))


def save_lever_value(con: duckdb.DuckDBPyConnection, scenario_id: int, lever_id: str, field: str,
                     value_kt: float | None, expected_version: int | None, author: str | None = None) -> int | Conflict:
    """Store one value (``done_kt`` or ``new_objective_kt``) of one lever; None clears it.

    ``expected_version``: the lever's version the editor started from (0 when nothing was stored);
    if someone saved in between, nothing is written and a Conflict holds what is stored. None saves
    whatever is stored (a proposal computed on the spot, not an edit of a value read earlier).
    Returns the lever's new version; saving what is already stored changes nothing.
    """
    if field not in FIELDS:
        raise ValueError(f"champ inconnu : {field}")
    if value_kt is not None and (problem := AVOIDED_KT.problem(value_kt)):
        raise ScenarioError(f"Valeur non enregistrée : {problem}.")
    found = _existing(con, scenario_id)
    editable = con.execute(
        "SELECT NOT edition_disabled FROM lever_objectives"
        " WHERE territory_level = ? AND territory_code = ? AND lever_id = ?",
        [found["territory_level"], found["territory_code"], lever_id],
    ).fetchone()
    if editable is None:
        raise ScenarioError("Ce levier n'existe pas pour le territoire du scénario.")
    if not editable[0]:
        raise ScenarioError("Ce levier n'est pas modifiable : son objectif est fixé en dehors de la COP.")
    stored = lever_value(con, scenario_id, lever_id)
    if expected_version is not None and expected_version != stored["version"]:
        return Conflict(stored)
    if stored["version"] and stored[field] == value_kt:
        return stored["version"]
    version, = con.execute(
        f"""
        INSERT INTO scenario_levers (scenario_id, lever_id, {field}, version, updated_by) VALUES (?, ?, ?, 1, ?)
        ON CONFLICT (scenario_id, lever_id) DO UPDATE SET {field} = excluded.{field}, version = version + 1,
            updated_at = now(), updated_by = excluded.updated_by
        RETURNING version
        """,
        [scenario_id, lever_id, value_kt, author],
    ).fetchone()
    con.execute("UPDATE scenarios SET updated_at = current_timestamp WHERE scenario_id = ?", [scenario_id])
    if stored[field] != value_kt:
        history.record(con, history.SCENARIOS, scenario_id, author, history.CHANGED,
                       {f"{lever_id}:{field}": [stored[field], value_kt]})
    return version


def delete_scenario(con: duckdb.DuckDBPyConnection, scenario_id: int, author: str | None = None) -> None:
    _existing(con, scenario_id)
    con.execute("UPDATE scenarios SET deleted_at = current_timestamp, deleted_by = ? WHERE scenario_id = ?",
                [author, scenario_id])
    history.record(con, history.SCENARIOS, scenario_id, author, history.DELETED, {})


def restore_scenario(con: duckdb.DuckDBPyConnection, scenario_id: int, author: str | None = None) -> None:
    """Undo a deletion (a scenario not deleted stays as it is)."""
    found = scenario(con, scenario_id)
    if found is None:
        raise ScenarioError("Ce scénario n'existe plus.")
    if pd.notna(found["deleted_at"]):
        con.execute("UPDATE scenarios SET deleted_at = NULL, deleted_by = NULL WHERE scenario_id = ?", [scenario_id])
        history.record(con, history.SCENARIOS, scenario_id, author, history.RESTORED, {})


def _existing(con: duckdb.DuckDBPyConnection, scenario_id: int) -> dict:
    found = scenario(con, scenario_id)
    if found is None or pd.notna(found["deleted_at"]):
        raise ScenarioError("Ce scénario n'existe pas ou a été supprimé.")
    return found


def with_scenario(levers: pd.DataFrame, values: pd.DataFrame) -> pd.DataFrame:
    """``levers`` with the scenario's values: done, new objective (the SGPE's when none), what remains."""
    indexed = values.set_index("lever_id")
    frame = levers.assign(
        done_kt=levers["lever_id"].map(indexed["done_kt"]).astype(float),
        new_objective_kt=levers["lever_id"].map(indexed["new_objective_kt"]).astype(float),
        version=levers["lever_id"].map(indexed["version"]).fillna(0).astype(int),
    )
    frame["scenario_kt"] = frame["new_objective_kt"].fillna(frame["obj_co2_kt"])
    frame["remaining_kt"] = frame["scenario_kt"] - frame["done_kt"].fillna(0.0)
    return frame


def totals(frame: pd.DataFrame) -> dict:
    """SGPE objective, scenario objective, done or planned, and what remains, of levers ``with_scenario``."""
    return {"sgpe_kt": float(frame["obj_co2_kt"].sum()), "scenario_kt": float(frame["scenario_kt"].sum()),
            "done_kt": float(frame["done_kt"].fillna(0.0).sum()), "remaining_kt": float(frame["remaining_kt"].sum())}


def comparison(levers: pd.DataFrame, scenarios: list[tuple[str, pd.DataFrame]], column: str = "sector") -> pd.DataFrame:
    """Per sector (or group) and in total: the SGPE objective and each scenario's objective, side by side."""
    frame = pd.DataFrame({"group": levers[column], "SGPE": levers["obj_co2_kt"]})
    for name, values in scenarios:
        frame[name] = with_scenario(levers, values)["scenario_kt"].to_numpy()
    grouped = frame.groupby("group", sort=False).sum().sort_values("SGPE", ascending=False)
    grouped.loc["Total"] = grouped.sum()
    return grouped.reset_index()
