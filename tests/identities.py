"""Replaying a callback as someone (tests/test_write_gate.py's app): the signed cookies of an account (``forge``,
``as_user``) or of nobody (``anonymous``), the callback's answer as French text (``answer``), and the accounts of a
contributor scoped to one CRTE of Bretagne and of a reader (``crte_people``)."""

from __future__ import annotations

import hashlib
import hmac
import json

from flask import Flask
from flask.sessions import SecureCookieSessionInterface

from dashboard import store
from domain import commitment_store, users
from domain.permissions import Role, Territory

EDITOR = "redaction"


def forge(client, secret: str, username: str = EDITOR) -> None:
    """Session and remember-me cookies naming ``username`` in its current session, signed with ``secret``."""
    with store.shared.cursor() as con:
        username = f"{username}:{users.account(con, username).session_version}"
    forger = Flask("forger")
    forger.secret_key = secret
    session = SecureCookieSessionInterface().get_signing_serializer(forger).dumps(
        {"_user_id": username, "_fresh": True})
    digest = hmac.new(secret.encode(), username.encode(), hashlib.sha512).hexdigest()
    client.set_cookie("session", session)
    client.set_cookie("remember_token", f"{username}|{digest}")


def as_user(gated, username: str = EDITOR):
    """The (app, client) of the ``gated`` fixture, the client signed in as ``username``."""
    app, client, _ = gated
    forge(client, app.server.secret_key, username)
    return app, client


def anonymous(client) -> None:
    """The client signed out: no session, no remember-me cookie."""
    client.delete_cookie("session")
    client.delete_cookie("remember_token")


def answer(response) -> str:
    """A callback's answer as text (French kept), once its status is checked."""
    assert response.status_code == 200, response.text[:500]
    return json.dumps(response.json, ensure_ascii=False)


def bretagne_crtes(con) -> list[str]:
    return sorted(code for level, code in commitment_store.context(con, "53").territories if level == "crte")


def crte_people(contributor: str, reader: str | None = None) -> dict:
    """The accounts ``contributor`` (scoped to the first CRTE of Bretagne) and ``reader``; the CRTE it may write
    (« own ») and another (« other »)."""
    with store.shared.cursor() as con:
        own, other = bretagne_crtes(con)[:2]
    people = [(contributor, Role.CONTRIBUTOR, [Territory("crte", own)])]
    for name, role, scope in people + ([(reader, Role.READER, [])] if reader else []):
        store.write(users.save_user, name, f"mot-de-passe-{name}")
        store.write(users.set_role, name, role, scope)
    return {"own": own, "other": other}
