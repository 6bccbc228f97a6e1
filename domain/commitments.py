"""Commitments (engagements) of the 2030 roadmap: their fields, and the validation of each field.

One validation serves the detail form, the editable grid and the template import, so that a
value refused in one is refused in the others with the same French message. Texts keep to their length
and characters (``domain.texts``).

A commitment's quantity is given in the lever's physical unit, in ktCO₂e, or both: one
converts to the other with the lever's factor (physical units per ktCO₂e). Given both, they
must agree within ``AGREEMENT`` (relative). Quantities, years and amounts keep to their plausible
ranges (``domain.ranges``). A commitment contributes to zero, one or several objectives: its SGPE lever (with
its quantities), the region's objectives beyond greenhouse gases (``domain.commitment_objectives``), or none — then it
says its theme (cohésion territoriale, développement économique…). A commitment's maturity (idée … terminée) says
how ready it is, apart from its status, the COP's decision; it may be left blank (« non renseignée »). Its financing
is a list of lines (source, amount, year, status: ``domain.financing_lines``), whose years lie within the commitment's;
their sum may exceed its total cost (a cost missing or out of date): that is a warning, said with the save, not a
refusal.
"""

from __future__ import annotations

import math
from collections.abc import Collection
from dataclasses import dataclass, field

from domain import commitment_objectives, financing_lines, formats, territory_shares, texts, typed, vocabulary
from domain.headers import normalize_header
from domain.numbers import NumberError, parse_number
from domain.ranges import AVOIDED_KT, COMMITMENT_YEAR, COST_EUR, PHYSICAL_CHANGE
from domain.rounding import significant

# The levels that commit, with the word of a column or field (« Département »).
LEVELS = {level: vocabulary.LEVELS[level].title for level in ("region", "departement", "crte", "epci")}
STATUSES = vocabulary.COMMITMENT_STATUSES
COUNTED = vocabulary.COUNTED  # what counts as committed against the objective
MATURITIES = vocabulary.MATURITIES  # how ready it is, apart from the COP's decision
THEMES = vocabulary.THEMES  # what a commitment serves when it contributes to no objective
AGREEMENT = 0.01
QUANTITIES = ("quantity_kt", "quantity_phys")  # one lever's quantity, in ktCO₂e and in its physical unit
DERIVED_DIGITS = 4  # a quantity converted from the other keeps 4 significant digits (49,97, not 49,97475)
TEXTS = {"carrier": texts.CARRIER, "title": texts.TITLE, "description": texts.DESCRIPTION, "contact": texts.CONTACT}

# Editable fields: key → French label (the form's labels, the template's headers).
LABELS = {
    "territory_level": "Niveau",
    "territory_code": "Code territoire",
    "territories": "Territoires partagés (%)",
    "lever_id": "Levier (identifiant)",
    "objectives": "Objectifs régionaux",
    "theme": "Thème",
    "carrier": "Porteur",
    "carrier_party": "Porteur au registre (code)",
    "title": "Intitulé",
    "description": "Description",
    "quantity_phys": "Quantité physique",
    "quantity_kt": "ktCO₂e",
    "start_year": "Année de début",
    "end_year": "Année de fin",
    "status": "Statut",
    "maturity": "Maturité",
    "total_cost": "Coût total (€)",
    "financing": "Financements",
    "contact": "Contact",
}
FIELDS = list(LABELS)
# Fields a commitment had before its financing lines (migration 043): its history still names them.
FORMER_LABELS = {"funding_amount": "Financement (€)", "funding_sources": "Sources de financement",
                 "funding_parties": "Financeurs au registre (codes)"}
# The repeated groups: field → its module, which reads and writes it as its field is typed (``read``, ``written``) and
# keeps it in a table of its own (``stored``, ``replace``).
GROUPS = {"objectives": commitment_objectives, "territories": territory_shares, "financing": financing_lines}

