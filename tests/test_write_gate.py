"""The write gate: every callback of the app that can write goes through ``dashboard.access.gate.write``, and
refuses an anonymous request and a forged session cookie over ``/_dash-update-component``, changing nothing.

The writing callbacks are found in the app's own callback map, by following what each callback's
code names (``store.write``, ``gate.write``…) through the project's functions; they must be exactly those of
``WRITERS`` (``dashboard.callbacks.WRITING``), by name: a new callback that writes is added there, with its replay,
on purpose. Every app built has every callback (dashboard/callbacks.py), so the set is the same whether this file
runs alone or after others.
"""

from __future__ import annotations

import base64
import builtins
import dis
import inspect
import json
import shutil
import types
from pathlib import Path

import dash
import duckdb
import pytest
from dash import Input, Output, html

from bench.dash_requests import id_text, post, python_callbacks
from dashboard import callbacks, store
from dashboard.access import gate
from dashboard.errors import UNEXPECTED
from dashboard.features.gaps import objectives
from dashboard.features.process import ids as process_ids
from dashboard.features.roadmap import data as roadmap_data
from dashboard.page_states import GapsState, MeetingState, ProcessTerritoryState, RegisterState
from data.commitment_samples import sample_template
from data.db import connect, migrate, open_database
from domain import commitment_store, meetings
from domain.commitments import LABELS
from domain.users import save_user
from loaders.catalogue import load_catalogue
from loaders.commitments import load_commitments
from tests.conftest import app_on, fingerprint
from tests.identities import EDITOR, anonymous, forge
from tests.roadmap_fixtures import FORM, PARAMS, financing_rows

ROOT = Path(__file__).resolve().parent.parent
TEAM_METHOD = "Méthode de l'équipe"
RAW_WRITES = {store.write, store.write_own, store.SharedConnection.cursor, connect, open_database, duckdb.connect}
WRITERS = callbacks.WRITING  # every callback of the app that writes, by name (dashboard/callbacks.py)


# --- finding the callbacks that write -------------------------------------------------------------

def _namespace(function: types.FunctionType) -> dict:
    """The names a function's code can load: its module's globals and the variables it closes over."""
    cells = zip(function.__code__.co_freevars, function.__closure__ or ())
    return {**function.__globals__, **{name: cell.cell_contents for name, cell in cells}}


def _named(code: types.CodeType, namespace: dict):
    """What a code object (and the functions defined in it) names: globals, closed-over variables, their attributes."""
    chain = None
    for instruction in dis.get_instructions(code):
        if instruction.opname in ("LOAD_GLOBAL", "LOAD_NAME", "LOAD_DEREF"):
            chain = namespace.get(instruction.argval, getattr(builtins, instruction.argval, None))
        elif instruction.opname in ("LOAD_ATTR", "LOAD_METHOD") and chain is not None:
            chain = inspect.getattr_static(chain, instruction.argval, None)
        else:
            chain = None
            continue
        if chain is not None:
            yield _function_of(chain)
    for constant in code.co_consts:
        if isinstance(constant, types.CodeType):
            yield from _named(constant, namespace)


def _function_of(named):
    """The function of a bound method; anything else as it is (flask's ``request`` or ``current_user``, bound
    to a request, is not asked for its attributes)."""
    try:
        return getattr(named, "__func__", named)
    except RuntimeError:  # a werkzeug LocalProxy outside of a request
        return named


def _ours(function) -> bool:
    file = function.__code__.co_filename
    return file.startswith(str(ROOT)) and "/.venv/" not in file


