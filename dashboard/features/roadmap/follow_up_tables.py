"""The tables of the commitments' follow-up: the late commitments (page, printable document, downloads), one
commitment's years as entered, and one year's history (who saved what, when)."""

from __future__ import annotations

import pandas as pd

from dashboard.access import reading
from dashboard.components.history import history_table
from dashboard.tables import Table
from domain import follow_up
from domain.permissions import Read

LATE_NOTE = ("En retard : ce que le suivi dit réalisé, cumulé jusqu'à l'année de référence, est inférieur à ce que "
             "l'engagement prévoit à cette date (montée en charge linéaire de son année de début à son année de fin), "
             "pour son levier ou pour l'un de ses objectifs régionaux. Seuls les engagements comptés (« retenu en "
             "COP », « engagé », « réalisé ») ayant un suivi sont pesés ; un engagement partagé compte pour la part "
             "du territoire. Années de retard : il y a combien d'années la montée en charge prévoyait ce qui est "
             "réalisé.")


def late_table(territory_name: str, late: pd.DataFrame, year: int, unfollowed: int) -> Table:
    """``follow_up_paths.late`` as a table."""
    frame = pd.DataFrame({
        "Engagement (n°)": late["commitment_id"],
        "Intitulé": late["title"],
        "Territoire": late["territory_name"],
        "Objectif": late["objective"],
        "Unité": late["unit"],
        f"Prévu fin {year}": late["planned"],
        f"Réalisé fin {year}": late["achieved"],
        "Retard": late["gap"],
        "Retard (% du prévu)": late["gap_share"],
        "Années de retard": late["years_behind"],
    })
    kinds = {"Engagement (n°)": "integer", f"Prévu fin {year}": "number", f"Réalisé fin {year}": "number",
             "Retard": "number", "Retard (% du prévu)": "percent", "Années de retard": "number"}
    counted = ("Chaque engagement compté a un suivi saisi." if unfollowed == 0 else
               "1 engagement compté n'a aucun suivi saisi." if unfollowed == 1 else
               f"{unfollowed} engagements comptés n'ont aucun suivi saisi.")
    return Table(f"Engagements en retard sur leur prévision fin {year} — {territory_name}", frame, kinds,
                 [LATE_NOTE, counted, "Source : engagements et suivi saisis dans cet outil (calculé)."])


def years_table(commitment_id: int, years: pd.DataFrame) -> Table:
    """One commitment's follow-up, year by year (``domain.follow_up.stored``), who entered it and when."""
    labels = follow_up.LABELS
    frame = pd.DataFrame({
        labels["year"]: years["year"],
        labels["done_kt"]: years["done_kt"],
        labels["done_phys"]: years["done_phys"],
        labels["objectives"]: [follow_up.written({"objectives": pairs})["objectives"] for pairs in years["objectives"]],
        labels["spent"]: years["spent"],
        labels["comment"]: years["comment"],
        "Saisi par": years["entered_by"],
        "Saisi le": years["entered_at"],
    })
    kinds = {labels["year"]: "year", labels["done_kt"]: "exact", labels["done_phys"]: "exact",
             labels["spent"]: "exact", "Saisi le": "date"}
    return reading.restricted(Table(f"Suivi de l'engagement n° {commitment_id}", frame, kinds,
                                    ["Ce qui a été réalisé et dépensé chaque année (pas un cumul)."]),
                              {"Saisi par": Read.PEOPLE})


def year_history(commitment_id: int, year: int, history: pd.DataFrame) -> Table:
    """Who saved what in one year of a commitment's follow-up, and when (``domain.follow_up.history``), newest first."""
    return history_table(f"Historique du suivi {year} de l'engagement n° {commitment_id}", history,
                         lambda key: follow_up.LABELS.get(key, key))