_STATUS_KEYS = {normalize_header(s): s for s in STATUSES}
_LEVEL_KEYS = {normalize_header(label): level for level, label in LEVELS.items()} | {level: level for level in LEVELS}


@dataclass(frozen=True)
class Lever:
    lever_id: str
    label: str
    sector: str
    unit_phys: str | None
    ratio: float | None  # physical units per ktCO₂e; None when the lever has no physical translation


@dataclass
class Context:
    """What a commitment of one regional roadmap may refer to."""

    region: str
    territories: dict[tuple[str, str], str]  # (level, code) → name
    levers: dict[str, Lever]
    parties: dict[str, str] = field(default_factory=dict)  # the register's parties: code → name
    objectives: dict[str, commitment_objectives.Objective] = field(default_factory=dict)  # beyond GHG, by indicator


@dataclass
class Checked:
    values: dict = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)  # field → French problem
    warnings: list[str] = field(default_factory=list)  # said, not refused: financing beyond the total cost

    @property
    def ok(self) -> bool:
        return not self.errors


def validate(raw: dict, context: Context) -> Checked:
    """Check every field of ``raw`` (strings or numbers, as typed); return clean values or errors per field."""
    checked = Checked()
    _territory(raw, context, checked)
    _shares(raw, context, checked)
    lever = _lever(raw, context, checked)
    _objectives(raw, context, checked)
    for key, text_field in TEXTS.items():
        text = checked.values[key] = typed.text(raw.get(key))
        if text is None and key in ("carrier", "title"):
            checked.errors[key] = "obligatoire."
        elif text is not None and (problem := text_field.problem(text)):
            checked.errors[key] = f"{problem}."
    _parties(raw, context, checked)
    _quantities(raw, lever, checked)
    _years(raw, checked)
    _status(raw, checked)
    for key, options in (("maturity", MATURITIES), ("theme", THEMES)):
        checked.values[key], problem = typed.choice(raw.get(key), options)
        if problem:
            checked.errors[key] = problem
    if checked.values["lever_id"] is None and not checked.values["objectives"] and checked.values["theme"] is None \
            and not {"lever_id", "objectives", "theme"} & checked.errors.keys():
        checked.errors["theme"] = (f"obligatoire pour un engagement sans levier ni objectif régional : "
                                   f"{', '.join(THEMES)}.")
    _funding(raw, context, checked)
    return checked


def after_edit(raw: dict, edited: Collection[str]) -> dict:
    """``raw`` as ``validate`` checks it once the ``edited`` fields were changed (in the form or the grid): the
    quantity the editor changed wins. Changed alone, the other quantity is left blank, for ``validate`` to compute
    it again with the lever's factor; both changed (a new commitment, say), or neither, both must agree."""
    changed = [key for key in QUANTITIES if key in edited]
    if len(changed) != 1:
        return raw
    return {**raw, **{key: None for key in QUANTITIES if key not in changed}}


def _territory(raw: dict, context: Context, checked: Checked) -> None:
    level_text = typed.text(raw.get("territory_level"))
    level = _LEVEL_KEYS.get(normalize_header(level_text)) if level_text else None
    code = typed.text(raw.get("territory_code"))
    if level_text is None:
        checked.errors["territory_level"] = "obligatoire (Région, Département, CRTE ou EPCI)."
    elif level is None:
        checked.errors["territory_level"] = f"« {level_text} » inconnu : Région, Département, CRTE ou EPCI."
    if code is None:
        checked.errors["territory_code"] = "obligatoire (code INSEE, SIREN de l'EPCI ou identifiant du CRTE)."
    elif level and (level, code) not in context.territories:
        checked.errors["territory_code"] = (f"{LEVELS[level]} « {code} » introuvable dans la région "
                                            f"{context.region}.")
    checked.values["territory_level"], checked.values["territory_code"] = level, code


