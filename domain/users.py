"""Accounts: created from the command line or by an administrator in the browser (/comptes), passwords
stored as salted scrypt hashes (werkzeug), each with a role (domain/permissions.py) and, for a contributor,
the territories it writes commitments for.

Each account has a session version, written into its session cookies at sign-in: signing out, a new
password, a revocation or a deactivation increments it, which ends every session opened before.
An invited account has no password yet (an empty hash) until its invitation is accepted (domain/invitations.py);
a deactivated one cannot sign in. There is always an active administrator: the last one can be neither
deactivated nor given another role. Every change of an account is written in its history, with its ``author``
(domain/account_history.py).
"""

from __future__ import annotations

import re
from functools import cache
from typing import NamedTuple

import duckdb
from werkzeug.security import check_password_hash, generate_password_hash

from domain import account_history as trail
from domain import formats, texts
from domain.errors import UserError
from domain.permissions import DEFAULT_ROLE, ROLE_NAMES, SCOPED_LEVELS, Role, Territory

MIN_PASSWORD = 10
USERNAME = re.compile(r"[A-Za-z0-9._@-]{2,64}")
HASH_METHOD = "scrypt"


class AccountError(UserError, ValueError):
    """What an account cannot be, as the end of a sentence (« Compte non enregistré : <it> » on the command
    line); ``message`` is that sentence on its own, for the web pages."""

    @property
    def message(self) -> str:
        return formats.capitalised(str(self))


class Account(NamedTuple):
    username: str
    name: str  # the display name, or the identifier when the account has none
    session_version: int
    role: Role
    active: bool = True
    must_change_password: bool = False  # a first password given by an administrator, to replace at sign-in


def save_user(con: duckdb.DuckDBPyConnection, username: str, password: str, full_name: str | None = None,
              role: Role | str | None = None, author: str | None = None) -> bool:
    """Create the account (with ``role``, else the default role), or set a new password (and name, and
    role when given) for an existing one, ending its sessions; True when created."""
    _check_username(username)
    full_name = _text(texts.ACCOUNT_NAME, full_name)
    digest = _digest(password)
    before = trail.state(con, username)
    role = None if role is None else parse_role(role)
    if before:
        con.execute("UPDATE users SET password_hash = ?, full_name = coalesce(?, full_name), role = coalesce(?, role),"
                    " session_version = session_version + 1 WHERE username = ?", [digest, full_name, role, username])
    else:
        con.execute("INSERT INTO users (username, full_name, password_hash, role) VALUES (?, ?, ?, ?)",
                    [username, full_name, digest, role or DEFAULT_ROLE])
    trail.record(con, username, before, author, trail.PASSWORD if before else trail.CREATED)
    return before is None


def create_account(con: duckdb.DuckDBPyConnection, username: str, full_name: str | None, role: Role | str,
                   territories: list[Territory] = (), password: str | None = None, author: str | None = None) -> None:
    """A new account with its role and territories: invited (no password: ``password`` None), or with a first
    password that its holder must change at the first sign-in."""
    _check_username(username)
    full_name = _text(texts.ACCOUNT_NAME, full_name)
    if con.execute("SELECT count(*) FROM users WHERE username = ?", [username]).fetchone()[0]:
        raise AccountError(f"le compte « {username} » existe déjà.")
    digest = "" if password is None else _digest(password)
    con.execute("INSERT INTO users (username, full_name, password_hash, role, must_change_password)"
                " VALUES (?, ?, ?, ?, ?)",
                [username, full_name or None, digest, parse_role(role), password is not None])
    _assign(con, username, role, territories)
    trail.record(con, username, None, author, trail.CREATED)


def set_password(con: duckdb.DuckDBPyConnection, username: str, password: str, author: str | None = None) -> None:
    """The holder's own new password: no change asked any more; every session opened before ends."""
    con.execute("UPDATE users SET password_hash = ?, must_change_password = false,"
                " session_version = session_version + 1 WHERE username = ?", [_digest(password), username])
    trail.record(con, username, trail.state(con, username), author, trail.PASSWORD)


