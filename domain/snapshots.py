"""A frozen version's snapshot: every row that the roadmap's pages read, captured once, read back as it was.

``PARTS`` says what a version holds, one line per table: the query of the rows it copies. Freezing runs each one
in the freeze's transaction and keeps every row as JSON (``roadmap_version_rows``), with the columns' types
(``roadmap_version_parts``); the split that the méthodes give is kept as computed (``domain.split.FROZEN``), not
computed again. Nothing changes a version's rows afterwards: imports, undos and edits write the live tables only,
and the write gate checks it (``domain.versions.unchanged``).

``database`` builds a version's own database: an in-memory DuckDB holding, under the live tables' names, the rows
the version captured. The pages read it with the same queries as the live data (``dashboard.store.reading_version``),
so a version shows the figures of its freeze whatever happened since. Its tables have the live tables' columns: a
column added to a table after the freeze reads as empty (NULL); a part a version did not capture (a version frozen
before migration 030 holds its commitments alone, one frozen before the regional objectives joined ``PARTS`` holds
none of them) is an empty table, and ``holds`` says so, for the page to tell it.

A new table joins the snapshot by one line in ``PARTS``: a table of commitment details keyed by ``commitment_id``
(objectives, territories, financing lines, follow-up) by ``commitment_rows("<table>")``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

import duckdb
import pandas as pd

from domain.split import FROZEN, SPLIT_LEVELS, region_communes, region_split


@dataclass(frozen=True)
class Part:
    """A table a version copies: ``query`` selects its rows (``$region``, ``$scenario``, ``$methods``)."""

    name: str
    query: str


def commitment_rows(table: str) -> Part:
    """The rows of ``table`` that belong to the region's commitments (``commitment_id``)."""
    return Part(table, f"SELECT * FROM {table} WHERE commitment_id IN "
                       "(SELECT commitment_id FROM commitments WHERE region = $region)")


# The region and every territory linked to it (départements, CRTE, EPCI, communes).
REGION_TERRITORIES = ("(SELECT 'region', $region UNION SELECT child_level, child_code FROM territory_links"
                      " WHERE parent_level = 'region' AND parent_code = $region)")
IN_EVERY_LEVEL = " AND ".join(f"code IN (SELECT child_code FROM territory_links WHERE parent_level = '{level}'"
                              " AND child_level = 'commune')" for level in ("departement", "crte", "epci"))
# The indicators of the region's objectives beyond greenhouse gases (the Écarts page) and the region's values of them.
REGION_INDICATORS = "(SELECT indicator_id FROM regional_objectives WHERE region = $region)"
REGION_VALUES = ("subject_kind = 'indicateur' AND territory_level = 'region' AND territory_code = $region"
                 f" AND subject_id IN {REGION_INDICATORS}")
PARTS = (
    Part("commitments", "SELECT * FROM commitments WHERE region = $region"),
    commitment_rows("commitment_history"),
    commitment_rows("commitment_objectives"),
    commitment_rows("commitment_territories"),
    commitment_rows("commitment_follow_up"),
    commitment_rows("commitment_follow_up_objectives"),
    commitment_rows("commitment_financing"),
    # the region's objectives beyond greenhouse gases and their indicators: what the commitments contribute to
    Part("regional_objectives", "SELECT * FROM regional_objectives WHERE region = $region"),
    Part("indicators", "SELECT * FROM indicators"),
    commitment_rows("commitment_reviews"),
    Part("levers", "SELECT * FROM levers"),
    # every region's objectives, of the vintage shown (the overview compares the region with the others)
    Part("lever_objectives", "SELECT * FROM lever_objectives"),
    Part("observations", "SELECT * FROM observations WHERE subject_kind = 'levier'"
                         f" AND (territory_level, territory_code) IN {REGION_TERRITORIES} OR {REGION_VALUES}"),
    Part("indicator_aggregates", f"SELECT * FROM indicator_aggregates WHERE {REGION_VALUES}"),
    # the region's territories with their simplified outlines, a commune's only when the maps draw it apart (in no
    # département, CRTE or EPCI); the other regions without (the overview lists them)
    Part("territories", "SELECT * REPLACE (NULL::BLOB AS geom, CASE WHEN level = 'region' AND code <> $region"
                        f" OR level = 'commune' AND {IN_EVERY_LEVEL} THEN NULL ELSE geom_simplified END"
                        f" AS geom_simplified) FROM territories WHERE level = 'region' OR (level, code) IN"
                        f" {REGION_TERRITORIES}"),
    Part("territory_links", f"SELECT * FROM territory_links WHERE (parent_level, parent_code) IN {REGION_TERRITORIES}"),
    Part("unplaced_territories", "SELECT * FROM unplaced_territories WHERE region = $region"),
    Part("scenarios", "SELECT * FROM scenarios WHERE scenario_id = $scenario"),
    Part("scenario_levers", "SELECT * FROM scenario_levers WHERE scenario_id = $scenario"),
    Part("split_methods", "SELECT * FROM split_methods WHERE method_id IN (SELECT unnest($methods))"),
    Part("split_method_keys", "SELECT * FROM split_method_keys WHERE method_id IN (SELECT unnest($methods))"),
    Part("allocation_keys", "SELECT * FROM allocation_keys"),
    # the keys' values of the region's territories: the split is kept as computed, the fiche names each key's level
    Part("allocation_key_values", "SELECT * FROM allocation_key_values WHERE (territory_level, territory_code) IN"
                                  f" {REGION_TERRITORIES}"),
)
PARAMETER = re.compile(r"\$(\w+)")


