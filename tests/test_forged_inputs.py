"""What the browser sends a callback besides its page's parameters (dashboard/sent.py): every callback that reads a
dropdown's value, a text typed, a store the page wrote, a grid's rows or a click on a map is replayed over
``/_dash-update-component`` with what its page could not have sent — a version or a scenario that is not a number,
5 000 digits, a list where a text goes, a click of another shape or on a code the map does not show — and is not
answered (204, never « Une erreur inattendue »), writing nothing, whether an editor, an anonymous visitor or a
reader sends it; the same request as the page sends it is still answered. A request whose trigger
(``changedPropIds``) is not one of its own inputs is not answered either."""

from __future__ import annotations

import json

import pytest
from dash.exceptions import PreventUpdate

from bench.dash_requests import id_text, post, python_callbacks, request_body
from dashboard import callbacks, sent, store
from dashboard.access import gate
from dashboard.components import frozen_version
from dashboard.errors import UNEXPECTED
from dashboard.features.gaps import objectives
from dashboard.features.gaps.exports import scenario_ids
from dashboard.features.process import ids as process_ids
from dashboard.features.roadmap import follow_up_panel as follow_up
from dashboard.page_states import DiagnosticState, GapsState, SplitState
from domain import users
from domain.permissions import Role
from tests.conftest import fingerprint
from tests.identities import EDITOR, anonymous, forge
from tests.test_page_parameters import LEVER_SAVED, reading_replays
from tests.test_write_gate import gated, replays  # noqa: F401 (gated: a fixture)

READER = "lectrice-forgee"
LONG_NUMBER, LONG_TEXT = "9" * 5000, "x" * 5000
NUMBER = {"un texte": "douze", "5 000 chiffres": LONG_NUMBER, "une liste": [1], "un dictionnaire": {"a": 1},
          "un nombre à virgule": 1.5, "un nombre négatif": -3, "vrai": True}
TEXT = {"une liste": ["Pirate"], "un dictionnaire": {"a": 1}, "un nombre": 12, "vrai": True}
CHOICE = {"un choix inconnu": "inconnu", "5 000 caractères": LONG_TEXT, "une liste": ["inconnu"],
          "un dictionnaire": {"a": 1}, "un nombre": 12}
TEXTS = {"un texte seul": "ANCT", "5 000 caractères": LONG_TEXT, "une liste de listes": [["ANCT"]],
         "un nombre dans la liste": [12]}
CLICK = {"5 000 caractères": LONG_TEXT, "une liste": [{"customdata": "29"}], "sans points": {"x": 1},
         "des points vides": {"points": []}, "des points en texte": {"points": LONG_TEXT},
         "un point en liste": {"points": [["29"]]}, "un code en dictionnaire": {"points": [{"customdata": {"a": 1}}]},
         "un code vide": {"points": [{"customdata": ""}]}, "un code inconnu": {"points": [{"customdata": "99999"}]},
         "5 000 caractères de code": {"points": [{"customdata": LONG_TEXT}]}}
BASE = {"5 000 caractères": LONG_TEXT, "une liste": [1, 2], "un numéro illisible": {"id": "douze", "version": 1,
                                                                                     "inputs": {}},
        "sans version": {"id": 1, "inputs": {}}, "des saisies en liste": {"id": 1, "version": 1, "inputs": [1]}}


