"""The state look and feel around every page: header with the Marianne block, navigation, footer."""

from __future__ import annotations

import dash
from dash import dcc, html

SERVICE = "COP territoriale — tableau de bord"
TAGLINE = "Planification écologique : de l'objectif national à la feuille de route régionale 2030"


def header() -> html.Header:
    return html.Header(className="fr-header", children=[
        html.Div(className="fr-header__body", children=[
            html.Div(className="fr-logo", children=["République", html.Br(), "Française"]),
            html.Div(className="fr-header__service", children=[
                html.A(SERVICE, href="/", className="fr-header__service-title"),
                html.P(TAGLINE, className="fr-header__service-tagline"),
            ]),
        ]),
        html.Nav(className="fr-nav", **{"aria-label": "Menu principal"}, children=html.Ul([
            html.Li(dcc.Link(page["name"], href=page["relative_path"], className="fr-nav__link"))
            for page in dash.page_registry.values() if page.get("nav", True)
        ] + [html.Li(dcc.Link("Mode projection", id="projection-link", href="/projection",
                              className="fr-nav__link fr-nav__link--projection"))])),
    ])


def footer() -> html.Footer:
    return html.Footer(className="fr-footer", children=[
        html.P("Outil d'appui aux COP territoriales (circulaire du 29 septembre 2023). Chaque chiffre indique "
               "sa source, son millésime et son statut : officiel, indicatif (données de travail du SGPE, "
               "qui n'engagent pas l'État), illustratif (données fictives) ou calculé."),
        html.P(dcc.Link("Données et méthode", href="/donnees")),
    ])


def shell() -> html.Div:
    return html.Div([
        html.A("Aller au contenu", href="#contenu", className="fr-skiplink"),
        header(),
        html.Div(id="erreur-globale", role="alert", className="fr-alert", hidden=True),
        html.Main(dash.page_container, id="contenu", className="fr-container", tabIndex="-1"),
        footer(),
    ])
