"""Invitation links: an administrator invites an account, its holder opens the link once and chooses a password.

The link carries a random token (256 bits); the database keeps only its SHA-256, so that whoever reads the
database file cannot accept a pending invitation. A link serves once, for ``VALIDITY``; a new link for the
same account replaces the pending one. Accepting also works for an account that has a password already:
the new link is then the way to choose a new one (a forgotten password).
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

import duckdb

from domain import account_history, formats, users
from domain.errors import UserError

VALIDITY = timedelta(days=7)
PATH = "/invitation/"  # the link: <public address>/invitation/<token>
UNKNOWN = ("Ce lien d'invitation n'est pas valable : vérifiez qu'il a été copié en entier ; s'il a été remplacé "
           "par un lien plus récent, utilisez celui-ci ou demandez-en un nouveau à l'administrateur.")


class InvitationError(UserError):
    """A link that cannot serve (unknown, used, expired, account deactivated): said in French."""


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invite(con: duckdb.DuckDBPyConnection, username: str, author: str) -> str:
    """A new one-time token for ``username`` (the account exists), replacing its pending ones; shown once."""
    if users.account(con, username) is None:
        raise users.AccountError(f"compte « {username} » introuvable.")
    token = secrets.token_urlsafe(32)
    con.execute("DELETE FROM invitations WHERE username = ? AND used_at IS NULL", [username])
    con.execute("INSERT INTO invitations (token_hash, username, created_by, expires_at)"
                " VALUES (?, ?, ?, now()::TIMESTAMP + ?)", [digest(token), username, author, VALIDITY])
    account_history.record(con, username, account_history.state(con, username), author, account_history.INVITED)
    return token


def pending(con: duckdb.DuckDBPyConnection, token: str) -> str:
    """The account a token invites; InvitationError when the link cannot serve, saying why."""
    row = con.execute("SELECT i.username, i.used_at, i.expires_at, i.expires_at < now()::TIMESTAMP, u.active"
                      " FROM invitations i JOIN users u USING (username) WHERE i.token_hash = ?",
                      [digest(token)]).fetchone()
    if row is None:
        raise InvitationError(UNKNOWN)
    username, used_at, expires_at, expired, active = row
    if used_at is not None:
        raise InvitationError(f"Ce lien d'invitation a déjà servi, le {formats.moment(used_at)} : connectez-vous "
                              "avec le mot de passe choisi alors, ou demandez un nouveau lien à l'administrateur.")
    if expired:
        raise InvitationError(f"Ce lien d'invitation a expiré le {formats.moment(expires_at)} : demandez-en un "
                              "nouveau à l'administrateur.")
    if not active:
        raise InvitationError("Ce compte est désactivé : adressez-vous à l'administrateur.")
    return username


def accept(con: duckdb.DuckDBPyConnection, token: str, password: str) -> str:
    """Set the invited account's password and spend the link; the account's identifier."""
    username = pending(con, token)
    users.set_password(con, username, password, author=username)
    con.execute("UPDATE invitations SET used_at = now()::TIMESTAMP WHERE token_hash = ?", [digest(token)])
    return username
