"""What the tests of page layouts share: a page's layout for some parameters, and a component of it by id."""

from __future__ import annotations

import json

import dash
from dash.development.base_component import Component

from bench.serving import MAIN_CALLBACK
from dashboard.components import after_main_chart, deferred


def layout_of(app: dash.Dash, path: str, **params):
    """The component tree the page at ``path`` answers for ``params`` (inside a request, as the app builds it), with
    the parts sent after it in their places (``with_parts``)."""
    layout = next(p for p in dash.page_registry.values() if p["path"] == path)["layout"]
    with app.server.test_request_context(path):
        return with_parts(layout(**params))


def with_parts(tree):
    """``tree`` with each part that the browser asks for once the page is drawn (dashboard/components/deferred.py)
    built in its place, and what comes once its main chart is drawn (components/after_main_chart.py) in its place,
    as the page shows once it has received them. Components, or their JSON form."""
    if isinstance(tree, (list, tuple)):
        return type(tree)(with_parts(node) for node in tree)
    if isinstance(tree, Component):
        identifier = getattr(tree, "id", None)
        later = getattr(tree, after_main_chart.CONTENT, None)
        if isinstance(later, after_main_chart.Encoded):
            tree.children = with_parts(later.children)
            delattr(tree, after_main_chart.CONTENT)
        elif isinstance(identifier, dict) and identifier.get("type") == deferred.CONTAINER:
            tree.children = with_parts(_built(identifier["part"], tree.children[1].data))
        elif getattr(tree, "children", None) is not None and not isinstance(tree.children, str):
            tree.children = with_parts(tree.children)
        return tree
    if isinstance(tree, dict) and isinstance(tree.get("props"), dict):
        props = tree["props"]
        identifier = props.get("id")
        if isinstance(props.get(after_main_chart.CONTENT), str):
            props["children"] = with_parts(json.loads(props.pop(after_main_chart.CONTENT)))
        elif isinstance(identifier, dict) and identifier.get("type") == deferred.CONTAINER:
            props["children"] = with_parts(_built(identifier["part"], props["children"][1]["props"]["data"]))
        elif props.get("children") is not None:
            props["children"] = with_parts(props["children"])
    return tree


def router_response(client, path: str, search: str):
    """The router's response opening ``path`` + ``search``, as the browser receives it (uncompressed here)."""
    body = {**MAIN_CALLBACK, "inputs": [{"id": "_pages_location", "property": "pathname", "value": path},
                                        {"id": "_pages_location", "property": "search", "value": search}]}
    response = client.post("/_dash-update-component", data=json.dumps(body),
                           headers={"Content-Type": "application/json"})
    assert response.status_code == 200, (path, response.get_data(as_text=True)[:500])
    return response


def router_answer(client, path: str, search: str) -> list | dict:
    """The page content (its ``children``, JSON) of the router's answer, as sent: the parts asked for after it and
    what comes after its main chart not yet in place."""
    answer = router_response(client, path, search).get_json()["response"]
    assert "_pages_content" in answer, (path, answer)
    return answer["_pages_content"]["children"]


def page_answer(client, path: str, search: str) -> list | dict:
    """The page at ``path`` + ``search`` as the browser shows it once every part sent after it has arrived: the
    router's answer (its ``children``, JSON), each part asked for as the browser does (``part_answer``), what comes
    after its main chart in its place."""
    return _with_answered_parts(client, router_answer(client, path, search))


def part_answer(client, container: dict, data: dict):
    """The answer (``children``, JSON) to the browser's request for the part of ``container`` (its id), with the
    page's parameters ``data``."""
    timer, query_id = {**container, "type": deferred.TIMER}, {**container, "type": deferred.QUERY}
    body = {"output": '{"part":["MATCH"],"type":"deferred"}.children',
            "outputs": {"id": container, "property": "children"},
            "inputs": [{"id": timer, "property": "n_intervals", "value": 1}],
            "changedPropIds": [json.dumps(timer, separators=(",", ":"), sort_keys=True) + ".n_intervals"],
            "state": [{"id": query_id, "property": "data", "value": data}]}
    response = client.post("/_dash-update-component", data=json.dumps(body),
                           headers={"Content-Type": "application/json"})
    if response.status_code == 204:
        return None
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return response.get_json()["response"][json.dumps(container, separators=(",", ":"), sort_keys=True)]["children"]


def parts_asked(tree) -> list[tuple[dict, dict]]:
    """(container id, page parameters) of each part of a page's answer (JSON) that the browser asks for."""
    if isinstance(tree, list):
        return [found for node in tree for found in parts_asked(node)]
    if not isinstance(tree, dict):
        return []
    props = tree.get("props")
    identifier = props.get("id") if isinstance(props, dict) else None
    if isinstance(identifier, dict) and identifier.get("type") == deferred.CONTAINER:
        return [(identifier, props["children"][1]["props"]["data"])]
    return [found for value in tree.values() for found in parts_asked(value)]


def _with_answered_parts(client, tree):
    if isinstance(tree, list):
        return [_with_answered_parts(client, node) for node in tree]
    if isinstance(tree, dict):
        props = tree.get("props")
        identifier = props.get("id") if isinstance(props, dict) else None
        if isinstance(identifier, dict) and identifier.get("type") == deferred.CONTAINER:
            props["children"] = _with_answered_parts(
                client, part_answer(client, identifier, props["children"][1]["props"]["data"]))
            return tree
        return {key: _with_answered_parts(client, value) for key, value in after_main_chart_placed(tree).items()}
    return tree


def after_main_chart_placed(tree):
    """``tree`` (JSON) with what comes once the page's main chart is drawn (components/after_main_chart.py) in its
    place, as the browser puts it."""
    if isinstance(tree, list):
        return [after_main_chart_placed(node) for node in tree]
    if not isinstance(tree, dict):
        return tree
    props = tree.get("props")
    if isinstance(props, dict) and isinstance(props.get(after_main_chart.CONTENT), str):
        props["children"] = json.loads(props.pop(after_main_chart.CONTENT))
    return {key: after_main_chart_placed(value) for key, value in tree.items()}


def _built(name: str, query: dict):
    return deferred.PARTS[name].build(**query)


def component(tree, component_id: str):
    """The component of ``tree`` with ``component_id``; None when there is none."""
    if getattr(tree, "id", None) == component_id:
        return tree
    children = getattr(tree, "children", None)
    for child in children if isinstance(children, (list, tuple)) else [children]:
        if child is not None and not isinstance(child, str) and (found := component(child, component_id)) is not None:
            return found
    return None


def markdown_texts(node) -> list[str]:
    """The texts of the ``Markdown`` components of a layout (as Dash sends it)."""
    if isinstance(node, list):
        return [text for child in node for text in markdown_texts(child)]
    if not isinstance(node, dict) or "props" not in node:
        return []
    if node.get("type") == "Markdown":
        return [node["props"]["children"]]
    return markdown_texts(node["props"].get("children"))
