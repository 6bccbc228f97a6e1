"""Downloads: every table as CSV (French Excel: ``;``, decimal comma, UTF-8 BOM) or XLSX.

Served at ``/export/<view>.<csv|xlsx>?<the page's parameters>``.
"""

from __future__ import annotations

import io
from datetime import datetime

import pandas as pd

from dashboard import queries
from dashboard.formats import moment
from dashboard.store import fetch
from dashboard.tables import Table, imports_table, levers_table, parts_table

FORMULA_STARTS = ("=", "+", "-", "@")
MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class UnknownExport(LookupError):
    """The view or its parameters name nothing that exists."""


def _region_name(region: str | None) -> str:
    regions = fetch(queries.regions)
    match = regions[regions["code"] == region]
    if match.empty:
        raise UnknownExport(f"région inconnue ou sans objectifs chargés : « {region} ».")
    return match.iloc[0]["name"]


def build(view: str, params: dict) -> Table:
    region = params.get("region")
    if view == "leviers":
        return levers_table(_region_name(region), fetch(queries.region_levers, region))
    if view == "territoires":
        name = _region_name(region)
        return parts_table(name, fetch(queries.region_parts, region, "departement"),
                           fetch(queries.region_parts, region, "crte"))
    if view == "imports":
        return imports_table(fetch(queries.imports))
    raise UnknownExport(f"vue d'export inconnue : « {view} » (vues : leviers, territoires, imports).")


def neutralize(value):
    """Make a text cell that a spreadsheet would run as a formula inert."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _safe(frame: pd.DataFrame) -> pd.DataFrame:
    text_columns = frame.select_dtypes(include=["object", "string"]).columns
    return frame.assign(**{c: frame[c].map(neutralize) for c in text_columns})


def to_csv(table: Table) -> bytes:
    buffer = io.StringIO()
    _safe(table.frame).to_csv(buffer, sep=";", decimal=",", index=False, date_format="%d/%m/%Y %H:%M")
    return buffer.getvalue().encode("utf-8-sig")


def to_xlsx(table: Table, url: str) -> bytes:
    buffer = io.BytesIO()
    about = pd.DataFrame({"": [table.title, *table.notes, f"Exporté le {moment(datetime.now())}", url]})
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        _safe(table.frame).to_excel(writer, sheet_name="Données", index=False)
        about.to_excel(writer, sheet_name="Source", index=False, header=False)
        sheet = writer.sheets["Données"]
        for column in sheet.columns:
            width = max(len(str(cell.value or "")) for cell in column[:50])
            sheet.column_dimensions[column[0].column_letter].width = min(max(width + 2, 10), 60)
    return buffer.getvalue()


def file_name(table: Table, extension: str) -> str:
    slug = "".join(c if c.isalnum() else "-" for c in table.title.lower()).strip("-")
    return f"{'-'.join(filter(None, slug.split('-')))}.{extension}"
