"""What the browser sends a callback besides its page's parameters (those: ``PageState.from_store``,
dashboard/state.py): a dropdown's or a radio's value, a text typed, a store the page wrote, a grid's rows, a click on
a map, and which of its inputs set it off.

Each value is read where the callback takes it, by what the page could have sent: a number of a dropdown's options,
a text, a dict of the keys the page writes, the code a map's marker carries. Anything else — a request forged over
``/_dash-update-component``, with any JSON — is not answered (``PreventUpdate``): nothing changes, and it never reaches
the generic error (dashboard/errors.py). What a person types keeps its French messages (domain/texts.py,
domain/numbers.py): only what no field of the page sends (a list where a text goes) stops here.

A request whose ``changedPropIds`` names anything but its own inputs is answered 204 before Dash reads it
(``init_app``): so ``ctx.triggered_id`` is always one of the callback's inputs, or None.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Collection, Hashable, Mapping
from typing import NoReturn

from dash.exceptions import PreventUpdate
from flask import Flask, Response, request

LARGEST_NUMBER_DIGITS = 9  # an identifier, a year, a screen: at most these digits (an address's number too)
CALLBACKS = "/_dash-update-component"


def unanswered() -> NoReturn:
    """The request is not answered: nothing changes."""
    raise PreventUpdate


def whole_number(value) -> int | None:
    """``value`` as a whole number ≥ 0 that a page writes — an int, or ASCII digits (an address's) — of at most
    ``LARGEST_NUMBER_DIGITS`` digits; None for anything else."""
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        return None
    text = str(value)
    return int(text) if text.isascii() and text.isdigit() and len(text) <= LARGEST_NUMBER_DIGITS else None


def number(value) -> int:
    """An identifier, a year, a page's number: a dropdown's value or a store's, as ``whole_number`` reads it."""
    found = whole_number(value)
    if found is None:
        unanswered()
    return found


def optional_number(value) -> int | None:
    """``number``, or None when nothing is chosen."""
    return None if value is None else number(value)


def text(value) -> str | None:
    """What a text field sends: text, or None (a field never typed in). Its length and characters are the
    field's own check, with its French message (domain/texts.py)."""
    if value is not None and not isinstance(value, str):
        unanswered()
    return value


def one_of(value, offered: Collection):
    """``value`` if it is one of ``offered``: a dropdown's or a radio's values, the keys of a table of choices."""
    if isinstance(value, bool) or not isinstance(value, Hashable) or value not in offered:
        unanswered()
    return value


def listed(value, read: Callable = lambda item: item) -> list:
    """A list the page sends (a grid's rows, a choice of several), each item read by ``read``."""
    if not isinstance(value, list):
        unanswered()
    return [read(item) for item in value]


def texts(value) -> list[str]:
    """A choice of several texts (a dropdown's ``multi``): none chosen is None or []."""
    return listed([] if value is None else value, _chosen_text)


def _chosen_text(value) -> str:
    if not isinstance(value, str):
        unanswered()
    return value


def record(value, fields: Mapping[str, Callable] | None = None) -> dict:
    """A dict that the page wrote (a store's, a grid's row, a map's click), its keys texts: each of ``fields`` read
    by its reader (``number``, ``text``…, given None when it is missing), the others kept as they are."""
    if not isinstance(value, dict) or not all(isinstance(key, str) for key in value):
        unanswered()
    return {**value, **{name: read(value.get(name)) for name, read in (fields or {}).items()}}


def clicked(click) -> str:
    """The code that a click on a map names: its first point's ``customdata``, which the territories' markers carry
    (figures/maps.py). The page checks it is one of the map's territories."""
    points = record(click, {"points": listed})["points"]
    code = record(points[0] if points else None, {"customdata": text})["customdata"]
    if not code:
        unanswered()
    return code


def init_app(server: Flask) -> None:
    server.before_request(_triggers_among_inputs)


def _triggers_among_inputs() -> Response | None:
    """204 for a callback request whose ``changedPropIds`` is not a list of its own inputs (« id.property »)."""
    if request.method != "POST" or not request.path.endswith(CALLBACKS):
        return None
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        return None  # Dash answers it
    changed = body.get("changedPropIds", [])
    if isinstance(changed, list) and all(isinstance(name, str) for name in changed) and \
            {_same_written(name) for name in changed} <= _input_names(body.get("inputs")):
        return None
    return Response(status=204)


def _input_names(inputs) -> set[str]:
    """« id.property » of each input of a request's body, written as ``_id_text`` writes them."""
    flat = [item for entry in inputs for item in (entry if isinstance(entry, list) else [entry])] \
        if isinstance(inputs, list) else []
    return {f"{_id_text(item.get('id'))}.{item.get('property')}" for item in flat if isinstance(item, dict)}


def _same_written(name: str) -> str | None:
    """A name of ``changedPropIds`` (« id.property », a dict id as JSON) written as ``_id_text`` writes it; None when
    its id is not JSON."""
    identifier, _, prop = name.rpartition(".")
    if identifier.startswith("{"):
        try:
            identifier = _id_text(json.loads(identifier))
        except (ValueError, RecursionError):
            return None
    return f"{identifier}.{prop}"


def _id_text(identifier) -> str:
    """A component's id as one text: a dict's keys sorted, without spaces (as the browser writes it)."""
    if isinstance(identifier, dict):
        return json.dumps(identifier, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return str(identifier)
