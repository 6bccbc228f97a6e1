"""Maps drawn from stored outlines, on plain axes: no tiles and nothing fetched from the network.

Coordinates are longitude/latitude rounded to what a screen shows (``screen_precision``); the choropleths'
outlines are simplified to it too (``screen_outlines.screen_outlines``). The vertical axis is scaled by
1/cos(latitude) so that the region keeps its shape.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
import shapely

from dashboard.figures.charts import base_layout, typed
from dashboard.figures.colour_scales import EQUAL_FILL, NO_VALUE, NO_VALUE_LABEL, OUTSIDE_PATTERN, ColourScale
from dashboard.figures.screen_outlines import screen_outlines, screen_tolerance
from dashboard.store import fetch_imported, queries
from domain.vocabulary import OUTSIDE_CODE

SIGNIFICANT_BITS = 15
DEPARTEMENT_LINE = "#000091"
# Département lines over a colour scale whose darkest class is DEPARTEMENT_LINE's navy: a dark line in a white
# casing, seen on the lightest class and on the darkest alike. (colour, width), drawn in this order.
DEPARTEMENT_OVER_CLASSES = (("#FFFFFF", 4), ("#161616", 1.5))


def geometry(wkb: bytes | bytearray):
    """DuckDB hands BLOBs to pandas as ``bytearray``, which shapely does not take."""
    return shapely.from_wkb(bytes(wkb))


def path(shapes) -> tuple[np.ndarray, np.ndarray]:
    """Every ring of every (multi)polygon of ``shapes``, NaN between rings (a gap for plotly), as float32 with
    the precision the screen needs (sent as base64, 4 bytes a coordinate: ``screen_precision``).

    Vectorised with shapely: ten times faster than walking the rings in Python for 1 200 communes; NumPy
    arrays rather than lists, which plotly.py would validate element by element."""
    ring_list = shapely.get_rings(shapely.get_parts(shapes))
    coordinates, owner = shapely.get_coordinates(ring_list, return_index=True)
    starts = np.flatnonzero(np.diff(owner)) + 1
    coordinates = np.insert(coordinates, np.append(starts, len(coordinates)), np.nan, axis=0)
    return screen_precision(coordinates[:, 0]), screen_precision(coordinates[:, 1])


# Choropleth --------------------------------------------------------------------------------------

SELECTED_LINE = "#E1000F"
# The markers trace (hover text and click of each territory) and the fills whose vertices name their territory:
# assets/map_hover.js looks for both.
MARKERS_NAME = "territoires"
FILL_META = "aplats-territoires"
# The class of every choropleth's graph: the territories' borders are the fills' own outline, drawn by
# assets/style.css (``.choropleth``), not plotly.js's lines. Its line paths, one per ring of each fill trace and
# each styled on its own, took a third of the first draw of a 244-EPCI map (docs/performance.md).
MAP_CLASS = "choropleth"
# The layout of every choropleth: ``base_layout``, without plotly.py's default template. Its legend only names
# the hatched areas (no value, communes outside every territory); the colour bar gives the classes.
CHOROPLETH_LAYOUT = {**base_layout(), "showlegend": True,
                     "legend": {"orientation": "h", "x": 0, "y": 1, "yanchor": "bottom", "itemclick": False,
                                "itemdoubleclick": False, "bgcolor": "rgba(255,255,255,0.8)"},
                     "plot_bgcolor": "white", "dragmode": False, "hovermode": "closest",
                     "hoverlabel": {"bgcolor": "white", "font": {"color": "#161616"}}}


def screen_precision(values) -> np.ndarray:
    """float32 keeping ``SIGNIFICANT_BITS`` of its 23 mantissa bits, the others cleared: at most 1e-3° off
    (about 100 m), a tenth of a pixel on a region's map, and the figures compress a third better (the
    national map of the Diagnostic: 87 KiB instead of 137). The same vertex gets the same value in every
    outline, so neighbours still share their borders; NaN, the gap between rings, stays NaN."""
    kept = np.uint32((0xFFFFFFFF << (23 - SIGNIFICANT_BITS)) & 0xFFFFFFFF)
    return (np.asarray(values, dtype="<f4").view("<u4") & kept).view("<f4")


@dataclass(frozen=True)
class Outline:
    """A territory's outline as plotly draws it (``path``: float32, NaN between rings), its bounds, and a
    point inside it (where its hover text and click are)."""

    x: np.ndarray
    y: np.ndarray
    bounds: tuple[float, float, float, float]
    inside: tuple[float, float]


def _joined(found: list[Outline]) -> tuple[dict, dict]:
    """Several outlines as one line (each path ends with a NaN gap): one trace for plotly.js to style, not one
    each."""
    return typed(np.concatenate([o.x for o in found])), typed(np.concatenate([o.y for o in found]))


def outlines(parts: pd.DataFrame) -> dict[str, Outline]:
    """code → outline, for the rows of ``parts`` (code, geom_simplified) that have one: simplified together to
    what the map shows (``screen_outlines.screen_outlines``)."""
    drawn = parts[parts["geom_simplified"].notna()]
    shapes = screen_outlines(shapely.from_wkb([bytes(wkb) for wkb in drawn["geom_simplified"]]))
    return {code: Outline(*path([shape]), shape.bounds, tuple(inside)) for code, shape, inside
            in zip(drawn["code"], shapes, inside_points(shapes))}


def inside_points(shapes) -> np.ndarray:
    """(x, y) of each shape's point furthest from its borders (the centre of its largest inscribed circle, to a
    pixel of the map): where its hover and click marker goes (``territory_markers``), as far as can be from
    the neighbours' markers. Any point inside may lie on a border, where the neighbour's label would show."""
    shapes = np.asarray(shapes, dtype=object)
    if not len(shapes):
        return np.empty((0, 2))
    circles = shapely.maximum_inscribed_circle(shapes, screen_tolerance(shapes))
    return shapely.get_coordinates(shapely.get_point(circles, 0))


def region_outlines(region: str, level: str) -> dict[str, Outline]:
    """The outlines of a region's territories of one level, computed once per import (``store.memo_imported``); under
    ``OUTSIDE_CODE``, the outline of the region's communes that belong to none of them."""
    parts = fetch_imported(queries.region_parts, region, level)[["code", "geom_simplified"]]
    outside = fetch_imported(queries.outside_communes, region, level).dropna(subset=["geom_simplified"])
    if len(outside):
        union = shapely.union_all(shapely.from_wkb([bytes(wkb) for wkb in outside["geom_simplified"]]))
        parts = pd.concat([parts, pd.DataFrame({"code": [OUTSIDE_CODE], "geom_simplified": [union.wkb]})])
    return outlines(parts)


