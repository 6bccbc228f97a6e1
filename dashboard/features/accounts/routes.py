"""Accepting an invitation (``/invitation/<token>``) and choosing a new password (``/mot-de-passe``): plain
HTML forms like the sign-in, without JavaScript, throttled like it (only refused attempts count).

Both are POSTs protected by the SameSite session cookie; the new password page needs the current one,
so that a session left open is not enough to take over the account. After a new password every other
session of the account ends; this one carries on with the new session version.
"""

from __future__ import annotations

import logging

from flask import Flask, Response, redirect, request
from flask_login import login_user

from dashboard import store
from dashboard.access import auth
from dashboard.access.auth_pages import NEW_PASSWORD, SIGN_IN, invitation_page, new_password_page
from dashboard.access.throttle import Limit, Wait, throttled
from dashboard.state import href
from domain import invitations, users
from domain.errors import UserError
from domain.permissions import Write

ADDRESS = Limit("adresse", auth.address, 20)  # refused invitation links or passwords, per address
MISMATCH = "Les deux mots de passe diffèrent : saisissez le même dans les deux champs."
WRONG_CURRENT = "Mot de passe actuel incorrect."

log = logging.getLogger(__name__)


def init_app(server: Flask) -> None:
    server.add_url_rule(f"{invitations.PATH}<token>", "invitation",
                        throttled(invitation, [ADDRESS], _invitation_locked), methods=["GET", "POST"])
    # The account is the signed-in one: only its holder's session can lock it.
    server.add_url_rule(NEW_PASSWORD, "new_password", throttled(
        new_password, [Limit("compte", _account, 20), ADDRESS], _password_locked), methods=["GET", "POST"])


def _html(page: str, status: int = 200) -> Response:
    return Response(page, status=status, mimetype="text/html")


def invitation(token: str):
    action = f"{invitations.PATH}{token}"
    try:
        with store.shared.cursor() as con:  # not cached: a link serves once
            username = invitations.pending(con, token)
    except invitations.InvitationError as error:
        log.warning("Lien d'invitation refusé : adresse %s", request.remote_addr)
        return _html(invitation_page(action, None, error.message), 410)
    if request.method == "GET":
        return _html(invitation_page(action, username, None))
    try:
        password = _chosen_password()
        store.write(invitations.accept, token, password, kind=Write.ACCOUNT)
    except UserError as error:
        return _html(invitation_page(action, username, error.message), 400)
    log.info("Invitation acceptée : compte %r", username)
    return redirect(href(SIGN_IN, bienvenue=1, identifiant=username))


def new_password():
    account, next_page = auth.signed_in(), auth.same_site_path(request.values.get("suivant"))
    if account is None:
        return redirect(href(SIGN_IN, suivant=NEW_PASSWORD))
    if request.method == "GET":
        return _html(new_password_page(account.name, account.must_change_password, next_page, None))
    try:
        with store.shared.cursor() as con:  # not cached: the password must not become a cache key
            if users.authenticate(con, account.username, request.form.get("actuel", "")) is None:
                raise UserError(WRONG_CURRENT)
        store.write(users.set_password, account.username, _chosen_password(), account.username,
                    kind=Write.ACCOUNT)
    except UserError as error:
        return _html(new_password_page(account.name, account.must_change_password, next_page, error.message), 400)
    with store.shared.cursor() as con:
        login_user(auth.Editor(users.account(con, account.username)))  # this session, at the new version
    return redirect(next_page)


def _chosen_password() -> str:
    password = request.form.get("nouveau", "")
    if password != request.form.get("confirmation", ""):
        raise UserError(MISMATCH)
    return password


def _account() -> str:
    account = auth.signed_in()
    return account.username if account else ""


def _invitation_locked(wait: Wait) -> Response:
    problem = auth.too_many(wait, "Invitation", "avec un lien d'invitation")
    return _html(invitation_page(request.path, None, problem), 429)


def _password_locked(wait: Wait) -> Response:
    account = auth.signed_in()
    return _html(new_password_page(account.name if account else "", False, "/",
                                   auth.too_many(wait, "Nouveau mot de passe", "de changement de mot de passe")), 429)
