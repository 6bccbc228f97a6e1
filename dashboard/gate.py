"""The write gate: the one way the web app changes the database.

Every callback that writes calls ``write``: it checks the signed-in editor on the server (hiding
or disabling a button is not a permission), refuses anyone else with one French message, runs
the action in one transaction, passes the editor to actions that store an author, and records
who made which change, and when, in the ``changes`` table. Nothing in ``dashboard/`` but this
module calls ``store.write``; tests/test_write_gate.py checks it on every callback of the app.
Two editors saving the same row at once: the store retries the loser once, after the winner, so
that optimistic locking shows them both versions instead of DuckDB's « Conflict on update ».
"""

from __future__ import annotations

import inspect
from typing import Callable, TypeVar

from dashboard import auth, store
from domain.errors import UserError

T = TypeVar("T")
REFUSED = "Modification refusée : connectez-vous avec un compte d'éditeur pour modifier."
READ_ONLY = "Connectez-vous avec un compte d'éditeur pour modifier"


def write(action: Callable[..., T], *args, show_at: str | dict | None = None, own_transaction: bool = False) -> T:
    """``action(con, *args)`` as the signed-in editor, all of it saved or nothing; UserError otherwise.

    ``action`` receives ``author=<editor>`` when it has an ``author`` parameter. A UserError, the
    refusal or the action's own, is shown next to ``show_at`` when given, else in the page.
    ``own_transaction``: the action opens its own transaction (an import, which journals its failure).
    """
    try:
        author = auth.editor()
        if author is None:
            raise UserError(REFUSED)
        named = {"author": author} if "author" in inspect.signature(action).parameters else {}
        if own_transaction:
            result = store.write_own(action, *args, **named)
            store.write(_record, author, action)
            return result
        return store.write(_act_and_record, author, action, args, named)
    except UserError as error:
        raise (error.at(show_at) if show_at is not None else error) from None


def _act_and_record(con, author: str, action: Callable[..., T], args: tuple, named: dict) -> T:
    result = action(con, *args, **named)
    _record(con, author, action)
    return result


def _record(con, author: str, action: Callable) -> None:
    con.execute("INSERT INTO changes (author, action) VALUES (?, ?)",
                [author, f"{action.__module__}.{action.__qualname__}"])
