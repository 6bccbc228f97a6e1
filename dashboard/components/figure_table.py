"""A chart's text alternative: the same numbers as a small accessible table, in a disclosure."""

from __future__ import annotations

from dash import html

from dashboard.components.table import FORMATTERS, NUMERIC
from dashboard.tables import Table


def figure_table(table: Table, table_id: str, summary: str = "Voir les chiffres du graphique") -> html.Details:
    columns = list(table.frame.columns)
    kinds = {c: table.kinds.get(c, "text") for c in columns}
    numeric = {c: "num" if kinds[c] in NUMERIC else None for c in columns}
    return html.Details([
        html.Summary(summary),
        html.Div(className="fr-table", children=html.Table(id=table_id, children=[
            html.Caption(table.title),
            html.Thead(html.Tr([html.Th(c, scope="col", className=numeric[c]) for c in columns])),
            html.Tbody([html.Tr([html.Td(FORMATTERS[kinds[c]](row[c]), className=numeric[c]) for c in columns])
                        for _, row in table.frame.iterrows()]),
        ])),
        html.Ul([html.Li(note) for note in table.notes], className="sources"),
    ])