def reached(function) -> set:
    """Everything ``function`` can call, following the project's functions but not the store's or the gate's
    insides (the store's reads use the shared connection; the gate is where writing is allowed)."""
    seen, found, pending = set(), set(), [function]
    while pending:
        current = inspect.unwrap(pending.pop())
        if not isinstance(current, types.FunctionType) or current in seen:
            continue
        seen.add(current)
        if current.__module__ in ("dashboard.store", "dashboard.access.gate"):
            continue
        for named in _named(current.__code__, _namespace(current)):
            try:
                found.add(named)
            except TypeError:  # unhashable (a dict, a list…): not a function
                continue
            if isinstance(named, types.FunctionType) and _ours(named):
                pending.append(named)
    return found


def writers(app: dash.Dash) -> set[str]:
    return {name for name, (_, spec) in python_callbacks(app).items() if gate.write in reached(spec["callback"])}


def bypassing(app: dash.Dash) -> set[str]:
    return {name for name, (_, spec) in python_callbacks(app).items() if reached(spec["callback"]) & RAW_WRITES}


# --- the app, its database, and requests as the browser sends them ---------------------------------

@pytest.fixture(scope="module")
def gated(real_db, tmp_path_factory):
    """(app, test client, ids): the app on a copy of the real data with an editor, two scenarios (one
    deleted), the team's méthode de déclinaison and 13 commitments (the last one proposed)."""
    folder = tmp_path_factory.mktemp("gate")
    path = folder / "cop.duckdb"
    shutil.copy(real_db, path)
    with connect(path) as con:
        migrate(con)
        save_user(con, EDITOR, "mot-de-passe-redaction", "Équipe de rédaction")
        sample_template(commitment_store.context(con, "53"), 12, seed=3).to_csv(folder / "e.csv", sep=";", index=False)
        load_commitments(con, folder / "e.csv", "53", "dreal")
        from domain import scenarios
        from domain.split_methods import save_method
        live = scenarios.create_scenario(con, "region", "84", "Équipe")
        scenarios.save_lever_value(con, live, "augm_voitelec", "done_kt", 100.0, 0)
        deleted = scenarios.create_scenario(con, "region", "84", "Supprimé")
        scenarios.delete_scenario(con, deleted)
        save_method(con, TEAM_METHOD, {"augm_voitelec": "superficie"})
        load_catalogue(con)  # the indicators a regional objective names
        first = commitment_store.get(con, con.execute("SELECT min(commitment_id) FROM commitments").fetchone()[0])
        proposed = commitment_store.create(con, "53", {**first, "status": "proposé"}, EDITOR)
        meeting = meetings.create(con, "53", MEETING, EDITOR)
    with app_on(path) as (app, client):
        yield app, client, {"scenario": live, "deleted": deleted, "commitment": first, "proposed": proposed,
                            "meeting": meeting}


MEETING = {"instance": "COP plénière", "territory": "region:53", "day": "2026-03-12", "start": "14:00", "end": "16:00"}
PDF = b"%PDF-1.4\n%%EOF\n"


def field(lever: str, name: str) -> str:
    return id_text({"field": name, "lever": lever, "type": "scenario-field"})


