"""Where a territory stands on each lever: observed progress against the linear 2019 → 2030 path.

For each lever, the latest observation after 2019 gives the progress already made (ktCO2e),
compared with what the linear path expects in that year. The gap is expected − observed
(positive: behind the path). A lever's status follows from the gap, with a tolerance of
5 % of its objective either side of the path.

The observed value is compared with a 2019 base only when the lever has a physical translation
(a non-zero factor, a physical unit): for a level (``relative``) the base is the SGPE's 2019
starting point; for a change, the observed value of 2019 (the observation is a level while the
objective is a change, so a base is needed). Without one, the lever has "pas de donnée", never 0.
"""

from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd

from domain import formats
from domain.levers import START_YEAR, expected_share, physical_target, progress_kt
from domain.vocabulary import AHEAD, BEHIND, NO_DATA, ON_TRACK

TOLERANCE = 0.05  # share of the objective within which a lever is "sur la trajectoire"
STATUS_RULE = (f"« {ON_TRACK} » lorsque l'écart ne dépasse pas {formats.percent(TOLERANCE)} de l'objectif 2030 dans un "
               f"sens ou dans l'autre ; « {BEHIND} » au-delà, lorsque la progression observée est inférieure à la "
               f"progression attendue ; « {AHEAD} » au-delà, lorsqu'elle est supérieure ; « {NO_DATA} » "
               "lorsqu'aucune valeur observée après 2019 ne peut être comparée au point de départ 2019.")


def status(gap: float | None, objective: float) -> str:
    """The status of a gap (expected − observed progress, ktCO2e) for an objective (ktCO2e)."""
    if gap is None or pd.isna(gap):
        return NO_DATA
    tolerance = TOLERANCE * abs(objective)
    if gap > tolerance:
        return BEHIND
    if gap < -tolerance:
        return AHEAD
    return ON_TRACK


def territory_levers(con: duckdb.DuckDBPyConnection, level: str, code: str) -> pd.DataFrame:
    """One row per lever of the territory with its objective, factors, flags and provenance."""
    frame = con.execute(
        """
        SELECT l.lever_id, o.lever_label AS lever, l.sector, l.thematic_group, o.obj_co2_kt,
               l.unit_phys, l.relative, l.no_translation, o.ratio_co2_to_phys, o.start_point_2019,
               o.enabled, o.edition_disabled, o.disabled_reason, o.explanation, o.status, o.source, o.vintage
        FROM lever_objectives o JOIN levers l USING (lever_id)
        WHERE o.territory_level = ? AND o.territory_code = ?
        ORDER BY l.sector, o.obj_co2_kt DESC, l.lever_id
        """,
        [level, code],
    ).df()
    frame["translated"] = translated(frame)
    frame["target_phys"] = [
        physical_target(obj, ratio, start, relative) if ok else None
        for obj, ratio, start, relative, ok in zip(frame["obj_co2_kt"], frame["ratio_co2_to_phys"],
                                                   frame["start_point_2019"], frame["relative"], frame["translated"])
    ]
    return frame


def translated(levers: pd.DataFrame) -> pd.Series:
    """Whether each lever has a physical translation (unit, non-zero factor)."""
    return levers["unit_phys"].notna() & ~levers["no_translation"].astype(bool) & (levers["ratio_co2_to_phys"] != 0)


def lever_observations(con: duckdb.DuckDBPyConnection, level: str, code: str) -> pd.DataFrame:
    return con.execute(
        """
        SELECT subject_id AS lever_id, year, value, unit, source
        FROM observations
        WHERE territory_level = ? AND territory_code = ? AND subject_kind = 'levier'
        ORDER BY lever_id, year
        """,
        [level, code],
    ).df()


def observed_progress(levers: pd.DataFrame, observations: pd.DataFrame) -> pd.DataFrame:
    """Every observation that can be compared with a 2019 base, with its progress in ktCO2e."""
    usable = levers.loc[levers["translated"], ["lever_id", "relative", "start_point_2019", "ratio_co2_to_phys"]]
    merged = observations.merge(usable, on="lever_id")
    first = merged.loc[merged["year"] == START_YEAR, ["lever_id", "value"]].rename(columns={"value": "first"})
    merged = merged.merge(first, on="lever_id", how="left")
    merged["base"] = merged["start_point_2019"].where(merged["relative"].astype(bool), merged["first"])
    merged = merged[merged["base"].notna()].copy()
    merged["progress_kt"] = [progress_kt(value, base, ratio) for value, base, ratio in
                             zip(merged["value"], merged["base"], merged["ratio_co2_to_phys"])]
    return merged[["lever_id", "year", "value", "unit", "source", "base", "progress_kt"]].reset_index(drop=True)


