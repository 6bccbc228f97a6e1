"""Benchmark (not a test) of the déclinaison map: what it weighs and how long it takes to draw.

For Bretagne (1 202 real communes, 40 CRTE) at département and CRTE level, and for a synthetic
region of 4 808 communes and 160 CRTE made of four translated copies of Bretagne (so that the
outlines keep real ADMIN EXPRESS complexity): the bytes of the map figure's JSON (raw and gzip, as
sent by the app's compression), the time to compute the outlines and to build the figure, and, in
headless Chromium against the running app, the time from navigation start until every territory
of the map is drawn. For Bretagne and the synthetic region, clicks on the level (départements ↔ CRTE, and
EPCI ↔ CRTE for the synthetic region's 244 EPCI): the server time of
the callbacks it causes against the uncached computation of the same numbers (budget: 2×), and click →
map redrawn (budgets: 300 ms and 600 ms), with the machine's load average.
Budget: 1 MB and 1 s for a region of 5 000 communes at CRTE level.
"""

from __future__ import annotations

import gzip
import json
import statistics
import tempfile
import time
import urllib.request
from pathlib import Path

import shapely
from plotly.utils import PlotlyJSONEncoder
from shapely import affinity

from bench.run import build_database, kib, load_average, median_time, ms

SYNTHETIC = "99"
COPIES = [(0.0, 0.0), (6.0, 0.0), (0.0, -2.3), (6.0, -2.3)]  # degrees: Bretagne spans about 5,6° × 1,9°
CASES = [("53", "departement", "Bretagne, départements"), ("53", "crte", "Bretagne, CRTE"),
         (SYNTHETIC, "crte", "Région synthétique de 4 808 communes, CRTE")]

# Every territory drawn: the map draws one marker per territory (its hover text and click), after its fills.
DRAWN = """
const done = arguments[arguments.length - 1];
const expected = arguments[0];
(function poll() {
  if (document.querySelectorAll('#split-map .scatterlayer .trace .point').length >= expected) {
    done(performance.now());
  } else { setTimeout(poll, 5); }
})();
"""

# Click the level radio button, then wait until the map shows that level's territories: every one of them drawn
# (its marker, drawn after the fills), and the address says that level.
CLICK_LEVEL = """
const [level, expected, done] = arguments;
const start = performance.now();
document.querySelector(`#split-level input[value="${level}"]`).click();
(function poll() {
  const graph = document.querySelector('#split-map .js-plotly-plot');
  const points = graph ? graph.querySelectorAll('.scatterlayer .trace .point') : [];
  // maps.MARKERS_NAME
  const shown = graph && graph.data ? graph.data.find(trace => trace.name === 'territoires') : null;
  if (shown && shown.customdata.length === expected && points.length === expected
      && new URL(location.href).searchParams.get('niveau') === level) {
    done(performance.now() - start);
  }
  else { setTimeout(poll, 5); }
})();
"""

# Drawing the map alone: plotly redraws the figure the page received, from scratch.
REDRAW = """
const done = arguments[arguments.length - 1];
const graph = document.querySelector('#split-map .js-plotly-plot');
const start = performance.now();
Plotly.newPlot(graph, graph.data, graph.layout, {displayModeBar: false}).then(() => done(performance.now() - start));
"""


def add_synthetic_region(path: Path) -> None:
    """Region 99: four copies of Bretagne side by side (territories, links, outlines, objectives × 4)."""
    from data.db import connect

    with connect(path) as con:
        territories = con.execute(
            """
            SELECT t.* FROM territories t WHERE (t.level, t.code) IN (
                SELECT child_level, child_code FROM territory_links WHERE parent_level = 'region'
                AND parent_code = '53')
            """
        ).df()
        links = con.execute(
            """
            WITH inside AS (SELECT child_level AS level, child_code AS code FROM territory_links
                            WHERE parent_level = 'region' AND parent_code = '53')
            SELECT l.* FROM territory_links l
            WHERE l.parent_level <> 'region' AND (l.parent_level, l.parent_code) IN (SELECT (level, code) FROM inside)
              AND (l.child_level, l.child_code) IN (SELECT (level, code) FROM inside)
            """
        ).df()
        frames, link_frames = [], []
        for copy, (dx, dy) in enumerate(COPIES):
            shifted = territories.copy()
            shifted["code"] = f"{copy}-" + shifted["code"]
            shifted["name"] = shifted["name"] + f" ({copy + 1})"
            shifted["geom_simplified"] = [_translated(wkb, dx, dy) for wkb in shifted["geom_simplified"]]
            shifted["geom"] = None
            frames.append(shifted)
            copied = links.copy()
            copied["parent_code"] = f"{copy}-" + copied["parent_code"]
            copied["child_code"] = f"{copy}-" + copied["child_code"]
            link_frames.append(copied)
            region = shifted[["level", "code"]].rename(columns={"level": "child_level", "code": "child_code"})
            link_frames.append(region.assign(parent_level="region", parent_code=SYNTHETIC))
        con.register("synthetic", _concat(frames))
        con.execute("INSERT INTO territories BY NAME SELECT * FROM synthetic")
        con.register("synthetic_links", _concat(link_frames))
        con.execute("INSERT INTO territory_links BY NAME SELECT * FROM synthetic_links")
        con.execute("INSERT INTO territories (level, code, name, fictional, source) VALUES "
                    "('region', ?, 'Région synthétique (4 × Bretagne)', true, 'banc d''essai')", [SYNTHETIC])
        con.execute("INSERT INTO objective_vintages BY NAME SELECT * REPLACE (? AS territory_code, obj_co2_kt * 4 AS "
                    "obj_co2_kt) FROM lever_objectives WHERE territory_level = 'region' AND territory_code = '53'",
                    [SYNTHETIC])
        con.execute("INSERT INTO imports (import_id, kind, file_name, started_at, finished_at, status, rows_read, "
                    "rows_written, message) VALUES (nextval('import_id_seq'), 'banc', '', now(), now(), 'succès', "
                    "0, 0, 'région synthétique')")


