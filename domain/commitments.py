"""Commitments (engagements) of the 2030 roadmap: their fields, their repeated groups, and the validation of each.

A commitment has its own fields (porteur, intitulé, years, status, maturity, theme, total cost, contact) and three
repeated groups: the territories that carry it with their shares (``domain.commitment_territories``), the objectives
it contributes to (``domain.contributions``) and its financing lines (``domain.financing``). Its follow-up, year by
year, is apart (``domain.follow_up``): entered later, by its contributor or the team, it does not change the
commitment's version.

One validation serves the detail form, the editable grid and the template import, so that a value refused in one
is refused in the others with the same French message. The simple form of before the groups — one territory (Niveau,
Code territoire), one lever (Levier, Quantité physique, ktCO₂e), one amount and its sources — is still read (a CSV
of the template): it makes a group of one line, and its problems keep the names of those fields. A group not given
at all (a grid's cell, a file without its sheet) is ``kept``: the stored one. Texts keep to their length and
characters (``domain.texts``), numbers to their ranges (``domain.ranges``).
"""

from __future__ import annotations

import math
from collections.abc import Collection
from dataclasses import dataclass, field

from domain import commitment_territories, contributions, financing, texts, typed, vocabulary
from domain.contributions import Lever, Objective
from domain.ranges import COMMITMENT_YEAR, COST_EUR

__all__ = ["Lever", "Objective"]  # what a commitment's context names, defined with the contributions

LEVELS = commitment_territories.LEVELS
STATUSES = vocabulary.COMMITMENT_STATUSES
COUNTED = vocabulary.COUNTED  # what counts as committed against the objective
MATURITIES = vocabulary.MATURITIES
THEMES = vocabulary.COMMITMENT_THEMES
TEXTS = {"carrier": texts.CARRIER, "title": texts.TITLE, "description": texts.DESCRIPTION, "contact": texts.CONTACT}

# The commitment's own fields: key → French label (the form's labels, the template's headers).
LABELS = {
    "carrier": "Porteur",
    "title": "Intitulé",
    "description": "Description",
    "start_year": "Année de début",
    "end_year": "Année de fin",
    "status": "Statut",
    "maturity": "Maturité",
    "theme": "Thème",
    "total_cost": "Coût total (€)",
    "contact": "Contact",
}
FIELDS = list(LABELS)
GROUPS = {commitment_territories.GROUP: "Territoires", contributions.GROUP: "Objectifs",
          financing.GROUP: "Financements"}
GROUP_LABELS = {commitment_territories.GROUP: commitment_territories.LABELS, contributions.GROUP: contributions.LABELS,
                financing.GROUP: financing.LABELS}
# The simple form: a field → (its group, the group's field). Its labels are the template's columns of before.
SIMPLE = {
    "territory_level": (commitment_territories.GROUP, "territory_level"),
    "territory_code": (commitment_territories.GROUP, "territory_code"),
    "lever_id": (contributions.GROUP, "objective_id"),
    "quantity_phys": (contributions.GROUP, "quantity"),
    "quantity_kt": (contributions.GROUP, "quantity_kt"),
    "funding_amount": (financing.GROUP, "amount"),
    "funding_sources": (financing.GROUP, "source"),
}
SIMPLE_LABELS = {"territory_level": "Niveau", "territory_code": "Code territoire", "lever_id": "Levier (identifiant)",
                 "quantity_phys": "Quantité physique", "quantity_kt": "ktCO₂e", "funding_amount": "Financement (€)",
                 "funding_sources": "Sources de financement"}
QUANTITIES = ("quantity_kt", "quantity_phys")  # the simple form's lever quantities


@dataclass
class Context:
    """What a commitment of one regional roadmap may refer to."""

    region: str
    territories: dict[tuple[str, str], str]  # (level, code) → name
    levers: dict[str, Lever]
    objectives: dict[str, Objective] = field(default_factory=dict)  # the region's objectives beyond GHG
    sources: list[str] = field(default_factory=lambda: list(financing.STARTING_SOURCES))


