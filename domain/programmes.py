"""The national programmes a territory belongs to (``process.PROGRAMMES``): read for a territory and for what lies
inside it (a CRTE's communes in « Petites villes de demain »…)."""

from __future__ import annotations

import duckdb
import pandas as pd

from domain.process import PROGRAMMES


def territory_programmes(con: duckdb.DuckDBPyConnection, level: str, code: str) -> pd.DataFrame:
    """programme, programme_name, territory_level, territory_code, territory_name, since_year: the programmes of
    the territory itself and of the territories linked under it."""
    frame = con.execute(
        """
        SELECT p.programme, p.territory_level, p.territory_code, coalesce(t.name, p.territory_code) AS territory_name,
               p.since_year
        FROM territory_programmes p
        LEFT JOIN territories t ON t.level = p.territory_level AND t.code = p.territory_code
        WHERE (p.territory_level = $level AND p.territory_code = $code)
           OR (p.territory_level, p.territory_code) IN (SELECT (child_level, child_code) FROM territory_links
                                                       WHERE parent_level = $level AND parent_code = $code)
        ORDER BY p.programme, territory_name
        """, {"level": level, "code": code}).df()
    return frame.assign(programme_name=frame["programme"].map(PROGRAMMES))
