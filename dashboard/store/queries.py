"""What the pages read from DuckDB: plain functions of a connection, returning DataFrames."""

from __future__ import annotations

import duckdb
import pandas as pd

from domain.levers import physical_target


def regions(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Regions that have lever objectives, with their total, real regions first."""
    return con.execute(
        """
        SELECT t.code, t.name, t.fictional, count(*) AS levers, sum(o.obj_co2_kt) AS total_kt
        FROM territories t
        JOIN lever_objectives o ON o.territory_level = t.level AND o.territory_code = t.code
        WHERE t.level = 'region'
        GROUP BY ALL
        ORDER BY t.fictional, t.name
        """
    ).df()


def region_levers(con: duckdb.DuckDBPyConnection, region: str) -> pd.DataFrame:
    """One row per lever of the region: objective, share, physical translation, provenance."""
    frame = con.execute(
        """
        SELECT l.lever_id, o.lever_label AS lever, l.sector, l.thematic_group, o.obj_co2_kt,
               o.obj_co2_kt / sum(o.obj_co2_kt) OVER () AS share,
               l.unit_phys, l.relative, l.no_translation, o.ratio_co2_to_phys, o.start_point_2019,
               o.enabled, o.edition_disabled, o.disabled_reason, o.status, o.source, o.vintage
        FROM lever_objectives o JOIN levers l USING (lever_id)
        WHERE o.territory_level = 'region' AND o.territory_code = ?
        ORDER BY l.sector, o.obj_co2_kt DESC
        """,
        [region],
    ).df()
    frame["target_phys"] = [
        physical_target(obj, ratio, start, relative) if unit and not no_translation and ratio else None
        for obj, ratio, start, relative, unit, no_translation in zip(
            frame["obj_co2_kt"], frame["ratio_co2_to_phys"], frame["start_point_2019"], frame["relative"],
            frame["unit_phys"], frame["no_translation"],
        )
    ]
    return frame


def region_parts(con: duckdb.DuckDBPyConnection, region: str, level: str) -> pd.DataFrame:
    """The départements or CRTE linked to the region, with their simplified outline (WKB)."""
    return con.execute(
        """
        SELECT t.code, t.name, t.population, t.area_km2, t.geom_simplified, t.source
        FROM territory_links k
        JOIN territories t ON t.level = k.child_level AND t.code = k.child_code
        WHERE k.parent_level = 'region' AND k.parent_code = ? AND k.child_level = ?
        ORDER BY t.code
        """,
        [region, level],
    ).df()


def outside_communes(con: duckdb.DuckDBPyConnection, region: str, level: str) -> pd.DataFrame:
    """code, name, geom_simplified of the region's communes that belong to no territory of ``level`` (a CRTE
    whose members no longer exist leaves its communes there). The communes are found first, then only their
    outlines read: not every commune's, which a join would read before leaving out those in a territory."""
    return con.execute(
        """
        WITH outside AS (
            SELECT r.child_code AS code FROM territory_links r
            WHERE r.parent_level = 'region' AND r.parent_code = $region AND r.child_level = 'commune'
              AND NOT EXISTS (SELECT 1 FROM territory_links k WHERE k.parent_level = $level
                              AND k.child_level = 'commune' AND k.child_code = r.child_code))
        SELECT c.code, c.name, c.geom_simplified
        FROM outside o JOIN territories c ON c.level = 'commune' AND c.code = o.code
        ORDER BY c.code
        """,
        {"region": region, "level": level},
    ).df()


def territory(con: duckdb.DuckDBPyConnection, level: str, code: str) -> dict | None:
    row = con.execute(
        "SELECT code, name, population, area_km2, fictional, source FROM territories WHERE level = ? AND code = ?",
        [level, code],
    ).df()
    return None if row.empty else row.iloc[0].to_dict()


def lever_names(con: duckdb.DuckDBPyConnection, level: str, code: str) -> dict[str, str]:
    """lever_id → the lever's name in the territory's objectives (histories name levers by their identifier)."""
    return dict(con.execute(
        "SELECT o.lever_id, coalesce(o.lever_label, l.name, o.lever_id) FROM lever_objectives o"
        " LEFT JOIN levers l USING (lever_id) WHERE o.territory_level = ? AND o.territory_code = ?",
        [level, code],
    ).fetchall())


def imports(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    return con.execute(
        "SELECT import_id, started_at, finished_at, kind, file_name, sha256, status, rows_read, rows_written, message,"
        " author, undone_by FROM imports ORDER BY import_id DESC"
    ).df()
