"""Accounts: created from the command line, passwords stored as salted scrypt hashes (werkzeug), each with
a role (domain/permissions.py) and, for a contributor, the territories it writes commitments for.

Each account has a session version, written into its session cookies at sign-in: signing out, a new
password or a revocation increments it, which ends every session opened before.
"""

from __future__ import annotations

import re
from functools import cache
from typing import NamedTuple

import duckdb
from werkzeug.security import check_password_hash, generate_password_hash

from domain.permissions import DEFAULT_ROLE, ROLE_NAMES, SCOPED_LEVELS, Role, Territory

MIN_PASSWORD = 10
USERNAME = re.compile(r"^[A-Za-z0-9._@-]{2,64}$")
HASH_METHOD = "scrypt"


class AccountError(ValueError):
    pass


class Account(NamedTuple):
    username: str
    name: str  # the display name, or the identifier when the account has none
    session_version: int
    role: Role


def save_user(con: duckdb.DuckDBPyConnection, username: str, password: str, full_name: str | None = None,
              role: Role | str | None = None) -> bool:
    """Create the account (with ``role``, else the default role), or set a new password (and name, and
    role when given) for an existing one, ending its sessions; True when created."""
    if not USERNAME.match(username):
        raise AccountError(f"identifiant « {username} » invalide : 2 à 64 lettres, chiffres ou . _ @ -.")
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"mot de passe trop court : {MIN_PASSWORD} caractères au moins.")
    digest = generate_password_hash(password, method=HASH_METHOD)
    exists = con.execute("SELECT count(*) FROM users WHERE username = ?", [username]).fetchone()[0]
    role = None if role is None else parse_role(role)
    if exists:
        con.execute("UPDATE users SET password_hash = ?, full_name = coalesce(?, full_name), role = coalesce(?, role),"
                    " session_version = session_version + 1 WHERE username = ?", [digest, full_name, role, username])
    else:
        con.execute("INSERT INTO users (username, full_name, password_hash, role) VALUES (?, ?, ?, ?)",
                    [username, full_name, digest, role or DEFAULT_ROLE])
    return not exists


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
             territories: list[Territory] = ()) -> None:
    """Give the account its role and, for a contributor, its territories (replacing the former ones).

    Only a contributor has territories, and at least one; each must be a known territory."""
    role = parse_role(role)
    territories = sorted(set(territories))
    if role == Role.CONTRIBUTOR and not territories:
        raise AccountError("un contributeur territorial a au moins un territoire : "
                           "ajoutez --territoire niveau:code.")
    if role != Role.CONTRIBUTOR and territories:
        raise AccountError(f"seul un contributeur territorial a des territoires, "
                           f"pas le rôle « {ROLE_NAMES[role]} ».")
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


def end_sessions(con: duckdb.DuckDBPyConnection, username: str) -> bool:
    """End every session of the account (its cookies stop being accepted); False when there is no such account."""
    ended = con.execute("UPDATE users SET session_version = session_version + 1 WHERE username = ? RETURNING 1",
                        [username]).fetchall()
    return bool(ended)


@cache
def _unknown_account_hash() -> str:
    """A hash checked when the account does not exist, so that the answer takes as long as for a real one."""
    return generate_password_hash("aucun compte ne porte ce nom", method=HASH_METHOD)


def authenticate(con: duckdb.DuckDBPyConnection, username: str, password: str) -> Account | None:
    """The account when the password is its own, else None — in the same time whether the account exists or not."""
    row = con.execute("SELECT password_hash FROM users WHERE username = ?", [username]).fetchone()
    matches = check_password_hash(row[0] if row else _unknown_account_hash(), password)
    return account(con, username) if row and matches else None


def account(con: duckdb.DuckDBPyConnection, username: str) -> Account | None:
    """The account as it is now; None when it does not exist."""
    row = con.execute("SELECT username, coalesce(full_name, username), session_version, role FROM users"
                      " WHERE username = ?", [username]).fetchone()
    return Account(*row[:3], Role(row[3])) if row else None
