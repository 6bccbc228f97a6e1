"""Territories an import could not place — a CRTE none of whose members is among the loaded EPCI and communes
(merged or dissolved since the ANCT's list) — named, with the reason, on the pages that list the territories
of a level, instead of disappearing from them (issue 21). Their communes count among the « Communes hors
CRTE », drawn apart on the maps."""

from __future__ import annotations

import duckdb
import pandas as pd

from domain.vocabulary import LEVELS, outside_name


def unplaced(con: duckdb.DuckDBPyConnection, region: str, level: str) -> pd.DataFrame:
    """code, name, reason of the territories of ``level`` recorded for ``region`` that could not be placed."""
    return con.execute("SELECT code, name, reason FROM unplaced_territories WHERE level = ? AND region = ? "
                       "ORDER BY name", [level, region]).df()


def unplaced_notices(territories: pd.DataFrame, level: str) -> list[str]:
    """One sentence per territory of ``unplaced``: its name, why, and where its communes are."""
    return [f"{name} ({code}) n'apparaît pas : {reason} Ses communes comptent parmi les « {outside_name(level)} »"
            f"{' (en pointillés sur la carte)' if level != 'departement' else ''}, faute de savoir à quel "
            f"{LEVELS[level].singular} elles appartiennent."
            for code, name, reason in zip(territories["code"], territories["name"], territories["reason"])]
