"""What the roadmap page, its exports and its printable documents show, for a region, territory and sector."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboard.access import reading
from dashboard.features.roadmap import coverage as roadmap
from dashboard.store import fetch, fetch_imported, queries
from domain import commitment_store, follow_up, follow_up_store, objective_coverage, regional_objectives, reviews
from domain.commitments import LEVELS
from domain.gaps import territory_gaps, territory_progress
from domain.gaps import trajectory as lever_trajectory
from domain.split import split_objectives
from domain.split_methods import DEFAULT_METHOD
from domain.vocabulary import sector_rank

ALL_SECTORS = "tous"


@dataclass
class RoadmapView:
    region: str
    region_name: str
    level: str
    code: str
    territory_name: str
    sector: str                   # ALL_SECTORS or a sector's name
    commitments: pd.DataFrame     # the commitments carried in the territory (every sector), with their review state
                                  # and their ``weight`` there, as the visitor reads them (dashboard/access/reading.py:
                                  # no contact or authors for the public)
    contributions: pd.DataFrame   # their contributions, quantities weighted where one looks
    objectives: pd.DataFrame      # the territory's lever objectives: lever_id, sector, obj_co2_kt
    coverage: pd.DataFrame        # roadmap.sector_coverage
    trajectory: pd.DataFrame      # roadmap.trajectory, for the chosen sector
    regional: pd.DataFrame        # objective_coverage.objective_coverage of the regional objectives, here
    progress: pd.DataFrame        # follow_up.progress of the commitments followed up (not weighted)

    @property
    def sectors(self) -> list[str]:
        """The sectors of the territory's lever objectives and of its lever contributions."""
        levers = self.contributions[self.contributions["objective_kind"] == "levier"]
        return sorted(set(self.objectives["sector"].dropna()) | set(levers["sector"].dropna()), key=sector_rank)

    @property
    def total(self) -> pd.Series:
        """The coverage row of the chosen sector (or the total)."""
        name = "Total" if self.sector == ALL_SECTORS else self.sector
        match = self.coverage[self.coverage["sector"] == name]
        if match.empty:
            return pd.Series({"sector": name, "objective_kt": float("nan"), "committed_kt": 0.0, "proposed_kt": 0.0,
                              "gap_kt": float("nan"), "gap_share": float("nan"), "coverage": float("nan")})
        return match.iloc[0]

    @property
    def late(self) -> pd.DataFrame:
        """The late objectives of the commitments carried here: progress rows with the commitment's title."""
        late = self.progress[self.progress["late"].astype(bool)]
        return late.merge(self.commitments[["commitment_id", "title", "territories", "status"]], on="commitment_id")


def territories(region: str) -> pd.DataFrame:
    """``level, code, name`` of the territories one can look at: the region, its départements and CRTE."""
    rows = [("region", region, region_name(region))]
    for level in ("departement", "crte"):
        parts = fetch(queries.region_parts, region, level)
        rows += [(level, code, name) for code, name in zip(parts["code"], parts["name"])]
    return pd.DataFrame(rows, columns=["level", "code", "name"])


def region_name(region: str) -> str:
    regions = fetch(queries.regions)
    match = regions[regions["code"] == region]
    return match.iloc[0]["name"] if len(match) else region


def territory_label(level: str, name: str) -> str:
    return name if level == "region" else f"{name} ({LEVELS[level]})"


def build(region: str, level: str = "region", code: str | None = None, sector: str = ALL_SECTORS) -> RoadmapView:
    code = code or region
    members = None if level == "region" else fetch(roadmap.member_territories, level, code)
    weights = objective_coverage.weights(fetch(commitment_store.region_territories, region), members)
    everything = reading.commitments(fetch(commitment_store.region_commitments, region).merge(
        fetch(reviews.states, region), on="commitment_id", how="left"))
    commitments = everything.join(weights, on="commitment_id")
    commitments = commitments[commitments["weight"].fillna(0) > 0].reset_index(drop=True)
    contributions = objective_coverage.weighted(fetch(commitment_store.region_contributions, region), weights)
    objectives = objectives_of(region, level, code)
    coverage = roadmap.sector_coverage(objectives, contributions)
    scoped_objectives, scoped = objectives, contributions
    if sector != ALL_SECTORS:
        scoped_objectives = objectives[objectives["sector"] == sector]
        scoped = contributions[contributions["sector"] == sector]
    objective = scoped_objectives["obj_co2_kt"].sum() if len(scoped_objectives) else float("nan")
    achievements = fetch(follow_up_store.region_achievements, region)
    names = territories(region)
    match = names[(names["level"] == level) & (names["code"] == code)]
    name = match.iloc[0]["name"] if len(match) else code
    mine = fetch(commitment_store.region_contributions, region)
    progress = follow_up.progress(mine[mine["commitment_id"].isin(commitments["commitment_id"])], achievements)
    return RoadmapView(region, region_name(region), level, code, name, sector, commitments, contributions, objectives,
                       coverage, roadmap.trajectory(objective, scoped, achievements,
                                                    observed_path(region, level, scoped_objectives)),
                       regional_coverage(region, level, code, contributions), progress)


def observed_path(region: str, level: str, objectives: pd.DataFrame) -> pd.DataFrame | None:
    """The observed progress of the levers looked at, year by year (the Écarts page's curve): the region's only,
    where the levers are observed."""
    if level != "region" or objectives.empty:
        return None
    found = lever_trajectory(fetch_imported(territory_gaps, "region", region),
                             fetch_imported(territory_progress, "region", region),
                             list(objectives["lever_id"]))
    return found["curve"] if len(found["curve"]) else None


def regional_coverage(region: str, level: str, code: str, contributions: pd.DataFrame) -> pd.DataFrame:
    """The region's objectives beyond GHG, each with what it asks of the territory (the region's change, times the
    territory's share of its population below the region) and what the commitments carried there cover."""
    objectives = fetch(regional_objectives.region_objectives, region)
    if level != "region":
        share = fetch_imported(objective_coverage.population_shares, region, level).get(code, float("nan"))
        objectives = objectives.assign(needed=objectives["needed"] * share)
    return objective_coverage.objective_coverage(objectives, contributions)


def objectives_of(region: str, level: str, code: str) -> pd.DataFrame:
    """``lever_id, obj_co2_kt, sector``: the territory's stored objectives, else its part of the region's
    objectives under the Déclinaison page's default method (within the region only)."""
    stored = fetch(roadmap.territory_objectives, level, code)
    if len(stored) or level == "region":
        return stored
    parts = split_parts(region, level)
    mine = parts.loc[parts["territory_code"] == code, ["lever_id", "obj_co2_kt"]]
    return mine.merge(fetch(roadmap.lever_sectors), on="lever_id", how="left")


def split_parts(region: str, level: str) -> pd.DataFrame:
    """The region's objectives split to ``level`` by the default method (empty without communes)."""
    return fetch(split_objectives, DEFAULT_METHOD, level, region)


def parts_coverage(region: str, level: str) -> pd.DataFrame:
    """Coverage of every département or CRTE of the region, with its outline (for the map)."""
    parts = fetch(queries.region_parts, region, level)
    split = split_parts(region, level).groupby("territory_code")["obj_co2_kt"].sum()
    objectives = {code: split[code] for code in parts["code"] if code in split.index}
    weights = objective_coverage.part_weights(fetch(commitment_store.region_territories, region),
                                              fetch(roadmap.parts_membership, region, level))
    return roadmap.parts_coverage(parts, weights, fetch(commitment_store.region_contributions, region), objectives)
