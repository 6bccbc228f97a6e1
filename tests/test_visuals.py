"""Honest visuals, without a browser: French signs and axes, colour scales that carry information, colours that
mean status."""

import base64

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import shapely

from dashboard.features.diagnostic.class_map import main_cluster
from dashboard.features.gaps.charts import group_gaps_bars, progress_treemap
from dashboard.features.overview.charts import lever_treemap
from dashboard.features.roadmap.charts import coverage_map
from dashboard.figures.charts import FRENCH_SEPARATORS
from dashboard.figures.colour_scales import NO_VALUE, quantile_scale
from dashboard.figures.maps import MARKERS_NAME, Outline, choropleth_map, path
from domain import formats
from domain.gaps import AHEAD, BEHIND, NO_DATA, ON_TRACK
from domain.vocabulary import GAP_COLOURS


def test_negative_figures_use_the_minus_sign():
    assert formats.kt(-1234.5) == "\u22121\u202f234,5\u00a0ktCO₂e"
    assert formats.percent(-0.05) == "\u22125\u00a0%"
    assert "-" not in formats.number(-3, 1)


def squares(count: int) -> dict[str, Outline]:
    """``count`` unit squares side by side, as a map's outlines (codes t0, t1…)."""
    cells = {f"t{i}": shapely.box(i, 0, i + 1, 1) for i in range(count)}
    return {code: Outline(*path([cell]), cell.bounds, (cell.centroid.x, cell.centroid.y))
            for code, cell in cells.items()}


def fills(figure: dict) -> dict[str, dict]:
    """code → how the map fills it (fillcolor, fillpattern), read from the fills' vertices (``customdata``)."""
    (markers,) = [trace for trace in figure["data"] if trace.get("name") == MARKERS_NAME]
    found = {}
    for trace in figure["data"]:
        if trace.get("fill"):
            owners = np.frombuffer(base64.b64decode(trace["customdata"]["bdata"]), "<i2")
            for owner in set(owners.tolist()):
                found[markers["customdata"][owner]] = {"fillcolor": trace["fillcolor"],
                                                       "fillpattern": trace.get("fillpattern")}
    return found


def test_coverage_is_scaled_to_the_data_and_a_first_quarter_percent_shows():
    """Issue 21: at 0–2,7 % every département was the same pale colour on a 0–100 % scale, and 25 kt on an
    objective of 10 000 read « Couverture 0 % »."""
    parts = pd.DataFrame({"code": ["t0", "t1", "t2"], "name": ["A", "B", "C"], "objective_kt": [10000.0] * 3,
                          "committed_kt": [25.0, 110.0, 270.0], "coverage": [0.0025, 0.011, 0.027]})
    figure, scale = coverage_map(parts, squares(3), None)
    colours = fills(figure)
    assert len({colours[code]["fillcolor"] for code in ("t0", "t1", "t2")}) == 3
    (bar,) = [trace for trace in figure["data"] if trace.get("marker", {}).get("showscale")]
    assert bar["marker"]["colorbar"]["ticktext"] == ["0,0\u00a0%", "0,5\u00a0%", "1,0\u00a0%", "1,5\u00a0%",
                                                     "2,0\u00a0%", "2,5\u00a0%", "3,0\u00a0%"]
    assert "paliers de 0,5\u00a0% de 0,0\u00a0% à 3,0\u00a0%" in scale.describe()
    (markers,) = [trace for trace in figure["data"] if trace.get("name") == MARKERS_NAME]
    assert "Couverture : 0,3\u00a0%" in markers["text"][0] and "Couverture : 1\u00a0%" in markers["text"][1]


def test_a_territory_without_value_is_hatched_unlike_any_class():
    """Issue 21: Bretagne (the palest class) got almost the white of « sans valeur »."""
    territories = pd.DataFrame({"code": ["t0", "t1", "t2", "t3"], "value": [1.5, 2.0, 30.0, None],
                                "hover": ["A", "B", "C", "D"]})
    scale = quantile_scale(territories["value"])
    colours = fills(choropleth_map(territories, "TWh", squares(4), scale=scale))
    assert colours["t3"]["fillpattern"] == NO_VALUE and NO_VALUE["shape"]
    assert all(colours[code]["fillpattern"] is None for code in ("t0", "t1", "t2"))
    assert colours["t0"]["fillcolor"] not in ("#FFFFFF", "white", colours["t3"]["fillcolor"])