@dataclass
class Checked:
    values: dict = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)  # field, or group.<line>.<field> → French problem
    warnings: list[str] = field(default_factory=list)  # said, not refused (financing beyond the cost)

    @property
    def ok(self) -> bool:
        return not self.errors


def validate(raw: dict, context: Context, kept: dict | None = None) -> Checked:
    """Check every field and group of ``raw`` (strings or numbers, as typed; a group is a list of rows); return
    clean values or errors. A group absent from ``raw``, in full and in the simple form, is ``kept[group]`` (the
    stored one), or empty for a new commitment."""
    checked = Checked()
    for key, text_field in TEXTS.items():
        value = checked.values[key] = typed.text(raw.get(key))
        if value is None and key in ("carrier", "title"):
            checked.errors[key] = "obligatoire."
        elif value is not None and (problem := text_field.problem(value)):
            checked.errors[key] = f"{problem}."
    _years(raw, checked)
    for key, options, required in (("status", STATUSES, True), ("maturity", MATURITIES, False),
                                   ("theme", THEMES, False)):
        checked.values[key], problem = typed.choice(raw.get(key), options)
        if problem or (required and checked.values[key] is None):
            checked.errors[key] = problem or f"obligatoire : {', '.join(options)}."
    checked.values["total_cost"], problem = typed.number(raw.get("total_cost"), COST_EUR)
    if problem:
        checked.errors["total_cost"] = problem
    _groups(raw, context, kept or {}, checked)
    return checked


def _years(raw: dict, checked: Checked) -> None:
    for key in ("start_year", "end_year"):
        checked.values[key], problem = typed.year(raw.get(key), COMMITMENT_YEAR)
        if problem or checked.values[key] is None:
            checked.errors[key] = problem or "obligatoire."
    start, end = checked.values["start_year"], checked.values["end_year"]
    if start is not None and end is not None and end < start:
        checked.errors["end_year"] = f"l'année de fin ({end}) précède l'année de début ({start})."


def _groups(raw: dict, context: Context, kept: dict, checked: Checked) -> None:
    """Each group from its rows, the simple form or what is kept; the simple form's problems keep its names."""
    errors: dict[str, str] = {}
    given = {group: raw[group] for group in GROUPS if raw.get(group) is not None}
    simple = {group: rows for group, rows in _simple_rows(raw).items() if group not in given}
    rows = {group: given.get(group, simple.get(group)) for group in GROUPS}
    span = (checked.values["start_year"], checked.values["end_year"])
    values = {}
    for group, validate_rows in ((commitment_territories.GROUP, lambda r: commitment_territories.validate(
            r, context.territories, errors)), (contributions.GROUP, lambda r: contributions.validate(
            r, context.levers, context.objectives, errors)), (financing.GROUP, lambda r: financing.validate(
            r, context.sources, span, errors))):
        values[group] = validate_rows(rows[group]) if rows[group] is not None else list(kept.get(group) or [])
        if rows[group] is None and group == commitment_territories.GROUP and not values[group]:
            errors[group] = "au moins un territoire porte l'engagement."
    if rows[financing.GROUP] is None and None not in span and (years := financing.outside_years(
            values[financing.GROUP], span)):
        errors[financing.GROUP] = (f"financement(s) de {', '.join(map(str, years))} hors des années de l'engagement "
                                   f"({span[0]}–{span[1]}) : changez d'abord leur année.")
    if not values[contributions.GROUP] and checked.values["theme"] is None and "theme" not in checked.errors:
        checked.errors["theme"] = (f"obligatoire pour un engagement qui ne contribue à aucun objectif : "
                                   f"{', '.join(THEMES)}.")
    checked.values.update(values)
    checked.warnings += financing.warnings(checked.values["total_cost"], values[financing.GROUP])
    for key, problem in errors.items():
        checked.errors[_simple_key(key, simple)] = problem


