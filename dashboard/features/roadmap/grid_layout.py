"""How the roadmap's commitments fit the screen: the grid's decision columns first (``grid.SHOWN``), every column
on demand, one card per commitment on a phone (``grid.PHONE_CARDS``); a visitor, who cannot write, sees a
commitment's form once they open one, never an empty one. The browser does it (assets/roadmap_layout.js)."""

from __future__ import annotations

import dash
from dash import ClientsideFunction, Input, Output, State, dcc, html

from dashboard.features.roadmap.grid import SHOWN
from dashboard.features.roadmap.ids import FORM_BASE, GRID

ALL_COLUMNS = "roadmap-grid-all-columns"
SHOWN_STORE = "roadmap-grid-shown"
FORM_BODY = "roadmap-form-body"
FORM_INVITATION = "roadmap-form-invitation"
READING = "roadmap-form-reading"


def column_choice() -> html.Div:
    """The box that shows every column of the grid (the others are in the commitment's form)."""
    return html.Div(className="grid-columns", children=[
        dcc.Checklist(id=ALL_COLUMNS, value=[], options=[  # in the DSFR checkbox's look: assets/roadmap.css
            {"label": "Afficher toutes les colonnes (coût, financement, contact, version…)", "value": "toutes"}]),
        dcc.Store(id=SHOWN_STORE, data=list(SHOWN)),
    ])


def form_until_opened(form, editing: bool) -> list:
    """``form`` as the page shows it: to an editor at once (a new commitment starts there), to a visitor once a
    commitment is opened from the grid, with an invitation to open one until then."""
    return [
        dcc.Store(id=READING, data=not editing),
        html.P("Sélectionnez un engagement dans le tableau ci-dessus pour afficher sa fiche et son historique.",
               id=FORM_INVITATION, className="hint", hidden=editing),
        html.Div(form, id=FORM_BODY, hidden=not editing),
    ]


def register(app: dash.Dash) -> None:
    app.clientside_callback(
        ClientsideFunction(namespace="roadmapLayout", function_name="columns"),
        Output(GRID, "columnDefs"),
        Input(ALL_COLUMNS, "value"), State(GRID, "columnDefs"), State(SHOWN_STORE, "data"),
        prevent_initial_call=True,
    )
    app.clientside_callback(
        ClientsideFunction(namespace="roadmapLayout", function_name="form"),
        Output(FORM_BODY, "hidden"), Output(FORM_INVITATION, "hidden"),
        Input(FORM_BASE, "data"), State(READING, "data"),
        prevent_initial_call=True,
    )
