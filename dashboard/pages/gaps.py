"""Écarts et nouvelle ambition: where a territory stands on each lever, and scenarios of a new ambition.

The URL holds the whole view (``region``, ``vue``, ``trajectoire``, ``scenario``, ``comparer``),
so a shared link reproduces it; ``?scenario=<id>`` alone opens a scenario in its territory.
"""

from __future__ import annotations

import dash
import pandas as pd
from dash import ALL, MATCH, Input, Output, State, ctx, dcc, html, no_update

from dashboard import sent
from dashboard.access import gate
from dashboard.components import frozen_version
from dashboard.components.after_main_chart import after_main_chart
from dashboard.components.cards import fictional_notice, notice
from dashboard.components.controls import (
    DROPDOWN_LABELS,
    dropdown,
    region_and_grouping,
    region_preamble,
)
from dashboard.components.import_hints import no_objectives
from dashboard.components.page_summary import page_summary
from dashboard.components.read_only import read_only_note
from dashboard.components.table import data_table
from dashboard.features.gaps import ids, objectives, sections
from dashboard.features.gaps.charts import ambition_gauge
from dashboard.features.gaps.exports import comparison_for, scenario_ids
from dashboard.features.gaps.scenario_form import FIELD_LABELS, conflict_message, scenario_form
from dashboard.features.gaps.scenario_history import scenario_history
from dashboard.features.gaps.scenario_input import FIELDS, SIBLING, field_text, read_field
from dashboard.features.gaps.scenario_name import deletion_question, rename_control
from dashboard.features.gaps.tables import gaps_table
from dashboard.figures.charts import GROUPINGS
from dashboard.page_states import GapsState
from dashboard.serving.page_answers import Kept
from dashboard.store import fetch_changed_by, fetch_imported, queries, ready_to_send
from dashboard.store.data_versions import ACCOUNTS, COMMITMENTS, METHODS, PROCESS, SCENARIOS
from domain import formats, scenarios, versions
from domain.conflicts import Conflict
from domain.errors import UserError
from domain.gaps import STATUS_RULE, lever_observations, territory_gaps, territory_progress
from domain.permissions import Write
from domain.texts import SCENARIO_NAME

dash.register_page(__name__, path="/ecarts", name="Écarts et ambition",
                   title="Écarts et nouvelle ambition — COP territoriale", order=1,
                   kept=Kept(unchanged_by=COMMITMENTS | PROCESS | ACCOUNTS | METHODS | frozenset({Write.PRESENTATION})))
# it shows scenarios and regional objectives; per role

TITLE = "Écarts et nouvelle ambition"
LEVEL = "region"  # territories with objectives today; queries take (level, code) for départements and CRTE later


def layout(**query):
    regions = fetch_imported(queries.regions)
    if regions.empty:
        return html.Div([html.H1(TITLE), html.P(no_objectives())])
    state = GapsState.from_query(query)
    if state.version is not None:
        return _version_layout(state, regions)
    opened = _open_scenario(state.scenario)
    if opened and opened["territory_level"] == LEVEL and state.region in (None, opened["territory_code"]):
        state = state.replace(region=opened["territory_code"])
    elif opened:
        opened = None
    state, chooser = region_preamble(TITLE, state, regions)
    return chooser or _page(state, regions, opened, None)


def _version_layout(state: GapsState, regions: pd.DataFrame) -> html.Div:
    """The page of a frozen version: its objectives, observations and retained scenario, read-only."""
    return frozen_version.page(TITLE, state, regions, lambda state, frozen: _page(
        state, regions, _open_scenario(frozen.scenario_id), frozen))


