"""The tables of the "Écarts" page: gaps per lever, per sector, and scenarios compared."""

from __future__ import annotations

import pandas as pd

from dashboard.tables import Table, objective_notes
from domain import formats
from domain.gaps import STATUS_RULE
from domain.levers import START_YEAR, TARGET_YEAR, expected_share
from domain.magnitudes import split_unit
from domain.progress import ACQUIRED_RULE, PROGRESS_RULE

KT = "kt"
FORMULA = (f"{PROGRESS_RULE} Progression attendue = objectif × (année − 2019) / 11 ; écart = attendue − observée "
           "(positif : en retard).")


def gaps_table(territory_name: str, gaps: pd.DataFrame) -> Table:
    # The decision columns (objective, observed, gap, status) come first, so they are seen without scrolling.
    frame = pd.DataFrame({
        "Secteur": gaps["sector"],
        "Groupe thématique": gaps["thematic_group"],
        "Levier": gaps["lever"],
        "Objectif 2030 (ktCO₂e)": gaps["obj_co2_kt"],
        "Progression observée (ktCO₂e)": gaps["progress_kt"],
        "Progression attendue (ktCO₂e)": gaps["expected_kt"],
        "Écart (ktCO₂e)": gaps["gap_kt"],
        "Statut": gaps["status_gap"],
        "Sens depuis 2019": gaps["trend"],
        "Remarque": gaps["disabled_reason"].fillna("").str.strip("* "),
        "Objectif 2030 (unité physique)": gaps["target_phys"],
        "Unité physique": [split_unit(u)[0] if pd.notna(t) else None
                           for u, t in zip(gaps["unit_phys"], gaps["target_phys"])],
        "Valeur observée": gaps["observed_value"],
        "Année observée": gaps["observed_year"],
        "Base de comparaison 2019": gaps["base_value"],
        "Source": gaps["source"],
        "Millésime": gaps["vintage"],
    })
    kinds = {"Objectif 2030 (ktCO₂e)": KT, "Objectif 2030 (unité physique)": "number", "Valeur observée": "number",
             "Base de comparaison 2019": "number",
             "Année observée": "year", "Progression observée (ktCO₂e)": KT, "Progression attendue (ktCO₂e)": KT,
             "Écart (ktCO₂e)": KT}
    observation_sources = sorted(gaps["observation_source"].dropna().unique())
    notes = [*objective_notes(gaps, "Objectifs : "),
             *(f"Valeurs observées : {source} (observé)." for source in observation_sources),
             f"Calculé : {FORMULA}", f"Statut : {STATUS_RULE}"]
    return Table(f"Écarts à la trajectoire par levier — {territory_name}", frame, kinds, notes)


def groups_table(territory_name: str, groups: pd.DataFrame, label: str) -> Table:
    frame = pd.DataFrame({
        label: groups["group"],
        "Leviers": groups["levers"],
        "dont observés": groups["observed_levers"],
        "Observés en": [years(first, last) for first, last in zip(groups["first_year"], groups["last_year"])],
        "Objectif 2030 (ktCO₂e)": groups["obj_co2_kt"],
        "Objectif des leviers observés (ktCO₂e)": groups["observed_objective"],
        "Acquis observé (ktCO₂e)": groups["progress_kt"],
        "Reste à engager (ktCO₂e)": groups["remaining_kt"],
        "Progression attendue (ktCO₂e)": groups["expected_kt"],
        "Écart (ktCO₂e)": groups["gap_kt"],
        "Statut": groups["status_gap"],
        "Leviers en recul": groups["receding"],
    })
    kinds = {"Leviers": "integer", "dont observés": "integer", "Leviers en recul": "integer",
             **{c: KT for c in frame.columns if "ktCO₂e" in c}}
    notes = [f"Calculé : {ACQUIRED_RULE} Reste à engager = objectif 2030 − acquis observé (un levier sans "
             "observation compte pour 0). L'écart d'un regroupement est la somme des écarts de ses leviers observés ; "
             "son statut compare cette somme à l'objectif de ces mêmes leviers."]
    return Table(f"Écarts par {label.lower()} — {territory_name}", frame, kinds, notes)


def years(first, last) -> str | None:
    """« 2021 », « 2021 à 2022 », or None when no lever is observed."""
    if pd.isna(first):
        return None
    return str(first) if first == last else f"{first} à {last}"


