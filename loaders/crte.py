"""The ANCT CRTE composition: one row per member, an EPCI or (for some CRTE) a single commune.

A commune member carries the commune's SIREN, which for most communes is ``21``, the
département, ``0``, the commune's number and a check digit (Le Conquet, 29040: 212900401);
not for every commune nouvelle: those are matched by name within the département.
What cannot be matched is reported, never dropped silently.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from domain.regions import simplify
from loaders.errors import LoadError
from loaders.tables import read_table

REQUIRED = ["id_crte", "lib_crte", "dep_chef_file", "siren_groupement", "lib_groupement", "nature_juridique"]
COMMUNE_NATURE = "COM"


@dataclass
class Composition:
    names: dict[str, str]                       # id_crte → lib_crte
    members: list[tuple[str, str]]              # (id_crte, commune INSEE code)
    notices: list[str] = field(default_factory=list)
    departement_names: dict[str, str] = field(default_factory=dict)


def read_composition(path: Path, communes: pd.DataFrame, encoding: str | None = None) -> Composition:
    """Match every member of ``path`` against ``communes`` (columns code, name, departement, epci)."""
    table = read_table(path, REQUIRED, encoding=encoding)
    by_epci = communes.groupby("epci")["code"].apply(list).to_dict()
    codes = set(communes["code"])
    by_name = communes.groupby([communes["departement"], communes["name"].map(simplify)])["code"].apply(list).to_dict()
    composition = Composition(names={}, members=[])
    unmatched, interregional = [], {}
    for line, row in zip(table.lines, table.rows):
        crte, siren = row["id_crte"], row["siren_groupement"]
        if not crte:
            raise LoadError(path, "identifiant de CRTE vide.", line=line, column="id_crte")
        if not (len(siren) == 9 and siren.isdigit()):
            raise LoadError(path, f"« {siren} » n'est pas un SIREN (9 chiffres).", line=line,
                            column="siren_groupement")
        composition.names.setdefault(crte, row["lib_crte"] or crte)
        if row.get("crte_interreg") == "1":
            interregional[crte] = composition.names[crte]
        if row.get("lib_dep"):
            composition.departement_names.setdefault(row["dep_chef_file"], row["lib_dep"])
        if row["nature_juridique"].upper() == COMMUNE_NATURE:
            found = _match_commune(siren, row["lib_groupement"], row["dep_chef_file"], codes, by_name)
        else:
            found = by_epci.get(siren, [])
        if not found:
            unmatched.append(f"{row['lib_groupement']} ({siren}, {row['nature_juridique']}) dans "
                             f"{composition.names[crte]}, ligne {line}")
        composition.members.extend((crte, code) for code in found)
    if unmatched:
        composition.notices.append(
            f"{len(unmatched)} membre(s) de CRTE introuvable(s) dans les communes et EPCI chargés : "
            + " ; ".join(unmatched) + "."
        )
    if interregional:
        composition.notices.append(
            f"{len(interregional)} CRTE déclaré(s) interrégional(aux) par l'ANCT, décrit(s) ici par les seules "
            "communes du fichier : " + ", ".join(f"{name} ({code})" for code, name in interregional.items()) + "."
        )
    return composition


def _match_commune(siren: str, name: str, departement: str, codes: set, by_name: dict) -> list[str]:
    if siren.startswith("21") and siren[4] == "0" and siren[2:4] + siren[5:8] in codes:
        return [siren[2:4] + siren[5:8]]
    candidates = by_name.get((departement, simplify(name)), [])
    return candidates if len(candidates) == 1 else []