def _shares(raw: dict, context: Context, checked: Checked) -> None:
    """The territories carrying a shared commitment, with their shares (``domain.territory_shares``)."""
    own = (checked.values["territory_level"], checked.values["territory_code"])
    checked.values["territories"], problem = territory_shares.read(
        raw.get("territories"), context.territories, own if own in context.territories else None)
    if problem:
        checked.errors["territories"] = problem


def _lever(raw: dict, context: Context, checked: Checked) -> Lever | None:
    lever_id = typed.text(raw.get("lever_id"))
    checked.values["lever_id"] = lever_id
    if lever_id is None:
        return None
    if lever_id not in context.levers:
        checked.errors["lever_id"] = f"levier « {lever_id} » inconnu pour cette région."
        return None
    return context.levers[lever_id]


def _objectives(raw: dict, context: Context, checked: Checked) -> None:
    """The commitment's contributions to the region's objectives beyond greenhouse gases."""
    checked.values["objectives"], problem = commitment_objectives.read(raw.get("objectives"), context.objectives)
    if problem:
        checked.errors["objectives"] = problem


def _parties(raw: dict, context: Context, checked: Checked) -> None:
    """The porteur's code in the region's register of parties, when the commitment names it (its financers: in its
    financing lines)."""
    code = checked.values["carrier_party"] = typed.text(raw.get("carrier_party"))
    if code is not None and code not in context.parties:
        checked.errors["carrier_party"] = f"« {code} » n'est pas au registre des parties de la région."


def _quantities(raw: dict, lever: Lever | None, checked: Checked) -> None:
    values = {}
    for key, plausible in (("quantity_phys", PHYSICAL_CHANGE), ("quantity_kt", AVOIDED_KT)):
        try:
            values[key] = plausible.read_optional(raw.get(key))
        except NumberError as error:
            checked.errors[key] = f"{error}."
    phys, kt = values.get("quantity_phys"), values.get("quantity_kt")
    checked.values["quantity_phys"], checked.values["quantity_kt"] = phys, kt
    if "quantity_phys" in checked.errors or "quantity_kt" in checked.errors or lever is None:
        if checked.values["lever_id"] is None and (phys is not None or kt is not None):
            checked.errors["lever_id"] = "obligatoire avec une quantité : de quel levier sont ces ktCO₂e ?"
        return
    if phys is None and kt is None:
        checked.errors["quantity_kt"] = "indiquez une quantité en ktCO₂e ou dans l'unité physique du levier."
        return
    phys, kt, problem = lever_quantities(phys, kt, lever)
    if problem:
        checked.errors["quantity_phys"] = problem
        return
    if kt <= 0:
        checked.errors["quantity_kt"] = "doit être positif : un engagement évite des émissions."
    checked.values["quantity_phys"], checked.values["quantity_kt"] = phys, kt


def lever_quantities(phys: float | None, kt: float | None,
                     lever: Lever) -> tuple[float | None, float | None, str | None]:
    """``(phys, kt, None)``, the one missing computed from the other with the lever's factor; or the problem of the
    physical quantity (the lever has no physical unit, they disagree, the converted ktCO₂e are out of range). A
    commitment's quantities and its follow-up's (``domain.follow_up``) are read alike."""
    if lever.ratio is None and phys is not None:
        return phys, kt, "ce levier n'a pas d'unité physique : indiquez seulement des ktCO₂e."
    if kt is None and phys is not None:
        kt = significant(phys / lever.ratio, DERIVED_DIGITS)
        if problem := AVOIDED_KT.problem(kt):
            return phys, None, f"avec le facteur du levier, {problem}."
    elif phys is None and kt is not None and lever.ratio is not None:
        phys = significant(kt * lever.ratio, DERIVED_DIGITS)
    elif phys is not None and abs(phys - kt * lever.ratio) > AGREEMENT * max(abs(phys), abs(kt * lever.ratio)):
        return phys, kt, (f"incohérent avec {formats.decimal(kt, 6)} ktCO₂e : le facteur du levier donne "
                          f"{formats.decimal(kt * lever.ratio, 6)} {lever.unit_phys}.")
    return phys, kt, None


