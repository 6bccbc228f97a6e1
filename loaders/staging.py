"""Keeping a large import's rows in DuckDB rather than in Python, with DuckDB's memory capped.

A loader checks a file row by row, so that each refusal names its line and column, and hands each
valid row to a ``Staging``: Python holds one batch at a time, written to a temporary table of the
import's transaction when it fills. Duplicate keys are found there, by SQL, and reported as if the
file had been checked in order: the first row repeating a key, with the line of its first
occurrence — before any problem found further down the file.

``bounded_memory`` caps what DuckDB holds in memory during an import (its temporary directory takes
the rest) and gives the connection back its settings afterwards.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import contextmanager

import duckdb
import pandas as pd

from loaders.errors import LoadError

MEMORY_SETTINGS = {"memory_limit": "500MB", "preserve_insertion_order": "false"}
FIRST_BATCH = 5_000  # small, so that a duplicate near the top of a large file is reported at once
BATCH = 200_000
DTYPES = {"VARCHAR": "object", "DOUBLE": "float64", "BIGINT": "Int64", "BOOLEAN": "bool"}


@contextmanager
def bounded_memory(con: duckdb.DuckDBPyConnection):
    """Run with ``MEMORY_SETTINGS``, then restore the connection's own (they are the database's settings).

    DuckDB shows a memory limit rounded (« 18.8 GiB »): a default one is restored exactly by RESET, any
    other by setting it back as shown.
    """
    previous = {name: _setting(con, name) for name in MEMORY_SETTINGS}
    try:
        for name, value in MEMORY_SETTINGS.items():
            con.execute(f"SET {name} = '{value}'")
        yield
    finally:
        for name, value in previous.items():
            con.execute(f"RESET {name}")
            if _setting(con, name) != value:
                con.execute(f"SET {name} = '{value}'")


def _setting(con: duckdb.DuckDBPyConnection, name: str):
    return con.execute("SELECT current_setting(?)", [name]).fetchone()[0]


class Staging:
    """Rows written in batches to the temporary table ``name``, checked for duplicate ``key``.

    ``columns`` maps each column to its SQL type (VARCHAR, DOUBLE, BIGINT or BOOLEAN); the table also gets ``line``
    (the row's line in the file) and ``seq`` (the order rows were added, several rows may share a line). ``duplicate``
    builds the refusal from the repeated key, its line and the line where it first appeared.

    Use it as a context manager around the reading: leaving it writes the last batch; leaving it on a
    ``LoadError`` reports instead a duplicate met earlier in the file, if there is one.
    """

    def __init__(self, con: duckdb.DuckDBPyConnection, name: str, columns: dict[str, str], key: list[str],
                 duplicate: Callable[[tuple, int, int], LoadError]):
        self.con, self.name, self.columns, self.key, self.duplicate = con, name, columns, key, duplicate
        self.count = 0
        self._lines: list[int] = []
        self._rows: list[tuple] = []
        self._batch = FIRST_BATCH
        definitions = ", ".join(f"{c} {sql}" for c, sql in columns.items())
        con.execute(f"CREATE OR REPLACE TEMP TABLE {name} (seq BIGINT, line BIGINT, {definitions})")

    def add(self, line: int, row: tuple) -> None:
        """Keep ``row`` (values in the order of ``columns``), read at ``line``."""
        self._lines.append(line)
        self._rows.append(row)
        if len(self._rows) >= self._batch:
            self._write()
            self._batch = BATCH

    def __enter__(self) -> Staging:
        return self

    def __exit__(self, kind, error, traceback) -> bool:
        if kind is None or issubclass(kind, LoadError):
            self._write()
        return False

    def drop(self) -> None:
        self.con.execute(f"DROP TABLE IF EXISTS {self.name}")

    def _write(self) -> None:
        if not self._rows:
            return
        values = list(zip(*self._rows))
        batch = pd.DataFrame({"seq": pd.RangeIndex(self.count, self.count + len(self._rows)),  # noqa: F841
                              "line": self._lines}
                             | {c: pd.Series(v, dtype=DTYPES[sql])
                                for (c, sql), v in zip(self.columns.items(), values)})
        self.count += len(self._rows)
        self._lines, self._rows = [], []
        # DuckDB finds ``batch`` by its name here (hence the linter's « unused »): a frame registered during a
        # transaction would be kept alive until its end, all batches of the file with it.
        self.con.execute(f"INSERT INTO {self.name} SELECT * FROM batch")
        same = " AND ".join(f"s.{k} = b.{k}" for k in self.key)
        repeated = self.con.execute(
            f"SELECT b.seq, {', '.join(f'b.{k}' for k in self.key)}, b.line, arg_min(s.line, s.seq) "
            f"FROM batch b JOIN {self.name} s ON {same} AND s.seq < b.seq "
            f"GROUP BY ALL ORDER BY b.seq LIMIT 1").fetchone()
        if repeated:
            _, *key, line, earlier = repeated
            raise self.duplicate(tuple(key), line, earlier)
