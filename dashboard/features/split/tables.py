"""The numbers of the « Déclinaison territoriale » page and of the fiche territoire, as Tables and exports.

Displayed objectives are rounded to 0,1 ktCO₂e by the largest-remainder method, so that the
displayed parts add up exactly to the displayed regional objective; exports keep the exact values
beside them.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from dashboard.components import frozen_version
from dashboard.exports import UnknownExport, export_view, region_of
from dashboard.store import fetch_changed_by, fetch_imported
from dashboard.store.data_versions import METHODS
from dashboard.tables import Table, status_notes
from domain.formats import counted, kt, noun, number
from domain.rounding import largest_remainder
from domain.split import OUTSIDE_CODE, SPLIT_LEVELS, RegionSplit, available_keys, region_objectives, region_split
from domain.split_methods import method_id_of, methods
from domain.vocabulary import LEVELS, PROVENANCE_LABELS, sector_rank

ALL = "tous"
UNITS = {"kt": "ktCO₂e", "habitant": "tCO₂e par habitant"}
SORTS = {"objectif": "objectif décroissant", "habitant": "par habitant décroissant", "nom": "nom"}
INTENSIVE_UNIT = re.compile(r"/\s*(hab|voiture|100\s*km|mwh)|%|moyen", re.IGNORECASE)
DATE_SUFFIX = re.compile(r"\s*\(en 2030[^)]*\)\s*$")
ROUNDING_NOTE = ("Valeurs affichées arrondies au dixième par la méthode du plus fort reste : leur somme est "
                 "exactement l'objectif régional affiché. Les exports donnent aussi les valeurs exactes.")
METHOD_NOTE = ("Répartition calculée : objectif régional du levier × (clé des communes du territoire / clé de "
               "toutes les communes de la région). Un CRTE ou un EPCI à cheval sur une limite ne compte que ses "
               "communes de la région.")


# Scope: all levers, a sector or one lever -------------------------------------------------------


def scope_options(objectives: pd.DataFrame) -> list[dict]:
    options = [{"label": "Tous les leviers", "value": ALL}]
    options += [{"label": f"Secteur : {s}", "value": f"secteur:{s}"}
                for s in sorted(objectives["sector"].unique(), key=sector_rank)]
    options += [{"label": f"Levier : {lever}", "value": f"levier:{lever_id}"}
                for lever_id, lever in sorted(zip(objectives["lever_id"], objectives["lever"]), key=lambda p: p[1])]
    return options


def scope_levers(objectives: pd.DataFrame, scope: str) -> pd.DataFrame:
    """The objectives within the scope; every lever when the scope names nothing known."""
    kind, _, value = (scope or ALL).partition(":")
    if kind == "secteur" and value in set(objectives["sector"]):
        return objectives[objectives["sector"] == value]
    if kind == "levier" and value in set(objectives["lever_id"]):
        return objectives[objectives["lever_id"] == value]
    return objectives


def scope_label(objectives: pd.DataFrame, scope: str) -> str:
    chosen = scope_levers(objectives, scope)
    if len(chosen) == len(objectives):
        return "tous les leviers"
    if (scope or "").startswith("secteur:"):
        return f"secteur « {chosen['sector'].iloc[0]} »"
    return f"levier « {chosen['lever'].iloc[0]} »"


# Per territory -----------------------------------------------------------------------------------


def key_labels(parts: pd.DataFrame, labels: dict[str, str]) -> list[str]:
    """Each key used, ``Population (30 leviers)``; a key that fell back says so."""
    used = parts.drop_duplicates("lever_id")
    described = []
    for (requested, actual), group in used.groupby(["key_id", "used_key_id"], sort=False):
        text = labels.get(actual, actual)
        if requested != actual:
            text += f" (au lieu de « {labels.get(requested, requested)} », nulle)"
        described.append(f"{text} ({counted(len(group), 'levier')})")
    return described


def territory_totals(split: RegionSplit, objectives: pd.DataFrame, scope: str) -> pd.DataFrame:
    """code, name, population, communes, obj_kt (exact), obj_shown (rounded), share, per_inhabitant (tCO₂e)."""
    levers = scope_levers(objectives, scope)
    parts = split.parts[split.parts["lever_id"].isin(levers["lever_id"])]
    totals = parts.groupby("territory_code")["obj_co2_kt"].sum()
    frame = split.territories.copy()
    frame["obj_kt"] = totals.reindex(frame["code"]).fillna(0.0).to_numpy()
    frame = frame[(frame["code"] != OUTSIDE_CODE) | (frame["communes"] > 0)].reset_index(drop=True)
    frame["obj_shown"] = largest_remainder(frame["obj_kt"], 1, total=levers["obj_co2_kt"].sum())
    whole = levers["obj_co2_kt"].sum()
    frame["share"] = frame["obj_kt"] / whole if whole else np.nan
    frame["per_inhabitant"] = [o * 1000 / p if p else np.nan for o, p in zip(frame["obj_kt"], frame["population"])]
    return frame


def sort_totals(frame: pd.DataFrame, sort: str) -> pd.DataFrame:
    if sort == "nom":
        return frame.sort_values("name", key=lambda s: s.str.lower())
    column = "per_inhabitant" if sort == "habitant" else "obj_kt"
    return frame.sort_values(column, ascending=False, na_position="last")


def split_table(region_name: str, level: str, scope_text: str, method_name: str, totals: pd.DataFrame,
                keys: list[str], compared: tuple[str, pd.DataFrame] | None = None) -> Table:
    frame = pd.DataFrame({
        "Code": totals["code"],
        "Territoire": totals["name"],
        "Objectif 2030 (ktCO₂e, arrondi)": totals["obj_shown"],
        "Objectif 2030 (ktCO₂e, valeur exacte)": totals["obj_kt"],
        "Part de l'objectif régional": totals["share"],
        "tCO₂e par habitant": totals["per_inhabitant"],
        "Population dans la région": totals["population"],
        "Communes": totals["communes"],
        noun(len(keys), "Clé de répartition", "Clés de répartition"): ", ".join(keys),
    })
    kinds = {"Objectif 2030 (ktCO₂e, arrondi)": "kt", "Objectif 2030 (ktCO₂e, valeur exacte)": "exact",
             "Part de l'objectif régional": "percent", "tCO₂e par habitant": "measure",
             "Population dans la région": "integer", "Communes": "integer"}
    if compared is not None:
        other_name, other = compared
        other_values = other.set_index("code")["obj_kt"].reindex(totals["code"]).to_numpy()
        frame[f"Objectif selon « {other_name} » (ktCO₂e)"] = other_values
        frame["Écart (ktCO₂e)"] = other_values - totals["obj_kt"].to_numpy()
        kinds |= {f"Objectif selon « {other_name} » (ktCO₂e)": "kt", "Écart (ktCO₂e)": "kt"}
    notes = [f"Méthode de déclinaison : « {method_name} » — {noun(len(keys), 'clé')} : {', '.join(keys)}.",
             METHOD_NOTE, ROUNDING_NOTE, f"Total affiché : {kt(totals['obj_shown'].sum())} ({scope_text})."]
    title = f"Déclinaison par {LEVELS[level].singular} — {region_name} — {scope_text}"
    return Table(title, frame.reset_index(drop=True), kinds, notes)


# Fiche territoire --------------------------------------------------------------------------------


def physical_change(part_kt: float, region_kt: float, ratio: float, unit: str | None) -> tuple[float | None, str]:
    """The physical translation of a territory's part, as a change 2019 → 2030, and its unit.

    An average quantity (per inhabitant, per car, per 100 km…) does not split: the territory's part
    corresponds to the same change as the region's, which is what is shown (and said)."""
    if not unit or not ratio:
        return None, ""
    text = DATE_SUFFIX.sub("", unit)
    if INTENSIVE_UNIT.search(unit):
        return region_kt * ratio, f"{text} (grandeur moyenne : même variation que la région)"
    return part_kt * ratio, text


