"""Maps drawn from stored outlines, on plain axes: no tiles and nothing fetched from the network.

Coordinates are longitude/latitude rounded to what a screen shows (``screen_precision``); the choropleths'
outlines are simplified to it too (``coverage.screen_outlines``). The vertical axis is scaled by 1/cos(latitude) so that the region keeps its shape.
"""

from __future__ import annotations

import base64
import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import shapely
from plotly.colors import sample_colorscale

from dashboard import queries
from dashboard.charts import base_layout, plain
from dashboard.coverage import screen_outlines, screen_tolerance
from dashboard.store import fetch
from domain.formats import number
from domain.vocabulary import NO_DATA_FILL

SIGNIFICANT_BITS = 15
CRTE_FILL = "#E3E3FD"
CRTE_LINE = "#6A6AF4"
DEPARTEMENT_LINE = "#000091"


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


# Choropleth --------------------------------------------------------------------------------------

# Sequential DSFR-friendly scale: from a very light bleu France to bleu France.
SEQUENTIAL = [[0.0, "#F5F5FE"], [0.35, "#CACAFB"], [0.7, "#6A6AF4"], [1.0, "#000091"]]
SELECTED_LINE = "#E1000F"
# The markers trace (hover text and click of each territory) and the fills whose vertices name their territory:
# assets/map_hover.js looks for both.
MARKERS_NAME = "territoires"
FILL_META = "aplats-territoires"
# The layout of every choropleth: ``base_layout``, without plotly.py's default template.
CHOROPLETH_LAYOUT = {**base_layout(go.Figure(layout_template=None)).layout.to_plotly_json(), "showlegend": False,
                     "plot_bgcolor": "white", "dragmode": False, "hovermode": "closest",
                     "hoverlabel": {"bgcolor": "white", "font": {"color": "#161616"}}}


def _compact_path(wkb: bytes | bytearray) -> tuple[np.ndarray, np.ndarray]:
    return path([geometry(wkb)])


def screen_precision(values) -> np.ndarray:
    """float32 keeping ``SIGNIFICANT_BITS`` of its 23 mantissa bits, the others cleared: at most 1e-3° off
    (about 100 m), a tenth of a pixel on a region's map, and the figures compress a third better (the
    national map of the Diagnostic: 87 KiB instead of 137). The same vertex gets the same value in every
    outline, so neighbours still share their borders; NaN, the gap between rings, stays NaN."""
    kept = np.uint32((0xFFFFFFFF << (23 - SIGNIFICANT_BITS)) & 0xFFFFFFFF)
    return (np.asarray(values, dtype="<f4").view("<u4") & kept).view("<f4")


def _scale(values: pd.Series, value_range: tuple[float, float] | None) -> tuple[float, float]:
    """The colour scale's ends: ``value_range`` when given (a share runs from 0 to 100 %, so that 2 % stays
    pale), else the values' minimum and maximum."""
    if value_range is not None:
        return value_range
    finite = values.dropna()
    return (float(finite.min()), float(finite.max())) if len(finite) else (0.0, 1.0)


# The choropleths' fills take one of STEPS colours of the scale (the colour bar shows the same steps): a
# trace per colour, not per territory, is what keeps plotly.js quick on a region's 250 EPCI.
STEPS = 20
STEP_COLOURS = [sample_colorscale(SEQUENTIAL, (step + 0.5) / STEPS)[0] for step in range(STEPS)]


def _step_colour(position: float) -> str:
    """The colour of the step holding ``position`` (0 to 1, clamped) on the scale."""
    return STEP_COLOURS[min(max(int(position * STEPS), 0), STEPS - 1)]


def _fill_colours(values: pd.Series, value_range: tuple[float, float] | None = None) -> list[str]:
    if values.dropna().empty:
        return [NO_DATA_FILL] * len(values)
    low, high = _scale(values, value_range)
    span = high - low
    if span <= 1e-9 * max(abs(low), abs(high), 1.0):  # equal values (up to rounding): one middle colour
        return [NO_DATA_FILL if pd.isna(v) else _step_colour(0.5) for v in values]
    return [NO_DATA_FILL if pd.isna(v) else _step_colour((float(v) - low) / span) for v in values]


def _stepped_scale() -> list[list]:
    """``SEQUENTIAL`` as the ``STEPS`` colours the fills take, for the colour bar."""
    return [[edge / STEPS, colour] for step, colour in enumerate(STEP_COLOURS) for edge in (step, step + 1)]


@dataclass(frozen=True)
class Outline:
    """A territory's outline as plotly draws it (``path``: float32, NaN between rings), its bounds, and a
    point inside it (where its hover text and click are)."""

    x: np.ndarray
    y: np.ndarray
    bounds: tuple[float, float, float, float]
    inside: tuple[float, float]


def _typed(values: np.ndarray) -> dict:
    """A typed array as plotly.js reads it: no per-number JSON, and nothing for plotly.py to validate."""
    return {"dtype": "f4", "bdata": base64.b64encode(np.asarray(values, dtype="<f4").tobytes()).decode("ascii")}


def _joined(found: list[Outline]) -> tuple[dict, dict]:
    """Several outlines as one line (each path ends with a NaN gap): one trace for plotly.js to style, not one
    each."""
    return _typed(np.concatenate([o.x for o in found])), _typed(np.concatenate([o.y for o in found]))