# Each callback: its replay (``None``: as tests/test_write_gate.py or tests/test_page_parameters.py sends it), what it
# answers to it (a text its answer holds; a writing one, sent anonymously: the gate's refusal), and the forged values
# of each of its inputs.
def cases(ids: dict) -> dict[str, tuple[tuple | None, str, dict[str, dict]]]:
    number, proposed, scenario = ids["commitment"]["commitment_id"], ids["proposed"], ids["scenario"]
    base = {"id": number, "version": 1, "inputs": {}}
    gaps = {"gaps-params.data": GapsState(region="84").stored(), "gaps-url.search": "?region=84"}
    split = {"split-state.data": SplitState(region="53", level="departement").stored(),
             **dict.fromkeys(("split-level.value", "split-scope.value", "split-unit.value", "split-compare.value",
                              "split-sort.value", "split-map.clickData", "split-territory.value"))}
    diagnostic = {f"diagnostic-{name}.value": None for name in ("theme", "indicator", "level", "year", "territory",
                                                                 "compare")}
    follow = {f"{follow_up.COMMITMENT}.value": number, f"{follow_up.YEAR}.value": 2025}
    return {
        "dashboard.features.roadmap.frozen_versions_panel._compare": (None, "Cette version n'existe pas", {
            "roadmap-compare.value": NUMBER, "roadmap-compare-with.value": NUMBER}),
        "dashboard.features.roadmap.frozen_versions_panel._freeze": (None, gate.REFUSED, {
            "roadmap-version-scenario.value": NUMBER, "roadmap-version-method.value": NUMBER,
            "roadmap-version-name.value": TEXT, "roadmap-version-presented.value": TEXT}),
        "dashboard.pages.roadmap._open": (("roadmap-grid.selectedRows", {
            "roadmap-grid.selectedRows": [{"commitment_id": number}], "roadmap-form-base.data": None}, None),
            f"Fiche engagement n° {number} (version", {
            "roadmap-grid.selectedRows": {
                "5 000 caractères": LONG_TEXT, "une ligne seule": {"commitment_id": number},
                "une ligne en liste": [[number]], "un numéro illisible": [{"commitment_id": "douze"}],
                "5 000 chiffres": [{"commitment_id": LONG_NUMBER}], "sans numéro": [{"title": "x"}],
                "un numéro inconnu": [{"commitment_id": 99_999_999}]},
            "roadmap-form-base.data": BASE}),
        "dashboard.pages.roadmap._save": (None, gate.REFUSED, {
            "roadmap-form-base.data": BASE, "roadmap-f-territory.value": TEXT, "roadmap-f-title.value": TEXT,
            "roadmap-f-territories.value": TEXT}),
        "dashboard.pages.roadmap._edit_cell": (None, gate.REFUSED, {
            "roadmap-grid.cellValueChanged": {
                "5 000 caractères": LONG_TEXT, "un changement seul": {"colId": "status", "data": {}},
                "sans ligne": [{"colId": "status", "value": "abandonné"}],
                "une colonne inconnue": [{"colId": "pirate", "data": {"commitment_id": number, "version": 1}}],
                "un numéro illisible": [{"colId": "status", "data": {"commitment_id": "douze", "version": 1}}],
                "une version en liste": [{"colId": "status", "data": {"commitment_id": number, "version": [1]}}]}}),
        "dashboard.features.roadmap.review_panel._show": (("roadmap-form-base.data", {
            "roadmap-form-base.data": {**base, "id": proposed}}, None), "À relire", {
            "roadmap-form-base.data": {"5 000 caractères": LONG_TEXT, "une liste": [proposed],
                                       "un numéro illisible": {"id": "douze"}}}),
        "dashboard.features.roadmap.review_panel._review": (None, gate.REFUSED, {
            "roadmap-form-base.data": {**BASE, "rien": None}, "roadmap-review-comment.value": TEXT}),
        "dashboard.features.roadmap.follow_up_panel._open": ((f"{follow_up.COMMITMENT}.value", follow, None),
                                                             f'"id": {number}, "year": 2025', {
            f"{follow_up.COMMITMENT}.value": {**NUMBER, "un numéro inconnu": 99_999_999},
            f"{follow_up.YEAR}.value": {**NUMBER, "une année offerte en texte": "2025",
                                        "une année non offerte": 1900}}),
        "dashboard.features.roadmap.follow_up_panel._save": (None, gate.REFUSED, {
            f"{follow_up.BASE}.data": {"5 000 caractères": LONG_TEXT, "une liste": [number],
                                       "un numéro illisible": {"id": "douze", "year": 2025, "version": None}},
            f"{follow_up.COMMITMENT}.value": NUMBER}),
        "dashboard.pages.gaps._navigate": (("gaps-compare.value", {
            **gaps, "gaps-region.value": "84", "gaps-view.value": "secteur", "gaps-compare.value": [scenario]}, None),
            f"comparer={scenario}", {
            "gaps-compare.value": {"un nombre": 3, "un texte": "douze", "une liste de textes": ["douze"],
                                   "une liste de listes": [[scenario]]},
            "gaps-url.search": TEXT}),
        "dashboard.pages.gaps._create": (None, gate.REFUSED, {"gaps-new-name.value": TEXT, "gaps-url.search": TEXT}),
        "dashboard.pages.gaps._duplicate": (None, gate.REFUSED, {"gaps-scenario.data": NUMBER}),
        "dashboard.pages.gaps._delete": (None, gate.REFUSED, {"gaps-scenario.data": NUMBER}),
        "dashboard.pages.gaps._undo_delete": (None, gate.REFUSED, {"gaps-deleted.data": NUMBER,
                                                                   "gaps-url.search": TEXT}),
        "dashboard.pages.gaps._edit_lever": (None, gate.REFUSED, {"gaps-scenario.data": NUMBER}),
        "dashboard.pages.gaps._update_gauge": (None, "gaps-gauge", {"gaps-scenario.data": NUMBER}),
        "dashboard.features.gaps.scenario_name._rename": (None, gate.REFUSED, {
            "gaps-rename-name.value": TEXT, "gaps-scenario.data": NUMBER}),
        "dashboard.features.gaps.scenario_history._refresh": ((f"{id_text(LEVER_SAVED)}.data", {
            "gaps-scenario.data": scenario, "scenario-saved.data": [(LEVER_SAVED, {"field": "done_kt"})]}, None),
            "gaps-history-content", {"gaps-scenario.data": NUMBER}),
        "dashboard.features.gaps.objectives._open": (None, "gaps-objective-baseline-year", {
            f"{objectives.INPUTS['indicator_id']}.value": CHOICE}),
        "dashboard.features.process.territory_callbacks._show_step": (None, "process-step-state", {
            f"{process_ids.STEP_CHOICE}.value": {**CHOICE, "une étape inconnue": 9}}),
        "dashboard.features.process.territory_callbacks._save_step": (None, gate.REFUSED, {
            f"{process_ids.STEP_CHOICE}.value": {**CHOICE, "une étape inconnue": 9}}),
        "dashboard.features.process.territory_callbacks._show_need": (None, "process-need-theme", {
            f"{process_ids.NEED_CHOICE}.value": NUMBER}),
        "dashboard.features.process.territory_callbacks._save_need": (None, gate.REFUSED, {
            f"{process_ids.NEED_CHOICE}.value": NUMBER, f"{process_ids.NEED_RESPONDERS}.value": TEXTS,
            f"{process_ids.NEED_DESCRIPTION}.value": TEXT}),
        "dashboard.features.process.meeting_callbacks._save": (None, gate.REFUSED, {
            f"{process_ids.MEETING_FIELDS[key]}.value": TEXT for key in ("title", "place", "minutes", "day")}),
        "dashboard.features.process.meeting_callbacks._decide": (None, gate.REFUSED, {
            f"{process_ids.DECISION_TEXT}.value": TEXT, f"{process_ids.DECISION_EFFECT}.value": TEXT}),
        "dashboard.features.process.register_callbacks._show_party": (None, "process-party-code", {
            f"{process_ids.PARTY_CHOICE}.value": TEXT}),
        "dashboard.features.process.navigation._choose_region": (("process-region.value", {
            "process-region.value": "53", "process-url.search": "?niveau=departement"}, None),
            "?region=53&niveau=departement", {"process-url.search": TEXT}),
        "dashboard.pages.overview._remember_in_url": (("overview-region.value", {
            "overview-region.value": "53", "overview-view.value": "secteur", "overview-url.search": ""}, None),
            "?region=53", {"overview-url.search": TEXT}),
        **{f"dashboard.pages.accounts.{name}": (None, gate.REFUSED, {"accounts-chosen.data": TEXT})
           for name in ("_set_active", "_revoke", "_new_link")},
        "dashboard.pages.accounts._save_role": (None, gate.REFUSED, {
            "accounts-chosen.data": TEXT, "accounts-territories.value": TEXTS}),
        "dashboard.pages.accounts._create": (None, gate.REFUSED, {
            "accounts-new-username.value": TEXT, "accounts-new-name.value": TEXT,
            "accounts-new-territories.value": TEXTS}),
        "dashboard.pages.imports._undo": (None, gate.REFUSED, {"imports-undo-choice.value": NUMBER}),
        "dashboard.pages.imports._prepare_undo": (("imports-undo-prepare.n_clicks", {
            "imports-undo-prepare.n_clicks": 1, "imports-undo-choice.value": 99_999}, None), "imports-undo-message", {
            "imports-undo-choice.value": NUMBER}),
        "dashboard.pages.imports._poll": (("imports-poll.n_intervals", {
            "imports-poll.n_intervals": 1, "imports-job.data": "travail-inconnu"}, None), "imports-progress", {
            "imports-job.data": TEXT}),
        "dashboard.pages.imports._preview": (None, gate.REFUSED, {"imports-region.value": TEXT}),
        "dashboard.pages.projection._keep": (None, gate.REFUSED, {
            "projection-index.data": NUMBER, "projection-scenario.data": NUMBER,
            "projection-proposals.data": {"5 000 caractères": LONG_TEXT, "une liste": [50], "un nombre": 50}}),
        "dashboard.pages.split._update": (("split-map.clickData", {
            **split, "split-map.clickData": {"points": [{"x": 1, "customdata": "29"}]}}, None), '"value": "29"', {
            "split-map.clickData": CLICK}),
        "dashboard.pages.split._table_update": (("split-table-page.value", {
            "split-table-params.data": {"region": "53"}, "split-table-page.value": 1,
            "split-state.data": {"region": "53"}}, None), "split-table-heading", {"split-table-page.value": NUMBER}),
        "dashboard.pages.split._save_method": (None, gate.REFUSED, {"split-method-name.value": TEXT}),
        "dashboard.pages.diagnostic._remember_in_url": (("diagnostic-map.clickData", {
            **diagnostic, "diagnostic-region.value": "53", "diagnostic-map.clickData": {"points": [{
                "customdata": "27"}]}}, None), "territoire=27", {"diagnostic-map.clickData": CLICK}),
    }


