"""The main chart first (issue 26, point 3): a page's answer holds its main chart, and the charts and tables below it
come in a second answer that the browser asks for once the page is drawn (dashboard/components/deferred.py), built
from the page's parameters read again as the page reads them, and kept as the page's answer is."""

from __future__ import annotations

import json

import pytest

from dashboard.components import deferred
from tests.layouts import page_answer, part_answer, router_answer

MAIN = {"/": ("overview-treemap", ["overview-map"])}  # page → its main chart, the charts that come after
OVERVIEW_DETAILS = "overview-details"  # the page's part (pages are modules that Dash runs once the app is built:
# their constants are not imported here)


def graphs(node) -> list[str]:
    """The ids of the charts of a page, as Dash sends it."""
    if isinstance(node, list):
        return [found for child in node for found in graphs(child)]
    if not isinstance(node, dict) or not isinstance(node.get("props"), dict):
        return []
    found = [node["props"]["id"]] if node.get("type") == "Graph" else []
    return found + graphs(node["props"].get("children"))


@pytest.mark.parametrize("path", list(MAIN))
def test_a_page_answer_holds_its_main_chart_and_the_others_come_after(client, path):
    main, later = MAIN[path]
    first = graphs(router_answer(client, path, "?region=53"))
    assert main in first and not set(later) & set(first)
    shown = graphs(page_answer(client, path, "?region=53"))
    assert main in shown and set(later) <= set(shown)


def test_the_part_named_here_is_the_page(client):
    assert deferred.PARTS[OVERVIEW_DETAILS].page == "/"


def test_a_part_is_kept_as_its_page_is(client, monkeypatch):
    built = []
    found = deferred.PARTS[OVERVIEW_DETAILS]
    monkeypatch.setitem(deferred.PARTS, OVERVIEW_DETAILS,
                        deferred.Part(found.page, lambda **query: built.append(query) or found.build(**query)))
    container = {"part": OVERVIEW_DETAILS, "type": deferred.CONTAINER}
    first = part_answer(client, container, {"region": "53"})
    assert part_answer(client, container, {"region": "53"}) == first and built == [{"region": "53"}]
    assert "overview-map" in graphs(first)
    part_answer(client, container, {"region": "84"})
    assert built == [{"region": "53"}, {"region": "84"}], "other parameters, another answer"


def test_a_part_asked_for_with_anything_else_shows_nothing_or_what_the_page_would(client):
    unknown = {"part": "overview-nothing", "type": deferred.CONTAINER}
    assert part_answer(client, unknown, {"region": "53"}) is None
    container = {"part": OVERVIEW_DETAILS, "type": deferred.CONTAINER}
    assert part_answer(client, container, {"region": "53", "version": "999999"}) is None, "no such version"
    assert part_answer(client, container, {"region": ["53"], "vue": {"a": 1}}) is None, "no region read: the chooser"
    assert part_answer(client, container, {"region": "53", "vue": "<b>x</b>" * 100}) == part_answer(
        client, container, {"region": "53"}), "a value the page does not know falls back on its default"
    assert part_answer(client, container, {"region": "../53"}) is None


def _ids(node) -> set[str]:
    """The ids of the components of ``node`` (JSON), a pattern-matching id by its type."""
    if isinstance(node, list):
        return {found for child in node for found in _ids(child)}
    if not isinstance(node, dict) or not isinstance(node.get("props"), dict):
        return set()
    identifier = node["props"].get("id")
    own = {identifier.get("type") if isinstance(identifier, dict) else identifier} - {None}
    return own | _ids(node["props"].get("children"))


def _parts(node) -> list:
    """The children of every part of a page (JSON, with its parts answered)."""
    if isinstance(node, list):
        return [part for child in node for part in _parts(child)]
    if not isinstance(node, dict) or not isinstance(node.get("props"), dict):
        return []
    identifier = node["props"].get("id")
    if isinstance(identifier, dict) and identifier.get("type") == deferred.CONTAINER:
        return [node["props"]["children"]]
    return _parts(node["props"].get("children"))


def test_no_part_holds_a_control_that_a_callback_reads(app, client):
    """A control inserted after the page fires the callbacks that read it, ``prevent_initial_call`` or not: the
    Écarts page's choice of trajectory, once sent after the page, rewrote its address and had the page built
    again."""
    read = {json.loads(i["id"])["type"] if i["id"].startswith("{") else i["id"]
            for callback in app.callback_map.values() for i in callback["inputs"]}
    for path in MAIN:
        held = {found for part in _parts(page_answer(client, path, "?region=53")) for found in _ids(part)}
        assert held and not held & read, (path, held & read)
