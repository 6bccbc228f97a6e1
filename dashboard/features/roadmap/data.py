"""What the roadmap page, its exports and its printable document show, for a region, territory and sector.

What the roadmap shows is kept under the version of its own domain (``CHANGED_BY``), not of the whole database: a
scenario value saved on the Écarts page, the presenter's screen or, in a reader process, any snapshot published for
another write leave its view and its shared part as built."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import pandas as pd
from dash.exceptions import PreventUpdate

from dashboard.access import reading
from dashboard.features.roadmap import coverage as roadmap
from dashboard.features.roadmap import follow_up_paths
from dashboard.page_states import ALL_SECTORS, RoadmapState
from dashboard.state import region_name
from dashboard.store import fetch, fetch_changed_by, fetch_imported, memo_changed_by, memo_imported, queries
from dashboard.store.data_versions import METHODS, SCENARIOS
from domain import commitment_store, follow_up, gaps, regional_objectives, reviews
from domain.permissions import Write
from domain.split import split_objectives
from domain.split_methods import DEFAULT_METHOD
from domain.vocabulary import sector_rank
from domain.vocabulary import territory_label as territory_label  # the one label, named here by the roadmap

# The kinds of write that change what the roadmap shows: all but a scenario's values and the presenter's screen. The
# page's answer (pages/roadmap.py, ``Kept``), its view and its shared part are kept under it.
CHANGED_BY = frozenset(Write) - SCENARIOS - {Write.PRESENTATION}


@dataclass
class RoadmapView:
    region: str
    region_name: str
    level: str
    code: str
    territory_name: str
    sector: str                   # ALL_SECTORS or a sector's name
    commitments: pd.DataFrame     # the territory's commitments (every sector), with their review state, as the
                                  # visitor reads them (dashboard/access/reading.py: no contact or authors for the
                                  # public)
    objectives: pd.DataFrame      # the territory's objectives: lever_id, sector, obj_co2_kt
    coverage: pd.DataFrame        # roadmap.sector_coverage
    trajectory: pd.DataFrame      # roadmap.trajectory, for the chosen sector, with the achieved and statistical
                                  # paths (follow_up_paths.with_paths)
    objective_coverage: pd.DataFrame  # roadmap.objective_coverage: the regional objectives beyond GHG
    late: pd.DataFrame            # follow_up_paths.late: the chosen sector's commitments behind their plan
    unfollowed: int               # the chosen sector's counted commitments without any follow-up
    members: pd.DataFrame | None = None  # level, code of the territories whose commitments count (None: the region)
    names: dict = field(default_factory=dict)  # (level, code) → name of the region's territories

    @property
    def sectors(self) -> list[str]:
        return sorted(set(self.objectives["sector"].dropna()) | set(self.commitments["sector"].dropna()),
                      key=sector_rank)

    @property
    def total(self) -> pd.Series:
        """The coverage row of the chosen sector (or the total)."""
        name = "Total" if self.sector == ALL_SECTORS else self.sector
        match = self.coverage[self.coverage["sector"] == name]
        if match.empty:
            return pd.Series({"sector": name, "objective_kt": float("nan"), "committed_kt": 0.0, "proposed_kt": 0.0,
                              "gap_kt": float("nan"), "gap_share": float("nan"), "coverage": float("nan")})
        return match.iloc[0]


def territories(region: str) -> pd.DataFrame:
    """``level, code, name`` of the territories one can look at: the region, its départements and CRTE."""
    return memo_imported(_territories, region)


def _territories(region: str) -> pd.DataFrame:
    """From the names a commitment may name (read for the view anyway), not the outlines of every CRTE."""
    names = fetch_imported(commitment_store.territory_names, region)
    rows = [("region", region, region_name(region))]
    for level in ("departement", "crte"):
        rows += sorted((kind, code, name) for (kind, code), name in names.items() if kind == level)
    return pd.DataFrame(rows, columns=["level", "code", "name"])


def is_place(region: str, level: str, code: str) -> bool:
    """Whether ``level:code`` is one of the territories of ``region`` the roadmap shows."""
    names = territories(region)
    return bool(((names["level"] == level) & (names["code"] == code)).any())


def page_state(data: object) -> RoadmapState:
    """The roadmap's parameters as its callbacks receive them from its parameters store (``ids.PARAMS``, read by
    ``PageState.from_store``), its territory one of the region's: a forged one is not answered (PreventUpdate)."""
    state = RoadmapState.from_store(data)
    if not is_place(state.region, *state.place):
        raise PreventUpdate
    return state


