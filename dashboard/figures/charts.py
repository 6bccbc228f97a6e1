"""Charts as plain functions: DataFrame in, figure out, as the plain dict that plotly.js reads.

Nothing is validated on the way (plotly.py's ``go.Figure`` took 10 to 60 ms a figure, paid by the first visitor
after every write): what goes in is checked data, and tests/test_figures.py has plotly validate each figure
builder's output once, and checks that validation would change nothing in it.

Every text a chart takes from the data (a lever's, a sector's, a territory's name, a unit) goes through
``plain``: plotly renders a subset of HTML in texts, labels, hover texts, legend names and axis titles, and
fills the ``%{…}`` of its templates, so that a name written ``<a href=…>`` would become a link.
"""

from __future__ import annotations

import base64
import re
import textwrap

import numpy as np

from dashboard.figures.template import DSFR

FRENCH_SEPARATORS = ",\u202f"  # decimal comma, narrow no-break space for thousands: « 10 000 », « 1 200 »
TREEMAP_TEXT = {"minsize": 10, "mode": "hide"}  # a label that would be under 10 px is hidden (hover and table say it)
# A bar's value written inside it is hidden when it would not fit (hover, caption and table give it): written
# outside a negative bar, it would run over the labels of the axis on a phone.
BAR_TEXT = {"minsize": 10, "mode": "hide"}
# The characters per line of a horizontal axis's title: it stays within a phone's width (390 px) under a chart whose
# labels take the left half.
AXIS_TITLE_WIDTH = 22

GROUPINGS = {"secteur": ("sector", "Secteur"), "thematique": ("thematic_group", "Groupe thématique")}


# Axes read « 10 000 », never « 10k » (plotly's default SI suffixes); years keep their own ``tickformat="d"``.
AXIS_NUMBERS = {"exponentformat": "none", "separatethousands": True}
_AXIS_NAME = re.compile(r"^[xy]axis\d*$")


def base_layout(height: int = 520, *updates: dict) -> dict:
    """The layout of every chart: the DSFR template, French separators, no margins, white; ``updates`` merged into
    it in their order as plotly's ``update_layout`` merges (a dict into a dict, anything else replaces; None
    removes); every axis gets ``AXIS_NUMBERS``."""
    layout = {"template": DSFR, "separators": FRENCH_SEPARATORS, "margin": {"l": 0, "r": 0, "t": 0, "b": 0},
              "height": height, "paper_bgcolor": "white"}
    for update in updates:
        layout = merged(layout, update)
    for name in ["xaxis", "yaxis", *(key for key in layout if _AXIS_NAME.match(key))]:
        layout[name] = {**layout.get(name, {}), **AXIS_NUMBERS}
    return layout


def merged(base: dict, update: dict) -> dict:
    """``update`` merged into a copy of ``base``: a dict into a dict, anything else replaces, None removes."""
    result = dict(base)
    for key, value in update.items():
        if value is None:
            result.pop(key, None)
        elif isinstance(value, dict):
            result[key] = merged(result.get(key) if isinstance(result.get(key), dict) else {}, value)
        else:
            result[key] = value
    return result


def typed(values, dtype: str = "f4") -> dict:
    """Numbers as a typed array, as plotly.js reads them: no per-number JSON (``dtype``: f4, f8, i2…)."""
    return {"dtype": dtype, "bdata": base64.b64encode(np.asarray(values, dtype="<" + dtype).tobytes()).decode("ascii")}


def plain(text) -> str:
    """``text`` shown as it is written, never as markup: the characters that open a tag, an entity or a template
    field are written as entities, which plotly shows as the characters themselves."""
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("%", "&#37;")


def axis_title(text: str) -> dict:
    """A horizontal axis's title, in lines that fit a phone (``AXIS_TITLE_WIDTH``)."""
    return {"text": wrap(text, AXIS_TITLE_WIDTH)}


def wrap(label: str, width: int = 18) -> str:
    """Break a long label into lines (``plain`` each), so that plotly can keep its text large inside a tile."""
    return "<br>".join(plain(line) for line in textwrap.wrap(label, width)) or plain(label)


