"""The state look and feel around every page: header with the Marianne block, navigation, footer.

The header and footer are DSFR's (the style sheet that ``make`` builds, dashboard/serving/dsfr_bundle.py). They lie
outside ``dash.page_container``: their links follow the URL in the browser (assets/page_state.js, see
dashboard/state.py), and under 992 px the menu folds behind a « Menu » button.
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
from dashboard.components import site_links as paths
from dashboard.serving import operator
from dashboard.state import REMEMBERED_REGION, SHARED, SHOWN_REGION, link_id, nav_pages
from domain.permissions import ROLE_NAMES, Role

SERVICE = "COP territoriale — tableau de bord"
TAGLINE = "Planification écologique : de l'objectif national à la feuille de route régionale 2030"
# The State's sites that DSFR's footer names (they open in a new window).
STATE_SITES = ["info.gouv.fr", "service-public.gouv.fr", "legifrance.gouv.fr", "data.gouv.fr"]
LICENCE = "https://github.com/etalab/licence-ouverte/blob/master/LO.md"
ACCOUNTS_LINK = link_id("/comptes", "header")  # an administrator's « Comptes », in the header


def marianne_block() -> html.P:
    """The bloc-marque: « République française » under the Marianne (drawn by DSFR's ``fr-logo``)."""
    return html.P(["République", html.Br(), "française"], className="fr-logo")


def header() -> html.Header:
    """DSFR's header: the bloc-marque, the service and its operator, the account's links, the menu. Under 992 px the
    menu and the account's links fold into a panel that the « Menu » button opens (no DSFR script: the frame's
    callback, assets/page_state.js)."""
    return html.Header(className="fr-header", children=[
        html.Div(className="fr-header__body", children=html.Div(className="fr-container", children=html.Div(
            className="fr-header__body-row", children=[
                html.Div(className="fr-header__brand fr-enlarge-link", children=[
                    html.Div(className="fr-header__brand-top", children=[
                        html.Div(marianne_block(), className="fr-header__logo"),
                        html.Div(className="fr-header__navbar", children=html.Button(
                            "Menu", id="site-menu-toggle", className="fr-btn--menu fr-btn", type="button", n_clicks=0,
                            title="Menu", **{"aria-expanded": "false", "aria-controls": "site-menu"})),
                    ]),
                    html.Div(className="fr-header__service", children=[
                        dcc.Link(SERVICE, href="/", id=link_id("/", "title"), className="fr-header__service-title",
                                 title=f"Accueil — {SERVICE} — {operator.configured().name}"),
                        html.P([html.Span(operator.configured().name, id="header-operator"), " · ", TAGLINE],
                               className="fr-header__service-tagline"),
                    ]),
                ]),
                html.Div(className="fr-header__tools", children=html.Div(
                    className="fr-header__tools-links", children=account_area())),
            ]))),
        html.Div(id="site-menu", className="fr-header__menu fr-modal", **{"aria-labelledby": "site-menu-toggle"},
                 children=html.Div(className="fr-container", children=[
                     html.Button("Fermer", id="site-menu-close", className="fr-btn--close fr-btn", type="button",
                                 n_clicks=0, title="Fermer le menu", **{"aria-controls": "site-menu"}),
                     html.Div(className="fr-header__menu-links", children=account_links(with_ids=False)),
                     html.Nav(className="fr-nav", id="site-nav", role="navigation", **{"aria-label": "Menu principal"},
                              children=html.Ul(className="fr-nav__list", children=[
                                  html.Li(dcc.Link(page["name"], href=page["relative_path"],
                                                   id=link_id(page["relative_path"]), className="fr-nav__link"),
                                          className="fr-nav__item")
                                  for page in nav_pages()
                              ] + [html.Li(dcc.Link("Mode projection", id="projection-link", href="/projection",
                                                    className="fr-nav__link fr-nav__link--projection"),
                                           className="fr-nav__item")])),
                 ])),
    ])


def account_view() -> tuple[str, Role] | None:
    """All that the frame shows of the signed-in account: its name and role (None when anonymous). The
    frame is kept per account view (dashboard/serving/page_answers.py)."""
    account = auth.signed_in()
    return None if account is None else (account.name, account.role)


def account_area() -> html.Div:
    """Who is signed in and with which role (what they may write follows from it), or the way to sign in."""
    view = account_view()
    children = account_links(with_ids=True)
    if view is not None:
        name, role = view
        children = [html.P([name, " — ", html.Span(ROLE_NAMES[role], id="header-role")],
                           className="fr-header__account-name"), children]
    return html.Div(id="header-account", className="fr-header__account", children=children)


def account_links(with_ids: bool) -> html.Ul:
    """The account's links as DSFR buttons; the copy shown in the phone's menu panel has no ids (one id, one
    element)."""
    view = account_view()

    def link(label: str, href: str, name: str):
        attributes = {"id": name} if with_ids else {}
        return html.Li(html.A(label, href=href, className="fr-btn", **attributes))

    def page_link(label: str, path: str):
        """A page's link, which keeps the shared parameters (the region: /comptes lists its territories first)."""
        place = ACCOUNTS_LINK["place"] if with_ids else "menu-account"
        return html.Li(dcc.Link(label, href=path, className="fr-btn", id=link_id(path, place)))

    if view is None:
        items = [link("Se connecter", auth.SIGN_IN, "header-sign-in")]
    else:
        items = [page_link("Comptes", ACCOUNTS_LINK["path"]) if view[1] == Role.ADMIN else None,
                 link("Mot de passe", auth.NEW_PASSWORD, "header-password"),
                 link("Se déconnecter", auth.SIGN_OUT, "header-sign-out")]
    return html.Ul([item for item in items if item is not None], className="fr-btns-group")


def footer() -> html.Footer:
    """DSFR's footer: the bloc-marque, what the tool is, the State's sites, the pages every State site carries."""
    return html.Footer(className="fr-footer", id="footer", children=html.Div(className="fr-container", children=[
        html.Div(className="fr-footer__body", children=[
            html.Div(className="fr-footer__brand fr-enlarge-link", children=dcc.Link(
                marianne_block(), href="/", id=link_id("/", "footer"), title=f"Retour à l'accueil — {SERVICE}")),
            html.Div(className="fr-footer__content", children=[
                html.P(["Outil d'appui aux COP territoriales (circulaire du 29 septembre 2023). Exploitant : ",
                        operator.configured().name, ". Chaque chiffre indique sa source, son millésime et son "
                        "statut : officiel, indicatif (données de travail du SGPE, qui n'engagent pas l'État), "
                        "illustratif (données fictives) ou calculé. ",
                        dcc.Link("Données et méthode", href="/donnees", id=link_id("/donnees", "footer")), "."],
                       className="fr-footer__content-desc"),
                html.Ul(className="fr-footer__content-list", children=[
                    html.Li(html.A(site, href=f"https://www.{site}",
                                   className="fr-footer__content-link", target="_blank", rel="noopener",
                                   title=f"{site} — nouvelle fenêtre"), className="fr-footer__content-item")
                    for site in STATE_SITES]),
            ]),
        ]),
        html.Div(className="fr-footer__bottom", children=[
            html.Ul(className="fr-footer__bottom-list", children=[
                html.Li(dcc.Link(label, href=path, id=f"footer-link{path.replace('/', '-')}",
                                 className="fr-footer__bottom-link"), className="fr-footer__bottom-item")
                for path, label in paths.FOOTER_LINKS]),
            html.Div(className="fr-footer__bottom-copy", children=html.P([
                "Sauf mention contraire, les contenus de ce site sont proposés sous ",
                html.A("licence etalab-2.0", href=LICENCE, target="_blank", rel="noopener",
                       title="licence etalab-2.0 — nouvelle fenêtre"), "."])),
        ]),
    ]))


def shell() -> html.Div:
    return html.Div([
        html.Div(className="fr-skiplinks", children=html.Nav(
            className="fr-container", role="navigation", **{"aria-label": "Accès rapide"},
            children=html.Ul(className="fr-skiplinks__list", children=[
                html.Li(html.A("Contenu", href="#contenu", className="fr-link")),
                html.Li(html.A("Menu", href="#site-nav", className="fr-link")),
                html.Li(html.A("Pied de page", href="#footer", className="fr-link")),
            ]))),
        dcc.Store(id="page-state-shared", data=list(SHARED)),
        dcc.Store(id=REMEMBERED_REGION, storage_type="local"),
        header(),
        html.Div(id="erreur-globale", role="alert", className="fr-alert", hidden=True),
        html.Main(dash.page_container, id="contenu", className="fr-container page-content", tabIndex="-1"),
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
        Output("site-menu", "className"),
        Input("site-menu-toggle", "n_clicks"),
        Input("site-menu-close", "n_clicks"),
        Input("_pages_location", "href"),
        State("site-menu-toggle", "aria-expanded"),
    )
