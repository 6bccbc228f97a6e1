"""The « Versions » section of the roadmap page: freezing the roadmap under a name (with the date it is presented,
the méthode de déclinaison and the scenario retained), opening a frozen version by itself, and comparing a version
with a later one or with the current state (features/roadmap/version_comparison.py)."""

from __future__ import annotations

import time
from datetime import date

import dash
from dash import Input, Output, State, dcc, html

from dashboard import sent, store
from dashboard.access import gate, reading
from dashboard.components.cards import notice
from dashboard.components.controls import DROPDOWN_LABELS, day_hint, day_input, dropdown
from dashboard.components.read_only import read_only_note
from dashboard.components.table import data_table
from dashboard.features.roadmap import data as roadmap_data
from dashboard.features.roadmap import version_comparison
from dashboard.features.roadmap.ids import PARAMS, VERSIONS
from dashboard.page_states import RoadmapDocumentState, RoadmapState
from dashboard.store.data_versions import SCENARIOS
from domain import dates, formats, scenarios, split_methods, versions
from domain.errors import UserError
from domain.permissions import Write
from domain.split_methods import DEFAULT_METHOD
from domain.texts import VERSION_NAME

NOW = "actuel"  # the « avec » choice of the current state
SCENARIO_CHOICE = "roadmap-version-scenario"


def versions_section(region: str, editing: bool) -> html.Section:
    methods = store.fetch(split_methods.methods)
    return html.Section(id=VERSIONS, children=[
        html.H2("Versions de la feuille de route"),
        html.P("Figer la feuille de route en garde tout ce qu'elle montre — engagements, objectifs et leur "
               "millésime, méthode de déclinaison et ses parts, scénario retenu — dans une version nommée qui ne "
               "change plus ; on l'ouvre seule, on l'imprime, on la compare à une autre ou à l'état actuel."),
        html.Div(className="controls", children=[
            html.Div([html.Label("Nom de la version", htmlFor="roadmap-version-name"),
                      dcc.Input(id="roadmap-version-name", className="fr-input", value="",
                                maxLength=VERSION_NAME.longest, placeholder="projet présenté en COP du 12 mars 2027",
                                disabled=not editing)],
                     className="control control--wide"),
            html.Div([html.Label(["Présentée le", day_hint()], htmlFor="roadmap-version-presented"),
                      day_input("roadmap-version-presented", disabled=not editing)],
                     className="control"),
            html.Div([html.Label("Méthode de déclinaison retenue", htmlFor="roadmap-version-method"),
                      dropdown("roadmap-version-method", [{"label": name, "value": int(method_id)} for method_id, name
                                                          in zip(methods["method_id"], methods["name"])],
                               DEFAULT_METHOD, disabled=not editing)], className="control"),
            html.Div([html.Label("Scénario retenu", htmlFor="roadmap-version-scenario"),
                      dcc.Dropdown(id=SCENARIO_CHOICE, placeholder="Aucun", disabled=not editing,
                                   labels=DROPDOWN_LABELS, options=[])],  # its options: ``_scenario_options``
                     className="control"),
            html.Button("Figer cette version", id="roadmap-freeze", className="fr-btn fr-btn--primary",
                        disabled=not editing),
        ]),
        html.P(id="roadmap-freeze-message", role="status", className="message",
               children=None if editing else read_only_note(RoadmapState(region=region).href(), Write.VERSION)),
        html.Div(version_list(region), id="roadmap-versions"),
        html.Div(id="roadmap-comparison"),
    ])


def scenario_options(region: str) -> list[dict]:
    """The region's scenarios, which a version may retain. Sent by their own callback, not in the roadmap's kept
    answer: a scenario saved on the Écarts page does not build the roadmap again, and the list shows it at once."""
    listed = store.fetch_changed_by(SCENARIOS, scenarios.territory_scenarios, "region", region)
    return [{"label": name, "value": int(scenario_id)} for scenario_id, name
            in zip(listed["scenario_id"], listed["name"])]


def version_list(region: str) -> list:
    frozen = store.fetch(versions.versions, region)
    if frozen.empty:
        return [html.P("Aucune version figée pour l'instant.")]
    items = [html.Li([html.Strong(row.name), f" — figée le {formats.moment(row.frozen_at)}{_by(row.frozen_by)}, "
                      f"{formats.counted(row.commitment_count, 'engagement')}",
                      f", présentée le {formats.day(row.presented_on)}" if _given(row.presented_on) else "", " — ",
                      html.A("ouvrir", href=RoadmapState(region=region, version=str(row.version_id)).href()),
                      ", ",
                      html.A("document A4", target="_blank",
                             href=RoadmapDocumentState(region=region, version=str(row.version_id)).href())])
             for row in frozen.itertuples()]
    return [html.Ul(items, id="roadmap-version-list"), comparison_controls(frozen, None)]