def replays(ids: dict) -> dict[str, tuple[str, dict, dict | None]]:
    """For each writing callback: (trigger, values, MATCH ids) of a request that writes when an editor sends it."""
    territory, search = GapsState(region="84").stored(), "?region=84"
    row = {k: v for k, v in ids["commitment"].items() if k in LABELS or k in ("commitment_id", "version")}
    return {
        "dashboard.pages.gaps._create": ("gaps-create.n_clicks", {
            "gaps-create.n_clicks": 1, "gaps-new-name.value": "Pirate", "gaps-params.data": territory,
            "gaps-url.search": search}, None),
        "dashboard.pages.gaps._duplicate": ("gaps-duplicate.n_clicks", {
            "gaps-duplicate.n_clicks": 1, "gaps-scenario.data": ids["scenario"], "gaps-url.search": search}, None),
        "dashboard.pages.gaps._delete": ("gaps-confirm-delete.submit_n_clicks", {
            "gaps-confirm-delete.submit_n_clicks": 1, "gaps-scenario.data": ids["scenario"],
            "gaps-url.search": search}, None),
        "dashboard.pages.gaps._undo_delete": ("gaps-undo.n_clicks", {
            "gaps-undo.n_clicks": 1, "gaps-deleted.data": ids["deleted"], "gaps-url.search": search}, None),
        "dashboard.features.gaps.scenario_name._rename": ("gaps-rename.n_clicks", {
            "gaps-rename.n_clicks": 1, "gaps-rename-name.value": "Pirate", "gaps-scenario.data": ids["scenario"],
            "gaps-params.data": territory}, None),
        "dashboard.pages.gaps._edit_lever": (f"{field('augm_voitelec', 'new_phys')}.value", {
            f"{field('augm_voitelec', 'new_phys')}.value": "700", "gaps-scenario.data": ids["scenario"],
            f"{id_text({'lever': 'augm_voitelec', 'type': 'scenario-version'})}.data": 1,
            "gaps-params.data": territory}, {"lever": "augm_voitelec"}),
        "dashboard.pages.split._save_method": ("split-method-save.n_clicks", method_save(), None),
        "dashboard.features.gaps.objectives._save": ("gaps-objective-save.n_clicks", {
            "gaps-objective-save.n_clicks": 1, "gaps-objective-region.data": {"region": "53"},
            "gaps-objective-version.data": None, **{f"{input_id}.value": value for input_id, value in zip(
                objectives.INPUTS.values(), ["prelevements_eau", "2019", "100", "", "-10", "SDAGE", "indicatif"])}},
            None),
        "dashboard.pages.roadmap._save": ("roadmap-save.n_clicks", {  # with financing lines (issue 23, point 5)
            **FORM, **financing_rows([{"source": "DSIL", "amount": "250000", "year": "2026", "status": "accordé"}]),
            "roadmap-save.n_clicks": 1}, None),
        "dashboard.pages.roadmap._edit_cell": ("roadmap-grid.cellValueChanged", {
            "roadmap-grid.cellValueChanged": [{"colId": "status", "value": "abandonné",
                                               "data": {**row, "status": "abandonné"}}],
            "roadmap-params.data": PARAMS}, None),
        "dashboard.pages.roadmap._import_file": ("roadmap-upload.contents", {
            "roadmap-upload.contents": "data:text/csv;base64," + base64.b64encode(b"a;b\n1;2\n").decode(),
            "roadmap-upload.filename": "e.csv", "roadmap-params.data": PARAMS}, None),
        "dashboard.features.roadmap.review_panel._review": ("roadmap-review-accept.n_clicks", {
            "roadmap-review-accept.n_clicks": 1, "roadmap-review-comment.value": "",
            "roadmap-form-base.data": {"id": ids["proposed"], "version": 1, "inputs": {}}}, None),
        "dashboard.features.roadmap.follow_up_panel._save": follow_up_save(ids["commitment"]["commitment_id"]),
        "dashboard.features.roadmap.frozen_versions_panel._freeze": ("roadmap-freeze.n_clicks", {
            "roadmap-freeze.n_clicks": 1, "roadmap-version-name.value": "pirate", "roadmap-params.data": PARAMS},
            None),
        "dashboard.pages.imports._preview": ("imports-preview.n_clicks", {
            "imports-preview.n_clicks": 1, "imports-kind.value": "observations", "imports-token.data": None}, None),
        "dashboard.pages.imports._confirm": ("imports-confirm.n_clicks", {
            "imports-confirm.n_clicks": 1, "imports-previewed.data": {"kind": "observations", "token": None,
                                                                      "region": None, "digests": {}}}, None),
        "dashboard.pages.imports._undo": ("imports-undo-confirm.n_clicks", {
            "imports-undo-confirm.n_clicks": 1, "imports-undo-choice.value": 1}, None),
        "dashboard.pages.projection._keep": ("projection-save-request.data", {
            "projection-save-request.data": {"n": 1}, "projection-index.data": lever_screen("augm_voitelec"),
            "projection-proposals.data": {"augm_voitelec": 50}, "projection-params.data": {"region": "84"}}, None),
        **account_replays(),
        **process_replays(ids["meeting"]),
    }


