"""Charts as plain functions: DataFrame in, Figure out.

Every text a chart takes from the data (a lever's, a sector's, a territory's name, a unit) goes through
``plain``: plotly renders a subset of HTML in texts, labels, hover texts, legend names and axis titles, and
fills the ``%{…}`` of its templates, so that a name written ``<a href=…>`` would become a link.
"""

from __future__ import annotations

import textwrap

import pandas as pd
import plotly.graph_objects as go

from domain.vocabulary import colour

# DSFR illustrative colours for series that are not sectors (a territory, its region, France).
PALETTE = ["#000091", "#6A6AF4", "#009081", "#C3992A", "#CE614A", "#7D4E5B", "#417DC4", "#A558A0", "#716043"]
FRENCH_SEPARATORS = ",\u202f"  # decimal comma, narrow no-break space for thousands: « 10 000 », « 1 200 »
TREEMAP_TEXT = {"minsize": 10, "mode": "hide"}  # a label that would be under 10 px is hidden (hover and table say it)

GROUPINGS = {"secteur": ("sector", "Secteur"), "thematique": ("thematic_group", "Groupe thématique")}


def base_layout(figure: go.Figure, height: int = 520) -> go.Figure:
    figure.update_layout(
        separators=FRENCH_SEPARATORS,
        font={"family": "Marianne, Arial, sans-serif", "size": 14, "color": "#161616"},
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


def wrap(label: str, width: int = 18) -> str:
    """Break a long label into lines (``plain`` each), so that plotly can keep its text large inside a tile."""
    return "<br>".join(plain(line) for line in textwrap.wrap(label, width)) or plain(label)


def lever_treemap(levers: pd.DataFrame, grouping: str) -> go.Figure:
    """Levers nested in their sector (or thematic group), area proportional to the 2030 objective."""
    column, _ = GROUPINGS[grouping]
    levers = levers[levers["obj_co2_kt"] > 0]
    groups = levers.groupby(column, sort=False)["obj_co2_kt"].sum().sort_values(ascending=False)
    colours = {group: colour(group) for group in groups.index}
    ids = [f"g:{g}" for g in groups.index] + [f"l:{i}" for i in levers["lever_id"]]
    figure = go.Figure(go.Treemap(
        ids=ids,
        labels=[plain(name) for name in list(groups.index) + list(levers["lever"])],
        text=[plain(group) for group in groups.index] + [wrap(label) for label in levers["lever"]],
        parents=[""] * len(groups) + [f"g:{g}" for g in levers[column]],
        values=list(groups.values) + list(levers["obj_co2_kt"]),
        branchvalues="total",
        marker={"colors": [colours[g] for g in groups.index] + [colours[g] for g in levers[column]],
                "line": {"color": "white", "width": 2}},
        texttemplate="<b>%{text}</b><br>%{value:,.1f} ktCO₂e<br>%{percentRoot:.0%}",
        hovertemplate="<b>%{label}</b><br>%{value:,.1f} ktCO₂e<br>%{percentRoot:.1%} du total<extra></extra>",
        textfont={"color": "white", "size": 15},
        pathbar={"visible": True, "textfont": {"size": 14}},
        tiling={"pad": 2},
        sort=True,
    ))
    figure.update_layout(uniformtext=TREEMAP_TEXT)
    return base_layout(figure)
