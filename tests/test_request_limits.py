"""Requests and archives bounded in the app as it is served (gunicorn): an anonymous oversized request is refused
with 413, in French, before Dash parses it; only an account allowed to import may send a file's weight; a zip
bomb previewed as territories is refused before it is unpacked. The worker's peak memory (``VmHWM``, reset
before each probe) stays within 300 MiB of its idle size."""

from __future__ import annotations

import base64
import http.client
import json
import re
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests

from bench.dash_requests import request_body
from bench.headless import served_process
from dashboard.serving import request_limits
from data.db import connect
from domain.permissions import Role
from domain.users import save_user
from tests.conftest import fresh_database
from tests.test_archives import MB, shapefile_zip, zeros
from tests.test_imports_web import upload

PASSWORD = "mot-de-passe-de-test"
BOUND_KIB = 300 * 1024
PENDING = "imports-upload-pending.data"
OVERSIZED = 400 * MB  # what took the worker from 243 to 1 769 MiB


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """(base URL, worker's process id) of the app served as users start it, with a team member and a contributor."""
    database = fresh_database(tmp_path_factory.mktemp("limits") / "cop.duckdb")
    with connect(database) as con:
        save_user(con, "equipe-dreal", PASSWORD, "Équipe", Role.TEAM)
        save_user(con, "contributrice", PASSWORD, "Contributrice", Role.CONTRIBUTOR)
        save_user(con, "lectrice", PASSWORD, "Lectrice", Role.READER)
    with served_process(database) as (url, master):
        requests.get(f"{url}/donnees", timeout=60)
        children = Path(f"/proc/{master.pid}/task/{master.pid}/children").read_text().split()
        assert len(children) == 1, children
        yield url, int(children[0])


def memory_kib(pid: int, field: str) -> int:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(rf"^{field}:\s+(\d+) kB", status, re.M).group(1))


class PeakMemory:
    """The worker's peak resident size since ``reset``, above its resident size then."""

    def __init__(self, pid: int):
        self.pid = pid

    def reset(self) -> None:
        Path(f"/proc/{self.pid}/clear_refs").write_text("5")  # proc(5): resets the peak resident size
        self.idle = memory_kib(self.pid, "VmRSS")

    def above_idle_kib(self) -> int:
        return memory_kib(self.pid, "VmHWM") - self.idle


def signed_in(url: str, username: str) -> requests.Session:
    """A session signed in through the sign-in form (its hidden fields sent back, from this site)."""
    session = requests.Session()
    form = session.get(f"{url}/connexion", timeout=30).text
    hidden = dict(re.findall(r'<input[^>]*type="hidden"[^>]*name="([^"]+)"[^>]*value="([^"]*)"', form))
    answer = session.post(f"{url}/connexion", data={**hidden, "identifiant": username, "mot_de_passe": PASSWORD},
                          headers={"Origin": url, "Referer": f"{url}/connexion"}, allow_redirects=False, timeout=30)
    assert answer.status_code == 302, answer.text[:300]
    return session