def follow_up_save(commitment: int, year: int = 2025, **typed: str) -> tuple[str, dict, None]:
    """The follow-up of ``year`` of the stored ``commitment`` saved: 1 ktCO₂e done unless ``typed`` says otherwise."""
    from dashboard.features.roadmap import follow_up_panel as panel
    fields = {**dict.fromkeys(panel.INPUTS, ""), "done_kt": "1", **typed}
    return f"{panel.SAVE}.n_clicks", {f"{panel.SAVE}.n_clicks": 1, f"{panel.COMMITMENT}.value": commitment,
                                      f"{panel.YEAR}.value": year, f"{panel.BASE}.data": None,
                                      **{f"{panel.INPUTS[key]}.value": value for key, value in fields.items()}}, None


def process_replays(meeting: int, territory: tuple[str, str] = ("region", "53")) -> dict[str, tuple[str, dict, None]]:
    """The writing callbacks of the process pages: a step and a need of ``territory``, a new meeting of it, the
    preparation, minutes and a decision of the stored ``meeting``, and a new party of the register."""
    at = process_ids
    level, code = territory
    page = {"process-page.data": ProcessTerritoryState(region="53", level=level, code=code).stored()}
    stored = {"process-page.data": MeetingState(region="53", meeting=meeting, version=1).stored()}
    meeting_values = {**dict.fromkeys(at.MEETING_FIELDS), **MEETING, "territory": f"{level}:{code}"}
    fields = {f"{at.MEETING_FIELDS[key]}.value": value for key, value in meeting_values.items()}
    step = {f"{at.STEP_CHOICE}.value": 2, f"{at.STEP_STATE}.value": "à venir",
            **{f"{at.STEP_DATES[key]}.value": None for key in at.STEP_DATES}}
    need = {f"{at.NEED_CHOICE}.value": None, f"{at.NEED_THEME}.value": "Mobilités",
            f"{at.NEED_PRIORITY}.value": "haute", f"{at.NEED_STATE}.value": "exprimé",
            f"{at.NEED_RESPONDERS}.value": ["ANCT"], f"{at.NEED_DESCRIPTION}.value": "Pirate"}
    minutes = {f"{at.MINUTES_UPLOAD}.contents": "data:application/pdf;base64," + base64.b64encode(PDF).decode(),
               f"{at.MINUTES_UPLOAD}.filename": "releve.pdf"}
    decision = {f"{at.DECISION_TEXT}.value": "Pirate", f"{at.DECISION_COMMITMENT}.value": None,
                f"{at.DECISION_EFFECT}.value": ""}
    new_meeting = {"process-page.data": MeetingState(region="53").stored()}
    party = {f"{at.PARTY_CHOICE}.value": "", f"{at.PARTY_CONTACTS}.value": "Jeanne Pirate ; présidente",
             "process-page.data": RegisterState(region="53").stored(),
             **{f"{at.PARTY_FIELDS[key]}.value": value for key, value in {
                 "code": "PIRATE", "kind": "association", "name": "Pirates", "siren": "", "territory": None}.items()}}
    territories, meetings_page = "dashboard.features.process.territory_callbacks", \
        "dashboard.features.process.meeting_callbacks"

    def clicked(button: str, values: dict) -> tuple[str, dict, None]:
        return f"{button}.n_clicks", {f"{button}.n_clicks": 1, **values}, None

    return {
        f"{territories}._save_step": clicked(at.STEP_SAVE, {**step, **page}),
        f"{territories}._save_need": clicked(at.NEED_SAVE, {**need, **page}),
        f"{meetings_page}._save": clicked(at.MEETING_SAVE, {**fields, **new_meeting}),
        f"{meetings_page}._prepare": clicked(at.PREPARE, stored),
        f"{meetings_page}._upload": (f"{at.MINUTES_UPLOAD}.contents", {**minutes, **stored}, None),
        f"{meetings_page}._decide": clicked(at.DECISION_SAVE, {**decision, **stored}),
        "dashboard.features.process.register_callbacks._save_party": clicked(at.PARTY_SAVE, party),
    }


