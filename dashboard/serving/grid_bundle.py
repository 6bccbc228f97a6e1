"""dash-ag-grid's bundle (1.3 MB, 309 KiB compressed) only on the pages that show a grid.

The grid's main bundle is listed by no page (dashboard/serving/unlisted.py): Dash still serves it at its
fingerprinted URL, cached a year. assets/grid_on_demand.js stands in for the ``dash_ag_grid`` namespace: the
first grid drawn loads the bundle from the URL that the page's ``<meta name="cop-grid-bundle">`` holds.
"""

from __future__ import annotations

import os

import dash_ag_grid
from dash.fingerprint import build_fingerprint

from dashboard.serving.unlisted import unlist

MAIN = "dash_ag_grid.min.js"
META_NAME = "cop-grid-bundle"


def load_on_demand() -> None:
    """Take the main bundle out of the scripts every page lists (idempotent)."""
    unlist(dash_ag_grid, {MAIN})


def path() -> str:
    """The bundle's fingerprinted path, built as Dash builds those of the scripts it lists."""
    modified = int(os.stat(os.path.join(os.path.dirname(dash_ag_grid.__file__), MAIN)).st_mtime)
    return f"/_dash-component-suites/dash_ag_grid/{build_fingerprint(MAIN, dash_ag_grid.__version__, modified)}"


def meta_tag(relative_path) -> dict:
    """The page's pointer to the bundle; ``relative_path`` is the app's ``get_relative_path``."""
    return {"name": META_NAME, "content": relative_path(path())}
