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

from domain import formats
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
    missing: dict[str, list[str]] = field(default_factory=dict)   # id_crte → its members not found
    regions: dict[str, str] = field(default_factory=dict)         # id_crte → insee_reg, else its département's

    @property
    def unplaced(self) -> dict[str, list[str]]:
        """id_crte → members, of the CRTE none of whose members was found: they have no commune."""
        placed = {crte for crte, _ in self.members}
        return {crte: found for crte, found in self.missing.items() if crte not in placed}


def read_composition(path: Path, communes: pd.DataFrame, encoding: str | None = None) -> Composition:
    """Match every member of ``path`` against ``communes`` (columns code, name, departement, epci)."""
    table = read_table(path, REQUIRED, encoding=encoding)
    by_epci = communes.groupby("epci")["code"].apply(list).to_dict()
    codes = set(communes["code"])
    by_name = communes.groupby([communes["departement"], communes["name"].map(simplify)])["code"].apply(list).to_dict()
    region_of_departement = dict(zip(communes["departement"], communes["region"]))
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
        region = row.get("insee_reg") or region_of_departement.get(row["dep_chef_file"])
        if region:
            composition.regions.setdefault(crte, region)
        if row.get("crte_interreg") == "1":
            interregional[crte] = composition.names[crte]
        if row.get("lib_dep"):
            composition.departement_names.setdefault(row["dep_chef_file"], row["lib_dep"])
        if row["nature_juridique"].upper() == COMMUNE_NATURE:
            found = _match_commune(siren, row["lib_groupement"], row["dep_chef_file"], codes, by_name)
        else:
            found = by_epci.get(siren, [])
        if not found:
            member = f"{row['lib_groupement']} ({siren}, {row['nature_juridique']})"
            unmatched.append(f"{member} dans {composition.names[crte]}, ligne {line}")
            composition.missing.setdefault(crte, []).append(member)
        composition.members.extend((crte, code) for code in found)
    if unmatched:
        composition.notices.append(
            f"{formats.counted(len(unmatched), 'membre')} de CRTE {formats.noun(len(unmatched), 'introuvable')} dans "
            "les communes et EPCI chargés : "
            + " ; ".join(unmatched) + "."
        )
    for crte, missing in composition.unplaced.items():
        composition.notices.append(f"{composition.names[crte]} ({crte}) n'est pas placé : {unplaced_reason(missing)}")
    if interregional:
        composition.notices.append(
            f"{formats.count(len(interregional))} CRTE "
            f"{formats.noun(len(interregional), 'déclaré interrégional', 'déclarés interrégionaux')} par l'ANCT, "
            f"{formats.noun(len(interregional), 'décrit')} ici par les seules communes du fichier : "
            + ", ".join(f"{name} ({code})" for code, name in interregional.items()) + "."
        )
    return composition


def unplaced_reason(missing: list[str]) -> str:
    """Why a CRTE has no commune: « ses 2 membres, CC A (SIREN, CC) et CC B (…), sont introuvables… »."""
    members = " et ".join([", ".join(missing[:-1]), missing[-1]] if len(missing) > 1 else missing)
    counted = f"ses {len(missing)} membres, {members}, sont" if len(missing) > 1 else f"son membre, {members}, est"
    return (f"{counted} introuvable{'s' if len(missing) > 1 else ''} parmi les EPCI et communes chargés (fusionnés "
            "ou dissous depuis la liste de l'ANCT ?) ; il n'a donc aucune commune.")


def _match_commune(siren: str, name: str, departement: str, codes: set, by_name: dict) -> list[str]:
    if siren.startswith("21") and siren[4] == "0" and siren[2:4] + siren[5:8] in codes:
        return [siren[2:4] + siren[5:8]]
    candidates = by_name.get((departement, simplify(name)), [])
    return candidates if len(candidates) == 1 else []
