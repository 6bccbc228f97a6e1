"""The overview's chart: the region's levers as a treemap."""

from __future__ import annotations

import pandas as pd

from dashboard.figures.charts import GROUPINGS, TREEMAP_TEXT, base_layout, plain, wrap
from domain.vocabulary import colour


def lever_treemap(levers: pd.DataFrame, grouping: str) -> dict:
    """Levers nested in their sector (or thematic group), area proportional to the 2030 objective."""
    column, _ = GROUPINGS[grouping]
    levers = levers[levers["obj_co2_kt"] > 0]
    groups = levers.groupby(column, sort=False)["obj_co2_kt"].sum().sort_values(ascending=False)
    colours = {group: colour(group) for group in groups.index}
    ids = [f"g:{g}" for g in groups.index] + [f"l:{i}" for i in levers["lever_id"]]
    treemap = {
        "type": "treemap",
        "ids": ids,
        "labels": [plain(name) for name in list(groups.index) + list(levers["lever"])],
        "text": [plain(group) for group in groups.index] + [wrap(label) for label in levers["lever"]],
        "parents": [""] * len(groups) + [f"g:{g}" for g in levers[column]],
        "values": list(groups.values) + list(levers["obj_co2_kt"]),
        "branchvalues": "total",
        "marker": {"colors": [colours[g] for g in groups.index] + [colours[g] for g in levers[column]],
                   "line": {"color": "white", "width": 2}},
        "texttemplate": "<b>%{text}</b><br>%{value:,.1f} ktCO₂e<br>%{percentRoot:.0%}",
        "hovertemplate": "<b>%{label}</b><br>%{value:,.1f} ktCO₂e<br>%{percentRoot:.1%} du total<extra></extra>",
        "textfont": {"color": "white", "size": 15},
        "pathbar": {"visible": True, "textfont": {"size": 14}},
        "tiling": {"pad": 2},
        "sort": True,
    }
    return {"data": [treemap], "layout": base_layout(520, {"uniformtext": TREEMAP_TEXT})}