def account_replays(username: str = EDITOR) -> dict[str, tuple[str, dict, None]]:
    """The writing callbacks of /comptes, acting on ``username``'s account (a new account « pirate »)."""
    page, chosen = "dashboard.pages.accounts", {"accounts-chosen.data": username}
    return {
        f"{page}._create": ("accounts-create.n_clicks", {
            "accounts-create.n_clicks": 1, "accounts-new-username.value": "pirate", "accounts-new-name.value": "Pirate",
            "accounts-new-role.value": "equipe", "accounts-new-territories.value": [],
            "accounts-new-how.value": "invitation"}, None),
        f"{page}._save_role": ("accounts-save-role.n_clicks", {
            "accounts-save-role.n_clicks": 1, "accounts-role.value": "lecteur", "accounts-territories.value": [],
            **chosen}, None),
        f"{page}._set_active": ("accounts-deactivate.n_clicks", {"accounts-deactivate.n_clicks": 1, **chosen}, None),
        f"{page}._revoke": ("accounts-revoke.n_clicks", {"accounts-revoke.n_clicks": 1, **chosen}, None),
        f"{page}._new_link": ("accounts-new-link.n_clicks", {"accounts-new-link.n_clicks": 1, **chosen}, None),
    }


def method_save(keys: str = "population") -> dict:
    """The team's method saved again with ``keys`` for every lever."""
    with store.shared.cursor() as con:
        levers = [row[0] for row in con.execute(
            "SELECT lever_id FROM lever_objectives WHERE territory_code = '53' ORDER BY lever_id").fetchall()]
    return {"split-method-save.n_clicks": 1, "split-method-name.value": TEAM_METHOD,
            "split-lever-key.value": [({"type": "split-lever-key", "lever": lever}, keys) for lever in levers],
            "split-state.data": {"region": "53"}}


def lever_screen(lever_id: str) -> int:
    from dashboard.features.projection.screens import payload
    screens = store.fetch(payload, "84")["screens"]
    return next(i for i, screen in enumerate(screens) if screen.get("lever") == lever_id)


def team_method_keys() -> dict:
    with store.shared.cursor() as con:
        return dict(con.execute("SELECT k.lever_id, k.key_id FROM split_method_keys k JOIN split_methods m "
                                "USING (method_id) WHERE m.name = ?", [TEAM_METHOD]).fetchall())


# --- the tests -----------------------------------------------------------------------------------------

def test_the_writing_callbacks_found_in_the_callback_map_are_those_listed_and_none_bypasses_the_gate(gated):
    app, _, _ = gated
    assert writers(app) == WRITERS, "un rappel qui écrit s'ajoute à WRITERS, avec sa requête de rejeu (replays)"
    assert "dashboard.pages.gaps._navigate" in python_callbacks(app)  # a reading callback, in the map, not counted
    assert bypassing(app) == set()


def test_a_callback_that_writes_without_the_gate_is_detected():
    rogue_app = dash.Dash(__name__)
    rogue_app.layout = html.Div([html.Button(id="rogue"), html.Div(id="rogue-out")])

    def insert(con, name):
        con.execute("INSERT INTO scenarios (name, territory_level, territory_code) VALUES (?, 'region', '84')", [name])

    def helper(name):  # one step away from the callback, as a page helper would be
        return store.write(insert, name)

    @rogue_app.callback(Output("rogue-out", "children"), Input("rogue", "n_clicks"))
    def rogue(_):
        return helper("pirate")

    @rogue_app.callback(Output("rogue", "children"), Input("rogue-out", "children"))
    def gated_write(_):
        return gate.write(insert, "éditeur")

    here = f"{__name__}.test_a_callback_that_writes_without_the_gate_is_detected.<locals>"
    assert bypassing(rogue_app) == {f"{here}.rogue"}
    assert writers(rogue_app) == {f"{here}.gated_write"}


