"""An editor saving commitments while readers open the roadmap (issue 26: an editor saving every second during a
meeting). The save answers once committed, with the saved row at its new version: a second edit of the row right
after is saved, never taken for a conflict. What the roadmap shows is built again after a write of its own domain
only, and once per version: readers arriving while it is built wait for that build (``store.computing``)."""

from __future__ import annotations

import importlib
import threading

import pytest

from bench.dash_requests import post
from bench.meeting import page_requests
from dashboard import store
from dashboard.features.roadmap import coverage
from domain import commitment_store
from domain.commitments import FIELDS
from domain.permissions import Write
from tests.conftest import sign_in_team
from tests.roadmap_fixtures import PARAMS

ROUTER = page_requests("/feuille-de-route", "?region=53")[-1][3]


def write(kind: Write) -> None:
    """A committed write of ``kind`` (a line of the changes' journal: what it writes does not matter here)."""
    store.write(lambda con: con.execute("INSERT INTO changes (author, role, action) VALUES ('t', 't', 't')"),
                kind=kind)


def edit_cell(app, client, row: dict, field: str, value) -> dict:
    response = post(client, app, "dashboard.pages.roadmap._edit_cell", ("roadmap-grid.cellValueChanged", {
        "roadmap-grid.cellValueChanged": [{"colId": field, "value": value, "data": {**row, field: value}}],
        "roadmap-params.data": PARAMS}, None))
    assert response.status_code == 200, response.text[:500]
    return response.json["response"]


@pytest.fixture
def first_row(client) -> dict:
    """A commitment of Bretagne as the grid holds it, the client signed in as the regional team."""
    sign_in_team(client)
    values = {key: None for key in FIELDS} | {
        "territory_level": "departement", "territory_code": "29", "lever_id": "augm_voitelec", "carrier": "Finistère",
        "title": "Bornes", "quantity_kt": 10.0, "quantity_phys": 4.677, "start_year": 2025, "end_year": 2028,
        "status": "engagé"}
    record = store.fetch(commitment_store.get, store.write(commitment_store.create, "53", values, "equipe"))
    return {key: str(value) if hasattr(value, "isoformat") else value for key, value in record.items()}


def test_a_saved_cell_answers_its_row_at_the_new_version_and_the_next_edit_of_the_row_is_saved(app, client,
                                                                                                   first_row):
    version = first_row["version"]
    answer = edit_cell(app, client, first_row, "title", "Bornes de recharge, première saisie")
    [row] = answer["roadmap-grid"]["rowTransaction"]["update"]
    assert (row["commitment_id"], row["version"]) == (first_row["commitment_id"], version + 1)
    assert row["title"] == "Bornes de recharge, première saisie"
    answer = edit_cell(app, client, row, "carrier", "Région Bretagne")
    assert f"enregistré (version {version + 2})" in answer["roadmap-grid-message"]["children"]
    stored = store.fetch(commitment_store.get, first_row["commitment_id"])
    assert (stored["title"], stored["carrier"], stored["version"]) == (
        "Bornes de recharge, première saisie", "Région Bretagne", version + 2)  # neither save lost


@pytest.fixture
def view_builds(monkeypatch) -> list[int]:
    """Counts the builds of the roadmap's view (each computes the coverage by sector once)."""
    built = []
    sector_coverage = coverage.sector_coverage

    def counted(*args):
        built.append(1)
        return sector_coverage(*args)

    monkeypatch.setattr(coverage, "sector_coverage", counted)
    return built


def test_the_roadmap_s_view_is_built_again_after_a_write_of_its_domain_only(app, client, view_builds):
    def refreshed() -> str:
        response = post(client, app, "dashboard.pages.roadmap._refresh", ("roadmap-saved.data", {
            "roadmap-saved.data": 1, "roadmap-params.data": PARAMS}, None))
        assert response.status_code == 200
        return response.text

    first = refreshed()
    write(Write.SCENARIO)  # a scenario value of the Écarts page: not shown by the roadmap
    assert refreshed() == first and len(view_builds) == 1
    write(Write.COMMITMENT)
    refreshed()
    assert len(view_builds) == 2


def test_readers_arriving_during_a_build_wait_for_it_instead_of_building_the_page_again(app, monkeypatch):
    """After a save, thread A builds the roadmap's answer; three readers arrive during the build: they are sent A's
    answer, never a second build of the same version."""
    building, entered, state = threading.Lock(), threading.Event(), {"now": 0, "most": 0, "builds": 0}
    roadmap = importlib.import_module("dashboard.pages.roadmap")  # registered by the app
    page = roadmap._page

    def slow_page(*args):
        with building:
            state["now"] += 1
            state["most"], state["builds"] = max(state["most"], state["now"]), state["builds"] + 1
        entered.set()
        try:
            threading.Event().wait(0.3)  # long enough for the readers below to arrive during the build
            return page(*args)
        finally:
            with building:
                state["now"] -= 1

    monkeypatch.setattr(roadmap, "_page", slow_page)
    answers: dict[str, bytes] = {}

    def reader(name: str) -> None:
        response = app.server.test_client().post("/_dash-update-component", data=ROUTER,
                                                 headers={"Content-Type": "application/json"})
        assert response.status_code == 200
        answers[name] = response.get_data()

    reader("avant")
    write(Write.COMMITMENT)
    first = threading.Thread(target=reader, args=("A",))
    first.start()
    assert entered.wait(10)
    others = [threading.Thread(target=reader, args=(name,)) for name in "BCD"]
    for thread in others:
        thread.start()
    for thread in [first, *others]:
        thread.join(30)
    assert sorted(answers) == ["A", "B", "C", "D", "avant"]
    assert (state["most"], state["builds"]) == (1, 2)  # the first opening, then one build after the save
    assert answers["A"] == answers["B"] == answers["C"] == answers["D"]
