"""What a page with nothing to show tells the reader: the file that would fill it, imported on « Données et méthode »
with its type already chosen (``/donnees?type=…``); the command line only as a second way."""

from __future__ import annotations

from dash import dcc

from dashboard.importing.kinds import KINDS
from dashboard.page_states import ImportsState

PANEL = "#imports-import"


def import_link(kind: str) -> dcc.Link:
    """The link to the import of ``kind`` (a key of ``KINDS``), its type chosen."""
    return dcc.Link(f"importez « {KINDS[kind].label} » sur la page Données et méthode",
                    href=ImportsState(kind=kind).href() + PANEL)


def missing(what: str, kind: str, command: str) -> list:
    """« {what} : importez « … » sur la page Données et méthode (ou en ligne de commande : {command}). »"""
    return [f"{what} : ", import_link(kind), f" (ou en ligne de commande : {command})."]


def no_objectives() -> list:
    """The pages built on the SGPE objectives, when none is loaded."""
    return missing("Aucun objectif n'est chargé", "sgpe",
                   "python -m loaders sgpe CHEMIN, ou python -m loaders demo pour les données de démonstration")
