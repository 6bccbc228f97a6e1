"""What is kept between requests: the overview's answer and layout stay while editors save (their writes leave
the imported data alone) and are built again after an import; the pages a meeting opens are built once for many
visitors, per role, and again only after a write of what they show; each export is made once per data version."""

from __future__ import annotations

import json
from pathlib import Path

import brotli
import dash
import pytest

from bench.serving import MAIN_CALLBACK
from dashboard import store
from dashboard.components.frame import ACCOUNTS_LINK
from dashboard.errors import BUSY
from dashboard.serving.page_answers import CALLBACKS_ENDPOINT
from dashboard.store.data_versions import all_data, imported_data
from data.db import DatabaseBusy, connect
from domain import commitment_store, scenarios
from domain import regional_objectives as objectives
from domain.permissions import Role, Write
from domain.users import save_user
from loaders.catalogue import load_catalogue
from tests.conftest import app_on
from tests.layouts import router_response
from tests.test_regional_objectives import GOOD


def by_id(node, wanted: str | dict):
    """The component of a layout (as Dash sends it) whose id is ``wanted``."""
    if isinstance(node, list):
        return next((found for child in node if (found := by_id(child, wanted)) is not None), None)
    if not isinstance(node, dict) or "props" not in node:
        return None
    if node["props"].get("id") == wanted:
        return node
    return by_id(node["props"].get("children"), wanted)


@pytest.fixture
def served(real_copy, monkeypatch):
    """(test client, calls of the overview's layout, database path)."""
    with app_on(real_copy) as (_, client):
        calls = []
        page = dash.page_registry["dashboard.pages.overview"]
        layout = page["layout"]
        monkeypatch.setitem(page, "layout", lambda **query: calls.append(query) or layout(**query))
        yield client, calls, real_copy


def open_overview(client) -> str:
    """The overview's total objective, as the page that the router sends shows it."""
    response = client.post("/_dash-update-component", data=json.dumps(MAIN_CALLBACK),
                           headers={"Content-Type": "application/json"})
    assert response.status_code == 200
    page = response.get_json()["response"]["_pages_content"]["children"]
    return by_id(page, "overview-total")["props"]["children"]


def test_the_overview_is_kept_while_editors_save_and_built_again_after_an_import(served):
    client, calls, path = served
    total = open_overview(client)
    assert open_overview(client) == total and len(calls) == 1  # the second visitor gets the kept answer

    everything, version = all_data(), imported_data()
    store.write(scenarios.create_scenario, "region", "53", "Réunion COP", kind=Write.SCENARIO)  # as the gate does
    assert all_data() != everything and imported_data() == version
    assert open_overview(client) == total and len(calls) == 1

    store.shared.close_if_idle()  # the file's lock goes to the command line, which imports new objectives
    assert imported_data() == version
    with connect(path) as con:
        con.execute("UPDATE objective_vintages SET obj_co2_kt = obj_co2_kt * 2 WHERE territory_code = '53'")
    assert imported_data() != version
    doubled = open_overview(client)
    assert len(calls) == 2 and doubled != total


MEETING_PAGES = {"/ecarts": "dashboard.pages.gaps", "/declinaison": "dashboard.pages.split",
                 "/diagnostic": "dashboard.pages.diagnostic", "/feuille-de-route": "dashboard.pages.roadmap"}


@pytest.fixture
def builds(served, monkeypatch):
    """(test client, the pages' layouts called: path → count), on the meeting's pages. The app's connection is held
    open meanwhile, as during a meeting: closed when idle (2 s, which a loaded machine reaches between two
    requests), its checkpoint may move the file's version, and the pages are rightly built again."""
    client, _, _ = served
    counts = dict.fromkeys(MEETING_PAGES, 0)
    for path, module in MEETING_PAGES.items():
        page = dash.page_registry[module]

        def counted(*args, _path=path, _layout=page["layout"], **query):
            counts[_path] += 1
            return _layout(*args, **query)
        monkeypatch.setitem(page, "layout", counted)
    with store.shared.cursor():
        yield client, counts


