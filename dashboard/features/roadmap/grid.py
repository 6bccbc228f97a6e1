"""The editable grid of commitments (dash-ag-grid), in French; cells are editable for signed-in editors only,
the status for those who may give more than one (not a contributor, who proposes)."""

from __future__ import annotations

import json

import dash_ag_grid as dag
import pandas as pd

from dashboard import sent
from dashboard.access import reading
from dashboard.components.grid_locale import FRENCH
from dashboard.features.roadmap.ids import GRID
from domain import financing_lines, formats
from domain.commitments import GROUPS, LABELS, LEVELS, MATURITIES, THEMES
from domain.permissions import Read
from domain.ranges import COMMITMENT_YEAR
from domain.reviews import label

FRENCH_NUMBER = {"function": "frenchNumber(params.value)"}  # assets/dashAgGridFunctions.js
FRENCH_GRID = {**FRENCH, "noRowsToShow": "Aucun engagement"}
EDITABLE = {"territories", "carrier", "title", "objectives", "theme", "quantity_kt", "start_year", "end_year", "status",
            "maturity", "total_cost", "contact"}  # the financing lines: in the commitment's form
# The columns shown at first: what a commitment is and where its decision stands, within 1 200 px (a 1 280 px
# screen); the others are in the commitment's form, opened by selecting its row, and in the downloads, and can be
# shown (features/roadmap/grid_layout.py). On a phone one column shows each commitment as a card.
SHOWN = ("commitment_id", "territory", "lever_label", "title", "quantity_kt", "status", "review")
PHONE_CARDS = {  # assets/dashAgGridFunctions.js: on a phone each row is one card across the grid
    "isFullWidthRow": {"function": "onPhone()"}, "fullWidthCellRenderer": "CommitmentCard",
    "getRowHeight": {"function": "cardHeight()"},
}


def changed_cell(change) -> dict:
    """A cell changed, as the grid sends it (``cellValueChanged``): a commitment's field, its row (``data``) with the
    commitment's number and version. Forged: not answered."""
    return sent.record(change, {"colId": lambda column: sent.one_of(column, LABELS), "data": lambda row: sent.record(
        row, {"commitment_id": sent.number, "version": sent.number})})


def row_data(commitments: pd.DataFrame) -> list[dict]:
    frame = commitments.assign(
        territory=[f"{name} ({LEVELS.get(level, level)})" for name, level in
                   zip(commitments["territory_name"], commitments["territory_level"])],
        updated=formats.short_moments(commitments["updated_at"]),
        review=[label(state, comment) for state, comment in
                zip(commitments["review_state"], commitments["review_comment"])],
        **{key: [group.written(entries) for entries in commitments[key]] for key, group in GROUPS.items()
           if key != "financing"},  # the lines stay lines: a cell's save gives them back as they are
        funding=[financing_lines.total(lines) for lines in commitments["financing"]],
    ).drop(columns=["created_at", "updated_at", "reviewed_at"])
    return json.loads(frame.to_json(orient="records", force_ascii=False))  # much faster than to_dict for 2,000 rows


def column_defs(editable: bool, statuses: list[str]) -> list[dict]:
    def column(field: str, header: str, **options) -> dict:
        return {"field": field, "headerName": header, "editable": editable and field in EDITABLE,
                "hide": field not in SHOWN, **options}

    number = {"type": "rightAligned", "valueFormatter": FRENCH_NUMBER, "cellEditor": "agNumberCellEditor",
              "filter": "agNumberColumnFilter"}
    year = {"type": "rightAligned", "cellEditor": "agNumberCellEditor", "width": 110,
            "cellEditorParams": {"min": COMMITMENT_YEAR.low, "max": COMMITMENT_YEAR.high, "precision": 0}}
    return [
        column("commitment_id", "N°", width=75, type="rightAligned", pinned="left"),
        column("territory", "Territoire", width=190, tooltipField="territory"),
        column("sector", "Secteur", width=170),
        column("lever_label", "Levier", width=190, tooltipField="lever_label"),
        column(*("carrier", LABELS["carrier"]), width=200),
        column(*("title", LABELS["title"]), flex=1, minWidth=220, tooltipField="title"),
        column("quantity_kt", LABELS["quantity_kt"], width=115, **number),
        column("quantity_phys", LABELS["quantity_phys"], width=140, **number),
        column("start_year", "Début", **year),
        column("end_year", "Fin", **year),
        column("status", LABELS["status"], width=140, cellEditor="agSelectCellEditor",
               cellEditorParams={"values": statuses}, editable=editable and len(statuses) > 1),
        column("maturity", LABELS["maturity"], width=190, cellEditor="agSelectCellEditor",
               cellEditorParams={"values": MATURITIES}),
        column("review", "Relecture", width=200, tooltipField="review"),
        column("objectives", LABELS["objectives"], width=220, tooltipField="objectives"),
        column("theme", LABELS["theme"], width=190, cellEditor="agSelectCellEditor",
               cellEditorParams={"values": ["", *THEMES]}),
        column("territories", LABELS["territories"], width=220, tooltipField="territories"),
        column("total_cost", LABELS["total_cost"], width=140, **number),
        column("funding", "Financement (€)", width=140, **number),
        column("contact", LABELS["contact"], width=200),
        column("version", "Version", width=100, type="rightAligned"),
        column("updated_by", "Modifié par", width=150),
        column("updated", "Modifié le", width=150),
    ]


def commitment_grid(commitments: pd.DataFrame, editable: bool, statuses: list[str]) -> dag.AgGrid:
    """``statuses``: those the account may give (one only: the status is not editable)."""
    return dag.AgGrid(
        id=GRID,
        rowData=row_data(commitments),
        columnDefs=[column for column in column_defs(editable, statuses)
                    if reading.may(Read.PEOPLE) or column["field"] not in reading.COMMITMENT_PEOPLE],
        defaultColDef={"sortable": True, "filter": True, "resizable": True},
        getRowId="params.data.commitment_id + ''",
        dashGridOptions={"rowSelection": {"mode": "singleRow", "enableClickSelection": True, "checkboxes": False},
                         "pagination": True, "paginationPageSize": 20, "paginationPageSizeSelector": [20, 50, 100],
                         "localeText": FRENCH_GRID, "stopEditingWhenCellsLoseFocus": True,
                         "animateRows": False, **PHONE_CARDS,
                         # its width shared out once, the vertical scrollbar's place included: drawn on a busy machine,
                         # the grid could share it before the scrollbar came, then scroll sideways by its width
                         "alwaysShowVerticalScroll": True,
                         # the page's font (Marianne), not the theme's own
                         "theme": {"function": "themeQuartz.withParams({fontFamily: 'inherit'})"}},
        style={"height": "560px"},
    )
