"""The plotly template of every chart: the State's design system (DSFR) — Marianne, its text greys, its illustrative
colours for series, white backgrounds and light grid lines — in place of plotly.py's default template, which is
also 7 KB smaller in each figure sent.

A plain dict, as plotly.js reads it: figures are built as plain data (``charts.base_layout``), and a
``go.layout.Template`` would be validated again in every figure (10 to 15 ms each). tests/test_figures.py checks
that plotly accepts it as it is.
"""

from __future__ import annotations

FONT = "Marianne, arial, sans-serif"
TEXT = "#161616"  # DSFR grey-50-1000, the default text
MENTION = "#666666"  # DSFR grey-425-625, secondary text
GRID = "#DDDDDD"  # DSFR border-default-grey
AXIS = "#929292"  # DSFR border-plain-grey
# DSFR illustrative colours for series that are not sectors (a territory, its region, France).
PALETTE = ["#000091", "#6A6AF4", "#009081", "#C3992A", "#CE614A", "#7D4E5B", "#417DC4", "#A558A0", "#716043"]

_AXIS = {"gridcolor": GRID, "linecolor": AXIS, "zerolinecolor": AXIS, "tickcolor": AXIS, "automargin": True,
         "title": {"font": {"color": MENTION, "size": 13}}, "tickfont": {"color": TEXT}}

DSFR = {"layout": {
    "font": {"family": FONT, "size": 14, "color": TEXT},
    "colorway": PALETTE,
    "paper_bgcolor": "white",
    "plot_bgcolor": "white",
    "xaxis": _AXIS,
    "yaxis": _AXIS,
    "legend": {"font": {"color": TEXT}},
    "hoverlabel": {"font": {"family": FONT, "size": 14}, "bgcolor": "white", "bordercolor": AXIS},
}}
