"""Serving benchmark: what each page costs a browser on a first and a second visit, next to a bare
one-chart Dash page measured in the same run, and a bounded load test (30 concurrent clients on
127.0.0.1 for at most 60 s, while a signed-in editor saves a scenario lever every second through the
page's callback) against one client alone. The machine's load average is printed with the figures."""

from __future__ import annotations

import http.client
import json
import multiprocessing
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections import defaultdict
from collections.abc import Callable
from contextlib import contextmanager
from http.cookiejar import CookieJar
from pathlib import Path
from typing import NamedTuple
from urllib.parse import urlencode, urlsplit

from bench.run import ROOT, build_database, encoded_bytes, kib, load_average, ms

RUNS = 3
PAGES = [  # (label, path, what is drawn once the page has loaded)
    ("Vue d'ensemble", "/?region=53", "#overview-treemap .treemaplayer path"),
    ("Écarts et ambition", "/ecarts?region=53", ".js-plotly-plot .main-svg"),
    ("Déclinaison territoriale", "/declinaison?region=53", "#split-map .scatterlayer .trace"),
    ("Diagnostic", "/diagnostic?region=53", ".js-plotly-plot .main-svg"),
    ("Feuille de route", "/feuille-de-route?region=53", ".js-plotly-plot .main-svg"),
    ("Données et méthode", "/donnees", "main h1"),
    ("Mode projection", "/projection?region=53&ecran=2", "#projection-screen h1"),
    ("Vue d'un participant (lien court)", "/p/53/2", "#follow-screen h1"),
]
# The roadmap's grid loads once it nears the screen (assets/grid_on_demand.js): what a visitor who scrolls
# down to it receives in all.
SCROLLED = [("Feuille de route, défilée jusqu'à sa grille", "/feuille-de-route?region=53", "roadmap-grid")]
SETTLED = """
const done = arguments[arguments.length - 1];
const selector = arguments[0];
(function poll() {
  const loading = document.querySelector('[data-dash-is-loading="true"]');
  if (document.querySelector(selector) && !loading) { done(true); } else { setTimeout(poll, 20); }
})();
"""
CLIENTS = 30
LOAD_SECONDS = 60
SOLO_SECONDS = 20
MAX_REQUESTS_PER_CLIENT = 3000  # far more than 60 s allow (about 20 requests a second each)
MAIN_CALLBACK = {
    "output": ".._pages_content.children..._pages_store.data..",
    "outputs": [{"id": "_pages_content", "property": "children"}, {"id": "_pages_store", "property": "data"}],
    "inputs": [{"id": "_pages_location", "property": "pathname", "value": "/"},
               {"id": "_pages_location", "property": "search", "value": "?region=53"}],
    "changedPropIds": ["_pages_location.pathname"],
    "state": [],
}
# What Chromium sends: the answers are compressed as a browser would receive them.
ACCEPT_ENCODING = "gzip, deflate, br, zstd"
EDITOR, EDITOR_PASSWORD = "banc-editeur", "banc-essai-mot-de-passe"
EDIT_LEVER = "dashboard.pages.gaps._edit_lever"
EDITED = {"type": "scenario-field", "lever": "augm_voitelec", "field": "done_kt"}
EDIT_CELL = "dashboard.pages.roadmap._edit_cell"
SAVED_VERSION = re.compile(r"enregistré \(version (\d+)\)")  # what the roadmap's grid says of a save
WRITE_EVERY = 1.0  # seconds between two saves of the editor
REQUESTS = [  # (kind, method, path, body): one cycle of a load-test client
    ("page", "GET", "/?region=53", None),
    ("layout", "GET", "/_dash-layout", None),
    ("rappel", "POST", "/_dash-update-component", json.dumps(MAIN_CALLBACK).encode()),
    ("export", "GET", "/export/leviers.csv?region=53&vue=secteur", None),
]
BARE_REQUESTS = [("page", "GET", "/", None), ("layout", "GET", "/_dash-layout", None)]  # it has no callback


@contextmanager
def bare_page():
    """The yardstick page, served by gunicorn as the app is (one process, threads); yields (its URL, gunicorn's
    master process)."""
    from bench.headless import free_port

    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}", "--workers", "1",
                                "--worker-class", "gthread", "--threads", "8",
                                "--no-control-socket", "bench.bare:server"], cwd=ROOT,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/"
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(url, timeout=2)
                break
            except OSError:
                time.sleep(0.2)
        yield url, process
    finally:
        process.terminate()
        process.wait(timeout=10)


