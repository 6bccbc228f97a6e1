"""An editor's write makes a new version only of what it changes (issue 26, point 1): the domains of the edited data
(dashboard/store/data_versions.py, ``changed_by``). A commitment saved leaves the Écarts, Déclinaison and Diagnostic
builds kept — not one of their reads runs again —, while every page that shows commitments shows it at once; a write
of a page's own domain, a write that names no kind and an import build it again. The same in a reader process, whose
versions are those the writer published."""

from __future__ import annotations

import dash
import pytest

from bench.dash_requests import post
from dashboard import store
from dashboard.features.roadmap.commitment_context import commitment_context
from dashboard.serving import processes
from dashboard.store import data_versions
from dashboard.store.publisher import Publisher
from data.db import connect
from domain import commitment_store, scenarios
from domain import regional_objectives as objectives
from domain.permissions import Write
from domain.split_methods import save_method
from loaders.catalogue import load_catalogue
from tests.conftest import app_on
from tests.layouts import router_response
from tests.test_regional_objectives import GOOD

TITLE = "Chaufferie bois 7319"  # ASCII: found as is in the JSON sent
BUILDS = {"dashboard.pages.gaps": {"region": "53"}, "dashboard.pages.split": {"region": "53", "niveau": "crte"},
          "dashboard.pages.diagnostic": {"region": "53"}}
SHOWING_COMMITMENTS = [("/feuille-de-route", "?region=53"), ("/feuille-de-route/document", "?region=53"),
                       ("/feuille-de-route/contributions", "?region=53")]


@pytest.fixture
def catalogued(real_copy):
    with connect(real_copy) as con:
        load_catalogue(con)
    return real_copy


@pytest.fixture
def served(catalogued, monkeypatch):
    """(test client, the reads that reached DuckDB: names of the functions run, app), the connection held open."""
    with app_on(catalogued) as (app, client):
        reads = []
        run = store._run
        monkeypatch.setattr(store, "_run", lambda query, args: reads.append(query.__qualname__) or run(query, args))
        with store.shared.cursor():
            yield client, reads, app


def build(client, module: str) -> None:
    """The page's layout, built in a request as the router builds it (its kept answer left aside)."""
    with client.application.test_request_context("/"):
        dash.page_registry[module]["layout"](**BUILDS[module])


def commitment(title: str = TITLE) -> dict:
    with store.shared.cursor() as con:
        context = commitment_store.context(con, "53")
    territory = next(territory for territory in context.territories if territory[0] == "departement")
    return {"territory_level": territory[0], "territory_code": territory[1], "lever_id": min(context.levers),
            "carrier": "Syndicat de test", "title": title, "quantity_kt": 1.5, "start_year": 2026,
            "end_year": 2029, "status": "proposé"}


@pytest.mark.parametrize("module, own", [("dashboard.pages.gaps", Write.SCENARIO),
                                         ("dashboard.pages.split", Write.METHOD),
                                         ("dashboard.pages.diagnostic", None)])
def test_a_commitment_saved_leaves_the_ecarts_declinaison_and_diagnostic_builds_kept(served, module, own):
    client, reads, _ = served
    build(client, module)
    assert reads  # built once: its reads ran
    reads.clear()
    store.write(commitment_store.create, "53", commitment(), "equipe", kind=Write.COMMITMENT)  # as the gate does
    store.write(commitment_store.create, "53", commitment("Autre"), "equipe", kind=Write.REVIEW)
    build(client, module)
    assert reads == []  # not one read ran again
    if own is not None:
        store.write(scenarios.create_scenario, "region", "53", "Réunion COP", kind=own)
        build(client, module)
        assert reads  # a write of what the page shows builds it again
        reads.clear()
        store.write(scenarios.create_scenario, "region", "53", "Sans type")  # no kind: in doubt, built again
        build(client, module)
        assert reads
        reads.clear()
    store.write_own(lambda con: con.execute("UPDATE objective_vintages SET obj_co2_kt = obj_co2_kt * 2"))  # an import
    build(client, module)
    assert reads


def open_page(client, path: str, search: str) -> str:
    return router_response(client, path, search).get_data(as_text=True)


def test_every_page_that_shows_commitments_shows_the_one_just_saved(served):
    client, _, _ = served
    before = {page: open_page(client, *page) for page in SHOWING_COMMITMENTS}  # each kept before the write
    store.write(commitment_store.create, "53", commitment(), "equipe", kind=Write.COMMITMENT)
    after = {page: open_page(client, *page) for page in SHOWING_COMMITMENTS}
    assert all(after[page] != before[page] for page in SHOWING_COMMITMENTS)
    assert [TITLE in after[page] for page in SHOWING_COMMITMENTS] == [True, True, False]  # the third counts them
    assert TITLE in client.get("/export/engagements.csv?region=53").get_data(as_text=True)


