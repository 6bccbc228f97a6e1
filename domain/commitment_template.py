"""The columns of the commitments template: the blank template, the roadmap's exports and the import share them,
so that an exported workbook re-imported changes nothing.

A commitment's financing lines have a sheet of their own, « Financements » (``FINANCING_SHEET``): one row per line,
keyed by the commitment's « Identifiant » (for a commitment new in the file, without one: its « Intitulé »)."""

from __future__ import annotations

import pandas as pd

from domain import financing_lines
from domain.commitments import GROUPS, LABELS, LEVELS
from domain.headers import normalize_header

# Template columns in order: (header, field or None for a column shown but not read).
COLUMNS = [
    ("Identifiant", "commitment_id"), ("Version", "version"),
    (LABELS["territory_level"], "territory_level"), (LABELS["territory_code"], "territory_code"),
    ("Territoire", None), (LABELS["territories"], "territories"),
    (LABELS["lever_id"], "lever_id"), ("Levier", None), ("Secteur", None),
    (LABELS["objectives"], "objectives"), (LABELS["theme"], "theme"),
    (LABELS["carrier"], "carrier"), (LABELS["carrier_party"], "carrier_party"), (LABELS["title"], "title"),
    (LABELS["description"], "description"),
    (LABELS["quantity_phys"], "quantity_phys"), ("Unité physique", None), (LABELS["quantity_kt"], "quantity_kt"),
    (LABELS["start_year"], "start_year"), (LABELS["end_year"], "end_year"), (LABELS["status"], "status"),
    (LABELS["maturity"], "maturity"),
    (LABELS["total_cost"], "total_cost"), (LABELS["contact"], "contact"),
]
HEADERS = [header for header, _ in COLUMNS]
# The columns of a template made before the « Financements » sheet (migration 043), still read: their amount and
# sources become one financing line of unknown year and status, as the migration made of the stored ones.
FORMER_COLUMNS = {"Financement (€)": "amount", "Sources de financement": "source"}
FORMER_BY_HEADER = {normalize_header(header): key for header, key in FORMER_COLUMNS.items()}
UNNAMED_SOURCE = "Source non précisée"  # the source of such a line without one, as migration 043 writes it
BY_HEADER = {normalize_header(header): key for header, key in COLUMNS if key}
REQUIRED = [normalize_header(LABELS[k]) for k in ("territory_level", "territory_code", "carrier", "title", "start_year",
                                                  "end_year", "status")]
QUANTITIES = [normalize_header(LABELS["quantity_phys"]), normalize_header(LABELS["quantity_kt"])]


def template_frame(commitments: pd.DataFrame) -> pd.DataFrame:
    """Commitments (``commitment_store.region_commitments``) in the template's columns."""
    columns = {"Territoire": "territory_name", "Levier": "lever_label", "Secteur": "sector",
               "Unité physique": "unit_phys"}
    frame = pd.DataFrame({header: commitments[key or columns[header]] for header, key in COLUMNS})
    frame[LABELS["territory_level"]] = frame[LABELS["territory_level"]].map(LEVELS)
    for key, group in GROUPS.items():
        if LABELS[key] in frame:
            frame[LABELS[key]] = [group.written(entries) or None for entries in frame[LABELS[key]]]
    return frame


FINANCING_SHEET = "Financements"
# The « Financements » sheet's columns: (header, key of the line or None for a column shown but not read).
FINANCING_COLUMNS = [("Identifiant", "commitment_id"), (LABELS["title"], "title"),
                     *((label, key) for key, label in financing_lines.COLUMNS.items())]
FINANCING_HEADERS = [header for header, _ in FINANCING_COLUMNS]
FINANCING_BY_HEADER = {normalize_header(header): key for header, key in FINANCING_COLUMNS}


def financing_frame(commitments: pd.DataFrame) -> pd.DataFrame:
    """The financing lines of ``commitments`` (``commitment_store.region_commitments``) in the sheet's columns, one
    row per line, in the commitments' order."""
    rows = [(number, title, *line) for number, title, lines in zip(
        commitments["commitment_id"], commitments["title"], commitments["financing"]) for line in lines]
    return pd.DataFrame(rows, columns=FINANCING_HEADERS).astype({"Année": "Int64", "Identifiant": "Int64"})