def comparison_controls(frozen, opened: int | None) -> html.Div:
    """Two choices: a version, and what to compare it with (another version, or the current state)."""
    options = [{"label": name, "value": int(vid)} for vid, name in zip(frozen["version_id"], frozen["name"])]
    return html.Div(className="controls", children=[
        html.Div([html.Label("Comparer la version", htmlFor="roadmap-compare"),
                  dropdown("roadmap-compare", options, opened)], className="control"),
        html.Div([html.Label("avec", htmlFor="roadmap-compare-with"),
                  dropdown("roadmap-compare-with", [{"label": "l'état actuel", "value": NOW}, *options], NOW)],
                 className="control"),
    ])


def _given(value) -> bool:
    return value is not None and value == value  # a missing date reads as NaT


def _by(author: str | None) -> str:
    """« par alice », for a visitor who reads account identifiers."""
    shown = reading.person(author, "")
    return f" par {shown}" if shown else ""


def presented(text: str | None) -> date | None:
    """The « Présentée le » field (« 14/03/2027 »)."""
    try:
        return dates.read_date(text, "la date de présentation")
    except UserError as error:
        raise error.at("roadmap-freeze-message") from None


def comparison_view(region: str, version_id: int, with_id: int | None) -> list:
    """The comparison of version ``version_id`` with ``with_id`` (a version, or None: the current state): what changed
    under the figures, then by sector, by département, by CRTE and commitment by commitment, each downloadable."""
    known = {int(v) for v in store.fetch(versions.versions, region)["version_id"]}
    if version_id not in known or with_id not in known | {None}:
        return [html.P("Cette version n'existe pas dans cette région : rechargez la page.", role="alert")]
    before = store.fetch(versions.header, version_id)
    after = None if with_id is None else store.fetch(versions.header, with_id)
    comparison = store.memo(version_comparison.compare, region, before, after, reading.readable())
    tables = version_comparison.tables(comparison)
    params = {"region": region, "version": version_id, "avec": with_id}
    changed = comparison.commitments
    said = (", ".join(formats.counted(count, kind) for kind, count in changed["change"].value_counts().items())
            if len(changed) else "aucun engagement ajouté, modifié ni retiré")
    return [
        html.H3(version_comparison.title(comparison), id="roadmap-comparison-title"),
        notice([html.P(line) for line in comparison.changes], info=True, id="roadmap-comparison-changes")
        if comparison.changes else None,
        html.P(f"Engagements : {said}.", id="roadmap-comparison-summary"),
        *[data_table(table, name, params) for name, table in tables.items()],
    ]


def register(app: dash.Dash) -> None:
    @app.callback(Output(SCENARIO_CHOICE, "options"), Input(SCENARIO_CHOICE, "id"), State(PARAMS, "data"))
    def _scenario_options(_, params):
        """The scenarios' list, once the section is drawn; nothing for a region the app does not know (forged)."""
        return scenario_options(roadmap_data.page_state(params).region)

    @app.callback(Output("roadmap-freeze-message", "children"), Output("roadmap-saved", "data", allow_duplicate=True),
                  Input("roadmap-freeze", "n_clicks"), State("roadmap-version-name", "value"),
                  State("roadmap-version-presented", "value"), State("roadmap-version-method", "value"),
                  State("roadmap-version-scenario", "value"), State(PARAMS, "data"),
                  prevent_initial_call=True)
    def _freeze(_, name, presented_on, method_id, scenario_id, params):
        name, method_id = sent.text(name) or "", sent.optional_number(method_id)
        retained = versions.Retained(presented(sent.text(presented_on)), sent.optional_number(scenario_id),
                                     DEFAULT_METHOD if method_id is None else method_id)
        gate.write(versions.freeze, roadmap_data.page_state(params).region, name, retained, kind=Write.VERSION,
                   show_at="roadmap-freeze-message")
        return f"Version « {name.strip()} » figée.", time.time_ns()

    @app.callback(Output("roadmap-comparison", "children"), Input("roadmap-compare", "value"),
                  Input("roadmap-compare-with", "value"), State(PARAMS, "data"),
                  prevent_initial_call=True)
    def _compare(version_id, with_id, params):
        """The comparison of the versions chosen (one of the region's, or the current state for « avec »)."""
        region = roadmap_data.page_state(params).region
        if version_id is None:
            return None
        with_id = None if with_id in (None, NOW) else sent.number(with_id)
        return comparison_view(region, sent.number(version_id), with_id)