def visits(url: str, selector: str, grid: str | None = None) -> tuple[int, int]:
    """Bytes received (compressed) on a first visit with an empty cache, then on a second visit; with
    ``grid``, once that grid has been scrolled to and drawn."""
    from bench.audit import show_grid
    from bench.headless import make_browser

    driver = make_browser()
    try:
        driver.execute_cdp_cmd("Network.enable", {})
        driver.set_script_timeout(60)
        sizes = []
        for _ in range(2):
            driver.get("about:blank")
            driver.get_log("performance")
            driver.get(url)
            driver.execute_async_script(SETTLED, selector)
            if grid:
                show_grid(driver, grid)
            time.sleep(0.5)
            sizes.append(encoded_bytes(driver.get_log("performance")))
        return sizes[0], sizes[1]
    finally:
        driver.quit()


def page_weights(base: str, bare: str) -> list[tuple[str, str]]:
    rows = []
    yardstick = statistics.median(visits(bare, ".js-plotly-plot .main-svg")[0] for _ in range(RUNS))
    rows.append(("Page Dash minimale (un graphique), première visite", kib(int(yardstick))))
    pages = [(label, path, selector, None) for label, path, selector in PAGES]
    pages += [(label, path, ".js-plotly-plot .main-svg", grid) for label, path, grid in SCROLLED]
    for label, path, selector, grid in pages:
        measured = [visits(base + path, selector, grid) for _ in range(RUNS)]
        first = statistics.median(m[0] for m in measured)
        second = statistics.median(m[1] for m in measured)
        rows.append((f"{label}, première visite ; seconde visite",
                     f"{kib(int(first))} ({first / yardstick:.2f}× la page minimale) ; {kib(int(second))}"))
    return rows


def client(base: str, deadline: float, timings: dict[str, list[float]], errors: list[str],
           requests: list[tuple] = REQUESTS, ended: list[float] | None = None) -> None:
    """One user repeating ``requests`` (page, layout, main callback and export) until the deadline (bounded
    count)."""
    address = urlsplit(base)
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=30)
    for number in range(MAX_REQUESTS_PER_CLIENT):
        if time.monotonic() > deadline:
            break
        kind, method, path, body = requests[number % len(requests)]
        headers = {"Accept-Encoding": ACCEPT_ENCODING, "Content-Type": "application/json"}
        start = time.perf_counter()
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            response.read()
            if response.status != 200:
                errors.append(f"{kind} : HTTP {response.status}")
        except (OSError, http.client.HTTPException) as error:
            errors.append(f"{kind} : {error}")
            connection.close()
            connection = http.client.HTTPConnection(address.hostname, address.port, timeout=30)
            continue
        timings[kind].append(time.perf_counter() - start)
    connection.close()
    if ended is not None:
        ended.append(time.monotonic())


def prepare_editor(path: Path) -> int:
    """A regional-team account and a scenario of Bretagne for the editor (before the app opens the file)."""
    from data.db import connect
    from domain.scenarios import create_scenario
    from domain.users import save_user

    with connect(path) as con:
        save_user(con, EDITOR, EDITOR_PASSWORD, "Éditrice du banc d'essai")
        return create_scenario(con, "region", "53", "Banc d'essai")


def lever_edit(path: Path, scenario_id: int) -> Callable[[str, int], bytes]:
    """The request body that the Écarts page posts when the editor types a value (kt achieved) for one
    lever, as a function of (value, version): the callback's signature is read once from the app."""
    from app import create_app
    from bench.dash_requests import id_text, python_callbacks, request_body

    os.environ["COP_DB"] = str(path)
    app = create_app()
    app.server.test_client().get("/")  # the first request merges the pages' callbacks into the map
    key, spec = python_callbacks(app)[EDIT_LEVER]
    version_id = {"type": "scenario-version", "lever": EDITED["lever"]}
    others = {f"{id_text({**EDITED, 'field': field})}.value": None for field in ("done_phys", "new_kt", "new_phys")}

    def body(value: str, version: int) -> bytes:
        values = others | {f"{id_text(EDITED)}.value": value, f"{id_text(version_id)}.data": version,
                           "gaps-scenario.data": scenario_id, "gaps-params.data": {"region": "53"}}
        return json.dumps(request_body(key, spec, values, f"{id_text(EDITED)}.value", {"lever": EDITED["lever"]})
                          ).encode()
    return body


