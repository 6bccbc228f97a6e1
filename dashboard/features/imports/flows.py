"""What the Données page asks of the database, each run through the write gate by a background job.

The preview runs the kind's loader as a dry run (``loaders.journal.running``): the same checks and
messages as the real import, in a transaction that is rolled back. The confirmation runs it for real,
journaled with its author, if the files are still those that account previewed (their SHA-256, kept on the
server). The undo is ``loaders.undo``'s.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from dashboard.importing import kinds, uploads
from dashboard.importing.kinds import Kind
from domain.errors import UserError
from loaders.journal import Outcome, running
from loaders.undo import UNDO_KIND, UndoPlan, plan_undo, undo_import


@dataclass
class Preview:
    """What the page shows of a preview; what the confirmation needs stays on the server (``uploads.keep_preview``):
    the page keeps only the files' token."""
    kind: str
    token: str
    outcome: Outcome


def _files(kind: str, token: str, region: str | None) -> tuple[Kind, dict[str, Path]]:
    chosen = kinds.kind(kind)
    files = uploads.received(token, chosen)
    missing = chosen.missing(files, region)
    if missing:
        raise UserError(f"À fournir avant l'aperçu : {', '.join(missing)}.")
    return chosen, files


def preview(con: duckdb.DuckDBPyConnection, kind: str, token: str, region: str | None,
            say: Callable[[str], None], author: str) -> Preview:
    """What importing the uploaded files would do; nothing is written. What was previewed is kept with the files."""
    chosen, files = _files(kind, token, region)
    digests = uploads.digests(files)
    with running(author=author, dry_run=True, say=say):
        outcome = chosen.load(con, files, region)
    uploads.keep_preview(token, {"kind": kind, "region": region, "author": author, "digests": digests})
    return Preview(kind, token, outcome)


def confirm(con: duckdb.DuckDBPyConnection, token: str, say: Callable[[str], None], author: str) -> Outcome:
    """The import that ``author`` previewed (kept on the server with the token), for real, if its files did not
    change since."""
    previewed = uploads.preview_of(token, author)
    chosen, files = _files(previewed["kind"], token, previewed["region"])
    uploads.check_unchanged(files, previewed)
    with running(author=author, say=say):
        outcome = chosen.load(con, files, previewed["region"])
    uploads.discard(token)
    return outcome


def plan(con: duckdb.DuckDBPyConnection, import_id: int) -> UndoPlan:
    return plan_undo(con, import_id)


def undo(con: duckdb.DuckDBPyConnection, import_id: int, say: Callable[[str], None], author: str) -> Outcome:
    with running(author=author, say=say):
        return undo_import(con, import_id)


def undoable(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The imports that kept what they changed and are not undone yet (latest first)."""
    return con.execute(
        "SELECT import_id, kind, file_name, started_at FROM imports i WHERE status = 'succès' AND undone_by IS NULL "
        "AND kind <> ? AND EXISTS (SELECT 1 FROM import_undo u WHERE u.import_id = i.import_id) "
        "ORDER BY import_id DESC", [UNDO_KIND]).df()
