"""The overview's downloads: the objectives by lever and the territories of the region."""

from __future__ import annotations

from dashboard.components import frozen_version
from dashboard.exports import export_view, region_of, region_view
from dashboard.features.overview.tables import levers_table, parts_table
from dashboard.store import fetch_imported, queries
from dashboard.tables import Table

region_view("leviers", levers_table, queries.region_levers, reading=frozen_version.versioned)


@export_view("territoires")
@frozen_version.versioned
def _parts(params: dict) -> Table:
    region, name = region_of(params)
    return parts_table(name, fetch_imported(queries.region_parts, region, "departement"),
                       fetch_imported(queries.region_parts, region, "crte"))
