"""The history of a scenario: who created, copied, renamed, deleted or restored it, who changed which lever
from what to what, and when. Shown under the scenario on the Écarts page (sent again after each lever
saved) and downloaded at ``/export/historique-scenario.<csv|xlsx>?scenario=3``, a deleted scenario's too."""

from __future__ import annotations

import dash
from dash import ALL, Input, Output, State

from dashboard import sent
from dashboard.components.history import (
    history_block,
    history_disclosure,
    history_table,
)
from dashboard.exports import UnknownExport, export_view
from dashboard.store import fetch_changed_by, fetch_imported, queries
from dashboard.store.data_versions import SCENARIOS
from dashboard.tables import Table
from domain import history, scenarios

ELEMENT_ID = "gaps-history"
VIEW = "historique-scenario"
FIELD_NAMES = {"name": "Nom", "done_kt": "déjà réalisé ou prévu (ktCO₂e)",
               "new_objective_kt": "nouvel objectif (ktCO₂e)"}


def field_label(lever_names: dict[str, str]):
    """Names a changed field: « Nom », or « <lever> — déjà réalisé ou prévu (ktCO₂e) » for
    ``<lever_id>:done_kt``."""
    def label(key: str) -> str:
        lever_id, _, field = key.rpartition(":")
        if not lever_id:
            return FIELD_NAMES.get(key, key)
        return f"{lever_names.get(lever_id, lever_id)} — {FIELD_NAMES.get(field, field)}"
    return label


def scenario_history_table(scenario_id: int) -> Table:
    """The scenario's history as a table; UnknownExport when no scenario has this identifier."""
    found = fetch_changed_by(SCENARIOS, scenarios.scenario, scenario_id)
    if found is None:
        raise UnknownExport(f"scénario inconnu : « {scenario_id} ».")
    names = fetch_imported(queries.lever_names, found["territory_level"], found["territory_code"])
    return history_table(f"Historique du scénario « {found['name']} »",
                         fetch_changed_by(SCENARIOS, history.read, history.SCENARIOS, scenario_id), field_label(names))


def scenario_history(scenario_id: int):
    """The « Historique » disclosure of the opened scenario."""
    return history_disclosure(ELEMENT_ID, "Historique du scénario (qui a modifié quoi, et quand)",
                              scenario_history_table(scenario_id), VIEW, {"scenario": scenario_id})


@export_view(VIEW)
def _export(params: dict) -> Table:
    scenario_id = sent.whole_number(params.get("scenario"))
    if scenario_id is None:
        raise UnknownExport("paramètre « scenario » manquant ou illisible (un numéro de scénario).")
    return scenario_history_table(scenario_id)


def register(app: dash.Dash) -> None:
    @app.callback(
        Output(f"{ELEMENT_ID}-content", "children"),
        Input({"type": "scenario-saved", "lever": ALL}, "data"),
        State("gaps-scenario", "data"),
        prevent_initial_call=True,
    )
    def _refresh(_saved, scenario_id):
        """A lever saved: its line appears in the history, open or not."""
        scenario_id = sent.number(scenario_id)
        return history_block(scenario_history_table(scenario_id), VIEW, {"scenario": scenario_id})
