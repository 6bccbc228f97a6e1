"""The « Versions » section of the roadmap page: freezing the roadmap under a name, and comparing a frozen
version with the current state."""

from __future__ import annotations

import time

import dash
from dash import Input, Output, State, dcc, html

from dashboard import store
from dashboard.access import gate, reading
from dashboard.components.controls import dropdown
from dashboard.components.read_only import read_only_note
from dashboard.components.table import data_table
from dashboard.features.roadmap import frozen_versions as roadmap_versions
from dashboard.features.roadmap.ids import PARAMS
from dashboard.features.roadmap.tables import comparison_table
from domain import commitment_store, formats
from domain.permissions import Write
from domain.texts import VERSION_NAME


def versions_section(region: str, editing: bool) -> html.Section:
    return html.Section([
        html.H2("Versions de la feuille de route"),
        html.P("Figer la feuille de route en garde une copie nommée, qui ne peut plus être modifiée ; on la "
               "compare ensuite à l'état actuel."),
        html.Div(className="controls", children=[
            html.Div([html.Label("Nom de la version", htmlFor="roadmap-version-name"),
                      dcc.Input(id="roadmap-version-name", className="fr-input", value="",
                                maxLength=VERSION_NAME.longest, placeholder="projet présenté en COP du 12 mars 2027",
                                disabled=not editing)],
                     className="control control--wide"),
            html.Button("Figer cette version", id="roadmap-freeze", className="fr-btn fr-btn--primary",
                        disabled=not editing),
        ]),
        html.P(id="roadmap-freeze-message", role="status", className="message",
               children=None if editing else read_only_note(f"/feuille-de-route?region={region}", Write.VERSION)),
        html.Div(version_list(region), id="roadmap-versions"),
        html.Div(id="roadmap-comparison"),
    ])


def version_list(region: str) -> list:
    frozen = store.fetch(roadmap_versions.versions, region)
    if frozen.empty:
        return [html.P("Aucune version figée pour l'instant.")]
    items = [html.Li([html.Strong(name), f" — figée le {formats.moment(at)}{_by(by)}, {formats.count(count)} "
                                         "engagement(s) "])
             for name, at, by, count in zip(frozen["name"], frozen["frozen_at"], frozen["frozen_by"],
                                             frozen["commitment_count"])]
    options = [{"label": name, "value": int(vid)} for vid, name in zip(frozen["version_id"], frozen["name"])]
    return [html.Ul(items, id="roadmap-version-list"),
            html.Div([html.Label("Comparer avec l'état actuel", htmlFor="roadmap-compare"),
                      dropdown("roadmap-compare", options, None)], className="control")]


def _by(author: str | None) -> str:
    """« par alice », for a visitor who reads account identifiers."""
    shown = reading.person(author, "")
    return f" par {shown}" if shown else ""


def register(app: dash.Dash) -> None:
    @app.callback(Output("roadmap-freeze-message", "children"), Output("roadmap-saved", "data", allow_duplicate=True),
                  Input("roadmap-freeze", "n_clicks"), State("roadmap-version-name", "value"),
                  State(PARAMS, "data"), prevent_initial_call=True)
    def _freeze(_, name, params):
        gate.write(roadmap_versions.freeze, params["region"], name or "", kind=Write.VERSION,
                   show_at="roadmap-freeze-message")
        return f"Version « {name.strip()} » figée.", time.time_ns()

    @app.callback(Output("roadmap-comparison", "children"), Input("roadmap-compare", "value"),
                  State(PARAMS, "data"), prevent_initial_call=True)
    def _compare(version_id, params):
        if version_id is None:
            return None
        frozen = store.fetch(roadmap_versions.versions, params["region"])
        name = frozen.loc[frozen["version_id"] == version_id, "name"].iloc[0]
        comparison = roadmap_versions.compare(
            reading.commitments(store.fetch(roadmap_versions.frozen_commitments, version_id)),
            reading.commitments(store.fetch(commitment_store.region_commitments, params["region"])))
        if comparison.empty:
            return html.P(f"Aucun changement depuis la version « {name} ».", id="roadmap-comparison-empty")
        counts = comparison["change"].value_counts()
        said = ", ".join(f"{formats.count(count)} {kind}(s)" for kind, count in counts.items())
        return [html.P(f"{said} depuis « {name} ».", id="roadmap-comparison-summary"),
                data_table(comparison_table(name, comparison), "comparaison",
                           {"region": params["region"], "version": version_id})]
