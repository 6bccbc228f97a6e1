"""The plain HTML pages of signing in and out (served by Flask, outside Dash: they work without JavaScript)."""

from __future__ import annotations

from markupsafe import escape

SIGN_IN, SIGN_OUT = "/connexion", "/deconnexion"


def _page(title: str, body: str) -> str:
    return f"""<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} — COP territoriale</title><link rel="stylesheet" href="/assets/style.css"></head>
<body><header class="fr-header"><div class="fr-header__body"><div class="fr-logo">République<br>Française</div>
<div class="fr-header__service"><a class="fr-header__service-title" href="/">COP territoriale — tableau de bord</a>
</div></div></header>
<main class="fr-container" id="contenu">{body}</main></body></html>"""


def sign_in_page(problem: str | None, next_page: str, public_reading: bool) -> str:
    alert = f'<p class="fr-alert" role="alert" id="connexion-erreur">{escape(problem)}</p>' if problem else ""
    reading = ("La consultation est libre ; la connexion est nécessaire pour modifier ou importer des engagements."
               if public_reading else "La connexion est nécessaire pour consulter et modifier le tableau de bord.")
    return _page("Connexion", f"""<h1>Connexion des éditeurs</h1>{alert}<p>{reading}</p>
<form method="post" action="{SIGN_IN}" class="sign-in">
<input type="hidden" name="suivant" value="{escape(next_page)}">
<p><label for="identifiant">Identifiant</label><br>
<input id="identifiant" name="identifiant" autocomplete="username" required></p>
<p><label for="mot_de_passe">Mot de passe</label><br>
<input id="mot_de_passe" name="mot_de_passe" type="password" autocomplete="current-password" required></p>
<p><button type="submit" class="fr-btn fr-btn--primary" id="connexion-valider">Se connecter</button></p>
</form><p>Les comptes sont créés par l'administrateur : <code>python -m loaders utilisateur IDENTIFIANT</code>.</p>""")


def sign_out_page(name: str | None, next_page: str) -> str:
    """The confirmation asked before signing out: signing out changes state, so it is a POST, never a link."""
    if not name:
        return _page("Déconnexion", f"""<h1>Déconnexion</h1><p>Vous n'êtes pas connecté.</p>
<p><a href="{escape(next_page)}" id="deconnexion-retour">Revenir au tableau de bord</a></p>""")
    return _page("Déconnexion", f"""<h1>Déconnexion</h1>
<p>Vous êtes connecté en tant que {escape(name)}. La déconnexion ferme aussi vos sessions ouvertes
sur d'autres appareils.</p>
<form method="post" action="{SIGN_OUT}" class="sign-out">
<input type="hidden" name="suivant" value="{escape(next_page)}">
<p><button type="submit" class="fr-btn fr-btn--primary" id="deconnexion-valider">Se déconnecter</button>
<a href="{escape(next_page)}" id="deconnexion-retour">Rester connecté</a></p>
</form>""")