@pytest.fixture(scope="module")
def every_case(gated):
    app, _, ids = gated
    store.write(users.save_user, READER, "mot-de-passe-lectrice", None, Role.READER)
    known = {**replays(ids), **reading_replays(ids)}
    return {name: (replay or known[name], said, inputs) for name, (replay, said, inputs) in cases(ids).items()}


def _sent(app, client, name: str, replay: tuple, key: str, value):
    """``replay`` with ``value`` at ``key`` (« id.property »)."""
    trigger, values, match = replay
    return post(client, app, name, (trigger, {**values, key: value}, match))


def _said(response) -> str:
    return json.dumps(response.json, ensure_ascii=False) if response.status_code == 200 else response.text


CALLBACKS = sorted(cases({"commitment": {"commitment_id": 1}, "proposed": 2, "scenario": 3}))  # their names only


@pytest.mark.parametrize("name", CALLBACKS)
def test_what_the_page_could_not_send_is_not_answered_and_what_it_sends_is(gated, every_case, name):
    app, client, _ = gated
    replay, said, inputs = every_case[name]
    writes = name in callbacks.WRITING
    before = fingerprint()
    for who in ("un éditeur", "un visiteur anonyme", "une lectrice") if writes else ("un éditeur",):
        anonymous(client)
        if who != "un visiteur anonyme":
            forge(client, app.server.secret_key, EDITOR if who == "un éditeur" else READER)
        for key, forged in inputs.items():
            for what, value in forged.items():
                response = _sent(app, client, name, replay, key, value)
                assert UNEXPECTED not in _said(response), (who, key, what)
                assert response.status_code == 204 or who != "un éditeur", (who, key, what, _said(response)[:300])
    assert fingerprint() == before
    if writes:  # as sent by its page, it reaches the gate, which refuses a visitor who is not signed in
        anonymous(client)
    else:
        forge(client, app.server.secret_key, EDITOR)
    response = post(client, app, name, replay)
    assert response.status_code == 200 and said in _said(response), _said(response)[:500]
    assert fingerprint() == before


