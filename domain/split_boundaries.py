"""Where a region's split meets boundaries (domain/split.py): communes in no territory of the level, CRTE across
départements, territories across regions — said on the Déclinaison page."""

from __future__ import annotations

import duckdb
import pandas as pd

from domain import formats
from domain.vocabulary import LEVELS, OUTSIDE_CODE, outside_name


def boundary_notices(con: duckdb.DuckDBPyConnection, region: str, level: str, territories: pd.DataFrame) -> list[str]:
    """What the Déclinaison page says of the region's boundaries at ``level``: its communes in no territory (the line
    ``OUTSIDE_CODE`` of ``territories``), the CRTE across départements, the territories across regions."""
    notices = []
    outside = territories[territories["code"] == OUTSIDE_CODE]
    if len(outside):
        communes = int(outside["communes"].iloc[0])
        belong = formats.noun(communes, "n'appartient", "n'appartiennent")
        notices.append(f"{formats.counted(communes, 'commune')} de la région {belong} à aucun "
                       f"{LEVELS[level].singular} : {formats.noun(communes, 'sa', 'leur')} part figure sur la ligne "
                       f"« {outside_name(level)} ».")
    if level == "crte":
        crossing = con.execute(
            """
            SELECT t.name, string_agg(DISTINCT d.name, ', ' ORDER BY d.name)
            FROM territory_links r
            JOIN territory_links k ON k.parent_level = 'departement' AND k.child_level = 'crte'
                 AND k.child_code = r.child_code
            JOIN territories t ON t.level = 'crte' AND t.code = r.child_code
            JOIN territories d ON d.level = 'departement' AND d.code = k.parent_code
            WHERE r.parent_level = 'region' AND r.parent_code = ? AND r.child_level = 'crte'
            GROUP BY t.name HAVING count(DISTINCT k.parent_code) > 1 ORDER BY t.name
            """,
            [region],
        ).fetchall()
        if crossing:
            notices.append(f"{len(crossing)} CRTE à cheval sur plusieurs départements, répartis selon leurs "
                           "communes : " + " ; ".join(f"{name} ({deps})" for name, deps in crossing) + ".")
    straddling = con.execute(
        """
        SELECT t.name FROM territory_links r
        JOIN territories t ON t.level = r.child_level AND t.code = r.child_code
        WHERE r.parent_level = 'region' AND r.parent_code = ? AND r.child_level = ?
          AND (SELECT count(DISTINCT o.parent_code) FROM territory_links o
               WHERE o.parent_level = 'region' AND o.child_level = r.child_level AND o.child_code = r.child_code) > 1
        ORDER BY t.name
        """,
        [region, level],
    ).fetchall()
    if straddling:
        notices.append(f"{len(straddling)} {LEVELS[level].plural} à cheval sur une autre région : seules leurs "
                       "communes de la région comptent — " + ", ".join(name for (name,) in straddling) + ".")
    return notices
