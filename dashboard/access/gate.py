"""The write gate: the one way the web app changes the database.

Every callback that writes calls ``write`` with the kind of write it makes: the gate checks the
signed-in account and its role on the server (hiding or disabling a button is not a permission)
against the one permission table (``domain.permissions``), refuses with one French message, runs
the action in one transaction, passes the author to actions that store one, and records who made
which change, with which role, and when, in the ``changes`` table. tests/test_write_gate.py checks it on
every callback of the app. Nothing else in ``dashboard/`` calls ``store.write``, but the writes that come before
there is an editor to check, each on the one account that has just proved it is its own: ``auth.sign_in``
records a sign-in (password checked), ``auth.sign_out`` ends the account's sessions (its session), and
features/accounts/routes.py accepts an invitation (its token) and sets the new password of an account that must
replace its first one (current password checked) — the gate would refuse them all, as it refuses a visitor.
tests/test_architecture.py lists these two modules with why (``OTHER_WRITERS``) and fails on any other.
An import started from the Données page runs in a background thread: ``require`` refuses it at once, in
the request, and ``write`` checks it again in the thread (which runs in a copy of the request's context).
A write may freeze a new version of the roadmap, never change a frozen one: the gate compares the versions' seals
before and after the action (``domain.versions.unchanged``) and refuses, rolling it back, a write that changed one.
Two editors saving the same row at once: the store retries the loser once, after the winner, so
that optimistic locking shows them both versions instead of DuckDB's « Conflict on update ».
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import TypeVar

from dashboard import store
from dashboard.access import auth
from data.db import database_path
from domain import permissions, users, versions
from domain.errors import UserError
from domain.permissions import SCOPED_WRITES, Role, Territory, Write, forbidden, refusal, status_refusal
from loaders.import_lock import import_turn

T = TypeVar("T")
REFUSED = "Modification refusée : connectez-vous avec un compte d'éditeur pour modifier."
READ_ONLY = "Connectez-vous avec un compte d'éditeur pour modifier"
ROLE_READ_ONLY = "Lecture seule : {}"  # the signed-in account's role may not make this kind of write
# The stored record a scoped write changes: its territory (and a commitment's status), by its identifier.
STORED = {
    Write.COMMITMENT: "SELECT territory_level, territory_code, status FROM commitments WHERE commitment_id = ?",
    Write.MEETING: "SELECT territory_level, territory_code, NULL FROM meetings WHERE meeting_id = ?",
    Write.NEED: "SELECT territory_level, territory_code, NULL FROM territory_needs WHERE need_id = ?",
    Write.FOLLOW_UP: "SELECT territory_level, territory_code, NULL FROM commitments WHERE commitment_id = ?",
}


def may(kind: Write) -> bool:
    """Whether the signed-in account's role makes this kind of write: its buttons are enabled (the gate
    still checks every write, and a contributor's territories, on the server)."""
    return permissions.may(auth.editor_role(), kind)


def read_only_reason(kind: Write) -> str | None:
    """Why the write buttons of this kind are disabled for the visitor (None: they are not): the one place
    that says it, for an anonymous visitor (``READ_ONLY``) and for each role."""
    role = auth.editor_role()
    if role is None:
        return READ_ONLY
    return None if permissions.may(role, kind) else ROLE_READ_ONLY.format(forbidden(role, kind))


def write(action: Callable[..., T], *args, kind: Write, territory: tuple[str, str] | None = None,
          record: int | None = None, status: str | None = None, show_at: str | dict | None = None,
          own_transaction: bool = False, dry_run: bool = False) -> T:
    """``action(con, *args)`` as the signed-in account, all of it saved or nothing; UserError otherwise.

    ``kind``: what the action writes. A write a contributor makes for its own territories only (a commitment, a
    meeting, a need: ``permissions.SCOPED_WRITES``) names the ``territory`` it writes to and, when it changes a
    stored one, its identifier ``record`` (whose stored territory is checked too); a commitment write names the
    ``status`` it leaves the commitment in (its stored status is checked too).
    ``action`` receives ``author=<account>`` when it has an ``author`` parameter. A UserError, the
    refusal or the action's own, is shown next to ``show_at`` when given, else in the page.
    ``own_transaction``: the action opens its own transaction (an import, which journals its failure); it takes
    the import turn first (``loaders.import_lock``: one import at a time, the second refused at once).
    ``dry_run``: an import's preview, whose transaction is rolled back: checked like the import, not recorded.
    """
    try:
        author, role = auth.editor(), auth.editor_role()
        if author is None:
            raise UserError(REFUSED)
        named = {"author": author} if "author" in inspect.signature(action).parameters else {}
        if own_transaction:
            with import_turn(database_path(), author, dry_run):
                result = store.write_own(_checked, author, role, (kind, territory, record, status), action,
                                         args, named)
            if not dry_run:
                store.write(_record, author, role, action, kind=kind)
            return result
        return store.write(_act_and_record, author, role, (kind, territory, record, status), action, args, named,
                           kind=kind)
    except UserError as error:
        raise (error.at(show_at) if show_at is not None else error) from None


def require(kind: Write, show_at: str | dict | None = None) -> None:
    """Refuse at once, in the request, a write that will run in the background (a long import): the
    write itself goes through ``write`` and is checked again there."""
    author, role = auth.editor(), auth.editor_role()
    problem = REFUSED if author is None else refusal(role, kind)
    if problem:
        raise UserError(problem, show_at)


def check(con, author: str, role: Role, kind: Write, territory: tuple[str, str] | None = None,
          record: int | None = None, status: str | None = None) -> None:
    """Raise the role's refusal when ``author`` may not make this write; read in the write's transaction,
    so that the stored record's territory (and a commitment's status) and the account's territories are the ones
    being changed."""
    if kind in SCOPED_WRITES and territory is None:
        raise TypeError("a scoped write names the territory it writes to")
    if kind == Write.COMMITMENT and status is None:
        raise TypeError("a commitment write names the status it leaves")
    touched = [Territory(*territory)] if territory else []
    stored = None
    if record is not None:
        stored = con.execute(STORED[kind], [record]).fetchone()
        touched += [Territory(*stored[:2])] if stored else []
    scopes = users.scopes(con, author) if role == Role.CONTRIBUTOR else []
    problem = refusal(role, kind, touched, scopes)
    if problem is None and kind == Write.COMMITMENT:
        problem = status_refusal(role, stored[2] if stored else None, status)
    if problem:
        raise UserError(problem)


def _checked(con, author: str, role: Role, target: tuple, action: Callable[..., T], args: tuple, named: dict) -> T:
    check(con, author, role, *target)
    return action(con, *args, **named)


def _act_and_record(con, author: str, role: Role, target: tuple, action: Callable[..., T], args: tuple,
                    named: dict) -> T:
    frozen = versions.seals(con)
    result = _checked(con, author, role, target, action, args, named)
    versions.unchanged(con, frozen)  # a write may add a frozen version, never change one
    _record(con, author, role, action)
    return result


def _record(con, author: str, role: Role, action: Callable) -> None:
    con.execute("INSERT INTO changes (author, role, action) VALUES (?, ?, ?)",
                [author, role, f"{action.__module__}.{action.__qualname__}"])
