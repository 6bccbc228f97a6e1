"""Phones that follow the presenter: the presenter's position over HTTP, the followers' stream, the light page."""

from __future__ import annotations

import http.client
import http.cookiejar
import json
import queue
import threading
import urllib.error
import urllib.parse
import urllib.request

import pytest

from dashboard.features.projection.follow import checked_position
from dashboard.features.projection.room import Room
from dashboard.features.projection.screens import agenda_sequence, payload
from data.db import connect
from domain.permissions import ROLE_NAMES, Role, Territory
from domain.users import save_user, set_role
from loaders.demo import load_demo
from tests.conftest import PRESENTER as EDITOR
from tests.conftest import PRESENTER_PASSWORD as PASSWORD
from tests.conftest import fresh_database, running_app
from tests.process_fixtures import agenda_meeting

DATA = {"screens": [{"kind": "region"}, {"kind": "sector"}], "levers": {"a": {}, "b": {}}}


READERS = {"lecteur": Role.READER, "contributeur": Role.CONTRIBUTOR}
READER_PASSWORD = "mot-de-passe-de-lecture"


@pytest.fixture(scope="module")
def database(tmp_path_factory) -> tuple:
    """A fresh database with the demo region; one editor account, and a reader and a contributor (of the demo
    region's first département); a plenary meeting with the region's second sector on its agenda. The path, the
    meeting and its screens' numbers in the region's sequence."""
    path = fresh_database(tmp_path_factory.mktemp("follow") / "cop.duckdb")
    with connect(path) as con:
        load_demo(con)
        departement = con.execute("SELECT min(code) FROM territories WHERE level = 'departement'").fetchall()[0][0]
        for username, role in READERS.items():
            save_user(con, username, READER_PASSWORD, role=role)
        set_role(con, "contributeur", Role.CONTRIBUTOR, [Territory("departement", departement)])
        data = payload(con, "00")
        sector = [screen["sector"] for screen in data["screens"] if screen["kind"] == "sector"][1]
        meeting = agenda_meeting(con, "00", [sector])
    return path, {"meeting": meeting, "sequence": agenda_sequence(data, [sector])}


@pytest.fixture(scope="module")
def served(database):
    """The app served (gunicorn) on ``database``."""
    with running_app(database[0]) as url:
        yield url


def signed_in(url: str, username: str, password: str) -> urllib.request.OpenerDirector:
    """An HTTP client signed in as ``username`` (its session cookie kept)."""
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    form = urllib.parse.urlencode({"identifiant": username, "mot_de_passe": password}).encode()
    opener.open(f"{url}/connexion", form, timeout=30)
    return opener


def presenter(url: str) -> urllib.request.OpenerDirector:
    return signed_in(url, EDITOR, PASSWORD)


