"""What an administrator does to accounts, each run by the write gate (``Write.ACCOUNT``) in one transaction.

Changing a role, deactivating and revoking sessions are ``domain.users`` functions, passed to the gate as
they are; creating an account hands back the one secret to pass on (a link or a first password), shown once.
"""

from __future__ import annotations

import secrets
from typing import NamedTuple

import duckdb

from domain import invitations, users

INVITATION, FIRST_PASSWORD = "invitation", "mot-de-passe"


class Secret(NamedTuple):
    """What the administrator passes on to the account's holder: an invitation token or a first password."""
    kind: str
    value: str


def create(con: duckdb.DuckDBPyConnection, username: str, full_name: str, role: str, territories: list[str],
           how: str, author: str) -> Secret:
    """A new account, invited by a link (``how`` = INVITATION) or given a first password to change."""
    chosen = [users.parse_territory(text) for text in territories or []]
    password = None if how == INVITATION else first_password()
    users.create_account(con, (username or "").strip(), (full_name or "").strip(), role, chosen, password, author)
    if password is None:
        return Secret(INVITATION, invitations.invite(con, username.strip(), author))
    return Secret(FIRST_PASSWORD, password)


def change_role(con: duckdb.DuckDBPyConnection, username: str, role: str, territories: list[str], author: str) -> None:
    """The role and territories chosen on the page (``crte:<code>``…) for an existing account."""
    users.set_role(con, username, role, [users.parse_territory(text) for text in territories or []], author)


def new_link(con: duckdb.DuckDBPyConnection, username: str, author: str) -> Secret:
    """A new invitation link for an existing account (a forgotten password), replacing its pending one."""
    return Secret(INVITATION, invitations.invite(con, username, author))


def first_password() -> str:
    """Sixteen random letters and digits: given once, changed at the first sign-in."""
    return secrets.token_urlsafe(12)