def _page(state: GapsState, regions: pd.DataFrame, opened: dict | None, frozen: versions.Header | None) -> html.Div:
    region, vue = state.region, state.view
    chosen = regions[regions["code"] == region].iloc[0]
    name = chosen["name"]
    gaps = fetch_imported(territory_gaps, LEVEL, region)
    column, _ = GROUPINGS[vue]
    values = fetch_changed_by(SCENARIOS, scenarios.scenario_values, opened["scenario_id"]) if opened else None
    levers = scenarios.with_scenario(gaps, values) if values is not None else None
    diagnostic = _diagnostic(region, name, vue)
    return html.Div([
        dcc.Location(id="gaps-url", refresh="callback-nav"),
        dcc.Store(id=ids.PARAMS, data=GapsState(region=region).stored()),
        dcc.Store(id="gaps-scenario", data=opened["scenario_id"] if opened else None),
        html.H1([f"{TITLE} — ", html.Span(name, id="gaps-region-name")]),
        frozen and frozen_version.banner(frozen, GapsState(region=region, view=vue).href()),
        region_and_grouping("gaps", regions, region, vue),
        fictional_notice(chosen["fictional"]),
        _summary(GROUPINGS[vue][1]),
        *diagnostic[:2],
        after_main_chart("gaps-groups", diagnostic[2], main=ids.PANORAMA_CHART),
        objectives.section(region, name, frozen is not None),
        sections.trajectory_section(fetch_imported(territory_progress, LEVEL, region), gaps, column,
                                    state.trajectory, levers, name),
        after_main_chart("gaps-levers", list(diagnostic[3:]), main=ids.PANORAMA_CHART),
        _ambition(region, opened, levers, column, state.deleted, frozen),
        _comparison(state, name),
    ])


def _summary(grouping: str) -> html.Nav:
    """The page's parts, in its order: the scenarios of a new ambition, far down, one click away."""
    return page_summary([
        (ids.PANORAMA, "Panorama des leviers"), (ids.GROUPS, f"Écarts par {grouping.lower()}"),
        (ids.OBJECTIVES, "Objectifs régionaux hors gaz à effet de serre"), (ids.TRAJECTORY, "Trajectoire 2019 → 2030"),
        (ids.LEVERS, "Écarts par levier"), (ids.MAGNITUDES, "Ordres de grandeur"),
        (ids.AMBITION, "Nouvelle ambition : les scénarios"), (ids.COMPARISON, "Comparer les scénarios"),
    ])


@ready_to_send
def _diagnostic(region: str, name: str, vue: str) -> tuple:
    """The sections that depend only on imported data (not on scenarios): a scenario edit does not rebuild them."""
    gaps = fetch_imported(territory_gaps, LEVEL, region)
    column, label = GROUPINGS[vue]
    return (
        sections.key_figures(gaps),
        sections.panorama(gaps, vue, name),
        sections.group_gaps_section(gaps, column, label, name),
        html.H2("Écarts par levier", id=ids.LEVERS),
        html.P(["Statut : ", STATUS_RULE], className="provenance", id="gaps-status-rule"),
        data_table(gaps_table(name, gaps), "ecarts",
                   {"region": region, "vue": vue, "version": frozen_version.current_version()},
                   hidden=["Source", "Millésime", "Groupe thématique"]),
        sections.magnitudes(gaps, fetch_imported(lever_observations, LEVEL, region), column),
    )


def _open_scenario(scenario: int | None) -> dict | None:
    if scenario is None:
        return None
    found = fetch_changed_by(SCENARIOS, scenarios.scenario, scenario)
    return found if found and pd.isna(found["deleted_at"]) else None


