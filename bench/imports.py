"""Benchmark of large imports (not a test): ``run()`` gives (label, figure) pairs.

Builds a database from the real SGPE panorama and Bretagne's territories (``COP_SHARED_DATA``) in a
temporary folder, generates files of about ``SIZE_MB`` MB there, and runs ``python -m loaders`` on each
in a child process on a fresh copy of the database. The figure is the child's peak resident memory
(``getrusage`` through ``os.wait4``), with its exit code, duration and first output line.

- ``cles``: allocation keys in the long format, a duplicate at line 1,204 (the rest is never read);
- ``cles`` valid: the same without the duplicate, about 8.8 million values, all stored;
- ``observations``: indicator values by commune, a duplicate at line 1,204;
- ``engagements``: one commitment repeated 2.2 million times (one added, the others refused).
"""

from __future__ import annotations

import itertools
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from babel.numbers import format_decimal

from bench.run import ROOT, SHARED

SIZE_MB = 200
DUPLICATE_LINE = 1204


def _build(path: Path) -> list[str]:
    from data.db import connect, migrate
    from loaders.sgpe import load_sgpe
    from loaders.territories import load_territories

    bretagne = SHARED / "admin-express" / "bretagne"
    with connect(path) as con:
        migrate(con)
        load_sgpe(con, SHARED / "sgpe" / "panorama-leviers-regions.json")
        load_territories(con, bretagne / "COMMUNE.gpkg", bretagne / "EPCI.csv", bretagne / "crte-composition.csv")
        return [c for (c,) in con.execute("SELECT code FROM territories WHERE level = 'commune' ORDER BY 1").fetchall()]


def _fill(path: Path, header: str, lines, duplicate: bool = True) -> Path:
    """Write ``header`` then ``lines`` until the file reaches SIZE_MB; line DUPLICATE_LINE repeats line 2 if asked."""
    limit = SIZE_MB * 1_000_000
    with open(path, "w", encoding="utf-8", newline="") as file:
        file.write(header)
        size, first = len(header), None
        for number, line in enumerate(lines, start=2):
            if number == 2:
                first = line
            if duplicate and number == DUPLICATE_LINE and first is not None:
                line = first
            file.write(line)
            size += len(line)
            if size >= limit:
                break
    return path


def _keys_file(folder: Path, communes: list[str], duplicate: bool = True) -> Path:
    lines = (f"{code};cle_{k};{k * 7 + i % 1000},5\n" for k in itertools.count() for i, code in enumerate(communes))
    return _fill(folder / "cles.csv", "code_commune;cle;valeur\n", lines, duplicate)


def _observations_file(folder: Path, communes: list[str]) -> Path:
    lines = (f"commune;{code};ges_total;{year};{i % 997},25;ktCO2e\n"
             for _ in itertools.count() for year in range(1990, 2051) for i, code in enumerate(communes))
    return _fill(folder / "observations.csv", "niveau;code;indicateur;annee;valeur;unite\n", lines)


def _commitments_file(folder: Path, database: Path) -> Path:
    from data.commitment_samples import sample_template
    from data.db import connect
    from domain import commitment_store

    with connect(database, read_only=True) as con:
        frame = sample_template(commitment_store.context(con, "53"), 1, 1)
    header, row = frame.to_csv(sep=";", index=False).splitlines(keepends=True)
    return _fill(folder / "engagements.csv", header, itertools.repeat(row))


def _measure(database: Path, folder: Path, *args: str) -> tuple[int, float, float, str]:
    """(exit code, seconds, peak memory in MiB, first output line) of ``python -m loaders *args``."""
    copy = folder / "copie.duckdb"
    shutil.copy(database, copy)
    environment = {**os.environ, "COP_DB": str(copy)}
    start = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-m", "loaders", *args], cwd=ROOT, env=environment,
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    output = child.stdout.read().decode("utf-8", errors="replace")
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - start
    copy.unlink()
    first = next((line for line in output.splitlines() if line.strip()), "")
    return child.returncode, seconds, usage.ru_maxrss / 1024, first


def _figure(code: int, seconds: float, peak: float, first: str) -> str:
    peak_text = format_decimal(peak, format="#,##0", locale="fr_FR")
    seconds_text = format_decimal(seconds, format="#,##0.0", locale="fr_FR")
    return f"{peak_text} Mio en pointe, {seconds_text} s, code de sortie {code} — {first[:110]}"


def run() -> list[tuple[str, str]]:
    results = []
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        database = folder / "cop.duckdb"
        communes = _build(database)
        cases = [
            ("cles", lambda: _keys_file(folder, communes), ["cles"]),
            ("cles (valide)", lambda: _keys_file(folder, communes, duplicate=False), ["cles"]),
            ("observations", lambda: _observations_file(folder, communes), ["observations"]),
            ("engagements", lambda: _commitments_file(folder, database), ["engagements", "--region", "53"]),
        ]
        for name, make, command in cases:
            path = make()
            size = format_decimal(path.stat().st_size / 1e6, format="#,##0", locale="fr_FR")
            measured = _measure(database, folder, command[0], str(path), *command[1:])
            results.append((f"{name} — fichier CSV de {size} Mo", _figure(*measured)))
            path.unlink()
    return results