def capture(con: duckdb.DuckDBPyConnection, version_id: int, region: str, scenario_id: int | None,
            method_ids: list[int]) -> None:
    """Keep, under ``version_id``, every part of the region's roadmap as it stands, and the split of each méthode."""
    given = {"region": region, "scenario": scenario_id, "methods": method_ids}
    for part in PARTS:
        used = {name: given[name] for name in PARAMETER.findall(part.query)}
        _keep(con, version_id, part.name, part.query, used)
    for name, frame in split_frames(con, region, method_ids).items():
        con.register("captured_frame", frame)
        _keep(con, version_id, name, "SELECT * FROM captured_frame", {})
        con.unregister("captured_frame")


def split_frames(con: duckdb.DuckDBPyConnection, region: str, method_ids: list[int]) -> dict[str, pd.DataFrame]:
    """The split of the region under each méthode at every level, as ``domain.split.FROZEN`` keeps it; none for a
    region without communes (its territories not loaded: the déclinaison page does not offer it)."""
    parts, territories, notices = [], [], []
    for method_id in method_ids if not region_communes(con, region).empty else ():
        for level in SPLIT_LEVELS:
            split = region_split(con, region, method_id, level)
            parts.append(split.parts.assign(method_id=method_id, level=level, position=range(len(split.parts))))
            territories.append(split.territories.assign(method_id=method_id, level=level,
                                                        position=range(len(split.territories))))
            notices.append(pd.DataFrame({"method_id": method_id, "level": level, "position": range(len(split.notices)),
                                         "notice": split.notices}))
    frames = [parts, territories, notices]
    return {FROZEN[name]: pd.concat(found, ignore_index=True).astype(FROZEN_TYPES.get(name, {}))
            for name, found in zip(("parts", "territories", "notices"), frames) if found}


FROZEN_TYPES = {"parts": {"method_id": "int64", "obj_co2_kt": "float64", "position": "int64"},
                "territories": {"method_id": "int64", "population": "float64", "communes": "int64",
                                "position": "int64"},
                "notices": {"method_id": "int64", "position": "int64", "notice": "object"}}


