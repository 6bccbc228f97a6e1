"""Données personnelles: what accounts and the register keep about people, why, how long and who sees it (as
docs/roles.md and dashboard/access/reading.py apply it)."""

from __future__ import annotations

import dash
from dash import html

from dashboard.components.site_links import PERSONAL_DATA
from dashboard.features.site.blocks import contact, section
from dashboard.serving import operator

TITLE = "Données personnelles"
dash.register_page(__name__, path=PERSONAL_DATA, name=TITLE, title=f"{TITLE} — COP territoriale", nav=False,
                   imported_only=True)

# (what is kept, why, how long, who sees it)
KEPT = [
    ("Comptes : identifiant, nom, rôle, territoires rattachés, empreinte du mot de passe (jamais le mot de passe "
     "lui-même), compte actif ou non, date de dernière connexion, liens d'invitation (empreinte, auteur, dates)",
     "ouvrir l'écriture aux seules personnes dont le rôle le permet",
     "tant que la personne prend part à la COP ; désactivé ensuite, le compte reste nommé dans le registre des "
     "écritures",
     "les administrateurs (page « Comptes ») ; chacun voit son propre nom et son rôle"),
    ("Registre des écritures : l'auteur (identifiant) et l'heure de chaque import, engagement, relecture, "
     "scénario, méthode de déclinaison, version figée et changement de compte",
     "savoir qui a écrit quoi, relire et annuler une écriture",
     "autant que la feuille de route et ses versions présentées en COP",
     "les comptes connectés des rôles administrateur, équipe régionale et contributeur ; les auteurs des imports, "
     "les administrateurs et l'équipe régionale seulement ; jamais le public"),
    ("Contacts des engagements : le nom ou l'adresse qu'un porteur indique dans la colonne « Contact »",
     "joindre la personne qui suit un engagement",
     "autant que l'engagement",
     "les comptes connectés des rôles administrateur, équipe régionale et contributeur ; jamais le public"),
    ("Connexions refusées : l'identifiant essayé et l'adresse IP",
     "freiner les essais de mots de passe (attente imposée) et les repérer",
     "15 minutes en mémoire ; dans le journal du serveur, selon sa rotation par l'exploitant",
     "l'exploitant (journal du serveur)"),
]


def layout(**_params):
    site = operator.configured()
    return html.Div(id="personal-data-page", className="site-page", children=[
        html.H1(TITLE),
        html.P([f"Responsable du traitement : {site.name}. Base légale : l'exécution d'une mission d'intérêt public "
                "(article 6.1.e du RGPD), la conduite de la COP territoriale. Le public consulte le tableau de bord "
                "sans compte : rien n'est alors gardé sur lui."]),
        section("Ce qui est gardé, pourquoi, combien de temps, qui le voit", html.Div(
            className="fr-table", role="region", tabIndex="0", **{"aria-label": "Données gardées"},
            children=html.Table([
                html.Caption("Données personnelles gardées par le service"),
                html.Thead(html.Tr([html.Th(name, scope="col") for name in
                                    ("Données", "Pourquoi", "Combien de temps", "Qui les voit")])),
                html.Tbody([html.Tr([html.Td(cell, **{"data-label": label}) for cell, label in
                                     zip(row, ("Données", "Pourquoi", "Combien de temps", "Qui les voit"))])
                            for row in KEPT]),
            ]))),
        section("Cookies et stockage dans le navigateur", html.P(
            "Un seul cookie, strictement nécessaire : celui de la session d'une personne connectée, qui disparaît à "
            "la déconnexion ou à la fermeture du navigateur. Le navigateur garde aussi la dernière région choisie "
            "(stockage local), pour rouvrir la même. Aucune mesure d'audience, aucun service tiers : ces traceurs "
            "ne demandent pas de consentement.")),
        section("Vos droits", html.P(
            "Vous pouvez accéder aux données qui vous concernent, les faire rectifier ou effacer, en limiter "
            "l'usage ou vous y opposer (articles 15 à 21 du RGPD)."),
            contact("exercer ces droits"),
            html.P(["Si vous estimez, après nous avoir contactés, que vos droits ne sont pas respectés, vous pouvez "
                    "adresser une réclamation à la CNIL : ", html.A("cnil.fr", href="https://www.cnil.fr/")])),
    ])
