"""A meeting's load on every page (not a test): ``python -m bench reunion``, or
``python -m bench.meeting [--reference CHECKOUT]`` to measure another checkout of the app (main's, say) in the
same run, on a copy of the same database, as the baseline.

The database: the real SGPE panorama and Bretagne's territories and outlines (``COP_SHARED_DATA``), the starting
catalogue with five indicators generated for each of Bretagne's communes over ten years (the Diagnostic's data),
200 commitments in Bretagne's roadmap and a signed-in editor's scenario. Each app is served as in production
(``gunicorn.conf.py``) on 127.0.0.1; a client repeats what a browser asks to open a page — its document, the
frame (``/_dash-layout``), the callbacks' list (``/_dash-dependencies``) and the page's callback (the router's
answer, « rappel ») —, alone then ``CLIENTS`` at once, on each page, then on all pages mixed while an editor
saves a scenario value every second (``--ecriture engagement``: the title of a commitment, in the roadmap's
grid). The app is measured in one process, then in ``PROCESSES`` (``COP_PROCESSUS``: readers on snapshots, one
writer, docs/performance.md « Deux cœurs sur une machine »), in the same run on copies of the same database, the
reference checkout first, served in both ways too. A bare
Dash page served the same way is the yardstick. Every phase is bounded in time and in requests (bench/serving.py,
``client``); the machine's load average is printed, as other programs share its processors.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path

from bench.run import ROOT, build_database, load_average, ms
from bench.serving import (
    CLIENTS,
    MAIN_CALLBACK,
    Phase,
    bare_load_test,
    bare_page,
    commitment_edit,
    lever_edit,
    load,
    percentiles,
    prepare_editor,
)

PAGES = [  # (label, path, query): the pages a meeting opens
    ("Vue d'ensemble", "/", "?region=53"),
    ("Écarts et ambition", "/ecarts", "?region=53"),
    ("Déclinaison (CRTE)", "/declinaison", "?region=53&niveau=crte"),
    ("Diagnostic", "/diagnostic", "?region=53"),
    ("Feuille de route", "/feuille-de-route", "?region=53"),
]
COMMITMENTS, INDICATORS, YEARS = 200, 5, 10
PROCESSES = 2  # the readers of the second measure: this machine's cores
SOLO_SECONDS, CROWD_SECONDS, MIXED_SECONDS = 5, 10, 20


def page_requests(path: str, query: str) -> list[tuple]:
    """What a browser asks to open the page: (kind, method, path, body)."""
    router = {**MAIN_CALLBACK, "inputs": [{"id": "_pages_location", "property": "pathname", "value": path},
                                          {"id": "_pages_location", "property": "search", "value": query}]}
    return [("page", "GET", path + query, None), ("layout", "GET", "/_dash-layout", None),
            ("dépendances", "GET", "/_dash-dependencies", None),
            ("rappel", "POST", "/_dash-update-component", json.dumps(router).encode())]


def build(path: Path) -> int:
    """The meeting's database (module docstring); the editor's scenario."""
    from bench.diagnostic import FIRST_YEAR
    from data.commitment_samples import sample_template
    from data.db import connect
    from domain import commitment_store
    from loaders.catalogue import load_catalogue
    from loaders.commitments import load_commitments
    from loaders.indicators import load_indicators

    build_database(path)
    folder = path.parent
    with connect(path) as con:
        load_catalogue(con)
        indicators = [i for (i,) in con.execute(
            "SELECT indicator_id FROM indicators ORDER BY indicator_id LIMIT ?", [INDICATORS]).fetchall()]
        con.execute(f"""
            COPY (SELECT t.code AS codgeo, ind.id AS indicateur, {FIRST_YEAR} + y AS annee,
                         replace(round((hash(t.code, ind.id, y) % 100000) / 100.0, 2)::VARCHAR, '.', ',') AS valeur
                  FROM territories t, (SELECT unnest(?::VARCHAR[]) AS id) ind, range({YEARS}) yy(y)
                  WHERE t.level = 'commune') TO '{folder / "valeurs.csv"}' (HEADER, DELIMITER ';')
        """, [indicators])
        outcome = load_indicators(con, folder / "valeurs.csv")
        assert outcome.rows_written and not outcome.refused, outcome.message()
        sample_template(commitment_store.context(con, "53"), COMMITMENTS).to_excel(folder / "e.xlsx", index=False)
        outcome, report = load_commitments(con, folder / "e.xlsx", "53", "banc d'essai")
        assert len(report.added) == COMMITMENTS, outcome.message()
    return prepare_editor(path)


@contextmanager
def served(checkout: Path, database: Path, **environment: str):
    """``checkout``'s app served by gunicorn on ``database``: (base URL, server's processor seconds so far)."""
    from bench.headless import served_process, worker_cpu_seconds

    with served_process(database, root=checkout, **environment) as (base, master):
        yield base, lambda: worker_cpu_seconds(master)


def callback(phase: Phase) -> str:
    return percentiles(phase.timings["rappel"]) if phase.timings["rappel"] else "aucun"


def measure(base: str, cpu, edit) -> dict[str, str]:
    """Every page alone (one client, then ``CLIENTS``), then all pages mixed with the editor: label → figure."""
    rows = {}
    mixed = [request for _, path, query in PAGES for request in page_requests(path, query)]
    load(base, 1, 3, cpu, requests=mixed)  # every page built once: the figures are of pages warm
    for label, path, query in PAGES:
        requests = page_requests(path, query)
        solo = load(base, 1, SOLO_SECONDS, cpu, requests=requests)
        crowd = load(base, CLIENTS, CROWD_SECONDS, cpu, requests=requests)
        rows[f"{label} — un client : rappel"] = callback(solo)
        rows[f"{label} — {CLIENTS} clients : rappel"] = callback(crowd)
        rows[f"{label} — {CLIENTS} clients : requêtes/s ; erreurs ; processeur du serveur par requête"] = (
            f"{crowd.rate:.0f} ({crowd.rate / solo.rate:.1f}× un client) ; {len(crowd.errors)} ; "
            f"{ms(crowd.server_cpu)}")
    solo = load(base, 1, SOLO_SECONDS * 2, cpu, requests=mixed)
    crowd = load(base, CLIENTS, MIXED_SECONDS, cpu, edit, requests=mixed)
    rows["Toutes les pages — un client : requêtes/s ; rappel"] = f"{solo.rate:.0f} ; {callback(solo)}"
    rows[f"Toutes les pages, éditeur enregistrant chaque seconde — {CLIENTS} clients : requêtes/s ; erreurs"] = (
        f"{crowd.rate:.0f} ({crowd.rate / solo.rate:.1f}× un client) ; {len(crowd.errors)}")
    rows[f"Toutes les pages — {CLIENTS} clients : rappel"] = callback(crowd)
    rows["Éditeur : écritures réussies / tentées ; durée"] = (
        f"{len(crowd.saves)} / {len(crowd.saves) + len(crowd.failures)} ; "
        f"{percentiles(crowd.saves) if len(crowd.saves) > 1 else 'aucune'}")
    if crowd.errors or crowd.failures:
        rows["Premières erreurs"] = " | ".join((crowd.errors + crowd.failures)[:3])
    rows["Charge de la machine après les mesures (1, 5, 15 min)"] = load_average()
    return rows


def configurations(processes: int) -> list[tuple[str, dict[str, str]]]:
    """How each checkout is served: one process, then ``processes`` readers and a writer."""
    return [("un processus", {}), (f"{processes} processus lecteurs et un écrivain", {"COP_PROCESSUS": str(processes)})]


def run(reference: Path | None = None, processes: int = PROCESSES, writes: str = "scenario") -> list[tuple[str, str]]:
    with tempfile.TemporaryDirectory() as folder:
        original = Path(folder) / "original" / "bench.duckdb"
        original.parent.mkdir()
        scenario = build(original)
        scenario_edit = lever_edit(original, scenario) if writes == "scenario" else None
        from dashboard import store

        store.shared.close_if_idle()  # the file to the servers
        results = {}
        measured = [(f"référence, {name}", reference, environment) for name, environment in configurations(processes)
                    if reference is not None] + [(name, ROOT, environment)
                                                 for name, environment in configurations(processes)]
        for name, checkout, environment in measured:
            copy = Path(folder) / name.replace(" ", "-") / "bench.duckdb"
            copy.parent.mkdir()
            shutil.copy(original, copy)
            edit = scenario_edit or commitment_edit(original, checkout)  # as this checkout's callback expects it
            with served(checkout, copy, **environment) as (base, cpu):
                results[name] = measure(base, cpu, edit)
        with bare_page() as (bare, master):
            from bench.headless import worker_cpu_seconds

            yardstick = bare_load_test(bare, lambda: worker_cpu_seconds(master))
    names = list(results)
    rows = [(label, " | ".join(results[name].get(label, "") for name in names)) for label in results[names[-1]]]
    return [("Colonnes", " | ".join(names))] + rows + yardstick


def main(arguments: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reference", type=Path, help="une autre copie de l'application, mesurée d'abord")
    parser.add_argument("--processus", type=int, default=PROCESSES, help="processus lecteurs de la seconde mesure")
    parser.add_argument("--ecriture", choices=["scenario", "engagement"], default="scenario",
                        help="ce que l'éditeur enregistre chaque seconde : une valeur de scénario (page Écarts) ou le "
                             "titre d'un engagement (grille de la feuille de route)")
    options = parser.parse_args(arguments)
    for label, figure in run(options.reference, options.processus, options.ecriture):
        print(f"| {label} | {figure} |", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