def open_page(client, path: str, search: str = "?region=53") -> str:
    """The router's answer opening ``path``, as the browser receives it (uncompressed here)."""
    return router_response(client, path, search).get_data(as_text=True)


def test_each_meeting_page_is_built_once_and_sent_to_many_visitors(served, builds):
    client, counts = builds
    visitors = [client] + [client.application.test_client() for _ in range(4)]
    for path in MEETING_PAGES:
        answers = {open_page(visitor, path) for visitor in visitors}
        assert len(answers) == 1 and counts[path] == 1, (path, counts)
        assert open_page(client, path, "?region=84") not in answers and counts[path] == 2  # another request


def test_an_editors_write_rebuilds_only_the_pages_that_show_what_it_changed(served, builds):
    client, counts = builds
    before = {path: open_page(client, path) for path in MEETING_PAGES}
    store.write(scenarios.create_scenario, "region", "53", "Réunion COP", kind=Write.SCENARIO)
    for path in MEETING_PAGES:
        open_page(client, path)
    assert counts == {"/ecarts": 2, "/declinaison": 1, "/diagnostic": 1, "/feuille-de-route": 1}

    with store.shared.cursor() as con:
        context = commitment_store.context(con, "53")
    territory = next(territory for territory in context.territories if territory[0] == "departement")
    values = {"territory_level": territory[0], "territory_code": territory[1], "lever_id": min(context.levers),
              "carrier": "Syndicat de test", "title": "Engagement de la réunion", "quantity_kt": 1.5,
              "start_year": 2026, "end_year": 2029, "status": "proposé"}
    store.write(commitment_store.create, "53", values, "equipe", kind=Write.COMMITMENT)
    after = {path: open_page(client, path) for path in MEETING_PAGES}
    assert counts == {"/ecarts": 2, "/declinaison": 1, "/diagnostic": 1, "/feuille-de-route": 2}
    assert after["/feuille-de-route"] != before["/feuille-de-route"] and after["/diagnostic"] == before["/diagnostic"]

    store.write(scenarios.create_scenario, "region", "53", "Sans nature")  # no kind: every kept page, in doubt
    for path in MEETING_PAGES:
        open_page(client, path)
    assert counts == {"/ecarts": 3, "/declinaison": 2, "/diagnostic": 2, "/feuille-de-route": 3}


def test_a_read_of_imported_data_and_methods_is_kept_until_an_import_or_a_method_is_saved(served):
    """``store.fetch_changed_by``: what the roadmap's split of objectives is kept under (a commitment saved does not
    split them again, a method saved does, and so does a write that names no kind, or an import)."""
    client, _, path = served
    reads = []

    def split(con):  # stands for domain.split.split_objectives
        reads.append(con.execute("SELECT sum(obj_co2_kt) FROM objective_vintages").fetchone()[0])
        return len(reads)

    with client.application.app_context():
        def kept():
            return store.fetch_changed_by(frozenset({Write.METHOD}), split)

        assert kept() == kept() == 1
        store.write(scenarios.create_scenario, "region", "53", "Réunion COP", kind=Write.SCENARIO)
        assert kept() == 1
        store.write(scenarios.create_scenario, "region", "53", "Autre", kind=Write.METHOD)
        assert kept() == 2
        store.write(scenarios.create_scenario, "region", "53", "Sans nature")  # no kind: in doubt
        assert kept() == 3
        store.shared.close_if_idle()
        with connect(path) as con:
            con.execute("UPDATE objective_vintages SET obj_co2_kt = obj_co2_kt * 2 WHERE territory_code = '53'")
        assert kept() == 4 and reads[-1] != reads[0]


@pytest.fixture
def catalogued(real_copy):
    """The real copy with the indicators' starting catalogue, before the app opens it."""
    with connect(real_copy) as con:
        load_catalogue(con)
    return real_copy


