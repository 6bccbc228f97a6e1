"""Coverage per objective, each commitment counted with the shares of the territories that carry it.

Where one looks (the region, a département, a CRTE), a commitment counts with its ``weight``: the shares of its
carrying territories that lie there, the territory itself or one of its parts (a département's CRTE and EPCI, a
CRTE's EPCI). A commitment shared by two CRTE 60/40 weighs 0,6 in the first, 0,4 in the second, 1 in a département
holding both, and 1 — once — in the region. Each of its contributions counts with that weight in the coverage of
its own objective: a commitment contributing to a lever and to a regional objective counts in both.

Only commitments « retenu en COP », « engagé » or « réalisé » count against an objective; « proposé » ones are
shown apart, « abandonné » ones not at all. A regional objective of a département or a CRTE is its share of the
region's population times the regional objective (the Déclinaison page's default method).
"""

from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd

from domain.split import key_shares, membership_weights, memberships, region_communes, territory_shares
from domain.vocabulary import COUNTED, PROPOSED


def weights(territories: pd.DataFrame, members: pd.DataFrame | None) -> pd.Series:
    """Per commitment (index): the shares (``territories``: commitment_id, territory_level, territory_code, weight)
    of its territories among ``members`` (level, code); None: the whole region, where each commitment weighs 1."""
    if members is None:
        return territories.groupby("commitment_id")["weight"].sum().rename("weight")
    keys = set(zip(members["level"], members["code"]))
    inside = np.array([key in keys for key in zip(territories["territory_level"], territories["territory_code"])],
                      dtype=bool)  # an empty list would select no column instead of no row
    return territories[inside].groupby("commitment_id")["weight"].sum().rename("weight")


def part_weights(territories: pd.DataFrame, membership: pd.DataFrame) -> pd.DataFrame:
    """``parent_code, commitment_id, weight``: ``weights`` in every département or CRTE of ``membership``
    (parent_code, level, code: the part itself and its members)."""
    found = membership.merge(territories, left_on=["level", "code"], right_on=["territory_level", "territory_code"])
    return found.groupby(["parent_code", "commitment_id"], as_index=False)["weight"].sum()


def weighted(contributions: pd.DataFrame, commitment_weights: pd.Series) -> pd.DataFrame:
    """The contributions of the commitments that weigh something where one looks, their quantities (``quantity``,
    ``quantity_kt``) multiplied by that weight, which stays in ``weight``."""
    frame = contributions.drop(columns="weight", errors="ignore").join(commitment_weights, on="commitment_id")
    frame = frame[frame["weight"].fillna(0) > 0].copy()
    for column in ("quantity", "quantity_kt"):
        frame[column] = frame[column].astype(float) * frame["weight"]
    return frame


def objective_coverage(objectives: pd.DataFrame, contributions: pd.DataFrame) -> pd.DataFrame:
    """Per regional objective (``objectives``: indicator_id, needed, the change asked for where one looks):
    ``committed`` and ``proposed`` (weighted ``quantity`` of the contributions, in the indicator's unit), ``gap``
    (needed − committed) and ``coverage`` (committed / needed)."""
    mine = contributions[contributions["objective_kind"] == "objectif"]
    counted = mine[mine["status"].isin(COUNTED)].groupby("objective_id")["quantity"].sum()
    proposed = mine[mine["status"] == PROPOSED].groupby("objective_id")["quantity"].sum()
    frame = objectives.assign(committed=objectives["indicator_id"].map(counted).fillna(0.0).astype(float),
                              proposed=objectives["indicator_id"].map(proposed).fillna(0.0).astype(float))
    needed = frame["needed"].astype(float)
    return frame.assign(gap=needed - frame["committed"],
                        coverage=frame["committed"] / needed.where(needed != 0))


def population_shares(con: duckdb.DuckDBPyConnection, region: str, level: str) -> pd.Series:
    """Each département's or CRTE's share of the region's population (its communes inside the region; a commune in
    several territories of the level shares itself equally), as the Déclinaison's population key splits."""
    communes = region_communes(con, region).set_index("code")
    if communes.empty:
        return pd.Series(dtype=float)
    population = communes["population"].astype(float)
    shares, _ = key_shares(pd.DataFrame({"population": population}), population)
    return territory_shares(shares, membership_weights(population.index, memberships(con, region, level)))[
        "population"]