def test_a_lever_that_is_not_one_of_the_region_s_is_not_answered(gated, every_case):
    app, client, _ = gated
    forge(client, app.server.secret_key)
    name = "dashboard.pages.gaps._edit_lever"
    (trigger, values, _), _, _ = every_case[name]
    before = fingerprint()
    for lever in ("pirate", LONG_TEXT, ["augm_voitelec"], 12):
        moved = {key.replace('"augm_voitelec"', json.dumps(lever)): value for key, value in values.items()}
        response = post(client, app, name, (trigger.replace('"augm_voitelec"', json.dumps(lever)), moved,
                                            {"lever": lever}))
        assert response.status_code == 204, (lever, _said(response)[:300])
    assert fingerprint() == before


# --- the trigger ---------------------------------------------------------------------------------------------------

# Callbacks that read which input set them off (``ctx.triggered_id``); none is ever set off by nothing.
TRIGGERED = ("dashboard.pages.accounts._set_active", "dashboard.pages.split._update",
             "dashboard.features.roadmap.review_panel._review", "dashboard.pages.gaps._edit_lever",
             "dashboard.features.roadmap.financing_form._add_or_remove")
TRIGGERS = {"un composant inconnu": "pirate.value", "rien": "", "un nombre": 3,
            "un identifiant illisible": "{pirate.value", "un identifiant inconnu": '{"a":1}.value'}