@pytest.mark.parametrize("write, shown", [
    (lambda: store.write(save_method, "Methode 5521", {}, kind=Write.METHOD), "Methode 5521"),
    (lambda: store.write(objectives.save, "53", GOOD, None, "equipe", kind=Write.OBJECTIVE),
     "objectifs-engages"),  # the regional objectives' coverage
], ids=["méthode", "objectif régional"])
def test_the_roadmap_shows_a_method_or_a_regional_objective_saved_at_once(served, write, shown):
    """The roadmap shows the methods a version may retain, the split by the default method, and the regional
    objectives' coverage: its kept answer is built again."""
    client, _, _ = served
    assert shown not in open_page(client, "/feuille-de-route", "?region=53")
    write()
    assert shown in open_page(client, "/feuille-de-route", "?region=53")


def test_a_scenario_saved_shows_in_the_roadmaps_versions_at_once_without_building_it_again(served, monkeypatch):
    """The scenarios a version may retain come by their own callback: a scenario value saved every second on the
    Écarts page leaves the roadmap's kept answer."""
    client, _, app = served
    page = dash.page_registry["dashboard.pages.roadmap"]
    built = []
    layout = page["layout"]
    monkeypatch.setitem(page, "layout", lambda **query: built.append(query) or layout(**query))
    answer = open_page(client, "/feuille-de-route", "?region=53")
    store.write(scenarios.create_scenario, "region", "53", "Scenario 5521", kind=Write.SCENARIO)
    assert open_page(client, "/feuille-de-route", "?region=53") == answer and len(built) == 1
    options = post(client, app, "dashboard.features.roadmap.frozen_versions_panel._scenario_options",
                   ("roadmap-version-scenario.id", {"roadmap-version-scenario.id": "roadmap-version-scenario",
                                                    "roadmap-params.data": {"region": "53"}}, None))
    assert options.status_code == 200 and "Scenario 5521" in options.get_data(as_text=True)
    forged = post(client, app, "dashboard.features.roadmap.frozen_versions_panel._scenario_options",
                  ("roadmap-version-scenario.id", {"roadmap-version-scenario.id": "roadmap-version-scenario",
                                                   "roadmap-params.data": {"region": "x" * 5000}}, None))
    assert forged.status_code == 204  # a region the app does not know: nothing read, nothing kept


def test_what_a_commitment_may_name_follows_the_register_and_the_regional_objectives(served):
    """The commitment context, kept across commitment saves, sees a regional objective saved at once: the editor's
    next commitment may contribute to it."""
    client, reads, _ = served
    with client.application.app_context():
        assert commitment_context("53").objectives == {}
        store.write(commitment_store.create, "53", commitment(), "equipe", kind=Write.COMMITMENT)
        reads.clear()
        assert commitment_context("53").objectives == {} and reads == []
        store.write(objectives.save, "53", GOOD, None, "equipe", kind=Write.OBJECTIVE)
        assert list(commitment_context("53").objectives) == [GOOD["indicator_id"]]


def test_a_callbacks_answer_is_kept_as_its_page_is(served):
    """``memo_as_sent(..., changed_by=)``, as the Déclinaison's controls keep their answers: kept across a
    commitment saved, built again after a method saved."""
    client, _, _ = served
    built = []

    def answer(level):
        built.append(level)
        return {"level": level}

    kinds = dash.page_registry["dashboard.pages.split"]["kept"].changed_by
    with client.application.app_context():
        assert store.memo_as_sent(answer, "crte", changed_by=kinds) == {"level": "crte"}
        store.write(commitment_store.create, "53", commitment(), "equipe", kind=Write.COMMITMENT)
        store.memo_as_sent(answer, "crte", changed_by=kinds)
        assert built == ["crte"]
        store.write(save_method, "Méthode de la réunion", {}, kind=Write.METHOD)
        store.memo_as_sent(answer, "crte", changed_by=kinds)
        assert built == ["crte", "crte"]


def test_a_readers_domains_are_those_the_writer_published(db_path, monkeypatch):
    """In a reader process (``COP_PROCESSUS``), a commitment published changes the version of commitments and of
    all data, not that of scenarios, objectives or methods: the readers' shared cache keeps those builds."""
    publisher = Publisher()
    assert publisher.publish_if_changed()
    domains = [data_versions.SCENARIOS, data_versions.OBJECTIVES, data_versions.METHODS,
               frozenset({Write.COMMITMENT})]

    def seen_by_a_reader():
        monkeypatch.setenv(processes.ROLE_SETTING, processes.READER)
        try:
            return ([data_versions.changed_by(kinds) for kinds in domains], data_versions.all_data(),
                    store.read_once(lambda con: con.execute("SELECT count(*) FROM commitments").fetchone()[0]))
        finally:
            monkeypatch.delenv(processes.ROLE_SETTING)

    before = seen_by_a_reader()
    store.write(save_method, "Méthode A", {}, kind=Write.COMMITMENT)  # any action: the kind names the domain
    assert publisher.publish_if_changed()
    after = seen_by_a_reader()
    assert after[0][:3] == before[0][:3] and after[0][3] != before[0][3] and after[1] != before[1]
    store.write(save_method, "Méthode B", {}, kind=Write.METHOD)
    assert publisher.publish_if_changed()
    last = seen_by_a_reader()
    assert last[0][2] != after[0][2] and last[0][0] == after[0][0]
    store.shared.close_if_idle()
