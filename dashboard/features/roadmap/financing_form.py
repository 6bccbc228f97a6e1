"""The financing lines in the commitment's form: a table of rows (source, financer of the register, amount, year,
status), « Ajouter une ligne » and a « Retirer » button per row.

The rows are plain inputs with pattern-matching ids (``row_id``): the save reads every row's values (``lines_from``),
as the browser holds them; adding or removing a row draws the rows again from their values. A source is typed
freely, the region's sources offered in a list (``financing_lines.region_sources``: the default list and every source
the team wrote before); a financer of the register is picked in a list. Each input is labelled by its column and row
(« Montant (€), ligne 2 »).
"""

from __future__ import annotations

import dash
from dash import ALL, Input, Output, State, ctx, dcc, html
from dash.exceptions import PreventUpdate

from dashboard.components.controls import DROPDOWN_LABELS
from dashboard.features.roadmap import data as roadmap_data
from dashboard.features.roadmap.commitment_context import commitment_context
from dashboard.features.roadmap.ids import PARAMS
from domain import formats
from domain.financing_lines import COLUMNS, entries
from domain.ranges import FINANCING_LINES
from domain.texts import FUNDING_SOURCE
from domain.vocabulary import FINANCING_STATUSES

ROWS = "roadmap-financing-rows"  # the rows' container
ADD = "roadmap-financing-add"
SOURCES = "roadmap-financing-sources"  # the datalist of the region's sources
ERROR = "roadmap-e-financing"  # the lines' error, under the table: form.error_id(form.FINANCING)
REMOVE = "roadmap-financing-remove"


def row_id(column: str, index) -> dict:
    """A row's input of ``column``: ``index`` its position, or ``ALL``."""
    return {"type": f"roadmap-financing-{column}", "index": index}


def states() -> dict:
    """Every row's values, column by column, as the save reads them."""
    return {column: State(row_id(column, ALL), "value") for column in COLUMNS}


def lines_from(values: dict | None) -> list[dict]:
    """The rows' values (column → list, as ``states`` gives them) as lines, in order."""
    columns = {column: list((values or {}).get(column) or []) for column in COLUMNS}
    count = max((len(found) for found in columns.values()), default=0)
    return [{column: (columns[column][i] if i < len(columns[column]) else None) for column in COLUMNS}
            for i in range(count)]


def shown(lines) -> list[dict]:
    """Stored lines (tuples) as the rows show them: amounts as typed (« 120000 », « 1500,5 »), years as texts."""
    return [{**line, "amount": None if line["amount"] is None else formats.editable(line["amount"]),
             "year": None if line["year"] is None else str(line["year"])} for line in entries(lines)]


def same_rows(a: list[dict], b: list[dict]) -> bool:
    """The rows say the same, blanks alike (the form was not changed)."""
    def key(rows):
        return [tuple(str(row.get(column) or "").strip() for column in COLUMNS) for row in rows
                if any(str(row.get(column) or "").strip() for column in COLUMNS)]
    return key(a) == key(b)


def section(sources: list[str], parties: dict[str, str], enabled: bool) -> html.Div:
    """The form's « Financements » part, without rows until a commitment is opened (``rows``)."""
    return html.Div(className="form-field form-field--financing", children=[
        html.Fieldset(className="financing-lines", children=[
            html.Legend(["Financements (maquette financière)", html.Span(
                "Une ligne par financement : la source (de la liste, ou toute autre écrite en toutes lettres), le "
                "financeur s'il est au registre des parties, le montant en euros, l'année (entre le début et la fin "
                "de l'engagement) et où il en est. Année, statut et montant peuvent rester vides (non précisés).",
                className="fr-hint-text")]),
            html.Datalist(id=SOURCES, children=[html.Option(value=source) for source in sources]),
            html.Div(id=ROWS, children=rows([], parties, enabled)),
            html.Button("Ajouter une ligne de financement", id=ADD, type="button", disabled=not enabled,
                        className="fr-btn fr-btn--tertiary fr-btn--sm"),
            html.P(id=ERROR, className="field-error", role="alert"),
        ]),
    ])


