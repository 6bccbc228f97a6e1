"""Charts as plain functions: DataFrame in, Figure out.

Every text a chart takes from the data (a lever's, a sector's, a territory's name, a unit) goes through
``plain``: plotly renders a subset of HTML in texts, labels, hover texts, legend names and axis titles, and
fills the ``%{…}`` of its templates, so that a name written ``<a href=…>`` would become a link.
"""

from __future__ import annotations

import textwrap

import plotly.graph_objects as go

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


def base_layout(figure: go.Figure, height: int = 520) -> go.Figure:
    figure.update_layout(
        template=DSFR,
        separators=FRENCH_SEPARATORS,
        margin={"l": 0, "r": 0, "t": 0, "b": 0},
        height=height,
        paper_bgcolor="white",
    )
    # Axes read « 10 000 », never « 10k » (plotly's default SI suffixes); years keep their own ``tickformat="d"``.
    figure.update_xaxes(exponentformat="none", separatethousands=True)
    figure.update_yaxes(exponentformat="none", separatethousands=True)
    return figure


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


