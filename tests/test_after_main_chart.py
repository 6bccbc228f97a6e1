"""The main chart first (issue 26, point 3): what comes below a page's main chart travels in the page's answer as
text that the browser puts in place once that chart is drawn (dashboard/components/after_main_chart.py)."""

from __future__ import annotations

import json

import pytest
from dash import dcc, html
from plotly.io.json import to_json_plotly

from dashboard.components import after_main_chart
from tests.layouts import page_answer, router_answer

# page → its main chart, and charts and sections that come once it is drawn
PAGES = {
    "/ecarts": ("gaps-panorama", ["gaps-groups", "gaps-trajectory-chart"], ["gaps-levers-part", "gaps-magnitudes"]),
    "/diagnostic": ("diagnostic-map", ["diagnostic-ranking", "diagnostic-series"], ["diagnostic-values-part"]),
    "/feuille-de-route": ("roadmap-trajectory", ["roadmap-map"], ["roadmap-maquette-part"]),
}


def ids(node, kind: str | None = None) -> list:
    """The ids of the components of ``node`` (JSON), only those of type ``kind`` when given."""
    if isinstance(node, list):
        return [found for child in node for found in ids(child, kind)]
    if not isinstance(node, dict) or not isinstance(node.get("props"), dict):
        return []
    own = [node["props"]["id"]] if "id" in node["props"] and kind in (None, node.get("type")) else []
    return own + [found for value in node["props"].values() for found in ids(value, kind)]


def later(node) -> list:
    """The content (JSON) of each container of ``node`` drawn after the main chart."""
    if isinstance(node, list):
        return [found for child in node for found in later(child)]
    if not isinstance(node, dict) or not isinstance(node.get("props"), dict):
        return []
    text = node["props"].get(after_main_chart.CONTENT)
    own = [json.loads(text)] if isinstance(text, str) else []
    return own + [found for value in node["props"].values() for found in later(value)]


@pytest.mark.parametrize("path", list(PAGES))
def test_the_main_chart_is_drawn_from_the_answer_and_what_follows_it_once_it_is_there(client, path):
    main, charts, sections = PAGES[path]
    answer = router_answer(client, path, "?region=53")
    drawn_at_once = ids(answer, "Graph")
    assert main in drawn_at_once and not set(charts) & set(drawn_at_once)
    assert not set(sections) & set(ids(answer)), "the sections below come with their charts"
    waiting = ids(later(answer))
    assert set(charts) | set(sections) <= set(waiting)
    assert {node["props"][after_main_chart.MAIN] for node in _containers(answer)} == {main}
    shown = page_answer(client, path, "?region=53")
    assert set(charts) | set(sections) | {main} <= set(ids(shown)), "once in place, the page is whole"
    assert not _containers(shown)


def _containers(node) -> list[dict]:
    if isinstance(node, list):
        return [found for child in node for found in _containers(child)]
    if not isinstance(node, dict) or not isinstance(node.get("props"), dict):
        return []
    own = [node] if isinstance(node["props"].get(after_main_chart.CONTENT), str) else []
    return own + [found for value in node["props"].values() for found in _containers(value)]


def test_what_comes_after_the_main_chart_holds_no_control_that_a_callback_reads(app, client):
    """A control put in place after the page fires the callbacks that read it, ``prevent_initial_call`` or not
    (dash-renderer fires a callback whose input appears in new content unless its output is in it too)."""
    read = {json.loads(i["id"])["type"] if i["id"].startswith("{") else i["id"]
            for callback in app.callback_map.values() for i in callback["inputs"]}
    for path in PAGES:
        held = {identifier.get("type") if isinstance(identifier, dict) else identifier
                for content in later(router_answer(client, path, "?region=53")) for identifier in ids(content)}
        assert held and not held & read, (path, held & read)


def test_the_content_is_sent_as_the_text_of_its_components():
    content = [html.H2("Titre", id="titre"), dcc.Graph(id="graphe", figure={"data": []})]
    container = after_main_chart.after_main_chart("essai", content, main="principal").to_plotly_json()
    sent = json.loads(to_json_plotly(container))
    assert sent["props"]["id"] == after_main_chart.PREFIX + "essai"
    assert sent["props"][after_main_chart.MAIN] == "principal" and sent["props"]["children"] is None
    assert [node["props"]["id"] for node in json.loads(sent["props"][after_main_chart.CONTENT])] == ["titre", "graphe"]
