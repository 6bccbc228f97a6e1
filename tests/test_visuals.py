"""Honest visuals, without a browser: French signs and axes, scales that start at 0 %, colours that mean status."""

import numpy as np
import pandas as pd
from plotly.colors import sample_colorscale

from dashboard.charts import FRENCH_SEPARATORS, lever_treemap
from dashboard.diagnostic.class_map import main_cluster
from dashboard.ecarts.charts import group_gaps_bars, progress_treemap
from dashboard.ecarts.gaps import AHEAD, BEHIND, NO_DATA, ON_TRACK
from dashboard.maps import SEQUENTIAL, _fill_colours
from domain import formats
from domain.vocabulary import GAP_COLOURS


def test_negative_figures_use_the_minus_sign():
    assert formats.kt(-1234.5) == "\u22121\u202f234,5\u00a0ktCO₂e"
    assert formats.percent(-0.05) == "\u22125\u00a0%"
    assert "-" not in formats.number(-3, 1)


def test_a_share_is_coloured_on_a_scale_from_0_to_100_percent():
    low, high = _fill_colours(pd.Series([2.0, 4.0]), (0.0, 100.0))
    assert low == sample_colorscale(SEQUENTIAL, 0.02)[0] and high == sample_colorscale(SEQUENTIAL, 0.04)[0]
    assert high != SEQUENTIAL[-1][1], "4 % is not the darkest colour"
    beyond = _fill_colours(pd.Series([-10.0, 150.0]), (0.0, 100.0))  # a territory committed beyond its objective
    assert beyond == [sample_colorscale(SEQUENTIAL, 0.0)[0], sample_colorscale(SEQUENTIAL, 1.0)[0]]


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
