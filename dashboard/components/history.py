"""A record's history (``domain.history.read``) as a table, the same for commitments, scenarios and méthodes:
shown in its page with its CSV and XLSX downloads, and downloaded from the export of the same name."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
from dash import html

from dashboard.access import reading
from dashboard.components.table import data_table
from dashboard.tables import Table
from domain.history import described
from domain.permissions import ROLE_NAMES, Read

UNKNOWN_AUTHOR = "inconnu"
NO_HISTORY = "Aucune modification enregistrée."


def history_table(title: str, history: pd.DataFrame, label: Callable[[str], str] = str,
                  value: Callable = lambda stored: stored) -> Table:
    """Who changed what and when, newest first; ``label`` names each changed field, ``value`` shows a stored
    value (``domain.history.described``). The authors and a contact's values are shown to those who read people
    (dashboard/access/reading.py)."""
    frame = pd.DataFrame({
        **({"Version": history["version"]} if "version" in history else {}),
        "Date": history["changed_at"],
        "Auteur": history["author"].fillna(UNKNOWN_AUTHOR),
        "Action": history["action"],
        "Champs modifiés": [described(reading.changes(changes), label, value) for changes in history["changes"]],
        "Rôle de l'auteur": [ROLE_NAMES.get(role, role) if isinstance(role, str) else "" for role in history["role"]],
    })
    return reading.restricted(Table(title, frame, {"Version": "integer", "Date": "date"}), {"Auteur": Read.PEOPLE})


def history_block(table: Table, view: str, params: dict):
    """The table with its downloads (the export ``view`` with ``params``), or a sentence when it is empty."""
    return data_table(table, view, params) if not table.frame.empty else html.P(NO_HISTORY)


def history_disclosure(element_id: str, summary: str, table: Table, view: str, params: dict) -> html.Details:
    """The history folded under ``summary``, opened on demand (a long history does not push the page down);
    its content (``<element_id>-content``) can be sent again without closing it."""
    return html.Details(id=element_id, className="history", children=[
        html.Summary(summary), html.Div(history_block(table, view, params), id=f"{element_id}-content")])