def comparison_table(territory_name: str, compared: pd.DataFrame, label: str, names: list[str],
                     levers: pd.DataFrame) -> Table:
    frame = pd.DataFrame({label: compared["group"], "Objectif SGPE (ktCO₂e)": compared["SGPE"]})
    for name in names:
        frame[f"{name} (ktCO₂e)"] = compared[name]
    notes = [*objective_notes(levers, "Objectifs : "),
             "Calculé : l'objectif d'un scénario reprend celui du SGPE pour chaque levier sans nouvel objectif saisi."]
    return Table(f"Comparaison des scénarios — {territory_name}", frame,
                 {c: KT for c in frame.columns if c != label}, notes)


def trajectory_table(title: str, path: dict, scenario_kt: float | None) -> Table:
    """The numbers of a trajectory chart: per year, the progress expected on the linear path and observed."""
    observed = path["observed"].set_index("year")
    years = sorted({START_YEAR, TARGET_YEAR, *observed.index})
    frame = pd.DataFrame({
        "Année": years,
        "Attendu sur la trajectoire linéaire (ktCO₂e)": [path["objective_kt"] * expected_share(y) for y in years],
        "Observé (ktCO₂e)": [observed["progress_kt"].get(y) for y in years],
        "Leviers observés": [observed["observed_levers"].get(y) for y in years],
    })
    if scenario_kt is not None:
        frame["Scénario (ktCO₂e)"] = [scenario_kt * expected_share(y) for y in years]
    kinds = {"Année": "year", "Leviers observés": "integer", **{c: KT for c in frame.columns if "ktCO₂e" in c}}
    summary = path["acquired"]
    notes = [f"{formats.counted(path['levers'], 'levier')} ; « observé » additionne les leviers observés l'année "
             f"dite, « leviers observés » dit combien. Acquis observé : {formats.kt(summary.kt)} ({summary.scope}). "
             f"{ACQUIRED_RULE}",
             "Sources : objectifs SGPE (indicatifs), valeurs observées importées ; trajectoire calculée."]
    return Table(title, frame, kinds, notes)


OBJECTIVE_RULE = ("Progression = dernière valeur observée après l'année de référence − valeur de référence ; attendue "
                  "= (cible 2030 − référence) × (année observée − année de référence) / (2030 − année de "
                  "référence) ; écart = attendue − observée, compté dans le sens de l'objectif (positif : en retard).")


def objectives_table(region_name: str, objectives: pd.DataFrame) -> Table:
    """``regional_objectives.region_gaps``: each objective beyond GHG, where it stands and its status."""
    # The decision columns (target, observed, gap, status) come first, so they are seen without scrolling.
    frame = pd.DataFrame({
        "Indicateur": objectives["name"],
        "Unité": objectives["unit"],
        "Cible 2030": objectives["target_2030"],
        "Dernière valeur observée": objectives["observed_value"],
        "Écart": objectives["gap"],
        "Statut": objectives["status_gap"],
        "Statut de l'objectif": objectives["status"],
        "Année observée": objectives["observed_year"],
        "Progression observée": objectives["progress"],
        "Progression attendue": objectives["expected"],
        "Valeur de référence": objectives["baseline_value"],
        "Année de référence": objectives["baseline_year"],
        "Thème": objectives["theme"],
        "Source de l'objectif": objectives["source"],
    })
    numbers = ("Valeur de référence", "Cible 2030", "Dernière valeur observée", "Progression observée",
               "Progression attendue", "Écart")
    kinds = {c: "measure" for c in numbers} | {"Année de référence": "year", "Année observée": "year"}
    notes = ["Objectifs : fixés par l'équipe régionale (statut officiel, indicatif ou de travail), avec leur source.",
             "Valeurs observées : indicateurs du Diagnostic (valeur chargée pour la région, sinon calculée à partir de "
             "ses communes).", f"Calculé : {OBJECTIVE_RULE}", f"Statut : {STATUS_RULE}"]
    return Table(f"Objectifs régionaux au-delà des gaz à effet de serre — {region_name}", frame, kinds, notes)


def objectives_file(region_name: str, objectives: pd.DataFrame, columns: dict[str, str]) -> Table:
    """The region's objectives in the file's ``columns`` (column → field): filled in, it re-imports unchanged."""
    frame = pd.DataFrame({column: objectives[field] if len(objectives) else pd.Series(dtype=object)
                          for column, field in columns.items()})
    kinds = {"annee_reference": "year", "valeur_reference": "exact", "cible_2030": "exact", "evolution_visee": "exact"}
    return Table(f"Objectifs régionaux — {region_name}", frame, kinds,
                 ["Modèle d'import (Données et méthode, type « Objectifs régionaux ») : une ligne par indicateur du "
                  "catalogue ; cible_2030 (valeur) ou evolution_visee (% de la référence), pas les deux ; statut : "
                  "officiel, indicatif ou de travail."])
