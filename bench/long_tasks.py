"""Benchmark (not a test) of the biggest tables: the browser's long tasks while they are built.

The déclinaison page at EPCI level, opened cold and reached by a click on the level (CRTE → EPCI), for Bretagne
(1 202 real communes, 59 EPCI) and the synthetic region of 4 808 communes and 236 EPCI (four copies of Bretagne,
bench/split.py); and the roadmap's grid of commitments. Chromium reports each task of its main thread over 50 ms
(PerformanceObserver « longtask »); the budget is no task over 200 ms. Printed with the machine's load average:
two cores shared with other work lengthen every task.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from bench.run import build_database, load_average, ms
from bench.split import SYNTHETIC, add_synthetic_region

BUDGET_MS = 200
# Registered before any page script: every long task of the page, from its first byte, and the instants and
# places (the map, the table, the rest of the page) of what changed in the page, to tell which task drew what.
OBSERVE = """
window.__longTasks = [];
window.__changes = [];
new PerformanceObserver(list => list.getEntries().forEach(e => window.__longTasks.push([e.startTime, e.duration])))
  .observe({type: 'longtask', buffered: true});
new MutationObserver(records => {
  const now = performance.now();
  records.forEach(r => {
    const node = r.target.nodeType === 1 ? r.target : r.target.parentElement;
    const added = [...r.addedNodes].some(n => n.nodeType === 1 && n.querySelector('#table-declinaison'));
    const place = added || (node && node.closest('#split-table')) ? 'tableau'
      : node && node.closest('#split-map') ? 'carte' : 'page';
    window.__changes.push([now, place]);
  });
}).observe(document, {childList: true, subtree: true});
"""
SHOWN = """
const table = document.getElementById('table-declinaison');
return !!table && table.querySelector('caption').innerText.includes(arguments[0])
  && table.querySelectorAll('tbody tr').length > 0;
"""
HEADINGS = {"epci": "par EPCI", "crte": "par CRTE"}


def _territories(path: Path, region: str, level: str) -> int:
    from data.db import connect

    with connect(path, read_only=True) as con:
        return con.execute("SELECT count(*) FROM territory_links WHERE parent_level = 'region' AND parent_code = ? "
                           "AND child_level = ?", [region, level]).fetchone()[0]


def _wait(driver, level: str, seconds: float = 60) -> None:
    """Until the table shows the territories of ``level`` (its heading names them)."""
    deadline = time.monotonic() + seconds
    while not driver.execute_script(SHOWN, HEADINGS[level]):
        if time.monotonic() > deadline:
            raise TimeoutError("tableau non affiché")
        time.sleep(0.05)


def _tasks(driver) -> list[tuple[float, str]]:
    """The long tasks since the last call: their duration (ms) and what they changed (« tableau », « carte »)."""
    time.sleep(0.5)  # the last task reported
    tasks, changes = driver.execute_script(
        "const t = [window.__longTasks, window.__changes]; window.__longTasks = []; window.__changes = []; return t;")
    return [(duration, "+".join(sorted({place for at, place in changes if start <= at <= start + duration})) or "—")
            for start, duration in tasks]


def _said(label: str, tasks: list[tuple[float, str]]) -> tuple[str, str]:
    table = max((duration for duration, places in tasks if "tableau" in places), default=0.0)
    longest, places = max(tasks, default=(0.0, "—"))
    over = sum(duration > BUDGET_MS for duration, _ in tasks)
    return (f"{label} : tâche qui construit le tableau ; tâche la plus longue (ce qu'elle change) ; tâches de plus "
            f"de {BUDGET_MS} ms ; charge",
            f"{ms(table / 1000)} ; {ms(longest / 1000)} ({places}) ; {over} ; {load_average()}")


def declinaison(path: Path) -> list[tuple[str, str]]:
    from bench.headless import make_browser, served_app

    results = []
    with served_app(path) as base:
        for region, name in (("53", "Bretagne"), (SYNTHETIC, "région de 4 808 communes")):
            rows = _territories(path, region, "epci")
            driver = make_browser(1280, 720)
            try:
                driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": OBSERVE})
                for _ in range(2):  # the first fills the server's cache
                    driver.get(f"{base}/declinaison?region={region}&niveau=epci")
                    _wait(driver, "epci")
                    tasks = _tasks(driver)
                results.append(_said(f"Déclinaison, {name}, EPCI ({rows} lignes), ouverture", tasks))
                driver.get(f"{base}/declinaison?region={region}&niveau=crte")
                _wait(driver, "crte")
                _tasks(driver)
                driver.execute_script("document.querySelector('#split-level input[value=\"epci\"]').click()")
                _wait(driver, "epci")
                results.append(_said(f"Déclinaison, {name}, clic CRTE → EPCI", _tasks(driver)))
            finally:
                driver.quit()
    return results


def run() -> list[tuple[str, str]]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.duckdb"
        build_database(path)
        add_synthetic_region(path)
        return declinaison(path)


if __name__ == "__main__":
    results = run()
    width = max(len(label) for label, _ in results)
    for label, figure in results:
        print(f"{label:<{width}}  {figure}")