def _years(raw: dict, checked: Checked) -> None:
    for key in ("start_year", "end_year"):
        value = raw.get(key)
        checked.values[key] = None
        if typed.blank(value):
            checked.errors[key] = "obligatoire."
            continue
        try:
            number = parse_number(value)
        except NumberError:
            checked.errors[key] = f"« {value} » n'est pas une année."
            continue
        if COMMITMENT_YEAR.problem(number):
            checked.errors[key] = (f"« {value} » : année entière entre {COMMITMENT_YEAR.low} et "
                                   f"{COMMITMENT_YEAR.high} attendue.")
            continue
        checked.values[key] = int(number)
    start, end = checked.values["start_year"], checked.values["end_year"]
    if start is not None and end is not None and end < start:
        checked.errors["end_year"] = f"l'année de fin ({end}) précède l'année de début ({start})."


def _status(raw: dict, checked: Checked) -> None:
    text = typed.text(raw.get("status"))
    status = _STATUS_KEYS.get(normalize_header(text)) if text else None
    if status is None:
        checked.errors["status"] = (f"« {text} » inconnu : " if text else "obligatoire : ") + ", ".join(STATUSES) + "."
    checked.values["status"] = status


def _funding(raw: dict, context: Context, checked: Checked) -> None:
    """The total cost and the financing lines (``domain.financing_lines``), their years within the commitment's."""
    checked.values["total_cost"], problem = typed.number(raw.get("total_cost"), COST_EUR)
    if problem:
        checked.errors["total_cost"] = problem
    span = (checked.values["start_year"], checked.values["end_year"]) if "end_year" not in checked.errors else (
        None, None)
    checked.values["financing"], problem = financing_lines.read(raw.get("financing"), context.parties, span)
    if problem:
        checked.errors["financing"] = problem
    cost, amount = checked.values["total_cost"], financing_lines.total(checked.values["financing"])
    if cost is not None and amount > cost:
        checked.warnings.append(f"Le financement ({formats.number(amount, 0)} €) dépasse le coût total "
                                f"({formats.number(cost, 0)} €) de {formats.number(amount - cost, 0)} €.")


def readable(value):
    """A commitment's field as a history or a comparison shows it: its repeated groups written as their field is
    typed (contributions: pairs; territories and shares: triples; financing lines: 5-tuples), None for none; any other
    value as it is."""
    if not isinstance(value, (list, tuple)):
        return value
    if any(len(entry) == 5 for entry in value):
        return financing_lines.written(value) or None
    if any(len(entry) == 3 for entry in value):
        return territory_shares.written([(level, code, share) for level, code, share in value]) or None
    return commitment_objectives.written(value) or None


def differences(before: dict, after: dict) -> dict[str, list]:
    """``{field: [before, after]}`` for the editable fields that differ."""
    return {key: [before.get(key), after.get(key)] for key in FIELDS if not same(before.get(key), after.get(key))}


def same(a, b) -> bool:
    """Equal, blanks alike; numbers within 1e-9 (a spreadsheet keeps 15 significant digits)."""
    if isinstance(a, (list, tuple)) or isinstance(b, (list, tuple)):  # a repeated group: tuples of the same length
        a, b = a if isinstance(a, (list, tuple)) else (), b if isinstance(b, (list, tuple)) else ()
        return len(a) == len(b) and all(len(pair_a) == len(pair_b) and all(same(x, y) for x, y in zip(pair_a, pair_b))
                                        for pair_a, pair_b in zip(a, b))
    if typed.blank(a) or typed.blank(b):
        return typed.blank(a) and typed.blank(b)
    if isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool):
        return math.isclose(float(a), float(b), rel_tol=1e-9)
    return a == b
