"""Which tables of the database an SQL text reads, and which a write changes: what the data versions count.

A read depends on every table (or view, through the tables it reads) whose name appears as a word in its SQL:
a word that only looks like a table (a column, an alias) adds a dependency that is never needed, never a missing
one. A write changes the table that each of its statements inserts into, updates, deletes from, copies into or
merges into, as DuckDB's own parser splits and types them; a temporary table is the connection's own. Anything
else that changes the database — a table created, altered or dropped, a statement of a kind not foreseen — is
``EVERYTHING``: every kept value is built again (when in doubt, rebuild).
"""

from __future__ import annotations

import re
import threading

import duckdb

EVERYTHING = None  # what a write changed when it cannot say: all tables
WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
TARGET = re.compile(r"\b(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM|COPY|MERGE\s+INTO|TRUNCATE(?:\s+TABLE)?)"
                    r"\s+(?:\w+\s*\.\s*)?\"?(\w+)", re.IGNORECASE)
DROPPED = re.compile(r"^\s*DROP\s+(?:TABLE|VIEW)\s+(?:IF\s+EXISTS\s+)?(?:\w+\s*\.\s*)?\"?(\w+)", re.IGNORECASE)
TEMPORARY = re.compile(r"^\s*CREATE\s+(?:OR\s+REPLACE\s+)?TEMP(?:ORARY)?\s", re.IGNORECASE)
CHANGING = {duckdb.StatementType.INSERT, duckdb.StatementType.UPDATE, duckdb.StatementType.DELETE,
            duckdb.StatementType.COPY, duckdb.StatementType.MERGE_INTO}
HARMLESS = {duckdb.StatementType.SELECT, duckdb.StatementType.TRANSACTION, duckdb.StatementType.SET,
            duckdb.StatementType.PRAGMA, duckdb.StatementType.EXPLAIN, duckdb.StatementType.CALL,
            duckdb.StatementType.VARIABLE_SET, duckdb.StatementType.PREPARE, duckdb.StatementType.EXECUTE}
REMEMBERED = 4096  # SQL texts whose answer is kept (queries repeat, with their parameters apart)


class Catalogue:
    """The tables and views of one database: what a name read stands for (a view, the tables it reads)."""

    def __init__(self, con: duckdb.DuckDBPyConnection):
        tables = {name.lower() for (name,) in con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE NOT temporary").fetchall()}
        self.sources: dict[str, frozenset[str]] = {name: frozenset({name}) for name in tables}
        views = {name.lower(): _words(sql) for name, sql in con.execute(
            "SELECT view_name, sql FROM duckdb_views() WHERE NOT internal AND NOT temporary").fetchall()}
        for name in views:
            self.sources[name] = frozenset(_tables_of(name, views, tables))
        self._reads: dict[str, frozenset[str]] = {}
        self._writes: dict[str, frozenset[str] | None] = {}
        self._lock = threading.Lock()

    def read_by(self, sql: str) -> frozenset[str]:
        """The tables that ``sql`` may read."""
        found = self._reads.get(sql)
        if found is None:
            found = frozenset(table for word in _words(sql) for table in self.sources.get(word, ()))
            self._remember(self._reads, sql, found)
        return found

    def written_by(self, sql: str, con: duckdb.DuckDBPyConnection) -> frozenset[str] | None:
        """The tables that ``sql`` changes, or ``EVERYTHING``."""
        if sql in self._writes:
            return self._writes[sql]
        changed: set[str] | None = set()
        try:
            statements = con.extract_statements(sql)
        except duckdb.Error:
            statements = None  # DuckDB will refuse it too; nothing is lost by rebuilding
        for statement in statements or []:
            found = self._changed_by(statement)
            if found is EVERYTHING:
                changed = EVERYTHING
                break
            changed |= found
        found = EVERYTHING if statements is None or changed is EVERYTHING else frozenset(changed)
        self._remember(self._writes, sql, found)
        return found

    def _changed_by(self, statement) -> set[str] | None:
        text = statement.query
        if statement.type in HARMLESS:
            return set()
        if statement.type in CHANGING:
            target = TARGET.search(text)
            if target is None:
                return EVERYTHING
            name = target.group(1).lower()
            return {name} if name in self.sources else set()  # else a temporary or registered table
        if statement.type == duckdb.StatementType.CREATE and TEMPORARY.match(text):
            return set()
        if statement.type == duckdb.StatementType.DROP:
            dropped = DROPPED.match(text)
            if dropped and dropped.group(1).lower() not in self.sources:
                return set()  # a temporary table
        return EVERYTHING

    def _remember(self, found: dict, sql: str, value) -> None:
        with self._lock:
            if len(found) >= REMEMBERED:
                found.clear()
            found[sql] = value


def _tables_of(view: str, views: dict[str, set[str]], tables: set[str], seen: frozenset = frozenset()) -> set[str]:
    """The tables that ``view`` reads, through the views it reads."""
    found = views[view] & tables
    for other in views[view] & views.keys() - seen - {view}:
        found |= _tables_of(other, views, tables, seen | {view})
    return found


def _words(sql: str) -> set[str]:
    return {word.lower() for word in WORD.findall(sql)}
