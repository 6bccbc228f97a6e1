"""Downloads of the roadmap: its tables (CSV/XLSX), the workbook (a summary sheet and one sheet per
sector) and the blank commitments template, with the region's levers and territories to fill it in."""

from __future__ import annotations

import io
import re
from collections.abc import Callable

import pandas as pd
from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from dashboard.access import reading
from dashboard.components import frozen_version
from dashboard.exports import UnknownExport, export_view, region_of
from dashboard.features.roadmap import contributions, version_comparison
from dashboard.features.roadmap import coverage as roadmap
from dashboard.features.roadmap import data as roadmap_data
from dashboard.features.roadmap.follow_up_paths import reference_year
from dashboard.features.roadmap.follow_up_tables import late_table, years_table
from dashboard.features.roadmap.tables import (
    commitment_history,
    commitments_table,
    financing_lines_table,
    maturity_table,
    objective_coverage_table,
    parts_table,
    sector_table,
)
from dashboard.store import fetch, memo
from dashboard.tables import Table, exported
from domain import clock, commitment_store, follow_up
from domain.commitment_template import FINANCING_HEADERS, FINANCING_SHEET, HEADERS
from domain.commitments import LABELS, LEVELS, MATURITIES, STATUSES, THEMES, Context
from domain.financing_lines import COLUMNS as FINANCING_COLUMNS
from domain.formats import moment
from domain.spreadsheet import neutralize
from domain.unplaced import unplaced, unplaced_notices
from domain.vocabulary import FINANCING_STATUSES, FUNDING_SOURCES, sector_rank

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


@export_view("feuille-de-route")
def _summary(params: dict) -> Table:
    view = view_of(params)
    return sector_table(view.territory_name, view.coverage)


@export_view("maturites")
def _maturities(params: dict) -> Table:
    view = view_of(params)
    return maturity_table(view.territory_name, roadmap.maturity_counts(view.commitments))


@export_view("objectifs-engages")
def _objectives(params: dict) -> Table:
    view = view_of(params)
    return objective_coverage_table(view.territory_name, view.objective_coverage)


@export_view("retards")
def _late(params: dict) -> Table:
    view = view_of(params)
    return late_table(view.territory_name, view.late, reference_year(), view.unfollowed)


@export_view("suivi")
def _follow_up(params: dict) -> Table:
    commitment_id = _integer(params.get("engagement"), "engagement")
    return years_table(commitment_id, fetch(follow_up.stored, commitment_id))


@export_view("engagements")
def _commitments(params: dict) -> Table:
    view = view_of(params)
    return commitments_table(view.territory_name, view.commitments)


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
    « Financements » (their financing lines) and « Suivi » (their follow-up); re-imported, it changes nothing."""
    book = Workbook()
    _summary_sheet(book, view, url)
    _sector_sheets(book, view)
    _financing_sheet(book, view)
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
    _append_frame(sheet, exported(summary))
    sheet.append([])
    for line in summary.notes + [f"Exporté le {moment(clock.now())}", url]:
        sheet.append([line])
    _fit(sheet)


def _sector_sheets(book: Workbook, view: roadmap_data.RoadmapView) -> None:
    used = {"Synthèse", FINANCING_SHEET, follow_up.SHEET}
    for sector in view.sectors:
        rows = view.commitments[view.commitments["sector"] == sector]
        sector_sheet = book.create_sheet(_sheet_name(sector, used))
        _append_frame(sector_sheet, exported(commitments_table(view.territory_name, rows)))
        _fit(sector_sheet)


def _financing_sheet(book: Workbook, view: roadmap_data.RoadmapView) -> None:
    sheet = book.create_sheet(FINANCING_SHEET)
    _append_frame(sheet, exported(financing_lines_table(view.territory_name, view.commitments)))
    _fit(sheet)


def _view_follow_up_sheet(book: Workbook, view: roadmap_data.RoadmapView) -> None:
    years = fetch(follow_up.stored, None, view.region)
    _follow_up_sheet(book, years[years["commitment_id"].isin(set(view.commitments["commitment_id"]))],
                     dict(zip(view.commitments["commitment_id"], view.commitments["title"])))


def template_for(context: Context) -> bytes:
    """The blank template, listing the levers and territories of the context's region."""
    levers = pd.DataFrame([(lever.lever_id, lever.label, lever.sector, lever.unit_phys, lever.ratio)
                           for lever in sorted(context.levers.values(),
                                               key=lambda lever: (sector_rank(lever.sector), lever.label))],
                          columns=[LABELS["lever_id"], "Levier", "Secteur", "Unité physique",
                                   "Facteur (unités physiques par ktCO₂e)"])
    territories = pd.DataFrame([(LEVELS[level], code, name)
                                for (level, code), name in sorted(context.territories.items())],
                               columns=[LABELS["territory_level"], LABELS["territory_code"], "Territoire"])
    objectives = pd.DataFrame([(one.indicator_id, one.name, one.unit) for one in context.objectives.values()],
                              columns=["Indicateur (identifiant)", "Objectif régional", "Unité"])
    return template(levers, territories, objectives)


