"""Figures are built as plain dicts, never validated on the way (issue 26, point 2): plotly must accept each one as it
is, and its validation must change nothing in it — what the browser draws is what a validated ``go.Figure`` drew."""

from __future__ import annotations

import json
import math
from datetime import date

import pandas as pd
import plotly.graph_objects as go
import pytest
import shapely
from plotly.io.json import to_json_plotly

from dashboard.features.diagnostic.charts import INDEX_100, SAME_AXIS, TWO_AXES, Axes, series_lines
from dashboard.features.diagnostic.class_map import class_map
from dashboard.features.gaps.charts import ambition_gauge, trajectory_chart
from dashboard.features.process.timeline import timeline_figure
from dashboard.figures.charts import AXIS_NUMBERS, base_layout
from dashboard.figures.colour_scales import quantile_scale
from dashboard.figures.template import DSFR
from domain.process import DONE, UNDER_WAY
from domain.progress import Acquired
from tests.layouts import page_answer

MEETING_PAGES = {"/": "?region=53", "/ecarts": "?region=53", "/declinaison": "?region=53&niveau=crte",
                 "/diagnostic": "?region=53", "/feuille-de-route": "?region=53", "/projection": "?region=53",
                 "/feuille-de-route/document": "?region=53"}


def as_sent(value) -> object:
    return json.loads(to_json_plotly(value))


def assert_validated_as_is(figure: dict) -> None:
    """plotly's validation accepts ``figure`` (an unknown property or a wrong value raises) and changes nothing."""
    sent = as_sent(figure)
    validated = as_sent(go.Figure(sent))
    assert validated["layout"] == sent["layout"]
    assert len(validated["data"]) == len(sent["data"])
    for trace, validated_trace in zip(sent["data"], validated["data"]):
        assert validated_trace == trace


def figures_in(node) -> list[dict]:
    if isinstance(node, dict):
        props = node.get("props")
        found = [props["figure"]] if isinstance(props, dict) and props.get("figure") else []
        return found + [figure for value in node.values() for figure in figures_in(value)]
    if isinstance(node, list):
        return [figure for value in node for figure in figures_in(value)]
    return []


def test_the_template_is_what_plotly_makes_of_it():
    assert go.layout.Template(DSFR).to_plotly_json() == DSFR


def test_the_base_layout_merges_as_plotly_updates():
    layout = base_layout(300, {"margin": {"t": 30}, "legend": {"x": 0}}, {"legend": {"y": 1}, "title": None},
                         {"yaxis2": {"side": "right"}})
    assert layout["margin"] == {"l": 0, "r": 0, "t": 30, "b": 0} and layout["legend"] == {"x": 0, "y": 1}
    assert layout["height"] == 300 and "title" not in layout and layout["template"] == DSFR
    assert all(layout[axis].items() >= AXIS_NUMBERS.items() for axis in ("xaxis", "yaxis", "yaxis2"))
    assert base_layout(300, {"xaxis": {"range": None, "visible": False}})["xaxis"] == {"visible": False,
                                                                                     **AXIS_NUMBERS}


def test_every_figure_of_the_meeting_pages_is_what_plotly_would_validate(client):
    count = 0
    for path, search in MEETING_PAGES.items():
        for figure in figures_in(page_answer(client, path, search)):
            assert_validated_as_is(figure)
            count += 1
    assert count >= 12


def _series() -> list[tuple[str, pd.DataFrame]]:
    return [("Bretagne", pd.DataFrame({"year": [2019, 2020, 2021], "value": [1.6, None, 1.5]})),
            ("France", pd.DataFrame({"year": [2020, 2021], "value": [32.6, 31.4]}))]


@pytest.mark.parametrize("axes", [Axes(SAME_AXIS), Axes(INDEX_100, 2021), Axes(TWO_AXES)])
def test_the_series_lines_are_what_plotly_would_validate(axes):
    figure = series_lines(_series(), "TWh", axes)
    assert_validated_as_is(figure)
    lines = go.Figure(figure).data
    assert [line.name for line in lines] == ["Bretagne", "France"]
    assert lines[0].x == (2019, 2020, 2021) and math.isnan(lines[0].y[1]), "a year without a value is a gap"
    assert (lines[1].yaxis == "y2") == (axes.mode == TWO_AXES) and lines[1].line.dash == "dot"
    assert figure["layout"]["margin"] == {"l": 0, "r": 0, "t": 0, "b": 0}


def test_the_gauge_and_the_gaps_trajectory_are_what_plotly_would_validate():
    gauge = ambition_gauge(120.0, 100.0)
    assert_validated_as_is(gauge)
    assert go.Figure(gauge).data[0].delta.reference == 100.0
    path = {"objective_kt": 100.0, "curve": pd.DataFrame({"year": [2019, 2021], "progress_kt": [0.0, 12.5]}),
            "acquired": Acquired(12.5, 2, 3, 2021, 2021)}
    chart = trajectory_chart(path, 120.0)
    assert_validated_as_is(chart)
    assert [trace["name"] for trace in chart["data"]] == [
        "trajectoire linéaire", "objectif 2030 (SGPE)", "scénario", "observé (2 leviers sur 3, observés en 2021)"]


def test_the_timeline_is_what_plotly_would_validate():
    steps = pd.DataFrame({"territory_level": ["crte", "crte"], "name": ["Pays <b>A</b>", "Pays B"], "step": [1, 2],
                          "state": [DONE, UNDER_WAY], "planned_start": [date(2026, 1, 5), None],
                          "planned_end": [date(2026, 3, 1), None], "actual_start": [date(2026, 1, 10),
                                                                                    date(2026, 4, 1)],
                          "actual_end": [date(2026, 3, 5), None]})
    figure = timeline_figure(steps, date(2026, 6, 1))
    assert_validated_as_is(figure)
    (today,) = figure["layout"]["shapes"]
    assert today["x0"] == today["x1"] == "2026-06-01" and today["yref"] == "y domain"
    assert all("<b>A</b>" not in label for trace in figure["data"] for label in trace["y"])


def test_a_class_map_with_equal_values_says_so_and_is_what_plotly_would_validate():
    cells = [shapely.box(i, 45, i + 1, 46) for i in range(3)]
    territories = pd.DataFrame({"code": ["a", "b", "c"], "name": ["A", "B", "C"], "value": [2.0, 2.0, None],
                                "hover": ["A", "B", "C"], "geom_simplified": [cell.wkb for cell in cells]})
    markers = {code: (cell.centroid.x, cell.centroid.y) for code, cell in zip("abc", cells)}
    figure = class_map(territories, "TWh", markers, None, selected=("a",), note="Toutes les valeurs sont égales")
    assert_validated_as_is(figure)
    assert figure["layout"]["margin"]["t"] == 30 and figure["layout"]["annotations"][0]["text"].startswith("Toutes")
    graded = class_map(territories.assign(value=[1.0, 2.0, 3.0]), "TWh", markers,
                       quantile_scale(pd.Series([1.0, 2.0, 3.0])))
    assert_validated_as_is(graded)
    assert "range" in graded["layout"]["xaxis"] and graded["layout"]["xaxis"]["visible"] is False
