"""What the roadmap page shows alike to every visitor, above its commitments: key figures, tables by sector,
objective and maturity, trajectory, late commitments, coverage map, maquette financière.

Built once per version of what the roadmap shows (``roadmap_data.CHANGED_BY``: not a scenario value) and frozen
version, from the view as the public reads it, and kept as sent: the five roles' pages, each kept on its own
(``Kept(per_role=True)``), share it instead of each building it again after a write. What depends on the visitor
(the grid, the form, the buttons) is built beside it, on the page."""

from __future__ import annotations

from dashboard.components.after_main_chart import after_main_chart
from dashboard.features.roadmap import data as roadmap_data
from dashboard.features.roadmap import maquette_section, summary
from dashboard.store import memo_as_sent

MAIN_CHART = "roadmap-trajectory"  # drawn first, the rest of the part once it is on the screen


def shown(view: roadmap_data.RoadmapView, level: str) -> list:
    """The parts, with the coverage map by ``level``, as Dash sends them."""
    return memo_as_sent(_shown, view.region, view.level, view.code, view.sector, level,
                        of=(roadmap_data.public(view), level), changed_by=roadmap_data.CHANGED_BY)


def _shown(view_and_level: tuple[roadmap_data.RoadmapView, str]) -> list:
    view, level = view_and_level
    return [summary.key_figures(view), summary.sectors(view), summary.objectives(view), summary.maturities(view),
            summary.trajectory(view, MAIN_CHART),
            after_main_chart("roadmap-summary-end", [summary.late(view), summary.coverage(view, level),
                                                     maquette_section.section(view)], main=MAIN_CHART)]
