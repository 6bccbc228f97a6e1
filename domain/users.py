"""Editor accounts: created from the command line, passwords stored as salted scrypt hashes (werkzeug)."""

from __future__ import annotations

import re

import duckdb
from werkzeug.security import check_password_hash, generate_password_hash

MIN_PASSWORD = 10
USERNAME = re.compile(r"^[A-Za-z0-9._@-]{2,64}$")


class AccountError(ValueError):
    pass


def save_user(con: duckdb.DuckDBPyConnection, username: str, password: str, full_name: str | None = None) -> bool:
    """Create the account, or set a new password (and name) for an existing one; True when created."""
    if not USERNAME.match(username):
        raise AccountError(f"identifiant « {username} » invalide : 2 à 64 lettres, chiffres ou . _ @ -.")
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"mot de passe trop court : {MIN_PASSWORD} caractères au moins.")
    digest = generate_password_hash(password, method="scrypt")
    exists = con.execute("SELECT count(*) FROM users WHERE username = ?", [username]).fetchone()[0]
    if exists:
        con.execute("UPDATE users SET password_hash = ?, full_name = coalesce(?, full_name) WHERE username = ?",
                    [digest, full_name, username])
    else:
        con.execute("INSERT INTO users (username, full_name, password_hash) VALUES (?, ?, ?)",
                    [username, full_name, digest])
    return not exists


def authenticate(con: duckdb.DuckDBPyConnection, username: str, password: str) -> bool:
    row = con.execute("SELECT password_hash FROM users WHERE username = ?", [username]).fetchone()
    return row is not None and check_password_hash(row[0], password)


def full_name(con: duckdb.DuckDBPyConnection, username: str) -> str | None:
    """The account's display name (its identifier when it has none); None when the account does not exist."""
    row = con.execute("SELECT coalesce(full_name, username) FROM users WHERE username = ?", [username]).fetchone()
    return row[0] if row else None
