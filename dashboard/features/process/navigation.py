"""The region chosen on the process page opens that region's page (its map level kept)."""

from __future__ import annotations

import dash
from dash import Input, Output, State

from dashboard.features.process import ids
from dashboard.state import PageState, href


def _choose_region(region, search):
    level = "departement" if "niveau=departement" in (search or "") else "crte"
    return href("", PageState(region=region), niveau=level)


def register(app: dash.Dash) -> None:
    app.callback(Output(ids.PROCESS_URL, "search"), Input(ids.PROCESS_REGION, "value"),
                 State(ids.PROCESS_URL, "search"), prevent_initial_call=True)(_choose_region)
