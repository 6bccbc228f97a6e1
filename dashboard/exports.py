"""Downloads: every table as CSV (French Excel: ``;``, decimal comma, UTF-8 BOM) or XLSX.

Served at ``/export/<view>.<csv|xlsx>?<the page's parameters>``.
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Callable

import pandas as pd

from dashboard.access import reading
from dashboard.store import fetch, fetch_imported, memo, queries
from dashboard.tables import Table, exported
from domain import clock
from domain.formats import local_times, moment
from domain.spreadsheet import neutralize

MEDIA_TYPES = {
    "csv": "text/csv",  # Flask adds « ; charset=utf-8 » to a text type
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class UnknownExport(LookupError):
    """The view or its parameters name nothing that exists."""


VIEWS: dict[str, Callable[[dict], Table]] = {}


def export_view(name: str):
    """Register ``build(params) -> Table`` as the export ``/export/<name>.<csv|xlsx>``."""
    def register(build: Callable[[dict], Table]) -> Callable[[dict], Table]:
        VIEWS[name] = build
        return build
    return register


def region_view(name: str, builder: Callable[..., Table], *reads: Callable,
                reading: Callable[[Callable], Callable] | None = None) -> None:
    """Register the export ``name`` of a table of the region its ``region`` parameter names: ``builder(the region's
    name, *(each of ``reads`` fetched for the region))``; ``reading`` wraps the view (a frozen version's download:
    ``components.frozen_version.versioned``)."""
    def build_view(params: dict) -> Table:
        region, region_name = region_of(params)
        return builder(region_name, *(fetch(read, region) for read in reads))
    export_view(name)(build_view if reading is None else reading(build_view))


def build(view: str, params: dict) -> Table:
    if view not in VIEWS:
        raise UnknownExport(f"vue d'export inconnue : « {view} » (vues : {', '.join(sorted(VIEWS))}).")
    return VIEWS[view](params)


def region_of(params: dict) -> tuple[str, str]:
    """(code, name) of the ``region`` parameter; UnknownExport if it has no objectives loaded."""
    region = params.get("region")
    regions = fetch_imported(queries.regions)
    match = regions[regions["code"] == region]
    if match.empty:
        raise UnknownExport(f"région inconnue ou sans objectifs chargés : « {region} ».")
    return region, match.iloc[0]["name"]


def _safe(table: Table) -> pd.DataFrame:
    """The frame as ``tables.exported`` writes it, with every text cell and every header inert (scenario names
    become headers), its instants in Paris time as the pages show them."""
    frame = exported(table)
    frame = frame.assign(**{c: local_times(frame[c]) for c, kind in table.kinds.items()
                            if kind == "date" and c in frame})
    text_columns = frame.select_dtypes(include=["object", "string"]).columns
    safe = frame.assign(**{c: frame[c].map(neutralize) for c in text_columns})
    safe.columns = [neutralize(str(c)) for c in frame.columns]
    return safe


def csv_download(view: str, params: dict) -> tuple[str, bytes]:
    """(file name, CSV) of the view, cached like ``memo``: made once per data version, parameters and what the
    visitor reads (dashboard/access/reading.py: the public's copy has no people) however many participants
    download it."""
    return memo(_csv_download, view, tuple(sorted(params.items())), reading.readable())


def _csv_download(view: str, params: tuple, _readable: tuple) -> tuple[str, bytes]:
    table = build(view, dict(params))
    return file_name(table, "csv"), to_csv(table)


def to_csv(table: Table) -> bytes:
    buffer = io.StringIO()
    _safe(table).to_csv(buffer, sep=";", decimal=",", index=False, date_format="%d/%m/%Y %H:%M")
    return buffer.getvalue().encode("utf-8-sig")


def to_xlsx(table: Table, url: str) -> bytes:
    buffer = io.BytesIO()
    about = pd.DataFrame({"": [table.title, *table.notes, f"Exporté le {moment(clock.now())}", url]})
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        _safe(table).to_excel(writer, sheet_name="Données", index=False)
        about.to_excel(writer, sheet_name="Source", index=False, header=False)
        sheet = writer.sheets["Données"]
        for column in sheet.columns:
            width = max(len(str(cell.value or "")) for cell in column[:50])
            sheet.column_dimensions[column[0].column_letter].width = min(max(width + 2, 10), 60)
    return buffer.getvalue()


def file_name(table: Table, extension: str) -> str:
    """``Objectifs 2030 par levier — Bretagne`` → ``objectifs-2030-par-levier-bretagne.csv``."""
    ascii_title = unicodedata.normalize("NFKD", table.title).encode("ascii", "ignore").decode().lower()
    return "-".join(re.findall(r"[a-z0-9]+", ascii_title)) + f".{extension}"