def test_a_regional_objective_saved_rebuilds_the_ecarts_page_and_the_roadmap_only(catalogued, served, builds):
    client, counts = builds
    before = {path: open_page(client, path) for path in MEETING_PAGES}
    store.write(objectives.save, "53", GOOD, None, "equipe", kind=Write.OBJECTIVE)  # as the gate does
    after = {path: open_page(client, path) for path in MEETING_PAGES}
    assert counts == {"/ecarts": 2, "/declinaison": 1, "/diagnostic": 1, "/feuille-de-route": 2}  # its coverage
    assert "gaps-objectives-none" in before["/ecarts"] and "gaps-objectives-none" not in after["/ecarts"]


def test_sign_ins_and_the_cops_process_leave_the_ecarts_and_declinaison_pages_kept(served, builds):
    """They show no account, no step, meeting, need or party: an account created or signing in, a step saved, a
    commitment's follow-up keep them (per role: the visitor's role is in the key)."""
    client, counts = builds
    before = {path: open_page(client, path) for path in ("/ecarts", "/declinaison")}
    store.write(save_user, "alice", "un mot de passe assez long", "Alice Martin", Role.ADMIN, kind=Write.ACCOUNT)
    signing_in = client.application.test_client()
    assert signing_in.post("/connexion", data={"identifiant": "alice", "mot_de_passe": "un mot de passe assez long"}
                           ).status_code == 302  # itself a write (the sign-in's time)
    for kind in (Write.STEP, Write.MEETING, Write.NEED, Write.REGISTER, Write.FOLLOW_UP):
        store.write(scenarios.create_scenario, "region", "53", f"Écriture {kind}", kind=kind)  # stands for the kind
    assert {path: open_page(client, path) for path in before} == before
    assert counts["/ecarts"] == counts["/declinaison"] == 1


def test_a_page_kept_per_role_is_never_sent_to_another_role(served, builds):
    client, counts = builds
    anonymous = open_page(client, "/feuille-de-route")
    store.write(save_user, "alice", "un mot de passe assez long", "Alice Martin", Role.ADMIN, kind=Write.ACCOUNT)
    admin = client.application.test_client()
    assert admin.post("/connexion", data={"identifiant": "alice", "mot_de_passe": "un mot de passe assez long"}
                      ).status_code == 302
    signed_in = open_page(admin, "/feuille-de-route")
    assert signed_in != anonymous and "roadmap-upload-limit" in signed_in and "roadmap-upload-limit" not in anonymous
    assert "Alice" not in signed_in  # the account line has its own callback
    assert open_page(client, "/feuille-de-route") == anonymous and counts["/feuille-de-route"] == 3
    assert open_page(admin, "/feuille-de-route") == signed_in and counts["/feuille-de-route"] == 3
    team, visitor = open_page(admin, "/ecarts"), open_page(client, "/ecarts")  # the objectives' form
    assert "gaps-objective-form" in team and "gaps-objective-form" not in visitor and "Alice" not in team
    assert open_page(client, "/ecarts") == visitor and counts["/ecarts"] == 2


def test_an_error_shown_instead_of_a_page_is_not_kept(served, monkeypatch):
    client, _, _ = served
    page = dash.page_registry["dashboard.pages.diagnostic"]
    layout, failures = page["layout"], [DatabaseBusy(Path("cop.duckdb"))]
    monkeypatch.setitem(page, "layout", lambda **query: layout(**query) if not failures else _raise(failures.pop()))

    def shown() -> str:
        return json.dumps(json.loads(open_page(client, "/diagnostic")), ensure_ascii=False)
    assert BUSY in shown()
    assert BUSY not in shown() and "_pages_content" in shown()


def _raise(error: Exception):
    raise error


def test_an_import_made_by_the_app_gives_the_imported_data_a_new_version(served):
    version = imported_data()
    store.write_own(lambda con: con.execute("UPDATE objective_vintages SET obj_co2_kt = obj_co2_kt + 1"))
    assert imported_data() != version