def _replayed(every_case, gated, name: str) -> tuple:
    _, _, ids = gated
    if name in every_case:
        return every_case[name][0]
    return {**replays(ids), **reading_replays(ids)}[name]


@pytest.mark.parametrize("name", TRIGGERED)
def test_a_trigger_that_is_not_one_of_the_request_s_inputs_is_not_answered(gated, every_case, name):
    app, client, _ = gated
    forge(client, app.server.secret_key)
    trigger, values, match = _replayed(every_case, gated, name)
    key, spec = python_callbacks(app)[name]
    state = spec["state"][0]
    before = fingerprint()
    for what, forged in {**TRIGGERS, "un de ses états": f"{state['id']}.{state['property']}", "aucun": None}.items():
        body = request_body(key, spec, values, trigger, match)
        body["changedPropIds"] = [] if forged is None else [forged]
        response = client.post("/_dash-update-component", json=body)
        assert response.status_code == 204, (what, _said(response)[:300])
    assert fingerprint() == before
    response = client.post("/_dash-update-component", json=request_body(key, spec, values, trigger, match))
    assert response.status_code == 200 and UNEXPECTED not in _said(response), _said(response)[:300]


def test_a_dict_id_is_the_same_trigger_however_its_json_is_written():
    """The browser writes a dict id's JSON as ``JSON.stringify`` does (« é » as is), a Python client may escape it."""
    written = {"type": "scenario-field", "lever": "énergie", "field": "done_kt"}
    inputs = [[{"id": written, "property": "value", "value": "1"}]]
    for name in (json.dumps(written, sort_keys=True, separators=(",", ":"), ensure_ascii=False) + ".value",
                 json.dumps(written, sort_keys=True, separators=(",", ":")) + ".value"):
        assert sent._same_written(name) in sent._input_names(inputs)
    assert sent._same_written("{pirate.value") is None
    assert sent._same_written("{" * 50_000 + ".value") is None


# --- the readers -----------------------------------------------------------------------------------------------------

def test_the_readers_take_what_a_page_writes_and_refuse_the_rest():
    assert sent.number(12) == sent.number("12") == 12 and sent.optional_number(None) is None
    assert sent.whole_number("١٢") is None and sent.whole_number("²") is None  # digits, but not ASCII ones
    assert sent.record({"id": "3", "x": [1]}, {"id": sent.number}) == {"id": 3, "x": [1]}
    assert sent.clicked({"points": [{"customdata": "29", "x": 1}]}) == "29"
    assert sent.texts(None) == [] and sent.texts(["a", "b"]) == ["a", "b"] and sent.one_of(2, [1, 2]) == 2
    refused = (lambda: sent.number(True), lambda: sent.number(-1), lambda: sent.number(10 ** 9),
               lambda: sent.text(["a"]), lambda: sent.one_of(["a"], {"a"}), lambda: sent.one_of(True, [1]),
               lambda: sent.record([["id", 1]]), lambda: sent.record({1: "a"}), lambda: sent.listed("abc"),
               lambda: sent.clicked({"points": [{"customdata": 29}]}))
    for read in refused:
        with pytest.raises(PreventUpdate):
            read()


def test_a_number_written_with_other_digits_than_ascii_ones_is_no_number_anywhere():
    """« ² » and « ١٢ » are digits to ``str.isdigit`` but not to ``int``: a version, a compared scenario, an address's
    year written so is refused as a number, never « Une erreur inattendue »."""
    for written in ("²", "١٢"):
        with pytest.raises(frozen_version.NotAVersion):
            frozen_version.opened("53", written)
        assert scenario_ids(f"1,{written}") == [] and DiagnosticState.from_query({"annee": written}).year is None
