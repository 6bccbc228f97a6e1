"""The columns of the commitments template: the blank template, the roadmap's exports and the import share them,
so that an exported workbook re-imported changes nothing.

A workbook has one sheet of commitments (« Engagements », or one per sector in an export) and one sheet per
repeated group, each line naming its commitment in « Engagement » (its Identifiant, or the Référence of a new one):
« Territoires », « Objectifs » (the contributions), « Financements », « Suivi » (per year: spent, comment) and
« Réalisations » (per year and objective: what was done). The blank template's sheet of commitments also has the
simple form of one territory, one lever and one amount (a CSV has only that sheet).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from domain import commitment_territories, contributions, financing, follow_up
from domain.commitments import LABELS, SIMPLE_LABELS
from domain.headers import normalize_header

IDENTIFIER, VERSION, REFERENCE, COMMITMENT = "Identifiant", "Version", "Référence", "Engagement"
# The sheet of commitments: (header, field). Read by the import, in the export's order.
MAIN = [(IDENTIFIER, "commitment_id"), (VERSION, "version"), (REFERENCE, "reference")] + [
    (LABELS[key], key) for key in ("carrier", "title", "description", "start_year", "end_year", "status", "maturity",
                                   "theme", "total_cost", "contact")]
SIMPLE = [(label, key) for key, label in SIMPLE_LABELS.items()]  # the blank template's simple form
# What the export adds to read it, not read back: (header, column of commitment_store.region_commitments).
SHOWN = [("Territoires et parts", "territories"), ("Objectifs et quantités", "objectives"), ("Secteur ou thème",
                                                                                             "sector"),
         ("ktCO₂e (leviers)", "quantity_kt"), ("Financé (€)", "financed"), ("Dont accordé (€)", "granted")]
HEADERS = [header for header, _ in MAIN[:3]] + [header for header, _ in SIMPLE[:3]] + [
    header for header, _ in MAIN[3:]] + [header for header, _ in SIMPLE[3:]]  # the blank template's
BY_HEADER = {normalize_header(header): key for header, key in MAIN + SIMPLE}
REQUIRED = [normalize_header(LABELS[k]) for k in ("carrier", "title", "start_year", "end_year", "status")]
QUANTITIES = [normalize_header(SIMPLE_LABELS["quantity_phys"]), normalize_header(SIMPLE_LABELS["quantity_kt"])]



@dataclass(frozen=True)
class GroupSheet:
    """A sheet of a repeated group: its group, its columns (header, field; None: shown, not read) and the headers
    it must have besides « Engagement »."""
    group: str
    columns: list[tuple[str, str | None]]
    required: tuple[str, ...]


# The sheets of the repeated groups, by name; « Engagement » links each line to its commitment.
FOLLOW_UP, ACHIEVEMENTS = "follow_up", "achievements"
_OBJECTIVE_ID = contributions.LABELS["objective_id"]
GROUP_SHEETS = {
    "Territoires": GroupSheet(commitment_territories.GROUP, [(label, key) for key, label in
                                                             commitment_territories.LABELS.items()],
                              (commitment_territories.LABELS["territory_level"],
                               commitment_territories.LABELS["territory_code"])),
    "Objectifs": GroupSheet(contributions.GROUP, [(_OBJECTIVE_ID, "objective_id"), ("Objectif", None), ("Unité", None),
                                                  (contributions.LABELS["quantity"], "quantity"),
                                                  (contributions.LABELS["quantity_kt"], "quantity_kt")],
                            (_OBJECTIVE_ID,)),
    "Financements": GroupSheet(financing.GROUP, [(label, key) for key, label in financing.LABELS.items()],
                               (financing.LABELS["source"], financing.LABELS["amount"])),
    "Suivi": GroupSheet(FOLLOW_UP, [(follow_up.LABELS["year"], "year"), (follow_up.LABELS["spent"], "spent"),
                                    ("Commentaire du suivi", "comment")], (follow_up.LABELS["year"],)),
    "Réalisations": GroupSheet(ACHIEVEMENTS, [(follow_up.LABELS["year"], "year"), (_OBJECTIVE_ID, "objective_id"),
                                              (follow_up.LABELS["achieved"], "achieved")],
                               (follow_up.LABELS["year"], _OBJECTIVE_ID, follow_up.LABELS["achieved"])),
}
SHEET_OF = {normalize_header(name): name for name in GROUP_SHEETS}


def sheet_headers(name: str) -> list[str]:
    """A group sheet's columns, « Engagement » first."""
    return [COMMITMENT] + [header for header, _ in GROUP_SHEETS[name].columns]


def template_frame(commitments: pd.DataFrame) -> pd.DataFrame:
    """Commitments (``commitment_store.region_commitments``) in the columns of the export's sheet of commitments."""
    frame = pd.DataFrame({header: commitments[key] if key in commitments else None for header, key in MAIN})
    return frame.assign(**{header: commitments[key] for header, key in SHOWN})


def group_frames(commitments: pd.DataFrame, groups: dict[str, dict[int, list[dict]]], spending: pd.DataFrame,
                 achievements: pd.DataFrame, names: dict[str, tuple[str, str]]) -> dict[str, pd.DataFrame]:
    """Every group sheet of the export: one line per line of each commitment, in order (``groups``:
    ``commitment_groups.read``; ``spending``, ``achievements``: ``follow_up_store``'s region frames; ``names``:
    objective_id → (name, unit) for the indicative columns)."""
    ids = [int(i) for i in commitments["commitment_id"]]
    frames = {}
    for sheet, spec in GROUP_SHEETS.items():
        group, columns = spec.group, spec.columns
        if group in (FOLLOW_UP, ACHIEVEMENTS):
            source = spending if group == FOLLOW_UP else achievements
            rows = source[source["commitment_id"].isin(ids)].to_dict("records")
        else:
            rows = [{"commitment_id": i, **line} for i in ids for line in groups[group].get(i, [])]
        frames[sheet] = pd.DataFrame([[row["commitment_id"]] + [
            _shown(row, key, header, names) for header, key in columns] for row in rows],
            columns=sheet_headers(sheet))
    return frames


def _shown(row: dict, key: str | None, header: str, names: dict[str, tuple[str, str]]):
    if key == "territory_level":
        return commitment_territories.LEVELS.get(row[key], row[key])
    if key is None:
        name, unit = names.get(row["objective_id"], (row["objective_id"], ""))
        return name if header == "Objectif" else unit
    value = row.get(key)
    return None if value is None or (isinstance(value, float) and pd.isna(value)) else value
