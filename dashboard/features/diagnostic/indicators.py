"""What the Diagnostic page reads: the indicator catalogue and the values of a territory, its
neighbours, its region and France. Plain functions of a DuckDB connection (pages go through
``dashboard.store.fetch``), and the national series computed from the regional values.

A value is the one loaded for the territory when there is one, else the aggregate computed from
its communes (or départements) by the catalogue's rule, with how many members had a value.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from domain.aggregation import aggregate_members
from domain.vocabulary import LEVELS

SCALES = ["region", "departement", "crte", "epci", "commune"]  # the map's scales, in the order offered
DIRECTION_LABELS = {"hausse": "une hausse est souhaitable", "baisse": "une baisse est souhaitable",
                    "neutre": "indicateur de contexte, sans sens souhaitable"}
WEIGHT_LABELS = {"population": "la population", "superficie": "la superficie"}


def scale_heading(level: str) -> str:
    """The map's title for a scale: every region of France at region level, else the level's heading."""
    return "Régions de France" if level == "region" else LEVELS[level].heading


def catalogue(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every indicator of the catalogue, with ``has_values`` when some value is loaded."""
    return con.execute("""
        WITH loaded AS (SELECT DISTINCT subject_kind, subject_id FROM observations)
        SELECT c.*, l.subject_id IS NOT NULL AS has_values
        FROM indicator_catalogue c LEFT JOIN loaded l USING (subject_kind, subject_id)
        ORDER BY c.theme, c.name
    """).df()


def region_subjects(con: duckdb.DuckDBPyConnection, region: str) -> pd.DataFrame:
    """The indicators (``subject_kind``, ``subject_id``) with a value for ``region`` or one of its territories."""
    return con.execute("""
        WITH here AS (
            SELECT 'region' AS level, $region AS code
            UNION ALL SELECT child_level, child_code FROM territory_links
            WHERE parent_level = 'region' AND parent_code = $region
        ),
        found AS (
            SELECT subject_kind, subject_id, territory_level, territory_code FROM observations
            UNION ALL SELECT subject_kind, subject_id, territory_level, territory_code FROM indicator_aggregates
        )
        SELECT DISTINCT subject_kind, subject_id FROM found f
        JOIN here h ON h.level = f.territory_level AND h.code = f.territory_code
        ORDER BY subject_kind, subject_id
    """, {"region": region}).df()


