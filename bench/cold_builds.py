"""What a page costs to build again (not a test): ``python -m bench constructions``, or
``python -m bench.cold_builds [--reference CHECKOUT]`` to measure another checkout (main's, say) in the same run, on
a copy of the same database (the meeting's: bench/meeting.py).

Each meeting page's answer (the router's callback, through the app's test client) is built after what empties
its caches in use: an editor's write of a kind that changes it (a scenario value for Écarts, a method for the
Déclinaison, a commitment for the roadmap), and an import (every cache emptied: the first visitor after a start
pays the same), then once more, warm. The figure is the processor time of the measuring process (DuckDB's threads
included), not the time on the clock: other programs share this machine's processors.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGES = [("Vue d'ensemble", "/", "?region=53"), ("Écarts et ambition", "/ecarts", "?region=53"),
         ("Déclinaison (CRTE)", "/declinaison", "?region=53&niveau=crte"),
         ("Diagnostic", "/diagnostic", "?region=53"), ("Feuille de route", "/feuille-de-route", "?region=53")]
REBUILT_BY = {"/ecarts": "scenario", "/declinaison": "methode", "/feuille-de-route": "engagement"}  # Write's values
ROUNDS = 7


def measure(checkout: Path, database: Path) -> dict[str, str]:
    """In this process, ``checkout``'s app on ``database``: page label → figures (run by ``main``)."""
    os.environ["COP_DB"] = str(database)
    sys.path.insert(0, str(checkout))
    os.chdir(checkout)
    from app import create_app
    from dashboard.store import cache
    from dashboard.store.data_versions import edited, imported
    from domain.permissions import Write

    client = create_app().server.test_client()

    def built(path: str, query: str) -> float:
        body = {"output": ".._pages_content.children..._pages_store.data..",
                "outputs": [{"id": "_pages_content", "property": "children"},
                            {"id": "_pages_store", "property": "data"}],
                "inputs": [{"id": "_pages_location", "property": "pathname", "value": path},
                           {"id": "_pages_location", "property": "search", "value": query}],
                "changedPropIds": ["_pages_location.pathname"], "state": []}
        start = time.process_time()
        response = client.post("/_dash-update-component", data=json.dumps(body), content_type="application/json")
        assert response.status_code == 200, (path, response.status_code)
        return (time.process_time() - start) * 1000

    def after_write(kind: str, path: str, query: str) -> float:
        """Built after what an editor's write of ``kind`` leaves: the imported data as it was, the file changed."""
        time.sleep(0.002)
        with imported.unchanged_by():
            os.utime(database)
        edited.count(Write(kind))
        return built(path, query)

    def after_import(path: str, query: str) -> float:
        cache.clear()
        return built(path, query)

    for _, path, query in PAGES:
        built(path, query)
    figures = {}
    for label, path, query in PAGES:
        edit = [after_write(REBUILT_BY[path], path, query) for _ in range(ROUNDS)] if path in REBUILT_BY else []
        load = [after_import(path, query) for _ in range(ROUNDS)]
        warm = [built(path, query) for _ in range(ROUNDS)]
        figures[label] = " ; ".join([
            f"après une écriture {statistics.median(edit):.0f} ms" if edit else "après une écriture : gardée",
            f"après un import {statistics.median(load):.0f} ms", f"chaude {statistics.median(warm):.1f} ms"])
    return figures


def run(reference: Path | None = None) -> list[tuple[str, str]]:
    from bench.meeting import build

    results = {}
    with tempfile.TemporaryDirectory() as folder:
        original = Path(folder) / "original" / "bench.duckdb"
        original.parent.mkdir()
        build(original)
        from dashboard import store

        store.shared.close_if_idle()
        for name, checkout in [("référence", reference), ("cette version", ROOT)]:
            if checkout is None:
                continue
            copy = Path(folder) / name.replace(" ", "-") / "bench.duckdb"
            copy.parent.mkdir()
            shutil.copy(original, copy)
            answer = subprocess.run([sys.executable, __file__, "--measure", str(checkout), str(copy)], cwd=checkout,
                                    capture_output=True, text=True, timeout=900, check=True)
            results[name] = json.loads(answer.stdout.strip().splitlines()[-1])
    names = list(results)
    return [("Colonnes (processeur, médiane de 7)", " | ".join(names))] + [
        (label, " | ".join(results[name][label] for name in names)) for label, _, _ in PAGES]


def main(arguments: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reference", type=Path, help="une autre copie de l'application, mesurée d'abord")
    parser.add_argument("--measure", nargs=2, type=Path, help=argparse.SUPPRESS)  # CHECKOUT DATABASE, in a child
    options = parser.parse_args(arguments)
    if options.measure:
        print(json.dumps(measure(*options.measure), ensure_ascii=False))
        return
    for label, figure in run(options.reference):
        print(f"| {label} | {figure} |", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
