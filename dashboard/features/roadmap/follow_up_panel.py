"""The « Suivi de réalisation » part of the roadmap: for a commitment of the territory and a year, what was done,
the money spent and a comment, entered by the commitment's contributor (its own territories) or the regional team
(``Write.FOLLOW_UP``), the years already entered, and the chosen year's history (who saved what, when). The
roadmap's trajectory and late commitments read them (``follow_up_paths``)."""

from __future__ import annotations

import time

import dash
import pandas as pd
from dash import Input, Output, State, dcc, html, no_update

from dashboard import sent, store
from dashboard.access import gate
from dashboard.components.controls import dropdown
from dashboard.components.history import history_block
from dashboard.components.read_only import read_only_note
from dashboard.components.searched_choice import matching, searched_dropdown
from dashboard.components.table import data_table
from dashboard.features.roadmap import data as roadmap_data
from dashboard.features.roadmap import ids
from dashboard.features.roadmap.commitment_context import commitment_context
from dashboard.features.roadmap.follow_up_tables import year_history, years_table
from dashboard.page_states import RoadmapState
from domain import clock, commitment_store, follow_up, formats
from domain.conflicts import Conflict
from domain.errors import UserError
from domain.permissions import Write
from domain.ranges import FOLLOW_UP_YEAR
from domain.texts import CONTRIBUTIONS, FOLLOW_UP_COMMENT

INPUTS = {key: f"roadmap-follow-up-{key.replace('_', '-')}" for key in follow_up.VALUES}
COMMITMENT, YEAR, SAVE = "roadmap-follow-up-commitment", "roadmap-follow-up-year", "roadmap-follow-up-save"
BASE, MESSAGE, YEARS = "roadmap-follow-up-base", "roadmap-follow-up-message", "roadmap-follow-up-years"
HISTORY = "roadmap-follow-up-history"
# The follow-up opened (``BASE``), as ``_open`` writes it: the commitment, the year, the version read (None: none).
OPENED = {"id": sent.number, "year": sent.number, "version": sent.optional_number}
NOT_SAVED = "Suivi non enregistré : "
SEARCH_HINT = "Choisissez, ou tapez son numéro ou une partie de son titre…"


def commitment_options(commitments: pd.DataFrame) -> list[dict]:
    """The picker's options: every commitment of the territory, by number and title."""
    return [{"label": f"n° {number} — {title}", "value": int(number)}
            for number, title in zip(commitments["commitment_id"], commitments["title"])]


def offered_years() -> list[int]:
    """The years the follow-up offers: from the first one followed up to this year."""
    return list(range(FOLLOW_UP_YEAR.low, clock.now().year + 1))


def section(region: str, commitments: pd.DataFrame, editing: bool) -> html.Section:
    """The part, for the territory's commitments, that its picker offers as the person types (live page only: a
    frozen version is not followed up)."""
    years = offered_years()
    fields = []
    for key, component_id in INPUTS.items():
        if key == "comment":
            widget = dcc.Textarea(id=component_id, value="", rows=2, className="fr-input",
                                  maxLength=FOLLOW_UP_COMMENT.longest)
        else:
            widget = dcc.Input(id=component_id, value="", type="text", className="fr-input", debounce=True,
                               maxLength=CONTRIBUTIONS.longest if key == "objectives" else 40)
        fields.append(html.Div([html.Label(follow_up.LABELS[key], htmlFor=component_id), widget],
                               className="form-field"))
    return html.Section(id=ids.FOLLOW_UP, children=[
        html.H2("Suivi de réalisation"),
        html.P("Chaque année, ce qui a été réalisé (dans l'unité de chaque objectif de l'engagement : ktCO₂e ou unité "
               "physique de son levier, « indicateur : valeur » pour ses objectifs régionaux), ce qui a été dépensé, "
               "et un commentaire. Ce qui est réalisé dans l'année, pas un cumul : la trajectoire le cumule.",
               className="hint"),
        html.Div(className="controls", children=[
            html.Div([html.Label("Engagement", htmlFor=COMMITMENT),
                      searched_dropdown(COMMITMENT, commitment_options(commitments), SEARCH_HINT)],
                     className="control control--wide"),
            html.Div([html.Label(follow_up.LABELS["year"], htmlFor=YEAR),
                      dropdown(YEAR, years, years[-1] - 1)],
                     className="control"),
        ]),
        html.Div(fields, className="form-grid"),
        html.Div(html.Button("Enregistrer le suivi", id=SAVE, className="fr-btn fr-btn--primary",
                             disabled=not editing), className="form-actions"),
        html.P(id=MESSAGE, role="status", className="message",
               children=None if editing else read_only_note(RoadmapState(region=region).href(), Write.FOLLOW_UP)),
        dcc.Store(id=BASE),
        html.Div(id=YEARS),
        html.Details(className="history", children=[
            html.Summary("Historique de l'année choisie (qui a enregistré quoi, et quand)"), html.Div(id=HISTORY)]),
    ])


