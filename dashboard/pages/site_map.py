"""Plan du site: every page a reader can open from the menu or the footer."""

from __future__ import annotations

import dash
from dash import dcc, html

from dashboard.components.site_links import FOOTER_LINKS, SITE_MAP
from dashboard.state import PageState, href, nav_pages

TITLE = "Plan du site"
dash.register_page(__name__, path=SITE_MAP, name=TITLE, title=f"{TITLE} — COP territoriale", nav=False)


def layout(**params):
    state = PageState.from_query(params)
    return html.Div(id="site-map-page", className="site-page", children=[
        html.H1(TITLE),
        html.Nav(**{"aria-label": "Plan du site"}, children=html.Ul([
            html.Li([html.Span("Pages du tableau de bord"), html.Ul(
                [html.Li(dcc.Link(page["name"], href=href(page["relative_path"], state))) for page in nav_pages()]
                + [html.Li(dcc.Link("Mode projection", href=href("/projection", state)))])]),
            html.Li([html.Span("Informations"), html.Ul(
                [html.Li(dcc.Link(label.split(" :")[0], href=path)) for path, label in FOOTER_LINKS])]),
        ])),
    ])
