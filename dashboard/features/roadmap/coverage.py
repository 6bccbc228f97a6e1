"""Coverage arithmetic of the roadmap: objective, committed, gap, and the trajectory the commitments draw.

Only commitments « retenu en COP », « engagé » or « réalisé » count against the objective;
« proposé » ones are shown apart, « abandonné » ones not at all. A commitment's ktCO₂e ramp up
linearly from its start year to its end year, where they count in full. A commitment without a lever (it
contributes to regional objectives only, or serves a theme) has no ktCO₂e: it counts in no ktCO₂e coverage; its
contributions count in the coverage of the regional objectives (``objective_coverage``), once per objective.

A commitment carried by several territories counts in each for its share (``domain.territory_shares``): a
territory's view gives each of its commitments a ``share`` (the shares of its members that carry it; 1 in the whole
region), and every total — ktCO₂e, contributions, cost and financing (features/roadmap/maquette.py) — weighs by it,
so that nothing is counted twice. A frame without ``share`` counts every commitment in full.

A territory's objectives are its stored ones (``lever_objectives``: the region's SGPE
objectives), else its part of the region's objectives under the default method of the
Déclinaison page (``split.split_objectives``), which the page data (roadmap_data) picks.
"""

from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd

from domain import territory_shares
from domain.commitments import COUNTED, MATURITIES
from domain.levers import START_YEAR, TARGET_YEAR, expected_share
from domain.vocabulary import NO_MATURITY

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


def in_territory(commitments: pd.DataFrame, members: pd.DataFrame | None) -> pd.DataFrame:
    """The commitments carried by one of ``members`` (None: the whole region), each with the ``share`` of it they
    carry together (1 in the whole region)."""
    if members is None:
        return commitments.assign(share=1.0)
    keys = set(zip(members["level"], members["code"]))
    carried = territory_shares.carriers(commitments)
    mask = np.array([key in keys for key in zip(carried["territory_level"], carried["territory_code"])],
                    dtype=bool)  # an empty list would select no column instead of no row
    shares = carried[mask].groupby("position")["share"].sum()
    return commitments.iloc[shares.index.to_numpy(dtype=int)].assign(share=shares.to_numpy(dtype=float))


def share(commitments: pd.DataFrame) -> pd.Series | float:
    """The part of each commitment the view counts (``in_territory``); in full without it."""
    return commitments["share"] if "share" in commitments else 1.0


def sector_coverage(objectives: pd.DataFrame, commitments: pd.DataFrame) -> pd.DataFrame:
    """Per sector: objective, committed, proposed, gap (kt and share of the objective) and coverage.

    ``objectives``: ``sector, obj_co2_kt``; ``commitments``: ``sector, quantity_kt, status`` (those without a
    lever, whose ``quantity_kt`` is blank, left out). The last row, sector « Total », sums the others.
    """
    commitments = commitments[commitments["quantity_kt"].notna()]
    commitments = commitments.assign(quantity_kt=commitments["quantity_kt"] * share(commitments))
    objective = objectives.groupby("sector")["obj_co2_kt"].sum()
    counted = commitments[commitments["status"].isin(COUNTED)].groupby("sector")["quantity_kt"].sum()
    proposed = commitments[commitments["status"] == "proposé"].groupby("sector")["quantity_kt"].sum()
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


def ramp(start: int, end: int, year: int) -> float:
    """Share of a commitment's ktCO₂e reached in ``year``: 0 up to its start, linear, 1 from its end year."""
    if year >= end:
        return 1.0
    if year <= start:
        return 0.0
    return (year - start) / (end - start)


def trajectory(objective_kt: float, commitments: pd.DataFrame) -> pd.DataFrame:
    """Per year 2019–2030: the linear path to the objective and the counted commitments' cumulated ktCO₂e."""
    counted = commitments[commitments["status"].isin(COUNTED)]
    start = counted["start_year"].to_numpy(dtype=float)[:, None]
    end = counted["end_year"].to_numpy(dtype=float)[:, None]
    years = np.array(YEARS, dtype=float)[None, :]
    # ``ramp`` for every commitment (rows) and year (columns) at once: 2,000 commitments × 12 years.
    with np.errstate(divide="ignore", invalid="ignore"):
        shares = np.where(years >= end, 1.0, np.clip((years - start) / (end - start), 0.0, 1.0))
    kt = (counted["quantity_kt"].fillna(0.0) * share(counted)).to_numpy(dtype=float)  # without a lever: none
    committed = kt @ shares if len(counted) else np.zeros(len(YEARS))
    return pd.DataFrame({
        "year": YEARS,
        "linear_kt": [objective_kt * expected_share(year) for year in YEARS],
        "committed_kt": committed,
    })


