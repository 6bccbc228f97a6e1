"""Writing an import in one transaction and recording it in the ``imports`` journal.

A loader validates its files, then hands ``run_import`` a function that writes. Either all
of it is committed with a 'succès' line in the journal, or nothing is: the data tables are
left exactly as they were and the journal records the failure and its message, in French (a
library's English text is never journaled: ``loaders.errors.failure_text``).

The journal line stays small whatever the file: the summary and the first ``SHOWN_PROBLEMS``
problems. When there are more, the full report is kept compressed in ``import_reports`` and
served at ``report_url(import_id)``.
"""

from __future__ import annotations

import hashlib
import zlib
from collections.abc import Callable
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

from domain import clock, formats, versions
from loaders import changes
from loaders.changes import TableChange
from loaders.errors import failure_text
from loaders.import_lock import import_turn


@dataclass
class Counts:
    added: int = 0
    changed: int = 0
    unchanged: int = 0
    removed: int = 0

    @property
    def written(self) -> int:
        return self.added + self.changed

    def describe(self, noun: str, plural: str | None = None, feminine: bool = False) -> str:
        """``30 objectifs : 2 ajoutés, 1 modifié, 27 inchangés``, ``1 objectif : …``: ``noun`` in the singular (its
        ``plural`` when not ``noun`` + s, as ``formats.noun``); ``feminine`` for a feminine ``noun`` (« valeur »)."""
        total = self.added + self.changed + self.unchanged
        counts = [(self.added, "ajouté"), (self.changed, "modifié"), (self.unchanged, "inchangé")]
        counts += [(self.removed, "retiré")] * bool(self.removed)
        return f"{formats.counted(total, noun, plural)} : " + ", ".join(
            formats.agreed(value, participle, feminine) for value, participle in counts)


SHOWN_PROBLEMS = 50
NOTHING_WRITTEN = "Aucune ligne n'a pu être écrite : corrigez les lignes refusées et relancez."


def report_url(import_id: int) -> str:
    return f"/donnees/import/{import_id}/compte-rendu.txt"


@dataclass
class Outcome:
    """What a loader did, shown to the user and recorded in the journal.

    ``refused`` counts the lines left out: when there are some and nothing was written, the
    command line exits with an error code.
    """

    rows_read: int
    summary: list[str]
    notices: list[str] = field(default_factory=list)
    rows_written: int = 0
    refused: int = 0
    import_id: int | None = None
    changes: list[TableChange] = field(default_factory=list)

    @property
    def truncated(self) -> bool:
        return len(self.notices) > SHOWN_PROBLEMS

    def message(self) -> str:
        """The summary and the first problems; where to find the others."""
        lines = self.summary + [f"- {n}" for n in self.notices[:SHOWN_PROBLEMS]]
        if self.truncated:
            rest = len(self.notices) - SHOWN_PROBLEMS
            lines.append(f"… et {formats.counted(rest, 'autre')} : compte rendu complet sur la page « Données et "
                         f"méthode » ({report_url(self.import_id)}) ou par python -m loaders compte-rendu "
                         f"{self.import_id}.")
        return "\n".join(lines)

    def full_report(self) -> str:
        return "\n".join(self.summary + [f"- {n}" for n in self.notices])

    @property
    def nothing_written(self) -> bool:
        """Lines were refused and none written: the import did not do what was asked."""
        return self.refused > 0 and self.rows_written == 0


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@dataclass(frozen=True)
class Run:
    """How the imports of this thread run: who makes them (journaled), whether they are a dry run (everything
    written is rolled back and nothing journaled: the preview of the Données page), and where their progress
    goes. Set with ``running``, so that every loader honours it without passing it along."""

    author: str | None = None
    dry_run: bool = False
    say: Callable[[str], None] = lambda message: None


DRY_RUN_ID = 0  # the import_id a dry run writes with (rolled back)
_run: ContextVar[Run] = ContextVar("import_run", default=Run())


@contextmanager
def running(author: str | None = None, dry_run: bool = False, say: Callable[[str], None] = lambda message: None):
    token = _run.set(Run(author, dry_run, say))
    try:
        yield
    finally:
        _run.reset(token)


def current_run() -> Run:
    return _run.get()


def run_import(
    con: duckdb.DuckDBPyConnection,
    kind: str,
    files: list[Path],
    write: Callable[[duckdb.DuckDBPyConnection, int], Outcome],
    name: str | None = None,
) -> Outcome:
    """Run ``write(con, import_id)`` in one transaction and journal the result (``name``: what the journal
    names instead of the files), one import at a time (``loaders.import_lock``). What it changed is kept to undo
    it (``loaders.changes``). An import whose lines were all refused is journaled « échec ». In a dry run
    (``running(dry_run=True)``) everything is rolled back and nothing journaled, failure included."""
    run = _run.get()
    with import_turn(database_of(con), run.author, run.dry_run):
        return _run_import(con, run, kind, files, write, name)


