"""The overview's downloads: the objectives by lever and the territories of the region."""

from __future__ import annotations

from dashboard.exports import export_view, region_of, region_view
from dashboard.features.overview.tables import levers_table, parts_table
from dashboard.store import fetch, queries
from dashboard.tables import Table

region_view("leviers", levers_table, queries.region_levers)


@export_view("territoires")
def _parts(params: dict) -> Table:
    region, name = region_of(params)
    return parts_table(name, fetch(queries.region_parts, region, "departement"),
                       fetch(queries.region_parts, region, "crte"))