def _translated(wkb, dx: float, dy: float):
    if wkb is None:
        return None
    return shapely.to_wkb(affinity.translate(shapely.from_wkb(bytes(wkb)), dx, dy))


def _concat(frames):
    import pandas as pd
    return pd.concat(frames, ignore_index=True)


def figure_costs(path: Path) -> list[tuple[str, str]]:
    """Bytes of the map figure; time to compute the outlines (once per region and level in the app), and to
    compute the split and build the figure from them (without the app's cache)."""
    from dashboard.features.split.tables import ALL, territory_totals
    from dashboard.figures.colour_scales import quantile_scale
    from dashboard.figures.maps import choropleth_map, outlines
    from dashboard.store import queries
    from data.db import connect
    from domain.split import region_objectives, region_split

    results = []
    with connect(path, read_only=True) as con:
        for region, level, label in CASES:
            def shapes(region=region, level=level):
                overlay = outlines(queries.region_parts(con, region, "departement")) if level != "departement" else None
                return outlines(queries.region_parts(con, region, level)), overlay

            drawn, overlay = shapes()

            def build(region=region, level=level, drawn=drawn, overlay=overlay):
                split = region_split(con, region, 1, level)
                totals = territory_totals(split, region_objectives(con, region), ALL)
                frame = totals.assign(value=totals["obj_kt"], hover=totals["name"])
                return json.dumps(choropleth_map(frame, "ktCO₂e", drawn, overlay, scale=quantile_scale(frame["value"])),
                                  cls=PlotlyJSONEncoder)
            text = build()
            raw, packed = len(text.encode()), len(gzip.compress(text.encode(), 6))
            results += [
                (f"Carte, {label} : JSON de la figure (brut / gzip)", f"{kib(raw)} / {kib(packed)}"),
                (f"Carte, {label} : contours (calculés une fois par région et niveau, médiane)",
                 ms(median_time(shapes, repeat=5))),
                (f"Carte, {label} : calcul de la répartition et de la figure (médiane)",
                 ms(median_time(build, repeat=5))),
            ]
    return results


def drawn_counts(path: Path, cases) -> dict[tuple[str, str], int]:
    """(region, level) → how many territories the map draws (those with an outline)."""
    from data.db import connect

    with connect(path, read_only=True) as con:
        return {(region, level): con.execute(
            "SELECT count(*) FROM territory_links l JOIN territories t ON t.level = l.child_level AND "
            "t.code = l.child_code WHERE l.parent_level = 'region' AND l.parent_code = ? AND l.child_level = ? "
            "AND t.geom_simplified IS NOT NULL", [region, level]).fetchone()[0] for region, level in cases}