def database_of(con: duckdb.DuckDBPyConnection) -> Path | None:
    """The file of the connection's database (None in memory)."""
    path = con.execute("SELECT path FROM duckdb_databases() WHERE database_name = current_database()").fetchone()[0]
    return Path(path) if path else None


def _run_import(con, run: Run, kind: str, files: list[Path], write, name: str | None) -> Outcome:
    started = clock.now()
    names = name or " + ".join(Path(f).name for f in files)
    digests = " ".join(sha256_of(Path(f)) for f in files if Path(f).is_file())
    # a dry run takes no number: the journal's numbers follow one another whatever was previewed
    import_id = DRY_RUN_ID if run.dry_run else con.execute("SELECT nextval('import_id_seq')").fetchone()[0]
    con.execute("BEGIN TRANSACTION")
    try:
        frozen = versions.seals(con, content=True)
        changes.snapshot(con, kind)
        run.say("Lecture et vérification du fichier…")
        outcome = write(con, import_id)
        run.say("Comparaison avec les données en place…")
        outcome.changes = changes.compare(con, kind, import_id, keep=not run.dry_run)
        versions.unchanged(con, frozen, content=True)  # no import, nor its undo, changes a frozen version
        if run.dry_run:
            con.execute("ROLLBACK")
            return outcome
        outcome.import_id = import_id
        status, message = ("échec", f"{outcome.message()}\n{NOTHING_WRITTEN}") if outcome.nothing_written \
            else ("succès", outcome.message())
        _journal(con, import_id, kind, names, digests, started, status, outcome.rows_read,
                 outcome.rows_written, message, run.author)
        if outcome.truncated:
            con.execute("INSERT INTO import_reports VALUES (?, ?, ?)",
                        [import_id, len(outcome.notices), zlib.compress(outcome.full_report().encode("utf-8"))])
        con.execute("COMMIT")
    except Exception as error:
        con.execute("ROLLBACK")
        if not run.dry_run:
            _journal(con, import_id, kind, names, digests, started, "échec", None, 0, failure_text(error),
                     run.author)
        raise
    return outcome

def full_report(con: duckdb.DuckDBPyConnection, import_id: int) -> str | None:
    """The complete report of an import (its journal message when nothing was left out of it)."""
    row = con.execute("SELECT i.message, r.report FROM imports i LEFT JOIN import_reports r USING (import_id) "
                      "WHERE i.import_id = ?", [import_id]).fetchone()
    if row is None:
        return None
    message, compressed = row
    return message if compressed is None else zlib.decompress(compressed).decode("utf-8")


def _journal(con, import_id, kind, names, digests, started, status, rows_read, rows_written, message, author):
    con.execute(
        "INSERT INTO imports (import_id, kind, file_name, sha256, started_at, finished_at, status, rows_read,"
        " rows_written, message, author) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [import_id, kind, names, digests or None, started, clock.now(), status, rows_read,
         rows_written, message, author],
    )


def replace_rows(
    con: duckdb.DuckDBPyConnection,
    table: str,
    rows: pd.DataFrame,
    key: list[str],
    scope: str | None = None,
    scope_params: list | None = None,
) -> Counts:
    """Make ``table`` hold ``rows`` within ``scope`` (an SQL condition; default: the keys of ``rows``).

    Rows of the scope absent from ``rows`` are removed. Returns what was added, changed,
    left unchanged and removed, comparing every column but the key and ``import_id``.
    """
    con.register("incoming", rows)
    key_match = " AND ".join(f"t.{k} = i.{k}" for k in key)
    if scope is None:
        scope = f"({', '.join(key)}) IN (SELECT ({', '.join(key)}) FROM incoming)"
        scope_params = []
    compared = [c for c in rows.columns if c not in key and c != "import_id"]
    differs = " OR ".join(f"t.{c} IS DISTINCT FROM i.{c}" for c in compared) or "false"
    existing = f"(SELECT * FROM {table} WHERE {scope}) AS t"
    params = list(scope_params or [])
    added = con.execute(
        f"SELECT count(*) FROM incoming AS i WHERE NOT EXISTS (SELECT 1 FROM {existing} WHERE {key_match})",
        params,
    ).fetchone()[0]
    removed = con.execute(
        f"SELECT count(*) FROM {existing} WHERE NOT EXISTS (SELECT 1 FROM incoming AS i WHERE {key_match})",
        params,
    ).fetchone()[0]
    changed = con.execute(
        f"SELECT count(*) FROM {existing} JOIN incoming AS i ON {key_match} WHERE {differs}", params
    ).fetchone()[0]
    con.execute(f"DELETE FROM {table} WHERE {scope}", params)
    con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM incoming")
    con.unregister("incoming")
    return Counts(added=added, changed=changed, unchanged=len(rows) - added - changed, removed=removed)
