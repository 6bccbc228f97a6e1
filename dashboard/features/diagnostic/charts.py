"""Charts of the Diagnostic page: the ranking of territories and the series over the years."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboard.figures.charts import axis_title, base_layout, plain, wrap
from dashboard.figures.template import PALETTE

RANKING_SHOWN = 15           # at most this many best and worst territories in the bar chart
HIGHLIGHT = "#E1000F"
BAR = "#6A6AF4"
SAME_AXIS, INDEX_100, TWO_AXES = "même axe", "indice 100", "deux axes"


def ranking_bars(ranked: pd.DataFrame, unit: str, highlighted: tuple[str, ...] = ()) -> dict:
    """Horizontal bars of ``compared``, best at the top; a long list keeps its best and worst ``RANKING_SHOWN``,
    and the ``highlighted`` territories (in red) wherever they rank."""
    shown = shown_in_ranking(ranked, highlighted)
    labels = [f"{int(rank)}. {plain(name)}" for rank, name in zip(shown["rank"], shown["name"])]
    bars = {
        "type": "bar", "x": shown["compared"].to_numpy(dtype=float).tolist(), "y": labels, "orientation": "h",
        "marker": {"color": [HIGHLIGHT if code in highlighted else BAR for code in shown["code"]]},
        "hovertemplate": "%{y} : %{x:,.3~r} " + plain(unit) + "<extra></extra>",
    }
    return {"data": [bars], "layout": base_layout(max(260, 22 * len(shown) + 80), {
        "yaxis": {"autorange": "reversed", "automargin": True, "tickfont": {"size": 12}},
        "xaxis": {"title": axis_title(unit), "automargin": True, "gridcolor": "#E5E5E5", "zeroline": True,
                  "zerolinecolor": "#929292"},
        "plot_bgcolor": "white", "bargap": 0.25})}


def shown_in_ranking(ranked: pd.DataFrame, highlighted: tuple[str, ...] = ()) -> pd.DataFrame:
    """The ranked territories the bars show: all, or the best and worst ``RANKING_SHOWN`` and the highlighted."""
    shown = ranked[ranked["compared"].notna()]
    if len(shown) <= 2 * RANKING_SHOWN:
        return shown
    ends = shown.index[:RANKING_SHOWN].union(shown.index[-RANKING_SHOWN:])
    return shown.loc[ends.union(shown.index[shown["code"].isin(highlighted)])]


@dataclass
class Axes:
    """How the series are drawn against each other: on the same axis (comparable values), as an index 100 in
    ``base`` (values of different sizes), or on two axes (France on the right) when no year is common to all."""

    mode: str
    base: int | None = None

    def sentence(self, unit: str) -> str:
        if self.mode == INDEX_100:
            return (f"Indice 100 en {self.base} : chaque courbe est rapportée à sa propre valeur de {self.base}, "
                    "pour comparer des évolutions de territoires de tailles différentes (valeurs dans le tableau)")
        if self.mode == TWO_AXES:
            return f"France sur l'axe de droite, les territoires sur celui de gauche ({unit})"
        return f"Valeurs en {unit}, sur un même axe"


def comparable_axes(series: list[tuple[str, pd.DataFrame]], comparable: bool) -> Axes:
    """``SAME_AXIS`` for values that compare as they are (rates); else an index 100 in the first year every
    series has a value (not zero), or two axes."""
    if comparable:
        return Axes(SAME_AXIS)
    common = None
    for _, frame in series:
        years = set(frame.loc[frame["value"].notna() & (frame["value"] != 0), "year"].astype(int))
        common = years if common is None else common & years
    if common and len({int(y) for _, frame in series for y in frame["year"]}) > 1:
        return Axes(INDEX_100, min(common))
    return Axes(TWO_AXES)


def series_lines(series: list[tuple[str, pd.DataFrame]], unit: str, axes: Axes) -> dict:
    """One line per territory over the years (the last, France, dotted); a year without a value is a gap, not a
    zero. ``axes``: how the lines are made comparable (``comparable_axes``)."""
    lines = []
    years = sorted({int(y) for _, frame in series for y in frame["year"]})
    for index, (label, frame) in enumerate(series):
        values = frame.set_index("year")["value"].reindex(years)
        france = index == len(series) - 1 and label.startswith("France")
        if axes.mode == INDEX_100:
            values = values / values.loc[axes.base] * 100
        shown = "indice %{y:,.1f}" if axes.mode == INDEX_100 else f"%{{y:,.3~r}} {plain(unit)}"
        label = plain(label)
        lines.append({
            "type": "scatter", "x": years, "y": values.to_numpy(dtype=float).tolist(), "name": label,
            "mode": "lines+markers", "connectgaps": False, "yaxis": "y2" if france and axes.mode == TWO_AXES else "y",
            "line": {"color": PALETTE[index % len(PALETTE)], "width": 3, **({"dash": "dot"} if france else {})},
            "hovertemplate": f"{label}<br>%{{x}} : {shown}<extra></extra>",
        })
    title = f"indice 100 en {axes.base}" if axes.mode == INDEX_100 else unit
    layout = {
        "xaxis": {"tickmode": "array", "tickvals": years, "tickformat": "d", "gridcolor": "#E5E5E5"},
        # An index reads its changes around 100; values read from zero.
        "yaxis": {"title": {"text": wrap(title, 40)}, "gridcolor": "#E5E5E5", "automargin": True,
                  "rangemode": "normal" if axes.mode == INDEX_100 else "tozero"},
        "plot_bgcolor": "white", "legend": {"orientation": "h", "y": -0.15}}
    if axes.mode == TWO_AXES:
        layout["yaxis2"] = {"title": {"text": wrap(f"France ({unit})", 40)}, "overlaying": "y", "side": "right",
                            "rangemode": "tozero", "showgrid": False, "automargin": True}
    return {"data": lines, "layout": base_layout(380, layout)}
