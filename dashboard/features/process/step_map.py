"""The map of the step each département or CRTE has reached, under the départements' outlines."""

from __future__ import annotations

import pandas as pd

from dashboard.figures.charts import plain
from dashboard.figures.colour_scales import category_scale
from dashboard.figures.maps import choropleth_map, region_outlines
from dashboard.store import memo_imported
from domain.process import STEPS, reached_label
from domain.regions import of_region
from domain.vocabulary import LEVELS

NAMES = [reached_label(number) for number in range(len(STEPS) + 1)]  # 0: « aucune étape engagée »


def reached_frame(parts: pd.DataFrame, reached: dict[tuple[str, str], int], level: str) -> pd.DataFrame:
    """code, name, value (the step reached, 0 for none), hover, for each territory of ``parts`` (code, name)."""
    values = [reached.get((level, code), 0) for code in parts["code"]]
    return pd.DataFrame({"code": parts["code"], "name": parts["name"], "value": values,
                         "hover": [f"<b>{plain(name)}</b><br>Étape atteinte : {plain(NAMES[value])}"
                                   for name, value in zip(parts["name"], values)]})


def step_map(region: str, level: str, frame: pd.DataFrame) -> dict:
    overlay = memo_imported(region_outlines, region, "departement") if level != "departement" else None
    return choropleth_map(frame, "Étape atteinte", memo_imported(region_outlines, region, level), overlay,
                          scale=category_scale(NAMES), height=560)


def caption(region_name: str, level: str, frame: pd.DataFrame) -> str:
    """What the map shows, in words: how many territories reached each step."""
    counts = frame["value"].value_counts()
    said = "; ".join(f"{NAMES[number]} : {int(counts.get(number, 0))}" for number in range(len(NAMES)))
    return (f"Carte {of_region(region_name)} par {LEVELS[level].singular} : l'étape de la COP que chacun a "
            f"atteinte (la dernière en cours ou faite). {said}. Couleurs {category_scale(NAMES).describe()}.")
