"""A table's cells are written as the JSON Dash sends for them (dashboard/components/table.py): the page receives
exactly what the same table built of ``html`` components would send."""

from __future__ import annotations

import json
import math

import pandas as pd
from dash import html
from plotly.io.json import to_json_plotly

from dashboard.components.table import FORMATTERS, NUMERIC, _formatter, labelled_cell, scrolling_table
from dashboard.tables import Table

FRAME = pd.DataFrame({
    "Territoire": ["Finistère", None, "Ille-et-Vilaine <b>"],
    "Écart (ktCO₂e)": [1234.56, math.nan, -0.04],
    "Objectif": [12.25, 0.0, math.nan],
    "Part": [0.055, math.nan, 0.0004],
    "Engagements": [3, 0, 12],
    "Fichier": ["/export/a.csv", "", None],
})
KINDS = {"Écart (ktCO₂e)": "kt", "Objectif": "kt", "Part": "percent", "Engagements": "integer", "Fichier": "link"}


def _as_components(table: Table, table_id: str, shown: slice) -> html.Div:
    """The table as it was built before its cells were written as JSON: one component per cell."""
    columns = list(table.frame.columns)
    kinds = {c: table.kinds.get(c, "text") for c in columns}
    head = [html.Th(c, scope="col", className="num" if kinds[c] in NUMERIC else None) for c in columns]
    rows = [html.Tr([html.Td(_formatter(kinds[c], c)(value), className="num" if kinds[c] in NUMERIC else None,
                             **{"data-label": c}) for c, value in zip(columns, row)])
            for row in table.frame.iloc[shown].itertuples(index=False)]
    return html.Div(className="fr-table", role="region", tabIndex="0", **{"aria-label": table.title}, children=(
        html.Table([html.Caption(table.title), html.Thead(html.Tr(head)), html.Tbody(rows)], id=table_id)))


def test_a_table_sends_what_its_components_would():
    table = Table("Écarts — Bretagne", FRAME, KINDS)
    for shown in (slice(None), slice(0, 2), slice(5, 9)):
        sent = json.loads(to_json_plotly(scrolling_table(table, "table-t", shown=shown)))
        assert sent == json.loads(to_json_plotly(_as_components(table, "table-t", shown)))
    cells = json.loads(to_json_plotly(scrolling_table(table, "table-t")))["props"]["children"]["props"]["children"]
    first = cells[2]["props"]["children"][0]["props"]["children"]
    assert [cell["props"]["children"] for cell in first][:5] == [
        "Finistère", "1\u202f234,6", "12,3\u00a0ktCO₂e", "5,5\u00a0%", "3"]
    assert first[5]["props"]["children"]["type"] == "A"  # a link stays a link


def test_a_cell_alone_is_the_component_it_stands_for():
    for content, style in [("12,3", "num"), ("texte", None), (FORMATTERS["link"]("/x.csv"), None)]:
        cell = labelled_cell(content, "Colonne", style)
        assert json.loads(to_json_plotly(cell)) == json.loads(to_json_plotly(
            html.Td(content, className=style, **{"data-label": "Colonne"})))
