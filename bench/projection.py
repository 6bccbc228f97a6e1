"""Benchmark of the projection mode (not a test): ``run()`` gives (label, figure) pairs.

Builds a database from the real files (SGPE panorama, observations, Bretagne's territories) in a temporary
folder, times the screens' data of Bretagne, then serves the app and measures in headless Chromium at
1920×1080 how long a key takes to show its effect: changing screen, and the what-if (key number, then
the redrawn trajectory), with the number of requests the what-if sent (it should send none).
"""

from __future__ import annotations

import gzip
import json
import statistics
import tempfile
import time
from pathlib import Path

from bench.run import build_database, kib, median_time, ms

REGION = "53"
PRESSES = 15
# Press a key (as the page's listener sees it) and wait for the key number, then for the chart if asked.
TIMED_KEY = """
const [key, chart, done] = arguments;
const start = performance.now();
const graph = document.querySelector('#projection-graph .js-plotly-plot');
let shown = null;
const finish = () => done([shown, performance.now() - start]);
const observer = new MutationObserver(() => {
    observer.disconnect();
    shown = performance.now() - start;
    if (!chart) { requestAnimationFrame(finish); }
});
observer.observe(document.getElementById('projection-screen'), {subtree: true, childList: true, characterData: true});
if (chart) { graph.once('plotly_afterplot', () => requestAnimationFrame(finish)); }
document.dispatchEvent(new KeyboardEvent('keydown', {key: key, bubbles: true}));
"""
COUNT_REQUESTS = """
window.__requests = 0;
const originalFetch = window.fetch;
window.fetch = function () { window.__requests += 1; return originalFetch.apply(this, arguments); };
"""


def screens_data(path: Path) -> list[tuple[str, str]]:
    from dashboard.features.projection.screens import payload
    from data.db import connect

    with connect(path, read_only=True) as con:
        elapsed = median_time(lambda: payload(con, REGION), 10)
        data = payload(con, REGION)
    body = json.dumps(data, ensure_ascii=False).encode()
    return [
        (f"Projection, données des {len(data['screens'])} écrans de Bretagne (calcul, médiane)", ms(elapsed)),
        ("Projection, données envoyées une fois au navigateur (JSON, compressé gzip)",
         f"{kib(len(body))} ({kib(len(gzip.compress(body)))})"),
    ]


def _editable_lever_screen(path: Path) -> int:
    """The 1-based number of the first screen of a lever that takes a proposal."""
    from dashboard.features.projection.screens import payload
    from data.db import connect

    with connect(path, read_only=True) as con:
        data = payload(con, REGION)
    return next(number for number, screen in enumerate(data["screens"], 1)
                if screen["kind"] == "lever" and data["levers"][screen["lever"]]["editable"])


def browser_latency(path: Path) -> list[tuple[str, str]]:
    from bench.headless import make_browser, served_app

    screen = _editable_lever_screen(path)
    with served_app(path) as base:
        url = f"{base}/projection?region={REGION}&ecran={screen}"
        driver = make_browser(1920, 1080)
        try:
            driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                                   {"width": 1920, "height": 1080, "deviceScaleFactor": 1, "mobile": False})
            driver.set_script_timeout(30)
            driver.get(url)
            while not driver.execute_script(
                    "return document.querySelector('#projection-graph .scatterlayer .trace') !== null"):
                time.sleep(0.1)
            driver.execute_script(COUNT_REQUESTS)
            whatif = [driver.execute_async_script(TIMED_KEY, key, True)
                      for key in ["ArrowUp"] * PRESSES + ["ArrowDown"] * PRESSES]
            requests = driver.execute_script("return window.__requests")
            navigation = [driver.execute_async_script(TIMED_KEY, key, False)[0]
                          for key in ["ArrowRight", "ArrowLeft"] * PRESSES]
        finally:
            driver.quit()
    return [
        (f"Projection, « et si » : touche → chiffre clé affiché (médiane sur {2 * PRESSES} touches)",
         ms(statistics.median(w[0] for w in whatif) / 1000)),
        ("Projection, « et si » : touche → trajectoire redessinée (médiane ; maximum)",
         f"{ms(statistics.median(w[1] for w in whatif) / 1000)} ; {ms(max(w[1] for w in whatif) / 1000)}"),
        ("Projection, « et si » : requêtes envoyées au serveur", str(requests)),
        ("Projection, changement d'écran : touche → écran affiché (médiane)",
         ms(statistics.median(navigation) / 1000)),
    ]


def run() -> list[tuple[str, str]]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.duckdb"
        build_database(path)
        return screens_data(path) + browser_latency(path)


if __name__ == "__main__":
    for label, figure in run():
        print(f"{label} : {figure}")
