"""Méthodes de déclinaison: named choices of an allocation key per lever, saved by the team.

Every save that changes a method writes a line of its history (``domain.history``): who chose which
key for which lever (or which default key), when.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from domain import formats, history
from domain.errors import UserError
from domain.split import available_keys
from domain.texts import METHOD_NAME

DEFAULT_METHOD = 1


class MethodError(UserError):
    """A method that cannot be saved; the message is a French sentence for the user."""


def methods(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """method_id, name, default_key_id, builtin, updated_at; the built-in method first."""
    return con.execute(
        "SELECT method_id, name, default_key_id, builtin, updated_at FROM split_methods"
        " ORDER BY NOT builtin, lower(name)"
    ).df()


def method_keys(con: duckdb.DuckDBPyConnection, method_id: int) -> dict[str, str]:
    """The keys the method names lever by lever (the others use its default key)."""
    return dict(con.execute("SELECT lever_id, key_id FROM split_method_keys WHERE method_id = ?",
                            [method_id]).fetchall())


def method_id_of(value, known: pd.DataFrame) -> int:
    """The method named by a URL parameter, or the default one when it names nothing known."""
    try:
        method_id = int(value)
    except (TypeError, ValueError):
        return DEFAULT_METHOD
    return method_id if method_id in set(known["method_id"]) else DEFAULT_METHOD


def save_method(con: duckdb.DuckDBPyConnection, name: str, keys: dict[str, str],
                default_key: str = "population", author: str | None = None) -> int:
    """Create the method ``name``, or replace its keys if it exists; returns its id.

    The built-in method cannot be overwritten; every key and every lever must exist. Saving the keys a method
    already has changes nothing.
    """
    name = METHOD_NAME.check(name)
    if not name:
        raise MethodError("Donnez un nom à la méthode avant de l'enregistrer.")
    known = set(available_keys(con)["key_id"])
    unknown = sorted(map(str, {default_key, *keys.values()} - known))
    if unknown:
        unknown_keys = formats.noun(len(unknown), "Clé de répartition inconnue", "Clés de répartition inconnues")
        raise MethodError(f"{unknown_keys} : {', '.join(unknown)}.")
    levers = {lever for (lever,) in con.execute("SELECT lever_id FROM levers").fetchall()}
    if not set(keys) <= levers:
        raise MethodError("Méthode non enregistrée : elle nomme un levier inconnu ; rechargez la page.")
    existing = con.execute("SELECT method_id, builtin FROM split_methods WHERE name = ?", [name]).fetchone()
    if existing and existing[1]:
        raise MethodError(f"« {name} » est la méthode par défaut, qui ne se modifie pas : choisissez un autre nom.")
    changes = _changes(_state(con, existing[0]) if existing else None, name, default_key, keys)
    if existing and not changes:
        return existing[0]
    if existing:
        method_id = existing[0]
        con.execute("UPDATE split_methods SET default_key_id = ?, updated_at = current_timestamp"
                    " WHERE method_id = ?", [default_key, method_id])
        con.execute("DELETE FROM split_method_keys WHERE method_id = ?", [method_id])
    else:
        method_id = con.execute("INSERT INTO split_methods (name, default_key_id) VALUES (?, ?) RETURNING method_id",
                                [name, default_key]).fetchone()[0]
    named = [(method_id, lever, key) for lever, key in sorted(keys.items()) if key != default_key]
    if named:
        con.executemany("INSERT INTO split_method_keys VALUES (?, ?, ?)", named)
    history.record(con, history.METHODS, method_id, author, history.CHANGED if existing else history.CREATED,
                   changes)
    return method_id


def _state(con: duckdb.DuckDBPyConnection, method_id: int) -> tuple[str, dict[str, str]]:
    """The method's default key and the keys it names lever by lever."""
    default = con.execute("SELECT default_key_id FROM split_methods WHERE method_id = ?", [method_id]).fetchone()[0]
    return default, method_keys(con, method_id)


def _changes(before: tuple[str, dict[str, str]] | None, name: str, default_key: str, keys: dict[str, str]) -> dict:
    """What a save changes, ``{field: [before, after]}``: a new method's name, default key and named keys; an
    existing one's default key, and each lever whose key (its own, or the default one) is no longer the same."""
    if before is None:
        return {"name": [None, name], "default_key_id": [None, default_key],
                **{lever: [None, key] for lever, key in sorted(keys.items()) if key != default_key}}
    default, named = before
    changes = {"default_key_id": [default, default_key]} if default != default_key else {}
    for lever in sorted({*keys, *named}):
        was, now = named.get(lever, default), keys.get(lever, default_key)
        if was != now:
            changes[lever] = [was, now]
    return changes