def _years(number: int) -> html.Div:
    return data_table(years_table(number, store.fetch(follow_up.stored, number)), "suivi", {"engagement": number})


def _history(number: int, year: int):
    return history_block(year_history(number, year, store.fetch(follow_up.history, number, year)),
                         "historique-suivi", {"engagement": number, "annee": year})


def register(app: dash.Dash) -> None:
    @app.callback(Output(COMMITMENT, "options"), Input(COMMITMENT, "search_value"), State(COMMITMENT, "value"),
                  State(ids.PARAMS, "data"), prevent_initial_call=True)
    def _search(search, number, params):
        """The territory's commitments whose number and title hold what the person types."""
        state = roadmap_data.page_state(params)
        return matching(commitment_options(roadmap_data.build(state.region, *state.place).commitments), search, number)

    @app.callback(
        output=dict(inputs={key: Output(component_id, "value") for key, component_id in INPUTS.items()},
                    base=Output(BASE, "data"), years=Output(YEARS, "children"), history=Output(HISTORY, "children")),
        inputs=dict(number=Input(COMMITMENT, "value"), year=Input(YEAR, "value")),
        prevent_initial_call=True,
    )
    def _open(number, year):
        """The year's follow-up of the chosen commitment as stored (blank when none), and its years."""
        if number is None or year is None:
            return {"inputs": dict.fromkeys(INPUTS, ""), "base": None, "years": None, "history": None}
        number, year = sent.number(number), sent.one_of(year, offered_years())
        if store.fetch(commitment_store.get, number) is None:  # no commitment has it (forged)
            sent.unanswered()
        stored = store.fetch(follow_up.get, number, year)
        shown = follow_up.written(stored) if stored else {}
        return {"inputs": {key: "" if shown.get(key) is None else formats.editable(shown[key])
                           if isinstance(shown[key], float) else shown[key] for key in INPUTS},
                "base": {"id": number, "year": year, "version": stored["version"] if stored else None},
                "years": _years(number), "history": _history(number, year)}

    @app.callback(
        output=dict(message=Output(MESSAGE, "children", allow_duplicate=True),
                    base=Output(BASE, "data", allow_duplicate=True),
                    years=Output(YEARS, "children", allow_duplicate=True),
                    history=Output(HISTORY, "children", allow_duplicate=True),
                    saved=Output(ids.SAVED, "data", allow_duplicate=True)),
        inputs=dict(_clicks=Input(SAVE, "n_clicks")),
        state=dict(number=State(COMMITMENT, "value"), year=State(YEAR, "value"), base=State(BASE, "data"),
                   typed={key: State(component_id, "value") for key, component_id in INPUTS.items()}),
        prevent_initial_call=True,
    )
    def _save(_clicks, number, year, base, typed):
        """Check the year against the stored commitment and save it through the write gate (its contributor, for
        its own territories, or the regional team)."""
        number, base = sent.optional_number(number), None if base is None else sent.record(base, OPENED)
        commitment = None if number is None else store.fetch(commitment_store.get, number)
        if commitment is None:
            raise UserError(NOT_SAVED + "choisissez un engagement.", MESSAGE)
        checked = follow_up.validate({"year": year, **typed}, commitment,
                                     commitment_context(commitment["region"]))
        unchanged = dict.fromkeys(("base", "years", "history", "saved"), no_update)
        if not checked.ok:
            return {**unchanged, "message": NOT_SAVED + " ; ".join(
                f"{follow_up.LABELS[key]} : {problem}" for key, problem in checked.errors.items())}
        year = checked.values["year"]
        same_year = base and base.get("id") == number and base.get("year") == year
        saved = gate.write(follow_up.save, number, year, {key: checked.values[key] for key in follow_up.VALUES},
                           base.get("version") if same_year else None, kind=Write.FOLLOW_UP,
                           territory=(commitment["territory_level"], commitment["territory_code"]), record=number,
                           show_at=MESSAGE)
        if isinstance(saved, Conflict):
            stored = saved.stored
            return {**unchanged, "years": _years(number), "history": _history(number, year),
                    "message": f"{NOT_SAVED}quelqu'un a enregistré le suivi {year} de l'engagement n° {number} "
                               f"entre-temps (version {stored.get('version')}) : choisissez de nouveau l'année pour le "
                               "relire."}
        return {"message": f"Suivi {year} de l'engagement n° {number} enregistré (version {saved}).",
                "base": {"id": number, "year": year, "version": saved}, "years": _years(number),
                "history": _history(number, year), "saved": time.time_ns()}
