"""The journal of imports, shown on the Données page and downloaded."""

from __future__ import annotations

import pandas as pd

from dashboard.access import reading
from dashboard.tables import Table
from domain.permissions import Read
from loaders.journal import report_url


def imports_table(imports: pd.DataFrame, first_lines: bool = False) -> Table:
    """The journal of imports; ``first_lines``: each report cut to its first line (the page's journal). Authors
    and reports are shown to those who read imports (dashboard/access/reading.py)."""
    frame = pd.DataFrame({
        "N°": imports["import_id"],
        "Début": imports["started_at"],
        "Auteur": imports["author"].fillna("—"),
        "Type": imports["kind"],
        "Fichiers": imports["file_name"].replace("", "(données générées)"),
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