def territory_progress(con: duckdb.DuckDBPyConnection, level: str, code: str) -> pd.DataFrame:
    """``observed_progress`` of a territory, read from the database."""
    return observed_progress(territory_levers(con, level, code), lever_observations(con, level, code))


def lever_gaps(levers: pd.DataFrame, observations: pd.DataFrame) -> pd.DataFrame:
    """``levers`` with, per lever, its latest observation after 2019, the progress, the gap and the status."""
    progress = observed_progress(levers, observations)
    latest = (progress[progress["year"] > START_YEAR].sort_values("year").groupby("lever_id").tail(1)
              .set_index("lever_id"))
    frame = levers.copy()
    frame["observed_year"] = frame["lever_id"].map(latest["year"]).astype("Int64")
    frame["observed_value"] = frame["lever_id"].map(latest["value"]).astype(float)
    frame["observed_unit"] = frame["lever_id"].map(latest["unit"])
    frame["observation_source"] = frame["lever_id"].map(latest["source"])
    frame["progress_kt"] = frame["lever_id"].map(latest["progress_kt"]).astype(float)
    shares = np.array([expected_share(int(y)) if pd.notna(y) else np.nan for y in frame["observed_year"]], dtype=float)
    frame["expected_kt"] = frame["obj_co2_kt"] * shares
    frame["gap_kt"] = frame["expected_kt"] - frame["progress_kt"]
    frame["achieved_share"] = np.where(frame["obj_co2_kt"] != 0, frame["progress_kt"] / frame["obj_co2_kt"], np.nan)
    frame["status_gap"] = [status(gap, obj) for gap, obj in zip(frame["gap_kt"], frame["obj_co2_kt"])]
    return frame


def territory_gaps(con: duckdb.DuckDBPyConnection, level: str, code: str) -> pd.DataFrame:
    """``lever_gaps`` of a territory, read from the database."""
    return lever_gaps(territory_levers(con, level, code), lever_observations(con, level, code))


def group_gaps(gaps: pd.DataFrame, column: str = "sector") -> pd.DataFrame:
    """Per sector (or thematic group): objective, levers observed, their progress and gap; most behind first.

    The gap of a group sums the gaps of its observed levers; its status compares that sum with the
    objective of those same levers.
    """
    observed = gaps["status_gap"] != NO_DATA
    parts = gaps.assign(levers=1, observed_levers=observed.astype(int),
                        observed_objective=gaps["obj_co2_kt"].where(observed, 0.0))
    grouped = parts.groupby(column, sort=False)
    frame = grouped[["obj_co2_kt", "levers", "observed_levers", "observed_objective"]].sum()
    for measure in ("progress_kt", "expected_kt", "gap_kt"):
        frame[measure] = grouped[measure].sum(min_count=1)
    frame = frame.reset_index().rename(columns={column: "group"})
    frame["status_gap"] = [status(gap, obj) for gap, obj in zip(frame["gap_kt"], frame["observed_objective"])]
    return frame.sort_values("gap_kt", ascending=False, na_position="last", kind="stable").reset_index(drop=True)


def trajectory(gaps: pd.DataFrame, progress: pd.DataFrame, lever_ids: list[str]) -> dict:
    """The points of the trajectory of one lever or several (a sector): observed progress per year, objective.

    For several levers, a year's observed progress sums the levers observed that year; ``observed_levers``
    says how many of them.
    """
    chosen = gaps[gaps["lever_id"].isin(lever_ids)]
    points = (progress[progress["lever_id"].isin(lever_ids)].groupby("year")
              .agg(progress_kt=("progress_kt", "sum"), observed_levers=("lever_id", "count")).reset_index())
    return {"objective_kt": float(chosen["obj_co2_kt"].sum()), "levers": len(chosen), "observed": points}
