"""Benchmark (not a test) of the biggest tables: the browser's long tasks while they are built.

The déclinaison page at EPCI level, opened cold and reached by a click on the level (CRTE → EPCI), for Bretagne
(1 202 real communes, 59 EPCI) and the synthetic region of 4 808 communes and 236 EPCI (four copies of Bretagne,
bench/split.py). With ``--reunion``, instead: the meeting's pages whose tables are long (Écarts, Diagnostic,
roadmap with 200 commitments, on the meeting's database, bench/meeting.py), each opened until its last table is
there. Chromium reports each task of its main thread over 50 ms (PerformanceObserver « longtask »); the budget is no
task over 200 ms. Printed with the machine's load average: two cores shared with other work lengthen every task.
``python -m bench.long_tasks --reference CHECKOUT`` measures another checkout (main's, say) in the same run,
alternately.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from contextlib import ExitStack, contextmanager
from pathlib import Path

from bench.headless import ROOT
from bench.run import build_database, load_average, ms
from bench.split import SYNTHETIC, add_synthetic_region

BUDGET_MS = 200
REPEATS = 5  # each measure, alternating the checkouts: one page's tasks vary by a third from one opening to the next
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
CLICK_EPCI = "document.querySelector('#split-level input[value=\"epci\"]').click()"


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


def _longest(tasks: list[tuple[float, str]]) -> tuple[float, str]:
    """The longest task (ms) and what it changed; (0, « — ») without a task over 50 ms."""
    return max(tasks, default=(0.0, "—"))


def _said(label: str, measures: list[list[tuple[float, str]]]) -> tuple[str, str]:
    """Over the repeats: the longest task (median, and the worst with what it changed), the task that built the
    table (median), and the share of repeats with a task over the budget."""
    longest = sorted(_longest(tasks) for tasks in measures)
    table = statistics.median(max((d for d, places in tasks if "tableau" in places), default=0.0)
                              for tasks in measures)
    over = sum(duration > BUDGET_MS for duration, _ in longest)
    worst, places = longest[-1]
    return (f"{label} : tâche la plus longue, médiane (pire, ce qu'elle change) ; tâche du tableau, médiane ; "
            f"passages avec une tâche de plus de {BUDGET_MS} ms",
            f"{ms(statistics.median(d for d, _ in longest) / 1000)} ({ms(worst / 1000)}, {places}) ; "
            f"{ms(table / 1000)} ; {over} sur {len(measures)}")


def opening(driver, base: str, region: str) -> list[tuple[float, str]]:
    """The long tasks of the page opened at EPCI level."""
    driver.get(f"{base}/declinaison?region={region}&niveau=epci")
    _wait(driver, "epci")
    return _tasks(driver)


def level_click(driver, base: str, region: str) -> list[tuple[float, str]]:
    """The long tasks of a click from the CRTE level to the EPCI level."""
    driver.get(f"{base}/declinaison?region={region}&niveau=crte")
    _wait(driver, "crte")
    _tasks(driver)
    driver.execute_script(CLICK_EPCI)
    _wait(driver, "epci")
    return _tasks(driver)


@contextmanager
def served(path: Path, checkouts: dict[str, Path]):
    """name → base URL of each of the ``checkouts`` (name → checkout), served on its own copy of ``path``."""
    from bench.headless import served_process

    with tempfile.TemporaryDirectory() as folder, ExitStack() as servers:
        bases = {}
        for number, (name, checkout) in enumerate(checkouts.items()):
            copy = Path(folder) / f"{number}.duckdb"
            shutil.copy(path, copy)
            bases[name] = servers.enter_context(served_process(copy, root=checkout))[0]
        yield bases


def declinaison(path: Path, checkouts: dict[str, Path]) -> list[tuple[str, str]]:
    """Each measure ``REPEATS`` times, alternating the ``checkouts`` (name → checkout), each served on its own
    copy of ``path``."""
    from bench.headless import make_browser

    results = []
    with served(path, checkouts) as bases:
        for region, region_name in (("53", "Bretagne"), (SYNTHETIC, "région de 4 808 communes")):
            rows = _territories(path, region, "epci")
            driver = make_browser(1280, 720)
            try:
                driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": OBSERVE})
                for base in bases.values():  # fills each server's cache
                    opening(driver, base, region)
                    level_click(driver, base, region)
                measures = {(name, kind): [] for name in bases for kind in ("ouverture", "clic")}
                for _ in range(REPEATS):
                    for name, base in bases.items():
                        measures[name, "ouverture"].append(opening(driver, base, region))
                        measures[name, "clic"].append(level_click(driver, base, region))
                for name in bases:
                    results.append(_said(f"{name} — Déclinaison, {region_name}, EPCI ({rows} lignes), ouverture",
                                         measures[name, "ouverture"]))
                    results.append(_said(f"{name} — Déclinaison, {region_name}, clic CRTE → EPCI",
                                         measures[name, "clic"]))
            finally:
                driver.quit()
    return results + [("Charge de la machine après les mesures (1, 5, 15 min)", load_average())]


MEETING_PAGES = [  # (label, address, what shows once the page's last table is drawn)
    ("Écarts et ambition", "/ecarts?region=53", "#table-ecarts tbody tr"),
    ("Diagnostic", "/diagnostic?region=53", "#table-diagnostic tbody tr"),
    ("Feuille de route (200 engagements)", "/feuille-de-route?region=53", "#table-financements-territoires tbody tr"),
]


def meeting_page(driver, base: str, address: str, drawn: str, seconds: float = 60) -> list[tuple[float, str]]:
    """The long tasks of the page at ``address``, opened until ``drawn`` (a CSS selector) is in it."""
    driver.get(base + address)
    deadline = time.monotonic() + seconds
    while not driver.execute_script("return document.querySelector(arguments[0]) !== null", drawn):
        if time.monotonic() > deadline:
            raise TimeoutError(f"{address} : {drawn} non affiché")
        time.sleep(0.05)
    time.sleep(0.5)  # what follows the last table
    return _tasks(driver)


def meeting_pages(path: Path, checkouts: dict[str, Path]) -> list[tuple[str, str]]:
    """Each page of ``MEETING_PAGES`` opened ``REPEATS`` times (once before, to fill the servers' kept answers),
    alternating the ``checkouts``: the longest task and the sum of the long tasks, medians."""
    from bench.headless import make_browser

    with served(path, checkouts) as bases:
        driver = make_browser(1280, 720)
        try:
            driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": OBSERVE})
            measures = {}
            for repeat in range(REPEATS + 1):
                for name, base in bases.items():
                    for label, address, drawn in MEETING_PAGES:
                        tasks = meeting_page(driver, base, address, drawn)
                        if repeat:
                            measures.setdefault((name, label), []).append([duration for duration, _ in tasks])
        finally:
            driver.quit()
    results = []
    for (name, label), durations in measures.items():
        longest = sorted(max(tasks, default=0.0) for tasks in durations)
        results.append((f"{name} — {label} : tâche la plus longue, médiane (pire) ; somme des tâches longues, médiane",
                        f"{ms(statistics.median(longest) / 1000)} ({ms(longest[-1] / 1000)}) ; "
                        f"{ms(statistics.median(sum(tasks) for tasks in durations) / 1000)}"))
    return results + [("Charge de la machine après les mesures (1, 5, 15 min)", load_average())]


def run(reference: Path | None = None, meeting: bool = False) -> list[tuple[str, str]]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.duckdb"
        if meeting:
            from bench.meeting import build

            build(path)
        else:
            build_database(path)
            add_synthetic_region(path)
        from dashboard import store

        store.shared.close_if_idle()
        checkouts = {"référence": reference} if reference else {}
        return (meeting_pages if meeting else declinaison)(path, {**checkouts, "cette version": ROOT})


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reference", type=Path, help="une autre copie de l'application, mesurée en alternance")
    parser.add_argument("--reunion", action="store_true", help="les pages de réunion aux longs tableaux")
    options = parser.parse_args()
    results = run(options.reference, options.reunion)
    width = max(len(label) for label, _ in results)
    for label, figure in results:
        print(f"{label:<{width}}  {figure}")
