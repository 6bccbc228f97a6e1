"""The repeated groups of commitments as stored: territories, contributions and financing lines, one table each.

Each table holds a commitment's lines with their ``position`` (the order they were given in); writing a group
replaces its lines. Reading returns, per commitment, the lines in the shape ``domain.commitments.validate`` gives
them, so that a stored group and a typed one compare line by line (``commitments.same_rows``).
"""

from __future__ import annotations

from collections.abc import Iterable

import duckdb
import pandas as pd

from domain import commitment_territories, contributions, financing


def _clean(value):
    """A stored value as validation gives it: NaN is None, a whole float year an int."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    return value.item() if hasattr(value, "item") else value


TABLES = {
    commitment_territories.GROUP: ("commitment_territories", ["territory_level", "territory_code", "share"]),
    contributions.GROUP: ("commitment_contributions", ["objective_kind", "objective_id", "quantity", "quantity_kt"]),
    financing.GROUP: ("financing_lines", ["source", "amount", "year", "status"]),
}


def read(con: duckdb.DuckDBPyConnection, commitment_ids: Iterable[int]) -> dict[str, dict[int, list[dict]]]:
    """Per group, per commitment: its lines in order (a commitment without lines has none)."""
    ids = [int(i) for i in commitment_ids]
    found: dict[str, dict[int, list[dict]]] = {group: {} for group in TABLES}
    for group, (table, columns) in TABLES.items():
        frame = con.execute(f"SELECT commitment_id, {', '.join(columns)} FROM {table} "
                            "WHERE commitment_id IN (SELECT unnest(?::INTEGER[])) ORDER BY commitment_id, position",
                            [ids]).fetchall()
        for commitment_id, *values in frame:
            found[group].setdefault(commitment_id, []).append(
                {column: _clean(value) for column, value in zip(columns, values)})
    return found


def frame(con: duckdb.DuckDBPyConnection, group: str, region: str) -> pd.DataFrame:
    """Every line of ``group`` of the region's commitments: commitment_id, position and the group's columns."""
    table, columns = TABLES[group]
    return con.execute(f"SELECT g.commitment_id, g.position, {', '.join('g.' + c for c in columns)} FROM {table} g "
                       "JOIN commitments c USING (commitment_id) WHERE c.region = ? ORDER BY g.commitment_id, "
                       "g.position", [region]).df()


def write(con: duckdb.DuckDBPyConnection, commitment_ids: list[int], groups: dict[str, list[list[dict]]]) -> None:
    """Replace the lines of ``groups`` (group → one list of lines per commitment of ``commitment_ids``)."""
    for group, per_commitment in groups.items():
        table, columns = TABLES[group]
        con.execute(f"DELETE FROM {table} WHERE commitment_id IN (SELECT unnest(?::INTEGER[]))",
                    [[int(i) for i in commitment_ids]])
        rows = [{"commitment_id": int(commitment_id), "position": position, **{c: line.get(c) for c in columns}}
                for commitment_id, lines in zip(commitment_ids, per_commitment)
                for position, line in enumerate(lines, start=1)]
        if not rows:
            continue
        new = pd.DataFrame(rows, columns=["commitment_id", "position", *columns])
        con.register("new_group_lines", new)
        con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM new_group_lines")
        con.unregister("new_group_lines")
