"""The three paths to 2030 of a territory and sector, and its late commitments (issue 23, point 6).

- Planned: the counted commitments' ktCO₂e, each ramping up from its start year to its end year
  (``coverage.trajectory``'s ``committed_kt``).
- Achieved: what the follow-up says was done (``domain.follow_up``), year by year, cumulated: the ktCO₂e done by
  the scope's commitments up to each year, whatever their status (what was done was done), up to the last year
  followed; none before any follow-up.
- Statistical: the levers' progress observed in the statistics, as the Écarts page computes it
  (``domain.gaps.trajectory``'s curve: drawn only when every year holds the same levers).

A commitment is late when, at the reference year (the last year over, by default), what its follow-up says was
done, cumulated, is less than what its ramp plans by then, for its lever or for one of its regional objectives. Only
counted commitments that have a follow-up are weighed: one without any is said apart (``unfollowed``). How late:
the gap, its share of what was planned, and the years behind (when the ramp planned what was achieved).

Every quantity counts the share of the commitment the view counts (``coverage.share``): a commitment shared 60/40
by two CRTE counts 60 % of its plan and of its achievement in the first.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from dashboard.features.roadmap.coverage import YEARS, ramp, share
from domain import clock
from domain.commitments import COUNTED
from domain.gaps import observed_curve
from domain.levers import TARGET_YEAR

KT = "ktCO₂e"  # the objective of a commitment's lever, in the late list
LATE_COLUMNS = ["commitment_id", "title", "territory_name", "objective", "unit", "planned", "achieved", "gap",
                "gap_share", "years_behind"]


def reference_year(today=None) -> int:
    """The year a commitment's plan and achievement are compared at: the last year over, at most 2030."""
    return min((today or clock.now()).year - 1, TARGET_YEAR)


def achieved_path(commitments: pd.DataFrame, follow_up: pd.DataFrame) -> pd.Series:
    """Per year of ``coverage.YEARS``: the ktCO₂e the follow-up says the ``commitments`` (``commitment_id``, and
    ``share``) did, cumulated up to that year; NaN after the last year followed, and everywhere without any."""
    done = _mine(commitments, follow_up)
    done = done[done["done_kt"].notna()]
    if done.empty:
        return pd.Series(np.nan, index=YEARS, name="achieved_kt")
    by_year = (done["done_kt"] * done["share"]).groupby(done["year"]).sum()
    path = by_year.reindex(YEARS, fill_value=0.0).cumsum()
    return path.where(path.index <= by_year.index.max()).rename("achieved_kt")


def statistical_path(levers: pd.DataFrame, progress: pd.DataFrame, sector: str | None) -> pd.Series:
    """Per year of ``coverage.YEARS``: the levers' (of ``sector``; None: all) progress observed since 2019, as Écarts
    draws it (``domain.gaps.trajectory``'s curve); NaN where not drawn. ``levers``: ``lever_id, sector`` (of every
    lever: ``progress``, ``domain.gaps.territory_progress``, holds only the territory's)."""
    chosen = levers if sector is None else levers[levers["sector"] == sector]
    curve = observed_curve(progress, chosen["lever_id"])
    return curve.set_index("year")["progress_kt"].astype(float).reindex(YEARS).rename("statistical_kt")


def with_paths(trajectory: pd.DataFrame, achieved: pd.Series, statistical: pd.Series) -> pd.DataFrame:
    """``coverage.trajectory`` with the achieved and statistical paths beside the planned one."""
    return trajectory.assign(achieved_kt=achieved.reindex(trajectory["year"]).to_numpy(dtype=float),
                             statistical_kt=statistical.reindex(trajectory["year"]).to_numpy(dtype=float))


def late(commitments: pd.DataFrame, follow_up: pd.DataFrame, objectives: dict[str, tuple[str, str]],
         year: int) -> pd.DataFrame:
    """The counted ``commitments`` with a follow-up whose achievement by ``year`` is below their plan, one row per
    objective behind (``LATE_COLUMNS``), most behind first (share of the plan).

    ``commitments``: ``commitment_id, title, territory_name, status, quantity_kt, objectives`` ((indicator, value)
    pairs), ``start_year, end_year`` and ``share``; ``follow_up``: ``domain.follow_up.stored``; ``objectives``:
    indicator → (name, unit)."""
    followed = set(follow_up["commitment_id"])
    counted = commitments[commitments["status"].isin(COUNTED) & commitments["commitment_id"].isin(followed)]
    done = follow_up[follow_up["year"] <= year]
    done_kt = done.groupby("commitment_id")["done_kt"].sum()
    done_objectives: dict[tuple[int, str], float] = {}
    for number, pairs in zip(done["commitment_id"], done["objectives"]):
        for indicator, value in pairs or ():
            done_objectives[number, indicator] = done_objectives.get((number, indicator), 0.0) + value
    rows = []
    for commitment in counted.assign(weight=share(counted) * pd.Series(1.0, index=counted.index)).itertuples():
        number = commitment.commitment_id
        planned_share = ramp(int(commitment.start_year), int(commitment.end_year), year)
        aims = ([(KT, KT, commitment.quantity_kt, float(done_kt.get(number, 0.0)))]
                if pd.notna(commitment.quantity_kt) else [])
        for indicator, value in commitment.objectives or ():
            name, unit = objectives.get(indicator, (indicator, ""))
            aims.append((name, unit, value, done_objectives.get((number, indicator), 0.0)))
        for name, unit, quantity, achieved in aims:
            planned = quantity * planned_share
            if achieved < planned:
                rows.append([commitment.commitment_id, commitment.title, commitment.territory_name, name, unit,
                             planned * commitment.weight, achieved * commitment.weight,
                             (planned - achieved) * commitment.weight, (planned - achieved) / planned,
                             _years_behind(int(commitment.start_year), int(commitment.end_year), year,
                                           achieved / quantity)])
    frame = pd.DataFrame(rows, columns=LATE_COLUMNS)
    return frame.sort_values("gap_share", ascending=False, kind="stable").reset_index(drop=True)


def unfollowed(commitments: pd.DataFrame, follow_up: pd.DataFrame) -> int:
    """How many counted commitments have no follow-up at all."""
    counted = commitments[commitments["status"].isin(COUNTED)]
    return int((~counted["commitment_id"].isin(set(follow_up["commitment_id"]))).sum())


def _years_behind(start: int, end: int, year: int, achieved_share: float) -> float:
    """How many years before ``year`` the ramp planned what was achieved (``achieved_share`` of the quantity)."""
    if end <= start:
        return float(year - start) if achieved_share < 1 else 0.0
    return year - (start + max(achieved_share, 0.0) * (end - start))


def _mine(commitments: pd.DataFrame, follow_up: pd.DataFrame) -> pd.DataFrame:
    """The follow-up rows of ``commitments``, each with the ``share`` the view counts."""
    weights = pd.DataFrame({"commitment_id": commitments["commitment_id"].to_numpy(),
                            "share": np.asarray(share(commitments) * np.ones(len(commitments)), dtype=float)})
    return follow_up.merge(weights, on="commitment_id")
