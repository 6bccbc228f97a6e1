"""The Écarts page's regional objectives beyond greenhouse gases (water, biodiversity, soils, air, waste): where each
stands against its expected path, the region's objectives as a file to fill in and import, and the form in which the
regional team types one (``domain.regional_objectives`` checks it, as it checks the file)."""

from __future__ import annotations

import dash
from dash import Input, Output, State, dcc, html, no_update

from dashboard import sent
from dashboard.access import gate
from dashboard.components import frozen_version
from dashboard.components.controls import DROPDOWN_LABELS, dropdown
from dashboard.components.read_only import read_only_note
from dashboard.components.table import data_table, downloads
from dashboard.features.gaps import ids
from dashboard.features.gaps.tables import objectives_table
from dashboard.page_states import GapsState
from dashboard.state import PageState, region_name
from dashboard.store import fetch, fetch_changed_by, fetch_imported
from dashboard.store.data_versions import OBJECTIVES
from domain import formats, snapshots
from domain import regional_objectives as objectives
from domain.conflicts import Conflict
from domain.permissions import Write
from domain.texts import SOURCE
from domain.vocabulary import OBJECTIVE_STATUSES

SECTION = ids.OBJECTIVES
TABLE = "gaps-objectives-table"
MESSAGE = "gaps-objective-message"
REGION = "gaps-objective-region"  # the region of the form (PageState.stored)
VERSION = "gaps-objective-version"  # the version of the objective opened in the form (None: a new one)
SAVE = "gaps-objective-save"
NOT_KEPT = ("Cette version a été figée avant que les versions gardent les objectifs régionaux au-delà des gaz à effet "
            "de serre : elle ne les contient pas.")
INPUTS = {  # field → the id of its input
    "indicator_id": "gaps-objective-indicator", "baseline_year": "gaps-objective-baseline-year",
    "baseline_value": "gaps-objective-baseline-value", "target_value": "gaps-objective-target-value",
    "target_change": "gaps-objective-target-change", "source": "gaps-objective-source",
    "status": "gaps-objective-status",
}


def section(region: str, region_name: str, frozen: bool = False) -> html.Section:
    """The objectives' table, their file (to download, fill in and import) and, for the team, the form; a frozen
    version's (``frozen``: read inside its reading) as it kept them, read-only."""
    heading = [html.H2("Objectifs régionaux au-delà des gaz à effet de serre"),
               html.P("Eau, biodiversité, sols, air, déchets… : pour un indicateur du catalogue, une valeur de "
                      "référence, une cible 2030 et son statut. Les valeurs observées sont celles du Diagnostic.",
                      className="provenance")]
    if frozen:
        kept = fetch(snapshots.holds, "regional_objectives")
        return html.Section(id=SECTION, children=[*heading, html.Div(_table(region, region_name), id=TABLE) if kept
                                                  else html.P(NOT_KEPT, id="gaps-objectives-none")])
    return html.Section(id=SECTION, children=[
        *heading,
        html.Div(_table(region, region_name), id=TABLE),
        html.P(["Le fichier des objectifs de la région, au format de l'import (page « Données et méthode », type "
                "« Objectifs régionaux ») : complétez-le et importez-le, ou saisissez un objectif ci-dessous."],
               className="hint"),
        downloads("objectifs-regionaux", {"region": region}),
        _form(region, region_name) if gate.may(Write.OBJECTIVE)
        else html.P(read_only_note(GapsState(region=region).href(), Write.OBJECTIVE)),
    ])


def _table(region: str, region_name: str) -> html.Div:
    found = fetch_changed_by(OBJECTIVES, objectives.region_gaps, region)
    if found.empty:
        return html.P("Aucun objectif régional au-delà des gaz à effet de serre pour l'instant.",
                      id="gaps-objectives-none")
    return data_table(objectives_table(region_name, found), "ecarts-objectifs",
                      {"region": region, "version": frozen_version.current_version()})