def _ambition(region: str, opened: dict | None, levers: pd.DataFrame | None, column: str,
              deleted: int | None, frozen: versions.Header | None) -> html.Section:
    """The scenarios, to edit; a frozen version's retained one (the only scenario it holds), read-only."""
    listed = fetch_changed_by(SCENARIOS, scenarios.territory_scenarios, LEVEL, region)
    read_only = frozen is not None or not gate.may(Write.SCENARIO)
    options = [{"label": n, "value": i} for i, n in zip(listed["scenario_id"], listed["name"])]
    return html.Section(id=ids.AMBITION, children=[
        html.H2("Nouvelle ambition"),
        html.P("Pour chaque levier, saisissez ce qui est déjà réalisé ou prévu et, si vous le souhaitez, un nouvel "
               "objectif, en ktCO₂e ou dans l'unité physique du levier : l'autre valeur se calcule. Chaque saisie "
               "valide est enregistrée aussitôt ; une saisie invalide est refusée sans toucher à ce qui est "
               "enregistré.", className="provenance"),
        None if frozen else _account(region, opened) if read_only else _undo_banner(deleted),
        html.Div(className="controls", children=[
            html.Div(className="control", children=[
                html.Label("Scénario", htmlFor="gaps-scenario-select"),
                dropdown("gaps-scenario-select", options, opened["scenario_id"] if opened else None),
            ]),
            html.Div(className="control scenario-actions", children=[
                html.Button("Dupliquer", id="gaps-duplicate", className="fr-btn fr-btn--secondary",
                            disabled=read_only or opened is None),
                html.Button("Supprimer", id="gaps-delete", className="fr-btn fr-btn--secondary",
                            disabled=read_only or opened is None),
            ]),
            html.Div(className="control", children=[
                html.Label("Nouveau scénario", htmlFor="gaps-new-name"),
                html.Div(className="scenario-create", children=[
                    dcc.Input(id="gaps-new-name", type="text", placeholder="Nom du scénario",
                              maxLength=SCENARIO_NAME.longest, className="fr-input", debounce=False,
                              disabled=read_only),
                    html.Button("Créer", id="gaps-create", className="fr-btn", disabled=read_only),
                ]),
                html.P(id="gaps-new-name-error", className="fr-error-text", **{"aria-live": "polite"}),
            ]),
        ]),
        dcc.ConfirmDialog(id="gaps-confirm-delete", message=deletion_question(opened["name"]) if opened else ""),
        _scenario_body(opened, levers, column, read_only) if opened else html.P(
            "Cette version n'a pas retenu de scénario." if frozen else
            "Aucun scénario ouvert : choisissez-en un ou créez-en un nouveau.", id="gaps-no-scenario"),
    ])


def _account(region: str, opened: dict | None) -> html.Div:
    here = GapsState(region=region, scenario=opened["scenario_id"] if opened else None).href()
    return notice(["Lecture seule : les scénarios se consultent librement. ", read_only_note(here, Write.SCENARIO)],
                  info=True, id="gaps-read-only")


def _undo_banner(deleted: int | None) -> html.Div | None:
    found = fetch_changed_by(SCENARIOS, scenarios.scenario, deleted) if deleted is not None else None
    if not found or pd.isna(found["deleted_at"]):
        return None
    return notice(info=True, role="status", children=[
        f"Scénario « {found['name']} » supprimé. ",
        html.Button("Annuler la suppression", id="gaps-undo", className="fr-btn fr-btn--secondary"),
        dcc.Store(id="gaps-deleted", data=deleted),
    ])


def _scenario_body(opened: dict, levers: pd.DataFrame, column: str, read_only: bool) -> html.Div:
    totals = scenarios.totals(levers)
    link = GapsState(region=opened["territory_code"], scenario=opened["scenario_id"],
                     version=frozen_version.current_version()).href()
    return html.Div([
        html.Div(className="scenario-summary", children=[
            html.Figure([
                dcc.Graph(id="gaps-gauge", figure=ambition_gauge(totals["scenario_kt"], totals["sgpe_kt"]),
                          config={"displayModeBar": False}),
                html.Figcaption(_gauge_caption(totals), id="gaps-gauge-caption", className="caption"),
            ]),
            html.P(["Lien vers ce scénario : ", dcc.Link(link, href=link, id="gaps-scenario-link")],
                   className="provenance"),
        ]),
        html.Div(rename_control(opened, read_only), className="controls"),
        None if frozen_version.current_version() else scenario_history(opened["scenario_id"]),
        scenario_form(levers, column, read_only),
    ])


def _gauge_caption(totals: dict) -> str:
    ratio = totals["scenario_kt"] / totals["sgpe_kt"] if totals["sgpe_kt"] else None
    return (f"Jauge : objectif du scénario {formats.kt(totals['scenario_kt'])}, soit {formats.percent(ratio)} de la "
            f"contribution SGPE du territoire ({formats.kt(totals['sgpe_kt'])}, trait rouge). Déjà réalisé ou prévu : "
            f"{formats.kt(totals['done_kt'])} ; reste à faire : {formats.kt(totals['remaining_kt'])}. "
            "Source : objectifs SGPE (indicatifs) et saisies du scénario (calculé).")


