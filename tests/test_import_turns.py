"""One import at a time, from the web pages and the command line alike, the second told who holds the turn; a
failed import's journal row in French, never in DuckDB's English; an import whose lines were all refused
journaled as a failure."""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import duckdb
import pytest

from bench.dash_requests import post
from data.commitment_samples import sample_template
from data.db import connect
from domain import commitment_store
from domain.commitments import LABELS
from loaders.import_lock import import_turn
from loaders.journal import run_import
from tests.conftest import fingerprint
from tests.test_imports_web import finished, sign_in, upload, web  # noqa: F401 (web: the app and its client)

ROOT = Path(__file__).resolve().parent.parent
ROWS = "region;levier_id;annee;valeur\nBretagne;augm_voitelec;2023;3\n"
BUSY = "Import impossible pour l'instant : un import est déjà en cours, par {}"


def command_line(*arguments: str, database: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "loaders", *arguments], cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, "COP_DB": str(database)}, timeout=120)


@pytest.fixture
def other_process_importing():
    """Another process (a command-line import) holding the import turn of the app's database."""
    holder = subprocess.Popen([sys.executable, "-c", textwrap.dedent("""
        import time
        from loaders.import_lock import import_turn
        from data.db import database_path
        with import_turn(database_path(), "ligne de commande (cron)"):
            print("pris", flush=True)
            time.sleep(120)
        """)], cwd=ROOT, stdout=subprocess.PIPE, text=True)  # the app's database: COP_DB, set by ``web``
    assert holder.stdout.readline().strip() == "pris"
    yield
    holder.kill()
    holder.wait()


def test_a_web_import_is_refused_while_the_command_line_imports(web, other_process_importing):
    app, client = web
    sign_in(client, "equipe-dreal")
    received = post(client, app, "dashboard.pages.imports._receive",
                    upload("data:text/csv;base64," + base64.b64encode(ROWS.encode()).decode()))
    token = received.json["response"]["imports-token"]["data"]
    before = fingerprint()
    previewed = finished(app, client, post(client, app, "dashboard.pages.imports._preview", (
        "imports-preview.n_clicks", {"imports-preview.n_clicks": 1, "imports-kind.value": "observations",
                                     "imports-token.data": token}, None)))
    assert BUSY.format("ligne de commande (cron) depuis le ") in json.dumps(previewed, ensure_ascii=False)
    assert fingerprint() == before


def test_the_command_line_is_refused_while_the_web_imports(tmp_path, real_copy):
    data = tmp_path / "obs.csv"
    data.write_text(ROWS, encoding="utf-8")
    journal = "SELECT count(*) FROM imports"
    with connect(real_copy) as con:
        before = con.execute(journal).fetchone()
    with import_turn(real_copy, "equipe-dreal"):
        refused = command_line("observations", str(data), database=real_copy)
    assert refused.returncode == 1
    assert BUSY.format("equipe-dreal depuis le ") in refused.stderr
    with connect(real_copy) as con:
        assert con.execute(journal).fetchone() == before
    assert command_line("observations", str(data), database=real_copy).returncode == 0  # once the turn is free


def test_a_failed_import_is_journaled_in_french_never_in_duckdb_english(db_path):
    def conflicting(con, import_id):
        raise duckdb.TransactionException("TransactionContext Error: Conflict on tuple deletion!")

    with connect(db_path) as con:
        with pytest.raises(duckdb.TransactionException):
            run_import(con, "observations", [], conflicting, name="obs.csv")
        status, message = con.execute("SELECT status, message FROM imports").fetchone()
    assert status == "échec"
    assert message.startswith("Échec de l'import : erreur inattendue (TransactionException). Aucune donnée n'a été "
                              "modifiée")
    assert "Conflict" not in message and "TransactionContext" not in message


def test_a_commitments_import_whose_lines_were_all_refused_is_journaled_as_a_failure(real_copy, tmp_path):
    with connect(real_copy) as con:
        frame = sample_template(commitment_store.context(con, "53"), 2, seed=1).astype(object)
    frame[LABELS["lever_id"]] = "levier_inconnu"
    frame.to_csv(tmp_path / "engagements.csv", sep=";", index=False)
    ran = command_line("engagements", str(tmp_path / "engagements.csv"), "--region", "53", database=real_copy)
    assert ran.returncode == 1, ran.stderr
    with connect(real_copy) as con:
        status, written, message = con.execute(
            "SELECT status, rows_written, message FROM imports ORDER BY import_id DESC").fetchone()
    assert (status, written) == ("échec", 0)
    assert message.endswith("Aucune ligne n'a pu être écrite : corrigez les lignes refusées et relancez.")
