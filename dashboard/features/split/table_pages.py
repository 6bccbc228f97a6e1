"""The déclinaison's table by pages of ``ROWS`` territories: a region's 250 EPCI drawn at once hold the browser
over a second (bench/long_tasks.py); a page of them stays under 200 ms. The downloads keep every row, and the
order chosen (``tri``) runs across the pages."""

from __future__ import annotations

from dash import html

from dashboard.components.controls import dropdown
from domain import formats

ROWS = 50
PAGE = "split-table-page"  # the page of the table shown (0: the first)
CHOOSER = "split-table-pages"


def options(count: int) -> list[dict]:
    """« Lignes 1 à 50 (sur 244) », one per page of a table of ``count`` rows."""
    return [{"label": f"Lignes {formats.count(start + 1)} à {formats.count(min(start + ROWS, count))} "
                      f"(sur {formats.count(count)})", "value": start // ROWS}
            for start in range(0, max(count, 1), ROWS)]


def shown(page: int | None, count: int) -> slice:
    """The rows of ``page`` (the last page when it is past the end, as after a change of level)."""
    last = max(0, (count - 1) // ROWS)
    first = min(max(0, int(page or 0)), last) * ROWS
    return slice(first, first + ROWS)


def chooser(count: int) -> html.Div:
    """The choice of the page, hidden when the table holds on one."""
    return html.Div(id=CHOOSER, className="control", hidden=count <= ROWS, children=[
        html.Label("Lignes affichées", htmlFor=PAGE),
        dropdown(PAGE, options(count), 0),
    ])