@dataclass(frozen=True)
class Apart:
    """An area drawn apart from the territories, hatched, with its own legend entry, hover text and code (the
    communes of the region that belong to no territory of the level)."""

    outline: Outline
    label: str
    hover: str
    code: str


def choropleth_map(territories: pd.DataFrame, scale_title: str, shapes: dict[str, Outline],
                   overlay: dict[str, Outline] | None = None, selected: str | None = None, height: int = 620,
                   scale: ColourScale | None = None, note: str | None = None, apart: Apart | None = None,
                   colour_bar: bool = True) -> dict:
    """Territories coloured by the class of their ``value`` (``colour_scales``), with a colour bar whose ticks
    are the classes' bounds: a plain figure dict built from precomputed outlines (``outlines``,
    ``region_outlines``), nothing validated.

    One filled trace per colour, and one transparent marker per territory, inside it, that carries its hover
    text and its code (``customdata``: what a click returns). ``territories``: code, value, hover (French text
    shown on hover); those without an outline in ``shapes`` are not drawn, those without a value are hatched.
    ``scale`` None: the values are all equal, one plain colour, and ``note`` (what they are) is written under
    the map instead of a colour bar. ``overlay``: outlines drawn over (e.g. the départements at CRTE level).
    ``selected``: a code outlined in red. ``apart``: the communes in no territory, hatched. ``colour_bar`` False:
    the page shows the classes itself (``components.colour_legend``), the map keeps only a thin margin under it.
    """
    territories = territories[territories["code"].isin(shapes.keys())].reset_index(drop=True)
    drawn = [shapes[code] for code in territories["code"]] + ([apart.outline] if apart else [])
    colours = [_colour(value, scale) for value in territories["value"]]
    traces = [_shade(drawn, [n for n, c in enumerate(colours) if c == colour], *_fill_style(colour))
              for colour in dict.fromkeys(colours)]
    if apart:
        traces.append(_shade(drawn, [len(drawn) - 1], {"fillcolor": "#FFFFFF", "fillpattern": OUTSIDE_PATTERN},
                             apart.label))
    lines = [(list(overlay.values()), colour, width) for colour, width in DEPARTEMENT_OVER_CLASSES] if overlay else []
    lines += [([shapes[selected]], SELECTED_LINE, 3)] if selected in set(territories["code"]) else []
    traces += [{"type": "scatter", **dict(zip("xy", _joined(found))), "mode": "lines",
                "line": {"color": colour, "width": width}, "hoverinfo": "skip", "showlegend": False}
               for found, colour, width in lines]
    points = [outline.inside for outline in drawn]
    traces.append(territory_markers([x for x, _ in points], [y for _, y in points],
                                    list(territories["hover"]) + ([apart.hover] if apart else []),
                                    list(territories["code"]) + ([apart.code] if apart else [])))
    annotations = []
    if scale is not None and colour_bar:
        traces.append(_colour_bar(scale, scale_title))
    elif note:
        annotations.append({"text": note, "xref": "paper", "yref": "paper", "x": 0.5, "y": 0, "yanchor": "top",
                            "showarrow": False, "font": {"size": 15}})
    bounds = [outline.bounds for outline in drawn]
    latitude = (min(b[1] for b in bounds) + max(b[3] for b in bounds)) / 2 if bounds else 46.5
    # The colour bar lies under the map (beside it, it would take a phone's width from the map).
    return {"data": traces, "layout": {
        **CHOROPLETH_LAYOUT, "height": height, **({"annotations": annotations} if annotations else {}),
        "margin": {**CHOROPLETH_LAYOUT.get("margin", {}), "b": 80 if colour_bar or annotations else 10, "t": 30},
        "hoverdistance": 1,  # plotly.js's own hover: a territory's marker only; assets/map_hover.js does the rest
        "xaxis": {"visible": False},
        "yaxis": {"visible": False, "scaleanchor": "x", "scaleratio": 1 / math.cos(math.radians(latitude))}}}