def rows(lines: list[dict], parties: dict[str, str], enabled: bool = True) -> html.Div:
    """The table of ``lines`` (dicts of ``COLUMNS``, values as typed)."""
    if not lines:
        return html.P("Aucune ligne de financement.", className="hint")
    party_options = [{"label": f"{name} ({code})", "value": code} for code, name in parties.items()]

    def cell(column: str, i: int, widget) -> html.Td:  # the input inside its label: « Montant (€), ligne 2 »
        return html.Td(html.Label([html.Span(f"{COLUMNS[column]}, ligne {i + 1}", className="fr-sr-only"), widget]))

    body = [html.Tr([
        cell("source", i, dcc.Input(id=row_id("source", i), value=line.get("source") or "", type="text",
                                    list=SOURCES, className="fr-input", maxLength=FUNDING_SOURCE.longest,
                                    disabled=not enabled)),
        cell("party", i, dcc.Dropdown(id=row_id("party", i), options=party_options, value=line.get("party"),
                                      clearable=True, labels=DROPDOWN_LABELS, placeholder="Hors registre",
                                      disabled=not enabled)),
        cell("amount", i, dcc.Input(id=row_id("amount", i), value=line.get("amount") or "", type="text",
                                    className="fr-input", disabled=not enabled)),
        cell("year", i, dcc.Input(id=row_id("year", i), value=line.get("year") or "", type="text",
                                  inputMode="numeric", className="fr-input financing-year", maxLength=4,
                                  disabled=not enabled)),
        cell("status", i, dcc.Dropdown(id=row_id("status", i), options=FINANCING_STATUSES, value=line.get("status"),
                                       clearable=True, labels=DROPDOWN_LABELS, placeholder="Non renseigné",
                                       disabled=not enabled)),
        html.Td(html.Button(["Retirer", html.Span(f" la ligne {i + 1}", className="fr-sr-only")],
                            id={"type": REMOVE, "index": i}, type="button", disabled=not enabled,
                            className="fr-btn fr-btn--tertiary-no-outline fr-btn--sm")),
    ]) for i, line in enumerate(lines)]
    return html.Div(className="fr-table financing-table", children=html.Table([
        html.Caption("Lignes de financement", className="fr-sr-only"),
        html.Thead(html.Tr([*(html.Th(label, scope="col") for label in COLUMNS.values()),
                            html.Th(html.Span("Retirer", className="fr-sr-only"), scope="col")])),
        html.Tbody(body),
    ]))


def created_by_callbacks() -> list:
    """A row, as the callbacks draw them (tests/test_validation_layout.py)."""
    return [rows([dict.fromkeys(COLUMNS)], {})]


def register(app: dash.Dash) -> None:
    @app.callback(
        Output(ROWS, "children", allow_duplicate=True),
        Input(ADD, "n_clicks"), Input({"type": REMOVE, "index": ALL}, "n_clicks"),
        *states().values(), State(PARAMS, "data"),
        prevent_initial_call=True,
    )
    def _add_or_remove(_add, _removed, *values):
        """Draw the rows again with one more (blank) or one less, keeping what is typed in the others."""
        *columns, params = values
        lines = lines_from(dict(zip(COLUMNS, columns)))
        if ctx.triggered_id == ADD:
            if len(lines) >= FINANCING_LINES:
                raise PreventUpdate
            lines.append(dict.fromkeys(COLUMNS))
        elif isinstance(ctx.triggered_id, dict) and ctx.triggered[0]["value"]:  # not a row just drawn
            lines = [line for i, line in enumerate(lines) if i != ctx.triggered_id["index"]]
        else:
            raise PreventUpdate
        return rows(lines, commitment_context(roadmap_data.page_state(params).region).parties)
