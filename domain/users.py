"""Editor accounts: created from the command line, passwords stored as salted scrypt hashes (werkzeug).

Each account has a session version, written into its session cookies at sign-in: signing out, a new
password or a revocation increments it, which ends every session opened before.
"""

from __future__ import annotations

import re
from functools import cache
from typing import NamedTuple

import duckdb
from werkzeug.security import check_password_hash, generate_password_hash

MIN_PASSWORD = 10
USERNAME = re.compile(r"^[A-Za-z0-9._@-]{2,64}$")
HASH_METHOD = "scrypt"


class AccountError(ValueError):
    pass


class Account(NamedTuple):
    username: str
    name: str  # the display name, or the identifier when the account has none
    session_version: int


def save_user(con: duckdb.DuckDBPyConnection, username: str, password: str, full_name: str | None = None) -> bool:
    """Create the account, or set a new password (and name) for an existing one, ending its sessions;
    True when created."""
    if not USERNAME.match(username):
        raise AccountError(f"identifiant « {username} » invalide : 2 à 64 lettres, chiffres ou . _ @ -.")
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"mot de passe trop court : {MIN_PASSWORD} caractères au moins.")
    digest = generate_password_hash(password, method=HASH_METHOD)
    exists = con.execute("SELECT count(*) FROM users WHERE username = ?", [username]).fetchone()[0]
    if exists:
        con.execute("UPDATE users SET password_hash = ?, full_name = coalesce(?, full_name),"
                    " session_version = session_version + 1 WHERE username = ?", [digest, full_name, username])
    else:
        con.execute("INSERT INTO users (username, full_name, password_hash) VALUES (?, ?, ?)",
                    [username, full_name, digest])
    return not exists


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
    row = con.execute("SELECT username, coalesce(full_name, username), session_version FROM users"
                      " WHERE username = ?", [username]).fetchone()
    return Account(*row) if row else None