def post_streamed(url: str, size: int, chunked: bool = False, cookie: str | None = None) -> tuple[int, str]:
    """POST ``size`` bytes of JSON-looking body to Dash's route without holding them in memory: with its length
    declared, or chunked (no length); (status, body)."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=120)
    block = b" " * MB

    def body():
        yield b'{"output": "x.children", "inputs": [{"id": "x", "property": "y", "value": "'
        for _ in range(size // MB):
            yield block
        yield b'"}]}'
    headers = {"Content-Type": "application/json", **({"Cookie": cookie} if cookie else {})}
    if not chunked:
        headers["Content-Length"] = str(sum(len(part) for part in body()))
    try:
        connection.request("POST", "/_dash-update-component", body=body(), headers=headers, encode_chunked=chunked)
    except (BrokenPipeError, ConnectionResetError):
        pass  # the server answered and closed before reading it all
    response = connection.getresponse()
    answer = response.status, response.read().decode("utf-8")
    connection.close()
    return answer


def test_an_anonymous_oversized_request_is_refused_in_french_and_the_worker_memory_stays_flat(served):
    url, worker = served
    peak = PeakMemory(worker)
    peak.reset()
    assert post_streamed(url, OVERSIZED) == (413, (
        "Requête trop volumineuse (419,4\u00a0Mo) : la limite est de 2,0\u00a0Mo pour cette requête. Les fichiers "
        "à importer "
        "(100 Mo par fichier) se déposent sur la page « Données et méthode », avec un compte autorisé à importer."))
    assert peak.above_idle_kib() < BOUND_KIB, peak.above_idle_kib()
    peak.reset()
    assert post_streamed(url, OVERSIZED, chunked=True) == (411, (
        "Requête refusée : la taille de son contenu doit être annoncée (en-tête Content-Length)."))
    assert peak.above_idle_kib() < BOUND_KIB, peak.above_idle_kib()
    assert requests.get(f"{url}/sante", timeout=30).status_code == 200  # the worker still serves


def test_only_an_account_allowed_to_import_may_send_a_files_weight(served):
    url, _ = served
    content = b"region;levier_id;annee;valeur\n" + b"Bretagne;augm_voitelec;2023;1\n" * (5 * MB // 30)
    _, values, _ = upload("data:text/csv;base64," + base64.b64encode(content).decode(), filename="valeurs.csv")
    reader = call(signed_in(url, "lectrice"), url, PENDING, values)
    assert reader.status_code == 413
    # A contributor records its territories' meetings: their minutes' weight, not a file to import's.
    contributor = signed_in(url, "contributrice").cookies.get("session")
    assert post_streamed(url, request_limits.MINUTES + MB, cookie=f"session={contributor}")[0] == 413
    team = signed_in(url, "equipe-dreal")
    received = call(team, url, PENDING, values)
    assert received.status_code == 200
    assert "Reçu : valeurs.csv (5,2\u00a0Mo)" in json.dumps(received.json(), ensure_ascii=False)
    assert post_streamed(url, request_limits.UPLOAD + MB, cookie=f"session={team.cookies.get('session')}")[0] == 413


def call(session: requests.Session, url: str, input_name: str, values: dict, trigger: str | None = None
         ) -> requests.Response:
    """The callback whose inputs include ``input_name``, called as the browser does (triggered by it)."""
    found = next(c for c in session.get(f"{url}/_dash-dependencies", timeout=30).json()
                 if any(f"{i['id']}.{i['property']}" == input_name for i in c["inputs"]))
    return session.post(f"{url}/_dash-update-component",
                        json=request_body(found["output"], found, values, trigger or input_name), timeout=120)


def dash_call(session: requests.Session, url: str, input_name: str, values: dict) -> dict:
    answer = call(session, url, input_name, values)
    assert answer.status_code == 200, answer.text[:300]
    return answer.json()["response"]


def test_a_zip_bomb_previewed_as_territories_is_refused_before_it_is_unpacked(served, tmp_path):
    url, worker = served
    session = signed_in(url, "equipe-dreal")
    bomb = shapefile_zip(tmp_path / "communes.zip", lambda zipped: zeros(zipped, "LIVRAISON/COMMUNE.prj", 1024 * MB),
                         prj=False)
    assert bomb.stat().st_size < 2 * MB
    token = None
    for slot, path, media in (("communes", bomb, "application/zip"), ("epci", None, "text/csv")):
        content = path.read_bytes() if path else b"CODE_SIREN;NOM;NATURE\n200000000;Test;CC\n"
        _, values, _ = upload(f"data:{media};base64,{base64.b64encode(content).decode()}", "territoires", slot,
                              path.name if path else "epci.csv", token)
        token = dash_call(session, url, PENDING, values)["imports-token"]["data"]
    peak = PeakMemory(worker)
    peak.reset()
    job = dash_call(session, url, "imports-preview.n_clicks", {
        "imports-preview.n_clicks": 1, "imports-kind.value": "territoires", "imports-token.data": token}
    )["imports-job"]["data"]
    deadline = time.monotonic() + 120
    while True:
        polled = dash_call(session, url, "imports-poll.n_intervals", {
            "imports-poll.n_intervals": 1, "imports-job.data": job})
        if polled["imports-poll"]["disabled"] or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    report = json.dumps(polled.get("imports-report"), ensure_ascii=False)
    assert ("Erreur dans « communes.zip » : le fichier « LIVRAISON/COMMUNE.prj » de l'archive se décompresse en "
            "1\u202f073,7\u00a0Mo pour") in report, report[:500]
    assert peak.above_idle_kib() < BOUND_KIB, peak.above_idle_kib()
