"""What an import changed, table by table, kept so that it can be undone.

Before an import writes, the tables its kind may change (``TOUCHED``) are copied inside its transaction;
after, the rows that are no longer there (removed or replaced, as they were) and the rows that are new
(added or replacing) are compared by primary key and, for a real import, kept in the ``undo`` schema
and listed in ``import_undo`` (not a table the import did not write to): ``undo.import_<id>_<table>_removed``
holds the removed rows whole, to restore them; ``_added`` holds the new rows' key and hash (``row_hash``),
enough to find them and to tell whether they changed since, without a second copy of what the table holds. A
dry run computes the same counts and keeps nothing. Comparing whole rows catches every way a loader writes
(``replace_rows``, its own SQL, the aggregates it recomputes) without each loader saying what it did.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from domain import formats

# The tables each kind of import may change (tests check that undoing restores every table).
TOUCHED: dict[str, tuple[str, ...]] = {
    "sgpe": ("territories", "levers", "objective_vintages"),
    "observations": ("observations", "indicators", "indicator_aggregates"),
    "territoires": ("territories", "territory_links", "indicator_aggregates", "unplaced_territories"),
    "cles": ("allocation_keys", "allocation_key_values"),
    "catalogue": ("indicators", "observations", "indicator_aggregates"),
    "indicateurs": ("observations", "indicators", "indicator_aggregates"),
    "engagements": ("commitments", "commitment_history", "commitment_objectives",
                    "commitment_territories", "commitment_financing", "commitment_follow_up",
                    "commitment_follow_up_objectives", "commitment_follow_up_history"),
    "parties": ("parties", "party_contacts"),
    "programmes": ("territory_programmes",),
    "objectifs": ("regional_objectives", "regional_objective_history"),
}
TABLE_NAMES = {
    "territories": "territoires", "territory_links": "liens d'appartenance", "levers": "leviers",
    "objective_vintages": "objectifs des leviers", "observations": "valeurs observées et d'indicateurs",
    "indicators": "catalogue des indicateurs", "indicator_aggregates": "agrégats d'indicateurs",
    "allocation_keys": "clés de répartition", "allocation_key_values": "valeurs des clés de répartition",
    "commitments": "engagements", "commitment_history": "historique des engagements",
    "commitment_objectives": "contributions des engagements aux objectifs régionaux",
    "commitment_territories": "territoires partagés des engagements",
    "commitment_follow_up": "suivi des engagements",
    "commitment_follow_up_objectives": "suivi des engagements (objectifs régionaux)",
    "commitment_follow_up_history": "historique du suivi des engagements",
    "commitment_financing": "lignes de financement des engagements",
    "unplaced_territories": "territoires non placés", "parties": "registre des parties",
    "party_contacts": "contacts des parties", "territory_programmes": "programmes des territoires",
    "regional_objectives": "objectifs régionaux", "regional_objective_history": "historique des objectifs régionaux",
}


@dataclass
class TableChange:
    table: str
    added: int
    changed: int
    removed: int

    @property
    def any(self) -> bool:
        return bool(self.added or self.changed or self.removed)

    def describe(self) -> str:
        """``valeurs observées et d'indicateurs : 12 lignes ajoutées, 3 modifiées, 0 retirée``."""
        return (f"{TABLE_NAMES.get(self.table, self.table)} : {formats.counted(self.added, 'ligne')} "
                f"{formats.noun(self.added, 'ajoutée')}, {formats.agreed(self.changed, 'modifié', True)}, "
                f"{formats.agreed(self.removed, 'retiré', True)}")


# The objectives' table was renamed by migration 031 (every vintage, behind the view of the newest): the rows its
# imports keep keep the name they had, so that the imports made before stay undoable.
KEPT_NAMES = {"objective_vintages": "lever_objectives"}


def kept_table(import_id: int, table: str, side: str) -> str:
    """Where an import's ``removed`` or ``added`` rows of ``table`` are kept."""
    return f"undo.import_{import_id}_{KEPT_NAMES.get(table, table)}_{side}"