def draw_times(path: Path, runs: int = 3) -> list[tuple[str, str]]:
    """From navigation start until every territory is drawn, and bytes transferred (compressed)."""
    from bench.headless import served_app
    from bench.run import cold_browser, transferred_bytes

    counts = drawn_counts(path, [(region, level) for region, level, _ in CASES])
    results = []
    with served_app(path) as base:
        for region, level, label in CASES:
            url = f"{base}/declinaison?region={region}&niveau={level}"
            urllib.request.urlopen(url, timeout=30)  # the first computation fills the server's cache
            drawn, redrawn, transferred = [], [], []
            for _ in range(runs):
                with cold_browser(url) as driver:
                    drawn.append(driver.execute_async_script(DRAWN, counts[region, level]) / 1000)
                    redrawn.append(driver.execute_async_script(REDRAW) / 1000)
                    transferred.append(transferred_bytes(driver))
            results += [
                (f"Page Déclinaison, {label} : délai jusqu'au tracé de la carte (médiane sur {runs} chargements "
                 "à froid du navigateur)", ms(statistics.median(drawn))),
                (f"Page Déclinaison, {label} : tracé de la carte seule par plotly.js (médiane)",
                 ms(statistics.median(redrawn))),
                (f"Page Déclinaison, {label} : octets transférés (compressés), toutes ressources",
                 kib(int(statistics.median(transferred)))),
            ]
    return results


def _callback_timings(log: list[dict]) -> tuple[list[float], int]:
    """Server time (request sent → response headers, ms) of each Dash callback request in Chromium's
    performance log, and the bytes they received (compressed)."""
    times, received, callbacks = [], 0, set()
    for entry in log:
        message = json.loads(entry["message"])["message"]
        params = message["params"]
        if message["method"] == "Network.responseReceived" and "/_dash-update-component" in params["response"]["url"]:
            timing = params["response"]["timing"]
            times.append(timing["receiveHeadersStart" if "receiveHeadersStart" in timing else "receiveHeadersEnd"]
                         - timing["sendEnd"])
            callbacks.add(params["requestId"])
        elif message["method"] == "Network.loadingFinished" and params["requestId"] in callbacks:
            received += params["encodedDataLength"]
    return times, received


def level_changes(path: Path, region: str = "53", name: str = "Bretagne", runs: int = 6,
                  levels: tuple[str, str] = ("departement", "crte")) -> list[tuple[str, str]]:
    """Clicks on the level, one of ``levels`` then the other, in Chromium, cache warm: the server time of the
    callbacks each causes (summed per click), what they send back, and click → map redrawn; next to the raw
    DuckDB queries of the same numbers (the split and the objectives, uncached)."""
    from bench.headless import make_browser, served_app
    from data.db import connect
    from domain.split import region_objectives, region_split
    from domain.vocabulary import LEVELS

    counts = drawn_counts(path, [(region, level) for level in (*levels, "crte")])
    with connect(path, read_only=True) as con:
        query = {level: median_time(lambda level=level: (region_split(con, region, 1, level),
                                                         region_objectives(con, region)), repeat=10)
                 for level in levels}
    name = f"{name}, changement de niveau ({' ↔ '.join(LEVELS[level].heading for level in levels)})"
    server, sizes, redrawn = [], [], []
    with served_app(path) as base:
        driver = make_browser()
        try:
            driver.execute_cdp_cmd("Network.enable", {})
            driver.set_script_timeout(60)
            driver.get(f"{base}/declinaison?region={region}&niveau=crte")
            driver.execute_async_script(DRAWN, counts[region, "crte"])
            for number in range(2 * runs + 2):
                level = levels[number % 2]
                driver.get_log("performance")
                redrawn.append(driver.execute_async_script(CLICK_LEVEL, level, counts[region, level]))
                time.sleep(0.3)  # let the last responses finish in the log
                times, received = _callback_timings(driver.get_log("performance"))
                server.append(sum(times))
                sizes.append(received)
        finally:
            driver.quit()
    server, sizes, redrawn = server[2:], sizes[2:], redrawn[2:]  # the first two fill the caches
    return [
        (f"Déclinaison, {name} : temps serveur des rappels (médiane ; maximum)",
         f"{ms(statistics.median(server) / 1000)} ; {ms(max(server) / 1000)}"),
        (f"Déclinaison, {name} : requêtes DuckDB brutes des mêmes chiffres (médianes)",
         " ; ".join(ms(query[level]) for level in levels)),
        (f"Déclinaison, {name} : octets reçus par les rappels (compressés, médiane)",
         kib(int(statistics.median(sizes)))),
        (f"Déclinaison, {name} : clic → carte redessinée (médiane ; maximum ; charge de la machine)",
         f"{ms(statistics.median(redrawn) / 1000)} ; {ms(max(redrawn) / 1000)} ; {load_average()}"),
    ]


def run() -> list[tuple[str, str]]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.duckdb"
        build_database(path)
        add_synthetic_region(path)
        return (figure_costs(path) + level_changes(path) + level_changes(path, SYNTHETIC, "région de 4 808 communes")
                + level_changes(path, SYNTHETIC, "région de 4 808 communes", levels=("epci", "crte"))
                + draw_times(path))


if __name__ == "__main__":
    results = run()
    width = max(len(label) for label, _ in results)
    for label, figure in results:
        print(f"{label:<{width}}  {figure}")
