"""Where a territory stands on each lever: observed progress against the linear 2019 → 2030 path.

Progress is ``domain.progress``'s, the one definition every page, screen and export shares: each observation
after 2019 compared with the lever's own 2019 observation (or the SGPE's starting point at the observation's
precision), a change within that precision being « stable ». A lever's latest progress is compared with what
the linear path expects in that year. The gap is expected − observed (positive: behind the path). A lever's
status follows from the gap, with a tolerance of 5 % of its objective either side of the path. Without a
physical translation or a baseline, the lever has "pas de donnée", never 0.

A sector's (or the region's) « acquis » sums its observed levers' latest progress, each with its year.
"""

from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd

from domain import formats, progress
from domain.levers import expected_share, physical_target
from domain.magnitudes import split_unit
from domain.vocabulary import AHEAD, BEHIND, NO_DATA, ON_TRACK, RECEDING

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
    """Every observation after 2019 that can be compared with its lever's baseline, with its progress in
    ktCO2e, its trend and its ``progress.Reading``."""
    by_lever: dict[str, list[tuple]] = {}  # lever → (year, value, unit, source): plain lookups, not a filter a lever
    for lever_id, *observation in zip(observations["lever_id"], observations["year"], observations["value"],
                                      observations["unit"], observations["source"]):
        by_lever.setdefault(lever_id, []).append(observation)
    rows = []
    for lever in levers[levers["translated"]].itertuples():
        observed = by_lever.get(lever.lever_id, [])
        basis = progress.Basis(float(lever.ratio_co2_to_phys), _number(lever.start_point_2019),
                               bool(lever.relative), float(lever.obj_co2_kt))
        said = {year: (unit, source) for year, _, unit, source in observed}
        for reading in progress.readings(basis, [(year, value) for year, value, _, _ in observed]):
            unit, source = said[reading.year]
            rows.append({"lever_id": lever.lever_id, "year": reading.year, "value": reading.value,
                         "unit": unit, "source": source, "base": reading.base, "progress_kt": reading.kt,
                         "trend": reading.trend, "reading": reading})
    columns = ["lever_id", "year", "value", "unit", "source", "base", "progress_kt", "trend", "reading"]
    return pd.DataFrame(rows, columns=columns)


def _number(value) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def territory_progress(con: duckdb.DuckDBPyConnection, level: str, code: str) -> pd.DataFrame:
    """``observed_progress`` of a territory, read from the database."""
    return observed_progress(territory_levers(con, level, code), lever_observations(con, level, code))


def lever_gaps(levers: pd.DataFrame, observations: pd.DataFrame) -> pd.DataFrame:
    """``levers`` with, per lever, its latest observation after 2019, the progress, its trend, the gap and the
    status; ``reading`` holds the latest ``progress.Reading`` (None when the lever has no progress)."""
    found = observed_progress(levers, observations)
    latest = found.sort_values("year").groupby("lever_id").tail(1).set_index("lever_id")
    frame = levers.copy()
    frame["observed_year"] = frame["lever_id"].map(latest["year"]).astype("Int64")
    frame["observed_value"] = frame["lever_id"].map(latest["value"]).astype(float)
    frame["observed_unit"] = frame["lever_id"].map(latest["unit"])
    frame["observation_source"] = frame["lever_id"].map(latest["source"])
    frame["base_value"] = frame["lever_id"].map(latest["base"]).astype(float)
    frame["progress_kt"] = frame["lever_id"].map(latest["progress_kt"]).astype(float)
    frame["trend"] = frame["lever_id"].map(latest["trend"])
    frame["reading"] = [latest["reading"].get(lever_id) for lever_id in frame["lever_id"]]
    frame["trend_said"] = [progress.trend_phrase(reading, observed_unit(unit, unit_phys)) if reading else None
                           for reading, unit, unit_phys in zip(frame["reading"], frame["observed_unit"],
                                                               frame["unit_phys"])]
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
    """Per sector (or thematic group): objective, levers observed, their acquis, expected progress and gap,
    what remains to commit, and why it exceeds the objective when it does; most behind first.

    The gap of a group sums the gaps of its observed levers; its status compares that sum with the
    objective of those same levers.
    """
    rows = []
    for group, levers in gaps.groupby(column, sort=False):
        summary = acquired(levers)
        observed = levers["status_gap"] != NO_DATA
        rows.append({
            "group": group, "obj_co2_kt": levers["obj_co2_kt"].sum(), "levers": len(levers),
            "observed_levers": summary.observed, "observed_objective": levers.loc[observed, "obj_co2_kt"].sum(),
            "progress_kt": summary.kt, "first_year": summary.first_year, "last_year": summary.last_year,
            "scope": summary.scope, "expected_kt": levers["expected_kt"].sum(min_count=1),
            "gap_kt": levers["gap_kt"].sum(min_count=1), "receding": int((levers["trend"] == RECEDING).sum()),
            "remaining_kt": levers["obj_co2_kt"].sum() - (summary.kt or 0.0), "excess": excess(levers),
        })
    frame = pd.DataFrame(rows).astype({"first_year": "Int64", "last_year": "Int64"})
    frame["status_gap"] = [status(gap, obj) for gap, obj in zip(frame["gap_kt"], frame["observed_objective"])]
    return frame.sort_values("gap_kt", ascending=False, na_position="last", kind="stable").reset_index(drop=True)


