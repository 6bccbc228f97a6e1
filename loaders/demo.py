"""Writing the fictional « Région de démonstration » (``data/demo.py``) to the database.

Loading it again replaces exactly what a previous demo load wrote: fictional territories
and their links, the region's objectives and observations. Levers are shared with the real
regions, so a lever that a real SGPE panorama already uses keeps its real definition.
"""

from __future__ import annotations

import duckdb

from data.demo import DEPARTEMENTS, REGION_CODE, REGION_NAME, demo_frames
from domain import formats
from loaders.journal import Outcome, replace_rows, run_import

DEMO_TERRITORIES = "fictional OR (level, code) IN (SELECT (level, code) FROM incoming)"
# Links touching a demo territory, as it was before this load (territories are replaced after
# the links) or as it is now (every demo territory is a parent or a child in the new links).
DEMO_LINKS = """
    (parent_level, parent_code) IN (SELECT (level, code) FROM territories WHERE fictional)
    OR (child_level, child_code) IN (SELECT (level, code) FROM territories WHERE fictional)
    OR (parent_level, parent_code) IN (SELECT (parent_level, parent_code) FROM incoming)
    OR (child_level, child_code) IN (SELECT (child_level, child_code) FROM incoming)
"""
DEMO_REGION = "territory_level = 'region' AND territory_code = ?"


def load_demo(con: duckdb.DuckDBPyConnection) -> Outcome:
    return run_import(con, "demo", [], _write)


def _levers_used_elsewhere(con: duckdb.DuckDBPyConnection) -> set[str]:
    """Levers with objectives outside the demo region, i.e. defined by a real panorama."""
    rows = con.execute(
        "SELECT DISTINCT lever_id FROM lever_objectives WHERE NOT (" + DEMO_REGION + ")", [REGION_CODE]
    ).fetchall()
    return {lever_id for (lever_id,) in rows}


def _write(con: duckdb.DuckDBPyConnection, import_id: int) -> Outcome:
    frames = demo_frames()
    for name, frame in frames.items():
        if name != "levers":  # the levers table has no import_id
            frame["import_id"] = import_id
    territories = frames["territories"]
    link_counts = replace_rows(con, "territory_links", frames["territory_links"],
                               ["parent_level", "parent_code", "child_level", "child_code"], scope=DEMO_LINKS)
    territory_counts = replace_rows(con, "territories", territories, ["level", "code"], scope=DEMO_TERRITORIES)
    real = _levers_used_elsewhere(con)
    levers = frames["levers"]
    kept = sorted(set(levers["lever_id"]) & real)
    lever_counts = replace_rows(con, "levers", levers[~levers["lever_id"].isin(kept)], ["lever_id"])
    objective_counts = replace_rows(con, "objective_vintages", frames["lever_objectives"],
                                    ["territory_level", "territory_code", "lever_id", "vintage"],
                                    scope=DEMO_REGION, scope_params=[REGION_CODE])
    observation_counts = replace_rows(con, "observations", frames["observations"],
                                      ["territory_level", "territory_code", "subject_kind", "subject_id", "year"],
                                      scope=DEMO_REGION, scope_params=[REGION_CODE])
    levels = territories["level"].value_counts()
    summary = [
        f"Données fictives de la « {REGION_NAME} » générées : {len(DEPARTEMENTS)} départements, "
        f"{levels['crte']} CRTE, {levels['epci']} EPCI, {levels['commune']} communes.",
        territory_counts.describe("territoire"),
        link_counts.describe("lien entre territoires", "liens entre territoires"),
        lever_counts.describe("levier"),
        objective_counts.describe("objectif régional", "objectifs régionaux"),
        observation_counts.describe("observation", feminine=True),
    ]
    notices = []
    if kept:
        defined, kept_as_is = formats.noun(len(kept), "défini"), formats.noun(len(kept), "conservé tel quel",
                                                                                "conservés tels quels")
        notices.append(f"{formats.counted(len(kept), 'levier')} déjà {defined} par le panorama SGPE, {kept_as_is} : "
                       f"{', '.join(kept)}.")
    counts = [territory_counts, link_counts, lever_counts, objective_counts, observation_counts]
    return Outcome(
        rows_read=sum(len(frame) for frame in frames.values()),
        summary=summary,
        notices=notices,
        rows_written=sum(c.written for c in counts),
    )
