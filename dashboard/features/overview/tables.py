"""The overview's tables: the region's objectives by lever, its départements and CRTE."""

from __future__ import annotations

import pandas as pd

from dashboard.tables import Table, objective_notes
from domain.vocabulary import PROVENANCE_LABELS


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