def commitment_edit(path: Path, root: Path = ROOT) -> Callable[[str, int], bytes]:
    """The request body that the roadmap's grid posts when the editor changes the title of the region's first
    commitment, as a function of (value, version): the callback's signature is read once from the app of the
    checkout ``root``."""
    from bench.dash_requests import callback_signature, request_body
    from dashboard.page_states import RoadmapState
    from data.db import connect
    from domain import commitment_store

    with connect(path) as con:
        first = con.execute("SELECT min(commitment_id) FROM commitments WHERE region = '53'").fetchone()[0]
        record = commitment_store.get(con, first)
    key, spec = callback_signature(root, path, EDIT_CELL)
    row = {name: str(value) if hasattr(value, "isoformat") else value for name, value in record.items()}
    params = RoadmapState(region="53", territory="region:53").stored()  # as the page's layout writes it

    def body(value: str, version: int) -> bytes:
        title = f"Engagement du banc d'essai {value}"
        data = {**row, "title": title, "version": version or row["version"]}  # 0: the version stored at the start
        change = {"colId": "title", "value": title, "data": data}
        return json.dumps(request_body(key, spec, {"roadmap-grid.cellValueChanged": [change],
                                                   "roadmap-params.data": params}, "roadmap-grid.cellValueChanged")
                          ).encode()
    return body


def saved_version(answer: dict) -> int | None:
    """The version an editor's save answered: the scenario value's (Écarts), or the commitment's (the roadmap's
    grid); None when it was refused."""
    for key, value in answer.items():
        if "scenario-version" in key:
            return value.get("data")
        if key == "roadmap-grid-message" and (found := SAVED_VERSION.search(str(value.get("children")))):
            return int(found.group(1))
    return None


def editor(base: str, edit: Callable[[str, int], bytes], deadline: float, saves: list[float],
           failures: list[str]) -> None:
    """A signed-in editor saving a new value every ``WRITE_EVERY`` seconds until the deadline (bounded count):
    ``saves`` gets the duration of each save that succeeded, ``failures`` what went wrong with the others."""
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
    form = urlencode({"identifiant": EDITOR, "mot_de_passe": EDITOR_PASSWORD, "suivant": "/ecarts"}).encode()
    opener.open(f"{base}/connexion", data=form, timeout=30).read()
    version = 0
    for number in range(int(LOAD_SECONDS / WRITE_EVERY) + 1):
        if time.monotonic() > deadline:
            break
        request = urllib.request.Request(f"{base}/_dash-update-component", data=edit(str(100 + number), version),
                                         headers={"Content-Type": "application/json"})
        start = time.perf_counter()
        try:
            answer = json.load(opener.open(request, timeout=30))["response"]
        except (OSError, ValueError, KeyError) as error:
            failures.append(f"écriture : {error}")
            continue
        took = time.perf_counter() - start
        refused = [v["children"] for k, v in answer.items() if "scenario-error" in k and v.get("children")]
        saved = saved_version(answer)
        if refused or saved is None or saved <= version:
            failures.append(f"écriture refusée : {refused or saved}")
        else:
            saves.append(took)
        version = saved if isinstance(saved, int) else version
        time.sleep(max(0.0, WRITE_EVERY - took))


def _editor_process(base: str, edit: Callable[[str, int], bytes], deadline: float):
    """The editor, saving from a process of its own (started before the clients' threads): the durations of its
    saves are those of its requests, as an editor's browser sees them, not also its waits for this process's
    interpreter lock behind the clients' threads. (process, queue that gets (saves, failures) once done)."""
    context = multiprocessing.get_context("fork")
    results = context.Queue()

    def run() -> None:
        saves, failures = [], []
        editor(base, edit, deadline, saves, failures)
        results.put((saves, failures))

    process = context.Process(target=run, daemon=True)
    process.start()
    return process, results


class Phase(NamedTuple):
    """What a load phase measured: requests per second, durations by kind, errors, the editor's save durations
    and failures, and the processor time per request of the server's worker and of this load generator."""
    rate: float
    timings: dict[str, list[float]]
    errors: list[str]
    saves: list[float]
    failures: list[str]
    server_cpu: float
    client_cpu: float


def load(base: str, clients: int, seconds: float, server_cpu: Callable[[], float],
         edit: Callable[[str, int], bytes] | None = None, requests: list[tuple] = REQUESTS) -> Phase:
    """``clients`` concurrent clients, and an editor saving meanwhile when ``edit`` is given; ``server_cpu``
    tells the processor seconds that the server has used so far."""
    timings: dict[str, list[float]] = defaultdict(list)
    errors: list[str] = []
    saves: list[float] = []
    failures: list[str] = []
    ended: list[float] = []  # when each client stopped: the rate counts their time, not the editor's last save
    threads = [threading.Thread(target=client, args=(base, time.monotonic() + seconds, timings, errors, requests,
                                                     ended)) for _ in range(clients)]
    saving = edit and _editor_process(base, edit, time.monotonic() + seconds)
    start, server_start, client_start = time.monotonic(), server_cpu(), time.process_time()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if saving:
        saves, failures = saving[1].get(timeout=LOAD_SECONDS * 2)
        saving[0].join()
    elapsed = max(ended) - start
    count = max(1, sum(map(len, timings.values())) + len(saves))
    return Phase(sum(map(len, timings.values())) / elapsed, timings, errors, saves, failures,
                 (server_cpu() - server_start) / count, (time.process_time() - client_start) / count)


