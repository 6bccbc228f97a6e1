"""The roadmap page of a frozen version (``/feuille-de-route?region=53&version=N``): its own figures, read-only.

Built by pages/roadmap.py inside ``frozen_version.reading``: the same key figures, table by sector, trajectory and
map as the current state, the version's commitments as a table (no grid, no form, no import: a version does not
change), its downloads and document, and the comparison with a later version or the current state.
"""

from __future__ import annotations

from dash import dcc, html

from dashboard import store
from dashboard.components import frozen_version
from dashboard.components.table import data_table
from dashboard.features.roadmap import data as roadmap_data
from dashboard.features.roadmap import frozen_versions_panel, summary
from dashboard.features.roadmap.ids import PARAMS
from dashboard.features.roadmap.tables import commitments_table
from dashboard.state import PageState, href
from domain import versions


def layout(frozen: versions.Header, params: dict, view: roadmap_data.RoadmapView, controls, figures: list,
           exports) -> html.Div:
    current = href("/feuille-de-route", PageState(view.region), territoire=f"{view.level}:{view.code}")
    territory = roadmap_data.territory_label(view.level, view.territory_name)
    with store.reading_version(None):
        later = store.fetch(versions.versions, view.region)
    return html.Div([
        dcc.Location(id="roadmap-url", refresh="callback-nav"),
        dcc.Store(id=PARAMS, data=params),
        html.H1(["Feuille de route 2030 — ", html.Span(view.region_name, id="roadmap-region-name")]),
        frozen_version.banner(frozen, current),
        controls,
        html.Div(figures, id="roadmap-summary"),
        html.Section([
            html.H2(f"Engagements de la version — {territory}"),
            data_table(commitments_table(territory, view.commitments), "engagements", summary.params_of(view)),
        ]),
        html.Section([
            html.H2("Comparer cette version"),
            frozen_versions_panel.comparison_controls(later, frozen.version_id),
            html.Div(id="roadmap-comparison"),
        ]),
        exports,
    ])