def _colour(value, scale: ColourScale | None) -> str | None:
    """A territory's colour: its class's, the plain colour of equal values, or None without a value."""
    if value is None or pd.isna(value):
        return None
    return scale.colour_of(value) if scale else EQUAL_FILL


def _fill_style(colour: str | None) -> tuple[dict, str | None]:
    """The fill of a colour (hatched without a value) and its legend entry (only « sans valeur » has one)."""
    if colour is None:
        return {"fillcolor": "#FFFFFF", "fillpattern": NO_VALUE}, NO_VALUE_LABEL
    return {"fillcolor": colour}, None


def _shade(outlines: list[Outline], numbers: list[int], style: dict, name: str | None = None) -> dict:
    """The territories ``numbers`` of ``outlines`` as one filled trace (``style``: its fill; a ``name`` puts it in
    the legend). Each vertex carries its territory's number (its marker's index, ``customdata``):
    assets/map_hover.js finds the territory under the pointer from them. No line (``mode`` none): the borders
    are the fill's outline (``MAP_CLASS``)."""
    owners = np.concatenate([np.full(len(outlines[number].x), number, dtype="<i2") for number in numbers])
    return {"type": "scatter", **dict(zip("xy", _joined([outlines[number] for number in numbers]))),
            "customdata": typed(owners, "i2"),
            "meta": FILL_META, "mode": "none", "fill": "toself", **style,
            "hoverinfo": "skip", "showlegend": name is not None, **({"name": name} if name else {})}


def territory_markers(x: list[float], y: list[float], hover: list[str], codes: list[str]) -> dict:
    """Transparent markers, one inside each territory, that carry its hover text and its code (``customdata``,
    what a click returns): the maps fill their territories a trace per colour, which cannot tell them apart."""
    return {"type": "scatter", "x": x, "y": y, "mode": "markers", "marker": {"size": 12, "color": "rgba(0,0,0,0)"},
            "text": hover, "customdata": codes, "hoverinfo": "text", "showlegend": False, "name": MARKERS_NAME}


def _colour_bar(scale: ColourScale, title: str) -> dict:
    """An invisible trace that only carries the colour bar: one block per class, its bounds written as ticks (a
    category's name in its middle)."""
    count = len(scale.colours)
    steps = [[edge / count, colour] for index, colour in enumerate(scale.colours) for edge in (index, index + 1)]
    return {"type": "scatter", "x": [None], "y": [None], "mode": "markers", "hoverinfo": "skip", "showlegend": False,
            "marker": {"color": [0, count], "colorscale": steps, "cmin": 0, "cmax": count, "showscale": True,
                       "colorbar": {"title": {"text": title, "side": "top"}, "orientation": "h", "y": -0.02,
                                    "yanchor": "top", "thickness": 12, "len": 0.9, "tickmode": "array",
                                    "tickvals": [index + 0.5 for index in range(count)] if scale.categorical
                                    else list(range(count + 1)), "ticktext": scale.ticks,
                                    "ticks": "outside"}}}