def regions(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The regions, real ones first."""
    return con.execute("SELECT code, name, fictional FROM territories WHERE level = 'region' "
                       "ORDER BY fictional, name").df()


def _members(level: str) -> str:
    """SQL for the territories of ``level`` in region ``$region`` (all regions at region level, where
    ``$region`` is only mentioned: DuckDB refuses a named parameter that the query does not use)."""
    if level == "region":
        return ("SELECT code, name, fictional, population, area_km2 FROM territories WHERE level = 'region' "
                "AND $region IS NOT DISTINCT FROM $region")
    return """
        SELECT t.code, t.name, t.fictional, t.population, t.area_km2 FROM territory_links k
        JOIN territories t ON t.level = k.child_level AND t.code = k.child_code
        WHERE k.parent_level = 'region' AND k.parent_code = $region AND k.child_level = $level
    """


_VALUE_COLUMNS = """
    coalesce(o.value, a.value) AS value,
    CASE WHEN o.value IS NOT NULL THEN 'chargée' WHEN a.value IS NOT NULL THEN 'calculée' END AS origin,
    CASE WHEN o.value IS NULL THEN a.members_with_value END AS members_with_value,
    CASE WHEN o.value IS NULL THEN a.members_total END AS members_total,
    CASE WHEN o.value IS NULL THEN a.member_level END AS member_level,
    o.source
"""


def level_values(con: duckdb.DuckDBPyConnection, kind: str, subject: str, level: str, region: str,
                 year: int) -> pd.DataFrame:
    """One row per territory of ``level`` in ``region`` (every region at region level), its population, area and
    value or NaN."""
    return con.execute(f"""
        WITH members AS ({_members(level)})
        SELECT m.code, m.name, m.fictional, m.population, m.area_km2, {_VALUE_COLUMNS}
        FROM members m
        LEFT JOIN observations o ON o.territory_level = $level AND o.territory_code = m.code
             AND o.subject_kind = $kind AND o.subject_id = $subject AND o.year = $year
        LEFT JOIN indicator_aggregates a ON a.territory_level = $level AND a.territory_code = m.code
             AND a.subject_kind = $kind AND a.subject_id = $subject AND a.year = $year
        ORDER BY m.name
    """, {"level": level, "region": region, "kind": kind, "subject": subject, "year": year}).df()


def level_outlines(con: duckdb.DuckDBPyConnection, level: str, region: str) -> pd.DataFrame:
    """Simplified outlines (WKB) of the territories of ``level`` in ``region``."""
    return con.execute(f"""
        WITH members AS ({_members(level)})
        SELECT m.code, t.geom_simplified FROM members m JOIN territories t ON t.level = $level AND t.code = m.code
    """, {"level": level, "region": region}).df()


def years(con: duckdb.DuckDBPyConnection, kind: str, subject: str, level: str, region: str) -> list[int]:
    """Years with at least one value for a territory of ``level`` in ``region``, most recent first."""
    rows = con.execute(f"""
        WITH members AS ({_members(level)}),
        found AS (
            SELECT year, territory_code FROM observations
            WHERE subject_kind = $kind AND subject_id = $subject AND territory_level = $level
            UNION ALL
            SELECT year, territory_code FROM indicator_aggregates
            WHERE subject_kind = $kind AND subject_id = $subject AND territory_level = $level
        )
        SELECT DISTINCT year FROM found WHERE territory_code IN (SELECT code FROM members) ORDER BY year DESC
    """, {"level": level, "region": region, "kind": kind, "subject": subject}).fetchall()
    return [year for (year,) in rows]


def series(con: duckdb.DuckDBPyConnection, kind: str, subject: str, level: str, code: str) -> pd.DataFrame:
    """Every year's value of one territory."""
    return con.execute("""
        WITH loaded AS (
            SELECT year, value, source FROM observations WHERE subject_kind = $kind AND subject_id = $subject
                AND territory_level = $level AND territory_code = $code
        ),
        computed AS (
            SELECT year, value, members_with_value, members_total, member_level FROM indicator_aggregates
            WHERE subject_kind = $kind AND subject_id = $subject AND territory_level = $level
              AND territory_code = $code
        )
        SELECT coalesce(o.year, a.year) AS year, coalesce(o.value, a.value) AS value,
               CASE WHEN o.value IS NOT NULL THEN 'chargée' ELSE 'calculée' END AS origin,
               CASE WHEN o.value IS NULL THEN a.members_with_value END AS members_with_value,
               CASE WHEN o.value IS NULL THEN a.members_total END AS members_total,
               CASE WHEN o.value IS NULL THEN a.member_level END AS member_level,
               o.source
        FROM loaded o FULL JOIN computed a USING (year)
        ORDER BY 1
    """, {"level": level, "code": code, "kind": kind, "subject": subject}).df()


def regional_values(con: duckdb.DuckDBPyConnection, kind: str, subject: str) -> pd.DataFrame:
    """Every year's value of every real region (loaded, else aggregated), with its population and area."""
    return con.execute("""
        WITH loaded AS (
            SELECT territory_code AS code, year, value FROM observations
            WHERE territory_level = 'region' AND subject_kind = $kind AND subject_id = $subject
        ),
        computed AS (
            SELECT territory_code AS code, year, value FROM indicator_aggregates
            WHERE territory_level = 'region' AND subject_kind = $kind AND subject_id = $subject
              AND (territory_code, year) NOT IN (SELECT (code, year) FROM loaded)
        ),
        found AS (SELECT * FROM loaded UNION ALL SELECT * FROM computed)
        SELECT f.code, f.year, f.value, t.population, t.area_km2
        FROM found f JOIN territories t ON t.level = 'region' AND t.code = f.code
        WHERE NOT t.fictional
        ORDER BY f.year, f.code
    """, {"kind": kind, "subject": subject}).df()


def real_region_count(con: duckdb.DuckDBPyConnection) -> int:
    return con.execute("SELECT count(*) FROM territories WHERE level = 'region' AND NOT fictional").fetchone()[0]


def national_series(regional: pd.DataFrame, aggregation: str, weight: str | None,
                    weights: pd.DataFrame | None, regions_total: int) -> pd.DataFrame:
    """France, computed from the regions that have a value by the rule of ``domain.aggregation``:
    year, value, members_with_value, members_total.

    ``weights``: the regional values of the weighting indicator (code, year, value), when the weight
    is an indicator. A region without a weight does not count (it is then reported as missing).
    """
    weights = weights if weights is not None else pd.DataFrame(columns=["code", "year", "value"])
    members = regional.merge(weights[["code", "year", "value"]].rename(columns={"value": "weight_value"}),
                             on=["code", "year"], how="left").assign(aggregation=aggregation, weight_rule=weight)
    frame = aggregate_members(members, ["year"])
    frame["members_total"] = regions_total
    return frame[["year", "value", "members_with_value", "members_total"]]


def france(con: duckdb.DuckDBPyConnection, kind: str, subject: str) -> pd.DataFrame:
    """The national series of a subject, by its catalogue rule, from the real regions' values."""
    rule = con.execute("SELECT aggregation, weight FROM indicator_catalogue WHERE subject_kind = ? AND subject_id = ?",
                       [kind, subject]).fetchone()
    aggregation, weight = rule
    weights = None
    if aggregation != "somme" and weight not in WEIGHT_LABELS:
        weights = regional_values(con, "indicateur", weight)
    frame = national_series(regional_values(con, kind, subject), aggregation, weight, weights,
                            real_region_count(con))
    return frame.assign(origin="calculée", member_level="region")


def member_sources(con: duckdb.DuckDBPyConnection, kind: str, subject: str) -> pd.DataFrame:
    """The sources of the loaded values, per level (what an aggregate was computed from)."""
    return con.execute("""
        SELECT territory_level, string_agg(DISTINCT source, ' ; ' ORDER BY source) AS sources
        FROM observations WHERE subject_kind = $kind AND subject_id = $subject GROUP BY 1
    """, {"kind": kind, "subject": subject}).df()


def rule_text(row: dict) -> str:
    """``somme des valeurs`` / ``moyenne pondérée par la population``, for a catalogue row."""
    if row["aggregation"] == "somme":
        return "somme des valeurs"
    weight = WEIGHT_LABELS.get(row["weight"], f"l'indicateur « {row['weight']} »")
    return f"moyenne pondérée par {weight}"