def _comparison(state: GapsState, name: str) -> html.Section:
    region, comparer, vue = state.region, state.compared, state.view
    listed = fetch_changed_by(SCENARIOS, scenarios.territory_scenarios, LEVEL, region)
    compared = scenario_ids(comparer)
    table = comparison_for(LEVEL, region, name, compared, vue) if compared else None
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


def register(app: dash.Dash) -> None:
    @app.callback(
        Output("gaps-url", "search"),
        Input("gaps-region", "value"),
        Input("gaps-view", "value"),
        Input("gaps-trajectory", "value"),
        Input("gaps-scenario-select", "value"),
        Input("gaps-compare", "value"),
        State("gaps-url", "search"),
        prevent_initial_call=True,
    )
    def _navigate(region, vue, trajectoire, scenario, compare, search):
        shown = GapsState.from_search(search)
        if ctx.triggered_id == "gaps-region":
            return shown.replace(region=region, scenario=None, compared=None, deleted=None, version=None).search()
        return shown.replace(region=region, view=vue, trajectory=trajectoire, scenario=scenario, deleted=None,
                             compared=",".join(map(str, sent.listed(compare or [], sent.number))) or None).search()

    @app.callback(
        Output("gaps-url", "search", allow_duplicate=True),
        Output("gaps-new-name-error", "children"),
        Input("gaps-create", "n_clicks"),
        Input("gaps-new-name", "n_submit"),
        State("gaps-new-name", "value"),
        State(ids.PARAMS, "data"),
        State("gaps-url", "search"),
        prevent_initial_call=True,
    )
    def _create(_clicks, _submit, name, params, search):
        region, shown = GapsState.from_store(params).region, GapsState.from_search(search)
        created = gate.write(scenarios.create_scenario, LEVEL, region, sent.text(name), kind=Write.SCENARIO,
                             show_at="gaps-new-name-error")
        return shown.replace(region=region, scenario=created, deleted=None).search(), ""

    @app.callback(
        Output("gaps-url", "search", allow_duplicate=True),
        Input("gaps-duplicate", "n_clicks"),
        State("gaps-scenario", "data"),
        State("gaps-url", "search"),
        prevent_initial_call=True,
    )
    def _duplicate(_clicks, scenario_id, search):
        if scenario_id is None:
            return no_update
        shown = GapsState.from_search(search)
        copy = gate.write(scenarios.duplicate_scenario, sent.number(scenario_id), kind=Write.SCENARIO)
        return shown.replace(scenario=copy, deleted=None).search()

    @app.callback(Output("gaps-confirm-delete", "displayed"), Input("gaps-delete", "n_clicks"),
                  prevent_initial_call=True)
    def _ask_before_deleting(_clicks):
        return True

    @app.callback(
        Output("gaps-url", "search", allow_duplicate=True),
        Input("gaps-confirm-delete", "submit_n_clicks"),
        State("gaps-scenario", "data"),
        State("gaps-url", "search"),
        prevent_initial_call=True,
    )
    def _delete(_submitted, scenario_id, search):
        if scenario_id is None:
            return no_update
        shown = GapsState.from_search(search)
        gate.write(scenarios.delete_scenario, sent.number(scenario_id), kind=Write.SCENARIO)
        compared = [i for i in scenario_ids(shown.compared) if i != scenario_id]
        return shown.replace(scenario=None, deleted=scenario_id, compared=",".join(map(str, compared)) or None).search()

    @app.callback(
        Output("gaps-url", "search", allow_duplicate=True),
        Input("gaps-undo", "n_clicks"),
        State("gaps-deleted", "data"),
        State("gaps-url", "search"),
        prevent_initial_call=True,
    )
    def _undo_delete(_clicks, scenario_id, search):
        shown = GapsState.from_search(search)
        gate.write(scenarios.restore_scenario, sent.number(scenario_id), kind=Write.SCENARIO)
        return shown.replace(scenario=scenario_id, deleted=None).search()

    @app.callback(
        output=dict(values={f: Output(_lever_field("scenario-field", f), "value") for f in FIELDS},
                    errors={f: Output(_lever_field("scenario-error", f), "children") for f in FIELDS},
                    remaining=Output({"type": "scenario-remaining", "lever": MATCH}, "children"),
                    saved=Output({"type": "scenario-saved", "lever": MATCH}, "data"),
                    version=Output({"type": "scenario-version", "lever": MATCH}, "data")),
        inputs=[Input(_lever_field("scenario-field", f), "value") for f in FIELDS],
        state=[State({"type": "scenario-version", "lever": MATCH}, "data"), State("gaps-scenario", "data"),
               State(ids.PARAMS, "data")],
        prevent_initial_call=True,
    )
    def _edit_lever(done_kt, done_phys, new_kt, new_phys, version, scenario_id, params):
        """Check the typed value, save it, and show it in the other unit; an invalid or stale value saves nothing."""
        trigger = sent.record(ctx.triggered_id, {"field": lambda field: sent.one_of(field, FIELDS), "lever": sent.text})
        field, lever_id = trigger["field"], trigger["lever"]
        return edit_lever(sent.number(scenario_id), GapsState.from_store(params).region, lever_id, field,
                          {"done_kt": done_kt, "done_phys": done_phys, "new_kt": new_kt, "new_phys": new_phys}[field],
                          version)

    @app.callback(
        Output("gaps-gauge", "figure"),
        Output("gaps-gauge-caption", "children"),
        Input({"type": "scenario-saved", "lever": ALL}, "data"),
        State("gaps-scenario", "data"),
        State(ids.PARAMS, "data"),
        prevent_initial_call=True,
    )
    def _update_gauge(_saved, scenario_id, params):
        return gauge_for(sent.number(scenario_id), GapsState.from_store(params).region)


