"""The history of accounts: who created, changed, invited, deactivated or reactivated which account, and when,
with each changed field before → after (migration 016, ``account_history``).

Written by the functions of domain/users.py and domain/invitations.py in the transaction of the change, whether
the change comes from /comptes, the invitation or new-password pages or the command line (its author is then
« ligne de commande (<utilisateur du système>) »). A password is never written, not even hashed: the line says
that it changed. Signing in and out are not changes of the account.
"""

from __future__ import annotations

import duckdb

from domain import history

ACCOUNTS = history.ACCOUNTS
CREATED, CHANGED = history.CREATED, history.CHANGED
PASSWORD, INVITED, SESSIONS_ENDED = "nouveau mot de passe", "lien d'invitation", "sessions fermées"
DEACTIVATED, REACTIVATED = "désactivation", "réactivation"
FIELDS = ("role", "full_name", "territories", "active")


def state(con: duckdb.DuckDBPyConnection, username: str) -> dict | None:
    """The account's recorded fields (territories as « crte:crte-53-22-1, departement:29 »); None if no account."""
    row = con.execute(
        "SELECT u.role, u.full_name, string_agg(t.territory_level || ':' || t.territory_code, ', '"
        " ORDER BY t.territory_level, t.territory_code), u.active"
        " FROM users u LEFT JOIN user_territories t USING (username) WHERE u.username = ?"
        " GROUP BY u.role, u.full_name, u.active", [username]).fetchall()
    return dict(zip(FIELDS, row[0])) if row else None


def record(con: duckdb.DuckDBPyConnection, username: str, before: dict | None, author: str | None,
           action: str = CHANGED) -> None:
    """One line for ``action`` on ``username``, with the fields changed since ``before`` (``state`` before the
    change; None for a creation, whose line gives the account's first role, name and territories). A plain
    « modification » that changed nothing writes no line."""
    after = state(con, username)
    if before is None:
        changes = {field: [None, after[field]] for field in FIELDS[:3] if after[field] is not None}
    else:
        changes = {field: [before[field], after[field]] for field in FIELDS if before[field] != after[field]}
    if changes or action != CHANGED:
        history.record(con, ACCOUNTS, username, author, action, changes)
