"""The Écarts page's comparison of scenarios: those chosen, against the SGPE's objective, sector by sector."""

from __future__ import annotations

from dash import dcc, html

from dashboard.components import frozen_version
from dashboard.components.controls import DROPDOWN_LABELS
from dashboard.components.table import data_table
from dashboard.features.gaps import ids
from dashboard.features.gaps.exports import comparison_for, scenario_ids
from dashboard.page_states import GapsState
from dashboard.store import fetch
from domain import scenarios


def section(state: GapsState, name: str, level: str) -> html.Section:
    """The scenarios of the territory chosen to compare with the SGPE's objective, sector by sector."""
    region, comparer, vue = state.region, state.compared, state.view
    listed = fetch(scenarios.territory_scenarios, level, region)
    compared = scenario_ids(comparer)
    table = comparison_for(level, region, name, compared, vue) if compared else None
    return html.Section(id=ids.COMPARISON, children=[
        html.H2("Comparer les scénarios"),
        html.Div(className="controls", children=html.Div(className="control control--wide", children=[
            html.Label("Scénarios comparés à l'objectif SGPE", htmlFor="gaps-compare"),
            dcc.Dropdown(id="gaps-compare", multi=True, searchable=True, labels=DROPDOWN_LABELS,
                         placeholder="Choisir un ou plusieurs scénarios…",
                         options=[{"label": n, "value": i} for i, n in zip(listed["scenario_id"], listed["name"])],
                         value=[i for i in compared if i in set(listed["scenario_id"])]),
        ])),
        data_table(table, "scenarios", {"region": region, "comparer": comparer, "vue": vue,
                                        "version": frozen_version.current_version()})
        if table is not None else html.P("Choisissez des scénarios pour les comparer, secteur par secteur.",
                                         className="provenance"),
    ])
