"""A chart's text alternative: the same numbers as a small accessible table, in a disclosure."""

from __future__ import annotations

from dash import html

from dashboard.components.table import scrolling_table
from dashboard.tables import Table


def figure_table(table: Table, table_id: str, summary: str = "Voir les chiffres du graphique") -> html.Details:
    return html.Details([
        html.Summary(summary),
        scrolling_table(table, table_id),
        html.Ul([html.Li(note) for note in table.notes], className="sources"),
    ])
