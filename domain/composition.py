"""What a territory is made of inside its region: the EPCI (and the communes without EPCI) whose communes it
counts, as the fiche territoire lists them."""

from __future__ import annotations

import duckdb
import pandas as pd


def composition(con: duckdb.DuckDBPyConnection, region: str, level: str, code: str) -> pd.DataFrame:
    """The EPCI (and communes without EPCI) making up a territory's communes inside the region:
    member_level, name, communes (in the territory), all_communes (of the EPCI), departements."""
    return con.execute(
        """
        WITH inside AS (
            SELECT k.child_code AS commune FROM territory_links k
            JOIN territory_links r ON r.parent_level = 'region' AND r.parent_code = ? AND r.child_level = 'commune'
                 AND r.child_code = k.child_code
            WHERE k.parent_level = ? AND k.parent_code = ? AND k.child_level = 'commune'
        ), described AS (
            SELECT i.commune, e.parent_code AS epci, d.name AS departement FROM inside i
            LEFT JOIN territory_links e ON e.parent_level = 'epci' AND e.child_level = 'commune'
                 AND e.child_code = i.commune
            LEFT JOIN territory_links dl ON dl.parent_level = 'departement' AND dl.child_level = 'commune'
                 AND dl.child_code = i.commune
            LEFT JOIN territories d ON d.level = 'departement' AND d.code = dl.parent_code
        )
        SELECT CASE WHEN s.epci IS NULL THEN 'commune' ELSE 'epci' END AS member_level,
               coalesce(t.name, c.name) AS name, count(DISTINCT s.commune) AS communes,
               CASE WHEN s.epci IS NULL THEN 1 ELSE (SELECT count(*) FROM territory_links a
                    WHERE a.parent_level = 'epci' AND a.parent_code = s.epci AND a.child_level = 'commune') END
                   AS all_communes,
               string_agg(DISTINCT s.departement, ', ' ORDER BY s.departement) AS departements
        FROM described s
        LEFT JOIN territories t ON t.level = 'epci' AND t.code = s.epci
        LEFT JOIN territories c ON c.level = 'commune' AND c.code = s.commune AND s.epci IS NULL
        GROUP BY ALL ORDER BY member_level DESC, name
        """,
        [region, level, code],
    ).df()
