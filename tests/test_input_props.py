"""Every text field is one Dash accepts in debug mode (its prop checks refuse ``type="date"`` and
``inputMode="decimal"``, values outside dcc.Input's declared ones): the values written in the code, read from
its syntax tree, are among those dcc.Input declares."""

from __future__ import annotations

import ast
import inspect
import typing
from pathlib import Path

from dash import dcc

ROOT = Path(__file__).resolve().parent.parent


def _declared(prop: str) -> set:
    hint = inspect.signature(dcc.Input.__init__).parameters[prop].annotation
    literal = next(arg for arg in typing.get_args(eval(hint, vars(typing)) if isinstance(hint, str) else hint)
                   if typing.get_origin(arg) is typing.Literal)
    return set(typing.get_args(literal))


def _is_input(call: ast.Call) -> bool:
    return isinstance(call.func, ast.Attribute) and call.func.attr == "Input" and \
        isinstance(call.func.value, ast.Name) and call.func.value.id == "dcc"


def _written(prop: str, inputs_only: bool = False) -> list[tuple[str, int, str]]:
    """(file, line, value) of every constant ``prop=`` given to a call (a dcc.Input with ``inputs_only``, else
    also a helper that passes it on) or written in a dict."""
    found = []
    for path in sorted((ROOT / "dashboard").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Call) and (_is_input(node) or not inputs_only):
                found += [(path.name, node.lineno, keyword.value.value) for keyword in node.keywords
                          if keyword.arg == prop and isinstance(keyword.value, ast.Constant)]
            if isinstance(node, ast.Dict) and not inputs_only:  # ``**{"inputMode": "numeric"}``
                found += [(path.name, node.lineno, value.value) for key, value in zip(node.keys, node.values)
                          if isinstance(key, ast.Constant) and key.value == prop and isinstance(value, ast.Constant)]
    return found


def test_input_modes_are_those_dash_declares():
    modes = _written("inputMode")
    assert modes  # the scan sees them (the roadmap's quantities, the year of a regional objective)
    assert [mode for mode in modes if mode[2] not in _declared("inputMode")] == []


def test_date_fields_are_text_fields_dash_declares():
    """A date is typed as « 14/03/2027 » in a text field (``controls.day_input``), not the browser's date field."""
    types = _written("type", inputs_only=True)
    assert any(name == "controls.py" and value == "text" for name, _, value in types)  # the scan sees them
    assert [found for found in types if found[2] not in _declared("type")] == []


def test_a_date_field_shows_and_reads_the_french_format():
    from datetime import date

    from domain.dates import field_text, read_date

    assert field_text(date(2027, 3, 14)) == "14/03/2027" and field_text(None) == ""
    assert read_date(field_text(date(2027, 3, 14)), "la date") == date(2027, 3, 14)