def template(context_levers: pd.DataFrame, territories: pd.DataFrame, objectives: pd.DataFrame) -> bytes:
    """The blank template: « Engagements » to fill in, « Mode d'emploi », « Leviers », « Objectifs régionaux » and
    « Territoires »."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Engagements"
    sheet.append(HEADERS)
    lists = {LABELS["status"]: STATUSES, LABELS["maturity"]: MATURITIES, LABELS["theme"]: THEMES,
             LABELS["territory_level"]: list(LEVELS.values())}
    for header, values in lists.items():
        column = get_column_letter(HEADERS.index(header) + 1)
        validation = DataValidation(type="list", formula1='"' + ",".join(values) + '"', allow_blank=True,
                                    error="Choisissez une valeur de la liste.", errorTitle="Valeur non reconnue")
        sheet.add_data_validation(validation)
        validation.add(f"{column}2:{column}5000")
    _fit(sheet)
    _financing_template(book)
    guide = book.create_sheet("Mode d'emploi")
    for line in GUIDE:
        guide.append([line])
    guide.column_dimensions["A"].width = 120
    _append_frame(book.create_sheet("Leviers"), context_levers)
    _append_frame(book.create_sheet("Objectifs régionaux"), objectives)
    _append_frame(book.create_sheet("Territoires"), territories)
    for name in ("Leviers", "Objectifs régionaux", "Territoires"):
        _fit(book[name])
    _follow_up_sheet(book, pd.DataFrame(columns=[*follow_up.COLUMNS, "objectives"]), {})
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _financing_template(book: Workbook) -> None:
    """The blank « Financements » sheet, its statuses offered in a list."""
    sheet = book.create_sheet(FINANCING_SHEET)
    sheet.append(FINANCING_HEADERS)
    column = get_column_letter(FINANCING_HEADERS.index(FINANCING_COLUMNS["status"]) + 1)
    validation = DataValidation(type="list", formula1='"' + ",".join(FINANCING_STATUSES) + '"', allow_blank=True,
                                error="Choisissez une valeur de la liste.", errorTitle="Valeur non reconnue")
    sheet.add_data_validation(validation)
    validation.add(f"{column}2:{column}5000")
    _fit(sheet)


GUIDE = [
    "Modèle d'engagements de la feuille de route régionale 2030",
    "",
    "Une ligne par engagement, dans la feuille « Engagements ». Laissez « Identifiant » et « Version » vides pour un "
    "nouvel engagement ; gardez-les tels qu'exportés pour modifier un engagement existant.",
    f"{LABELS['territory_level']} : {', '.join(LEVELS.values())} ; {LABELS['territory_code']} : code INSEE, SIREN "
    "de l'EPCI ou identifiant ANCT du CRTE (voir la feuille « Territoires »).",
    f"{LABELS['territories']} : pour un engagement porté par plusieurs territoires, chacun avec sa part en %, le "
    "territoire de l'engagement parmi eux, les parts faisant 100 % : « CRTE crte-53-29-2 : 60 ; CRTE crte-53-29-3 : "
    "40 » (sans parts : parts égales) ; vide pour un engagement porté par son seul territoire.",
    f"{LABELS['lever_id']} : identifiant du levier (voir la feuille « Leviers »), si l'engagement contribue à un "
    "levier du SGPE. « Territoire », « Levier », « Secteur » et « Unité physique » sont indicatives : elles ne sont "
    "pas relues à l'import.",
    "Quantité : avec un levier, en ktCO₂e évitées, ou dans l'unité physique du levier (variation), ou les deux s'ils "
    "concordent (facteur de conversion du levier, à 1 % près) ; sans levier, laissez-les vides.",
    f"{LABELS['objectives']} : ce que l'engagement apporte aux objectifs régionaux au-delà des gaz à effet de serre "
    "(voir la feuille « Objectifs régionaux »), dans l'unité de leur indicateur, vers la cible 2030 : "
    "« PRELEV_EAU : 1200 ; ARTIF_HA : 3,5 » (facultatif).",
    f"{LABELS['theme']} : {', '.join(THEMES)} ; obligatoire pour un engagement sans levier ni objectif régional.",
    f"{LABELS['start_year']} et {LABELS['end_year']} : l'engagement monte en charge de l'une à l'autre.",
    f"{LABELS['status']} : {', '.join(STATUSES)} (la décision de la COP).",
    f"{LABELS['maturity']} : {', '.join(MATURITIES)} (où en est le projet ; facultative).",
    f"{LABELS['total_cost']} : ce que coûte l'engagement, en euros (facultatif).",
    f"Feuille « {FINANCING_SHEET} » : une ligne par financement, repérée par l'« Identifiant » de l'engagement (pour "
    "un engagement nouveau, sans identifiant : son « Intitulé », tel qu'écrit dans « Engagements »). "
    f"{FINANCING_COLUMNS['source']} : {', '.join(FUNDING_SOURCES)}, ou toute autre écrite en toutes lettres ; "
    f"{FINANCING_COLUMNS['party']} : le code d'un financeur au registre des parties de la région (facultatif) ; "
    f"{FINANCING_COLUMNS['amount']} : positif (vide : à préciser) ; {FINANCING_COLUMNS['year']} : comprise entre "
    f"l'année de début et l'année de fin de l'engagement (vide : non précisée) ; {FINANCING_COLUMNS['status']} : "
    f"{', '.join(FINANCING_STATUSES)} (vide : non renseigné). Le total au-delà du coût total est signalé, pas "
    f"refusé. Les financements d'un engagement importé sont ceux de cette feuille ; un fichier sans elle (CSV) "
    "laisse ceux enregistrés.",
    f"Feuille « {follow_up.SHEET} » (facultative) : le suivi des engagements existants, une ligne par engagement "
    f"(son identifiant) et par année : ce qui a été réalisé cette année-là (pas un cumul) en ktCO₂e ou dans l'unité "
    f"physique du levier, pour ses objectifs régionaux (« PRELEV_EAU : 300 »), le montant dépensé et un commentaire ; "
    "gardez « Version du suivi » telle qu'exportée.",
    "Une ligne incomplète ou incohérente est refusée à l'import, avec son numéro et la raison ; les autres lignes "
    "sont importées.",
]


def _follow_up_sheet(book: Workbook, years: pd.DataFrame, titles: dict[int, str]) -> None:
    """« Suivi »: the commitments' follow-up, one row per commitment and year (``domain.follow_up.stored``), read
    back by the import (``loaders.follow_up_sheet``)."""
    sheet = book.create_sheet(follow_up.SHEET)
    _append_frame(sheet, follow_up.sheet_frame(years, titles))
    _fit(sheet)


def _sheet_name(sector: str, used: set) -> str:
    base = SHEET_NAME_FORBIDDEN.sub(" ", sector)[:31].strip() or "Secteur"
    name, number = base, 2
    while name in used:
        suffix = f" ({number})"
        name, number = base[: 31 - len(suffix)] + suffix, number + 1
    used.add(name)
    return name


def _append_frame(sheet, frame: pd.DataFrame) -> None:
    sheet.append([neutralize(str(c)) for c in frame.columns])
    for row in frame.itertuples(index=False):
        sheet.append([_cell(value) for value in row])


def _cell(value):
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA:
        return None
    if hasattr(value, "item"):  # numpy scalar
        value = value.item()
    return neutralize(value)


def _fit(sheet) -> None:
    for column in sheet.columns:
        width = max(len(str(cell.value or "")) for cell in column[:50])
        sheet.column_dimensions[column[0].column_letter].width = min(max(width + 2, 10), 50)
