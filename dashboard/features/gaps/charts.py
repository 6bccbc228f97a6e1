"""The charts of the "Écarts" page, as plain functions: DataFrame in, figure (a plain dict) out."""

from __future__ import annotations

import numpy as np
import pandas as pd

from dashboard.figures.charts import BAR_TEXT, GROUPINGS, TREEMAP_TEXT, axis_title, base_layout, plain
from domain import formats
from domain.levers import START_YEAR, TARGET_YEAR
from domain.vocabulary import AHEAD, BEHIND, GAP_COLOURS, NO_DATA, NO_DATA_FILL, RECEDING, STABLE, colour

ACHIEVED = "#18753C"      # DSFR success green
REMAINING = "#E3E3FD"     # bleu France, light
PATH, SCENARIO = "#666666", "#C3992A"


def progress_treemap(gaps: pd.DataFrame, grouping: str) -> dict:
    """Levers nested in their sector (or group), area = objective; inside each, the part achieved in green."""
    column, _ = GROUPINGS[grouping]
    levers = gaps[gaps["obj_co2_kt"] > 0]
    groups = levers.groupby(column, sort=False)["obj_co2_kt"].sum().sort_values(ascending=False)
    colours = {group: colour(group) for group in groups.index}
    ids, labels, parents, values, fills, texts = [], [], [], [], [], []

    def add(node_id, label, parent, value, fill, text):
        ids.append(node_id), labels.append(label), parents.append(parent), values.append(value)
        fills.append(fill), texts.append(text)

    for group, total in groups.items():
        add(f"g:{group}", plain(group), "", total, colours[group], "")
    for lever in levers.itertuples(index=False):
        lever_node = f"l:{lever.lever_id}"
        observed = lever.status_gap != NO_DATA
        lever_group = getattr(lever, column)
        add(lever_node, plain(lever.lever), f"g:{lever_group}", lever.obj_co2_kt, colours[lever_group],
            _achieved(lever) if observed else NO_DATA)
        if not observed:
            add(f"n:{lever.lever_id}", NO_DATA, lever_node, lever.obj_co2_kt, NO_DATA_FILL, "")
            continue
        achieved = float(np.clip(lever.progress_kt, 0, lever.obj_co2_kt))
        add(f"a:{lever.lever_id}", "réalisé", lever_node, achieved, ACHIEVED, "")
        add(f"r:{lever.lever_id}", "reste à faire", lever_node, lever.obj_co2_kt - achieved, REMAINING, "")
    treemap = {
        "type": "treemap", "ids": ids, "labels": labels, "parents": parents, "values": values, "customdata": texts,
        "branchvalues": "total", "maxdepth": 3, "sort": True,
        "marker": {"colors": fills, "line": {"color": "white", "width": 1}},
        "texttemplate": "%{label}<br>%{customdata}",
        "hovertemplate": "<b>%{label}</b><br>%{value:,.1f} ktCO₂e<br>%{customdata}<extra></extra>",
        "textfont": {"size": 13},
        "pathbar": {"visible": True, "textfont": {"size": 14}},
        "tiling": {"pad": 1},
    }
    return {"data": [treemap], "layout": base_layout(620, {"uniformtext": TREEMAP_TEXT})}


def _achieved(lever) -> str:
    """« 12 % réalisé en 2022 »; a lever gone the wrong way or not moved says so rather than « −504 % »."""
    if lever.trend in (RECEDING, STABLE):
        return f"{lever.trend} en {lever.observed_year}"
    return f"{formats.percent(lever.achieved_share)} réalisé en {lever.observed_year}"


def group_gaps_bars(groups: pd.DataFrame, label: str) -> dict:
    """Gap per sector (or group), sorted, most behind on top, coloured by status (one trace per status: the
    legend names the colours)."""
    observed = groups[groups["gap_kt"].notna()].iloc[::-1]
    observed = observed.assign(group=[plain(group) for group in observed["group"]])
    bars = []
    for status, fill in GAP_COLOURS.items():
        rows = observed[observed["status_gap"] == status]
        if rows.empty:
            continue
        bars.append({
            "type": "bar", "x": list(rows["gap_kt"]), "y": list(rows["group"]), "orientation": "h", "name": status,
            "marker": {"color": fill}, "text": [formats.kt(gap) for gap in rows["gap_kt"]],
            "insidetextanchor": "end",
            # outside a bar, a value goes away from zero: past a negative bar's end, onto the axis's labels
            "textposition": ["auto" if gap > 0 else "inside" for gap in rows["gap_kt"]],
            "customdata": [f"{formats.counted(observed_levers, 'levier')} {formats.noun(observed_levers, 'observé')} "
                           f"sur {formats.count(levers)}" for observed_levers, levers in
                           zip(rows["observed_levers"], rows["levers"])],
            "hovertemplate": (f"<b>%{{y}}</b><br>écart : %{{x:,.1f}} ktCO₂e<br>%{{customdata}}<br>{status}"
                              "<extra></extra>"),
        })
    return {"data": bars, "layout": base_layout(max(260, 110 + 48 * len(observed)), {
        "margin": {"l": 10, "r": 20, "t": 10, "b": 10}, "bargap": 0.3, "barmode": "overlay", "uniformtext": BAR_TEXT,
        "legend": {"orientation": "h", "x": 0, "y": 1.02, "yanchor": "bottom", "title": {"text": "Statut : "}},
        "xaxis": {"title": axis_title("Écart à la trajectoire linéaire (ktCO₂e), positif : en retard"),
                  "automargin": True, "zeroline": True, "zerolinecolor": "#161616", "gridcolor": "#DDDDDD"},
        "yaxis": {"automargin": True, "categoryorder": "array", "categoryarray": list(observed["group"])}})}