def parts_coverage(parts: pd.DataFrame, membership: pd.DataFrame, commitments: pd.DataFrame,
                   objectives: dict[str, float]) -> pd.DataFrame:
    """Per département or CRTE (``parts``: code, name, …): objective (NaN when none), committed, gap, coverage."""
    counted = commitments[commitments["status"].isin(COUNTED)]
    carried = territory_shares.carriers(counted)
    carried["kt"] = counted["quantity_kt"].fillna(0.0).to_numpy(dtype=float)[carried["position"]] * carried["share"]
    by_territory = carried.groupby(["territory_level", "territory_code"])["kt"].sum().to_dict()  # a lookup per member
    committed: dict[str, float] = {}
    for parent, level, code in zip(membership["parent_code"].tolist(), membership["level"].tolist(),
                                   membership["code"].tolist()):
        committed[parent] = committed.get(parent, 0.0) + by_territory.get((level, code), 0.0)
    frame = parts.assign(objective_kt=[objectives.get(code, float("nan")) for code in parts["code"]],
                         committed_kt=[committed.get(code, 0.0) for code in parts["code"]])
    return with_gap(frame)


def maturity_counts(commitments: pd.DataFrame) -> pd.DataFrame:
    """Per maturity, in its order, then « non renseignée »: ``maturity``, ``commitments`` (the abandoned ones left
    out), ``counted`` (of which retenu, engagé or réalisé) and ``counted_kt``. Every maturity has its row, zero
    when no commitment has it."""
    live = commitments[commitments["status"] != "abandonné"]
    maturity = live["maturity"].where(live["maturity"].notna() & (live["maturity"] != ""), NO_MATURITY)
    counted = live["status"].isin(COUNTED)
    grouped = pd.DataFrame({"maturity": maturity, "one": 1, "counted": counted.astype(int),
                            "counted_kt": (live["quantity_kt"] * share(live)).where(counted, 0.0)}
                           ).groupby("maturity").sum()
    order = [*MATURITIES, NO_MATURITY]
    frame = grouped.reindex(order, fill_value=0).rename(columns={"one": "commitments"}).reset_index()
    return frame.astype({"commitments": int, "counted": int, "counted_kt": float})


def objective_coverage(objectives: pd.DataFrame, commitments: pd.DataFrame, whole_region: bool) -> pd.DataFrame:
    """Per regional objective beyond greenhouse gases (``regional_objectives.region_objectives``: ``indicator_id,
    name, unit, needed``): ``committed`` (what the counted commitments contribute to it, each once), ``proposed``,
    ``counted`` (how many counted commitments contribute) and ``coverage`` (committed over the change the objective
    asks for, ``|needed|``; for the whole region only: the objective is the region's, not decliné to its parts).
    ``commitments``: ``objectives`` ((indicator, value) pairs) and ``status``."""
    weights = share(commitments) * pd.Series(1.0, index=commitments.index)
    flat = pd.DataFrame([(indicator, value * weight, status) for pairs, status, weight in zip(
                             commitments["objectives"], commitments["status"], weights)
                         for indicator, value in pairs], columns=["indicator_id", "value", "status"])
    counted = flat[flat["status"].isin(COUNTED)].groupby("indicator_id")["value"]
    proposed = flat[flat["status"] == "proposé"].groupby("indicator_id")["value"].sum()
    frame = objectives[["indicator_id", "name", "unit", "needed"]].copy()
    frame["committed"] = frame["indicator_id"].map(counted.sum()).fillna(0.0).astype(float)
    frame["proposed"] = frame["indicator_id"].map(proposed).fillna(0.0).astype(float)
    frame["counted"] = frame["indicator_id"].map(counted.size()).fillna(0).astype(int)
    asked = frame["needed"].abs().where(frame["needed"] != 0)
    frame["coverage"] = frame["committed"] / asked if whole_region else float("nan")
    return frame.reset_index(drop=True)
