"""The validation layout: every component a callback may name, so that an id renamed on one side only is caught.

``layout`` gathers what the pages show (the frame and every page, each rendered in full by
tests/test_validation_layout.py) and the components that callbacks create later (each module that declares
callbacks and creates components lists them in ``created_by_callbacks()``, built by the functions its callbacks
use). ``unknown_ids`` names the ids of callbacks that no component of it carries.
"""

from __future__ import annotations

import inspect
import json
from collections.abc import Iterable
from types import ModuleType

import dash
from dash import html
from dash._utils import split_callback_id
from dash.development.base_component import Component


def layout(shown, modules: Iterable[ModuleType]) -> html.Div:
    """``shown`` (the frame and pages) and the components that the callbacks of ``modules`` create."""
    return html.Div([shown, *(component for module in modules if hasattr(module, "created_by_callbacks")
                              for component in module.created_by_callbacks())])


def _nodes(tree) -> Iterable:
    """Every component of ``tree``: Python components, or their JSON form (``{"type", "namespace", "props"}``) as
    sections cached ready to send are (``store.ready_to_send``)."""
    if isinstance(tree, (list, tuple)):
        for item in tree:
            yield from _nodes(item)
    elif isinstance(tree, Component):
        yield tree
        for name in tree._prop_names:
            value = getattr(tree, name, None)
            if isinstance(value, (Component, list, tuple, dict)):
                yield from _nodes(value)
    elif isinstance(tree, dict) and {"type", "namespace", "props"} <= tree.keys():
        yield tree
        for value in tree["props"].values():
            yield from _nodes(value)
    elif isinstance(tree, dict):
        for value in tree.values():
            yield from _nodes(value)


def ids(tree) -> set[str]:
    """The ids of ``tree``'s components: a string id as it is, a pattern-matching (dict) id by its ``type``."""
    found = set()
    for node in _nodes(tree):
        component_id = node.get("props", {}).get("id") if isinstance(node, dict) else getattr(node, "id", None)
        if component_id is not None:
            found.add(_name(component_id))
    return found


def _name(component_id) -> str:
    if isinstance(component_id, str) and component_id.startswith("{"):
        component_id = json.loads(component_id)
    return f"{{type: {component_id.get('type')}}}" if isinstance(component_id, dict) else component_id


def callback_ids(app: dash.Dash) -> dict[str, set[str]]:
    """Each id that a callback of ``app`` names (output, input or state) → the callbacks naming it."""
    named: dict[str, set[str]] = {}
    for key, spec in app.callback_map.items():
        outputs = split_callback_id(key)
        dependencies = (outputs if isinstance(outputs, list) else [outputs]) + spec["inputs"] + spec["state"]
        who = _callback_name(spec["callback"]) if "callback" in spec else f"clientside callback of {key}"
        for dependency in dependencies:
            named.setdefault(_name(dependency["id"]), set()).add(who)
    return named


def _callback_name(function) -> str:
    function = inspect.unwrap(function)
    return f"{function.__module__}.{function.__qualname__.replace('register.<locals>.', '')}"


def unknown_ids(app: dash.Dash, shown) -> list[str]:
    """One sentence per id that a callback of ``app`` names and no component of ``shown`` carries."""
    present = ids(shown)
    return [f"{name}, named by {', '.join(sorted(who))}" for name, who in sorted(callback_ids(app).items())
            if name not in present]
