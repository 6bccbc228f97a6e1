"""Charts of the Diagnostic page: the ranking of territories and the series over the years."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard.charts import PALETTE, base_layout, plain

RANKING_SHOWN = 15           # at most this many best and worst territories in the bar chart
HIGHLIGHT = "#E1000F"
BAR = "#6A6AF4"


def ranking_bars(ranked: pd.DataFrame, unit: str, highlighted: tuple[str, ...] = ()) -> go.Figure:
    """Horizontal bars, best at the top; a long list keeps its best and worst ``RANKING_SHOWN``."""
    unit = plain(unit)
    shown = ranked[ranked["value"].notna()]
    if len(shown) > 2 * RANKING_SHOWN:
        shown = pd.concat([shown.head(RANKING_SHOWN), shown.tail(RANKING_SHOWN)])
    labels = [f"{int(rank)}. {plain(name)}" for rank, name in zip(shown["rank"], shown["name"])]
    figure = go.Figure(go.Bar(
        x=shown["value"].to_numpy(), y=labels, orientation="h",
        marker={"color": [HIGHLIGHT if code in highlighted else BAR for code in shown["code"]]},
        hovertemplate="%{y} : %{x:,.2f} " + unit + "<extra></extra>",
    ))
    figure.update_yaxes(autorange="reversed", automargin=True, tickfont={"size": 12})
    figure.update_xaxes(title={"text": unit}, gridcolor="#E5E5E5", zeroline=True, zerolinecolor="#929292")
    figure.update_layout(plot_bgcolor="white", bargap=0.25)
    return base_layout(figure, height=max(260, 22 * len(shown) + 80))


def series_lines(series: list[tuple[str, pd.DataFrame]], unit: str) -> go.Figure:
    """One line per territory over the years; a year without a value is a gap, not a zero."""
    unit = plain(unit)
    figure = go.Figure()
    years = sorted({int(y) for _, frame in series for y in frame["year"]})
    for index, (label, frame) in enumerate(series):
        values = frame.set_index("year")["value"].reindex(years)
        label = plain(label)
        figure.add_trace(go.Scatter(
            x=years, y=values.to_numpy(dtype=float), name=label, mode="lines+markers", connectgaps=False,
            line={"color": PALETTE[index % len(PALETTE)], "width": 3, "dash": "dot" if label.startswith("France") else None},
            hovertemplate=f"{label}<br>%{{x}} : %{{y:,.2f}} {unit}<extra></extra>",
        ))
    figure.update_xaxes(tickmode="array", tickvals=years, tickformat="d", gridcolor="#E5E5E5")
    figure.update_yaxes(title={"text": unit}, gridcolor="#E5E5E5", rangemode="tozero")
    figure.update_layout(plot_bgcolor="white", legend={"orientation": "h", "y": -0.15},
                         margin={"l": 0, "r": 0, "t": 10, "b": 0})
    return base_layout(figure, height=380)
