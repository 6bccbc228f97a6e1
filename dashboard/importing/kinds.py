"""The kinds of file the Données page imports: the command line's loaders, each with the files it takes.

Each kind runs the very loader of ``python -m loaders`` (same checks, same French messages); the files
are the uploaded copies, named as the user's files were.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb

from domain.errors import UserError
from loaders.catalogue import load_catalogue
from loaders.commitments import load_commitments
from loaders.indicators import load_indicators
from loaders.journal import Outcome, current_run
from loaders.keys import load_keys
from loaders.observations import load_observations
from loaders.regional_objectives import load_regional_objectives
from loaders.sgpe import load_sgpe
from loaders.territories import load_territories

UNKNOWN_KIND = "Choisissez d'abord le type de fichier à importer."
TABLES = ".csv,.txt,.xlsx"
GEOGRAPHIC = ".gpkg,.geojson,.json,.zip"  # a shapefile's files come in a zip


@dataclass(frozen=True)
class Slot:
    """One file a kind takes."""
    name: str
    label: str
    accept: str = TABLES
    required: bool = True

    @property
    def suffixes(self) -> tuple[str, ...]:
        """The file name endings it takes (``.csv``…): the browser's ``accept`` is only a hint, the server checks."""
        return tuple(self.accept.split(","))


@dataclass(frozen=True)
class Kind:
    label: str
    help: str
    slots: tuple[Slot, ...]
    # (connection, files by slot, region) → what was done; the author and progress: loaders.journal.running
    load: Callable[[duckdb.DuckDBPyConnection, dict[str, Path], str | None], Outcome]
    region: bool = False  # the kind asks for the region whose roadmap it writes to

    def missing(self, received: dict[str, Path], region: str | None) -> list[str]:
        """What is still to give: the labels of the required files not received yet, the region."""
        return [slot.label for slot in self.slots if slot.required and slot.name not in received] + (
            ["région de la feuille de route"] if self.region and not region else [])

    def slot(self, name) -> Slot:
        """The declared slot called ``name`` (what the browser names); any other name is refused."""
        found = next((slot for slot in self.slots if slot.name == name), None)
        if found is None:
            raise UserError(f"Ce fichier ne correspond à aucun des fichiers attendus pour « {self.label} » : "
                            "déposez-le dans l'un des champs de la page.")
        return found


FILE = (Slot("fichier", "Fichier"),)
KINDS: dict[str, Kind] = {
    "sgpe": Kind(
        "Panorama SGPE des leviers",
        "Objectifs 2030 par levier et par région : le JSON du simulateur territorial, ou un CSV/XLSX.",
        (Slot("fichier", "Panorama", ".json,.csv,.txt,.xlsx"),),
        lambda con, files, region: load_sgpe(con, files["fichier"])),
    "observations": Kind(
        "Valeurs observées",
        "CSV/XLSX long : territoire (region, ou niveau et code), levier_id ou indicateur, annee, valeur, unite.",
        FILE, lambda con, files, region: load_observations(con, files["fichier"])),
    "territoires": Kind(
        "Territoires et contours",
        "Couche COMMUNE d'ADMIN EXPRESS (GeoPackage, ou shapefile : ses fichiers .shp, .shx, .dbf et .prj dans un "
        ".zip), table des EPCI (CODE_SIREN, NOM, NATURE), et au choix la "
        "composition des CRTE (format ANCT) et les contours nationaux des régions et des départements. "
        "Quelques dizaines de secondes.",
        (Slot("communes", "Communes (GeoPackage ou shapefile zippé)", GEOGRAPHIC), Slot("epci", "EPCI"),
         Slot("crte", "Composition des CRTE", required=False),
         Slot("regions", "Contours des régions", GEOGRAPHIC, required=False),
         Slot("departements", "Contours des départements", GEOGRAPHIC, required=False)),
        lambda con, files, region: load_territories(con, files["communes"], files["epci"], files.get("crte"),
                                                 files.get("regions"), files.get("departements"))),
    "cles": Kind(
        "Clés de répartition",
        "CSV/XLSX par commune ou par EPCI, long (cle, valeur) ou large (une colonne par clé).",
        FILE, lambda con, files, region: load_keys(con, files["fichier"])),
    "catalogue": Kind(
        "Catalogue des indicateurs",
        "CSV/XLSX : id, nom, unite, theme, sens, agregation, ponderation, source, periodicite, description.",
        FILE, lambda con, files, region: load_catalogue(con, files["fichier"])),
    "indicateurs": Kind(
        "Valeurs d'indicateurs",
        "CSV/XLSX long ou large, à tout niveau (commune, EPCI, CRTE, département, région) ; les agrégats sont "
        "recalculés.",
        FILE, lambda con, files, region: load_indicators(con, files["fichier"])),
    "objectifs": Kind(
        "Objectifs régionaux (eau, biodiversité, sols, air, déchets…)",
        "CSV/XLSX : region, indicateur, annee_reference, valeur_reference, cible_2030 ou evolution_visee, source, "
        "statut (officiel, indicatif, de travail) ; le modèle se télécharge depuis la page « Écarts ».",
        FILE, lambda con, files, region: load_regional_objectives(con, files["fichier"], current_run().author)),
    "engagements": Kind(
        "Engagements de la feuille de route",
        "Le modèle d'engagements rempli (XLSX ou CSV), ou un classeur exporté, pour la région choisie : ajoute les "
        "nouveaux engagements, met à jour ceux qui ont un identifiant, refuse les autres avec la ligne et la raison.",
        FILE, lambda con, files, region: load_commitments(con, files["fichier"], region,
                                                          current_run().author or "aperçu")[0],
        region=True),
}


def kind(key) -> Kind:
    """The kind of file called ``key`` (what the browser names); any other key is refused."""
    if not isinstance(key, str) or key not in KINDS:
        raise UserError(UNKNOWN_KIND)
    return KINDS[key]
