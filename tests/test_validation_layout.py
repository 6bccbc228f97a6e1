"""Every id a callback names (output, input or state) is carried by a component of the validation layout: the frame,
every page rendered in full (as an administrator, a scenario open, one deleted, an account chosen, a version
frozen, opened by itself…) and the components that callbacks create. A renamed id fails here instead of silently
in the browser.
"""

from __future__ import annotations

import dash
import pytest
from dash import Input, Output
from flask_login import login_user

from dashboard import callbacks
from dashboard.access.auth import Editor
from dashboard.components.frame import shell
from dashboard.store import fetch
from data.db import connect, migrate
from data.demo import REGION_CODE
from domain import scenarios, versions
from domain.users import authenticate, save_user
from loaders.demo import load_demo
from tests.conftest import app_on
from tests.validation_layout import ids, layout, unknown_ids

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
    sheet = {"region": REGION_CODE, "niveau": "departement", "code": "D01", "methode": "1"}
    queries = {
        "/ecarts": [{"region": REGION_CODE, "scenario": str(opened), "supprime": str(deleted)}],
        "/comptes": [{"compte": ADMIN}],
        "/declinaison/fiche": [sheet, {**sheet, "version": str(frozen)}],
        "/feuille-de-route": [{}, {"region": REGION_CODE, "version": str(frozen)}],
        "/feuille-de-route/document": [{}, {"region": REGION_CODE, "version": str(frozen)}],
    }
    with app_on(path) as (app, _):
        yield app, queries


def shown(app: dash.Dash, queries: dict) -> list:
    """The frame and every page, as the administrator sees them (``queries``: the pages that need parameters, each
    rendered once per query given)."""
    with app.server.test_request_context("/"):
        login_user(Editor(fetch(authenticate, ADMIN, PASSWORD)))
        return [shell(), *(page["layout"](**query) for page in dash.page_registry.values()
                           for query in queries.get(page["path"], [{}]))]


def test_every_id_a_callback_names_is_in_the_validation_layout(full_app):
    app, queries = full_app
    assert unknown_ids(app, layout(shown(app, queries), callbacks.modules())) == []


def test_a_callback_naming_a_renamed_id_is_found(full_app):
    """The planted violation: a callback whose input was renamed in the layout but not in the callback."""
    app, queries = full_app
    validation = layout(shown(app, queries), callbacks.modules())
    assert "gaps-create" in ids(validation) and "gaps-creer" not in ids(validation)
    app.callback(Output("gaps-new-name-error", "title"), Input("gaps-creer", "n_clicks"))(str)
    try:
        assert unknown_ids(app, validation) == ["gaps-creer, named by builtins.str"]
    finally:
        del app.callback_map["gaps-new-name-error.title"]