def test_a_map_of_equal_values_says_so_instead_of_colouring():
    territories = pd.DataFrame({"code": ["t0", "t1"], "value": [2.97, 2.97 + 1e-13], "hover": ["A", "B"]})
    figure = choropleth_map(territories, "tCO₂e/hab.", squares(2), scale=quantile_scale(territories["value"]),
                            note="Toutes les valeurs sont égales : 2,97 tCO₂e par habitant")
    assert not [trace for trace in figure["data"] if trace.get("marker", {}).get("showscale")]
    assert [a["text"] for a in figure["layout"]["annotations"]] == [
        "Toutes les valeurs sont égales : 2,97 tCO₂e par habitant"]


def test_gap_bars_are_coloured_by_status_with_a_legend():
    groups = pd.DataFrame({"group": ["A", "B", "C"], "gap_kt": [3.0, 1.0, -5.0],
                           "status_gap": [BEHIND, ON_TRACK, AHEAD], "observed_levers": [1, 1, 1], "levers": [2, 2, 2]})
    figure = go.Figure(group_gaps_bars(groups, "Secteur"))
    colours = {trace.name: trace.marker.color for trace in figure.data}
    assert colours == {BEHIND: GAP_COLOURS[BEHIND], ON_TRACK: GAP_COLOURS[ON_TRACK], AHEAD: GAP_COLOURS[AHEAD]}
    assert list(figure.data[1].y) == ["B"], "a gap within the tolerance is « sur la trajectoire », not red"
    assert all(trace.showlegend is not False for trace in figure.data)


def test_axes_read_in_french_and_treemap_labels_are_never_under_10_px():
    levers = pd.DataFrame({"lever_id": ["a", "b"], "lever": ["A", "B"], "sector": ["S", "S"],
                           "thematic_group": ["T", "T"], "obj_co2_kt": [1200.0, 10.0],
                           "status_gap": [NO_DATA, NO_DATA], "achieved_share": [None, None],
                           "observed_year": [None, None], "progress_kt": [None, None]})
    for figure in map(go.Figure, (lever_treemap(levers, "secteur"), progress_treemap(levers, "secteur"))):
        assert figure.layout.uniformtext.minsize == 10 and figure.layout.uniformtext.mode == "hide"
    bars = go.Figure(group_gaps_bars(pd.DataFrame({"group": ["A"], "gap_kt": [12000.0], "status_gap": [BEHIND],
                                                   "observed_levers": [1], "levers": [1]}), "Secteur"))
    assert bars.layout.separators == FRENCH_SEPARATORS == ",\u202f"
    assert bars.layout.xaxis.exponentformat == "none" and bars.layout.xaxis.separatethousands


def test_the_map_frames_the_mainland_not_the_overseas_regions():
    points = np.array([[-3.0, 48.0], [2.3, 48.8], [5.4, 43.3], [-61.5, 16.2], [55.5, -21.1]])
    assert list(main_cluster(points)) == [True, True, True, False, False]


