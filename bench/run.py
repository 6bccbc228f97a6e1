"""Benchmark (not a test): ``python -m bench [TOPIC…]`` prints what loading and showing data costs.

Topics: ``apercu`` (this module: the loaders, the overview's data and layout, and what the
overview page costs a browser), and the ``bench_<topic>`` modules beside it, each a ``run()``
returning (label, figure) rows. Without a topic, all of them run.
"""

from __future__ import annotations

import importlib
import json
import os
import statistics
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

from babel.numbers import format_decimal

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("COP_SHARED_DATA", ROOT.parent / "shared" / "data"))
REPEAT = 20


def ms(seconds: float) -> str:
    return format_decimal(seconds * 1000, format="#,##0.0", locale="fr_FR") + " ms"


def kib(size: int) -> str:
    return format_decimal(size / 1024, format="#,##0", locale="fr_FR") + " Kio"


def load_average() -> str:
    """The machine's load average over 1, 5 and 15 minutes (2 cores here): printed beside timings."""
    return " ".join(f"{value:.2f}".replace(".", ",") for value in os.getloadavg())


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
    from dashboard.store import cache, queries, shared

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


@contextmanager
def cold_browser(url: str):
    """Headless Chromium with an empty cache and the network log on, having opened ``url``."""
    from bench.headless import make_browser

    driver = make_browser()
    try:
        driver.execute_cdp_cmd("Network.enable", {})
        driver.execute_cdp_cmd("Network.setCacheDisabled", {"cacheDisabled": True})
        driver.set_script_timeout(60)
        driver.get(url)
        yield driver
    finally:
        driver.quit()


def transferred_bytes(driver) -> int:
    """What the page received over the network (compressed), once its last requests have settled."""
    time.sleep(0.5)
    return encoded_bytes(driver.get_log("performance"))


def browser_costs(path: Path, runs: int = 5) -> list[tuple[str, str]]:
    from bench.headless import served_app

    transferred, drawn = [], []
    with served_app(path) as base:
        for _ in range(runs):
            with cold_browser(f"{base}/?region=53") as driver:
                drawn.append(driver.execute_async_script(
                    DRAWN, ["#overview-treemap .treemaplayer path", "#overview-map .scatterlayer .trace"]) / 1000)
                transferred.append(transferred_bytes(driver))
    return [
        ("Vue d'ensemble, octets transférés (compressés), toutes ressources", kib(int(statistics.median(transferred)))),
        ("Vue d'ensemble, délai jusqu'au tracé du treemap et de la carte (médiane sur "
         f"{runs} chargements à froid)", ms(statistics.median(drawn))),
    ]


def encoded_bytes(log: list[dict]) -> int:
    """Bytes received over the network (compressed), from Chromium's performance log."""
    total = 0
    for entry in log:
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.loadingFinished":
            total += message["params"]["encodedDataLength"]
    return total


def run() -> list[tuple[str, str]]:
    """The foundation's figures: loaders, overview data and layout, overview page in a browser."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.duckdb"
        return build_database(path) + overview_data(path) + browser_costs(path)


TOPICS = {
    "apercu": "bench.run",
    "ecarts": "bench.gaps",
    "declinaison": "bench.split",
    "taches": "bench.long_tasks",
    "diagnostic": "bench.diagnostic",
    "feuille": "bench.roadmap",
    "projection": "bench.projection",
    "suivi": "bench.follow",
    "service": "bench.serving",
    "reunion": "bench.meeting",
    "constructions": "bench.cold_builds",
    "premier-trace": "bench.first_chart",
    "imports": "bench.imports",
}


def main(topics: list[str]) -> None:
    unknown = [t for t in topics if t not in TOPICS]
    if unknown:
        sys.exit(f"Sujet(s) inconnu(s) : {', '.join(unknown)}. Sujets : {', '.join(TOPICS)}.")
    for topic in topics or list(TOPICS):
        print(f"\n## {topic}", flush=True)
        results = importlib.import_module(TOPICS[topic]).run()
        width = max(len(label) for label, _ in results)
        for label, figure in results:
            print(f"{label:<{width}}  {figure}", flush=True)

