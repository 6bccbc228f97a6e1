"""The overview's downloads: the objectives by lever and the territories of the region."""

from __future__ import annotations

from dashboard.components import frozen_version
from dashboard.exports import export_view, region_of
from dashboard.features.overview.tables import levers_table, parts_table
from dashboard.store import fetch, queries
from dashboard.tables import Table


@export_view("leviers")
@frozen_version.versioned
def _levers(params: dict) -> Table:
    region, name = region_of(params)
    return levers_table(name, fetch(queries.region_levers, region))


@export_view("territoires")
@frozen_version.versioned
def _parts(params: dict) -> Table:
    region, name = region_of(params)
    return parts_table(name, fetch(queries.region_parts, region, "departement"),
                       fetch(queries.region_parts, region, "crte"))
