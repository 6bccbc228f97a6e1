"""The tables the pages show and the exports download: one definition for both.

A table keeps raw numbers; each column's kind says how a page shows its values and how an export writes
them (``exported``): rounded for their meaning, as the page shows them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from dashboard.access import reading
from domain.formats import measure_decimals
from domain.permissions import Read
from domain.rounding import significant
from domain.vocabulary import PROVENANCE_LABELS
from loaders.journal import report_url

# The kinds of column: text | kt | kt_loaded | percent | number | measure | exact | integer | date | year | link.
# kt and number (computed quantities) are shown and exported to the tenth; measure to ``formats.measure_decimals``
# (1 234; 12,3; 2,76; 0,019); exact keeps the value without the noise of float arithmetic (``EXACT_DIGITS``
# significant digits: what a split needs beside its rounded column, what a re-imported file needs unchanged);
# kt_loaded is a figure as its file gave it (an SGPE objective, a commitment): shown to the tenth, exported
# exact. percent is a share (0.055), exported as a percentage (5,5) under a header that says « (%) »; integer
# and year are written without decimals.
DECIMALS = {"kt": 1, "number": 1, "percent": 1}
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


def levers_table(region_name: str, levers: pd.DataFrame) -> Table:
    frame = pd.DataFrame({
        "Secteur": levers["sector"],
        "Groupe thématique": levers["thematic_group"],
        "Levier": levers["lever"],
        "Objectif 2030 (ktCO₂e évitées vs 2019)": levers["obj_co2_kt"],
        "Part de l'objectif régional": levers["share"],
        "Remarque": levers["disabled_reason"].fillna("").str.strip("* "),
        "Traduction physique en 2030": levers["target_phys"],
        "Unité physique": levers["unit_phys"].where(levers["target_phys"].notna(), None),
        "Statut": levers["status"].map(PROVENANCE_LABELS),
        "Source": levers["source"],
        "Millésime": levers["vintage"],
    })
    kinds = {"Objectif 2030 (ktCO₂e évitées vs 2019)": "kt_loaded", "Part de l'objectif régional": "percent",
             "Traduction physique en 2030": "measure", "Millésime": "year"}
    notes = objective_notes(levers)
    notes.append("Traduction physique calculée : point de départ 2019 + objectif × facteur de conversion "
                 "(niveau), ou objectif × facteur (variation), selon le panorama SGPE.")
    return Table(f"Objectifs 2030 par levier — {region_name}", frame, kinds, notes)


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


def parts_table(region_name: str, departements: pd.DataFrame, crte: pd.DataFrame) -> Table:
    rows = [("Département", d) for d in departements.itertuples()] + [("CRTE", c) for c in crte.itertuples()]
    frame = pd.DataFrame({
        "Niveau": [level for level, _ in rows],
        "Code": [r.code for _, r in rows],
        "Nom": [r.name for _, r in rows],
        "Population": [r.population for _, r in rows],
        "Superficie (km²)": [r.area_km2 for _, r in rows],
        "Source": [r.source for _, r in rows],
    })
    notes = ["Population et superficie des communes rattachées (superficie géodésique calculée)."]
    return Table(f"Départements et CRTE — {region_name}", frame,
                 {"Population": "integer", "Superficie (km²)": "number"}, notes)


def imports_table(imports: pd.DataFrame, first_lines: bool = False) -> Table:
    """The journal of imports; ``first_lines``: each report cut to its first line (the page's journal). Authors
    and reports are shown to those who read imports (dashboard/access/reading.py)."""
    frame = pd.DataFrame({
        "N°": imports["import_id"],
        "Début": imports["started_at"],
        "Auteur": imports["author"].fillna("—"),
        "Type": imports["kind"],
        "Fichier(s)": imports["file_name"].replace("", "(données générées)"),
        "Résultat": [status if pd.isna(undone) else f"{status}, annulé (n° {int(undone)})"
                     for status, undone in zip(imports["status"], imports["undone_by"])],
        "Lignes lues": imports["rows_read"],
        "Lignes écrites": imports["rows_written"],
        "Compte rendu": imports["message"].str.partition("\n")[0] if first_lines else imports["message"],
        "Compte rendu complet": [report_url(i) for i in imports["import_id"]],
        "Empreinte SHA-256": imports["sha256"],
    })
    table = Table("Journal des imports", frame, {"Début": "date", "Lignes lues": "integer", "Lignes écrites": "integer",
                                                 "Compte rendu complet": "link"})
    return reading.restricted(table, dict.fromkeys(("Auteur", "Compte rendu", "Compte rendu complet"), Read.IMPORTS))
