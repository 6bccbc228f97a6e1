"""What a commitment contributes to: zero, one or several objectives, each once.

An objective is an SGPE lever of the region (its quantity in ktCO₂e, in the lever's physical unit, or both, which
convert into one another with the lever's factor) or a regional objective beyond greenhouse gases (water,
biodiversity, soils, air, waste: ``domain.regional_objectives``), whose quantity is a change of its indicator, in its
unit, in the direction the objective asks (a fall of withdrawals is negative). A commitment that serves no objective
(cohésion, économie) has a theme instead (``domain.commitments``).

Given both, a lever's two quantities must agree within ``AGREEMENT`` (relative); the one computed from the other
keeps ``DERIVED_DIGITS`` significant digits. Quantities keep to their plausible ranges (``domain.ranges``).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from domain import formats, typed
from domain.ranges import AVOIDED_KT, PHYSICAL_CHANGE
from domain.rounding import significant

GROUP = "contributions"
LEVER, OBJECTIVE = "levier", "objectif"  # objective_kind, as stored
KINDS = (LEVER, OBJECTIVE)
LABELS = {"objective_id": "Objectif (identifiant)", "quantity": "Quantité", "quantity_kt": "ktCO₂e"}
FIELDS = list(LABELS)
QUANTITIES = ("quantity_kt", "quantity")  # a lever's quantity, in ktCO₂e and in its physical unit
AGREEMENT = 0.01
DERIVED_DIGITS = 4  # a quantity converted from the other keeps 4 significant digits (49,97, not 49,97475)


@dataclass(frozen=True)
class Lever:
    lever_id: str
    label: str
    sector: str
    unit_phys: str | None
    ratio: float | None  # physical units per ktCO₂e; None when the lever has no physical translation


@dataclass(frozen=True)
class Objective:
    """A regional objective beyond greenhouse gases, as a commitment may contribute to it."""
    indicator_id: str
    name: str
    unit: str
    theme: str
    needed: float  # the change the objective asks for, 2030 target − baseline: its sign is the way to go


def after_edit(row: dict, edited: Collection[str]) -> dict:
    """A lever's row as it is checked once the ``edited`` fields were changed (in the form or the grid): the
    quantity changed alone wins, the other is left blank to be computed again with the lever's factor; both
    changed, or neither, they must agree."""
    changed = [key for key in QUANTITIES if key in edited]
    if len(changed) != 1:
        return row
    return {**row, **{key: None for key in QUANTITIES if key not in changed}}


def validate(rows: list[dict], levers: dict[str, Lever], objectives: dict[str, Objective],
             errors: dict[str, str]) -> list[dict]:
    """The contributions of ``rows`` (objective identifier and quantities as typed); problems go to ``errors``
    (``contributions.<n>.<field>``), the clean rows (objective_kind, objective_id, quantity, quantity_kt) are
    returned."""
    clean, seen = [], {}
    for number, row in enumerate(rows, start=1):
        key = f"{GROUP}.{number}"
        objective_id = typed.text(row.get("objective_id"))
        found = {"objective_kind": None, "objective_id": objective_id, "quantity": None, "quantity_kt": None}
        if objective_id is None:
            errors[f"{key}.objective_id"] = "obligatoire (identifiant d'un levier ou d'un objectif régional)."
        elif objective_id in seen:
            errors[f"{key}.objective_id"] = (f"« {objective_id} » déjà à la ligne {seen[objective_id]} : un engagement "
                                             "contribue une fois à chaque objectif.")
        elif objective_id in levers:
            found |= {"objective_kind": LEVER} | _lever(row, levers[objective_id], errors, key)
        elif objective_id in objectives:
            found |= {"objective_kind": OBJECTIVE} | _objective(row, objectives[objective_id], errors, key)
        else:
            errors[f"{key}.objective_id"] = (f"« {objective_id} » inconnu : ni un levier de la région, ni un de ses "
                                             "objectifs régionaux.")
        seen.setdefault(objective_id, number)
        clean.append(found)
    return clean


def _lever(row: dict, lever: Lever, errors: dict[str, str], key: str) -> dict:
    """A lever's quantities, each computed from the other when missing; {} when refused."""
    phys, problem = typed.number(row.get("quantity"), PHYSICAL_CHANGE)
    if problem:
        errors[f"{key}.quantity"] = problem
    kt, problem = typed.number(row.get("quantity_kt"), AVOIDED_KT)
    if problem:
        errors[f"{key}.quantity_kt"] = problem
    if f"{key}.quantity" in errors or f"{key}.quantity_kt" in errors:
        return {}
    if lever.ratio is None and phys is not None:
        errors[f"{key}.quantity"] = "ce levier n'a pas d'unité physique : indiquez seulement des ktCO₂e."
        return {}
    if phys is None and kt is None:
        errors[f"{key}.quantity_kt"] = "indiquez une quantité en ktCO₂e ou dans l'unité physique du levier."
        return {}
    if kt is None:
        kt = significant(phys / lever.ratio, DERIVED_DIGITS)
        if problem := AVOIDED_KT.problem(kt):
            errors[f"{key}.quantity"] = f"avec le facteur du levier, {problem}."
            return {}
    elif phys is None and lever.ratio is not None:
        phys = significant(kt * lever.ratio, DERIVED_DIGITS)
    elif phys is not None and abs(phys - kt * lever.ratio) > AGREEMENT * max(abs(phys), abs(kt * lever.ratio)):
        errors[f"{key}.quantity"] = (f"incohérent avec {formats.decimal(kt, 6)} ktCO₂e : le facteur du levier "
                                     f"donne {formats.decimal(kt * lever.ratio, 6)} {lever.unit_phys}.")
        return {}
    if kt <= 0:
        errors[f"{key}.quantity_kt"] = "doit être positif : un engagement évite des émissions."
        return {}
    return {"quantity": phys, "quantity_kt": kt}


