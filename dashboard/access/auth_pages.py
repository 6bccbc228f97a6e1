"""The plain HTML pages of signing in and out, accepting an invitation and choosing a new password (served by
Flask, outside Dash: they work without JavaScript)."""

from __future__ import annotations

from markupsafe import escape

from domain.users import MIN_PASSWORD

SIGN_IN, SIGN_OUT, NEW_PASSWORD = "/connexion", "/deconnexion", "/mot-de-passe"
WELCOME = "Votre mot de passe est enregistré : connectez-vous avec lui."


def _page(title: str, body: str) -> str:
    return f"""<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} — COP territoriale</title><link rel="stylesheet" href="/assets/style.css"></head>
<body><header class="fr-header"><div class="fr-header__body"><div class="fr-logo">République<br>Française</div>
<div class="fr-header__service"><a class="fr-header__service-title" href="/">COP territoriale — tableau de bord</a>
</div></div></header>
<main class="fr-container" id="contenu">{body}</main></body></html>"""


def _alert(problem: str | None, element_id: str) -> str:
    return f'<p class="fr-alert" role="alert" id="{element_id}">{escape(problem)}</p>' if problem else ""


def sign_in_page(problem: str | None, next_page: str, public_reading: bool, welcome: bool = False,
                 username: str = "") -> str:
    """``welcome``: just after choosing a password (invitation accepted), with the identifier filled in."""
    welcomed = f'<p class="fr-alert fr-alert--success" role="status" id="connexion-bienvenue">{WELCOME}</p>'
    alert = _alert(problem, "connexion-erreur") or (welcomed if welcome else "")
    reading = ("La consultation est libre ; la connexion est nécessaire pour modifier ou importer des engagements."
               if public_reading else "La connexion est nécessaire pour consulter et modifier le tableau de bord.")
    return _page("Connexion", f"""<h1>Connexion des éditeurs</h1>{alert}<p>{reading}</p>
<form method="post" action="{SIGN_IN}" class="sign-in">
<input type="hidden" name="suivant" value="{escape(next_page)}">
<p><label for="identifiant">Identifiant</label><br>
<input id="identifiant" name="identifiant" autocomplete="username" value="{escape(username)}" required></p>
<p><label for="mot_de_passe">Mot de passe</label><br>
<input id="mot_de_passe" name="mot_de_passe" type="password" autocomplete="current-password" required></p>
<p><button type="submit" class="fr-btn fr-btn--primary" id="connexion-valider">Se connecter</button></p>
</form><p>Les comptes sont créés par un administrateur du tableau de bord, qui vous envoie un lien
d'invitation : vous y choisissez votre mot de passe. Mot de passe oublié : demandez-lui un nouveau lien.</p>""")


def cross_site_page(reason: str) -> str:
    """What the browser shows when another site posted one of these forms (dashboard/access/cross_site.py)."""
    return _page("Requête refusée", f"""<h1>Requête refusée</h1>
<p class="fr-alert" role="alert" id="autre-site">Requête refusée : {escape(reason)}</p>
<p><a href="{SIGN_IN}">Aller à la connexion</a></p>""")


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


def _new_password_fields(autofocus: str = "") -> str:
    return f"""<p><label for="nouveau">Nouveau mot de passe ({MIN_PASSWORD} caractères au moins)</label><br>
<input id="nouveau" name="nouveau" type="password" autocomplete="new-password" minlength="{MIN_PASSWORD}"
required{autofocus}></p>
<p><label for="confirmation">Confirmez le nouveau mot de passe</label><br>
<input id="confirmation" name="confirmation" type="password" autocomplete="new-password" required></p>"""


def invitation_page(action: str, username: str | None, problem: str | None) -> str:
    """Choosing one's password from an invitation link; ``username`` None: the link cannot serve (``problem``)."""
    if username is None:
        return _page("Invitation", f"""<h1>Invitation</h1>{_alert(problem, "invitation-erreur")}
<p><a href="{SIGN_IN}">Aller à la connexion</a></p>""")
    return _page("Invitation", f"""<h1>Choisir votre mot de passe</h1>{_alert(problem, "invitation-erreur")}
<p>Vous êtes invité à utiliser le tableau de bord de la COP territoriale. Votre identifiant :
<strong id="invitation-identifiant">{escape(username)}</strong>. Ce lien ne sert qu'une fois.</p>
<form method="post" action="{escape(action)}" class="sign-in">
<input type="hidden" name="identifiant" value="{escape(username)}" autocomplete="username">
{_new_password_fields(" autofocus")}
<p><button type="submit" class="fr-btn fr-btn--primary" id="invitation-valider">Enregistrer mon mot de passe
</button></p>
</form>""")


def new_password_page(name: str, forced: bool, next_page: str, problem: str | None) -> str:
    """Choosing a new password; ``forced``: the first password an administrator gave, asked once more."""
    why = ("Votre compte a reçu un premier mot de passe de l'administrateur : choisissez le vôtre pour continuer."
           if forced else "Pour changer votre mot de passe, donnez d'abord l'actuel.")
    return _page("Nouveau mot de passe", f"""<h1>Nouveau mot de passe</h1>{_alert(problem, "mot-de-passe-erreur")}
<p>Connecté : {escape(name)}. {why} Vos autres sessions seront fermées.</p>
<form method="post" action="{NEW_PASSWORD}" class="sign-in">
<input type="hidden" name="suivant" value="{escape(next_page)}">
<p><label for="actuel">Mot de passe actuel</label><br>
<input id="actuel" name="actuel" type="password" autocomplete="current-password" required autofocus></p>
{_new_password_fields()}
<p><button type="submit" class="fr-btn fr-btn--primary" id="mot-de-passe-valider">Enregistrer</button></p>
</form>""")
