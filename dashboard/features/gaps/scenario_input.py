"""What a user types in a scenario field: parsed as a French number, checked, converted kt ↔ physical.

Each lever has two quantities (already done or planned, new objective), each typed either in
ktCO2e or in the lever's physical unit. ``read_field`` returns both forms of the quantity or
refuses the input with a French message meant to be shown at the field; either form keeps to its
plausible range (``domain.ranges``).
"""

from __future__ import annotations

from dataclasses import dataclass

from domain import formats
from domain.errors import UserError
from domain.levers import kt_from_physical, physical_target
from domain.magnitudes import split_unit
from domain.numbers import NumberError, optional_number
from domain.ranges import AVOIDED_KT, PHYSICAL_CHANGE, is_share

# field id → (stored column, typed in "kt" or "phys")
FIELDS = {
    "done_kt": ("done_kt", "kt"),
    "done_phys": ("done_kt", "phys"),
    "new_kt": ("new_objective_kt", "kt"),
    "new_phys": ("new_objective_kt", "phys"),
}
SIBLING = {"done_kt": "done_phys", "done_phys": "done_kt", "new_kt": "new_phys", "new_phys": "new_kt"}


class InvalidInput(UserError):
    """Input refused; the message (French) is shown at the field."""


@dataclass(frozen=True)
class Quantity:
    kt: float | None
    phys: float | None


def parse_number(text: str | float | None) -> float | None:
    """``"1 234,5"`` → 1234.5; empty → None; anything else that is not a finite number → InvalidInput."""
    try:
        value = optional_number(text)
    except NumberError as error:
        raise InvalidInput(f"{error} : saisissez par exemple 12,5.") from None
    return value


def read_field(field: str, text: str | float | None, lever: dict) -> Quantity:
    """The quantity typed in ``field`` for ``lever`` (a row of ``territory_levers``), in both units."""
    kind = FIELDS[field][1]
    value = parse_number(text)
    if value is None:
        return Quantity(None, None)
    translated = bool(lever["translated"])
    args = (lever["ratio_co2_to_phys"], lever["start_point_2019"], bool(lever["relative"]))
    if kind == "kt":
        if value < 0:
            raise InvalidInput("Des émissions évitées ne peuvent pas être négatives : saisissez 0 ou plus.")
        _check(AVOIDED_KT.problem(value))
        return Quantity(value, physical_target(value, *args) if translated else None)
    if not translated:
        raise InvalidInput("Ce levier n'a pas de traduction physique : saisissez la valeur en ktCO₂e.")
    unit, _ = split_unit(lever["unit_phys"])
    if value < 0 and lever["relative"]:
        raise InvalidInput(f"Une quantité de « {unit} » ne peut pas être négative.")
    if is_share(unit) and value > 100:
        raise InvalidInput("Une part ne peut pas dépasser 100\u00a0%.")
    _check(PHYSICAL_CHANGE.problem(value))
    kt = kt_from_physical(value, *args)
    if kt < 0:
        start = (f" (point de départ 2019 : {formats.number(lever['start_point_2019'], 1)})"
                 if lever["relative"] else "")
        raise InvalidInput(f"Cette valeur correspond à {formats.kt(kt)}, des émissions en hausse par rapport à "
                           f"2019{start} : saisissez une valeur qui réduit les émissions.")
    if AVOIDED_KT.problem(kt):
        raise InvalidInput(f"Cette valeur correspond à plus de {formats.kt(AVOIDED_KT.high, 0)} évitées, plus "
                           "qu'aucun territoire ne peut éviter : vérifiez la saisie.")
    return Quantity(kt, value)


def _check(problem: str | None) -> None:
    if problem:
        raise InvalidInput(f"{problem[:1].upper()}{problem[1:]} : vérifiez la saisie.")


def field_text(value: float | None, kind: str) -> str:
    """A value as it is shown back in a field: French decimal comma, no grouping, a few decimals."""
    if value is None:
        return ""
    size = abs(value)
    decimals = 1 if kind == "kt" else 0 if size >= 1000 else 1 if size >= 100 else 2 if size >= 1 else 4
    return formats.editable(value, decimals)