def _objective(row: dict, objective: Objective, errors: dict[str, str], key: str) -> dict:
    """A regional objective's quantity: a change of its indicator, in the way the objective asks."""
    if not typed.blank(row.get("quantity_kt")):
        errors[f"{key}.quantity_kt"] = (f"« {objective.name} » ne se mesure pas en ktCO₂e : indiquez la quantité en "
                                        f"{objective.unit}.")
        return {}
    quantity, problem = typed.number(row.get("quantity"), PHYSICAL_CHANGE)
    if problem:
        errors[f"{key}.quantity"] = problem
        return {}
    if quantity is None or quantity == 0:
        errors[f"{key}.quantity"] = f"obligatoire : ce que l'engagement change, en {objective.unit}."
        return {}
    if objective.needed and (quantity > 0) != (objective.needed > 0):
        way = "une hausse" if objective.needed > 0 else "une baisse"
        errors[f"{key}.quantity"] = (f"va contre l'objectif « {objective.name} », qui demande {way} : "
                                     f"{'positive' if objective.needed > 0 else 'négative'} attendue "
                                     f"({formats.decimal(quantity, 6)} {objective.unit} lu).")
        return {}
    return {"quantity": quantity}


def text(rows: list[dict], levers: dict[str, Lever] | None = None,
         objectives: dict[str, Objective] | None = None) -> str:
    """« Véhicules électriques : 12,5 ktCO₂e ; Prélèvements d'eau : −0,5 millions de m³ » (identifiers when the
    names are not given)."""
    parts = []
    for row in rows:
        if row["objective_kind"] == LEVER:
            lever = (levers or {}).get(row["objective_id"])
            parts.append(f"{lever.label if lever else row['objective_id']} : {formats.kt(row['quantity_kt'], 2)}")
        else:
            objective = (objectives or {}).get(row["objective_id"])
            name, unit = (objective.name, objective.unit) if objective else (row["objective_id"], "")
            parts.append(f"{name} : {formats.decimal(row['quantity'])} {unit}".rstrip())
    return " ; ".join(parts)
