"""What the Données page asks of the database, each run through the write gate by a background job.

The preview runs the kind's loader as a dry run (``loaders.journal.running``): the same checks and
messages as the real import, in a transaction that is rolled back. The confirmation runs it for real,
journaled with its author, if the files are still those previewed. The undo is ``loaders.undo``'s.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import duckdb
import pandas as pd

from dashboard.donnees import uploads
from dashboard.donnees.kinds import KINDS
from domain.errors import UserError
from loaders.journal import Outcome, running
from loaders.undo import UNDO_KIND, UndoPlan, plan_undo, undo_import


@dataclass
class Preview:
    """What the confirmation needs (the page keeps it): the kind, the files' token and digests, the region."""
    kind: str
    token: str
    region: str | None
    outcome: Outcome
    digests: dict[str, str]

    def kept(self) -> dict:
        return {"kind": self.kind, "token": self.token, "region": self.region, "digests": self.digests}


def _files(kind: str, token: str, region: str | None):
    if kind not in KINDS:
        raise UserError("Choisissez d'abord le type de fichier à importer.")
    files = uploads.received(token)
    missing = KINDS[kind].missing(files, region)
    if missing:
        raise UserError(f"À fournir avant l'aperçu : {', '.join(missing)}.")
    return KINDS[kind], files


def preview(con: duckdb.DuckDBPyConnection, kind: str, token: str, region: str | None,
            say: Callable[[str], None]) -> Preview:
    """What importing the uploaded files would do; nothing is written."""
    chosen, files = _files(kind, token, region)
    digests = uploads.digests(token)
    with running(dry_run=True, say=say):
        outcome = chosen.load(con, files, region)
    return Preview(kind, token, region, outcome, digests)


def confirm(con: duckdb.DuckDBPyConnection, previewed: dict, say: Callable[[str], None], author: str) -> Outcome:
    """The import previewed (``Preview.kept``), for real, if its files did not change since."""
    chosen, files = _files(previewed["kind"], previewed["token"], previewed["region"])
    uploads.check_unchanged(previewed["token"], previewed["digests"])
    with running(author=author, say=say):
        outcome = chosen.load(con, files, previewed["region"])
    uploads.discard(previewed["token"])
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
