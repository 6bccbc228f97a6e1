"""Renaming the opened scenario on the Écarts page (the new name is checked as a new scenario's)."""

from __future__ import annotations

import dash
from dash import Input, Output, State, dcc, html

from dashboard import sent
from dashboard.access import gate
from dashboard.components.history import history_block
from dashboard.features.gaps.ids import PARAMS
from dashboard.features.gaps.scenario_history import ELEMENT_ID, VIEW, scenario_history_table
from dashboard.page_states import GapsState
from dashboard.store import fetch_changed_by
from dashboard.store.data_versions import SCENARIOS
from domain import scenarios
from domain.permissions import Write
from domain.texts import SCENARIO_NAME


def rename_control(opened: dict, read_only: bool) -> html.Div:
    return html.Div(className="control", children=[
        html.Label("Nom du scénario", htmlFor="gaps-rename-name"),
        html.Div(className="scenario-create", children=[
            dcc.Input(id="gaps-rename-name", type="text", value=opened["name"], maxLength=SCENARIO_NAME.longest,
                      className="fr-input", debounce=False, disabled=read_only),
            html.Button("Renommer", id="gaps-rename", className="fr-btn fr-btn--secondary", disabled=read_only),
        ]),
        html.P(id="gaps-rename-error", className="fr-error-text", **{"aria-live": "polite"}),
    ])


def register(app: dash.Dash) -> None:
    @app.callback(
        output=dict(scenarios=Output("gaps-scenario-select", "options"), compared=Output("gaps-compare", "options"),
                    question=Output("gaps-confirm-delete", "message"),
                    history=Output(f"{ELEMENT_ID}-content", "children", allow_duplicate=True),
                    error=Output("gaps-rename-error", "children")),
        inputs=[Input("gaps-rename", "n_clicks"), Input("gaps-rename-name", "n_submit")],
        state=[State("gaps-rename-name", "value"), State("gaps-scenario", "data"), State(PARAMS, "data")],
        prevent_initial_call=True,
    )
    def _rename(_clicks, _submit, name, scenario_id, params):
        """Rename; the scenario lists, the deletion's question and the history show the new name."""
        region, scenario_id = GapsState.from_store(params).region, sent.number(scenario_id)
        name = gate.write(scenarios.rename_scenario, scenario_id, sent.text(name), kind=Write.SCENARIO,
                          show_at="gaps-rename-error")
        listed = fetch_changed_by(SCENARIOS, scenarios.territory_scenarios, "region", region)
        options = [{"label": n, "value": i} for i, n in zip(listed["scenario_id"], listed["name"])]
        return {"scenarios": options, "compared": options, "question": deletion_question(name),
                "history": history_block(scenario_history_table(scenario_id), VIEW, {"scenario": scenario_id}),
                "error": ""}


def deletion_question(name: str) -> str:
    return f"Supprimer le scénario « {name} » ? Vous pourrez annuler la suppression."
