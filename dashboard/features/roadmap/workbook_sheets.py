"""Writing the sheets of the roadmap's workbooks (the export and the blank template): a frame as a sheet, its columns
fitted, and the « Suivi » sheet both carry."""

from __future__ import annotations

import pandas as pd
from openpyxl import Workbook

from domain import follow_up
from domain.spreadsheet import neutralize


def follow_up_sheet(book: Workbook, years: pd.DataFrame, titles: dict[int, str]) -> None:
    """« Suivi »: the commitments' follow-up, one row per commitment and year (``domain.follow_up.stored``), read
    back by the import (``loaders.follow_up_sheet``)."""
    sheet = book.create_sheet(follow_up.SHEET)
    append_frame(sheet, follow_up.sheet_frame(years, titles))
    fit(sheet)


def append_frame(sheet, frame: pd.DataFrame) -> None:
    sheet.append([neutralize(str(c)) for c in frame.columns])
    for row in frame.itertuples(index=False):
        sheet.append([_cell(value) for value in row])


def _cell(value):
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA:
        return None
    if hasattr(value, "item"):  # numpy scalar
        value = value.item()
    return neutralize(value)


def fit(sheet) -> None:
    for column in sheet.columns:
        width = max(len(str(cell.value or "")) for cell in column[:50])
        sheet.column_dimensions[column[0].column_letter].width = min(max(width + 2, 10), 50)
