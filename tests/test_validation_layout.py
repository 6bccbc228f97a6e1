"""Every id a callback names (output, input or state) is carried by a component of the validation layout: the frame,
every page rendered in full (as an administrator, a scenario open, one deleted, an account chosen, a version
frozen, opened by itself…) and the components that callbacks create. A renamed id fails here, and in the browser:
the app gives Dash the compact form of that layout (dashboard/serving/validation_layout.json), checked here to be
up to date — ``COP_WRITE_VALIDATION_LAYOUT=1`` writes it again — and sent in every page document.
"""

from __future__ import annotations

import json
import os
import re

import dash
import pytest
from dash import Input, Output
from flask_login import login_user

from dashboard import callbacks
from dashboard.access.auth import Editor
from dashboard.components.frame import shell
from dashboard.serving import validation_layout
from dashboard.serving.validation_layout import compact, full, ids, unknown_ids
from dashboard.store import fetch
from data.db import connect, migrate
from data.demo import REGION_CODE
from domain import meeting_decisions, meeting_preparation, meetings, needs, parties, scenarios, steps, versions
from domain.users import authenticate, save_user
from loaders.demo import load_demo
from tests.conftest import app_on
from tests.layouts import with_parts

ADMIN, PASSWORD = "validation-admin", "mot-de-passe-de-validation"


@pytest.fixture(scope="module")
def full_app(tmp_path_factory):
    """The app on the demo data with an administrator, two scenarios (one deleted) and a frozen version."""
    path = tmp_path_factory.mktemp("validation") / "cop.duckdb"
    with connect(path) as con:
        migrate(con)
        load_demo(con)
        save_user(con, ADMIN, PASSWORD, "Administratrice", role="administrateur")
        opened = scenarios.create_scenario(con, "region", REGION_CODE, "Scénario ouvert")
        deleted = scenarios.create_scenario(con, "region", REGION_CODE, "Scénario supprimé")
        scenarios.delete_scenario(con, deleted)
        frozen = versions.freeze(con, REGION_CODE, "Version figée", versions.Retained(), ADMIN)
        level, code = territory = _process(con)
        meeting = meetings.create(con, REGION_CODE, {
            "instance": "COPIL", "territory": f"{level}:{code}", "day": "2026-03-12", "start": "14:00", "end": "16:00",
            "invited": ["CD01"], "present": ["CD01"], "agenda": "Diagnostic", "sectors": []}, ADMIN)
        meeting_decisions.record(con, meeting, "Le diagnostic est validé.", None, None, ADMIN)
        meeting_preparation.prepare(con, meeting, 2, ADMIN)
    sheet = {"region": REGION_CODE, "niveau": "departement", "code": "D01", "methode": "1"}
    queries = {
        "/ecarts": [{"region": REGION_CODE, "scenario": str(opened), "supprime": str(deleted)}],
        "/comptes": [{"compte": ADMIN}],
        "/declinaison/fiche": [sheet, {**sheet, "version": str(frozen)}],
        "/feuille-de-route": [{}, {"region": REGION_CODE, "version": str(frozen)}],
        "/feuille-de-route/document": [{}, {"region": REGION_CODE, "version": str(frozen)}],
        "/deroulement": [{"region": REGION_CODE}],
        "/deroulement/territoire": [{"region": REGION_CODE, "niveau": territory[0], "code": territory[1]}],
        "/deroulement/reunion": [{"reunion": str(meeting)}, {"region": REGION_CODE, "territoire": ":".join(territory)}],
        "/deroulement/reunion/document": [{"reunion": str(meeting), "document": "releve"}],
        "/registre": [{"region": REGION_CODE}],
    }
    with app_on(path) as (app, _):
        yield app, queries


def _process(con) -> tuple[str, str]:
    """A party in the register, a step and an engineering need of a département: the territory they concern."""
    level, code = next(key for key in meetings.territories(con, REGION_CODE) if key[0] == "departement")
    parties.save_party(con, REGION_CODE, {"code": "CD01", "kind": "opérateur", "name": "ADEME"},
                       [], True, ADMIN)
    steps.save_step(con, REGION_CODE, level, code, 1, {"state": "en cours", "actual_start": "2026-01-10"}, ADMIN)
    needs.save(con, REGION_CODE, None, {"territory": f"{level}:{code}", "theme": "Mobilités", "priority": "haute",
                                        "state": "exprimé", "responders": ["ANCT"], "description": "Une étude"}, ADMIN)
    return level, code


def shown(app: dash.Dash, queries: dict) -> list:
    """The frame and every page, as the administrator sees them, first as sent, then with the parts sent after them
    (``queries``: the pages that need parameters, each rendered once per query given)."""
    with app.server.test_request_context("/"):
        login_user(Editor(fetch(authenticate, ADMIN, PASSWORD)))
        return [shell(), *(layout for page in dash.page_registry.values() for query in queries.get(page["path"], [{}])
                           for layout in (page["layout"](**query), with_parts(page["layout"](**query))))]


def test_every_id_a_callback_names_is_in_the_validation_layout(full_app):
    app, queries = full_app
    assert unknown_ids(app, full(shown(app, queries), callbacks.modules())) == []


def test_the_app_validation_layout_is_the_pages_compacted(full_app):
    """The layout the browser checks callbacks against holds a component of the right type for every id a
    callback names, as the pages built in full show it (``COP_WRITE_VALIDATION_LAYOUT=1`` writes it again)."""
    app, queries = full_app
    expected = compact(app, full(shown(app, queries), callbacks.modules()))
    if os.environ.get(validation_layout.WRITE_AGAIN) == "1":
        validation_layout.SOURCE.write_text(json.dumps(expected, ensure_ascii=False, indent=1) + "\n", "utf-8")
        validation_layout.layout.cache_clear()
    assert json.loads(validation_layout.SOURCE.read_text("utf-8")) == expected, \
        "dashboard/serving/validation_layout.json is out of date: run this test with COP_WRITE_VALIDATION_LAYOUT=1"
    assert unknown_ids(app, validation_layout.layout()) == []


def test_a_callback_naming_a_renamed_id_is_found(full_app):
    """The planted violation: a callback whose input was renamed in the layout but not in the callback, found in
    the pages built in full and in the app's validation layout."""
    app, queries = full_app
    validation = full(shown(app, queries), callbacks.modules())
    assert "gaps-create" in ids(validation) and "gaps-creer" not in ids(validation)
    app.callback(Output("gaps-new-name-error", "title"), Input("gaps-creer", "n_clicks"))(str)
    try:
        assert unknown_ids(app, validation) == ["gaps-creer, named by builtins.str"]
        assert unknown_ids(app, app.validation_layout) == ["gaps-creer, named by builtins.str"]
    finally:
        del app.callback_map["gaps-new-name-error.title"]


def test_every_page_document_carries_the_validation_layout(full_app):
    """Callbacks are checked in the browser (not suppressed) against the app's compact validation layout."""
    app, _ = full_app
    document = app.server.test_client().get("/ecarts").get_data(as_text=True)
    config = json.loads(re.search(r'<script id="_dash-config" type="application/json">(.*?)</script>',
                                  document, re.S).group(1))
    assert config["suppress_callback_exceptions"] is False
    sent = ids(config["validation_layout"])
    assert sent == ids(validation_layout.layout()) and sent >= set(validation_layout.callback_ids(app))
