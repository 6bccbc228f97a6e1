"""A page's parameters in its callbacks (dashboard/state.py, ``PageState.from_store``): every callback that reads a
page's parameters store is replayed over ``/_dash-update-component`` with forged parameters (a list, a dict of
nonsense, a bare string, a region as a list, an unknown region, 80 000 characters of markup…) and answers 200 or 204
— never the generic « Une erreur inattendue » — writing nothing, while the same request with the page's real
parameters still answers its content. And no callback reads those parameters by hand: each one's argument goes
straight to the reader."""

from __future__ import annotations

import ast
import inspect
import json
import textwrap

import pytest
from dash._validate import validate_and_group_input_args

from bench.dash_requests import id_text, python_callbacks
from bench.dash_requests import post as post_callback
from dashboard.components.searched_choice import SHOWN
from dashboard.errors import UNEXPECTED
from dashboard.features.gaps import ids as gaps_ids
from dashboard.features.gaps import objectives
from dashboard.features.process import ids as process_ids
from dashboard.features.projection.ids import PARAMS as PROJECTION
from dashboard.features.roadmap import financing_form, follow_up_panel
from dashboard.features.roadmap.ids import PARAMS as ROADMAP
from dashboard.features.split import method_editor
from dashboard.page_states import GapsState, ProcessTerritoryState, RegisterState, RoadmapState
from tests.conftest import fingerprint
from tests.identities import forge
from tests.test_write_gate import gated, replays  # noqa: F401 (gated: a fixture)

# The stores that hold a page's parameters (``state.stored()``), by id.
STORES = {ROADMAP, process_ids.PAGE, gaps_ids.PARAMS, objectives.REGION, "split-state", "split-table-params",
          PROJECTION}
LEVER_SAVED = {"type": "scenario-saved", "lever": "augm_voitelec"}  # a lever's value saved (its gauge follows)
READERS = {"from_store", "page_state"}  # PageState.from_store, and the pages' readers built on it
FORGED = {
    "une liste": ["53"],
    "un dictionnaire sans sens": {"a": {"b": [1, 2]}},
    "un texte nu": "53",
    "rien": None,
    "une région en liste": {"region": ["53"]},
    "une région en nombre": {"region": 53},
    "une région inconnue": {"region": "99"},
    "un paramètre inconnu": {"region": "53", "pirate": "1"},
    "80 000 caractères de balises": {"region": "<script>alert(1)</script>" * 3200},
    "un territoire d'ailleurs": {"region": "53", "territoire": "departement:75", "niveau": "departement",
                                 "code": "75"},
}


def _store_keys(spec: dict) -> list[str]:
    return [f"{d['id']}.{d['property']}" for d in spec["inputs"] + spec["state"]
            if d["id"] in STORES and d["property"] == "data"]


def readers_of_parameters(app) -> dict[str, list[str]]:
    """Every callback of ``app`` that receives a page's parameters store: its name → the stores' « id.data »."""
    return {name: keys for name, (_, spec) in python_callbacks(app).items() if (keys := _store_keys(spec))}


