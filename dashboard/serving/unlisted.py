"""Component scripts that no page lists: Dash lists every imported library's scripts in every page, even one
that no layout uses. An entry marked « dynamic » (as Dash marks source maps) is still served at its
fingerprinted URL, for a page that fetches it itself (dashboard/serving/grid_bundle.py), but no page lists it."""

from __future__ import annotations

from types import ModuleType

from dash import dash_table


def unlist(library: ModuleType, names: set[str] | None = None) -> None:
    """Take ``library``'s scripts named in ``names`` (all of them when ``None``) out of every page (idempotent).
    Its « async » chunks are never listed: only the bundle that would load them can fetch them."""
    library._js_dist = [{**entry, "dynamic": True}
                        if "async" not in entry and (names is None or entry["relative_package_path"] in names)
                        else entry for entry in library._js_dist]


def unlist_unused() -> None:
    """dash_table: no page shows a DataTable (tables are plain HTML, grids dash-ag-grid); 8 KiB saved per page."""
    unlist(dash_table)
