"""The words and colours every page, loader and export shares: territory levels, statuses, sectors.

One table per concept, so that a level is called the same everywhere (« département » in a sentence,
« Département » in a column, « Départements » over a list) and a sector keeps the same colour in every
region. ``browser_vocabulary`` sends the same words and the French number settings to the browser's
JavaScript, which holds no French word of its own for them.
"""

from __future__ import annotations

import zlib
from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Level:
    key: str        # as stored: territory_level
    singular: str   # in a sentence: « par département »
    title: str      # a column or a field: « Département »
    plural: str     # in a sentence: « 94 départements »
    heading: str    # over a list: « Départements »


LEVELS = {level.key: level for level in (
    Level("region", "région", "Région", "régions", "Régions"),
    Level("departement", "département", "Département", "départements", "Départements"),
    Level("crte", "CRTE", "CRTE", "CRTE", "CRTE"),
    Level("epci", "EPCI", "EPCI", "EPCI", "EPCI"),
    Level("commune", "commune", "Commune", "communes", "Communes"),
)}
FINEST_FIRST = ["commune", "epci", "crte", "departement", "region"]


def territory_label(level: str, name: str) -> str:
    """A territory named in a sentence, a row or a list that mixes levels: « Finistère (département) », « CC du Pays
    d'Iroise (EPCI) »; the region, and a territory whose name begins with its level (« CRTE Pays de Brest »), by its
    name alone."""
    said = LEVELS[level].singular
    return name if level == "region" or name.casefold().startswith(said.casefold()) else f"{name} ({said})"
OUTSIDE_CODE = "hors"  # the region's communes that belong to no territory of a level (no CRTE, no EPCI)


def outside_name(level: str) -> str:
    """« Communes hors CRTE »: the region's communes in no territory of ``level``, gathered as one."""
    return f"Communes hors {LEVELS[level].singular}"

# Where a lever stands against the linear 2019 → 2030 path (domain.gaps).
BEHIND, ON_TRACK, AHEAD, NO_DATA = "en retard", "sur la trajectoire", "en avance", "pas de donnée"
GAP_STATUSES = (BEHIND, ON_TRACK, AHEAD, NO_DATA)
PATH = "la trajectoire linéaire"  # what a gap is measured against
# DSFR, contrasted on white
GAP_COLOURS = {BEHIND: "#CE0500", ON_TRACK: "#000091", AHEAD: "#18753C", NO_DATA: "#929292"}
NO_DATA_FILL = "#EEEEEE"  # an area without a value: light, behind dark text
# Which way a lever moved since 2019 (domain.progress): towards its objective, not at all, or away from it.
ADVANCING, STABLE, RECEDING = "en progrès", "stable", "en recul"

# A commitment's life; the last three count against the objective.
COMMITMENT_STATUSES = ["proposé", "retenu en COP", "engagé", "réalisé", "abandonné"]
COUNTED = ("retenu en COP", "engagé", "réalisé")
PROPOSED = COMMITMENT_STATUSES[0]  # what a contributor may give; the regional team decides the rest
# How ready a commitment is, apart from the COP's decision (its status): the CRTE guide annexes « fiches projets »
# still being worked out and « fiches actions » ready to start. Blank: not given (commitments made before 040).
MATURITIES = ["idée", "fiche projet", "fiche action (prête à démarrer)", "en cours", "terminée"]
NO_MATURITY = "non renseignée"
# What a commitment serves when it contributes to no objective, neither an SGPE lever nor a regional objective: the
# CRTE's « triple ambition » beyond the ecological transition (issue 23).
THEMES = ["cohésion territoriale", "développement économique", "services au public", "ingénierie et coopération"]
# The financing sources every region is offered first (the CRTE guide's); the team adds its own by writing them in a
# line (domain/financing_lines.py): a source written once is offered in the whole region from then on.
FUNDING_SOURCES = ["DSIL", "DETR", "FNADT", "Fonds vert", "Fonds chaleur", "CPER", "FEDER", "FSE+", "ADEME",
                   "Agences de l'eau", "Banque des territoires", "Collectivités", "Privé", "Autre"]
# Where a financing line of a commitment stands (the maquette financière of a CRTE); « accordé », « engagé » and
# « versé » are acquired (the share financed counts them), « sollicité » is asked for only. Blank: not given (the line
# migration 043 made of a commitment's former single amount).
FINANCING_STATUSES = ["sollicité", "accordé", "engagé", "versé"]
ACQUIRED = ("accordé", "engagé", "versé")
NO_FINANCING_STATUS = "non renseigné"
NO_FINANCING_YEAR = "année non précisée"
# The status of a regional objective beyond GHG, as the team gives it.
OBJECTIVE_STATUSES = ["officiel", "indicatif", "de travail"]

# Where a figure comes from (lever_objectives.status…), as shown next to it.
PROVENANCE_LABELS = {
    "officiel": "officiel",
    "indicatif": "indicatif (données de travail SGPE)",
    "illustratif": "illustratif (données fictives)",
    "calculé": "calculé",
    "de travail": "de travail (objectif en discussion)",
}

# The SGPE's sectors in display order, each with its own colour (DSFR illustrative colours, readable with
# white text), the same in every region.
SECTOR_COLOURS = {
    "Transport de voyageurs": "#000091",
    "Transport de marchandises": "#417DC4",
    "Transport": "#6A6AF4",
    "Résidentiel": "#CE614A",
    "Tertiaire": "#C3992A",
    "Bâtiment": "#7D4E5B",
    "Agriculture, Forêts et Sols": "#009081",
    "Industrie": "#716043",
    "Énergie": "#A558A0",
    "Déchet": "#3A3A3A",
}
# The SGPE's thematic groups (« Mieux se déplacer »…), likewise.
GROUP_COLOURS = {
    "Mieux se déplacer": "#000091",
    "Mieux se loger": "#CE614A",
    "Mieux se nourrir": "#009081",
    "Mieux produire": "#716043",
    "Mieux préserver": "#18753C",
    "Mieux consommer": "#A558A0",
}
PALETTE = list(SECTOR_COLOURS.values())


def colour(name: str) -> str:
    """A sector's or a thematic group's fixed colour; any other name always gets the same one of the palette."""
    return SECTOR_COLOURS.get(name) or GROUP_COLOURS.get(name) or PALETTE[zlib.crc32(name.encode()) % len(PALETTE)]


def sector_rank(name: str) -> tuple[int, str]:
    """Sort key putting sectors in display order (unknown ones last, alphabetically)."""
    order = list(SECTOR_COLOURS)
    return (order.index(name) if name in order else len(order), name)


def browser_vocabulary() -> dict:
    """What the browser's JavaScript needs to speak like the pages: levels, gap statuses, number settings."""
    return {
        "levels": {key: asdict(level) for key, level in LEVELS.items()},
        "statuses": {"behind": BEHIND, "on_track": ON_TRACK, "ahead": AHEAD, "no_data": NO_DATA},
        "trends": {"advancing": ADVANCING, "stable": STABLE, "receding": RECEDING},
        "path": PATH,
        "numbers": {"locale": "fr-FR", "minus": "\u2212", "unit_space": "\u00a0", "kt": "ktCO\u2082e"},
    }
