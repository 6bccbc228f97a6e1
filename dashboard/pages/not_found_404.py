"""The page for an address that names no page, in French; the server answers it with HTTP 404
(dashboard/serving/not_found.py)."""

from __future__ import annotations

import dash
from dash import dcc, html

from dashboard.state import PageState, href, nav_pages

dash.register_page(__name__, path="/404", name="Page introuvable", title="Page introuvable — COP territoriale",
                   nav=False)


def layout(**params):
    state = PageState.from_query(params)
    return html.Div(id="page-not-found", children=[
        html.H1("Page introuvable"),
        html.P("Cette adresse ne correspond à aucune page du tableau de bord : elle a peut-être été mal copiée, "
               "ou la page a changé de nom."),
        html.P(dcc.Link("Retour à la vue d'ensemble", href=href("/", state), id="not-found-home")),
        html.Nav(**{"aria-label": "Pages du tableau de bord"}, children=html.Ul([
            html.Li(dcc.Link(page["name"], href=href(page["relative_path"], state))) for page in nav_pages()])),
    ])
