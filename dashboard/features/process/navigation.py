"""The region chosen on the process page opens that region's page (its map level kept)."""

from __future__ import annotations

import dash
from dash import Input, Output, State

from dashboard.features.process import ids
from dashboard.page_states import ProcessState


def _choose_region(region, search):
    return ProcessState.from_search(search).replace(region=region).search()


def register(app: dash.Dash) -> None:
    app.callback(Output(ids.PROCESS_URL, "search"), Input(ids.PROCESS_REGION, "value"),
                 State(ids.PROCESS_URL, "search"), prevent_initial_call=True)(_choose_region)
