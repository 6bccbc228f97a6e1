"""Charts of the roadmap: the trajectory the commitments draw against the linear path, with the achieved and
statistical paths when known, and the coverage map."""

from __future__ import annotations

import math

import pandas as pd

from dashboard.figures.charts import base_layout, plain
from dashboard.figures.colour_scales import ColourScale, stepped_scale
from dashboard.figures.maps import Apart, Outline, choropleth_map
from domain import formats

LINEAR_COLOUR, COMMITTED_COLOUR, ACHIEVED_COLOUR, STATISTICAL_COLOUR = "#666666", "#000091", "#18753C", "#B34000"


def trajectory_figure(trajectory: pd.DataFrame, height: int = 380) -> dict:
    """Cumulated ktCO₂e avoided per year: the commitments (area, planned) against the linear path to the objective;
    the achieved path (follow-up) and the statistical one (observations) when the frame has them
    (``follow_up_paths.with_paths``)."""
    years = list(trajectory["year"])
    traces = []
    if trajectory["linear_kt"].notna().any():
        traces.append({
            "type": "scatter", "x": years, "y": trajectory["linear_kt"].to_numpy(dtype=float).tolist(),
            "name": "Trajectoire linéaire vers l'objectif", "mode": "lines",
            "line": {"color": LINEAR_COLOUR, "dash": "dash", "width": 2},
            "hovertemplate": "%{x} : %{y:,.1f} ktCO₂e attendues<extra></extra>"})
    traces.append({
        "type": "scatter", "x": years, "y": trajectory["committed_kt"].to_numpy(dtype=float).tolist(),
        "name": "Engagements (retenus, engagés, réalisés)", "mode": "lines+markers", "fill": "tozeroy",
        "fillcolor": "rgba(0, 0, 145, 0.12)", "line": {"color": COMMITTED_COLOUR, "width": 3},
        "hovertemplate": "%{x} : %{y:,.1f} ktCO₂e engagées<extra></extra>"})
    for column, name, colour, dash, said in (
            ("achieved_kt", "Réalisé (suivi des engagements)", ACHIEVED_COLOUR, "solid", "réalisées"),
            ("statistical_kt", "Observé (statistiques)", STATISTICAL_COLOUR, "dot", "observées")):
        if column in trajectory and trajectory[column].notna().any():
            traces.append({
                "type": "scatter", "x": years, "y": [None if pd.isna(v) else float(v) for v in trajectory[column]],
                "name": name, "mode": "lines+markers", "line": {"color": colour, "width": 3, "dash": dash},
                "marker": {"symbol": "diamond", "size": 8},
                "hovertemplate": f"%{{x}} : %{{y:,.1f}} ktCO₂e {said}<extra></extra>"})
    return {"data": traces, "layout": base_layout(height, {
        "legend": {"orientation": "h", "y": 1.12, "x": 0}, "plot_bgcolor": "white", "hovermode": "x unified",
        "xaxis": {"dtick": 1, "tickformat": "d", "range": [min(years) - 0.5, max(years) + 0.5],
                  "gridcolor": "#eeeeee"},
        "yaxis": {"title": {"text": "ktCO₂e évitées par rapport à 2019"}, "gridcolor": "#eeeeee",
                  "rangemode": "tozero"},
        "margin": {"l": 70, "r": 10, "t": 40, "b": 30}})}


def trajectory_caption(trajectory: pd.DataFrame, territory: str) -> str:
    last = trajectory.iloc[-1]
    middle = trajectory[trajectory["year"] == 2025]
    parts = [f"{territory} : en 2030, les engagements comptés atteignent {formats.kt(last['committed_kt'])}"]
    if not math.isnan(last["linear_kt"]):
        parts.append(f"pour un objectif de {formats.kt(last['linear_kt'])}")
    if len(middle):
        parts.append(f"en 2025, {formats.kt(middle.iloc[0]['committed_kt'])} contre "
                     f"{formats.kt(middle.iloc[0]['linear_kt'])} sur la trajectoire linéaire")
    return ", ".join(parts) + "." + "".join(_paths_sentences(trajectory)) + (
        " Chaque engagement monte en charge de son année de début à son année de fin. Source : engagements et suivi "
        "saisis dans cet outil (calculé) ; objectif SGPE (indicatif) ; valeurs observées (statistiques).")


def _paths_sentences(trajectory: pd.DataFrame) -> list[str]:
    """« Réalisé selon le suivi : 3,0 ktCO₂e en 2025. », and the same of the statistical path, when drawn."""
    found = []
    for column, said, none in (
            ("achieved_kt", "Réalisé selon le suivi des engagements", "aucun suivi saisi"),
            ("statistical_kt", "Progression observée dans les statistiques", "pas de courbe observée")):
        known = trajectory[trajectory[column].notna()] if column in trajectory else trajectory.iloc[0:0]
        found.append(f" {said} : {formats.kt(known.iloc[-1][column])} en {int(known.iloc[-1]['year'])}."
                     if len(known) else f" {said} : {none}.")
    return found


def coverage_map(parts: pd.DataFrame, shapes: dict[str, Outline], overlay: dict[str, Outline] | None,
                 apart: Apart | None = None) -> tuple[dict, ColourScale | None]:
    """Map coloured by the share of the objective covered, or by ktCO₂e committed where no objective exists, in
    rounded steps from 0 to the largest value (a first commitment of 0,25 % is not lost in a 0–100 % scale).

    ``parts``: ``roadmap_data.parts_coverage``; ``shapes`` their outlines, ``overlay`` the départements' (at
    CRTE level), ``apart`` the communes in none of them. Returns the figure and its colour scale (None: every
    territory shows the same value).
    """
    with_objective = parts["objective_kt"].notna().any()
    if with_objective:
        values, title, suffix = parts["coverage"] * 100, "Couverture de l'objectif", "\u00a0%"
    else:
        values, title, suffix = parts["committed_kt"], "Engagé (ktCO₂e)", ""
    hover = [f"<b>{plain(name)}</b><br>Engagé : {formats.kt(committed)}<br>Objectif : {formats.kt(objective)}"
             f"<br>Couverture : {formats.percent(coverage)}"
             for name, committed, objective, coverage in zip(parts["name"], parts["committed_kt"],
                                                              parts["objective_kt"], parts["coverage"])]
    frame = parts.assign(value=values.values, hover=hover)
    scale = stepped_scale(frame["value"], suffix=suffix)
    note = None
    if scale is None and frame["value"].notna().any():
        value = frame["value"].dropna().iloc[0]
        note = "Même valeur partout : " + (formats.percent(value / 100) if with_objective else formats.kt(value))
    return choropleth_map(frame, title, shapes, overlay, height=520, scale=scale, note=note,
                          apart=apart), scale