@pytest.mark.parametrize("who", ["anonyme", "cookie falsifié"])
def test_every_writing_callback_refuses_a_reader_and_changes_nothing(gated, who):
    app, client, ids = gated
    found, attempts = writers(app), replays(ids)
    assert found == attempts.keys() == WRITERS
    anonymous(client)
    if who == "cookie falsifié":
        forge(client, "pas-la-bonne-clé")
    before = fingerprint()
    for name in sorted(found):
        response = post(client, app, name, attempts[name])
        assert response.status_code == 200, (name, response.text[:500])
        assert gate.REFUSED in json.dumps(response.json, ensure_ascii=False), (name, response.text[:500])
    assert fingerprint() == before


def test_an_anonymous_replay_of_the_method_save_is_refused_and_an_editor_save_is_recorded(gated):
    app, client, _ = gated
    name = "dashboard.pages.split._save_method"
    anonymous(client)
    before_keys, before = team_method_keys(), fingerprint()
    assert before_keys == {"augm_voitelec": "superficie"}
    refused = post(client, app, name, ("split-method-save.n_clicks", method_save(), None)).json
    assert refused["sideUpdate"] == {"split-method-message": {"children": gate.REFUSED}}
    assert "response" not in refused or refused["response"] == {}
    assert team_method_keys() == before_keys and fingerprint() == before
    # Control: the same request with a cookie signed by the app's real key is an editor's, and is saved.
    forge(client, app.server.secret_key)
    saved = post(client, app, name, ("split-method-save.n_clicks", method_save(), None)).json
    assert f"Méthode « {TEAM_METHOD} » enregistrée." in json.dumps(saved, ensure_ascii=False)
    assert team_method_keys() == {}  # every lever now uses the default key, population
    with store.shared.cursor() as con:
        author, action = con.execute("SELECT author, action FROM changes ORDER BY change_id DESC").fetchone()
    assert (author, action) == (EDITOR, "domain.split_methods.save_method")


def test_an_editor_s_bad_import_is_explained_in_french_at_the_field_and_changes_no_commitment(gated):
    app, client, ids = gated
    forge(client, app.server.secret_key)
    before = fingerprint()["commitments"]
    trigger, values, _ = replays(ids)["dashboard.pages.roadmap._import_file"]
    response = post(client, app, "dashboard.pages.roadmap._import_file", (trigger, values, None)).json
    message = response["sideUpdate"]["roadmap-import-report"]["children"]
    assert message.startswith("Erreur dans « e.csv », ligne 1 : colonnes manquantes : niveau, ")
    assert message.endswith(" Aucune donnée n'a été modifiée.")
    assert fingerprint()["commitments"] == before


def test_a_programming_error_shows_a_french_message_and_goes_to_the_log(gated, caplog, monkeypatch):
    app, client, _ = gated

    def broken_build(*_):
        return {}["level"]  # a mistake in the code: a KeyError

    monkeypatch.setattr(roadmap_data, "build", broken_build)
    broken = post(client, app, "dashboard.pages.roadmap._refresh", ("roadmap-saved.data", {
        "roadmap-saved.data": 1, "roadmap-params.data": PARAMS}, None))
    assert broken.status_code == 200
    assert broken.json["sideUpdate"] == {"erreur-globale": {"hidden": False, "children": UNEXPECTED}}
    assert "KeyError" not in broken.get_data(as_text=True)
    assert any(record.exc_info and record.exc_info[0] is KeyError for record in caplog.records)
