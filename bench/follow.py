"""Benchmark of the phones that follow the presenter (not a test): ``run()`` gives (label, figure) pairs.

Serves the app (gunicorn, as users start it) on a database built from the real files, then:
- what a phone downloads on its first and second visits of the light page ``/suivre/53`` (headless
  Chromium), next to a bare one-chart Dash page measured in the same run;
- ``FOLLOWERS`` phones (threads, on 127.0.0.1) connected to the room's stream while the presenter (an
  editor, over HTTP) moves ``MOVES`` times: the time from sending a move to each phone receiving it.
Bounded: the whole follower phase stops after ``DEADLINE`` seconds.
"""

from __future__ import annotations

import http.client
import http.cookiejar
import json
import statistics
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

from bench.run import build_database, kib, ms
from bench.serving import bare_page, visits

REGION = "53"
FOLLOWERS = 200
MOVES = 20
DEADLINE = 60
EDITOR, PASSWORD = "banc", "banc-d-essai-2030"


class Phone(threading.Thread):
    """One follower: records when each position version arrived."""

    def __init__(self, base: str, connected: threading.Barrier):
        super().__init__(daemon=True)
        host = urllib.parse.urlsplit(base)
        self.connection = http.client.HTTPConnection(host.hostname, host.port, timeout=DEADLINE)
        self.connected = connected
        self.arrivals: dict[int, float] = {}

    def run(self) -> None:
        try:
            self.connection.request("GET", f"/suivre/{REGION}/flux", headers={"Accept": "text/event-stream"})
            response = self.connection.getresponse()
            self.connected.wait()
            for raw in response:
                line = raw.decode()
                if line.startswith("data: {\"version\""):
                    self.arrivals[json.loads(line[6:])["version"]] = time.perf_counter()
        except (OSError, threading.BrokenBarrierError, http.client.HTTPException):
            return  # the benchmark closed the connection, or ran out of time

    def stop(self) -> None:
        if self.connection.sock is not None:
            self.connection.sock.close()


def presenter(base: str) -> urllib.request.OpenerDirector:
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    opener.open(f"{base}/connexion", urllib.parse.urlencode(
        {"identifiant": EDITOR, "mot_de_passe": PASSWORD}).encode(), timeout=30)
    return opener


def move(opener, base: str, screen: int) -> tuple[int, float]:
    """Send the presenter to ``screen``; the new version and when the move was sent."""
    request = urllib.request.Request(f"{base}/projection/position/{REGION}", json.dumps(
        {"screen": screen, "proposals": {}}).encode(), {"Content-Type": "application/json"}, method="POST")
    sent = time.perf_counter()
    with opener.open(request, timeout=30) as response:
        return json.loads(response.read())["version"], sent


def followers(base: str) -> list[tuple[str, str]]:
    start = time.monotonic()
    connected = threading.Barrier(FOLLOWERS + 1, timeout=DEADLINE / 2)
    phones = [Phone(base, connected) for _ in range(FOLLOWERS)]
    for phone in phones:
        phone.start()
    connected.wait()
    opener, sent = presenter(base), {}
    try:
        for number in range(MOVES):
            version, sent[version] = move(opener, base, 2 + number % 2)
            while (any(version not in phone.arrivals for phone in phones)
                   and time.monotonic() - start < DEADLINE):
                time.sleep(0.01)
    finally:
        for phone in phones:
            phone.stop()
    delays = sorted(phone.arrivals[v] - at for phone in phones for v, at in sent.items() if v in phone.arrivals)
    missed = FOLLOWERS * len(sent) - len(delays)
    return [
        (f"Suivi, {FOLLOWERS} téléphones connectés, {len(sent)} déplacements : déplacement → reçu (médiane)",
         ms(statistics.median(delays))),
        ("Suivi, déplacement → reçu (p95 ; maximum)",
         f"{ms(delays[int(0.95 * (len(delays) - 1))])} ; {ms(delays[-1])}"),
        ("Suivi, réceptions manquées (délai dépassé)", str(missed)),
        ("Suivi, durée de la mesure", ms(time.monotonic() - start)),
    ]


def run() -> list[tuple[str, str]]:
    from bench.headless import served_app
    from data.db import connect
    from domain.users import save_user

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.duckdb"
        build_database(path)
        with connect(path) as con:
            save_user(con, EDITOR, PASSWORD, "Banc d'essai")
        with served_app(path) as base, bare_page() as (bare, _):
            light = visits(f"{base}/suivre/{REGION}?ecran=4", "#follow[data-version]")
            yardstick = visits(bare, ".js-plotly-plot .main-svg")[0]
            return [
                ("Page du téléphone /suivre/53, première visite ; seconde visite (compressé)",
                 f"{kib(light[0])} ; {kib(light[1])}"),
                ("Page Dash minimale (un graphique), première visite", kib(yardstick)),
            ] + followers(base)