def reading_replays(ids: dict) -> dict[str, tuple[str, dict, dict | None]]:
    """A request with the page's real parameters for each callback that reads them and does not write."""
    roadmap = {f"{ROADMAP}.data": RoadmapState(region="53", territory="region:53").stored()}
    territory = {f"{process_ids.PAGE}.data": ProcessTerritoryState(region="53", level="region", code="53").stored()}
    split = {"split-state.data": {"region": "53"}}
    return {
        "dashboard.pages.roadmap._remember_in_url": ("roadmap-sector.value", {
            **roadmap, "roadmap-region.value": "53", "roadmap-territory.value": "region:53",
            "roadmap-sector.value": "Mieux se déplacer", "roadmap-map-level.value": "crte"}, None),
        "dashboard.pages.roadmap._refresh": ("roadmap-saved.data", {**roadmap, "roadmap-saved.data": 1}, None),
        "dashboard.features.roadmap.account._show_account": (f"{ROADMAP}.data", roadmap, None),
        "dashboard.features.roadmap.financing_form._add_or_remove": (f"{financing_form.ADD}.n_clicks", {
            **roadmap, f"{financing_form.ADD}.n_clicks": 1}, None),
        "dashboard.features.roadmap.follow_up_panel._search": (f"{follow_up_panel.COMMITMENT}.search_value", {
            **roadmap, f"{follow_up_panel.COMMITMENT}.search_value": "1", f"{follow_up_panel.COMMITMENT}.value": None},
            None),
        "dashboard.pages.roadmap._search_territory": ("roadmap-f-territory.search_value", {
            **roadmap, "roadmap-f-territory.search_value": "finis", "roadmap-f-territory.value": None}, None),
        "dashboard.features.roadmap.frozen_versions_panel._scenario_options": ("roadmap-version-scenario.id", {
            **roadmap, "roadmap-version-scenario.id": "roadmap-version-scenario"}, None),
        "dashboard.features.roadmap.frozen_versions_panel._compare": ("roadmap-compare.value", {
            **roadmap, "roadmap-compare.value": 999_999, "roadmap-compare-with.value": None}, None),
        "dashboard.features.process.territory_callbacks._show_step": (f"{process_ids.STEP_CHOICE}.value", {
            **territory, f"{process_ids.STEP_CHOICE}.value": 2}, None),
        "dashboard.features.process.territory_callbacks._show_need": (f"{process_ids.NEED_CHOICE}.value", {
            **territory, f"{process_ids.NEED_CHOICE}.value": None}, None),
        "dashboard.features.process.register_callbacks._show_party": (f"{process_ids.PARTY_CHOICE}.value", {
            f"{process_ids.PAGE}.data": RegisterState(region="53").stored(), f"{process_ids.PARTY_CHOICE}.value": ""},
            None),
        "dashboard.pages.gaps._update_gauge": (f"{id_text(LEVER_SAVED)}.data", {
            f"{gaps_ids.PARAMS}.data": GapsState(region="84").stored(), "gaps-scenario.data": ids["scenario"],
            "scenario-saved.data": [(LEVER_SAVED, {"field": "done_kt", "kt": 100.0})]}, None),
        "dashboard.features.gaps.objectives._open": (f"{objectives.INPUTS['indicator_id']}.value", {
            f"{objectives.REGION}.data": {"region": "53"},
            f"{objectives.INPUTS['indicator_id']}.value": "prelevements_eau"}, None),
        "dashboard.pages.split._navigate": ("split-method.value", {
            **split, "split-region.value": "53", "split-method.value": None}, None),
        "dashboard.pages.split._update": ("split-level.value", {
            **split, "split-level.value": "departement", "split-scope.value": None, "split-unit.value": "kt",
            "split-compare.value": "aucune", "split-sort.value": "objectif"}, None),
        "dashboard.pages.split._table_update": ("split-table-params.data", {
            **split, "split-table-params.data": {"region": "53"}, "split-table-page.value": 0}, None),
        "dashboard.pages.split._open_method_editor": (f"{method_editor.SUMMARY}.n_clicks", {
            **split, f"{method_editor.SUMMARY}.n_clicks": 1}, None),
    }


@pytest.fixture(scope="module")
def every_replay(gated) -> dict[str, tuple[str, dict, dict | None]]:  # noqa: F811 (the fixture imported above)
    app, _, ids = gated
    readers = readers_of_parameters(app)
    every = {**{name: replay for name, replay in replays(ids).items() if name in readers}, **reading_replays(ids)}
    assert every.keys() == readers.keys(), "un rappel qui lit les paramètres d'une page a sa requête ici"
    return every


def _said(response) -> str:
    return response.get_data(as_text=True)