def _simple_rows(raw: dict) -> dict[str, list[dict]]:
    """The groups the simple form gives (a group of one line), when any of its fields is filled in."""
    rows: dict[str, dict] = {}
    for key, (group, name) in SIMPLE.items():
        if not typed.blank(raw.get(key)) and not (isinstance(raw.get(key), list) and not raw[key]):
            rows.setdefault(group, {})[name] = _listed(raw[key])
    return {group: [row] for group, row in rows.items()}


def _listed(value):
    return ", ".join(map(str, value)) if isinstance(value, list) else value


def _simple_key(key: str, simple: dict) -> str:
    """``territories.1.territory_code`` → ``territory_code`` when the group came from the simple form."""
    group, _, rest = key.partition(".")
    if group not in simple:
        return key
    name = rest.partition(".")[2]
    return next((field for field, target in SIMPLE.items() if target == (group, name)), key)


def label(key: str) -> str:
    """The French name of a field or of a group's line and field: « Territoires, ligne 2, Part (%) »."""
    if key in LABELS or key in SIMPLE_LABELS:
        return LABELS.get(key) or SIMPLE_LABELS[key]
    group, _, rest = key.partition(".")
    if group not in GROUPS:
        return key
    number, _, name = rest.partition(".")
    parts = [GROUPS[group]] + ([f"ligne {number}"] if number else []) + (
        [GROUP_LABELS[group].get(name, name)] if name else [])
    return ", ".join(parts)


def problems(errors: dict[str, str]) -> str:
    """« Intitulé : obligatoire. ; Territoires, ligne 2, Part (%) : … » for a message."""
    return " ; ".join(f"{label(key)} : {problem}" for key, problem in errors.items())


def after_edit(raw: dict, edited: Collection[str]) -> dict:
    """``raw`` as ``validate`` checks it once the ``edited`` fields were changed (in the form or the grid): the
    simple form's quantity changed alone wins (``contributions.after_edit``)."""
    changed = [key for key in QUANTITIES if key in edited]
    if len(changed) != 1:
        return raw
    return {**raw, **{key: None for key in QUANTITIES if key not in changed}}


def territories_of(values: dict) -> list[tuple[str, str]]:
    """The (level, code) of the territories carrying a commitment (its values as validated or stored)."""
    return [(row["territory_level"], row["territory_code"]) for row in values.get(commitment_territories.GROUP) or []]


def differences(before: dict, after: dict) -> dict[str, list]:
    """``{field or group: [before, after]}`` for the fields and groups that differ."""
    changed = {key: [before.get(key), after.get(key)] for key in FIELDS if not same(before.get(key), after.get(key))}
    for group in GROUPS:
        if not same_rows(before.get(group) or [], after.get(group) or []):
            changed[group] = [before.get(group) or [], after.get(group) or []]
    return changed


def same_rows(a: list[dict], b: list[dict]) -> bool:
    """Two groups alike, line by line and field by field (``same``)."""
    return len(a) == len(b) and all(row_a.keys() == row_b.keys() and all(same(row_a[k], row_b[k]) for k in row_a)
                                    for row_a, row_b in zip(a, b))


def same(a, b) -> bool:
    """Equal, blanks alike; numbers within 1e-9 (a spreadsheet keeps 15 significant digits)."""
    if typed.blank(a) or typed.blank(b):
        return typed.blank(a) and typed.blank(b)
    if isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool):
        return math.isclose(float(a), float(b), rel_tol=1e-9)
    return a == b


def group_text(key: str, rows) -> str | None:
    """A stored group as a history or a comparison shows it; other values as they are (None: not a group)."""
    if key not in GROUPS or not isinstance(rows, list):
        return None
    if not rows:
        return "(aucun)"
    return {commitment_territories.GROUP: commitment_territories.text, contributions.GROUP: contributions.text,
            financing.GROUP: financing.text}[key](rows)
