"""A ``Table`` as an accessible HTML table, numbers in French, with its downloads and sources."""

from __future__ import annotations

import pandas as pd
from dash import dcc, html
from markupsafe import Markup, escape

from dashboard.components.as_sent import element
from dashboard.state import href
from dashboard.tables import Table
from domain import formats

FORMATTERS = {  # how a page shows each kind of column (``tables``; exports write them with ``tables.exported``)
    "kt": lambda v: formats.kt(v),
    "kt_loaded": lambda v: formats.kt(v),
    "percent": formats.share,
    "number": lambda v: formats.number(v, 1),
    "measure": formats.measure,
    "exact": lambda v: formats.decimal(v, 6),
    "integer": lambda v: formats.number(v, 0),
    "date": lambda v: formats.moment(v) if pd.notna(v) else "",
    "year": lambda v: str(int(v)) if pd.notna(v) else "",
    "text": lambda v: "" if v is None or (isinstance(v, float) and pd.isna(v)) else str(v),
    "link": lambda v: html.A("télécharger", href=v) if isinstance(v, str) and v else "",
}
NUMERIC = {"kt", "kt_loaded", "percent", "number", "measure", "exact", "integer"}


DOWNLOAD = "fr-btn fr-btn--secondary fr-btn--icon-left fr-icon-download-line"  # DSFR's button with its arrow


def downloads(view: str, params: dict) -> html.Div:
    kept = {k: v for k, v in params.items() if v}
    return html.Div(className="downloads", children=[
        html.A("Télécharger (CSV)", href=href(f"/export/{view}.csv", **kept), className=DOWNLOAD, download=""),
        html.A("Télécharger (XLSX)", href=href(f"/export/{view}.xlsx", **kept), className=DOWNLOAD, download=""),
    ])


def _formatter(kind: str, header: str):
    """A column whose header names the unit (« Écart (ktCO₂e) ») shows bare numbers: narrower, as readable."""
    if kind in ("kt", "kt_loaded") and "ktCO₂e" in header:
        return FORMATTERS["number"]
    return FORMATTERS[kind]


def labelled_cell(content, column: str, className: str | None = None) -> dict:
    """A cell that names its column (``data-label``): on a phone its row becomes a card, each line saying its
    column (assets/style.css, ``.fr-table:has(td[data-label])``). Written as the JSON that Dash sends for
    ``html.Td(content, className=className, data-label=column)``, without building the component: a page's tables
    hold thousands of cells, and each component costs its checks and its conversion back to that JSON."""
    return element("Td", {"children": content, "className": className, "data-label": column})


def table_region(title: str, table_id: str, head: list[html.Th], rows: list) -> html.Div:
    """The HTML table in a region that scrolls sideways when wider than the page: the region is named and
    focusable so that a keyboard can scroll it; rows of ``labelled_cell`` become cards on a phone."""
    return html.Div(className="fr-table", role="region", tabIndex="0", **{"aria-label": title}, children=(
        html.Table([html.Caption(title), html.Thead(html.Tr(head)), html.Tbody(rows)], id=table_id)))


def scrolling_table(table: Table, table_id: str, columns: list[str] | None = None,
                    shown: slice = slice(None)) -> html.Div:
    """A ``Table`` as a ``table_region``, each value shown in French after its column's kind; ``shown``: the rows
    drawn (a page of a long table)."""
    columns = list(table.frame.columns) if columns is None else columns
    kinds = {c: table.kinds.get(c, "text") for c in columns}
    head = [html.Th(c, scope="col", className="num" if kinds[c] in NUMERIC else None) for c in columns]
    cells = [(_formatter(kinds[c], c), "num" if kinds[c] in NUMERIC else None, c) for c in columns]
    rows = [element("Tr", {"children": [labelled_cell(show(value), label, style)
                                       for (show, style, label), value in zip(cells, row)]})
            for row in table.frame[columns].iloc[shown].itertuples(index=False)]
    return table_region(table.title, table_id, head, rows)


def markup_table(table: Table, table_id: str, columns: list[str], shown: slice = slice(None)) -> dcc.Markdown:
    """``scrolling_table`` as one component: the same HTML, written as text with every value escaped.

    dash-renderer runs the selectors of every component of the page each time its store changes, several times
    per answer: a table of 50 rows × 7 columns as components held the browser 0.6 to 1 s (bench/long_tasks.py),
    as one component it takes a few milliseconds."""
    kinds = {c: table.kinds.get(c, "text") for c in columns}
    cells = [(_formatter(kinds[c], c), Markup(' class="num"') if kinds[c] in NUMERIC else "", c) for c in columns]
    head = Markup("").join(Markup('<th scope="col"{}>{}</th>').format(style, column) for _, style, column in cells)
    rows = Markup("").join(
        Markup("<tr>{}</tr>").format(Markup("").join(
            Markup('<td{} data-label="{}">{}</td>').format(style, column, _markup(show(value)))
            for (show, style, column), value in zip(cells, row)))
        for row in table.frame[columns].iloc[shown].itertuples(index=False))
    text = Markup('<div class="fr-table" role="region" tabindex="0" aria-label="{title}"><table id="{id}">'
                  '<caption>{title}</caption><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table></div>'
                  ).format(title=table.title, id=table_id, head=head, rows=rows)
    return dcc.Markdown(str(text), dangerously_allow_html=True, dedent=False)


def _markup(value) -> Markup:
    """A cell's content as HTML: its text escaped, a link (``FORMATTERS["link"]``) as an anchor."""
    if isinstance(value, html.A):
        return Markup('<a href="{}">{}</a>').format(value.href, value.children)
    return escape(value)


def data_table(table: Table, view: str, params: dict, hidden: list[str] = (), shown: slice = slice(None),
               as_text: bool = False) -> html.Div:
    """The table (id ``table-<view>``), its provenance notes and its download links (every row, whichever
    ``shown``); ``as_text``: drawn as one component (``markup_table``), for tables of many cells."""
    columns = [c for c in table.frame.columns if c not in hidden]
    drawn = markup_table if as_text else scrolling_table
    return html.Div(className="table-block", children=[
        drawn(table, f"table-{view}", columns, shown),
        html.Ul([html.Li(note) for note in table.notes], className="sources"),
        downloads(view, params),
    ])
