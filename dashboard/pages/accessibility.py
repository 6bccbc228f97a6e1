"""Déclaration d'accessibilité (RGAA 4.1), linked from the footer as « Accessibilité : partiellement conforme »."""

from __future__ import annotations

import dash
from dash import dcc, html

from dashboard.components.frame import SERVICE
from dashboard.components.site_links import ACCESSIBILITY, SITE_MAP
from dashboard.features.site.blocks import contact, section
from dashboard.serving import operator

TITLE = "Déclaration d'accessibilité"
dash.register_page(__name__, path=ACCESSIBILITY, name=TITLE, title=f"{TITLE} — COP territoriale", nav=False,
                   imported_only=True)

EVALUATED = "6 décembre 2026"
# What an evaluation found and what is not fixed yet: a defect fixed leaves this list in the same change.
DEFECTS = [
    "Feuille de route : la grille des engagements défile horizontalement à 1 280 pixels de large, et certaines "
    "colonnes de décision (statut, relecture) sont hors de l'écran (critère 10.11).",
    "Sur un téléphone (390 pixels), certains graphiques coupent leurs étiquettes ou le titre d'un axe, et des "
    "tableaux coupent des mots en leur milieu (critères 10.11 et 10.4).",
    "Écarts et ambition : la page est longue et n'offre pas encore de sommaire (critère 12.1 : un seul système "
    "de navigation en plus du menu).",
    "Les graphiques et cartes sont des images interactives : leurs valeurs sont reprises dans un tableau ou un "
    "texte à côté, mais leurs infobulles ne s'ouvrent qu'au survol (critère 13.9).",
]
TESTED = [
    "chaque page, au repos, à 1 920, 1 280 et 390 pixels de large, avec axe-core 4 (aucune violation grave ou "
    "critique tolérée par les tests automatiques), et chaque liste déroulante ouverte sur les pages « Comptes », "
    "« Données et méthode » et « Feuille de route » ;",
    "des parcours au clavier seul (menu, formulaires de la feuille de route, imports, mode projection) ;",
    "l'impression des documents sur A4 (rien de plus large que la page) ;",
    "aucun lecteur d'écran n'a encore été essayé ; aucun audit complet par un organisme indépendant n'a été "
    "réalisé : le taux de conformité n'est pas mesuré.",
]


def layout(**_params):
    return html.Div(id="accessibility-page", className="site-page", children=[
        html.H1(TITLE),
        html.P(["L'exploitant de ce service, ", operator.configured().name, ", s'engage à rendre ses services "
                "numériques accessibles, conformément à l'article 47 de la loi n° 2005-102 du 11 février 2005. "
                "Cette déclaration s'applique au service « ", SERVICE, " »."]),
        section("État de conformité", html.P([
            "Ce service est ", html.Strong("partiellement conforme"), " avec le référentiel général "
            "d'amélioration de l'accessibilité (RGAA), version 4.1, en raison des non-conformités et des "
            "défauts énumérés ci-dessous."])),
        section("Ce qui a été évalué, et comment", html.P(
            f"Évaluation interne menée par l'équipe qui développe le service, le {EVALUATED}, sur toutes les pages "
            "du plan du site, avec des données réelles (Bretagne et Occitanie) :"),
            html.Ul([html.Li(text) for text in TESTED]),
            html.P(["Technologies utilisées : HTML5, CSS, JavaScript (Dash, plotly.js, AG Grid), SVG. "
                    "Environnement de test : Chromium sous Linux, axe-core 4. Pages évaluées : celles du ",
                    dcc.Link("plan du site", href=SITE_MAP), "."])),
        section("Contenus non accessibles", html.P("Non-conformités et défauts connus, en cours de correction :"),
                html.Ul([html.Li(defect) for defect in DEFECTS], id="accessibility-defects"),
                html.P("Dérogations pour charge disproportionnée : aucune. Contenus non soumis à l'obligation "
                       "d'accessibilité : aucun.")),
        section("Établissement de cette déclaration", html.P(
            f"Cette déclaration a été établie le {EVALUATED}, sur l'évaluation interne décrite plus haut.")),
        section("Retour d'information et contact", html.P(
            "Si vous n'arrivez pas à accéder à un contenu ou à un service, vous pouvez le signaler : l'exploitant "
            "vous répond et vous donne l'information sous une autre forme."),
            contact("signaler un défaut d'accessibilité")),
        section("Voies de recours", html.P(
            "Si vous avez signalé un défaut d'accessibilité qui vous empêche d'accéder à un contenu ou à un "
            "service et n'avez pas obtenu de réponse satisfaisante, vous pouvez saisir le Défenseur des droits :"),
            html.Ul([
                html.Li(["par son formulaire en ligne : ", html.A(
                    "formulaire.defenseurdesdroits.fr", href="https://formulaire.defenseurdesdroits.fr/")]),
                html.Li(["auprès d'un de ses délégués dans votre région : ", html.A(
                    "liste des délégués", href="https://www.defenseurdesdroits.fr/saisir/delegues")]),
                html.Li("par courrier, gratuitement, sans affranchissement : Défenseur des droits, Libre réponse "
                        "71120, 75342 Paris CEDEX 07."),
            ])),
    ])