def percentiles(durations: list[float]) -> str:
    cuts = statistics.quantiles(durations, n=100, method="inclusive")
    return f"p50 {ms(cuts[49])}, p95 {ms(cuts[94])}, p99 {ms(cuts[98])}, max {ms(max(durations))}"


def bare_load_test(bare: str, server_cpu: Callable[[], float]) -> list[tuple[str, str]]:
    """The yardstick of the load test: the bare Dash page's document and layout, one client then ``CLIENTS``,
    served as the app is. What the server's single process allows any Dash app on this machine."""
    load(bare, 1, 3, server_cpu, requests=BARE_REQUESTS)
    solo = load(bare, 1, SOLO_SECONDS, server_cpu, requests=BARE_REQUESTS)
    crowd = load(bare, CLIENTS, LOAD_SECONDS, server_cpu, requests=BARE_REQUESTS)
    return [(f"Page Dash minimale (document et mise en page) : un client seul ; {CLIENTS} clients, requêtes par "
             "seconde", f"{solo.rate:.1f} ; {crowd.rate:.1f} ({crowd.rate / solo.rate:.1f}× un client)"),
            ("Page Dash minimale : temps processeur du serveur par requête, un client ; "
             f"{CLIENTS} clients", f"{ms(solo.server_cpu)} ; {ms(crowd.server_cpu)}")]


def load_test(base: str, edit: Callable[[str, int], bytes], server_cpu: Callable[[], float]) -> list[tuple[str, str]]:
    """One client alone, then ``CLIENTS`` with an editor. The server is one process: its processor time per
    request under load bounds what any number of clients can get from it (« plafond »)."""
    load(base, 1, 3, server_cpu)  # warms the caches
    solo = load(base, 1, SOLO_SECONDS, server_cpu)
    solo_load = load_average()
    crowd = load(base, CLIENTS, LOAD_SECONDS, server_cpu, edit)
    ceiling = 1 / crowd.server_cpu
    rows = [
        (f"Un client seul ({SOLO_SECONDS} s) : requêtes par seconde ; erreurs ; charge de la machine",
         f"{solo.rate:.1f} ; {len(solo.errors)} ; {solo_load}"),
        ("Un client seul : rappel principal de la vue d'ensemble", percentiles(solo.timings["rappel"])),
        ("Un client seul : temps processeur par requête, du serveur ; du générateur de charge",
         f"{ms(solo.server_cpu)} ; {ms(solo.client_cpu)}"),
        (f"{CLIENTS} clients simultanés ({LOAD_SECONDS} s) : requêtes par seconde ; erreurs ; charge de la machine",
         f"{crowd.rate:.1f} ({crowd.rate / solo.rate:.1f}× un client) ; {len(crowd.errors)} ; {load_average()}"),
        (f"{CLIENTS} clients : temps processeur par requête, du serveur ; du générateur de charge",
         f"{ms(crowd.server_cpu)} ; {ms(crowd.client_cpu)}"),
        (f"{CLIENTS} clients : plafond d'un processus serveur (1 / son temps processeur par requête)",
         f"{ceiling:.0f} requêtes par seconde ({ceiling / solo.rate:.1f}× un client)"),
    ]
    rows += [(f"{CLIENTS} clients : {kind}", percentiles(crowd.timings[kind])) for kind, *_ in REQUESTS
             if crowd.timings[kind]]
    rows.append(("Éditeur connecté pendant la charge : écritures réussies / tentées",
                 f"{len(crowd.saves)} / {len(crowd.saves) + len(crowd.failures)}"))
    if crowd.saves:
        rows.append(("Éditeur connecté : durée d'une écriture", percentiles(crowd.saves)))
    if crowd.errors or crowd.failures:
        rows.append(("Premières erreurs", " | ".join((crowd.errors + crowd.failures)[:3])))
    return rows


def run() -> list[tuple[str, str]]:
    from bench.headless import served_process, worker_cpu_seconds

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.duckdb"
        build_database(path)
        edit = lever_edit(path, prepare_editor(path))
        with served_process(path) as (base, master), bare_page() as (bare, bare_master):
            return [("Charge de la machine au départ (1, 5, 15 min)", load_average())] + page_weights(
                base, bare) + bare_load_test(bare, lambda: worker_cpu_seconds(bare_master)) + load_test(
                base, edit, lambda: worker_cpu_seconds(master))
