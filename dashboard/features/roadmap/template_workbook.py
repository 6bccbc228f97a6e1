"""The blank commitments template (XLSX): « Engagements » to fill in, a sheet per repeated group (« Contributions »,
« Territoires », « Financements »), « Mode d'emploi », the region's levers, objectives and territories to pick from,
and « Suivi ». Read back by ``loaders.commitments``."""

from __future__ import annotations

import io

import pandas as pd
from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from dashboard.features.roadmap.workbook_sheets import append_frame, fit, follow_up_sheet
from domain import follow_up
from domain.commitment_template import CONTRIBUTIONS, FINANCING, GROUP_SHEETS, TERRITORIES, WORKBOOK_HEADERS
from domain.commitments import LABELS, LEVELS, MATURITIES, STATUSES, THEMES, Context
from domain.vocabulary import FINANCING_STATUSES, FUNDING_SOURCES, sector_rank

# The region's territories to pick from; not « Territoires », the sheet of the commitments' shared territories.
TERRITORY_LIST = "Territoires de la région"


def template_for(context: Context) -> bytes:
    """The blank template, listing the levers, objectives and territories of the context's region."""
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
    book = Workbook()
    sheet = book.active
    sheet.title = "Engagements"
    sheet.append(WORKBOOK_HEADERS)
    _offer(sheet, WORKBOOK_HEADERS, {LABELS["status"]: STATUSES, LABELS["maturity"]: MATURITIES,
                                     LABELS["theme"]: THEMES, LABELS["territory_level"]: list(LEVELS.values())})
    fit(sheet)
    offered = {TERRITORIES.columns["level"]: list(LEVELS.values()), FINANCING.columns["status"]: FINANCING_STATUSES}
    for group in GROUP_SHEETS:
        group_sheet = book.create_sheet(group.name)
        group_sheet.append(group.headers)
        _offer(group_sheet, group.headers, {h: values for h, values in offered.items() if h in group.headers})
        fit(group_sheet)
    guide = book.create_sheet("Mode d'emploi")
    for line in GUIDE:
        guide.append([line])
    guide.column_dimensions["A"].width = 120
    for name, frame in (("Leviers", context_levers), ("Objectifs régionaux", objectives),
                        (TERRITORY_LIST, territories)):
        append_frame(book.create_sheet(name), frame)
        fit(book[name])
    follow_up_sheet(book, pd.DataFrame(columns=[*follow_up.COLUMNS, "objectives"]), {})
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _offer(sheet, headers: list[str], lists: dict[str, list[str]]) -> None:
    """Offer each column of ``lists`` its values in a drop-down list."""
    for header, values in lists.items():
        column = get_column_letter(headers.index(header) + 1)
        validation = DataValidation(type="list", formula1='"' + ",".join(values) + '"', allow_blank=True,
                                    error="Choisissez une valeur de la liste.", errorTitle="Valeur non reconnue")
        sheet.add_data_validation(validation)
        validation.add(f"{column}2:{column}5000")


_KEYED = ("repérée par l'« Identifiant » de l'engagement (pour un engagement nouveau, sans identifiant : son "
          "« Intitulé », tel qu'écrit dans « Engagements »)")
GUIDE = [
    "Modèle d'engagements de la feuille de route régionale 2030",
    "",
    "Une ligne par engagement, dans la feuille « Engagements ». Laissez « Identifiant » et « Version » vides pour un "
    "nouvel engagement ; gardez-les tels qu'exportés pour modifier un engagement existant.",
    f"{LABELS['territory_level']} : {', '.join(LEVELS.values())} ; {LABELS['territory_code']} : code INSEE, SIREN "
    f"de l'EPCI ou identifiant ANCT du CRTE (voir la feuille « {TERRITORY_LIST} »).",
    f"{LABELS['lever_id']} : identifiant du levier (voir la feuille « Leviers »), si l'engagement contribue à un "
    "levier du SGPE. « Territoire », « Levier », « Secteur » et « Unité physique » sont indicatives : elles ne sont "
    "pas relues à l'import.",
    "Quantité : avec un levier, en ktCO₂e évitées, ou dans l'unité physique du levier (variation), ou les deux s'ils "
    "concordent (facteur de conversion du levier, à 1 % près) ; sans levier, laissez-les vides.",
    f"{LABELS['theme']} : {', '.join(THEMES)} ; obligatoire pour un engagement sans levier ni objectif régional.",
    f"{LABELS['start_year']} et {LABELS['end_year']} : l'engagement monte en charge de l'une à l'autre.",
    f"{LABELS['status']} : {', '.join(STATUSES)} (la décision de la COP).",
    f"{LABELS['maturity']} : {', '.join(MATURITIES)} (où en est le projet ; facultative).",
    f"{LABELS['total_cost']} : ce que coûte l'engagement, en euros (facultatif).",
    f"Feuille « {CONTRIBUTIONS.name} » (facultative) : ce que l'engagement apporte aux objectifs régionaux au-delà des "
    f"gaz à effet de serre, une ligne par objectif, {_KEYED}. {CONTRIBUTIONS.columns['indicator']} : l'identifiant "
    f"de l'indicateur (voir la feuille « Objectifs régionaux ») ; {CONTRIBUTIONS.columns['value']} : positive, dans "
    "l'unité de l'indicateur, vers la cible 2030.",
    f"Feuille « {TERRITORIES.name} » (facultative) : pour un engagement porté par plusieurs territoires, une ligne par "
    f"territoire, {_KEYED}, le territoire de l'engagement parmi eux. {TERRITORIES.columns['level']} et "
    f"{TERRITORIES.columns['code']} : comme dans « Engagements » ; {TERRITORIES.columns['share']} : la part du "
    "territoire, les parts faisant 100 % (toutes vides : parts égales). Aucune ligne : porté par son seul territoire.",
    f"Feuille « {FINANCING.name} » : une ligne par financement, {_KEYED}. "
    f"{FINANCING.columns['source']} : {', '.join(FUNDING_SOURCES)}, ou toute autre écrite en toutes lettres ; "
    f"{FINANCING.columns['party']} : le code d'un financeur au registre des parties de la région (facultatif) ; "
    f"{FINANCING.columns['amount']} : positif (vide : à préciser) ; {FINANCING.columns['year']} : comprise entre "
    f"l'année de début et l'année de fin de l'engagement (vide : non précisée) ; {FINANCING.columns['status']} : "
    f"{', '.join(FINANCING_STATUSES)} (vide : non renseigné). Le total au-delà du coût total est signalé, pas "
    "refusé.",
    "Les contributions, territoires et financements d'un engagement importé sont ceux de ces trois feuilles ; un "
    "fichier sans l'une d'elles (un CSV, un modèle plus ancien) laisse ceux enregistrés. Un modèle plus ancien, qui "
    f"les donnait dans les colonnes « {LABELS['objectives']} » et « {LABELS['territories']} » d'« Engagements », "
    "s'importe toujours tel quel.",
    f"Feuille « {follow_up.SHEET} » (facultative) : le suivi des engagements existants, une ligne par engagement "
    f"(son identifiant) et par année : ce qui a été réalisé cette année-là (pas un cumul) en ktCO₂e ou dans l'unité "
    f"physique du levier, pour ses objectifs régionaux (« PRELEV_EAU : 300 »), le montant dépensé et un commentaire ; "
    "gardez « Version du suivi » telle qu'exportée.",
    "Une ligne incomplète ou incohérente est refusée à l'import, avec son numéro et la raison ; les autres lignes "
    "sont importées.",
]
