"""Honest visuals, without a browser: French signs and axes, scales that start at 0 %, colours that mean status."""

import base64

import numpy as np
import pandas as pd
import shapely
from plotly.colors import sample_colorscale

from dashboard.charts import FRENCH_SEPARATORS, lever_treemap
from dashboard.diagnostic.class_map import main_cluster
from dashboard.ecarts.charts import group_gaps_bars, progress_treemap
from dashboard.ecarts.gaps import AHEAD, BEHIND, NO_DATA, ON_TRACK
from dashboard.maps import SEQUENTIAL, STEP_COLOURS, STEPS, _fill_colours, path
from domain import formats
from domain.vocabulary import GAP_COLOURS


def test_negative_figures_use_the_minus_sign():
    assert formats.kt(-1234.5) == "\u22121\u202f234,5\u00a0ktCO₂e"
    assert formats.percent(-0.05) == "\u22125\u00a0%"
    assert "-" not in formats.number(-3, 1)


def test_a_share_is_coloured_on_a_scale_from_0_to_100_percent():
    """In steps of the scale (``STEPS``, the colour bar's too): 2 % and 4 % are the palest step, not the darkest."""
    low, high, middle = _fill_colours(pd.Series([2.0, 4.0, 52.0]), (0.0, 100.0))
    assert low == high == STEP_COLOURS[0] == sample_colorscale(SEQUENTIAL, 0.5 / STEPS)[0]
    assert middle == STEP_COLOURS[STEPS // 2]
    beyond = _fill_colours(pd.Series([-10.0, 150.0]), (0.0, 100.0))  # a territory committed beyond its objective
    assert beyond == [STEP_COLOURS[0], STEP_COLOURS[-1]]


def test_gap_bars_are_coloured_by_status_with_a_legend():
    groups = pd.DataFrame({"group": ["A", "B", "C"], "gap_kt": [3.0, 1.0, -5.0],
                           "status_gap": [BEHIND, ON_TRACK, AHEAD], "observed_levers": [1, 1, 1], "levers": [2, 2, 2]})
    figure = group_gaps_bars(groups, "Secteur")
    colours = {trace.name: trace.marker.color for trace in figure.data}
    assert colours == {BEHIND: GAP_COLOURS[BEHIND], ON_TRACK: GAP_COLOURS[ON_TRACK], AHEAD: GAP_COLOURS[AHEAD]}
    assert list(figure.data[1].y) == ["B"], "a gap within the tolerance is « sur la trajectoire », not red"
    assert all(trace.showlegend is not False for trace in figure.data)


def test_axes_read_in_french_and_treemap_labels_are_never_under_10_px():
    levers = pd.DataFrame({"lever_id": ["a", "b"], "lever": ["A", "B"], "sector": ["S", "S"],
                           "thematic_group": ["T", "T"], "obj_co2_kt": [1200.0, 10.0],
                           "status_gap": [NO_DATA, NO_DATA], "achieved_share": [None, None],
                           "observed_year": [None, None], "progress_kt": [None, None]})
    for figure in (lever_treemap(levers, "secteur"), progress_treemap(levers, "secteur")):
        assert figure.layout.uniformtext.minsize == 10 and figure.layout.uniformtext.mode == "hide"
    bars = group_gaps_bars(pd.DataFrame({"group": ["A"], "gap_kt": [12000.0], "status_gap": [BEHIND],
                                         "observed_levers": [1], "levers": [1]}), "Secteur")
    assert bars.layout.separators == FRENCH_SEPARATORS == ",\u202f"
    assert bars.layout.xaxis.exponentformat == "none" and bars.layout.xaxis.separatethousands


def test_the_map_frames_the_mainland_not_the_overseas_regions():
    points = np.array([[-3.0, 48.0], [2.3, 48.8], [5.4, 43.3], [-61.5, 16.2], [55.5, -21.1]])
    assert list(main_cluster(points)) == [True, True, True, False, False]


def test_a_choropleth_draws_one_fill_per_colour_step_and_one_marker_per_territory():
    """Every territory drawn, its hover text and code on a marker inside it (what a click returns); the fills
    grouped by colour step, so that the number of traces does not grow with the territories."""
    from dashboard.maps import MARKERS_NAME, Outline, choropleth_map

    cells = {f"t{i}": shapely.box(i, 0, i + 1, 1) for i in range(30)}
    shapes = {code: Outline(*path([cell]), cell.bounds, (cell.centroid.x, cell.centroid.y))
              for code, cell in cells.items()}
    territories = pd.DataFrame({"code": [*cells, "sans-contour"], "value": [i % 3 for i in range(31)],
                                "hover": [f"Territoire {i}" for i in range(31)]})
    figure = choropleth_map(territories, "ktCO₂e", shapes, overlay={"d": shapes["t0"]}, selected="t4")
    fills = [trace for trace in figure["data"] if trace.get("fill")]
    assert sorted(trace["fillcolor"] for trace in fills) == sorted({STEP_COLOURS[0], STEP_COLOURS[10],
                                                                   STEP_COLOURS[-1]})
    (markers,) = [trace for trace in figure["data"] if trace.get("name") == MARKERS_NAME]
    assert markers["customdata"] == list(cells) and markers["text"] == [f"Territoire {i}" for i in range(30)]
    assert all(cells[code].contains(shapely.Point(x, y))
               for code, x, y in zip(markers["customdata"], markers["x"], markers["y"]))
    drawn = sum(int(np.isnan(np.frombuffer(base64.b64decode(trace["x"]["bdata"]), "<f4")).sum()) for trace in fills)
    assert drawn == 30, "one ring per territory, each closed by a gap"
    for trace in fills:  # each vertex names its territory's marker (assets/map_hover.js)
        xs = np.frombuffer(base64.b64decode(trace["x"]["bdata"]), "<f4")
        owners = np.frombuffer(base64.b64decode(trace["customdata"]["bdata"]), "<i2")
        assert len(owners) == len(xs) and {markers["customdata"][owner] for owner in owners} == {
            code for code, value in zip(territories["code"], territories["value"]) if code in cells
            and STEP_COLOURS[{0: 0, 1: 10, 2: -1}[value]] == trace["fillcolor"]}
        assert all(cells[markers["customdata"][owner]].bounds[0] <= x <= cells[markers["customdata"][owner]].bounds[2]
                   for owner, x in zip(owners, xs) if not np.isnan(x)), "a vertex names the territory it outlines"
    bar = figure["data"][-1]["marker"]
    assert [colour for _, colour in bar["colorscale"]][::2] == STEP_COLOURS, "the colour bar shows the same steps"
