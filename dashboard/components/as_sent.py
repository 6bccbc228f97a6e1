"""Components as the JSON data Dash sends for them, without building or encoding more than needed.

A page's tables hold thousands of cells: each ``html`` component costs its checks when built and its conversion back
to that JSON when sent, and a JSON text encoded to be decoded at once costs four passes of plotly's encoder and
Python's decoder (``tests/test_as_sent.py`` compares both ways)."""

from __future__ import annotations

import json
import math

from dash.development.base_component import Component
from plotly.io.json import to_json_plotly


def element(tag: str, props: dict) -> dict:
    """``html.<tag>(**props)`` as Dash sends it."""
    return {"props": props, "type": tag, "namespace": "dash_html_components"}


def plain(value):
    """``json.loads(to_json_plotly(value))``: components (and whatever says how it is sent, ``to_plotly_json``: a
    figure, a part of a page sent as its JSON text), lists and dicts walked in Python, plain values kept (a float that
    is not finite becomes None, as plotly's encoder writes it), anything else encoded by plotly."""
    kind = type(value)
    if kind is str or kind is int or kind is bool or value is None:
        return value
    if kind is float:
        return value if math.isfinite(value) else None
    if kind is dict:  # one pass over its items (a page's tables are thousands of them, some already plain)
        walked = {}
        for key, item in value.items():
            if type(key) is not str:
                return json.loads(to_json_plotly(value))
            walked[key] = plain(item)
        return walked
    if kind is list or kind is tuple:
        return [plain(item) for item in value]
    if isinstance(value, Component) or hasattr(value, "to_plotly_json"):  # what plotly's encoder asks first
        return plain(value.to_plotly_json())
    return json.loads(to_json_plotly(value))
