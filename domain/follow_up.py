"""What a commitment actually did, year by year, against what it planned.

The follow-up of a commitment holds, for each year, what was done during that year for each objective it
contributes to (in ktCO₂e for a lever, in its indicator's unit for a regional objective), the money spent that
year, and a comment; its contributor or the regional team enters it (``Write.FOLLOW_UP``), without changing the
commitment's version: the CRTE guide's « L'action se réalise-t-elle au rythme prévu ? ».

The planned path of a contribution is the commitment's ramp (``ramp``: nothing up to its start year, linear, all of
it from its end year), the same ramp the roadmap's trajectory draws; the achieved path adds up what was done year
after year. A commitment is late when, in the last year of its follow-up, what it has done for one of its objectives
is below what it planned by then (for an objective that asks for a fall, below in size).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from domain import typed
from domain.contributions import LEVER
from domain.ranges import ACHIEVED_KT, COMMITMENT_YEAR, PHYSICAL_CHANGE, SPENT_EUR
from domain.texts import FOLLOW_UP_COMMENT

GROUP = "follow_up"
LABELS = {"year": "Année", "spent": "Dépensé (€)", "comment": "Commentaire", "achieved": "Réalisé"}
TOLERANCE = 1e-9  # relative: an achievement equal to the plan up to a float's rounding is not late


def ramp(start, end, year) -> np.ndarray:
    """Share of a commitment's quantity reached in ``year``: 0 up to its start, linear, 1 from its end year; arrays
    are taken element by element (``ramp(starts[:, None], ends[:, None], years[None, :])``: every commitment and
    year at once)."""
    start, end, year = np.broadcast_arrays(*(np.asarray(value, dtype=float) for value in (start, end, year)))
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(year >= end, 1.0, np.clip((year - start) / (end - start), 0.0, 1.0))


def validate(rows: list[dict], contributions: list[dict], current_year: int, errors: dict[str, str]) -> list[dict]:
    """The follow-up of ``rows`` — year, spent, comment, and ``achieved`` {objective_id: quantity} as typed — of a
    commitment whose ``contributions`` (stored) say which objectives it serves; problems go to ``errors``
    (``follow_up.<n>.<field>``; ``achieved:<objective_id>`` for an achievement). A year is one of the past or this
    one, each once."""
    kinds = {row["objective_id"]: row["objective_kind"] for row in contributions}
    clean, seen = [], {}
    for number, row in enumerate(rows, start=1):
        key = f"{GROUP}.{number}"
        line = {"year": None, "spent": None, "comment": None, "achieved": {}}
        line["year"], problem = typed.year(row.get("year"), COMMITMENT_YEAR)
        if problem or line["year"] is None:
            errors[f"{key}.year"] = problem or "obligatoire."
        elif line["year"] > current_year:
            errors[f"{key}.year"] = f"{line['year']} n'est pas encore passée : le suivi dit ce qui a été fait."
        elif line["year"] in seen:
            errors[f"{key}.year"] = f"{line['year']} déjà suivie à la ligne {seen[line['year']]}."
        seen.setdefault(line["year"], number)
        line["spent"], problem = typed.number(row.get("spent"), SPENT_EUR)
        if problem:
            errors[f"{key}.spent"] = problem
        comment = typed.text(row.get("comment"))
        if comment is not None and (problem := FOLLOW_UP_COMMENT.problem(comment)):
            errors[f"{key}.comment"] = f"{problem}."
        line["comment"] = comment
        for objective_id, value in (row.get("achieved") or {}).items():
            if objective_id not in kinds:
                errors[f"{key}.achieved:{objective_id}"] = (f"« {objective_id} » : l'engagement ne contribue pas à "
                                                             "cet objectif.")
                continue
            quantity, problem = typed.number(value, ACHIEVED_KT if kinds[objective_id] == LEVER else PHYSICAL_CHANGE)
            if problem:
                errors[f"{key}.achieved:{objective_id}"] = problem
            elif quantity is not None:
                line["achieved"][objective_id] = quantity
        if line["spent"] is None and line["comment"] is None and not line["achieved"] and not any(
                k.startswith(f"{key}.") for k in errors):
            errors[f"{key}.year"] = "ligne vide : indiquez ce qui a été fait, le montant dépensé ou un commentaire."
        clean.append(line)
    return sorted(clean, key=lambda line: line["year"] or 0)


def planned(quantity: float, start: int, end: int, year: int) -> float:
    """What a contribution of ``quantity`` planned to have done by ``year``."""
    return quantity * float(ramp(start, end, year))


def progress(contributions: pd.DataFrame, achievements: pd.DataFrame) -> pd.DataFrame:
    """Per commitment and objective it has followed up: the last year of its follow-up, what it planned by then,
    what it has done by then, and whether it is late.

    ``contributions``: commitment_id, objective_kind, objective_id, quantity_kt, quantity, start_year, end_year;
    ``achievements``: commitment_id, year, objective_id, achieved (one year's)."""
    columns = ["commitment_id", "objective_id", "last_year", "planned", "achieved", "late"]
    if achievements.empty or contributions.empty:
        return pd.DataFrame(columns=columns)
    last = achievements.groupby("commitment_id")["year"].max().rename("last_year")
    done = achievements.merge(last, on="commitment_id")
    done = done[done["year"] <= done["last_year"]].groupby(["commitment_id", "objective_id"])["achieved"].sum()
    frame = contributions.merge(last, on="commitment_id").join(done, on=["commitment_id", "objective_id"])
    frame["achieved"] = frame["achieved"].fillna(0.0)
    value = np.where(frame["objective_kind"] == LEVER, frame["quantity_kt"], frame["quantity"]).astype(float)
    frame["planned"] = value * ramp(frame["start_year"].to_numpy(), frame["end_year"].to_numpy(),
                                    frame["last_year"].to_numpy())
    way = np.sign(value)
    frame["late"] = frame["achieved"] * way < frame["planned"] * way * (1 - TOLERANCE) - TOLERANCE
    return frame[columns].reset_index(drop=True)


def late_commitments(progress_frame: pd.DataFrame) -> list[int]:
    """The commitments late on one of their objectives at least, in order."""
    return sorted(int(c) for c in progress_frame.loc[progress_frame["late"].astype(bool), "commitment_id"].unique())


def paths(contributions: pd.DataFrame, achievements: pd.DataFrame, years: list[int]) -> pd.DataFrame:
    """Per year: ``planned`` (the contributions' ramps) and ``achieved`` (what was done up to that year, NaN after
    the last year followed up), each contribution weighted by ``weight`` (its territories' share in the place looked
    at). ``contributions``: commitment_id, objective_id, value (in the unit of the path), start_year, end_year,
    weight; ``achievements``: commitment_id, objective_id, year, achieved (same unit)."""
    grid = np.array(years, dtype=float)
    weights = contributions["weight"].to_numpy(dtype=float) if len(contributions) else np.zeros(0)
    values = contributions["value"].to_numpy(dtype=float) if len(contributions) else np.zeros(0)
    shares = ramp(contributions["start_year"].to_numpy()[:, None], contributions["end_year"].to_numpy()[:, None],
                  grid[None, :]) if len(contributions) else np.zeros((0, len(years)))
    planned_path = (values * weights) @ shares if len(contributions) else np.zeros(len(years))
    weighted = achievements.merge(contributions[["commitment_id", "objective_id", "weight"]],
                                  on=["commitment_id", "objective_id"])
    yearly = (weighted["achieved"] * weighted["weight"]).groupby(weighted["year"]).sum()
    last = yearly.index.max() if len(yearly) else None
    achieved_path = [math.fsum(yearly[yearly.index <= year]) if last is not None and year <= last else float("nan")
                     for year in years]
    return pd.DataFrame({"year": years, "planned": planned_path, "achieved": achieved_path})
