"""The overview's map: the region's CRTE under its départements' outlines.

The CRTE's borders are their fills' own outline, drawn by the style sheet (``MAP_CLASS``: assets/style.css), not a
line path per ring of each CRTE (an island is a ring)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from dashboard.figures.charts import base_layout, plain, typed
from dashboard.figures.maps import DEPARTEMENT_LINE, geometry, path
from domain.formats import number

CRTE_FILL = "#E3E3FD"
MAP_CLASS = "region-map"  # the graph's class: its CRTE's borders in assets/style.css


def region_map(departements: pd.DataFrame, crte: pd.DataFrame) -> dict:
    """CRTE as filled shapes (hover: name, population) under the départements' outlines."""
    traces, heights = [], []
    for code, name, population, wkb in zip(crte["code"], crte["name"], crte["population"], crte["geom_simplified"]):
        if wkb is None:
            continue
        xs, ys = _compact_path(wkb)
        heights.append(ys)
        traces.append({
            "type": "scatter", "x": typed(xs), "y": typed(ys), "mode": "none", "fill": "toself",
            "fillcolor": CRTE_FILL, "name": plain(name), "hoveron": "fills",
            "meta": code, "text": f"{plain(name)}<br>{number(population, 0)} habitants", "hoverinfo": "text"})
    labels = []
    for name, wkb in zip(departements["name"], departements["geom_simplified"]):
        if wkb is None:
            continue
        xs, ys = _compact_path(wkb)
        heights.append(ys)
        traces.append({"type": "scatter", "x": typed(xs), "y": typed(ys), "mode": "lines",
                       "line": {"color": DEPARTEMENT_LINE, "width": 2.5}, "hoverinfo": "skip", "name": plain(name)})
        point = geometry(wkb).representative_point()
        labels.append((point.x, point.y, plain(name)))
    if labels:
        traces.append({
            "type": "scatter", "x": [x for x, _, _ in labels], "y": [y for _, y, _ in labels],
            "text": [n for _, _, n in labels], "mode": "text",
            "textfont": {"size": 15, "color": DEPARTEMENT_LINE, "family": "Marianne, Arial, sans-serif"},
            "hoverinfo": "skip"})
        heights.append(np.array([y for _, y, _ in labels]))
    all_y = np.concatenate([np.asarray(y, dtype=float) for y in heights] or [np.array([46.5])])
    latitude = (np.nanmin(all_y) + np.nanmax(all_y)) / 2
    return {"data": traces, "layout": base_layout(560, {
        "xaxis": {"visible": False},
        "yaxis": {"visible": False, "scaleanchor": "x", "scaleratio": 1 / math.cos(math.radians(latitude))},
        "showlegend": False, "plot_bgcolor": "white", "dragmode": False, "hovermode": "closest"})}


def _compact_path(wkb: bytes | bytearray) -> tuple[np.ndarray, np.ndarray]:
    return path([geometry(wkb)])
