"""A choropleth in colour classes, light enough for a region's 1 200 communes.

Quantile classes with a legend (``maps.choropleth_map`` is the same drawing on a continuous scale, with a
colour bar): every colour class is one filled trace (plotly fills each NaN-separated ring on its own), and
one marker per territory (``maps.territory_markers``) carries the hover text and the code a click returns:
about 20 traces whatever the number of territories (one per commune took 2 s to build for Bretagne).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import shapely

from dashboard.charts import base_layout, plain
from dashboard.diagnostic import indicators
from dashboard.maps import DEPARTEMENT_LINE, NO_DATA_FILL, SELECTED_LINE, inside_points, path, territory_markers
from dashboard.store import fetch
from domain.magnitudes import quantity

CLASS_COLOURS = ["#F5F5FE", "#CACAFB", "#8585F6", "#4C4CD9", "#000091"]
LINE = "white"


def _path(wkbs) -> tuple[np.ndarray, np.ndarray]:
    return path(shapely.from_wkb([bytes(wkb) for wkb in wkbs]))


def class_bounds(values: pd.Series, classes: int = len(CLASS_COLOURS)) -> list[float]:
    """Quantile bounds of the known values (fewer classes when values repeat)."""
    known = values.dropna().astype(float)
    if known.empty:
        return []
    return sorted(set(np.quantile(known, np.linspace(0, 1, classes + 1)).tolist()))


def class_of(value: float, bounds: list[float]) -> int | None:
    if value is None or pd.isna(value) or not bounds:
        return None
    if len(bounds) == 1:
        return 0
    return min(int(np.searchsorted(bounds, value, side="right")) - 1, len(bounds) - 2)


def marker_points(level: str, region: str) -> dict[str, tuple[float, float]]:
    """code → where a territory's hover and click marker goes (``maps.inside_points``), for the territories of
    ``level`` in ``region``: computed once (``store.memo``), not at each map drawn."""
    outlines = fetch(indicators.level_outlines, level, region).dropna(subset=["geom_simplified"])
    points = inside_points(shapely.from_wkb([bytes(wkb) for wkb in outlines["geom_simplified"]]))
    return dict(zip(outlines["code"], map(tuple, points)))


def class_map(territories: pd.DataFrame, unit: str, markers: dict[str, tuple[float, float]],
              overlay: pd.DataFrame | None = None, selected: str | None = None, height: int = 600) -> go.Figure:
    """``territories``: code, name, value, hover, geom_simplified; ``markers``: ``marker_points`` of their level
    and region. A click's point carries the code."""
    shown = territories[territories["geom_simplified"].notna()].reset_index(drop=True)
    bounds = class_bounds(shown["value"])
    classes = [class_of(v, bounds) for v in shown["value"]]
    colours = CLASS_COLOURS if len(bounds) > 2 else CLASS_COLOURS[2:3]
    figure = go.Figure()
    for index in range(max(len(bounds) - 1, 1 if bounds else 0)):
        members = [wkb for wkb, c in zip(shown["geom_simplified"], classes) if c == index]
        if members:
            low, high = bounds[index], bounds[min(index + 1, len(bounds) - 1)]
            figure.add_trace(_fill(members, colours[min(index, len(colours) - 1)],
                                   f"{quantity(low)} à {quantity(high)}"))
    missing = [wkb for wkb, c in zip(shown["geom_simplified"], classes) if c is None]
    if missing:
        figure.add_trace(_fill(missing, NO_DATA_FILL, "sans valeur"))
    lines = [] if overlay is None else [(list(overlay["geom_simplified"].dropna()), DEPARTEMENT_LINE, 2)]
    lines.append((list(shown.loc[shown["code"] == selected, "geom_simplified"]), SELECTED_LINE, 3))
    for wkbs, colour, width in lines:
        if wkbs:
            xs, ys = _path(wkbs)
            figure.add_trace(go.Scatter(x=xs, y=ys, mode="lines", line={"color": colour, "width": width},
                                        hoverinfo="skip", showlegend=False))
    points = np.array([markers[code] for code in shown["code"]], dtype=float).reshape(-1, 2)
    figure.add_trace(territory_markers(points[:, 0].astype(np.float32), points[:, 1].astype(np.float32),
                                       list(shown["hover"]), list(shown["code"])))
    framed = main_cluster(points)
    x_range, y_range = _frame(shown["geom_simplified"], framed)
    latitude = float(np.mean(points[framed, 1])) if len(points) else 46.5
    figure.update_xaxes(visible=False, range=x_range, constrain="domain")
    figure.update_yaxes(visible=False, range=y_range, constrain="domain", scaleanchor="x",
                        scaleratio=1 / math.cos(math.radians(latitude)))
    figure.update_layout(plot_bgcolor="white", dragmode=False, hovermode="closest",
                         legend={"title": {"text": plain(unit), "side": "top"}, "orientation": "h", "y": 0, "yanchor": "top",
                                 "itemclick": False, "itemdoubleclick": False},
                         hoverlabel={"bgcolor": "white", "font": {"color": "#161616"}})
    return base_layout(figure, height=height)


def main_cluster(points: np.ndarray, reach: float = 12.0) -> np.ndarray:
    """Which territories the map frames: those within ``reach`` degrees of the median point. The regions of
    France without this would be a thumbnail of the mainland next to the overseas regions, thousands of km away
    (those stay in the ranking and the table)."""
    if not len(points):
        return np.zeros(0, dtype=bool)
    centre = np.median(points, axis=0)
    return (np.abs(points - centre) <= reach).all(axis=1)


def _frame(wkbs: pd.Series, framed: np.ndarray) -> tuple[list[float] | None, list[float] | None]:
    if not framed.any():
        return None, None
    bounds = shapely.bounds(shapely.from_wkb([bytes(w) for w, keep in zip(wkbs, framed) if keep]))
    west, south = bounds[:, 0].min(), bounds[:, 1].min()
    east, north = bounds[:, 2].max(), bounds[:, 3].max()
    return [float(west), float(east)], [float(south), float(north)]


def _fill(wkbs, colour: str, label: str) -> go.Scatter:
    xs, ys = _path(wkbs)
    return go.Scatter(x=xs, y=ys, mode="lines", fill="toself", fillcolor=colour, name=label,
                      line={"color": LINE, "width": 0.6}, hoverinfo="skip")