def _check_username(username: str) -> None:
    if problem := texts.USERNAME.problem(username):
        raise AccountError(f"{texts.USERNAME.label} : {problem}.")
    if not USERNAME.fullmatch(username):
        raise AccountError(f"identifiant « {username} » invalide : 2 à 64 lettres, chiffres ou . _ @ -.")


def _text(field: texts.TextField, text: str | None) -> str | None:
    """``text`` trimmed (None when blank), or AccountError naming the field (``domain.texts``)."""
    text = (text or "").strip()
    if problem := field.problem(text):
        raise AccountError(f"{field.label} : {problem}.")
    return text or None


def _digest(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"mot de passe trop court : {MIN_PASSWORD} caractères au moins.")
    return generate_password_hash(password, method=HASH_METHOD)


def parse_role(text: str) -> Role:
    try:
        return Role(text)
    except ValueError:
        raise AccountError(f"rôle « {text} » inconnu : {', '.join(Role)}.") from None


def parse_territory(text: str) -> Territory:
    """``crte:crte-53-22-1`` → Territory("crte", "crte-53-22-1"); the levels a contributor can be scoped to only."""
    level, _, code = text.partition(":")
    if level not in SCOPED_LEVELS or not code:
        raise AccountError(f"territoire « {text} » invalide : écrivez niveau:code, niveau parmi "
                           f"{', '.join(SCOPED_LEVELS)} (ex. crte:crte-53-22-1).")
    return Territory(level, code)


def set_role(con: duckdb.DuckDBPyConnection, username: str, role: Role | str,
             territories: list[Territory] = (), author: str | None = None) -> None:
    """Give the account its role and, for a contributor, its territories (replacing the former ones).

    Only a contributor has territories, and at least one; each must be a known territory."""
    before = trail.state(con, username)
    _assign(con, username, role, territories)
    trail.record(con, username, before, author)


def _assign(con: duckdb.DuckDBPyConnection, username: str, role: Role | str, territories: list[Territory]) -> None:
    role = parse_role(role)
    territories = sorted(set(territories))
    if role == Role.CONTRIBUTOR and not territories:
        raise AccountError("un contributeur territorial a au moins un territoire : "
                           "ajoutez --territoire niveau:code.")
    if role != Role.CONTRIBUTOR and territories:
        raise AccountError(f"seul un contributeur territorial a des territoires, "
                           f"pas le rôle « {ROLE_NAMES[role]} ».")
    if role != Role.ADMIN:
        keep_an_administrator(con, username, "ne peut pas changer de rôle")
    for territory in territories:
        known = con.execute("SELECT count(*) FROM territories WHERE level = ? AND code = ?", list(territory))
        if not known.fetchone()[0]:
            raise AccountError(f"territoire « {territory} » introuvable dans la base "
                               "(chargez d'abord les territoires).")
    if not con.execute("UPDATE users SET role = ? WHERE username = ? RETURNING 1", [role, username]).fetchall():
        raise AccountError(f"compte « {username} » introuvable.")
    con.execute("DELETE FROM user_territories WHERE username = ?", [username])
    for territory in territories:
        con.execute("INSERT INTO user_territories VALUES (?, ?, ?)", [username, *territory])


def scopes(con: duckdb.DuckDBPyConnection, username: str) -> list[Territory]:
    """The territories a contributor writes commitments for (none for the other roles)."""
    return [Territory(*row) for row in con.execute(
        "SELECT territory_level, territory_code FROM user_territories WHERE username = ?"
        " ORDER BY territory_level, territory_code", [username]).fetchall()]


def sign_out(con: duckdb.DuckDBPyConnection, username: str) -> bool:
    """End every session of the account (its cookies stop being accepted); False when there is no such account.
    Its holder signing out: not a change of the account, not in its history."""
    ended = con.execute("UPDATE users SET session_version = session_version + 1 WHERE username = ? RETURNING 1",
                        [username]).fetchall()
    return bool(ended)


