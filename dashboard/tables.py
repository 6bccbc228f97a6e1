"""The tables the pages show and the exports download: one definition for both.

A table keeps raw numbers; each column's kind says how a page shows its values and how an export writes
them (``exported``): rounded for their meaning, as the page shows them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from domain.formats import SHARE_DECIMALS, measure_decimals
from domain.rounding import significant

# The kinds of column: text | kt | kt_loaded | percent | number | measure | exact | integer | date | year | link.
# kt and number (computed quantities) are shown and exported to the tenth; measure to ``formats.measure_decimals``
# (1 234; 12,3; 2,76; 0,019); exact keeps the value without the noise of float arithmetic (``EXACT_DIGITS``
# significant digits: what a split needs beside its rounded column, what a re-imported file needs unchanged);
# kt_loaded is a figure as its file gave it (an SGPE objective, a commitment): shown to the tenth, exported
# exact. percent is a share (0.055), exported as a percentage (5,5) under a header that says « (%) »; integer
# and year are written without decimals.
DECIMALS = {"kt": 1, "number": 1, "percent": SHARE_DECIMALS}
EXACT_DIGITS = 12
WHOLE = {"integer", "year"}


@dataclass
class Table:
    title: str
    frame: pd.DataFrame                           # columns are the French headers
    kinds: dict[str, str] = field(default_factory=dict)  # header → one of the kinds above (text when absent)
    notes: list[str] = field(default_factory=list)  # provenance lines, shown under the table and in exports


def exported(table: Table) -> pd.DataFrame:
    """The frame as the downloads write it: each number rounded for its meaning (a column of no declared kind
    loses only the float noise), whole numbers without « ,0 », shares as percentages."""
    frame = table.frame.copy()
    headers = {}
    for column in frame.columns:
        kind = table.kinds.get(column)
        values = frame[column]
        if kind in ("text", "date", "link") or not pd.api.types.is_numeric_dtype(values) \
                or pd.api.types.is_bool_dtype(values):
            continue
        numbers = values.astype(float)
        if kind == "percent":
            frame[column] = (numbers * 100).round(DECIMALS[kind])
            headers[column] = column if "%" in column else f"{column} (%)"
        elif kind in WHOLE:
            frame[column] = pd.array(numbers.round(), dtype="Int64")
        elif kind in DECIMALS:
            frame[column] = numbers.round(DECIMALS[kind])
        else:
            kept = pd.Series([v if pd.isna(v) else round(v, measure_decimals(v)) if kind == "measure"
                              else significant(v, EXACT_DIGITS) for v in numbers], index=frame.index, dtype=float)
            frame[column] = pd.array(kept, dtype="Int64") if _whole(kept) else kept
    return frame.rename(columns=headers)


def _whole(numbers: pd.Series) -> bool:
    known = numbers.dropna()
    return len(known) > 0 and bool(np.all(known == np.round(known)))


def objective_notes(levers: pd.DataFrame, prefix: str = "") -> list[str]:
    """Where the objectives come from, as their rows say: the SGPE's working data are credited to the SGPE,
    fictional demo data never are."""
    return [*(f"{prefix}{source}, millésime {vintage}." for source, vintage in
              levers[["source", "vintage"]].drop_duplicates().itertuples(index=False)), *status_notes(levers)]


def status_notes(levers: pd.DataFrame) -> list[str]:
    """What the objectives' status means, for the statuses present."""
    notes = []
    if (levers["status"] == "indicatif").any():
        notes.append("Données de travail du SGPE, indicatives, qui n'engagent pas l'État.")
    if (levers["status"] == "illustratif").any():
        notes.append("Données fictives, générées pour la démonstration.")
    return notes