def outlines(parts: pd.DataFrame) -> dict[str, Outline]:
    """code → outline, for the rows of ``parts`` (code, geom_simplified) that have one: simplified together to
    what the map shows (``coverage.screen_outlines``)."""
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
    """The outlines of a region's territories of one level, computed once (``store.memo``)."""
    return outlines(fetch(queries.region_parts, region, level))


def choropleth_map(territories: pd.DataFrame, scale_title: str, shapes: dict[str, Outline],
                   overlay: dict[str, Outline] | None = None, selected: str | None = None, height: int = 620,
                   value_range: tuple[float, float] | None = None) -> dict:
    """Territories coloured by ``value`` on a sequential scale, with a colour bar: a plain figure dict built from
    precomputed outlines (``outlines``, ``region_outlines``), nothing validated.

    One filled trace per colour step (``STEPS``), and one transparent marker per territory, inside it, that
    carries its hover text and its code (``customdata``: what a click returns).
    ``territories``: code, value, hover (French text shown on hover); those without an outline in ``shapes``
    are not drawn. ``overlay``: outlines drawn over (e.g. the départements at CRTE level). ``selected``: a
    code outlined in red. ``value_range``: fixed ends of the colour scale (0–100 for a percentage).
    """
    territories = territories[territories["code"].isin(shapes.keys())].reset_index(drop=True)
    colours = _fill_colours(territories["value"], value_range)
    traces = [_shade([shapes[code] for code in territories["code"]], colours, colour)
              for colour in dict.fromkeys(colours)]
    lines = [(list(overlay.values()), DEPARTEMENT_LINE, 2)] if overlay else []
    lines += [([shapes[selected]], SELECTED_LINE, 3)] if selected in set(territories["code"]) else []
    traces += [{"type": "scatter", **dict(zip("xy", _joined(found))), "mode": "lines",
                "line": {"color": colour, "width": width}, "hoverinfo": "skip", "showlegend": False}
               for found, colour, width in lines]
    points = [shapes[code].inside for code in territories["code"]]
    traces.append(territory_markers([x for x, _ in points], [y for _, y in points], list(territories["hover"]),
                                    list(territories["code"])))
    traces.append(_colour_bar(territories["value"], scale_title, value_range))
    bounds = [shapes[code].bounds for code in territories["code"]]
    latitude = (min(b[1] for b in bounds) + max(b[3] for b in bounds)) / 2 if bounds else 46.5
    # The colour bar lies under the map (beside it, it would take a phone's width from the map).
    return {"data": traces, "layout": {
        **CHOROPLETH_LAYOUT, "height": height, "margin": {**CHOROPLETH_LAYOUT.get("margin", {}), "b": 80},
        "hoverdistance": 1,  # plotly.js's own hover: a territory's marker only; assets/map_hover.js does the rest
        "xaxis": {"visible": False},
        "yaxis": {"visible": False, "scaleanchor": "x", "scaleratio": 1 / math.cos(math.radians(latitude))}}}


def _shade(outlines: list[Outline], colours: list[str], colour: str) -> dict:
    """The territories of one colour as one filled trace. Each vertex carries its territory's number (its marker's
    index, ``customdata``): assets/map_hover.js finds the territory under the pointer from them."""
    numbers = [number for number, c in enumerate(colours) if c == colour]
    owners = np.concatenate([np.full(len(outlines[number].x), number, dtype="<i2") for number in numbers])
    return {"type": "scatter", **dict(zip("xy", _joined([outlines[number] for number in numbers]))),
            "customdata": {"dtype": "i2", "bdata": base64.b64encode(owners.tobytes()).decode("ascii")},
            "meta": FILL_META, "mode": "lines", "fill": "toself", "fillcolor": colour,
            "line": {"color": "white", "width": 0.8}, "hoverinfo": "skip", "showlegend": False}


def territory_markers(x: list[float], y: list[float], hover: list[str], codes: list[str]) -> dict:
    """Transparent markers, one inside each territory, that carry its hover text and its code (``customdata``,
    what a click returns): the maps fill their territories a trace per colour, which cannot tell them apart."""
    return {"type": "scatter", "x": x, "y": y, "mode": "markers", "marker": {"size": 12, "color": "rgba(0,0,0,0)"},
            "text": hover, "customdata": codes, "hoverinfo": "text", "showlegend": False, "name": MARKERS_NAME}


def _colour_bar(values: pd.Series, title: str, value_range: tuple[float, float] | None = None) -> dict:
    """An invisible trace that only carries the colour bar of the scale (none when every value is equal)."""
    low, high = _scale(values, value_range)
    return {"type": "scatter", "x": [None], "y": [None], "mode": "markers", "hoverinfo": "skip", "showlegend": False,
            "marker": {"color": [low, high], "colorscale": _stepped_scale(), "cmin": low, "cmax": high,
                       "showscale": high > low,
                       "colorbar": {"title": {"text": title, "side": "top"}, "orientation": "h", "y": -0.02,
                                    "yanchor": "top", "thickness": 12, "len": 0.9, "separatethousands": True,
                                    "exponentformat": "none"}}}
