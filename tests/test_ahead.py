"""The pages the writer builds ahead (dashboard/serving/ahead.py): what readers record of visitors' requests, and the
writer's answer kept exactly where, and under the key with which, a reader of the snapshot looks for it."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from types import SimpleNamespace

import brotli
import pytest
from cachelib import FileSystemCache

from bench.meeting import page_requests
from dashboard.serving import ahead, asked_pages, page_answers
from dashboard.store import snapshots
from dashboard.store.snapshots import Snapshot
from tests.conftest import sign_in_team

ROADMAP = page_requests("/feuille-de-route", "?region=53")[-1][3]


@pytest.fixture
def records(tmp_path, monkeypatch):
    monkeypatch.setattr(asked_pages, "folder", lambda: tmp_path / "demandes")
    monkeypatch.setattr(asked_pages, "_touched", {})
    return tmp_path / "demandes"


def test_the_latest_requests_asked_are_built_ahead_at_most_a_few(records, monkeypatch):
    for number in range(asked_pages.AHEAD_PAGES + 3):
        asked_pages.asked(json.dumps({"page": number}).encode(), "br")
        os.utime(next(p for p in records.glob("*.json") if str(number) in p.read_text()),
                 (time.time() - 100 + number,) * 2)
    asked_pages.asked(b'{"page": 2}', "br")  # asked again within TOUCH_EVERY_SECONDS: recorded once, not touched
    built = [json.loads(body)["page"] for body, _ in asked_pages.recent()]
    assert built == list(range(asked_pages.AHEAD_PAGES + 2, 2, -1))
    assert len(list(records.glob("*.json"))) == asked_pages.AHEAD_PAGES  # the older records removed


def test_requests_not_asked_lately_and_huge_ones_are_not_built(records):
    asked_pages.asked(b'{"page": "ancienne"}', None)
    path = next(records.glob("*.json"))
    os.utime(path, (time.time() - asked_pages.RECENT_SECONDS - 1,) * 2)
    asked_pages.asked(b"x" * (asked_pages.LARGEST_REQUEST + 1), "br")
    assert asked_pages.recent() == [] and list(records.glob("*.json")) == []


def published(sequence: int, edited: dict[str, int]) -> Snapshot:
    return Snapshot(Path(f"/nulle-part/e1e2e3-{sequence}.duckdb"), "importees", edited, "e1e2e3", time.time_ns())


def test_the_writers_answer_is_kept_under_the_key_a_reader_of_the_snapshot_looks_for(app, tmp_path, monkeypatch):
    server, values = app.server, FileSystemCache(str(tmp_path / "valeurs"), threshold=0)
    monkeypatch.setattr(ahead.shared_cache, "folder", lambda _: tmp_path)
    monkeypatch.setattr(ahead.processes, "secret", lambda: "secret-des-tests")
    snapshot, posted = published(4, {"engagement": 3}), []
    client = server.test_client()
    post = client.post
    monkeypatch.setattr(client, "post", lambda *a, **k: posted.append(1) or post(*a, **k))
    ahead.builder._build(server, client, values, snapshot, ROADMAP, "br")
    monkeypatch.setattr(snapshots, "current", lambda: snapshot)  # a reader of that snapshot
    with server.test_request_context():
        key, on_snapshots = page_answers.page_keys(json.loads(ROADMAP), "br")
    built = values.get(key)
    assert built is not None and values.get(page_answers.built_on(on_snapshots, snapshot.name)) == built
    page = json.loads(brotli.decompress(built[0]))["response"]["_pages_content"]["children"]
    assert "Feuille de route 2030" in json.dumps(page, ensure_ascii=False)
    ahead.builder._build(server, client, values, snapshot, ROADMAP, "br")
    assert len(posted) == 1  # kept: not built again
    after_a_scenario = published(5, {"engagement": 3, "scenario": 1})  # a write that leaves the roadmap as it was
    ahead.builder._build(server, client, values, after_a_scenario, ROADMAP, "br")
    assert len(posted) == 1 and values.get(page_answers.built_on(on_snapshots, after_a_scenario.name)) == built
    ahead.builder._build(server, client, values, published(6, {"engagement": 4, "scenario": 1}), ROADMAP, "br")
    assert len(posted) == 2  # a commitment saved: built again


def test_a_reader_records_what_visitors_not_signed_in_ask_never_what_an_account_does(client, records, monkeypatch):
    """What the writer sends again is sent as a visitor not signed in: an account's request is never recorded."""
    seen = published(1, {})
    monkeypatch.setattr(page_answers, "snapshots", SimpleNamespace(current=lambda: seen))  # a reader of ``seen``

    def opened() -> None:
        assert client.post("/_dash-update-component", data=ROADMAP, content_type="application/json").status_code == 200

    sign_in_team(client)
    opened()
    assert list(records.glob("*.json")) == []
    client.post("/deconnexion")
    opened()
    assert [body for body, _ in asked_pages.recent()] == [ROADMAP]
