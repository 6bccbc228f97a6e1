"""The columns of the commitments template: the blank template, the roadmap's exports and the import share them,
so that an exported workbook re-imported changes nothing."""

from __future__ import annotations

import pandas as pd

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
    (LABELS["total_cost"], "total_cost"), (LABELS["funding_amount"], "funding_amount"),
    (LABELS["funding_sources"], "funding_sources"), (LABELS["funding_parties"], "funding_parties"),
    (LABELS["contact"], "contact"),
]
HEADERS = [header for header, _ in COLUMNS]
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
        frame[LABELS[key]] = [group.written(entries) or None for entries in frame[LABELS[key]]]
    return frame

