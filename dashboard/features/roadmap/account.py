"""The roadmap's account line: who is signed in and what they may do, or how to sign in to edit.

It names the account, so it is not part of the page's answer, which is kept once per role
(dashboard/serving/page_answers.py): the page holds an empty line, filled by its own small callback.
"""

from __future__ import annotations

import dash
from dash import Input, Output, html

from dashboard.access import auth, gate
from dashboard.features.roadmap import data as roadmap_data
from dashboard.features.roadmap.ids import ACCOUNT, PARAMS
from dashboard.page_states import RoadmapState
from dashboard.state import href
from domain.permissions import Write


def placeholder() -> html.Div:
    return html.Div(className="account", id=ACCOUNT)


def line(region: str) -> list:
    here = RoadmapState(region=region).href()
    name = auth.editor_name()
    if name:
        return [html.Span(f"Connecté : {name}. " + _what_you_may_do()),
                html.Form(html.Button("Se déconnecter", type="submit", className="fr-btn fr-btn--secondary"),
                          method="POST", action=href(auth.SIGN_OUT, suivant=here))]
    return [html.Span("Lecture seule. "),
            html.A("Se connecter pour modifier", href=href(auth.SIGN_IN, suivant=here), id="roadmap-sign-in")]


def _what_you_may_do() -> str:
    if gate.may(Write.REVIEW):
        return "Vous pouvez modifier, importer et relire les engagements."
    if gate.may(Write.COMMITMENT):
        return "Vous proposez les engagements de vos territoires ; l'équipe régionale les relit."
    return f"{gate.read_only_reason(Write.COMMITMENT)}."


def register(app: dash.Dash) -> None:
    @app.callback(Output(ACCOUNT, "children"), Input(PARAMS, "data"))
    def _show_account(params: dict) -> list:
        return line(roadmap_data.page_state(params).region)