def acquired(levers: pd.DataFrame) -> progress.Acquired:
    """The acquis of a set of levers (rows of ``lever_gaps``)."""
    return progress.acquired(list(levers["reading"]))


def excess(levers: pd.DataFrame) -> str | None:
    """Why the remaining effort of a set of levers exceeds their objective (a negative acquis); None if it does not."""
    summary = acquired(levers)
    if summary.kt is None or summary.kt >= 0:
        return None
    rows = levers.set_index("lever_id")
    culprits = progress.causes(dict(zip(levers["lever_id"], levers["reading"])))
    return progress.excess_sentence([(rows.at[i, "lever"], rows.at[i, "progress_kt"], rows.at[i, "trend_said"])
                                     for i in culprits])


def observed_unit(unit: str | None, unit_phys: str | None) -> str:
    """The unit a lever's values are observed in: the observation file's, else the lever's own."""
    return unit.strip() if isinstance(unit, str) and unit.strip() else split_unit(unit_phys or "")[0]


def trajectory(gaps: pd.DataFrame, found: pd.DataFrame, lever_ids: list[str]) -> dict:
    """The trajectory of one lever or several (a sector): objective, acquis, observed progress per year.

    ``observed`` lists, per year, the progress of the levers observed that year and how many they are;
    ``curve`` is the same when every year holds the same levers, else empty (not drawn).
    """
    chosen = gaps[gaps["lever_id"].isin(lever_ids)]
    by_lever = _readings(found, lever_ids)
    return {"objective_kt": float(chosen["obj_co2_kt"].sum()), "levers": len(chosen), "acquired": acquired(chosen),
            "observed": _points(progress.yearly(by_lever)), "curve": _points(progress.curve(by_lever))}


def observed_curve(found: pd.DataFrame, lever_ids) -> pd.DataFrame:
    """``trajectory``'s ``curve`` alone, from ``found`` (``observed_progress``): what the roadmap draws."""
    return _points(progress.curve(_readings(found, lever_ids)))


def _readings(found: pd.DataFrame, lever_ids) -> dict[str, list[progress.Reading]]:
    """The readings of ``found`` (rows of ``observed_progress``) of each of ``lever_ids`` observed, by lever in
    order: plain lookups, not a pandas group per lever."""
    chosen, by_lever = set(lever_ids), {}
    for lever_id, reading in zip(found["lever_id"], found["reading"]):
        if lever_id in chosen:
            by_lever.setdefault(lever_id, []).append(reading)
    return dict(sorted(by_lever.items()))


def _points(points: list[progress.YearPoint]) -> pd.DataFrame:
    return pd.DataFrame([(p.year, p.kt, p.levers) for p in points], columns=["year", "progress_kt", "observed_levers"])
