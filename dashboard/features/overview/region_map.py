"""The overview's map: the region's CRTE under its départements' outlines."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard.figures.charts import base_layout, plain
from dashboard.figures.maps import DEPARTEMENT_LINE, geometry, path
from domain.formats import number

CRTE_FILL = "#E3E3FD"
CRTE_LINE = "#6A6AF4"


def region_map(departements: pd.DataFrame, crte: pd.DataFrame) -> go.Figure:
    """CRTE as filled shapes (hover: name, population) under the départements' outlines."""
    figure = go.Figure()
    for code, name, population, wkb in zip(crte["code"], crte["name"], crte["population"], crte["geom_simplified"]):
        if wkb is None:
            continue
        xs, ys = _compact_path(wkb)
        figure.add_trace(go.Scatter(
            x=xs, y=ys, mode="lines", fill="toself", fillcolor=CRTE_FILL, name=plain(name),
            line={"color": CRTE_LINE, "width": 1}, hoveron="fills", meta=code,
            text=f"{plain(name)}<br>{number(population, 0)} habitants", hoverinfo="text",
        ))
    labels = []
    for name, wkb in zip(departements["name"], departements["geom_simplified"]):
        if wkb is None:
            continue
        xs, ys = _compact_path(wkb)
        figure.add_trace(go.Scatter(x=xs, y=ys, mode="lines", line={"color": DEPARTEMENT_LINE, "width": 2.5},
                                    hoverinfo="skip", name=plain(name)))
        point = geometry(wkb).representative_point()
        labels.append((point.x, point.y, plain(name)))
    if labels:
        figure.add_trace(go.Scatter(
            x=[x for x, _, _ in labels], y=[y for _, y, _ in labels], text=[n for _, _, n in labels],
            mode="text", textfont={"size": 15, "color": DEPARTEMENT_LINE, "family": "Marianne, Arial, sans-serif"},
            hoverinfo="skip",
        ))
    all_y = np.concatenate([np.asarray(trace.y, dtype=float) for trace in figure.data] or [np.array([46.5])])
    latitude = (np.nanmin(all_y) + np.nanmax(all_y)) / 2
    figure.update_xaxes(visible=False)
    figure.update_yaxes(visible=False, scaleanchor="x", scaleratio=1 / math.cos(math.radians(latitude)))
    figure.update_layout(showlegend=False, plot_bgcolor="white", dragmode=False, hovermode="closest")
    return base_layout(figure, height=560)


def _compact_path(wkb: bytes | bytearray) -> tuple[np.ndarray, np.ndarray]:
    return path([geometry(wkb)])
