"""What pages keep ready to send is exactly what plotly's encoder would write for the components built
(dashboard/components/as_sent.py)."""

from __future__ import annotations

import datetime
import json
import math

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from dash import dcc, html
from plotly.io.json import to_json_plotly

from dashboard.components.after_main_chart import after_main_chart
from dashboard.components.as_sent import plain
from dashboard.components.table import data_table
from dashboard.tables import Table


def encoded(value):
    return json.loads(to_json_plotly(value))


def test_components_figures_and_odd_values_are_kept_as_plotly_encodes_them():
    table = Table("Titre", pd.DataFrame({"Nom": ["a", None], "Part": [0.5, math.nan], "kt": [1.25, 2.0]}),
                  {"Part": "percent", "kt": "kt"}, ["Source."])
    figure = {"data": [{"type": "bar", "x": np.array([2019, 2020]), "y": np.array([1.5, np.nan]),
                        "customdata": [("a", 1), ("b", 2)]}],
              "layout": {"title": {"text": "Écarts"}, "xaxis": {"range": (0, math.inf)}}}
    values = [
        html.Section(id="s", children=[html.H2("Maquette"), data_table(table, "vue", {"region": "53"}),
                                       dcc.Graph(id="g", figure=figure), dcc.Store(id="t", data={"a": (1, 2)})]),
        ("titre", [html.P("x")], None, 3, True, -0.0, math.nan),
        {"date": datetime.date(2026, 12, 6), "moment": pd.Timestamp("2026-12-06 10:00"), "n": np.int64(3),
         "f": np.float64(2.5), "keys": {1: "un"}},
        go.Figure(go.Bar(x=[1, 2], y=[3, 4])),
        after_main_chart("fin", [html.P("après <b>"), dcc.Graph(id="h", figure=figure)], main="g"),
    ]
    for value in values:
        assert plain(value) == encoded(value)
    assert plain(values[1])[-1] is None  # NaN is sent as null
