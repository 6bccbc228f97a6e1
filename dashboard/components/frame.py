"""The state look and feel around every page: header with the Marianne block, navigation, footer.

The header and footer lie outside ``dash.page_container``: their links follow the URL in the browser
(assets/page_state.js, see dashboard/state.py), and under 768 px the menu folds behind a « Menu » button.
"""

from __future__ import annotations

import dash
from dash import (
    ALL,
    ClientsideFunction,
    Input,
    Output,
    State,
    dcc,
    html,
)

from dashboard.access import auth
from dashboard.state import REMEMBERED_REGION, SHARED, SHOWN_REGION, link_id, nav_pages
from domain.permissions import ROLE_NAMES, Role

SERVICE = "COP territoriale — tableau de bord"
TAGLINE = "Planification écologique : de l'objectif national à la feuille de route régionale 2030"


def header() -> html.Header:
    return html.Header(className="fr-header", children=[
        html.Div(className="fr-header__body", children=[
            html.Div(className="fr-logo", children=["République", html.Br(), "Française"]),
            html.Div(className="fr-header__service", children=[
                dcc.Link(SERVICE, href="/", id=link_id("/", "title"), className="fr-header__service-title"),
                html.P(TAGLINE, className="fr-header__service-tagline"),
            ]),
            account_area(),
        ]),
        html.Nav(className="fr-nav", id="site-nav", **{"aria-label": "Menu principal"}, children=[
            html.Button("Menu", id="site-menu-toggle", className="fr-nav__toggle", type="button", n_clicks=0,
                        **{"aria-expanded": "false", "aria-controls": "site-menu"}),
            html.Ul(id="site-menu", className="fr-nav__list", children=[
                html.Li(dcc.Link(page["name"], href=page["relative_path"], id=link_id(page["relative_path"]),
                                 className="fr-nav__link"))
                for page in nav_pages()
            ] + [html.Li(dcc.Link("Mode projection", id="projection-link", href="/projection",
                                  className="fr-nav__link fr-nav__link--projection"))]),
        ]),
    ])


def account_view() -> tuple[str, Role] | None:
    """All that the frame shows of the signed-in account: its name and role (None when anonymous). The
    frame is kept per account view (dashboard/serving/page_answers.py)."""
    account = auth.signed_in()
    return None if account is None else (account.name, account.role)


def account_area() -> html.Div:
    """Who is signed in and with which role (what they may write follows from it), or the way to sign in."""
    view = account_view()
    if view is None:
        return html.Div(id="header-account", className="fr-header__account",
                        children=html.A("Se connecter", href=auth.SIGN_IN, id="header-sign-in"))
    name, role = view
    return html.Div(id="header-account", className="fr-header__account", children=[
        html.Span([name, " — ", html.Span(ROLE_NAMES[role], id="header-role")], className="fr-header__account-name"),
        dcc.Link("Comptes", href="/comptes", id="header-accounts") if role == Role.ADMIN else None,
        html.A("Mot de passe", href=auth.NEW_PASSWORD, id="header-password"),
        html.A("Se déconnecter", href=auth.SIGN_OUT, id="header-sign-out"),
    ])


def footer() -> html.Footer:
    return html.Footer(className="fr-footer", children=[
        html.P("Outil d'appui aux COP territoriales (circulaire du 29 septembre 2023). Chaque chiffre indique "
               "sa source, son millésime et son statut : officiel, indicatif (données de travail du SGPE, "
               "qui n'engagent pas l'État), illustratif (données fictives) ou calculé."),
        html.P(dcc.Link("Données et méthode", href="/donnees", id=link_id("/donnees", "footer"))),
    ])


def shell() -> html.Div:
    return html.Div([
        html.A("Aller au contenu", href="#contenu", className="fr-skiplink"),
        dcc.Store(id="page-state-shared", data=list(SHARED)),
        dcc.Store(id=REMEMBERED_REGION, storage_type="local"),
        header(),
        html.Div(id="erreur-globale", role="alert", className="fr-alert", hidden=True),
        html.Main(dash.page_container, id="contenu", className="fr-container", tabIndex="-1"),
        footer(),
    ])


def register(app: dash.Dash) -> None:
    """The header's links follow the URL, the browser remembers the region shown, the menu folds: in the browser
    (assets/page_state.js)."""
    app.clientside_callback(
        ClientsideFunction(namespace="page_state", function_name="links"),
        Output(link_id(ALL, ALL), "href"),
        Output("projection-link", "href"),
        Input("_pages_location", "href"),
        State("page-state-shared", "data"),
    )
    app.clientside_callback(
        ClientsideFunction(namespace="page_state", function_name="remember"),
        Output(REMEMBERED_REGION, "data"),
        Input(SHOWN_REGION, "data"),
        prevent_initial_call=False,
    )
    app.clientside_callback(
        ClientsideFunction(namespace="page_state", function_name="menu"),
        Output("site-menu-toggle", "aria-expanded"),
        Output("site-nav", "className"),
        Input("site-menu-toggle", "n_clicks"),
        Input("_pages_location", "href"),
        State("site-menu-toggle", "aria-expanded"),
    )
