"""The main chart of a first visit (not a test): ``python -m bench premier-trace``, or
``python -m bench.first_chart [--reference CHECKOUT]`` to measure another checkout (main's, say) in the same run, on
a copy of the same database (the meeting's: bench/meeting.py).

In headless Chromium with its cache disabled (a first visit: every script, style sheet and font fetched again), the
time from the start of the navigation until the page's main chart is drawn — its first trace in the page, seen by
a ``MutationObserver`` set before the page's own scripts —, median of ``RUNS`` visits, each page opened once before
(the server's kept answers are ready, as during a meeting). A bare one-chart Dash page (bench/bare.py), served the
same way in the same run, is the yardstick: the budget is half its time (issue 26). The visits of the sites
alternate, each run visiting them all in turn: a change of the machine's load falls on all of them.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
from contextlib import ExitStack
from pathlib import Path

from bench.run import ROOT, load_average, ms
from domain import formats

RUNS = 7
PAGES = [  # (label, address, the main chart drawn)
    ("Vue d'ensemble", "/?region=53", "#overview-treemap .treemaplayer path"),
    ("Écarts et ambition", "/ecarts?region=53", "#gaps-panorama .treemaplayer path"),
    ("Déclinaison (CRTE)", "/declinaison?region=53&niveau=crte", "#split-map .scatterlayer .trace"),
    ("Diagnostic", "/diagnostic?region=53", "#diagnostic-map .scatterlayer .trace"),
    ("Feuille de route (200 engagements)", "/feuille-de-route?region=53", "#roadmap-trajectory .scatterlayer .trace"),
]
BARE = ("Page Dash minimale (un graphique)", "/", ".js-plotly-plot .barlayer .point")
# Set before the page's scripts: the moment (ms since the navigation started) ``window.__chartSelector`` first
# matches.
OBSERVE = """
window.__chartDrawn = null;
new MutationObserver((_, observer) => {
  const selector = sessionStorage.getItem('chart-selector');
  if (selector && document.querySelector(selector)) { window.__chartDrawn = performance.now(); observer.disconnect(); }
}).observe(document, {childList: true, subtree: true});
"""
DRAWN = """
const done = arguments[arguments.length - 1];
(function poll() { if (window.__chartDrawn !== null) { done(window.__chartDrawn); } else { setTimeout(poll, 20); } })();
"""
# The top of the drawn chart's graph, in pixels from the top of the page.
PLACE = """
const graph = document.querySelector(arguments[0]).closest('.js-plotly-plot');
return Math.round(graph.getBoundingClientRect().top + window.scrollY);
"""
WIDTH, HEIGHT = 1280, 720


def first_draws(sites: dict[str, tuple[str, list[tuple[str, str, str]]]]) -> dict[str, dict[str, tuple[float, int]]]:
    """site → page label → (median ms from navigation start to the main chart drawn, on a first visit; the top of
    that chart in the page, in pixels); ``sites``: name → (base URL, its pages). The sites' visits alternate, so that
    they share the machine's changing load."""
    from bench.headless import make_browser

    driver = make_browser(WIDTH, HEIGHT)
    try:
        driver.set_script_timeout(60)
        driver.execute_cdp_cmd("Network.enable", {})
        driver.execute_cdp_cmd("Network.setCacheDisabled", {"cacheDisabled": True})
        driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": OBSERVE})
        drawn: dict[str, dict[str, list[float]]] = {name: {} for name in sites}
        places: dict[tuple[str, str], int] = {}

        def visit(base: str, address: str, selector: str) -> tuple[float, int]:
            driver.get(base + "/favicon.ico")
            driver.execute_script("sessionStorage.setItem('chart-selector', arguments[0])", selector)
            driver.get(base + address)
            return driver.execute_async_script(DRAWN), driver.execute_script(PLACE, selector)

        for run in range(RUNS + 1):  # the first fills the servers' kept answers
            for name, (base, pages) in sites.items():
                for label, address, selector in pages:
                    duration, places[name, label] = visit(base, address, selector)
                    if run:
                        drawn[name].setdefault(label, []).append(duration)
        return {name: {label: (statistics.median(times), places[name, label]) for label, times in pages.items()}
                for name, pages in drawn.items()}
    finally:
        driver.quit()


def run(reference: Path | None = None) -> list[tuple[str, str]]:
    from bench.headless import served_process
    from bench.meeting import build
    from bench.serving import bare_page

    with tempfile.TemporaryDirectory() as folder, ExitStack() as servers:
        original = Path(folder) / "original" / "bench.duckdb"
        original.parent.mkdir()
        build(original)
        from dashboard import store

        store.shared.close_if_idle()
        bare, _ = servers.enter_context(bare_page())
        sites = {BARE[0]: (bare.rstrip("/"), [BARE])}
        for name, checkout in [("référence", reference), ("cette version", ROOT)]:
            if checkout is None:
                continue
            copy = Path(folder) / name.replace(" ", "-") / "bench.duckdb"
            copy.parent.mkdir()
            shutil.copy(original, copy)
            base, _ = servers.enter_context(served_process(copy, root=checkout))
            sites[name] = (base, PAGES)
        results = first_draws(sites)
    yardstick, _ = results.pop(BARE[0])[BARE[0]]
    names = list(results)

    def shown(duration: float, top: int) -> str:
        return f"{ms(duration / 1000)} ({formats.number(duration / yardstick, 2)}× la page minimale) ; " \
               f"à {formats.count(top)} px"

    rows = [("Colonnes : navigation → graphique principal tracé, première visite (médiane de "
             f"{RUNS}) ; haut du graphique dans la page (fenêtre de {formats.count(WIDTH)} × {HEIGHT} px)",
             " | ".join(names)), (BARE[0], ms(yardstick / 1000))]
    rows += [(label, " | ".join(shown(*results[name][label]) for name in names)) for label, _, _ in PAGES]
    return rows + [("Charge de la machine après les mesures (1, 5, 15 min)", load_average())]


def main(arguments: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reference", type=Path, help="une autre copie de l'application, mesurée d'abord")
    options = parser.parse_args(arguments)
    for label, figure in run(options.reference):
        print(f"| {label} | {figure} |", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