def trajectory_chart(path: dict, scenario_kt: float | None) -> dict:
    """Avoided emissions (ktCO2e) from 2019 to 2030: linear path, objective, scenario, and what is observed: the
    year-by-year curve when every year holds the same levers, else the acquis alone (``gaps.trajectory``)."""
    objective_kt, curve, summary = path["objective_kt"], path["curve"], path["acquired"]
    traces = [
        {"type": "scatter", "x": [START_YEAR, TARGET_YEAR], "y": [0, objective_kt], "mode": "lines",
         "name": "trajectoire linéaire", "line": {"color": PATH, "dash": "dash"},
         "hovertemplate": "%{x} : %{y:,.1f} ktCO₂e attendues<extra></extra>"},
        {"type": "scatter", "x": [TARGET_YEAR], "y": [objective_kt], "mode": "markers",
         "name": "objectif 2030 (SGPE)", "marker": {"color": "#000091", "size": 14, "symbol": "diamond"},
         "hovertemplate": "objectif 2030 : %{y:,.1f} ktCO₂e<extra></extra>"},
    ]
    if scenario_kt is not None and not np.isclose(scenario_kt, objective_kt):
        traces.append({"type": "scatter", "x": [START_YEAR, TARGET_YEAR], "y": [0, scenario_kt],
                       "mode": "lines+markers", "name": "scénario", "line": {"color": SCENARIO, "dash": "dot"},
                       "marker": {"size": [0, 14], "symbol": "star"},
                       "hovertemplate": "scénario %{x} : %{y:,.1f} ktCO₂e<extra></extra>"})
    if not curve.empty:
        traces.append({"type": "scatter", "x": list(curve["year"]), "y": list(curve["progress_kt"]),
                       "mode": "lines+markers", "name": f"observé ({summary.scope})",
                       "line": {"color": ACHIEVED, "width": 3}, "marker": {"size": 10},
                       "hovertemplate": "observé %{x} : %{y:,.1f} ktCO₂e<extra></extra>"})
    elif summary.observed:
        traces.append({"type": "scatter", "x": [summary.last_year], "y": [summary.kt], "mode": "markers",
                       "name": f"acquis ({summary.scope})", "marker": {"color": ACHIEVED, "size": 12},
                       "hovertemplate": "acquis observé : %{y:,.1f} ktCO₂e<extra></extra>"})
    layout = {
        "legend": {"orientation": "h", "y": -0.15}, "plot_bgcolor": "white",
        "xaxis": {"range": [START_YEAR - 0.5, TARGET_YEAR + 0.5], "dtick": 1, "tickformat": "d",
                  "gridcolor": "#EEEEEE"},
        "yaxis": {"title": {"text": "Émissions évitées depuis 2019 (ktCO₂e)"}, "gridcolor": "#DDDDDD",
                  "tickformat": ",.0f", "zerolinecolor": "#161616"},
    }
    return {"data": traces, "layout": base_layout(420, layout, {"margin": {"l": 10, "r": 20, "t": 10, "b": 40}})}


def ambition_gauge(scenario_kt: float, sgpe_kt: float) -> dict:
    """The scenario's total objective against the SGPE's (the threshold line)."""
    top = max(sgpe_kt * 1.5, scenario_kt * 1.1, 1.0)
    gauge = {
        "type": "indicator", "mode": "gauge+number+delta", "value": scenario_kt,
        "number": {"suffix": " ktCO₂e", "valueformat": ",.1f"},
        "delta": {"reference": sgpe_kt, "valueformat": ",.1f", "suffix": " ktCO₂e",
                  "increasing": {"color": GAP_COLOURS[AHEAD]}, "decreasing": {"color": GAP_COLOURS[BEHIND]}},
        "gauge": {"axis": {"range": [0, top], "tickformat": ",.0f"},
                  "bar": {"color": "#000091"},
                  "steps": [{"range": [0, sgpe_kt], "color": "#F6F6F6"}],
                  "threshold": {"line": {"color": "#E1000F", "width": 4}, "thickness": 0.9, "value": sgpe_kt}},
    }
    return {"data": [gauge], "layout": base_layout(260, {"margin": {"l": 30, "r": 40, "t": 20, "b": 10}})}
