"""Downloads of the roadmap: its tables (CSV/XLSX) and the workbook (a summary sheet, one sheet per sector, and the
sheets of the commitments' repeated groups and follow-up). The blank template: ``template_workbook``."""

from __future__ import annotations

import io
import re
from collections.abc import Callable

from openpyxl import Workbook

from dashboard.access import reading
from dashboard.components import frozen_version
from dashboard.exports import UnknownExport, export_view, region_of
from dashboard.features.roadmap import contributions, version_comparison
from dashboard.features.roadmap import coverage as roadmap
from dashboard.features.roadmap import data as roadmap_data
from dashboard.features.roadmap.follow_up_paths import reference_year
from dashboard.features.roadmap.follow_up_tables import late_table, year_history, years_table
from dashboard.features.roadmap.tables import (
    commitment_history,
    commitments_table,
    group_table,
    maturity_table,
    objective_coverage_table,
    parts_table,
    sector_table,
)
from dashboard.features.roadmap.workbook_sheets import append_frame, fit, follow_up_sheet
from dashboard.store import fetch, memo
from dashboard.tables import Table, exported
from domain import clock, commitment_store, follow_up
from domain.commitment_template import GROUP_CELLS, GROUP_SHEETS
from domain.commitments import LABELS, LEVELS
from domain.formats import moment
from domain.unplaced import unplaced, unplaced_notices

SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def view_of(params: dict) -> roadmap_data.RoadmapView:
    """The roadmap of the ``region`` and ``territoire`` asked for, now or as the frozen ``version`` holds it."""
    region, _ = region_of(params)
    level, _, code = (params.get("territoire") or f"region:{region}").partition(":")
    with frozen_version.export_reading(region, params):
        names = roadmap_data.territories(region)
        if not ((names["level"] == level) & (names["code"] == code)).any():
            raise UnknownExport(f"territoire inconnu dans cette région : « {params.get('territoire')} ».")
        return roadmap_data.build(region, level, code)


def view_export(name: str, make: Callable[[str, roadmap_data.RoadmapView], Table]) -> None:
    """Register the download ``name``: ``make(territory's name, view)`` for the view its parameters name
    (``view_of``)."""
    def build(params: dict) -> Table:
        view = view_of(params)
        return make(view.territory_name, view)

    export_view(name)(build)


view_export("feuille-de-route", lambda name, view: sector_table(name, view.coverage))
view_export("maturites", lambda name, view: maturity_table(name, roadmap.maturity_counts(view.commitments)))
view_export("objectifs-engages", lambda name, view: objective_coverage_table(name, view.objective_coverage))
view_export("retards", lambda name, view: late_table(name, view.late, reference_year(), view.unfollowed))
view_export("engagements", lambda name, view: commitments_table(name, view.commitments))


@export_view("suivi")
def _follow_up(params: dict) -> Table:
    commitment_id = _integer(params.get("engagement"), "engagement")
    return years_table(commitment_id, fetch(follow_up.stored, commitment_id))


def _per_level(name: str, make: Callable[[str, str, str], Table]) -> None:
    """Register ``<name>-departement`` and ``<name>-crte``: ``make(region, region_name, level)``, its notes naming
    the territories of the level that could not be placed."""
    def build(params: dict, level: str) -> Table:
        region, region_name = region_of(params)
        with frozen_version.export_reading(region, params):
            table = make(region, region_name, level)
            table.notes += unplaced_notices(fetch(unplaced, region, level), level)
        return table

    for level in ("departement", "crte"):
        export_view(f"{name}-{level}")(lambda params, level=level: build(params, level))


_per_level("couverture", lambda region, name, level: parts_table(
    name, LEVELS[level], roadmap_data.parts_coverage(region, level).drop(columns="geom_simplified")))
_per_level("contributions", lambda region, name, level: contributions.board_table(
    name, level, contributions.region_board(region, level)))


