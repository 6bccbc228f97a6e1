"""Names of the demonstration communes, EPCI and CRTE, and their alphabetical order."""

from __future__ import annotations

import unicodedata

import numpy as np
import pandas as pd

STARTS = ["Bel", "Mont", "Ver", "Char", "Lan", "Bour", "Vil", "Font", "Mar", "Clair", "Cour", "Gran",
          "Lour", "Mir", "Bras", "Cham", "Pey", "Ger", "Nan", "Ros", "Tor", "Val", "Sal", "Bor", "Mer",
          "Ber", "Cas", "Lor", "Sar", "Mal"]
ENDS = ["ville", "court", "mont", "lac", "igny", "ac", "ay", "ières", "eux", "ange", "oux", "bourg",
        "fort", "champ", "ais", "erre", "ignac", "ans", "agne", "elle", "ouze", "ard", "eil", "euil"]
SAINTS = ["Saint-Aubin", "Saint-Martin", "Saint-Hilaire", "Saint-Georges", "Saint-Julien", "Saint-Denis",
          "Saint-Germain", "Saint-Rémy", "Saint-Léger", "Saint-Cyr", "Saint-Florent", "Saint-Laurent",
          "Sainte-Colombe", "Sainte-Marie", "Sainte-Hélène"]
PLACES = ["La Chapelle", "Le Plessis", "Les Essarts", "La Ferté", "Le Mesnil", "La Roche", "Les Granges",
          "Le Vernet", "La Bâtie", "Les Ormes"]
SUFFIXES = ["-sur-Brume", "-sur-Aurelle", "-sur-Lirette", "-sur-Vessonne", "-le-Château", "-les-Bois",
            "-la-Forêt", "-en-Val", "-le-Vieux", "-le-Haut"]


def commune_names(rng: np.random.Generator, count: int) -> list[str]:
    """Unique French-sounding names built from syllables, a few with a saint, an article or a river."""
    names: list[str] = []
    seen: set[str] = set()
    while len(names) < count:
        draw = rng.uniform()
        if draw < 0.12:
            name = SAINTS[rng.integers(len(SAINTS))]
        elif draw < 0.2:
            name = PLACES[rng.integers(len(PLACES))]
        else:
            name = STARTS[rng.integers(len(STARTS))] + ENDS[rng.integers(len(ENDS))]
        if draw < 0.2 or rng.uniform() < 0.15:
            name += SUFFIXES[rng.integers(len(SUFFIXES))]
        if name not in seen:
            seen.add(name)
            names.append(name)
    return names


def sort_key(name: str) -> str:
    """Alphabetical order ignoring accents and case, independent of the system locale."""
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()


def of_name(name: str) -> str:
    """``de Montclair``, ``d'Orville``, ``du Mesnil``, ``de la Roche``, ``des Essarts``."""
    for article, contracted in [("Le ", "du "), ("Les ", "des "), ("La ", "de la ")]:
        if name.startswith(article):
            return contracted + name[len(article):]
    return ("d'" if sort_key(name[0]) in "aeiouy" else "de ") + name


def epci_name(members: pd.DataFrame, largest_town: str) -> str:
    main = members.loc[members["population"].idxmax(), "name"]
    if main == largest_town:
        return f"{main} Métropole"
    if members["population"].sum() >= 50_000 and members["population"].max() >= 15_000:
        return f"Communauté d'agglomération {of_name(main)}"
    return f"Communauté de communes du Pays {of_name(main)}"
