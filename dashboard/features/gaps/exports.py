"""Downloads of the "Écarts" page: ``/export/ecarts.<csv|xlsx>?region=84`` and
``/export/scenarios.<csv|xlsx>?region=84&comparer=1,2`` (all the region's scenarios without ``comparer``); the
regional objectives beyond GHG, where they stand (``ecarts-objectifs``) and in the import's columns
(``objectifs-regionaux``: the template, filled with the region's objectives)."""

from __future__ import annotations

from dashboard import sent
from dashboard.components import frozen_version
from dashboard.exports import UnknownExport, export_view, region_of, region_view
from dashboard.features.gaps.tables import comparison_table, gaps_table, objectives_file, objectives_table
from dashboard.figures.charts import GROUPINGS
from dashboard.store import fetch_changed_by, fetch_imported
from dashboard.store.data_versions import OBJECTIVES, SCENARIOS
from dashboard.tables import Table
from domain import gaps as gap_queries
from domain import regional_objectives, scenarios


def scenario_ids(text: str | None) -> list[int]:
    """``"1,2"`` → [1, 2]; anything that is not a list of numbers → []."""
    found = [sent.whole_number(p.strip()) for p in (text or "").split(",") if p.strip()]
    return [] if None in found else found


def compared_scenarios(level: str, code: str, ids: list[int]) -> list[dict]:
    """The scenarios to compare, in the order given; those of another territory or deleted are left out."""
    available = fetch_changed_by(SCENARIOS, scenarios.territory_scenarios, level, code)
    chosen = ids or list(available["scenario_id"])[::-1]
    by_id = {row.scenario_id: row.name for row in available.itertuples()}
    return [{"scenario_id": i, "name": by_id[i]} for i in chosen if i in by_id]


def comparison_for(level: str, code: str, territory_name: str, ids: list[int], vue: str) -> Table | None:
    """The comparison table of the chosen scenarios, or None when there is none to compare."""
    chosen = compared_scenarios(level, code, ids)
    if not chosen:
        return None
    column, label = GROUPINGS.get(vue, GROUPINGS["secteur"])
    levers = fetch_imported(gap_queries.territory_levers, level, code)
    values = [(s["name"], fetch_changed_by(SCENARIOS, scenarios.scenario_values, s["scenario_id"])) for s in chosen]
    compared = scenarios.comparison(levers, values, column)
    return comparison_table(territory_name, compared, label, [s["name"] for s in chosen], levers)


@export_view("ecarts")
@frozen_version.versioned
def _gaps(params: dict) -> Table:
    region, name = region_of(params)
    return gaps_table(name, fetch_imported(gap_queries.territory_gaps, "region", region))


@export_view("scenarios")
@frozen_version.versioned
def _scenarios(params: dict) -> Table:
    region, name = region_of(params)
    table = comparison_for("region", region, name, scenario_ids(params.get("comparer")), params.get("vue", "secteur"))
    if table is None:
        raise UnknownExport("aucun scénario à comparer pour ce territoire.")
    return table


region_view("ecarts-objectifs", objectives_table, regional_objectives.region_gaps, reading=frozen_version.versioned)


@export_view("objectifs-regionaux")
def _objectives_file(params: dict) -> Table:
    region, name = region_of(params)
    return objectives_file(name, fetch_changed_by(OBJECTIVES, regional_objectives.region_objectives, region),
                           regional_objectives.FILE_COLUMNS)
