"""Who changed what and when: the one history of commitments, scenarios, méthodes de déclinaison, regional
objectives and accounts.

Each kind of record keeps its lines in its own table (``commitment_history``, ``scenario_history``,
``split_method_history``, ``account_history``), all of one shape: the record's identifier, when, the author, the
author's role at that moment, the action (« création », « modification », « suppression »…) and the changes as JSON
``{field: [before, after]}``. A line is written in the transaction of the change it describes: a refused
or failed write leaves none. Nothing is ever removed from a history, a deleted record's included.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

import duckdb
import pandas as pd

from domain import clock, formats

CREATED, DUPLICATED, CHANGED, RENAMED = "création", "duplication", "modification", "renommage"
DELETED, RESTORED, IMPORTED = "suppression", "restauration", "import"
EMPTY = "(vide)"


@dataclass(frozen=True)
class Trail:
    """The history table of one kind of record, and the column naming the record."""
    table: str
    key: str
    versioned: bool = False  # each line names the record's version it produced (commitments)


COMMITMENTS = Trail("commitment_history", "commitment_id", versioned=True)
SCENARIOS = Trail("scenario_history", "scenario_id")
METHODS = Trail("split_method_history", "method_id")
ACCOUNTS = Trail("account_history", "username")  # written by domain/account_history.py
REGIONAL_OBJECTIVES = Trail("regional_objective_history", "objective_id", versioned=True)
FOLLOW_UP = Trail("commitment_follow_up_history", "follow_up", versioned=True)  # « <commitment>:<year> »


def record(con: duckdb.DuckDBPyConnection, trail: Trail, record_id: int | str, author: str | None, action: str,
           changes: dict, version: int | None = None, when: datetime | None = None) -> None:
    """Write one history line; the author's role is the one the account has in this transaction."""
    columns = [trail.key, "changed_at", "author", "role", "action", "changes"]
    columns += ["version"] if trail.versioned else []
    values = [record_id, when or clock.now(), author, role_of(con, author), action, _encoded(changes)]
    con.execute(f"INSERT INTO {trail.table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
                values + ([version] if trail.versioned else []))


def record_many(con: duckdb.DuckDBPyConnection, trail: Trail, record_ids: list[int], author: str | None, action: str,
                changes: list[dict], version: int | None = None, when: datetime | None = None) -> None:
    """One line per record at once (an import): same author, action and moment."""
    frame = pd.DataFrame({trail.key: record_ids, "changed_at": when or clock.now(), "author": author,
                          "role": role_of(con, author), "action": action, "changes": [_encoded(c) for c in changes]})
    if trail.versioned:
        frame["version"] = version
    con.register("new_history_lines", frame)
    columns = ", ".join(frame.columns)
    con.execute(f"INSERT INTO {trail.table} ({columns}) SELECT {columns} FROM new_history_lines")
    con.unregister("new_history_lines")


def read(con: duckdb.DuckDBPyConnection, trail: Trail, record_id: int | str) -> pd.DataFrame:
    """The record's history, newest first: [version,] changed_at, author, role, action, changes (decoded)."""
    order = "version DESC, history_id DESC" if trail.versioned else "history_id DESC"
    frame = con.execute(
        f"SELECT {'version, ' if trail.versioned else ''}changed_at, author, role, action, changes"
        f" FROM {trail.table} WHERE {trail.key} = ? ORDER BY {order}",
        [record_id],
    ).df()
    frame["changes"] = [json.loads(text) for text in frame["changes"]]
    return frame


def role_of(con: duckdb.DuckDBPyConnection, author: str | None) -> str | None:
    """The account's role, None when ``author`` is no account (a command-line import, an unknown author).

    fetchall, not fetchone: DuckDB keeps a half-read result open, and the next ``register`` would fail."""
    found = con.execute("SELECT role FROM users WHERE username = ?", [author]).fetchall() if author else []
    return found[0][0] if found else None


def shown(value) -> str:
    """A value as a history shows it: « (vide) », a French decimal (« 5,5 »), or the text itself."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return EMPTY
    if isinstance(value, float):
        return formats.decimal(value)
    return str(value)


def described(changes: dict, label: Callable[[str], str] = str, value: Callable = lambda stored: stored) -> str:
    """« Champ : avant → après ; … », each field named by ``label``, each stored value shown as ``value`` says
    (a key's label for its identifier, for instance)."""
    return " ; ".join(f"{label(key)} : {shown(value(before))} → {shown(value(after))}"
                      for key, (before, after) in changes.items())


def _encoded(changes: dict) -> str:
    return json.dumps(changes, ensure_ascii=False, default=str)
