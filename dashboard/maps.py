"""Maps drawn from stored outlines, on plain axes: no tiles and nothing fetched from the network.

Coordinates are longitude/latitude rounded to 5 decimals; the vertical axis is scaled by
1/cos(latitude) so that the region keeps its shape.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import shapely

from dashboard.charts import base_layout
from dashboard.formats import number

DECIMALS = 5
CRTE_FILL = "#E3E3FD"
CRTE_LINE = "#6A6AF4"
DEPARTEMENT_LINE = "#000091"


def geometry(wkb: bytes | bytearray):
    """DuckDB hands BLOBs to pandas as ``bytearray``, which shapely does not take."""
    return shapely.from_wkb(bytes(wkb))


def rings(wkb: bytes | bytearray) -> list[list[tuple[float, float]]]:
    """Every ring (outer and inner) of a (multi)polygon, as rounded (lon, lat) lists."""
    shape = geometry(wkb)
    polygons = getattr(shape, "geoms", [shape])
    found = []
    for polygon in polygons:
        for ring in [polygon.exterior, *polygon.interiors]:
            found.append([(round(x, DECIMALS), round(y, DECIMALS)) for x, y in ring.coords])
    return found


def _path(ring_list: list[list[tuple[float, float]]]) -> tuple[np.ndarray, np.ndarray]:
    """One line through every ring, NaN between rings (a gap for plotly).

    NumPy arrays rather than lists: plotly validates lists element by element, which made
    the map's construction ten times slower.
    """
    points = [point for ring in ring_list for point in (*ring, (math.nan, math.nan))]
    coordinates = np.array(points, dtype=float).reshape(-1, 2)
    return coordinates[:, 0], coordinates[:, 1]


def region_map(departements: pd.DataFrame, crte: pd.DataFrame) -> go.Figure:
    """CRTE as filled shapes (hover: name, population) under the départements' outlines."""
    figure = go.Figure()
    for code, name, population, wkb in zip(crte["code"], crte["name"], crte["population"], crte["geom_simplified"]):
        if wkb is None:
            continue
        xs, ys = _path(rings(wkb))
        figure.add_trace(go.Scatter(
            x=xs, y=ys, mode="lines", fill="toself", fillcolor=CRTE_FILL, name=name,
            line={"color": CRTE_LINE, "width": 1}, hoveron="fills", meta=code,
            text=f"{name}<br>{number(population, 0)} habitants", hoverinfo="text",
        ))
    labels = []
    for name, wkb in zip(departements["name"], departements["geom_simplified"]):
        if wkb is None:
            continue
        xs, ys = _path(rings(wkb))
        figure.add_trace(go.Scatter(x=xs, y=ys, mode="lines", line={"color": DEPARTEMENT_LINE, "width": 2.5},
                                    hoverinfo="skip", name=name))
        point = geometry(wkb).representative_point()
        labels.append((point.x, point.y, name))
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
