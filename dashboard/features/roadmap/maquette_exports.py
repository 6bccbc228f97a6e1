"""Downloads of the maquette financière (CSV, XLSX): its tables for a territory (``territoire``), now or as a frozen
``version`` holds them (``maquette_tables.VIEW_TABLES``), and a year's maquette (``annee``)."""

from __future__ import annotations

from dashboard.exports import UnknownExport, export_view
from dashboard.features.roadmap import maquette
from dashboard.features.roadmap import maquette_tables as tables
from dashboard.features.roadmap.exports import view_export, view_of
from dashboard.tables import Table
from domain.ranges import COMMITMENT_YEAR

for _name, _make in tables.VIEW_TABLES.items():
    view_export(_name, _make)


@export_view("maquette-annuelle")
def _annual(params: dict) -> Table:
    view = view_of(params)
    year = year_of(params.get("annee"))
    return tables.annual_table(view.territory_name, year, maquette.annual(view.commitments, year))


def year_of(value) -> int:
    """The year a download or the document names, within the commitments' years; UnknownExport otherwise."""
    try:
        year = int(str(value))
    except ValueError:
        raise UnknownExport("paramètre « annee » manquant ou non numérique.") from None
    if COMMITMENT_YEAR.problem(year):
        raise UnknownExport(f"année {year} hors de {COMMITMENT_YEAR.low}–{COMMITMENT_YEAR.high}.")
    return year