def end_sessions(con: duckdb.DuckDBPyConnection, username: str, author: str | None = None) -> bool:
    """``sign_out`` done by an administrator or the command line (« Révoquer les sessions »), in the history."""
    ended = sign_out(con, username)
    if ended:
        trail.record(con, username, trail.state(con, username), author, trail.SESSIONS_ENDED)
    return ended


def set_active(con: duckdb.DuckDBPyConnection, username: str, active: bool, author: str | None = None) -> None:
    """Deactivate (it can no longer sign in and its sessions end; its history stays) or reactivate the account."""
    if not active:
        keep_an_administrator(con, username, "ne peut pas être désactivé")
    before = trail.state(con, username)
    changed = con.execute("UPDATE users SET active = ?, session_version = session_version + ? WHERE username = ?"
                          " RETURNING 1", [active, 0 if active else 1, username]).fetchall()
    if not changed:
        raise AccountError(f"compte « {username} » introuvable.")
    trail.record(con, username, before, author, trail.REACTIVATED if active else trail.DEACTIVATED)


def keep_an_administrator(con: duckdb.DuckDBPyConnection, username: str, what: str) -> None:
    """Refuse (``what``: « ne peut pas être désactivé »…) when ``username`` is the last active administrator.

    One guard row is written first: two transactions removing two administrators at once then collide on it
    (the web app's store replays the loser after the winner, which it then sees), and cannot both pass."""
    con.execute("UPDATE administrator_guard SET changes = changes + 1")
    others = con.execute("SELECT count(*) FILTER (WHERE username <> $name), bool_or(username = $name)"
                         " FROM users WHERE role = $admin AND active", {"name": username, "admin": Role.ADMIN})
    count, is_one = others.fetchone()
    if is_one and not count:
        raise AccountError(f"« {username} » est le dernier administrateur actif et {what} : "
                           "nommez d'abord un autre administrateur.")


def record_sign_in(con: duckdb.DuckDBPyConnection, username: str) -> None:
    con.execute("UPDATE users SET last_sign_in = current_timestamp WHERE username = ?", [username])


def listing(con: duckdb.DuckDBPyConnection) -> list[dict]:
    """Every account, for the administrators' page: identifier, name, role, territories, state, last sign-in."""
    rows = con.execute(
        """
        SELECT u.username, u.full_name, u.role, u.active, u.password_hash = '' AS invited, u.last_sign_in,
               list(t.territory_level || ':' || t.territory_code ORDER BY t.territory_level, t.territory_code)
                   FILTER (WHERE t.territory_code IS NOT NULL) AS territories
        FROM users u LEFT JOIN user_territories t USING (username)
        GROUP BY ALL ORDER BY u.username
        """).fetchall()
    columns = ("username", "full_name", "role", "active", "invited", "last_sign_in", "territories")
    return [dict(zip(columns, row)) for row in rows]


@cache
def _unknown_account_hash() -> str:
    """A hash checked when the account does not exist, so that the answer takes as long as for a real one."""
    return generate_password_hash("aucun compte ne porte ce nom", method=HASH_METHOD)


def authenticate(con: duckdb.DuckDBPyConnection, username: str, password: str) -> Account | None:
    """The account when the password is its own and the account may sign in (active, not merely invited),
    else None — in the same time whether the account exists, may sign in, or not."""
    row = con.execute("SELECT password_hash FROM users WHERE username = ? AND active AND password_hash <> ''",
                      [username]).fetchone()
    matches = check_password_hash(row[0] if row else _unknown_account_hash(), password)
    return account(con, username) if row and matches else None


def account(con: duckdb.DuckDBPyConnection, username: str) -> Account | None:
    """The account as it is now; None when it does not exist."""
    row = con.execute("SELECT username, coalesce(full_name, username), session_version, role, active,"
                      " must_change_password FROM users WHERE username = ?", [username]).fetchone()
    return Account(*row[:3], Role(row[3]), *row[4:]) if row else None