def test_an_export_is_made_once_per_data_version(served, monkeypatch):
    client, _, _ = served
    from dashboard import exports

    made = []
    to_csv = exports.to_csv
    monkeypatch.setattr(exports, "to_csv", lambda table: made.append(table.title) or to_csv(table))
    first = client.get("/export/leviers.csv?region=53").get_data()
    assert client.get("/export/leviers.csv?region=53").get_data() == first and len(made) == 1
    store.write(scenarios.create_scenario, "region", "53", "Réunion COP")
    assert client.get("/export/leviers.csv?region=53").get_data() == first and len(made) == 2


def test_the_page_document_is_built_once_per_address(served, monkeypatch):
    client, _, _ = served
    built = []
    index = dash.Dash.index
    monkeypatch.setattr(dash.Dash, "index", lambda self, *a, **k: built.append(1) or index(self, *a, **k))
    first = client.get("/ecarts?region=53")
    assert first.status_code == 200 and first.mimetype == "text/html" and "Content-Security-Policy" in first.headers
    assert client.get("/ecarts?region=53").get_data() == first.get_data() and len(built) == 1
    assert 'content="http://localhost/ecarts?region=53"' in first.text  # Dash names the page's own address
    other = client.get("/ecarts?region=84")
    assert len(built) == 2 and 'content="http://localhost/ecarts?region=84"' in other.text


def test_the_callbacks_list_is_encoded_once_and_lists_every_callback(served, monkeypatch):
    client, _, _ = served
    server = client.application
    store.cache.clear()  # kept by an earlier test's app in this process, as by the one app of a process that serves
    built = []
    view = server.view_functions[CALLBACKS_ENDPOINT]
    monkeypatch.setitem(server.view_functions, CALLBACKS_ENDPOINT, lambda: built.append(1) or view())
    first = client.get(CALLBACKS_ENDPOINT, headers={"Accept-Encoding": "br"})
    second = client.get(CALLBACKS_ENDPOINT, headers={"Accept-Encoding": "br"})
    assert first.headers["Content-Encoding"] == "br" and second.get_data() == first.get_data() and len(built) == 1
    listed = json.loads(brotli.decompress(first.get_data()))
    with server.test_request_context():
        assert listed == json.loads(view().get_data()) and len(listed) > 50  # every callback of the app
    assert client.get(CALLBACKS_ENDPOINT).get_json() == listed and len(built) == 2  # kept per encoding


def test_the_frame_is_kept_per_account_name_and_role(served, monkeypatch):
    from dashboard.components import frame
    from domain.permissions import Role
    from domain.users import save_user, set_role

    client, _, path = served
    built = []
    footer = frame.footer
    monkeypatch.setattr(frame, "footer", lambda: built.append(1) or footer())

    def header_account() -> dict:
        return by_id(client.get("/_dash-layout").get_json(), "header-account")

    assert by_id(header_account(), "header-sign-in") is not None
    assert by_id(header_account(), "header-sign-in") is not None and len(built) == 1
    store.write(save_user, "alice", "un mot de passe assez long", "Alice Martin")
    assert client.post("/connexion", data={"identifiant": "alice", "mot_de_passe": "un mot de passe assez long"}
                       ).status_code == 302
    assert "Alice Martin" in json.dumps(header_account()) and len(built) == 2
    store.write(set_role, "alice", Role.ADMIN)
    signed_in = header_account()
    assert by_id(signed_in, ACCOUNTS_LINK) is not None and len(built) == 3  # a new role, a new frame
    client.post("/deconnexion")
    assert by_id(header_account(), "header-sign-in") is not None and len(built) == 3


def test_no_callback_runs_in_the_background(served):
    """Kept page documents share Dash's page-load token, which only background callbacks rely on."""
    client, _, _ = served
    app = dash.get_app()
    assert app.callback_map and not [output for output, spec in app.callback_map.items() if spec.get("background")]
