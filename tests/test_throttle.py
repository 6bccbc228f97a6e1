"""Sign-in throttling under attack: counted before the password check, so that attempts sent all at once are no
more evaluated than the limit allows; per account and address, so that a stranger cannot lock an account out.

The counters on their own (a clock of our own, threads at a barrier), then the served app (gunicorn, its
threads) receiving 100 wrong passwords at once while the owner signs in from another address.
"""

from __future__ import annotations

import http.client
import threading
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlencode, urlsplit

import pytest
import requests

from dashboard.access import auth
from dashboard.access.throttle import LONGEST_WAIT, WINDOW, Counters, Limit, Place, Wait
from data.db import connect
from domain import users
from tests.conftest import running_app

OWNER = ("alice", "motdepasse-alice")


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def fail(counters: Counters, *limits: Limit, key: str = "k") -> Place | Wait:
    """One attempt that is refused (its places are kept), or the wait it was told."""
    return counters.enter([(f"{limit.name}:{key}", limit) for limit in limits])


def test_a_refusing_counter_lets_20_failures_through_then_refuses_until_the_oldest_leaves_the_window():
    clock, limit = Clock(), Limit("compte et adresse", str, 20)
    counters = Counters(clock)
    for _ in range(20):
        assert isinstance(fail(counters, limit), Place)
        clock.now += 1
    refused = fail(counters, limit)
    assert isinstance(refused, Wait) and refused.limit == limit
    assert refused.seconds == WINDOW - 20  # the first failure, 20 s ago, leaves the window in 880 s
    clock.now += refused.seconds
    assert isinstance(fail(counters, limit), Place)


def test_an_accepted_attempt_gives_its_places_back():
    counters, limit = Counters(Clock()), Limit("adresse", str, 2)
    fail(counters, limit)
    fail(counters, limit).give_back()  # signed in: only refusals count
    assert isinstance(fail(counters, limit), Place)
    assert isinstance(fail(counters, limit), Wait)


def test_a_slowing_counter_doubles_the_wait_after_each_failure_beyond_its_limit_and_never_locks():
    clock, limit = Clock(), Limit("compte", str, 20, slows=True)
    counters = Counters(clock)
    for _ in range(20):
        assert isinstance(fail(counters, limit), Place)  # 20 failures at once: no wait yet
    waits = []
    for _ in range(9):
        assert isinstance(fail(counters, limit), Place)
        told = fail(counters, limit)
        waits.append(told.seconds)
        clock.now += told.seconds
    # the 21st failure asks 1 s before the next attempt, then 2 s, 4 s… at most a minute
    assert waits == [1, 2, 4, 8, 16, 32, LONGEST_WAIT, LONGEST_WAIT, LONGEST_WAIT]


def test_attempts_arriving_together_take_their_places_one_at_a_time():
    counters, limit = Counters(), Limit("compte et adresse", str, 20)
    start, evaluated = threading.Barrier(100), []

    def attempt(_):
        start.wait()
        if isinstance(fail(counters, limit), Place):
            evaluated.append(1)  # the password check would run here, slowly, the place already taken
    with ThreadPoolExecutor(100) as pool:
        list(pool.map(attempt, range(100)))
    assert len(evaluated) == 20


def test_the_keys_kept_are_bounded_the_oldest_forgotten_first():
    counters, limit = Counters(Clock(), max_keys=100), Limit("adresse", str, 1)
    for number in range(1000):
        fail(counters, limit, key=str(number))
    assert isinstance(fail(counters, limit, key="999"), Wait)  # the latest are kept
    assert isinstance(fail(counters, limit, key="0"), Place)  # the first were forgotten
    assert len(counters._times) <= 100


# --- the served app ------------------------------------------------------------------------------------------

@pytest.fixture
def served(demo_copy):
    with connect(demo_copy) as con:
        users.save_user(con, *OWNER, "Alice")
    with running_app(demo_copy) as url:
        yield url


def sign_in_from(url: str, source: str, username: str, password: str) -> int:
    """The status of a sign-in POSTed from the local address ``source`` (127.0.0.x)."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60, source_address=(source, 0))
    try:
        connection.request("POST", "/connexion", urlencode({"identifiant": username, "mot_de_passe": password}),
                           {"Content-Type": "application/x-www-form-urlencoded"})
        return connection.getresponse().status
    finally:
        connection.close()


def test_100_wrong_passwords_at_once_are_no_more_evaluated_than_the_limit_and_the_owner_still_signs_in(served):
    start = threading.Barrier(100)

    def wrong(attempt: int) -> int:
        start.wait()
        return requests.post(f"{served}/connexion", data={"identifiant": OWNER[0], "mot_de_passe": f"essai {attempt}"},
                             allow_redirects=False, timeout=120).status_code
    with ThreadPoolExecutor(100) as pool:
        statuses = list(pool.map(wrong, range(100)))
    assert statuses.count(401) == auth.SIGN_IN_LIMITS[0].failures == 20  # evaluated: the password was checked
    assert statuses.count(429) == 80  # refused before any check
    assert sign_in_from(served, "127.0.0.1", *OWNER) == 429  # this address is done with this account
    assert sign_in_from(served, "127.0.0.2", *OWNER) == 302  # its owner, elsewhere, is not locked out