def _lever_field(kind: str, field: str) -> dict:
    """The id of a lever's ``field`` input (``scenario-field``) or error (``scenario-error``), any lever."""
    return {"type": kind, "lever": MATCH, "field": field}


def edit_lever(scenario_id: int, region: str, lever_id: str, field: str, text, version: int) -> dict:
    """The outputs of ``_edit_lever``: the four fields' ``values`` and ``errors`` (by field), the ``remaining`` effort,
    the ``saved`` marker and the ``version``. A save stale against ``version`` keeps the typed text, shows both
    values, and moves the page to the stored version."""
    values = {f: no_update for f in FIELDS}
    errors = {f: "" for f in FIELDS}
    unchanged = {"remaining": no_update, "saved": no_update, "version": no_update}
    gaps = fetch_imported(territory_gaps, LEVEL, region)
    lever = gaps[gaps["lever_id"] == sent.one_of(lever_id, set(gaps["lever_id"]))].iloc[0]
    try:
        quantity = read_field(field, text, lever)
        saved = gate.write(scenarios.save_lever_value, scenario_id, lever_id, FIELDS[field][0], quantity.kt, version,
                           kind=Write.SCENARIO)
    except UserError as error:
        errors[field] = f"{FIELD_LABELS[field]} : {error}"
        return {"values": values, "errors": errors, **unchanged}
    if isinstance(saved, Conflict):
        errors[field] = conflict_message(lever.to_dict(), field, text, saved.stored)
        return {"values": values, "errors": errors, **unchanged, "version": saved.stored["version"]}
    sibling = SIBLING[field]
    values[sibling] = field_text(quantity.kt if FIELDS[sibling][1] == "kt" else quantity.phys, FIELDS[sibling][1])
    stored = fetch_changed_by(SCENARIOS, scenarios.scenario_values, scenario_id)
    row = scenarios.with_scenario(gaps[gaps["lever_id"] == lever_id], stored)
    return {"values": values, "errors": errors, "remaining": formats.kt(row.iloc[0]["remaining_kt"]),
            "saved": {"field": field, "kt": quantity.kt}, "version": saved}


def gauge_for(scenario_id: int, region: str) -> tuple:
    levers = scenarios.with_scenario(fetch_imported(territory_gaps, LEVEL, region),
                                     fetch_changed_by(SCENARIOS, scenarios.scenario_values, scenario_id))
    totals = scenarios.totals(levers)
    return ambition_gauge(totals["scenario_kt"], totals["sgpe_kt"]), _gauge_caption(totals)