def test_every_callback_that_reads_a_page_s_parameters_refuses_forged_ones_plainly(gated, every_replay):  # noqa: F811
    app, client, _ = gated
    forge(client, app.server.secret_key)  # an editor: what would write if the parameters were taken
    stores = readers_of_parameters(app)
    before = fingerprint()
    for name, (trigger, values, match) in sorted(every_replay.items()):
        for what, forged in FORGED.items():
            sent = {**values, **dict.fromkeys(stores[name], forged)}
            response = post_callback(client, app, name, (trigger, sent, match))
            assert response.status_code in (200, 204), (name, what, _said(response)[:300])
            assert UNEXPECTED not in json.dumps(response.json if response.status_code == 200 else {},
                                                ensure_ascii=False), (name, what)
    assert fingerprint() == before


def test_with_the_page_s_real_parameters_every_such_callback_answers_its_content(gated, every_replay):  # noqa: F811
    app, client, _ = gated
    forge(client, app.server.secret_key)
    for name, replay in sorted(every_replay.items()):
        response = post_callback(client, app, name, replay)
        assert response.status_code == 200, (name, _said(response)[:300])
        said = json.dumps(response.json, ensure_ascii=False)
        assert UNEXPECTED not in said and (response.json.get("response") or response.json.get("sideUpdate")), (
            name, said[:300])  # a writing one may say in French why it did not write (a version moved on)


def test_a_region_s_roadmap_summary_comes_back_with_its_name(gated, every_replay):  # noqa: F811
    app, client, _ = gated
    response = post_callback(client, app, "dashboard.pages.roadmap._refresh",
                             every_replay["dashboard.pages.roadmap._refresh"])
    assert "Bretagne" in json.dumps(response.json, ensure_ascii=False)
    moved = post_callback(client, app, "dashboard.pages.roadmap._remember_in_url",
                          every_replay["dashboard.pages.roadmap._remember_in_url"]).json
    assert moved["response"]["roadmap-url"]["search"] == (
        "?region=53&territoire=region%3A53&secteur=Mieux+se+d%C3%A9placer&carte=crte")


# --- no callback reads a page's parameters by hand ---------------------------------------------------------------

def _argument_names(app, name: str) -> set[str]:
    """The names under which the callback ``name`` receives a page's parameters store: its parameter, or the name
    a starred unpacking of its ``*values`` gives it (``*fields, page = values``)."""
    key, spec = python_callbacks(app)[name]
    function = inspect.unwrap(spec["callback"])
    deps = spec["inputs"] + spec["state"]
    marks = [object() if f"{d['id']}.{d['property']}" in _store_keys(spec) else None for d in deps]
    flat = [mark if mark is not None else [] if "ALL" in d["id"] else None for mark, d in zip(marks, deps)]
    args, kwargs = validate_and_group_input_args(flat, app.callback_map[key]["inputs_state_indices"])
    bound = inspect.signature(function).bind(*args, **kwargs).arguments
    wanted = {mark for mark in marks if mark is not None}
    names = set()
    for parameter, value in bound.items():
        if any(value is mark for mark in wanted):
            names.add(parameter)
        elif isinstance(value, tuple) and (at := [i for i, v in enumerate(value) if any(v is m for m in wanted)]):
            names |= _unpacked(function, parameter, len(value), at)
    return names


def _unpacked(function, varargs: str, count: int, at: list[int]) -> set[str]:
    """The names that ``*head, name = varargs`` gives to the positions ``at`` of ``varargs`` (``count`` values)."""
    for node in ast.walk(ast.parse(textwrap.dedent(inspect.getsource(function)))):
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Name) and node.value.id == varargs:
            targets = node.targets[0].elts
            starred = next(i for i, t in enumerate(targets) if isinstance(t, ast.Starred))
            after = len(targets) - starred - 1
            return {targets[len(targets) - (count - i)].id for i in at if i >= count - after}
    return {varargs}


