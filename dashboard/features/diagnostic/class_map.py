"""A choropleth in colour classes, light enough for a region's 1 200 communes.

The classes (``colour_scales.quantile_scale``) are named in a legend; a territory without a value is hatched;
values all equal give no classes, and the map says so. Every colour class is one filled trace (plotly fills
each NaN-separated ring on its own), and one marker per territory (``maps.territory_markers``) carries the hover
text and the code a click returns: about 20 traces whatever the number of territories (one per commune took 2 s
to build for Bretagne).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import shapely

from dashboard.features.diagnostic import indicators
from dashboard.figures.charts import base_layout, typed, wrap
from dashboard.figures.colour_scales import EQUAL_FILL, NO_VALUE, NO_VALUE_LABEL, OUTSIDE_PATTERN, ColourScale
from dashboard.figures.maps import DEPARTEMENT_OVER_CLASSES, SELECTED_LINE, inside_points, path, territory_markers
from dashboard.store import fetch_imported


def _path(wkbs) -> tuple[np.ndarray, np.ndarray]:
    return path(shapely.from_wkb([bytes(wkb) for wkb in wkbs]))


def marker_points(level: str, region: str) -> dict[str, tuple[float, float]]:
    """code → where a territory's hover and click marker goes (``maps.inside_points``), for the territories of
    ``level`` in ``region``: computed once (``store.memo``), not at each map drawn."""
    outlines = fetch_imported(indicators.level_outlines, level, region).dropna(subset=["geom_simplified"])
    points = inside_points(shapely.from_wkb([bytes(wkb) for wkb in outlines["geom_simplified"]]))
    return dict(zip(outlines["code"], map(tuple, points)))


def class_map(territories: pd.DataFrame, unit: str, markers: dict[str, tuple[float, float]],
              scale: ColourScale | None, overlay: pd.DataFrame | None = None, selected: tuple[str, ...] = (),
              note: str | None = None, apart: tuple[str, list] | None = None, height: int = 600) -> dict:
    """``territories``: code, name, value, hover, geom_simplified; ``markers``: ``marker_points`` of their level
    and region; ``scale`` their classes (None: all equal, ``note`` says so on the map). ``selected``: codes
    outlined in red (the chosen region or territories). ``apart``: (label, outlines) of the communes in no
    territory of the level, dotted. A click's point carries the code."""
    shown = territories[territories["geom_simplified"].notna()].reset_index(drop=True)
    traces = []
    known = shown["value"].notna()
    if scale is None:
        traces.append(_fill(list(shown.loc[known, "geom_simplified"]), "tous égaux", fillcolor=EQUAL_FILL))
    else:
        colours = [scale.colour_of(v) for v in shown["value"]]
        for colour, label in zip(scale.colours, scale.labels):
            members = [wkb for wkb, c in zip(shown["geom_simplified"], colours) if c == colour]
            if members:
                traces.append(_fill(members, label, fillcolor=colour))
    if (~known).any():
        traces.append(_fill(list(shown.loc[~known, "geom_simplified"]), NO_VALUE_LABEL, fillcolor="#FFFFFF",
                            fillpattern=NO_VALUE))
    if apart and apart[1]:
        traces.append(_fill(apart[1], apart[0], fillcolor="#FFFFFF", fillpattern=OUTSIDE_PATTERN))
    lines = [] if overlay is None else [(list(overlay["geom_simplified"].dropna()), colour, width)
                                        for colour, width in DEPARTEMENT_OVER_CLASSES]
    lines.append((list(shown.loc[shown["code"].isin(selected), "geom_simplified"]), SELECTED_LINE, 3))
    for wkbs, colour, width in lines:
        if wkbs:
            xs, ys = _path(wkbs)
            traces.append({"type": "scatter", "x": typed(xs), "y": typed(ys), "mode": "lines",
                           "line": {"color": colour, "width": width}, "hoverinfo": "skip", "showlegend": False})
    points = np.array([markers[code] for code in shown["code"]], dtype=float).reshape(-1, 2)
    traces.append(territory_markers(typed(points[:, 0]), typed(points[:, 1]), list(shown["hover"]),
                                    list(shown["code"])))
    framed = main_cluster(points)
    x_range, y_range = _frame(shown["geom_simplified"], framed)
    latitude = float(np.mean(points[framed, 1])) if len(points) else 46.5
    noted = scale is None and note
    layout = {
        "xaxis": {"visible": False, "range": x_range, "constrain": "domain"},
        "yaxis": {"visible": False, "range": y_range, "constrain": "domain", "scaleanchor": "x",
                  "scaleratio": 1 / math.cos(math.radians(latitude))},
        "plot_bgcolor": "white", "dragmode": False, "hovermode": "closest",
        "legend": {"title": {"text": wrap(unit, 38), "side": "top"}, "orientation": "h", "y": 0, "yanchor": "top",
                   "itemclick": False, "itemdoubleclick": False},
        "hoverlabel": {"bgcolor": "white", "font": {"color": "#161616"}},
        **({"annotations": [{"text": note, "xref": "paper", "yref": "paper", "x": 0.5, "y": 1, "yanchor": "bottom",
                             "showarrow": False, "font": {"size": 15}}]} if noted else {})}
    return {"data": traces, "layout": base_layout(height, layout, {"margin": {"t": 30}} if noted else {})}


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


def _fill(wkbs, label: str, **style) -> dict:
    """One colour class as a filled trace without line (``mode`` none): the borders are the fill's own outline,
    drawn by the style sheet (``maps.MAP_CLASS``), not a line path per ring."""
    xs, ys = _path(wkbs)
    return {"type": "scatter", "x": typed(xs), "y": typed(ys), "mode": "none", "fill": "toself", "name": label,
            "hoverinfo": "skip", **style}
