"""How the values of an indicator compare between territories of different sizes: its comparison basis.

Ranking absolute totals ranks sizes (Corse « first » for tertiary fuel oil because it is small). The catalogue
says, for each indicator, what to compare: the value as it is (a rate, a share, an amount per inhabitant), the
value per inhabitant, per km², or, for an area, the share of the territory's area it covers. Without a basis
in the catalogue (``comparison`` empty, a lever's physical indicator), ``default_basis`` decides from how the
indicator aggregates: a weighted mean is a rate, a sum of an area a share of the area, any other sum goes per
inhabitant.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from domain.formats import number

AS_IS, PER_INHABITANT, PER_KM2, SHARE_OF_AREA = "tel quel", "par habitant", "par km²", "part de la superficie"
BASES = (AS_IS, PER_INHABITANT, PER_KM2, SHARE_OF_AREA)
# km² per unit of the area units a share of the area can be computed from (the unit's first word).
AREA_UNITS = {"ha": 0.01, "kha": 10.0, "km²": 1.0, "km2": 1.0}
# « pour 1 000 habitants »: the smallest of these that gives the median territory a value of 1 at least.
PER = (1, 1_000, 10_000, 100_000, 1_000_000)
DENOMINATORS = {PER_INHABITANT: "habitant", PER_KM2: "km²"}


def area_factor(unit: str) -> float | None:
    """km² per unit of ``unit`` (« kha d'espace naturel… » → 10), or None when it is not an area."""
    first = re.split(r"\s+", unit.strip(), maxsplit=1)[0] if unit and unit.strip() else ""
    return AREA_UNITS.get(first.lower())


def default_basis(aggregation: str, unit: str) -> str:
    if aggregation != "somme":
        return AS_IS
    return SHARE_OF_AREA if area_factor(unit) else PER_INHABITANT


def basis_of(indicator: dict) -> str:
    """The catalogue's basis for ``indicator`` (a catalogue row), or the default one."""
    chosen = indicator.get("comparison")
    if isinstance(chosen, str) and chosen in BASES:
        return chosen
    return default_basis(indicator["aggregation"], indicator["unit"])


@dataclass(frozen=True)
class Comparison:
    """What is compared: ``basis``, ``per`` inhabitants or km² (1 000…), in ``unit`` (the compared values')."""

    basis: str
    per: int
    unit: str

    @property
    def as_is(self) -> bool:
        return self.basis == AS_IS

    def heading(self) -> str:
        """« par habitant », « tel quel » (a rate): what the ranking is about."""
        return {AS_IS: "valeur telle quelle (un taux)", PER_INHABITANT: "par habitant", PER_KM2: "par km²",
                SHARE_OF_AREA: "part de la superficie"}[self.basis]


def comparison(basis: str, unit: str, values: pd.Series, population: pd.Series, area: pd.Series
               ) -> tuple[Comparison, pd.Series]:
    """The values to compare, on ``basis``, and what they are. A territory without the population or area the
    basis needs has no compared value (it is not ranked)."""
    values = values.astype(float)
    if basis == AS_IS:
        return Comparison(AS_IS, 1, unit), values
    if basis == SHARE_OF_AREA:
        factor = area_factor(unit)
        if factor is None:
            raise ValueError(f"« {unit} » n'est pas une surface : pas de part de la superficie.")
        return Comparison(SHARE_OF_AREA, 1, "% de la superficie"), values * factor / _positive(area) * 100
    ratio = values / _positive(population if basis == PER_INHABITANT else area)
    per = _per(ratio)
    return Comparison(basis, per, f"{unit} {_per_text(per, DENOMINATORS[basis])}"), ratio * per


def _positive(denominator: pd.Series) -> pd.Series:
    return denominator.astype(float).where(denominator.astype(float) > 0)


def _per(ratio: pd.Series) -> int:
    known = ratio.dropna().abs()
    if known.empty or float(np.median(known)) == 0:
        return 1
    median = float(np.median(known))
    return next((per for per in PER if median * per >= 1), PER[-1])


def _per_text(per: int, denominator: str) -> str:
    if per == 1:
        return f"par {denominator}"
    if per == 1_000_000:
        return f"pour 1 million d'{denominator}s" if denominator == "habitant" else f"pour 1 million de {denominator}"
    plural = "habitants" if denominator == "habitant" else denominator
    return f"pour {number(per, 0)} {plural}"