def physical_text(value: float | None, unit: str) -> str:
    """``+12,3 milliers de véhicules…``: three significant digits at least."""
    if value is None or not unit:
        return "sans traduction physique"
    size = abs(value)
    decimals = 1 if size >= 10 else 2 if size >= 1 else 3
    return f"{'+' if value > 0 else ''}{number(value, decimals)} {unit}"


def fiche_levers(split: RegionSplit, objectives: pd.DataFrame, code: str, shown_total: float,
                 labels: dict[str, str]) -> pd.DataFrame:
    """One row per lever for one territory: its part (exact and rounded), share, key, physical change."""
    parts = split.parts[split.parts["territory_code"] == code].set_index("lever_id")
    frame = objectives.copy()
    frame["part_kt"] = parts["obj_co2_kt"].reindex(frame["lever_id"]).fillna(0.0).to_numpy()
    frame["part_shown"] = largest_remainder(frame["part_kt"], 1, total=shown_total)
    frame["share"] = [p / o if o else np.nan for p, o in zip(frame["part_kt"], frame["obj_co2_kt"])]
    requested = parts["key_id"].reindex(frame["lever_id"]).to_numpy()
    used = parts["used_key_id"].reindex(frame["lever_id"]).to_numpy()
    frame["key"] = [labels.get(u, u) + ("" if r == u else f" (au lieu de « {labels.get(r, r)} », nulle)")
                    for r, u in zip(requested, used)]
    changes = [physical_change(p, o, r, u) for p, o, r, u in
               zip(frame["part_kt"], frame["obj_co2_kt"], frame["ratio_co2_to_phys"], frame["unit_phys"])]
    frame["phys_change"] = [value for value, _ in changes]
    frame["phys_unit"] = [unit for _, unit in changes]
    return frame


