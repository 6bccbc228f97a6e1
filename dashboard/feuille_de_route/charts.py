"""Charts of the roadmap: the trajectory the commitments draw against the linear path, and the coverage map."""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go

from dashboard.charts import base_layout, plain
from dashboard.maps import Outline, choropleth_map
from domain import formats

LINEAR_COLOUR, COMMITTED_COLOUR = "#666666", "#000091"


def trajectory_figure(trajectory: pd.DataFrame, height: int = 380) -> go.Figure:
    """Cumulated ktCO₂e avoided per year: the commitments (area) against the linear path to the objective."""
    figure = go.Figure()
    if trajectory["linear_kt"].notna().any():
        figure.add_trace(go.Scatter(
            x=trajectory["year"], y=trajectory["linear_kt"], name="Trajectoire linéaire vers l'objectif",
            mode="lines", line={"color": LINEAR_COLOUR, "dash": "dash", "width": 2},
            hovertemplate="%{x} : %{y:,.1f} ktCO₂e attendues<extra></extra>"))
    figure.add_trace(go.Scatter(
        x=trajectory["year"], y=trajectory["committed_kt"], name="Engagements (retenus, engagés, réalisés)",
        mode="lines+markers", fill="tozeroy", fillcolor="rgba(0, 0, 145, 0.12)",
        line={"color": COMMITTED_COLOUR, "width": 3},
        hovertemplate="%{x} : %{y:,.1f} ktCO₂e engagées<extra></extra>"))
    figure.update_layout(
        legend={"orientation": "h", "y": 1.12, "x": 0}, plot_bgcolor="white", hovermode="x unified",
        xaxis={"dtick": 1, "tickformat": "d", "range": [trajectory["year"].min() - 0.5, trajectory["year"].max() + 0.5],
               "gridcolor": "#eeeeee", "title": None},
        yaxis={"title": {"text": "ktCO₂e évitées par rapport à 2019"}, "gridcolor": "#eeeeee", "rangemode": "tozero"},
    )
    figure = base_layout(figure, height=height)
    figure.update_layout(margin={"l": 70, "r": 10, "t": 40, "b": 30})
    return figure


def trajectory_caption(trajectory: pd.DataFrame, territory: str) -> str:
    last = trajectory.iloc[-1]
    middle = trajectory[trajectory["year"] == 2025]
    parts = [f"{territory} : en 2030, les engagements comptés atteignent {formats.kt(last['committed_kt'])}"]
    if not math.isnan(last["linear_kt"]):
        parts.append(f"pour un objectif de {formats.kt(last['linear_kt'])}")
    if len(middle):
        parts.append(f"en 2025, {formats.kt(middle.iloc[0]['committed_kt'])} contre "
                     f"{formats.kt(middle.iloc[0]['linear_kt'])} sur la trajectoire linéaire")
    return ", ".join(parts) + (". Chaque engagement monte en charge de son année de début à son année de fin. "
                               "Source : engagements saisis dans cet outil (calculé) ; objectif SGPE (indicatif).")


def coverage_map(parts: pd.DataFrame, shapes: dict[str, Outline],
                 overlay: dict[str, Outline] | None) -> tuple[dict, str]:
    """Map coloured by the share of the objective covered, or by ktCO₂e committed where no objective exists.

    ``parts``: ``roadmap_data.parts_coverage``; ``shapes`` their outlines, ``overlay`` the départements' (at
    CRTE level). Returns the figure and the colour scale's meaning.
    """
    with_objective = parts["objective_kt"].notna().any()
    if with_objective:
        values, title = parts["coverage"] * 100, "Couverture (%)"
    else:
        values, title = parts["committed_kt"], "Engagé (ktCO₂e)"
    hover = [f"<b>{plain(name)}</b><br>Engagé : {formats.kt(committed)}<br>Objectif : {formats.kt(objective)}"
             f"<br>Couverture : {formats.percent(coverage)}"
             for name, committed, objective, coverage in zip(parts["name"], parts["committed_kt"],
                                                              parts["objective_kt"], parts["coverage"])]
    frame = parts.assign(value=values.values, hover=hover)
    scale = (0.0, 100.0) if with_objective else None  # a share is read against 0–100 %, not its maximum
    return choropleth_map(frame, title, shapes, overlay, height=520, value_range=scale), title