@export_view("historique")
def _history(params: dict) -> Table:
    commitment_id = _integer(params.get("engagement"), "engagement")
    return commitment_history(commitment_id, fetch(commitment_store.history, commitment_id))


@export_view("historique-suivi")
def _follow_up_history(params: dict) -> Table:
    commitment_id, year = _integer(params.get("engagement"), "engagement"), _integer(params.get("annee"), "annee")
    return year_history(commitment_id, year, fetch(follow_up.history, commitment_id, year))


def _comparison_of(params: dict) -> version_comparison.Comparison:
    """The comparison that ``version`` (a frozen version) and ``avec`` (a later one; the current state when absent)
    name."""
    region, _ = region_of(params)
    try:
        before = frozen_version.opened(region, params.get("version"))
        after = frozen_version.opened(region, params.get("avec"))
    except frozen_version.NotAVersion as error:
        raise UnknownExport(str(error)) from None
    if before is None:
        raise UnknownExport("paramètre « version » manquant.")
    return memo(version_comparison.compare, region, before, after, reading.readable())


for _name in ("comparaison", "comparaison-secteurs", "comparaison-departements", "comparaison-crte"):
    export_view(_name)(lambda params, name=_name: version_comparison.tables(_comparison_of(params))[name])


def _integer(value, name: str) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise UnknownExport(f"paramètre « {name} » manquant ou non numérique.") from None


def workbook(view: roadmap_data.RoadmapView, url: str) -> bytes:
    """« Synthèse » (coverage per sector), one sheet per sector with its commitments in the template's columns, then
    « Contributions », « Territoires », « Financements » (their repeated groups) and « Suivi » (their follow-up);
    re-imported, it changes nothing."""
    book = Workbook()
    _summary_sheet(book, view, url)
    _sector_sheets(book, view)
    for group in GROUP_SHEETS:
        sheet = book.create_sheet(group.name)
        append_frame(sheet, exported(group_table(group, view.territory_name, view.commitments)))
        fit(sheet)
    _view_follow_up_sheet(book, view)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _summary_sheet(book: Workbook, view: roadmap_data.RoadmapView, url: str) -> None:
    summary = sector_table(view.territory_name, view.coverage)
    sheet = book.active
    sheet.title = "Synthèse"
    sheet.append([f"Feuille de route régionale 2030 — projet — {view.territory_name}"])
    sheet.append([])
    append_frame(sheet, exported(summary))
    sheet.append([])
    for line in summary.notes + [f"Exporté le {moment(clock.now())}", url]:
        sheet.append([line])
    fit(sheet)


def _sector_sheets(book: Workbook, view: roadmap_data.RoadmapView) -> None:
    """One sheet per sector, its commitments in the template's columns but the cells of the groups that have sheets
    of their own."""
    used = {"Synthèse", follow_up.SHEET, *(group.name for group in GROUP_SHEETS)}
    cells = [LABELS[key] for key in GROUP_CELLS]
    for sector in view.sectors:
        rows = view.commitments[view.commitments["sector"] == sector]
        sector_sheet = book.create_sheet(_sheet_name(sector, used))
        append_frame(sector_sheet, exported(commitments_table(view.territory_name, rows)).drop(columns=cells))
        fit(sector_sheet)


def _view_follow_up_sheet(book: Workbook, view: roadmap_data.RoadmapView) -> None:
    years = fetch(follow_up.stored, None, view.region)
    follow_up_sheet(book, years[years["commitment_id"].isin(set(view.commitments["commitment_id"]))],
                     dict(zip(view.commitments["commitment_id"], view.commitments["title"])))


def _sheet_name(sector: str, used: set) -> str:
    base = SHEET_NAME_FORBIDDEN.sub(" ", sector)[:31].strip() or "Secteur"
    name, number = base, 2
    while name in used:
        suffix = f" ({number})"
        name, number = base[: 31 - len(suffix)] + suffix, number + 1
    used.add(name)
    return name