def fiche_table(territory_name: str, level: str, region_name: str, method_name: str, levers: pd.DataFrame) -> Table:
    frame = pd.DataFrame({
        "Secteur": levers["sector"],
        "Levier": levers["lever"],
        "Objectif 2030 du territoire (ktCO₂e, arrondi)": levers["part_shown"],
        "Objectif 2030 du territoire (ktCO₂e, valeur exacte)": levers["part_kt"],
        "Part de l'objectif régional du levier": levers["share"],
        "Objectif régional du levier (ktCO₂e)": levers["obj_co2_kt"],
        "Clé de répartition": levers["key"],
        "Traduction physique (variation 2019 → 2030)": levers["phys_change"],
        "Unité physique": levers["phys_unit"],
        "Traduction physique": [physical_text(v, u) for v, u in zip(levers["phys_change"], levers["phys_unit"])],
        "Statut de l'objectif régional": levers["status"].map(PROVENANCE_LABELS),
    })
    kinds = {"Objectif 2030 du territoire (ktCO₂e, arrondi)": "kt",
             "Objectif 2030 du territoire (ktCO₂e, valeur exacte)": "exact",
             "Part de l'objectif régional du levier": "percent", "Objectif régional du levier (ktCO₂e)": "kt_loaded",
             "Traduction physique (variation 2019 → 2030)": "measure"}
    sources = sorted({f"{s}, millésime {v}" for s, v in zip(levers["source"], levers["vintage"])})
    notes = [f"Objectifs régionaux : {' ; '.join(sources)}.", f"Méthode de déclinaison : « {method_name} ».",
             METHOD_NOTE, ROUNDING_NOTE,
             "Traduction physique : part du territoire × facteur de conversion du levier, en variation entre 2019 "
             "et 2030 (le point de départ 2019 n'est connu qu'à l'échelle régionale)."]
    notes += status_notes(levers)
    title = f"Fiche territoire — {territory_name} ({LEVELS[level].singular}, {region_name}) — objectifs 2030 par levier"
    return Table(title, frame, kinds, notes)


