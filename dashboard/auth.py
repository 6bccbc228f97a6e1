"""Sign-in of editors (flask-login): the sign-in and sign-out pages, the session cookie, who is editing.

Reading is open unless ``COP_LECTURE_PUBLIQUE`` is false; editing and importing need a signed-in
editor, checked on the server by the write gate (``dashboard.gate``), not only by hiding buttons.
The session secret is ``COP_SECRET_KEY``, or one generated once and kept in the database so
that sessions survive a restart. Cookies are HttpOnly and SameSite=Lax.
"""

from __future__ import annotations

import os
import secrets
from urllib.parse import quote

from flask import Blueprint, Flask, Response, redirect, request
from flask_login import LoginManager, UserMixin, current_user, login_user, logout_user
from markupsafe import escape

from dashboard import store
from data.db import connect
from domain import users

SIGN_IN, SIGN_OUT = "/connexion", "/deconnexion"
OPEN_PATHS = (SIGN_IN, SIGN_OUT, "/assets/", "/_dash-component-suites/", "/_favicon.ico")
FALSE_WORDS = {"0", "false", "faux", "non", "no"}

blueprint = Blueprint("auth", __name__)


class Editor(UserMixin):
    def __init__(self, username: str, name: str):
        self.id, self.name = username, name


def public_reading() -> bool:
    return os.environ.get("COP_LECTURE_PUBLIQUE", "true").strip().lower() not in FALSE_WORDS


def editor() -> str | None:
    """The signed-in editor's identifier, or None (anonymous): the author recorded with every change."""
    return current_user.get_id() if current_user and current_user.is_authenticated else None


def editor_name() -> str | None:
    return current_user.name if current_user and current_user.is_authenticated else None


def _stored_secret(con) -> str:
    row = con.execute("SELECT value FROM app_settings WHERE key = 'secret_key'").fetchone()
    if row:
        return row[0]
    value = secrets.token_hex(32)
    con.execute("INSERT INTO app_settings VALUES ('secret_key', ?)", [value])
    return value


def _secret_key() -> str:
    with connect() as con:
        return _stored_secret(con)


def init_app(server: Flask) -> None:
    server.config.update(
        SECRET_KEY=os.environ.get("COP_SECRET_KEY") or _secret_key(),
        SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SAMESITE="Lax",
        REMEMBER_COOKIE_HTTPONLY=True, REMEMBER_COOKIE_SAMESITE="Lax",
    )
    manager = LoginManager(server)
    manager.user_loader(_load_user)
    server.register_blueprint(blueprint)
    if not public_reading():
        server.before_request(_require_sign_in)


def _load_user(username: str) -> Editor | None:
    name = store.fetch(users.full_name, username)
    return Editor(username, name) if name else None


def _require_sign_in():
    if editor() or request.path.startswith(OPEN_PATHS):
        return None
    if request.path.startswith("/_dash"):
        return Response("Connexion requise.", status=401, mimetype="text/plain")
    return redirect(f"{SIGN_IN}?suivant={quote(request.full_path.rstrip('?'))}")


def _next_page() -> str:
    """Where to go after signing in: a path of this site only."""
    target = request.values.get("suivant", "/")
    return target if target.startswith("/") and not target.startswith("//") else "/"


@blueprint.route(SIGN_IN, methods=["GET", "POST"])
def sign_in():
    problem = None
    if request.method == "POST":
        username = request.form.get("identifiant", "").strip()
        with store.shared.cursor() as con:  # not cached: the password must not become a cache key
            accepted = users.authenticate(con, username, request.form.get("mot_de_passe", ""))
        if accepted:
            login_user(_load_user(username))
            return redirect(_next_page())
        problem = "Identifiant ou mot de passe incorrect."
    return Response(_sign_in_page(problem), status=401 if problem else 200, mimetype="text/html")


@blueprint.route(SIGN_OUT, methods=["GET", "POST"])
def sign_out():
    logout_user()
    return redirect(_next_page())


def _sign_in_page(problem: str | None) -> str:
    alert = f'<p class="fr-alert" role="alert" id="connexion-erreur">{escape(problem)}</p>' if problem else ""
    reading = ("La consultation est libre ; la connexion est nécessaire pour modifier ou importer des engagements."
               if public_reading() else "La connexion est nécessaire pour consulter et modifier le tableau de bord.")
    return f"""<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Connexion — COP territoriale</title><link rel="stylesheet" href="/assets/style.css"></head>
<body><header class="fr-header"><div class="fr-header__body"><div class="fr-logo">République<br>Française</div>
<div class="fr-header__service"><a class="fr-header__service-title" href="/">COP territoriale — tableau de bord</a>
</div></div></header>
<main class="fr-container" id="contenu"><h1>Connexion des éditeurs</h1>{alert}<p>{reading}</p>
<form method="post" action="{SIGN_IN}" class="sign-in">
<input type="hidden" name="suivant" value="{escape(_next_page())}">
<p><label for="identifiant">Identifiant</label><br>
<input id="identifiant" name="identifiant" autocomplete="username" required></p>
<p><label for="mot_de_passe">Mot de passe</label><br>
<input id="mot_de_passe" name="mot_de_passe" type="password" autocomplete="current-password" required></p>
<p><button type="submit" class="fr-btn fr-btn--primary" id="connexion-valider">Se connecter</button></p>
</form><p>Les comptes sont créés par l'administrateur : <code>python -m loaders utilisateur IDENTIFIANT</code>.</p>
</main></body></html>"""