def _keep(con: duckdb.DuckDBPyConnection, version_id: int, part: str, query: str, params: dict) -> None:
    con.execute(f"CREATE OR REPLACE TEMP TABLE captured AS {query}", params)
    columns = [(name, kind) for name, kind, *_ in con.execute("DESCRIBE captured").fetchall()]
    # a BLOB (an outline) as base64: JSON would keep its escaped text, not its bytes
    chosen = ", ".join(f"base64({_quoted(name)}) AS {_quoted(name)}" if kind == "BLOB" else _quoted(name)
                       for name, kind in columns)
    count = con.execute(
        "INSERT INTO roadmap_version_rows SELECT $version, $part, row_number() OVER () - 1, to_json(r)::VARCHAR"
        f" FROM (SELECT {chosen} FROM captured) r", {"version": version_id, "part": part}).fetchone()[0]
    con.execute("INSERT INTO roadmap_version_parts VALUES (?, ?, ?, ?)",
                [version_id, part, json.dumps(columns), count])
    con.execute("DROP TABLE captured")


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def database(con: duckdb.DuckDBPyConnection, version_id: int) -> duckdb.DuckDBPyConnection:
    """The version's own database, in memory: each part under its table's name, typed as captured."""
    frozen = duckdb.connect(":memory:")
    frozen.execute("SET TimeZone = 'UTC'")
    captured = {part: json.loads(columns) for part, columns in con.execute(
        "SELECT part, columns FROM roadmap_version_parts WHERE version_id = ?", [version_id]).fetchall()}
    for name in [part.name for part in PARTS] + list(FROZEN.values()):
        columns = _columns(con, name, captured.get(name, []))
        frozen.execute(f"CREATE TABLE {name} ({', '.join(f'{_quoted(c)} {kind}' for c, kind in columns)})")
        if name in captured:
            _restore(con, frozen, version_id, name, captured[name])
    frozen.execute(f"CREATE TABLE {CAPTURED} AS SELECT unnest($parts::VARCHAR[]) AS part", {"parts": list(captured)})
    return frozen


CAPTURED = "captured_parts"  # in a version's database: the parts it captured (one frozen earlier holds fewer)


def holds(frozen: duckdb.DuckDBPyConnection, part: str) -> bool:
    """Whether the version's database ``frozen`` captured ``part`` (an empty table otherwise)."""
    return frozen.execute(f"SELECT count(*) FROM {CAPTURED} WHERE part = ?", [part]).fetchone()[0] > 0


def _columns(con: duckdb.DuckDBPyConnection, name: str, captured: list[list[str]]) -> list[tuple[str, str]]:
    """The live table's columns (their types as captured when the version has them), then the captured columns
    the live table no longer has; a computed part's own."""
    live = [(c, kind) for c, kind in con.execute(
        "SELECT column_name, data_type FROM duckdb_columns() WHERE schema_name = 'main' AND table_name = ?"
        " ORDER BY column_index", [name]).fetchall()]
    if not live:
        live = [tuple(pair) for pair in captured] or list(FROZEN_COLUMNS[name])
    kinds = dict(live) | {c: kind for c, kind in captured}
    return [(c, kinds[c]) for c in dict.fromkeys([c for c, _ in live] + [c for c, _ in captured])]


# The computed parts' columns, for a version that did not capture them.
FROZEN_COLUMNS = {
    FROZEN["parts"]: (("territory_code", "VARCHAR"), ("lever_id", "VARCHAR"), ("obj_co2_kt", "DOUBLE"),
                      ("key_id", "VARCHAR"), ("used_key_id", "VARCHAR"), ("method_id", "BIGINT"),
                      ("level", "VARCHAR"), ("position", "BIGINT")),
    FROZEN["territories"]: (("code", "VARCHAR"), ("name", "VARCHAR"), ("population", "DOUBLE"),
                            ("communes", "BIGINT"), ("method_id", "BIGINT"), ("level", "VARCHAR"),
                            ("position", "BIGINT")),
    FROZEN["notices"]: (("method_id", "BIGINT"), ("level", "VARCHAR"), ("position", "BIGINT"), ("notice", "VARCHAR")),
}


def _restore(con, frozen, version_id: int, name: str, columns: list[list[str]]) -> None:
    rows = [data for (data,) in con.execute(
        "SELECT data FROM roadmap_version_rows WHERE version_id = ? AND part = ? ORDER BY row_number",
        [version_id, name]).fetchall()]
    if not rows:
        return
    structure = json.dumps({c: "VARCHAR" if kind == "BLOB" else kind for c, kind in columns})
    chosen = ", ".join(f"from_base64({_quoted(c)}) AS {_quoted(c)}" if kind == "BLOB" else _quoted(c)
                       for c, kind in columns)
    frozen.execute(f"INSERT INTO {name} BY NAME SELECT {chosen} FROM "
                   "(SELECT unnest(from_json(j, $structure)) FROM (SELECT unnest($rows::VARCHAR[]) AS j))",
                   {"structure": structure, "rows": rows})