def _form(region: str, region_name: str) -> html.Div:
    indicators = fetch_imported(objectives.catalogue)
    options = [{"label": f"{i.theme} — {i.name} ({i.unit})", "value": i.indicator_id} for i in indicators.values()]
    fields = [
        ("indicator_id", dropdown(INPUTS["indicator_id"], options, None)),
        ("baseline_year", _input("baseline_year", inputMode="numeric")),
        ("baseline_value", _input("baseline_value")),
        ("target_value", _input("target_value")),
        ("target_change", _input("target_change")),
        ("source", _input("source", maxLength=SOURCE.longest)),
        ("status", dcc.Dropdown(id=INPUTS["status"], options=OBJECTIVE_STATUSES, value=None, clearable=False,
                                searchable=True, labels=DROPDOWN_LABELS, placeholder="Choisir…")),
    ]
    return html.Div(className="commitment-form", id="gaps-objective-form", children=[
        html.H3("Saisir un objectif"),
        html.P("Choisissez l'indicateur : son objectif s'ouvre s'il existe. Donnez la cible 2030 en valeur ou en "
               "évolution (%) par rapport à la référence (−10 pour une baisse de 10 %), pas les deux.",
               className="hint"),
        html.Div(className="form-grid", children=[
            html.Div(className="form-field", children=[html.Label(objectives.LABELS[name], htmlFor=INPUTS[name]),
                                                       widget]) for name, widget in fields]),
        dcc.Store(id=VERSION),
        dcc.Store(id=REGION, data=PageState(region=region).stored()),
        html.Div(className="form-actions", children=[
            html.Button("Enregistrer l'objectif", id=SAVE, className="fr-btn fr-btn--primary")]),
        html.P(id=MESSAGE, role="status", className="message"),
    ])


def _input(name: str, **options) -> dcc.Input:
    """A text field; a decimal one keeps the full keyboard (with « , » and « - »): Dash refuses
    ``inputMode="decimal"``, and a numeric keypad has neither."""
    return dcc.Input(id=INPUTS[name], type="text", value="", className="fr-input", debounce=True, **options)


def _shown(value) -> str:
    """A stored value as its input shows it (numbers as typed in French)."""
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return formats.editable(value) if isinstance(value, float) else str(value)


def register(app: dash.Dash) -> None:
    @app.callback(
        output=dict(values={name: Output(INPUTS[name], "value", allow_duplicate=True) for name in INPUTS
                            if name != "indicator_id"},
                    version=Output(VERSION, "data", allow_duplicate=True),
                    message=Output(MESSAGE, "children", allow_duplicate=True)),
        inputs=dict(indicator=Input(INPUTS["indicator_id"], "value")),
        state=dict(region=State(REGION, "data")),
        prevent_initial_call=True,
    )
    def _open(indicator, region):
        """The region's objective for the indicator chosen in the form, or a blank one."""
        stored = fetch_changed_by(OBJECTIVES, objectives.region_objectives, PageState.from_store(region).region)
        indicator = None if indicator is None else sent.one_of(indicator, fetch_imported(objectives.catalogue))
        match = stored[stored["indicator_id"] == indicator]
        if match.empty:
            return {"values": {name: None if name == "status" else "" for name in INPUTS if name != "indicator_id"},
                    "version": None, "message": ""}
        row = match.iloc[0]
        return {"values": {name: _shown(row[name]) if name != "status" else row[name] for name in INPUTS
                           if name != "indicator_id"},
                "version": int(row["version"]), "message": f"Objectif enregistré (version {int(row['version'])})."}

    @app.callback(
        output=dict(message=Output(MESSAGE, "children", allow_duplicate=True),
                    version=Output(VERSION, "data", allow_duplicate=True), table=Output(TABLE, "children")),
        inputs=dict(_clicks=Input(SAVE, "n_clicks")),
        state=dict(values={name: State(INPUTS[name], "value") for name in INPUTS},
                   version=State(VERSION, "data"), params=State(REGION, "data")),
        prevent_initial_call=True,
    )
    def _save(_clicks, values, version, params):
        """Save the objective typed (refused with the field and the problem, nothing written); a conflict when
        someone saved it since it was opened."""
        region = PageState.from_store(params).region
        saved = gate.write(objectives.save, region, values, version, kind=Write.OBJECTIVE, show_at=MESSAGE)
        if isinstance(saved, Conflict):
            return {"message": f"Objectif non enregistré : {saved.stored['updated_by'] or 'quelqu’un'} l'a modifié "
                               f"le {formats.moment(saved.stored['updated_at'])} (version {saved.stored['version']}). "
                               "Choisissez à nouveau l'indicateur pour repartir de sa version.",
                    "version": no_update, "table": no_update}
        stored = fetch_changed_by(OBJECTIVES, objectives.get, saved)
        name = fetch_imported(objectives.catalogue)[stored["indicator_id"]].name
        return {"message": f"Objectif « {name} » enregistré (version {stored['version']}).",
                "version": stored["version"], "table": _table(region, region_name(region))}