def build(region: str, level: str = "region", code: str | None = None, sector: str = ALL_SECTORS) -> RoadmapView:
    """The view as the visitor reads it: built once per state of the data for every visitor (``_built``, whose
    commitments name people), its commitments then passed through the reading policy."""
    view = memo_changed_by(CHANGED_BY, _built, region, level, code or region, sector)
    return replace(view, commitments=reading.commitments(view.commitments))


def public(view: RoadmapView) -> RoadmapView:
    """``view`` as the public reads it, whoever asks: for what is built once and shown to every visitor."""
    return replace(view, commitments=reading.public_commitments(view.commitments))


def _built(region: str, level: str, code: str, sector: str) -> RoadmapView:
    everything = fetch(commitment_store.region_commitments, region).merge(
        fetch(reviews.states, region), on="commitment_id", how="left")
    members = None if level == "region" else fetch_imported(roadmap.member_territories, level, code)
    commitments = roadmap.in_territory(everything, members)
    objectives = objectives_of(region, level, code)
    coverage = roadmap.sector_coverage(objectives, commitments)
    scoped_objectives, scoped = objectives, commitments
    if sector != ALL_SECTORS:
        scoped_objectives = objectives[objectives["sector"] == sector]
        scoped = commitments[commitments["sector"] == sector]
    objective = scoped_objectives["obj_co2_kt"].sum() if len(scoped_objectives) else float("nan")
    names = territories(region)
    name = dict(zip(zip(names["level"], names["code"]), names["name"])).get((level, code), code)
    regional = fetch(regional_objectives.region_objectives, region)
    beyond = roadmap.objective_coverage(regional, commitments, whole_region=level == "region")
    followed = fetch(follow_up.stored, None, region)
    paths = follow_up_paths.with_paths(
        roadmap.trajectory(objective, scoped), follow_up_paths.achieved_path(scoped, followed),
        follow_up_paths.statistical_path(fetch_imported(roadmap.lever_sectors),
                                         fetch_imported(gaps.territory_progress, level, code),
                                         None if sector == ALL_SECTORS else sector))
    named = {row.indicator_id: (row.name, row.unit) for row in regional.itertuples()}
    late = follow_up_paths.late(scoped, followed, named, follow_up_paths.reference_year())
    return RoadmapView(region, region_name(region), level, code, name, sector, commitments, objectives, coverage,
                       paths, beyond, late, follow_up_paths.unfollowed(scoped, followed), members,
                       fetch_imported(commitment_store.territory_names, region))


def objectives_of(region: str, level: str, code: str) -> pd.DataFrame:
    """``lever_id, obj_co2_kt, sector``: the territory's stored objectives, else its part of the region's
    objectives under the Déclinaison page's default method (within the region only)."""
    stored = fetch_imported(roadmap.territory_objectives, level, code)
    if len(stored) or level == "region":
        return stored
    parts = split_parts(region, level)
    mine = parts.loc[parts["territory_code"] == code, ["lever_id", "obj_co2_kt"]]
    return mine.merge(fetch_imported(roadmap.lever_sectors), on="lever_id", how="left")


def split_parts(region: str, level: str) -> pd.DataFrame:
    """The region's objectives split to ``level`` by the default method (empty without communes): imported data and
    the methods."""
    return fetch_changed_by(METHODS, split_objectives, DEFAULT_METHOD, level, region)


def parts_coverage(region: str, level: str) -> pd.DataFrame:
    """Coverage of every département or CRTE of the region, with its outline (for the map)."""
    parts = fetch_imported(queries.region_parts, region, level)
    split = split_parts(region, level).groupby("territory_code")["obj_co2_kt"].sum().to_dict()
    objectives = {code: split[code] for code in parts["code"] if code in split}
    return roadmap.parts_coverage(parts, fetch_imported(roadmap.parts_membership, region, level),
                                  fetch(commitment_store.region_commitments, region), objectives)
