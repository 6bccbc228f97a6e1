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
from plotly.colors import sample_colorscale

from dashboard.charts import base_layout
from domain.formats import number
from domain.vocabulary import NO_DATA_FILL

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
        xs, ys = _compact_path(wkb)
        figure.add_trace(go.Scatter(
            x=xs, y=ys, mode="lines", fill="toself", fillcolor=CRTE_FILL, name=name,
            line={"color": CRTE_LINE, "width": 1}, hoveron="fills", meta=code,
            text=f"{name}<br>{number(population, 0)} habitants", hoverinfo="text",
        ))
    labels = []
    for name, wkb in zip(departements["name"], departements["geom_simplified"]):
        if wkb is None:
            continue
        xs, ys = _compact_path(wkb)
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


# Choropleth --------------------------------------------------------------------------------------

# Sequential DSFR-friendly scale: from a very light bleu France to bleu France.
SEQUENTIAL = [[0.0, "#F5F5FE"], [0.35, "#CACAFB"], [0.7, "#6A6AF4"], [1.0, "#000091"]]
SELECTED_LINE = "#E1000F"


def _compact_path(wkb: bytes | bytearray) -> tuple[np.ndarray, np.ndarray]:
    """Rings as float32 arrays separated by NaN: sent to the browser as base64, 4 bytes a coordinate
    (float32 keeps 1e-5° at these longitudes and latitudes, so neighbours still share their borders)."""
    xs, ys = _path(rings(wkb))
    return (np.array(xs, dtype=float).astype(np.float32), np.array(ys, dtype=float).astype(np.float32))


def _scale(values: pd.Series, value_range: tuple[float, float] | None) -> tuple[float, float]:
    """The colour scale's ends: ``value_range`` when given (a share runs from 0 to 100 %, so that 2 % stays
    pale), else the values' minimum and maximum."""
    if value_range is not None:
        return value_range
    finite = values.dropna()
    return (float(finite.min()), float(finite.max())) if len(finite) else (0.0, 1.0)


def _fill_colours(values: pd.Series, value_range: tuple[float, float] | None = None) -> list[str]:
    if values.dropna().empty:
        return [NO_DATA_FILL] * len(values)
    low, high = _scale(values, value_range)
    span = high - low
    if span <= 1e-9 * max(abs(low), abs(high), 1.0):  # equal values (up to rounding): one middle colour
        return [NO_DATA_FILL if pd.isna(v) else sample_colorscale(SEQUENTIAL, 0.5)[0] for v in values]
    return [NO_DATA_FILL if pd.isna(v) else sample_colorscale(SEQUENTIAL, min(max((float(v) - low) / span, 0), 1))[0]
            for v in values]


def choropleth_map(territories: pd.DataFrame, scale_title: str, departements: pd.DataFrame | None = None,
                   selected: str | None = None, height: int = 620,
                   value_range: tuple[float, float] | None = None) -> go.Figure:
    """One filled shape per territory, coloured by ``value`` on a sequential scale, with a colour bar.

    ``territories``: code, value, hover (French text shown on hover), geom_simplified. Trace ``i``
    is row ``i`` (a click's ``curveNumber`` names the territory). ``departements``: outlines drawn
    over (code, name, geom_simplified), e.g. at CRTE level. ``selected``: a code outlined in red.
    ``value_range``: fixed ends of the colour scale (0–100 for a percentage).
    """
    territories = territories[territories["geom_simplified"].notna()].reset_index(drop=True)
    figure = go.Figure()
    colours = _fill_colours(territories["value"], value_range)
    for code, hover, wkb, colour in zip(territories["code"], territories["hover"], territories["geom_simplified"],
                                        colours):
        xs, ys = _compact_path(wkb)
        figure.add_trace(go.Scatter(
            x=xs, y=ys, mode="lines", fill="toself", fillcolor=colour, line={"color": "white", "width": 0.8},
            hoveron="fills", text=hover, hoverinfo="text", name=code, showlegend=False,
        ))
    overlays = []
    if departements is not None:
        overlays += [(wkb, DEPARTEMENT_LINE, 2) for wkb in departements["geom_simplified"] if wkb is not None]
    chosen = territories[territories["code"] == selected]
    overlays += [(wkb, SELECTED_LINE, 3) for wkb in chosen["geom_simplified"]]
    for wkb, colour, width in overlays:
        xs, ys = _compact_path(wkb)
        figure.add_trace(go.Scatter(x=xs, y=ys, mode="lines", line={"color": colour, "width": width},
                                    hoverinfo="skip", showlegend=False))
    figure.add_trace(_colour_bar(territories["value"], scale_title, value_range))
    _equal_aspect(figure, territories["geom_simplified"])
    figure.update_layout(showlegend=False, plot_bgcolor="white", dragmode=False, hovermode="closest",
                         template="none", hoverlabel={"bgcolor": "white", "font": {"color": "#161616"}})
    # The colour bar lies under the map (beside it, it would take a phone's width from the map).
    return base_layout(figure, height=height).update_layout(margin={"b": 80})


def _colour_bar(values: pd.Series, title: str, value_range: tuple[float, float] | None = None) -> go.Scatter:
    """An invisible trace that only carries the colour bar of the scale (none when every value is equal)."""
    low, high = _scale(values, value_range)
    return go.Scatter(
        x=[None], y=[None], mode="markers", hoverinfo="skip", showlegend=False,
        marker={"color": [low, high], "colorscale": SEQUENTIAL, "cmin": low, "cmax": high, "showscale": high > low,
                "colorbar": {"title": {"text": title, "side": "top"}, "orientation": "h", "y": -0.02, "yanchor": "top",
                             "thickness": 12, "len": 0.9, "separatethousands": True, "exponentformat": "none"}},
    )


def _equal_aspect(figure: go.Figure, outlines: pd.Series) -> None:
    bounds = [geometry(wkb).bounds for wkb in outlines if wkb is not None]
    latitude = (min(b[1] for b in bounds) + max(b[3] for b in bounds)) / 2 if bounds else 46.5
    figure.update_xaxes(visible=False)
    figure.update_yaxes(visible=False, scaleanchor="x", scaleratio=1 / math.cos(math.radians(latitude)))