# The key of a table kept without a primary-key index (migration 015): its loader refuses repeated keys.
UNINDEXED_KEYS = {"allocation_key_values": ["key_id", "territory_level", "territory_code"]}


def primary_key(con: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    """The columns that identify a row of ``table``: its primary key, or the key its loader enforces."""
    rows = con.execute("SELECT constraint_column_names FROM duckdb_constraints() WHERE schema_name = 'main' "
                       "AND table_name = ? AND constraint_type = 'PRIMARY KEY'", [table]).fetchall()
    return list(rows[0][0]) if rows else UNINDEXED_KEYS.get(table, [])


def snapshot(con: duckdb.DuckDBPyConnection, kind: str) -> None:
    """Copy the tables ``kind`` may change, as they are before the import writes."""
    for table in TOUCHED.get(kind, ()):
        con.execute(f"CREATE OR REPLACE TEMP TABLE before_{table} AS SELECT * FROM {table}")


def compare(con: duckdb.DuckDBPyConnection, kind: str, import_id: int, keep: bool) -> list[TableChange]:
    """What the import changed in each table of its kind; kept in the undo store when ``keep``."""
    found = []
    for table in TOUCHED.get(kind, ()):
        removed = f"SELECT * FROM before_{table} EXCEPT ALL SELECT * FROM {table}"
        added = f"SELECT * FROM {table} EXCEPT ALL SELECT * FROM before_{table}"
        con.execute(f"CREATE OR REPLACE TEMP TABLE removed_{table} AS {removed}")
        con.execute(f"CREATE OR REPLACE TEMP TABLE added_{table} AS {added}")
        change = _counted(con, table, f"added_{table}", f"removed_{table}")
        if keep and _rewritten(con, table):
            key = ", ".join(["hash(a) AS row_hash"] + [f"a.{k}" for k in primary_key(con, table)])
            con.execute(f"CREATE TABLE {kept_table(import_id, table, 'removed')} AS SELECT * FROM removed_{table}")
            con.execute(f"CREATE TABLE {kept_table(import_id, table, 'added')} AS SELECT {key} FROM added_{table} a")
            con.execute("INSERT INTO import_undo VALUES (?, ?, ?, ?, ?)",
                        [import_id, table, change.added, change.changed, change.removed])
        for prefix in ("before", "removed", "added"):
            con.execute(f"DROP TABLE {prefix}_{table}")
        found.append(change)
    return found


def _rewritten(con, table: str) -> bool:
    """Whether the import wrote rows of ``table``, counted or not: rewriting a row with only its ``import_id``
    changed is kept too, so that the earlier import that wrote it is undone after this one."""
    return con.execute(f"SELECT EXISTS (FROM added_{table}) OR EXISTS (FROM removed_{table})").fetchall()[0][0]


def _counted(con, table: str, added: str, removed: str) -> TableChange:
    """Rows counted by key: a key both removed and added is a changed row, or an unchanged one when only its
    ``import_id`` differs (rewritten by this import: kept for the undo, not counted)."""
    new, old = (con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in (added, removed))
    key = primary_key(con, table)
    if not key:
        return TableChange(table, new, 0, old)
    compared = [c for c in con.execute(f"SELECT * FROM {added} LIMIT 0").fetchdf().columns
                if c not in key and c != "import_id"]
    differs = " OR ".join(f"a.{c} IS DISTINCT FROM r.{c}" for c in compared) or "false"
    match = " AND ".join(f"a.{k} = r.{k}" for k in key)
    changed, same = con.execute(f"SELECT count(*) FILTER (WHERE {differs}), count(*) FILTER (WHERE NOT ({differs})) "
                                f"FROM {added} a JOIN {removed} r ON {match}").fetchone()
    return TableChange(table, new - changed - same, changed, old - changed - same)


def recorded(con: duckdb.DuckDBPyConnection, import_id: int) -> list[TableChange]:
    """The changes kept for an import (empty when it cannot be undone)."""
    return [TableChange(*row) for row in con.execute(
        "SELECT table_name, added, changed, removed FROM import_undo WHERE import_id = ? ORDER BY table_name",
        [import_id]).fetchall()]