def test_a_choropleth_draws_one_fill_per_colour_class_and_one_marker_per_territory():
    """Every territory drawn, its hover text and code on a marker inside it (what a click returns); the fills
    grouped by colour class, so that the number of traces does not grow with the territories; the colour bar's
    ticks are the classes' bounds."""
    cells = {f"t{i}": shapely.box(i, 0, i + 1, 1) for i in range(30)}
    shapes = squares(30)
    territories = pd.DataFrame({"code": [*cells, "sans-contour"], "value": [i % 3 for i in range(31)],
                                "hover": [f"Territoire {i}" for i in range(31)]})
    scale = quantile_scale(territories["value"])
    figure = choropleth_map(territories, "ktCO₂e", shapes, overlay={"d": shapes["t0"]}, selected="t4", scale=scale)
    filled = [trace for trace in figure["data"] if trace.get("fill")]
    assert sorted(trace["fillcolor"] for trace in filled) == sorted({scale.colour_of(v) for v in (0, 1, 2)})
    (markers,) = [trace for trace in figure["data"] if trace.get("name") == MARKERS_NAME]
    assert markers["customdata"] == list(cells) and markers["text"] == [f"Territoire {i}" for i in range(30)]
    assert all(cells[code].contains(shapely.Point(x, y))
               for code, x, y in zip(markers["customdata"], markers["x"], markers["y"]))
    drawn = sum(int(np.isnan(np.frombuffer(base64.b64decode(trace["x"]["bdata"]), "<f4")).sum()) for trace in filled)
    assert drawn == 30, "one ring per territory, each closed by a gap"
    for trace in filled:  # each vertex names its territory's marker (assets/map_hover.js)
        xs = np.frombuffer(base64.b64decode(trace["x"]["bdata"]), "<f4")
        owners = np.frombuffer(base64.b64decode(trace["customdata"]["bdata"]), "<i2")
        assert len(owners) == len(xs) and {markers["customdata"][owner] for owner in owners} == {
            code for code, value in zip(territories["code"], territories["value"]) if code in cells
            and scale.colour_of(value) == trace["fillcolor"]}
        assert all(cells[markers["customdata"][owner]].bounds[0] <= x <= cells[markers["customdata"][owner]].bounds[2]
                   for owner, x in zip(owners, xs) if not np.isnan(x)), "a vertex names the territory it outlines"
    bar = figure["data"][-1]["marker"]
    assert bar["colorbar"]["ticktext"] == scale.ticks and len(bar["colorbar"]["tickvals"]) == len(scale.ticks)
    assert [colour for _, colour in bar["colorscale"]][::2] == scale.colours, "the colour bar shows the classes"


def test_colour_classes_are_quantiles_or_rounded_steps_with_their_bounds_written():
    from dashboard.figures.colour_scales import nice_step, stepped_scale

    assert [nice_step(x) for x in (0.45, 0.54, 3.0, 0.0011)] == [0.5, 1.0, 5.0, 0.002]
    steps = stepped_scale(pd.Series([0.0, 120.0, 480.0]))  # 480 / 6 = 80 → steps of 100, up to 500
    assert steps.ticks == ["0", "100", "200", "300", "400", "500"] and len(steps.colours) == 5
    # A metropolis and 9 small territories: quantiles give the small ones all 5 colours, a linear scale gave 1.
    skewed = pd.Series([1.0, 1.2, 1.5, 1.9, 2.2, 2.6, 3.0, 3.5, 4.1, 120.0])
    classes = quantile_scale(skewed)
    assert len({classes.colour_of(v) for v in skewed[:9]}) == 5 and classes.ticks[-1] == "120"
    assert quantile_scale(pd.Series([2.761, 2.759, 2.76])) is None, "equal as shown: no classes"


def test_a_map_with_its_legend_in_the_page_has_its_classes_written_in_the_colours_of_its_territories():
    """Issue 25: the Déclinaison's classes are an HTML legend (plotly's colour bar was a fifth of the map's first
    draw); its swatches are the colours that fill the territories, its labels the classes' bounds, in French."""
    from dashboard.components.colour_legend import colour_legend

    territories = pd.DataFrame({"code": [f"t{i}" for i in range(10)], "value": [float(i * i) for i in range(10)],
                                "hover": [f"T{i}" for i in range(10)]})
    scale = quantile_scale(territories["value"])
    figure = choropleth_map(territories, "ktCO₂e", squares(10), scale=scale, colour_bar=False)
    assert not [trace for trace in figure["data"] if trace.get("marker", {}).get("showscale")]
    legend = colour_legend(scale, "ktCO₂e")
    title, classes = legend.children
    assert title.children == "Légende (ktCO₂e)"
    swatches = [item.children[0].style["backgroundColor"] for item in classes.children]
    labels = [item.children[1] for item in classes.children]
    assert labels == scale.labels and labels[0] == f"0 à {scale.ticks[1]}" and "," in "".join(labels)
    assert {colour["fillcolor"] for colour in fills(figure).values()} == set(swatches) == set(scale.colours)
    assert all(trace["mode"] == "none" for trace in figure["data"] if trace.get("fill")), \
        "the borders are the fills' outline (assets/style.css), not one line path per ring"
    assert colour_legend(None, "ktCO₂e") is None
