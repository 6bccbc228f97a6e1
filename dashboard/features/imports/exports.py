"""The Données page's download: the journal of imports."""

from __future__ import annotations

from dashboard.exports import export_view
from dashboard.features.imports.tables import imports_table
from dashboard.store import fetch, queries
from dashboard.tables import Table


@export_view("imports")
def _imports(params: dict) -> Table:
    return imports_table(fetch(queries.imports))