def move(opener, url: str, position: dict) -> tuple[int, str]:
    request = urllib.request.Request(f"{url}/projection/position/00", json.dumps(position).encode(),
                                     {"Content-Type": "application/json"}, method="POST")
    try:
        with opener.open(request, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def follow(url: str, received: queue.Queue, stop: threading.Event, after: int = 0) -> None:
    """A phone's stream: puts every (event, data) it receives in ``received``."""
    host = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(host.hostname, host.port, timeout=30)
    connection.request("GET", f"/suivre/00/flux?depuis={after}", headers={"Accept": "text/event-stream"})
    response = connection.getresponse()
    name = None
    while not stop.is_set():
        line = response.readline().decode().rstrip("\n")
        if line.startswith("event: "):
            name = line[len("event: "):]
        elif line.startswith("data: "):
            received.put((name, json.loads(line[len("data: "):])))
    connection.close()


def next_position(received: queue.Queue) -> dict:
    while True:
        name, data = received.get(timeout=10)
        if name == "position":
            return data


def test_a_follower_receives_each_move_of_the_presenter(served):
    editor = presenter(served)
    assert move(editor, served, {"screen": 3, "proposals": {}})[0] == 200
    received, stop = queue.Queue(), threading.Event()
    phone = threading.Thread(target=follow, args=(served, received, stop), daemon=True)
    phone.start()
    first = next_position(received)  # where the room is when the phone connects
    assert (first["screen"], first["proposals"]) == (3, {})
    status, _ = move(editor, served, {"screen": 4, "proposals": {"augm_voitelec": 120.5}})
    assert status == 200
    moved = next_position(received)
    assert (moved["screen"], moved["proposals"]) == (4, {"augm_voitelec": 120.5})
    assert moved["version"] > first["version"]
    stop.set()
    move(editor, served, {"screen": 5, "proposals": {}})  # wakes the reader so that it sees ``stop``
    phone.join(timeout=10)


def test_a_meeting_s_projection_counts_its_agenda_s_screens_and_the_phones_receive_them(served, database):
    meeting, sequence = database[1]["meeting"], database[1]["sequence"]
    assert 1 < len(sequence) < 79
    editor = presenter(served)
    assert move(editor, served, {"screen": len(sequence), "proposals": {}, "meeting": meeting})[0] == 200
    received, stop = queue.Queue(), threading.Event()
    phone = threading.Thread(target=follow, args=(served, received, stop), daemon=True)
    phone.start()
    position = next_position(received)
    assert (position["screen"], position["sequence"]) == (len(sequence), sequence)
    with urllib.request.urlopen(f"{served}/suivre/00?ecran=2", timeout=30) as response:
        page = response.read().decode()
    assert f'data-sequence="{json.dumps(sequence)}"' in page and 'data-screen="2"' in page
    assert move(editor, served, {"screen": len(sequence) + 1, "proposals": {}, "meeting": meeting}) == (
        400, f"Écran inconnu : {len(sequence) + 1} (la séquence compte {len(sequence)} écrans).")
    for wrong in (meeting + 1000, "1", True):
        assert move(editor, served, {"screen": 1, "proposals": {}, "meeting": wrong}) == (
            400, f"Réunion inconnue dans la région : {wrong!r}.")
    for username, _ in READERS.items():  # another identity replays the presenter's message: refused, room unmoved
        assert move(signed_in(served, username, READER_PASSWORD), served,
                    {"screen": 1, "proposals": {}, "meeting": meeting})[0] == 403
    assert move(urllib.request.build_opener(), served, {"screen": 1, "proposals": {}, "meeting": meeting})[0] == 403
    assert move(editor, served, {"screen": len(sequence) + 1, "proposals": {}})[0] == 200  # the whole sequence
    assert next_position(received)["sequence"] is None
    stop.set()
    move(editor, served, {"screen": 5, "proposals": {}})
    phone.join(timeout=10)


def test_anonymous_visitors_readers_and_contributors_cannot_move_the_room(served):
    status, message = move(urllib.request.build_opener(), served, {"screen": 2, "proposals": {}})
    assert (status, message) == (403, "Les téléphones ne suivent pas cet écran : connectez-vous avec un compte "
                                      "d'éditeur.")
    for username, role in READERS.items():
        status, message = move(signed_in(served, username, READER_PASSWORD), served, {"screen": 2, "proposals": {}})
        assert (status, message) == (403, f"Les téléphones ne suivent pas cet écran : le rôle « {ROLE_NAMES[role]} » "
                                          "ne permet pas de déplacer l'écran que suivent les participants.")
    assert move(presenter(served), served, {"screen": 2, "proposals": {}})[0] == 200


def test_a_bad_position_is_refused_in_french(served):
    status, message = move(presenter(served), served, {"screen": 1, "proposals": {"inconnu": 3}})
    assert (status, message) == (400, "Levier inconnu dans la proposition : 'inconnu'.")


@pytest.mark.parametrize("body, message", [
    ({"screen": 0}, "Écran inconnu : 0 (la séquence compte 2 écrans)."),
    ({"screen": "2"}, "Écran inconnu : '2' (la séquence compte 2 écrans)."),
    ({"screen": True}, "Écran inconnu : True (la séquence compte 2 écrans)."),
    ({"screen": 1, "proposals": {"a": -1}}, "Proposition illisible pour le levier 'a' : -1."),
    ({"screen": 1, "proposals": {"a": float("nan")}}, "Proposition illisible pour le levier 'a' : nan."),
    ({"screen": 1, "proposals": ["a"]}, "Position illisible : rechargez la page de projection."),
    ([1], "Position illisible : rechargez la page de projection."),
])
def test_positions_are_checked(body, message):
    with pytest.raises(ValueError) as error:
        checked_position(DATA, body)
    assert str(error.value) == message


def test_zero_proposals_are_dropped():
    assert checked_position(DATA, {"screen": 2, "proposals": {"a": 0, "b": 2}}) == (2, {"b": 2.0})


def test_a_heartbeat_does_not_move_the_room():
    room = Room()
    first = room.publish(2, {"a": 1.0})
    assert room.publish(2, {"a": 1.0}) is first
    assert room.next_position(first.version, timeout=0) is None
    assert room.publish(3, {"a": 1.0}).version == first.version + 1


def test_the_short_link_opens_the_light_page(served):
    with urllib.request.urlopen(f"{served}/p/00/4", timeout=30) as response:
        page = response.read().decode()
        assert urllib.parse.urlsplit(response.url)[2:4] == ("/suivre/00", "ecran=4")
    assert 'data-screen="4"' in page
    assert "plotly" not in page and "_dash-component-suites" not in page
    assert "/assets/projection-screens.js?m=" in page and "/assets/follow.js?m=" in page
