"""The list of financing sources the regional team edits: the names a financing line may give as its source.

Adding a name makes it available to every commitment's financing lines; removing one is refused while a line gives
it (the line would no longer re-import). Each change writes a line of the list's history (``domain.history``).
"""

from __future__ import annotations

import duckdb

from domain import history
from domain.errors import UserError
from domain.financing import SEPARATORS, sources_of
from domain.headers import normalize_header
from domain.texts import FINANCING_SOURCE


def listed(con: duckdb.DuckDBPyConnection) -> list[str]:
    return [source for (source,) in con.execute("SELECT source FROM financing_sources ORDER BY position, source")
            .fetchall()]


def add(con: duckdb.DuckDBPyConnection, name: str | None, author: str | None) -> str:
    """Add ``name`` at the end of the list; the name as stored. UserError when it is empty, too long, holds a
    separator or is already listed (whatever its case and accents)."""
    name = FINANCING_SOURCE.check(name)
    if not name:
        raise UserError("Source non ajoutée : donnez son nom (par exemple « Fonds chaleur »).")
    if SEPARATORS.search(name):
        raise UserError(f"Source non ajoutée : « {name} » contient « , ; / + », qui séparent les sources d'une ligne.")
    known = listed(con)
    if normalize_header(name) in {normalize_header(source) for source in known}:
        raise UserError(f"Source non ajoutée : « {name} » est déjà dans la liste.")
    position = con.execute("SELECT coalesce(max(position), 0) + 1 FROM financing_sources").fetchone()[0]
    con.execute("INSERT INTO financing_sources VALUES (?, ?)", [name, position])
    history.record(con, history.FINANCING_SOURCES, name, author, history.CREATED, {"source": [None, name]})
    return name


def remove(con: duckdb.DuckDBPyConnection, name: str, author: str | None) -> None:
    """Remove ``name`` from the list; UserError when it is not listed or a financing line gives it."""
    known = listed(con)
    if name not in known:
        raise UserError(f"Source non retirée : « {name} » n'est pas dans la liste.")
    lines = con.execute("SELECT source FROM financing_lines WHERE source IS NOT NULL").fetchall()
    used = sum(1 for (source,) in lines if name in (sources_of(source, known)[0] or "").split(", "))
    if used:
        raise UserError(f"Source non retirée : {used} ligne(s) de financement la citent ; changez-les d'abord.")
    con.execute("DELETE FROM financing_sources WHERE source = ?", [name])
    history.record(con, history.FINANCING_SOURCES, name, author, history.DELETED, {"source": [name, None]})
