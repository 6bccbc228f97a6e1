"""The 18 French regions: official names, INSEE codes, and the spellings sources use for them."""

from __future__ import annotations

import re
import unicodedata

REGIONS = {
    "01": "Guadeloupe",
    "02": "Martinique",
    "03": "Guyane",
    "04": "La Réunion",
    "06": "Mayotte",
    "11": "Île-de-France",
    "24": "Centre-Val de Loire",
    "27": "Bourgogne-Franche-Comté",
    "28": "Normandie",
    "32": "Hauts-de-France",
    "44": "Grand Est",
    "52": "Pays de la Loire",
    "53": "Bretagne",
    "75": "Nouvelle-Aquitaine",
    "76": "Occitanie",
    "84": "Auvergne-Rhône-Alpes",
    "93": "Provence-Alpes-Côte d'Azur",
    "94": "Corse",
}

# The article each region takes in a sentence (« la Bretagne », « l'Occitanie », « le Grand Est »); none for
# Mayotte, and La Réunion carries its own.
ARTICLES = {
    "01": "la", "02": "la", "03": "la", "04": "", "06": "", "11": "l'", "24": "le", "27": "la", "28": "la",
    "32": "les", "44": "le", "52": "les", "53": "la", "75": "la", "76": "l'", "84": "l'", "93": "la", "94": "la",
}
_AFTER_DE = {"le": "du ", "les": "des ", "la": "de la ", "l'": "de l'", "": "de "}
_VOWELS = tuple("AEIOUYÂÉÈÊÎÏÔÛaeiouyâéèêîïôû")

# Population municipale of each region (Insee, populations légales millésime 2021, en vigueur au 1er janvier
# 2024; Mayotte, not in that census, has none): what a region's values are compared with when its communes are
# not loaded. https://www.insee.fr/fr/statistiques/7728783
POPULATION_SOURCE = "Insee, populations légales 2021 (population municipale)"
POPULATIONS = {
    "84": 8_114_361, "27": 2_800_194, "53": 3_394_567, "24": 2_573_303, "94": 347_597, "44": 5_561_287,
    "01": 384_315, "03": 286_618, "32": 5_995_292, "11": 12_317_279, "04": 871_157, "02": 360_749,
    "28": 3_327_966, "75": 6_069_352, "76": 6_022_176, "52": 3_853_999, "93": 5_127_840,
}

# Spellings met in sources (the SGPE writes "PACA"), normalized as ``simplify`` does.
ALIASES = {
    "paca": "93",
    "region sud": "93",
    "sud": "93",
    "provence alpes cote dazur": "93",
    "ara": "84",
    "aura": "84",
    "bfc": "27",
    "idf": "11",
    "centre": "24",
    "cvl": "24",
    "reunion": "04",
    "hdf": "32",
    "grand est": "44",
    "nouvelle aquitaine": "75",
    "occitanie pyrenees mediterranee": "76",
    "collectivite de corse": "94",
    "collectivite territoriale de guyane": "03",
    "collectivite territoriale de martinique": "02",
    "pdl": "52",
}

# The SGPE file's illustrative region, skipped with a notice.
EXAMPLE_REGION = "region exemple"


def simplify(name: str) -> str:
    """Lower case, no accents, no punctuation: ``Provence-Alpes-Côte d'Azur`` → ``provence alpes cote dazur``."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    text = text.replace("'", "").replace("’", "")
    return re.sub(r"[^a-z0-9]+", " ", text).strip()


_BY_NAME = {simplify(name): code for code, name in REGIONS.items()} | ALIASES


def region_code(name_or_code: str) -> str | None:
    """The INSEE code for a region name, alias or code; None when unknown."""
    text = name_or_code.strip()
    if text in REGIONS:
        return text
    if text.isdigit() and len(text) == 1 and "0" + text in REGIONS:
        return "0" + text
    return _BY_NAME.get(simplify(text))


def is_example_region(name: str) -> bool:
    return simplify(name) == EXAMPLE_REGION


def of_region(name: str) -> str:
    """« de » and the region's name as French writes them: « de la Bretagne », « de l'Occitanie », « du Grand Est »,
    « des Hauts-de-France », « de La Réunion ». A name that is no official region's (the demonstration's) keeps
    itself, lower-cased when it reads « Région … », after « de » or « d' »."""
    code = region_code(name)
    if code is not None and REGIONS[code] == name.strip():
        return _AFTER_DE[ARTICLES[code]] + REGIONS[code]
    if name.startswith("Région "):
        return "de la r" + name[1:]
    return ("d'" if name.startswith(_VOWELS) else "de ") + name
