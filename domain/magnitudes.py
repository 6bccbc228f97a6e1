"""Orders of magnitude: a lever's ktCO2e objective said as a physical quantity, in one French sentence.

``659 milliers de véhicules électriques dans le parc régional en 2030, contre 53,5 en 2022.``
"""

from __future__ import annotations

import re

import pandas as pd

from domain import formats
from domain.levers import START_YEAR

HORIZON = re.compile(r"\s*\(([^()]*)\)\s*$")  # "… (en 2030 par rapport à 2019)" at the end of the unit
ADDED = re.compile(r"\s+(supplémentaires|évité(e)?s)\b")  # words of a change, wrong for a level


def split_unit(unit_phys: str) -> tuple[str, str]:
    """``"milliers de VE (en 2030)"`` → ``("milliers de VE", "en 2030")``."""
    match = HORIZON.search(unit_phys)
    if not match:
        return unit_phys.strip(), "en 2030"
    return unit_phys[:match.start()].strip(), match.group(1).strip()


def quantity(value: float) -> str:
    """A physical quantity with as many decimals as its size deserves: ``659``, ``53,5``, ``0,82``."""
    size = abs(value)
    decimals = 0 if size >= 100 or float(value).is_integer() else 1 if size >= 1 else 2 if size >= 0.01 else 4
    return formats.number(value, decimals)


def sentence(lever: dict | pd.Series) -> str:
    """The physical translation of the lever's 2030 objective, with its latest observed level if comparable."""
    if not lever["translated"] or pd.isna(lever["target_phys"]):
        return "Pas d'ordre de grandeur physique pour ce levier."
    unit, horizon = split_unit(lever["unit_phys"])
    text = f"{quantity(lever['target_phys'])} {unit} {horizon}"
    year, value, observed_unit = lever.get("latest_year"), lever.get("latest_value"), lever.get("latest_unit")
    if year is None or pd.isna(year):
        return text + "."
    same_unit = observed_unit is None or pd.isna(observed_unit) or observed_unit.strip() == unit
    if lever["relative"] and same_unit:
        return text + f", contre {quantity(value)} en {int(year)}."
    if lever["relative"]:
        return text + f" (valeur observée en {int(year)} : {quantity(value)} {observed_unit})."
    # A change objective against a level observed: compare changes since 2019, or give the level as a level.
    start = lever.get("observed_2019")
    if start is not None and pd.notna(start) and int(year) > START_YEAR:
        return text + f", contre {quantity(value - start)} entre {START_YEAR} et {int(year)}."
    level_unit = ADDED.sub("", observed_unit if not same_unit else unit).strip()
    return text + f". Niveau observé en {int(year)} : {quantity(value)} {level_unit}."


def with_latest_observation(levers: pd.DataFrame, observations: pd.DataFrame) -> pd.DataFrame:
    """``levers`` with the latest observed value of each lever, whatever its year (2019 included), and its
    value observed in 2019 (the base of a change)."""
    latest = observations.sort_values("year").groupby("lever_id").tail(1).set_index("lever_id")
    start = observations[observations["year"] == START_YEAR].groupby("lever_id")["value"].first()
    return levers.assign(
        latest_year=levers["lever_id"].map(latest["year"]),
        latest_value=levers["lever_id"].map(latest["value"]),
        latest_unit=levers["lever_id"].map(latest["unit"]),
        observed_2019=levers["lever_id"].map(start),
    )


def sentences(levers: pd.DataFrame, observations: pd.DataFrame) -> pd.DataFrame:
    """lever_id, lever, sector, thematic_group and the sentence of each lever."""
    frame = with_latest_observation(levers, observations)
    return frame.assign(sentence=[sentence(row) for row in frame.to_dict("records")])[
        ["lever_id", "lever", "sector", "thematic_group", "sentence"]]
