"""The validation layout: one bare component per id that a callback names, so that an id renamed on one side
only is caught, in the browser (Dash's dev tools) and by tests/test_validation_layout.py.

Dash checks each callback against a validation layout: every id it names must be carried by a component of
it, and every property it names must be one of that component's type (dash-renderer's
``validateCallbacksToLayout``). The component's other properties do not matter, so the layout the browser gets
is compact: one component of the right type per id, its id only (``layout()``, read from
``validation_layout.json``). Dash's own, with the pages router, builds every page without parameters at the
app's first request (7 s on the demo data, even for ``/sante``) and sends all of it in every page document
(32 KB): app.py's ``FrenchDash`` sets the router up without it.

The JSON is the compact form (``compact``) of every page built in full, as an administrator with a scenario
open, a version frozen and so on, and of the components that callbacks create later (each module that
declares callbacks and creates components lists them in ``created_by_callbacks()``):
tests/test_validation_layout.py builds them, checks that every id a callback names is there and that the JSON
is their compact form, and writes it again when run with ``COP_WRITE_VALIDATION_LAYOUT=1`` (``WRITE_AGAIN``).
"""

from __future__ import annotations

import inspect
import json
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from types import ModuleType

import dash
from dash import html
from dash._utils import split_callback_id
from dash.development.base_component import Component

SOURCE = Path(__file__).with_name("validation_layout.json")
WRITE_AGAIN = "COP_WRITE_VALIDATION_LAYOUT"  # set to 1, tests/test_validation_layout.py writes SOURCE again


@cache
def layout() -> html.Div:
    """The validation layout the app gives Dash: a bare component per id that a callback names, in the JSON form
    that the browser reads (a Python component would want its required properties, ``dcc.Link``'s ``href``)."""
    types = json.loads(SOURCE.read_text(encoding="utf-8"))
    return html.Div([{"type": name, "namespace": namespace, "props": {"id": component_id}}
                     for namespace, names in types.items() for name, component_ids in names.items()
                     for component_id in component_ids])


def full(shown, modules: Iterable[ModuleType]) -> html.Div:
    """``shown`` (the frame and pages) and the components that the callbacks of ``modules`` create."""
    return html.Div([shown, *(component for module in modules if hasattr(module, "created_by_callbacks")
                              for component in module.created_by_callbacks())])


def compact(app: dash.Dash, tree) -> dict[str, dict[str, list]]:
    """Namespace → component type → the ids that ``app``'s callbacks name and that components of ``tree`` of
    that type carry (a pattern-matching id by one component of each ``type``), sorted: the JSON's content."""
    named = callback_ids(app)
    found: dict[str, dict[str, dict[str, object]]] = {}
    for node in _nodes(tree):
        namespace, name, component_id = _described(node)
        if component_id is not None and _name(component_id) in named:
            found.setdefault(namespace, {}).setdefault(name, {}).setdefault(_name(component_id), component_id)
    return {namespace: {name: [component_ids[key] for key in sorted(component_ids)]
                        for name, component_ids in sorted(names.items())}
            for namespace, names in sorted(found.items())}


def _described(node) -> tuple[str, str, object]:
    """(namespace, type, id) of a component, Python or JSON."""
    if isinstance(node, dict):
        return node["namespace"], node["type"], node["props"].get("id")
    return node._namespace, node._type, getattr(node, "id", None)


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
        component_id = _described(node)[2]
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
        who = callback_name(spec["callback"]) if "callback" in spec else f"clientside callback of {key}"
        for dependency in dependencies:
            named.setdefault(_name(dependency["id"]), set()).add(who)
    return named


def callback_name(function) -> str:
    """``module.function``: a callback's name, whether it is declared in its module's ``register(app)`` or not."""
    function = inspect.unwrap(function)
    return f"{function.__module__}.{function.__qualname__.replace('register.<locals>.', '')}"


def unknown_ids(app: dash.Dash, shown) -> list[str]:
    """One sentence per id that a callback of ``app`` names and no component of ``shown`` carries."""
    present = ids(shown)
    return [f"{name}, named by {', '.join(sorted(who))}" for name, who in sorted(callback_ids(app).items())
            if name not in present]
