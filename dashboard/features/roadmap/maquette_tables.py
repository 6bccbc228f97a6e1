"""The maquette financière's tables (features/roadmap/maquette.py), shown on the page and its A4 document and
downloaded (CSV, XLSX): one definition for both. Amounts in euros, rounded to the euro."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from dashboard.features.roadmap import maquette
from dashboard.features.roadmap.maquette import TOTAL
from dashboard.tables import Table
from domain.vocabulary import ACQUIRED, FINANCING_STATUSES, NO_FINANCING_STATUS

ACQUIRED_NOTE = (f"Financement acquis : les lignes « {', '.join(ACQUIRED)} » ; les lignes « {FINANCING_STATUSES[0]} » "
                 f"ou au statut « {NO_FINANCING_STATUS} » sont demandées ou à préciser, pas acquises. Montants en "
                 "euros, arrondis à l'euro.")
SHARES_NOTE = ("Un engagement porté par plusieurs territoires compte dans chacun pour sa part ; les engagements "
               "abandonnés ne comptent pas.")
NOTES = [ACQUIRED_NOTE, SHARES_NOTE, "Totaux : calculés à partir des lignes de financement saisies dans cet outil."]


def _euros(frame: pd.DataFrame, text_columns: int = 1) -> dict[str, str]:
    return {column: "integer" for column in frame.columns[text_columns:]}


def sector_table(territory_name: str, financing: pd.DataFrame) -> Table:
    """``maquette.by_sector`` as a table."""
    frame = pd.DataFrame({
        "Secteur ou thème": financing["sector"],
        "Engagements": financing["commitments"],
        "Coût total (€)": financing["cost"],
        "Financement (€)": financing["funding"],
        "dont acquis (€)": financing["acquired"],
        "dont sollicité (€)": financing["requested"],
        "Part financée": financing["financed_share"],
        "Sans financement acquis": financing["unfunded"],
    })
    return Table(f"Coût et financement des engagements par secteur ou thème — {territory_name}", frame,
                 {**_euros(frame), "Part financée": "percent"},
                 ["Part financée : financement acquis des engagements dont le coût total est connu, rapporté à ce "
                  "coût.", *NOTES])


def source_year_table(territory_name: str, totals: pd.DataFrame) -> Table:
    """``maquette.by_source_year`` as a table."""
    frame = totals.rename(columns={"source": "Source", TOTAL: "Total (€)"})
    return Table(f"Financements par source et par année — {territory_name}", frame, _euros(frame), NOTES)


def territory_source_table(territory_name: str, totals: pd.DataFrame) -> Table:
    """``maquette.by_territory_source`` as a table."""
    frame = totals.rename(columns={"territory": "Territoire", TOTAL: "Total (€)"})
    return Table(f"Financements par territoire et par source — {territory_name}", frame, _euros(frame), NOTES)


def unfunded_table(territory_name: str, commitments: pd.DataFrame) -> Table:
    """``maquette.without_acquired`` as a table."""
    frame = pd.DataFrame({
        "N°": commitments["commitment_id"], "Intitulé": commitments["title"], "Porteur": commitments["carrier"],
        "Territoire": commitments["territory"], "Secteur ou thème": commitments["sector"],
        "Coût total (€)": commitments["cost"], "Financement demandé ou à préciser (€)": commitments["requested"],
    })
    return Table(f"Engagements sans financement acquis — {territory_name}", frame,
                 {"N°": "integer", "Coût total (€)": "integer", "Financement demandé ou à préciser (€)": "integer"},
                 NOTES)


def annual_table(territory_name: str, year: int, lines: pd.DataFrame) -> Table:
    """``maquette.annual`` as a table: the territory's maquette financière of ``year``."""
    frame = pd.DataFrame({
        "N°": lines["commitment_id"], "Intitulé": lines["title"], "Porteur": lines["carrier"],
        "Source": lines["source"], "Statut du financement": lines["status"], "Montant (€)": lines["amount"],
    })
    return Table(f"Maquette financière {year} — {territory_name}", frame, {"N°": "integer", "Montant (€)": "integer"},
                 [f"Lignes de financement de l'année {year}, une par engagement et par source.", *NOTES])


# The maquette's tables of a territory's roadmap by download name (``/export/<name>.csv``): the page shows them under
# that name, the downloads build them (features/roadmap/maquette_exports.py). Each: (territory's name, view, its
# financing lines ``maquette.lines`` when the caller has them) → Table.
VIEW_TABLES: dict[str, Callable[..., Table]] = {
    "financements": lambda name, view, found=None: sector_table(name, maquette.by_sector(view.commitments, found)),
    "financements-sources-annees": lambda name, view, found=None: source_year_table(name, maquette.by_source_year(
        view.commitments, found)),
    "financements-territoires": lambda name, view, found=None: territory_source_table(
        name, maquette.by_territory_source(view.commitments, view.members, view.names, found)),
    "financements-manquants": lambda name, view, found=None: unfunded_table(name, maquette.without_acquired(
        view.commitments, found)),
}