def sector_summary(levers: pd.DataFrame) -> pd.DataFrame:
    """Per sector: the territory's rounded objective (adding up to its total) and its share of the region's."""
    grouped = levers.groupby("sector", sort=False).agg(part_kt=("part_kt", "sum"), part_shown=("part_shown", "sum"),
                                                       obj_co2_kt=("obj_co2_kt", "sum"))
    grouped["share"] = grouped["part_kt"] / grouped["obj_co2_kt"]
    return grouped.sort_values("part_kt", ascending=False).reset_index()


# Reading what a URL asks for ---------------------------------------------------------------------


def split_params(params: dict) -> dict:
    """The page's parameters, checked: region, niveau, methode, perimetre, unite, tri, comparer, code."""
    region, region_name = region_of(params)
    known = fetch_changed_by(METHODS, methods)
    level = params.get("niveau") if params.get("niveau") in SPLIT_LEVELS else "crte"
    method = method_id_of(params.get("methode"), known)
    compare = params.get("comparer")
    compare = method_id_of(compare, known) if compare not in (None, "", "aucune") else None
    return {"region": region, "region_name": region_name, "level": level, "method": method,
            "method_name": known.set_index("method_id").at[method, "name"],
            "compare": compare if compare != method else None,
            "compare_name": known.set_index("method_id").at[compare, "name"] if compare else None,
            "scope": params.get("perimetre") or ALL, "unit": params.get("unite") if params.get("unite") in UNITS
            else "kt", "sort": params.get("tri") if params.get("tri") in SORTS else "objectif",
            "code": params.get("code")}


def key_label_map() -> dict[str, str]:
    keys = fetch_imported(available_keys)
    return dict(zip(keys["key_id"], keys["label"]))


@export_view("declinaison")
def _split_export(params: dict) -> Table:
    with frozen_version.export_reading(params.get("region"), params) as frozen:
        return _split_table(split_params(frozen_version.with_method(params, frozen)))


def _split_table(p: dict) -> Table:
    objectives = fetch_imported(region_objectives, p["region"])
    split = fetch_changed_by(METHODS, region_split, p["region"], p["method"], p["level"])
    totals = sort_totals(territory_totals(split, objectives, p["scope"]), p["sort"])
    levers = scope_levers(objectives, p["scope"])
    keys = key_labels(split.parts[split.parts["lever_id"].isin(levers["lever_id"])], key_label_map())
    compared = None
    if p["compare"]:
        other = fetch_changed_by(METHODS, region_split, p["region"], p["compare"], p["level"])
        compared = (p["compare_name"], territory_totals(other, objectives, p["scope"]))
    table = split_table(p["region_name"], p["level"], scope_label(objectives, p["scope"]), p["method_name"],
                        totals, keys, compared)
    table.notes += split.notices
    return table


@export_view("fiche-territoire")
def _fiche_export(params: dict) -> Table:
    with frozen_version.export_reading(params.get("region"), params) as frozen:
        p = split_params(frozen_version.with_method(params, frozen))
        fiche = fiche_data(p)
    return fiche_table(fiche["name"], p["level"], p["region_name"], p["method_name"], fiche["levers"])


def fiche_data(p: dict) -> dict:
    """Everything the fiche of ``p['code']`` shows; UnknownExport when the territory is not in the region."""
    objectives = fetch_imported(region_objectives, p["region"])
    split = fetch_changed_by(METHODS, region_split, p["region"], p["method"], p["level"])
    totals = territory_totals(split, objectives, ALL)
    row = totals[totals["code"] == p["code"]]
    if row.empty:
        raise UnknownExport(f"{LEVELS[p['level']].title} inconnu dans cette région : « {p['code']} ».")
    row = row.iloc[0]
    levers = fiche_levers(split, objectives, row["code"], row["obj_shown"], key_label_map())
    return {"name": row["name"], "total": row, "levers": levers, "notices": split.notices,
            "region_total": objectives["obj_co2_kt"].sum(), "objectives": objectives}

