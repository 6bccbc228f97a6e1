"""Benchmark (not a test): ``python -m dashboard.bench`` prints what loading and showing data costs.

Builds a fresh database from the real files of ../shared/data (``COP_SHARED_DATA``), times the
loaders, the overview's data and layout, then serves the app and measures in headless Chromium
what the overview page transfers (compressed) and how long until its charts and map are drawn.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from babel.numbers import format_decimal

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("COP_SHARED_DATA", ROOT.parent / "shared" / "data"))
REPEAT = 20


def ms(seconds: float) -> str:
    return format_decimal(seconds * 1000, format="#,##0.0", locale="fr_FR") + " ms"


def kib(size: int) -> str:
    return format_decimal(size / 1024, format="#,##0", locale="fr_FR") + " Kio"


def median_time(action, repeat: int = REPEAT) -> float:
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        timings.append(time.perf_counter() - start)
    return statistics.median(timings)


def build_database(path: Path) -> list[tuple[str, str]]:
    from data.db import connect, migrate
    from loaders.observations import load_observations
    from loaders.sgpe import load_sgpe
    from loaders.territories import load_territories

    bretagne = SHARED / "admin-express" / "bretagne"
    with connect(path) as con:
        migrate(con)
        start = time.perf_counter()
        load_sgpe(con, SHARED / "sgpe" / "panorama-leviers-regions.json")
        sgpe = time.perf_counter() - start
        load_observations(con, SHARED / "sgpe" / "observations-leviers-regions.csv")
        start = time.perf_counter()
        load_territories(con, bretagne / "COMMUNE.gpkg", bretagne / "EPCI.csv", bretagne / "crte-composition.csv")
        territories = time.perf_counter() - start
        start = time.perf_counter()
        load_territories(con, bretagne / "COMMUNE.gpkg", bretagne / "EPCI.csv", bretagne / "crte-composition.csv",
                         SHARED / "geo" / "regions.geojson", SHARED / "geo" / "departements.geojson")
        with_outlines = time.perf_counter() - start
    return [
        ("Chargement du panorama SGPE (474 enregistrements)", ms(sgpe)),
        ("Chargement des territoires de Bretagne (communes, EPCI, CRTE)", ms(territories)),
        ("… avec les contours nationaux des régions et départements", ms(with_outlines)),
    ]


def overview_data(path: Path) -> list[tuple[str, str]]:
    import dash

    from app import create_app
    from dashboard import queries
    from dashboard.store import cache, shared

    os.environ["COP_DB"] = str(path)
    app = create_app()

    def read():
        with shared.cursor() as con:
            queries.regions(con)
            queries.region_levers(con, "53")
            queries.region_parts(con, "53", "departement")
            queries.region_parts(con, "53", "crte")

    layout = dash.page_registry["dashboard.pages.overview"]["layout"]

    def render(cached: bool):
        with app.server.test_request_context("/"):
            if not cached:
                cache.clear()
            layout(region="53", vue="secteur")

    render(cached=False)
    return [
        ("Données de la vue d'ensemble, Bretagne (requêtes, médiane)", ms(median_time(read))),
        ("Mise en page complète, Bretagne, sans cache (requêtes, figures, tableaux ; médiane)",
         ms(median_time(lambda: render(False)))),
        ("Mise en page complète, Bretagne, depuis le cache (médiane)", ms(median_time(lambda: render(True)))),
    ]


DRAWN = """
const done = arguments[arguments.length - 1];
const selectors = arguments[0];
(function poll() {
  if (selectors.every(s => document.querySelector(s))) { done(performance.now()); }
  else { setTimeout(poll, 5); }
})();
"""


def browser_costs(path: Path, port: int = 8099, runs: int = 5) -> list[tuple[str, str]]:
    from dashboard.headless import make_browser

    env = {**os.environ, "COP_DB": str(path), "PORT": str(port)}
    server = subprocess.Popen([sys.executable, str(ROOT / "app.py")], cwd=ROOT, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/?region=53"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(url, timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        transferred, drawn = [], []
        for _ in range(runs):
            driver = make_browser()
            try:
                driver.execute_cdp_cmd("Network.enable", {})
                driver.execute_cdp_cmd("Network.setCacheDisabled", {"cacheDisabled": True})
                driver.set_script_timeout(30)
                driver.get(url)
                drawn.append(driver.execute_async_script(
                    DRAWN, ["#overview-treemap .treemaplayer path", "#overview-map .scatterlayer .trace"]) / 1000)
                time.sleep(0.5)
                transferred.append(_encoded_bytes(driver.get_log("performance")))
            finally:
                driver.quit()
    finally:
        server.terminate()
        server.wait(timeout=10)
    return [
        ("Vue d'ensemble, octets transférés (compressés), toutes ressources", kib(int(statistics.median(transferred)))),
        ("Vue d'ensemble, délai jusqu'au tracé du treemap et de la carte (médiane sur "
         f"{runs} chargements à froid)", ms(statistics.median(drawn))),
    ]


def _encoded_bytes(log: list[dict]) -> int:
    total = 0
    for entry in log:
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.loadingFinished":
            total += message["params"]["encodedDataLength"]
    return total


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.duckdb"
        results = build_database(path)
        results += overview_data(path)
        results += browser_costs(path)
    width = max(len(label) for label, _ in results)
    for label, figure in results:
        print(f"{label:<{width}}  {figure}")


if __name__ == "__main__":
    main()
