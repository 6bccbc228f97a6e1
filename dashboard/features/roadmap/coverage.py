"""Coverage arithmetic of the roadmap: objective, committed, gap, and the trajectory the commitments draw.

Only commitments « retenu en COP », « engagé » or « réalisé » count against the objective;
« proposé » ones are shown apart, « abandonné » ones not at all. A commitment's ktCO₂e ramp up
linearly from its start year to its end year, where they count in full (``domain.follow_up.ramp``); each counts
with the share of its territories where one looks (``domain.objective_coverage``).

A territory's objectives are its stored ones (``lever_objectives``: the region's SGPE
objectives), else its part of the region's objectives under the default method of the
Déclinaison page (``split.split_objectives``), which the page data (roadmap_data) picks.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from domain import follow_up
from domain.commitments import COUNTED
from domain.contributions import LEVER
from domain.levers import START_YEAR, TARGET_YEAR, expected_share

YEARS = list(range(START_YEAR, TARGET_YEAR + 1))
PARTS = {"departement": ("crte", "epci"), "crte": ("epci",), "epci": ()}


def territory_objectives(con: duckdb.DuckDBPyConnection, level: str, code: str) -> pd.DataFrame:
    """``lever_id, obj_co2_kt, sector`` of the objectives stored for the territory (none: empty)."""
    return con.execute(
        "SELECT o.lever_id, o.obj_co2_kt, l.sector FROM lever_objectives o JOIN levers l USING (lever_id)"
        " WHERE o.territory_level = ? AND o.territory_code = ?",
        [level, code],
    ).df()


def lever_sectors(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    return con.execute("SELECT lever_id, sector FROM levers").df()


def member_territories(con: duckdb.DuckDBPyConnection, level: str, code: str) -> pd.DataFrame:
    """``level, code`` of the territories whose commitments count for (level, code): itself and its parts."""
    parts = PARTS.get(level, ())
    rows = [(level, code)] + (con.execute(
        f"SELECT child_level, child_code FROM territory_links WHERE parent_level = ? AND parent_code = ?"
        f" AND child_level IN ({', '.join('?' * len(parts))})", [level, code, *parts]).fetchall() if parts else [])
    return pd.DataFrame(rows, columns=["level", "code"])


def parts_membership(con: duckdb.DuckDBPyConnection, region: str, level: str) -> pd.DataFrame:
    """For every département or CRTE of the region: ``parent_code, level, code`` of its members (itself included)."""
    parts = PARTS[level]
    return con.execute(
        f"""
        WITH parents AS (
            SELECT child_code AS parent_code FROM territory_links
            WHERE parent_level = 'region' AND parent_code = ? AND child_level = ?)
        SELECT parent_code, ? AS level, parent_code AS code FROM parents
        UNION ALL
        SELECT k.parent_code, k.child_level, k.child_code FROM territory_links k JOIN parents USING (parent_code)
        WHERE k.parent_level = ? AND k.child_level IN ({', '.join('?' * len(parts))})
        """,
        [region, level, level, level, *parts],
    ).df()


def sector_coverage(objectives: pd.DataFrame, contributions: pd.DataFrame) -> pd.DataFrame:
    """Per sector: objective, committed, proposed, gap (kt and share of the objective) and coverage.

    ``objectives``: ``sector, obj_co2_kt``; ``contributions``: the lever contributions weighted where one looks
    (``objective_coverage.weighted``): ``sector, quantity_kt, status``. The last row, sector « Total », sums the
    others.
    """
    levers = contributions[contributions["objective_kind"] == LEVER]
    objective = objectives.groupby("sector")["obj_co2_kt"].sum()
    counted = levers[levers["status"].isin(COUNTED)].groupby("sector")["quantity_kt"].sum()
    proposed = levers[levers["status"] == "proposé"].groupby("sector")["quantity_kt"].sum()
    frame = pd.DataFrame({"objective_kt": objective, "committed_kt": counted, "proposed_kt": proposed})
    frame = frame.fillna({"committed_kt": 0.0, "proposed_kt": 0.0})
    frame.loc["Total"] = [objective.sum() if len(objective) else float("nan"), frame["committed_kt"].sum(),
                          frame["proposed_kt"].sum()]
    return with_gap(frame.rename_axis("sector").reset_index())


def with_gap(frame: pd.DataFrame) -> pd.DataFrame:
    """Add ``gap_kt`` (objective − committed), ``gap_share`` (gap / objective) and ``coverage`` (committed /
    objective)."""
    objective = frame["objective_kt"].where(frame["objective_kt"] > 0)
    return frame.assign(gap_kt=frame["objective_kt"] - frame["committed_kt"],
                        gap_share=(frame["objective_kt"] - frame["committed_kt"]) / objective,
                        coverage=frame["committed_kt"] / objective)


def trajectory(objective_kt: float, contributions: pd.DataFrame, achievements: pd.DataFrame,
               observed: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per year 2019–2030: the linear path to the objective, what the counted commitments plan (``committed_kt``,
    each ramping up from its start to its end year), what their follow-up says they did (``achieved_kt``, up to
    the last year followed up) and, where the levers are observed, their observed progress (``observed_kt``).

    ``contributions``: the lever contributions weighted where one looks; ``achievements``: commitment_id,
    objective_id, year, achieved (ktCO₂e); ``observed``: year, progress_kt (``domain.gaps.trajectory``'s curve)."""
    levers = contributions[(contributions["objective_kind"] == LEVER) & contributions["status"].isin(COUNTED)]
    paths = follow_up.paths(levers.assign(value=levers["quantity_kt"], weight=1.0),
                            _weighted_achievements(achievements, levers), YEARS)
    observed_kt = dict(zip(observed["year"], observed["progress_kt"])) if observed is not None else {}
    return pd.DataFrame({
        "year": YEARS,
        "linear_kt": [objective_kt * expected_share(year) for year in YEARS],
        "committed_kt": paths["planned"],
        "achieved_kt": paths["achieved"],
        "observed_kt": [observed_kt.get(year, float("nan")) for year in YEARS],
    })


def _weighted_achievements(achievements: pd.DataFrame, contributions: pd.DataFrame) -> pd.DataFrame:
    """The achievements of the contributions, multiplied by the weight of their commitment where one looks."""
    weights = contributions[["commitment_id", "objective_id", "weight"]]
    found = achievements.merge(weights, on=["commitment_id", "objective_id"])
    return found.assign(achieved=found["achieved"] * found["weight"])[["commitment_id", "objective_id", "year",
                                                                        "achieved"]]


def parts_coverage(parts: pd.DataFrame, weights: pd.DataFrame, contributions: pd.DataFrame,
                   objectives: dict[str, float]) -> pd.DataFrame:
    """Per département or CRTE (``parts``: code, name, …): objective (NaN when none), committed, gap, coverage.

    ``weights``: parent_code, commitment_id, weight (``objective_coverage.part_weights``); ``contributions``: the
    region's, not weighted."""
    counted = contributions[(contributions["objective_kind"] == LEVER) & contributions["status"].isin(COUNTED)]
    per_commitment = counted.groupby("commitment_id")["quantity_kt"].sum().rename("kt")
    found = weights.join(per_commitment, on="commitment_id").fillna({"kt": 0.0})
    committed = (found["kt"] * found["weight"]).groupby(found["parent_code"]).sum()
    frame = parts.assign(objective_kt=[objectives.get(code, float("nan")) for code in parts["code"]],
                         committed_kt=[float(committed.get(code, 0.0)) for code in parts["code"]])
    return with_gap(frame)
