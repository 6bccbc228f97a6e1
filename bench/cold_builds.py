"""What a page costs to build again (not a test): ``python -m bench constructions``, or
``python -m bench.cold_builds [--reference CHECKOUT]`` to measure another checkout (main's, say) in the same run, on
a copy of the same database (the meeting's: bench/meeting.py).

Each meeting page's answer (the router's callback, through the test client of the app as a gunicorn worker serves
it: ``create_server``), then the parts that the browser asks for once it is drawn (dashboard/components/deferred.py:
the charts and tables below the main chart), are built after what empties its caches in use: an editor's write of a
kind that changes it (a scenario value for Écarts, a method for the Déclinaison, a commitment for the roadmap), and
an import (every cache emptied: the first visitor after a start pays the same), then once more, warm. The figures
are the processor time of the measuring process (DuckDB's threads included), not the time on the clock: other
programs share this machine's processors; the median and the longest of ``ROUNDS`` builds.
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
ROUNDS = 11


def measure(checkout: Path, database: Path) -> dict[str, str]:
    """In this process, ``checkout``'s app on ``database``: page label → figures (run by ``main``)."""
    os.environ["COP_DB"] = str(database)
    sys.path.insert(0, str(checkout))
    os.chdir(checkout)
    from app import create_server
    from dashboard.store import cache
    from dashboard.store.data_versions import edited, imported
    from domain.permissions import Write

    client = create_server().test_client()  # as a gunicorn worker serves it

    def answered(body: dict) -> tuple[float, dict]:
        start = time.process_time()
        response = client.post("/_dash-update-component", data=json.dumps(body), content_type="application/json")
        assert response.status_code in (200, 204), (body["output"], response.status_code)
        return (time.process_time() - start) * 1000, response.get_json(silent=True) or {}

    def built(path: str, query: str) -> tuple[float, float]:
        """CPU ms of the page's answer, and of the parts sent after it."""
        body = {"output": ".._pages_content.children..._pages_store.data..",
                "outputs": [{"id": "_pages_content", "property": "children"},
                            {"id": "_pages_store", "property": "data"}],
                "inputs": [{"id": "_pages_location", "property": "pathname", "value": path},
                           {"id": "_pages_location", "property": "search", "value": query}],
                "changedPropIds": ["_pages_location.pathname"], "state": []}
        page, answer = answered(body)
        parts = sum(answered(part)[0] for part in deferred_parts(answer))
        return page, parts

    def after_write(kind: str, path: str, query: str) -> tuple[float, float]:
        """Built after what an editor's write of ``kind`` leaves: the imported data as it was, the file changed."""
        time.sleep(0.002)
        with imported.unchanged_by():
            os.utime(database)
        edited.count(Write(kind))
        return built(path, query)

    def after_import(path: str, query: str) -> tuple[float, float]:
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
            f"après une écriture {said(edit)}" if edit else "après une écriture : gardée",
            f"après un import {said(load)}", f"chaude {statistics.median(page for page, _ in warm):.1f} ms"])
    return figures


def said(timings: list[tuple[float, float]]) -> str:
    """« 120 ms, au plus 150 (+ 80 ms envoyées après) »: median and longest of the page's answer, median of its
    parts. The longest shows what the median hides: a build during which Python collects its garbage."""
    pages, parts = [p for p, _ in timings], statistics.median(p for _, p in timings)
    return f"{statistics.median(pages):.0f} ms, au plus {max(pages):.0f}" + (
        f" (+ {parts:.0f} ms envoyées après)" if parts else "")


def deferred_parts(node) -> list[dict]:
    """The callback requests by which the browser asks for the parts of a page's answer (``node``, JSON) sent after
    it: a ``{"type": "deferred-query", "part": …}`` store in each (dashboard/components/deferred.py)."""
    if isinstance(node, list):
        return [body for child in node for body in deferred_parts(child)]
    if not isinstance(node, dict):
        return []
    props = node.get("props")
    identifier = props.get("id") if isinstance(props, dict) else None
    if isinstance(identifier, dict) and identifier.get("type") == "deferred-query":
        container, timer = {**identifier, "type": "deferred"}, {**identifier, "type": "deferred-timer"}
        return [{"output": '{"part":["MATCH"],"type":"deferred"}.children',
                 "outputs": {"id": container, "property": "children"},
                 "inputs": [{"id": timer, "property": "n_intervals", "value": 1}],
                 "changedPropIds": [json.dumps(timer, separators=(",", ":"), sort_keys=True) + ".n_intervals"],
                 "state": [{"id": identifier, "property": "data", "value": props.get("data")}]}]
    return [body for value in node.values() for body in deferred_parts(value)]


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
    return [(f"Colonnes (processeur, médiane et maximum de {ROUNDS})", " | ".join(names))] + [
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
