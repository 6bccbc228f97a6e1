"""While a page's answer for a snapshot just published is being built, a visitor who is not signed in is sent the one
built on the snapshot just before, for less than a second after the publication (dashboard/serving/page_answers.py);
someone signed in, an older answer or a publication older than ``STALE_SECONDS`` waits for the new build."""

from __future__ import annotations

import time
from pathlib import Path
from types import SimpleNamespace

import pytest

from bench.meeting import page_requests
from dashboard import store
from dashboard.serving import page_answers
from dashboard.store.shared_cache import SharedCache
from dashboard.store.snapshots import Snapshot
from tests.conftest import sign_in_team

ROUTER = page_requests("/ecarts", "?region=53")[-1][3]


def snapshot(sequence: int, age: float = 0.0) -> Snapshot:
    return Snapshot(Path(f"/nulle-part/a1b2c3-{sequence}.duckdb"), "", {}, "a1b2c3",
                    time.time_ns() - int(age * 1e9))


@pytest.fixture
def publications(monkeypatch):
    """The snapshot the page answers see (only they: the app reads its own file), and how they asked for turns:
    a turn asked without waiting is refused while ``busy``, as when another request is building the answer."""
    seen = SimpleNamespace(current=snapshot(1), waited=[], busy=True)
    monkeypatch.setattr(page_answers, "snapshots", SimpleNamespace(current=lambda: seen.current))
    hold = store.computing.hold

    def turn(key, wait=True):
        if key.startswith("page-answer:"):  # the page's answer, not what its build keeps
            seen.waited.append(wait)
        return hold(key) if wait or not seen.busy else None

    monkeypatch.setattr(page_answers.computing, "hold", turn)
    return seen


def opened(client) -> bytes:
    answer = client.post("/_dash-update-component", data=ROUTER, headers={"Content-Type": "application/json"})
    assert answer.status_code == 200
    return answer.get_data()


AFTER_HEAD_START = page_answers.HEAD_START_SECONDS + 0.1


@pytest.mark.parametrize(("age", "turns"), [(0.0, []), (AFTER_HEAD_START, [False])],
                         ids=["pendant que l'écrivain la construit", "ensuite"])
def test_a_visitor_gets_the_previous_snapshots_answer_while_the_new_one_is_built(client, publications, age, turns):
    """During its head start, the writer builds the page (dashboard/serving/ahead.py): no turn is taken; then a
    turn is asked without waiting, refused while another request builds it."""
    first = opened(client)
    store.write(lambda con: None)  # a write that names no kind: every kept page is built again
    publications.current, publications.waited = snapshot(2, age), []
    assert opened(client) == first and publications.waited == turns  # not kept waiting behind the build


@pytest.mark.parametrize("current", [snapshot(3), snapshot(2, age=page_answers.STALE_SECONDS)],
                         ids=["deux publications plus tard", "publiée depuis trop longtemps"])
def test_a_visitor_waits_when_the_previous_answer_is_too_old(client, publications, current):
    opened(client)
    store.write(lambda con: None)
    publications.current, publications.waited = current, []
    opened(client)
    assert publications.waited == [True]


def test_someone_signed_in_always_waits_for_the_new_answer(client, publications):
    opened(client)
    sign_in_team(client)
    store.write(lambda con: None)
    publications.current, publications.waited = snapshot(2), []
    opened(client)
    assert publications.waited == [True]


def test_the_previous_answer_is_found_whichever_reader_built_it(client, publications, monkeypatch, tmp_path):
    """Each reader reads its own memory first: the answer of a reader that built an older snapshot's page does not
    hide the one another reader built since."""
    first, second = SharedCache(str(tmp_path)), SharedCache(str(tmp_path))  # two readers' caches, one folder
    publications.busy = False
    monkeypatch.setattr(page_answers, "cache", first)
    opened(client)  # the first reader builds the page on snapshot 1
    store.write(lambda con: None)
    publications.current = snapshot(2, AFTER_HEAD_START)
    monkeypatch.setattr(page_answers, "cache", second)
    built = opened(client)  # the second reader builds it on snapshot 2
    store.write(lambda con: None)
    publications.current, publications.busy, publications.waited = snapshot(3, AFTER_HEAD_START), True, []
    monkeypatch.setattr(page_answers, "cache", first)
    assert opened(client) == built and publications.waited == [False]
