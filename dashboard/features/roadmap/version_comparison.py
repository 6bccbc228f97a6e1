"""Two states of a regional roadmap side by side: a frozen version and a later one, or the current state.

What is compared: by sector, by département and by CRTE, the objective, what is committed, the gap and the coverage; the
commitments added, changed (field by field, financing line by line, follow-up year by year) and removed; and, named at
the top, what changed under the figures — the vintage of the SGPE objectives, the méthode de déclinaison retained or its
keys. Each side is read with the pages' own
code, inside ``frozen_version.reading`` (dashboard/store/frozen.py). The page shows ``tables``; the downloads
(``/export/comparaison-*.csv?region=…&version=…&avec=…``) are the same tables.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboard.access import reading
from dashboard.components import frozen_version
from dashboard.features.roadmap import data as roadmap_data
from dashboard.features.roadmap import frozen_versions as roadmap_versions
from dashboard.store import fetch
from dashboard.tables import Table
from domain import commitment_store, follow_up, split_methods, versions


@dataclass(frozen=True)
class Side:
    label: str  # « version « COP de mars » », « état actuel »
    header: versions.Header | None  # None: the current state
    sectors: pd.DataFrame  # roadmap.sector_coverage of the region
    departements: pd.DataFrame  # roadmap.parts_coverage by département
    crte: pd.DataFrame  # and by CRTE
    commitments: pd.DataFrame
    follow_up: pd.DataFrame  # domain.follow_up.stored of the region's commitments
    vintages: tuple[str, ...]
    method_keys: tuple | None  # the méthode the first version retained, as this side holds it: default key, keys


def side(region: str, header: versions.Header | None, method_id: int | None) -> Side:
    """The region's roadmap as ``header`` holds it (the current state for None)."""
    with frozen_version.reading(header):
        view = roadmap_data.build(region)
        return Side(f"version « {header.name} »" if header else "état actuel", header, view.coverage,
                    roadmap_data.parts_coverage(region, "departement"), roadmap_data.parts_coverage(region, "crte"),
                    reading.commitments(fetch(commitment_store.region_commitments, region)),
                    fetch(follow_up.stored, None, region),
                    fetch(versions.objective_vintages, region),
                    None if method_id is None else _method(method_id))


def _method(method_id: int) -> tuple:
    """The méthode's default key and its key per lever (a méthode no longer there: no default key, no keys)."""
    known = fetch(split_methods.methods)
    default = known.loc[known["method_id"] == method_id, "default_key_id"]
    return (default.iloc[0] if len(default) else None, fetch(split_methods.method_keys, method_id))


@dataclass(frozen=True)
class Comparison:
    before: Side
    after: Side
    changes: list[str]  # what changed under the figures, one sentence each
    commitments: pd.DataFrame  # frozen_versions.compare


def compare(region: str, before: versions.Header, after: versions.Header | None, _readable: tuple) -> Comparison:
    """``before`` (a version) against ``after`` (a later version, or the current state for None), as the visitor
    reads it (``_readable``: ``reading.readable()``, so that what is kept for one reader is never shown to another)."""
    first, second = side(region, before, before.method_id), side(region, after, before.method_id)
    return Comparison(first, second, _changes(first, second),
                      roadmap_versions.compare(first.commitments, second.commitments, first.follow_up,
                                               second.follow_up))


def _changes(first: Side, second: Side) -> list[str]:
    said = []
    if first.vintages and second.vintages and first.vintages != second.vintages:
        said.append(f"Les objectifs SGPE sont passés du millésime {', '.join(first.vintages)} au millésime "
                    f"{', '.join(second.vintages)}.")
    before, after = first.header, second.header
    if after is not None and before.method_name != after.method_name:
        said.append(f"La méthode de déclinaison retenue est passée de « {before.method_name} » à "
                    f"« {after.method_name} ».")
    elif first.method_keys is not None and first.method_keys != second.method_keys:
        said.append(f"Les clés de la méthode de déclinaison « {before.method_name} » ont changé depuis la version "
                    f"« {before.name} » : ses parts par territoire ne sont plus les mêmes.")
    if after is not None and before.scenario_name != after.scenario_name:
        said.append(f"Le scénario retenu est passé de « {before.scenario_name or 'aucun'} » à "
                    f"« {after.scenario_name or 'aucun'} ».")
    for header in (before, after):
        if header is not None and not header.complete:
            said.append(f"La version « {header.name} » ne garde que ses engagements : ses objectifs et leur "
                        "millésime n'ont pas été saisis à l'époque.")
    return said


def title(comparison: Comparison) -> str:
    return f"De la {comparison.before.label} à l'{comparison.after.label}" if comparison.after.header is None \
        else f"De la {comparison.before.label} à la {comparison.after.label}"


def tables(comparison: Comparison) -> dict[str, Table]:
    """The comparison's tables by export name: by sector, by département, by CRTE, the commitments that changed."""
    notes = [title(comparison) + ".", *comparison.changes]
    by_sector = _side_by_side(comparison, "sectors", "sector", "Secteur")
    by_departement = _side_by_side(comparison, "departements", "name", "Département")
    by_crte = _side_by_side(comparison, "crte", "name", "CRTE")
    changed = comparison.commitments
    frame = pd.DataFrame({"N°": changed["commitment_id"], "Intitulé": changed["title"],
                          "Changement": changed["change"], "Détail": changed["details"]})
    return {
        "comparaison-secteurs": Table(f"Objectif, engagé, écart et couverture par secteur — {title(comparison)}",
                                      by_sector[0], by_sector[1], notes),
        "comparaison-departements": Table(f"Objectif, engagé, écart et couverture par département — "
                                          f"{title(comparison)}", by_departement[0], by_departement[1], notes),
        "comparaison-crte": Table(f"Objectif, engagé, écart et couverture par CRTE — {title(comparison)}",
                                  by_crte[0], by_crte[1], notes),
        "comparaison": Table(f"Engagements ajoutés, modifiés et retirés — {title(comparison)}", frame,
                             {"N°": "integer"}, notes),
    }


MEASURES = {"objective_kt": ("Objectif 2030", "kt"), "committed_kt": ("Engagé", "kt"),
            "gap_kt": ("Écart", "kt"), "coverage": ("Couverture", "percent")}


def _side_by_side(comparison: Comparison, part: str, key: str, label: str) -> tuple[pd.DataFrame, dict]:
    """One row per ``key`` (a sector, a département, a CRTE): each measure before and after."""
    first, second = (getattr(found, part).set_index(key) for found in (comparison.before, comparison.after))
    keys = list(dict.fromkeys([*first.index, *second.index]))
    frame, kinds = pd.DataFrame({label: keys}), {}
    for measure, (name, kind) in MEASURES.items():
        for found, when in ((first, "avant"), (second, "après")):
            column = f"{name} {when}" + (" (ktCO₂e)" if kind == "kt" else "")
            values = found[measure] if measure in found else pd.Series(dtype=float)
            frame[column] = values.reindex(keys).to_numpy()
            kinds[column] = kind
    return frame, kinds