def _hand_reads(function, names: set[str]) -> list[str]:
    """Every use of ``names`` in ``function`` that is not the one argument of a reader's call."""
    tree = ast.parse(textwrap.dedent(inspect.getsource(function)))
    allowed = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and len(node.args) == 1 and isinstance(node.args[0], ast.Name):
            called = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", None)
            if called in READERS:
                allowed.add(id(node.args[0]))
    return [f"ligne {node.lineno} : {ast.unparse(node)}" for node in ast.walk(tree)
            if isinstance(node, ast.Name) and node.id in names and isinstance(node.ctx, ast.Load)
            and id(node) not in allowed]


def test_no_callback_reads_a_page_s_parameters_by_hand(gated):  # noqa: F811
    app, _, _ = gated
    found = {}
    for name in readers_of_parameters(app):
        function = inspect.unwrap(python_callbacks(app)[name][1]["callback"])
        names = _argument_names(app, name)
        assert names, name
        if reads := _hand_reads(function, names):
            found[name] = reads
    assert found == {}, "un rappel lit les paramètres de sa page par PageState.from_store (dashboard/state.py)"


def test_the_hand_reading_check_sees_an_index_and_a_get():
    def by_hand(_, params):
        return params["region"], params.get("version")

    def through_the_reader(_, *values):
        *_rest, params = values
        return RoadmapState.from_store(params).region

    assert len(_hand_reads(by_hand, {"params"})) == 2
    assert _hand_reads(through_the_reader, {"params"}) == []
    assert _unpacked(through_the_reader, "values", 3, [2]) == {"params"}


def test_the_form_s_territory_and_the_follow_up_s_commitment_come_as_the_person_types(gated, every_replay):  # noqa: F811
    """Issue 26: the long lists are not sent whole with the page; a search sends the options, labelled as the full
    list; an opened commitment's territory comes first, then the first ones."""
    app, client, ids = gated
    territories = post_callback(client, app, "dashboard.pages.roadmap._search_territory",
                                every_replay["dashboard.pages.roadmap._search_territory"]).json
    assert territories["response"]["roadmap-f-territory"]["options"] == [
        {"label": "Finistère (département)", "value": "departement:29"},
        {"label": "CRTE des Îles du Ponant finistériennes", "value": "crte:crte-53-29-7"}]
    trigger, values, _ = every_replay["dashboard.features.roadmap.follow_up_panel._search"]
    number, title = ids["commitment"]["commitment_id"], ids["commitment"]["title"]
    found = post_callback(client, app, "dashboard.features.roadmap.follow_up_panel._search", (trigger, {
        **values, trigger: title[2:12].upper()}, None)).json["response"][follow_up_panel.COMMITMENT]["options"]
    assert {"label": f"n° {number} — {title}", "value": number} in found
    opened = post_callback(client, app, "dashboard.pages.roadmap._open", ("roadmap-grid.selectedRows", {
        "roadmap-grid.selectedRows": [{"commitment_id": number}]}, None)).json["response"]
    territory = f"{ids['commitment']['territory_level']}:{ids['commitment']['territory_code']}"
    assert opened["roadmap-f-territory"]["value"] == territory
    offered = [option["value"] for option in opened["roadmap-f-territory"]["options"]]
    assert offered[0] == territory and offered.count(territory) == 1 and len(offered) <= SHOWN + 1


def test_an_empty_grid_selection_blanks_nothing_in_the_form(gated):
    """The grid sends an empty selection when it is first drawn, maybe while the editor types in the form: the form
    is left as typed (only « Nouvel engagement » blanks it)."""
    app, client, _ = gated
    answer = post_callback(client, app, "dashboard.pages.roadmap._open", ("roadmap-grid.selectedRows", {
        "roadmap-grid.selectedRows": []}, None))
    assert answer.status_code == 204
    blank = post_callback(client, app, "dashboard.pages.roadmap._open", ("roadmap-new.n_clicks", {
        "roadmap-new.n_clicks": 1}, None)).json["response"]
    assert blank["roadmap-f-title"]["value"] == "" and blank["roadmap-form-base"]["data"] is None
