"""Mentions légales: who publishes the service, who is responsible for it, who hosts it, and under which licences.
The operator is the deployment's (dashboard/serving/operator.py)."""

from __future__ import annotations

import dash
from dash import dcc, html

from dashboard.components.frame import LICENCE, SERVICE
from dashboard.components.site_links import ACCESSIBILITY, LEGAL_NOTICE, PERSONAL_DATA
from dashboard.features.site.blocks import contact, section
from dashboard.serving import operator

TITLE = "Mentions légales"
dash.register_page(__name__, path=LEGAL_NOTICE, name=TITLE, title=f"{TITLE} — COP territoriale", nav=False,
                   imported_only=True)


def layout(**_params):
    site = operator.configured()
    return html.Div(id="legal-notice-page", className="site-page", children=[
        html.H1(TITLE),
        section("Éditeur", html.P([f"Le service « {SERVICE} » est édité et exploité par ",
                                   html.Strong(site.name, id="legal-notice-operator"), "."]),
                html.P(f"Directeur ou directrice de la publication : {site.director}."),
                contact("toute question sur ce service")),
        section("Hébergement", html.P(f"Hébergement : {site.host}.")),
        section("Objet du service", html.P(
            "Outil d'appui aux COP territoriales (circulaire du 29 septembre 2023) : décliner la planification "
            "écologique nationale en engagements régionaux pour 2030. Les chiffres « indicatifs » sont des données "
            "de travail du SGPE, qui n'engagent pas l'État ; les chiffres « illustratifs » sont fictifs.")),
        section("Propriété intellectuelle et licences", html.P([
            "Sauf mention contraire, les contenus de ce site sont proposés sous ",
            html.A("licence etalab-2.0", href=LICENCE), ". Les données publiques qu'il réunit sont sous Licence "
            "Ouverte : déclinaison régionale indicative du SGPE, contours IGN ADMIN EXPRESS, communes et EPCI de "
            "l'Insee et de la DGCL, composition des CRTE de l'ANCT ; chaque chiffre indique sa source. Les "
            "engagements et contributions saisis appartiennent aux organisations qui les portent."]),
            html.P("Le Système de Design de l'État (DSFR), la Marianne et la police Marianne sont réservés aux "
                   "sites de l'administration : ils ne peuvent pas être réutilisés hors de ce cadre.")),
        section("Accessibilité et données personnelles", html.P([
            "Voir la ", dcc.Link("déclaration d'accessibilité", href=ACCESSIBILITY), " et la page ",
            dcc.Link("données personnelles", href=PERSONAL_DATA), "."])),
    ])
