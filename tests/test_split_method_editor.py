"""The Déclinaison's method editor, folded under its summary: its 30 dropdowns are built when it is first opened
(issue 25: they lengthened the first draw of the page), and a save sent before they came changes nothing."""

import json

from bench.dash_requests import post
from dashboard.features.split import method_editor
from tests.conftest import fingerprint

OPEN = "dashboard.pages.split._open_method_editor"
SAVE = "dashboard.pages.split._save_method"


def ids_in(tree) -> list:
    """Every id of a Dash component tree, children first or not."""
    found, pending = [], [tree]
    while pending:
        node = pending.pop()
        if isinstance(node, (list, tuple)):
            pending.extend(node)
        elif hasattr(node, "to_plotly_json"):
            found.append(getattr(node, "id", None))
            pending.append(getattr(node, "children", None))
    return found


def test_the_page_holds_no_lever_dropdown_until_the_editor_is_opened(app, client):
    from dashboard.pages import split

    with app.server.test_request_context():
        page = split.layout(region="53", niveau="epci")
    found = ids_in(page)
    assert method_editor.SUMMARY in found and method_editor.ROWS in found
    assert not [i for i in found if isinstance(i, dict) and i.get("type") == method_editor.LEVER_KEY]
    opened = post(client, app, OPEN, (f"{method_editor.SUMMARY}.n_clicks", {
        f"{method_editor.SUMMARY}.n_clicks": 1, f"{method_editor.ROWS}.children": None,
        "split-state.data": {"region": "53", "niveau": "epci"}}, None))
    rows = opened.json["response"][method_editor.ROWS]["children"]
    assert len(rows) == 30
    key = rows[0]["props"]["children"][2]["props"]["children"]["props"]
    assert key["id"]["type"] == method_editor.LEVER_KEY and key["value"] == "population"
    assert {"label": "Population (habitants)", "value": "population"} in key["options"]
    # Opened again (closed then opened): the rows it has are kept, the choices made in them too.
    again = post(client, app, OPEN, (f"{method_editor.SUMMARY}.n_clicks", {
        f"{method_editor.SUMMARY}.n_clicks": 2, f"{method_editor.ROWS}.children": rows,
        "split-state.data": {"region": "53"}}, None))
    assert again.status_code == 204
    forged = post(client, app, OPEN, (f"{method_editor.SUMMARY}.n_clicks", {
        f"{method_editor.SUMMARY}.n_clicks": 1, f"{method_editor.ROWS}.children": None,
        "split-state.data": {"region": "../../etc"}}, None))
    assert forged.status_code == 204


def test_a_save_sent_before_the_levers_came_changes_nothing(app, client):
    before = fingerprint()
    answer = post(client, app, SAVE, ("split-method-save.n_clicks", {
        "split-method-save.n_clicks": 1, "split-method-name.value": "Trop tôt", "split-lever-key.value": [],
        "split-state.data": {"region": "53"}}, None))
    assert "Les clés des leviers s'affichent" in json.dumps(answer.json, ensure_ascii=False)
    assert fingerprint() == before
