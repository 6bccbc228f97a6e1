"""Observed progress of levers, like with like: the one definition that the Écarts page, the projection
screens, the phones that follow them and the exports share.

A lever's progress in a year after 2019 compares its observed physical value with its baseline:
- its own observation of 2019 when there is one;
- else, for a level (``relative``), the SGPE's 2019 starting point at the observation's precision (the
  SGPE's 1,6319 kha is 1,6 next to an observation written 1,6);
- else none: the lever has no progress (« pas de donnée », never 0).
An observation's precision is the number of decimals of its value as stored (1,6: a tenth; 44: a unit). Two
observed values are compared at the finer of their precisions, as files do not write trailing zeros (3 next
to 3,2 is 3,0). A change smaller than that precision is no change: « stable », 0 ktCO₂e.
A lever whose progress goes against its objective is « en recul ».

A set of levers (a sector, the region) has for « acquis » the sum of each observed lever's latest progress,
each with its own year (« 10 leviers sur 30, observés entre 2021 et 2022 »). Its year-by-year curve adds
the levers observed each year, and is drawn only when every year holds the same levers: otherwise a
point of 9 levers would be joined to a point of 2, and the last point would not be the acquis.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from domain import formats
from domain.levers import START_YEAR, progress_kt
from domain.rounding import round_as_shown
from domain.vocabulary import ADVANCING, RECEDING, STABLE

PROGRESS_RULE = (f"Progression observée = (valeur observée − base) / facteur de conversion ; la base est la valeur "
                 f"observée en {START_YEAR} ou, à défaut, le point de départ {START_YEAR} du SGPE arrondi à la "
                 "précision de l'observation ; deux valeurs se comparent à la précision de la plus précise (1,6 : au "
                 f"dixième ; 3 à côté de 3,2 se lit 3,0), et une variation plus petite est « {STABLE} » (0). Un levier "
                 f"dont la progression va contre son objectif est « {RECEDING} ».")
ACQUIRED_RULE = "Acquis observé = somme de la dernière progression observée de chaque levier, chacune à son année."


@dataclass(frozen=True)
class Basis:
    """What progress needs to know of a lever (see domain.levers): factor, SGPE starting point, kind, objective."""
    ratio: float
    start_2019: float | None
    relative: bool
    objective: float


@dataclass(frozen=True)
class Reading:
    """One observation after 2019 compared with the lever's baseline."""
    year: int
    value: float
    base: float           # the baseline, at the precision of the comparison
    base_observed: bool   # True: the lever's own 2019 observation; False: the SGPE's starting point
    change: float         # value − base, in the physical unit; 0 when smaller than the precision
    kt: float             # progress, ktCO₂e avoided since 2019 (0 when stable)
    trend: str            # ADVANCING, STABLE or RECEDING


@dataclass(frozen=True)
class Acquired:
    """What a set of levers has acquired: each observed lever's latest progress, summed."""
    kt: float | None      # None when no lever of the set is observed
    observed: int
    levers: int
    first_year: int | None
    last_year: int | None

    @property
    def scope(self) -> str:
        """« 10 leviers sur 30, observés entre 2021 et 2022 », « 1 levier sur 3, observé en 2021 »."""
        if not self.observed:
            return f"aucun levier observé sur {self.levers}"
        plural = "s" if self.observed > 1 else ""
        when = (f"en {self.first_year}" if self.first_year == self.last_year
                else f"entre {self.first_year} et {self.last_year}")
        return f"{self.observed} levier{plural} sur {self.levers}, observé{plural} {when}"


@dataclass(frozen=True)
class YearPoint:
    year: int
    kt: float
    levers: int           # how many levers were observed that year


def decimals(value: float) -> int:
    """The decimals an observation is written with, read from its value as stored: 1,6 → 1; 44 → 0."""
    return max(0, -_exact(value).normalize().as_tuple().exponent)


def _exact(value: float) -> Decimal:
    """The number as written (``1.6``, not the binary 1.600000000000000088…)."""
    return Decimal(repr(float(value)))


def readings(basis: Basis, observations: Iterable[tuple[int, float]]) -> list[Reading]:
    """Each observation after 2019 compared with the lever's baseline, by year; [] without a baseline or a
    physical translation (a zero factor)."""
    values = dict(observations)
    own_base = values.get(START_YEAR)
    if basis.ratio == 0 or (own_base is None and not (basis.relative and basis.start_2019 is not None)):
        return []
    found = []
    for year in sorted(y for y in values if y > START_YEAR):
        value = values[year]
        if own_base is not None:
            places = max(decimals(value), decimals(own_base))
            base = _exact(own_base)
        else:
            places = decimals(value)
            base = round_as_shown(basis.start_2019, places)
        change = _exact(value) - base
        if abs(change) < Decimal(1).scaleb(-places):
            change = Decimal(0)
        kt = progress_kt(float(change), 0.0, basis.ratio) if change else 0.0
        found.append(Reading(year, float(value), float(base), own_base is not None, float(change), kt,
                             _trend(kt, basis.objective)))
    return found


def _trend(kt: float, objective: float) -> str:
    if kt == 0:
        return STABLE
    return RECEDING if (kt < 0) != (objective < 0) else ADVANCING


def acquired(latest: Sequence[Reading | None]) -> Acquired:
    """The acquis of a set of levers, from each lever's latest reading (None: the lever is not observed)."""
    observed = [reading for reading in latest if reading is not None]
    years = [reading.year for reading in observed]
    return Acquired(sum(reading.kt for reading in observed) if observed else None, len(observed), len(latest),
                    min(years, default=None), max(years, default=None))


def yearly(by_lever: Mapping[str, Sequence[Reading]]) -> list[YearPoint]:
    """Per year, the progress of the levers observed that year, and how many they are."""
    years: dict[int, list[float]] = {}
    for lever_readings in by_lever.values():
        for reading in lever_readings:
            years.setdefault(reading.year, []).append(reading.kt)
    return [YearPoint(year, sum(kts), len(kts)) for year, kts in sorted(years.items())]


def curve(by_lever: Mapping[str, Sequence[Reading]]) -> list[YearPoint]:
    """``yearly``, when every year holds the same levers (its last point is then the acquis); else []."""
    points = yearly(by_lever)
    observed = [lever_readings for lever_readings in by_lever.values() if lever_readings]
    return points if all(point.levers == len(observed) for point in points) else []


def causes(latest: Mapping[str, Reading | None]) -> list[str]:
    """The levers « en recul » that make the acquis negative, largest recul first: the fewest whose recul
    outweighs everything else acquired. [] when the acquis is not negative."""
    observed = {name: reading for name, reading in latest.items() if reading is not None}
    total = sum(reading.kt for reading in observed.values())
    if total >= 0:
        return []
    receding = sorted((r.kt, name) for name, r in observed.items() if r.trend == RECEDING and r.kt < 0)
    rest, found = total - sum(kt for kt, _ in receding), []
    for kt, name in receding:
        found.append(name)
        rest += kt
        if rest < 0:
            break
    return found


def quantity_as_written(value: float) -> str:
    """An observed value with the decimals it was written with: ``5,8``, ``62``, ``1 234,56``."""
    return formats.number(value, decimals(value))


def trend_phrase(reading: Reading, unit: str) -> str:
    """« de 5,8 à 6,7 TWh … entre 2019 et 2021 », « 1,6 kha … en 2021 comme en 2019 »; the SGPE's starting
    point, when it is the baseline, is said so."""
    base, value = quantity_as_written(reading.base), quantity_as_written(reading.value)
    if reading.trend == STABLE:
        origin = f"en {START_YEAR}" if reading.base_observed else f"au point de départ SGPE {START_YEAR}"
        return f"{value} {unit} en {reading.year} comme {origin}"
    origin = base if reading.base_observed else f"{base} (point de départ SGPE)"
    return f"de {origin} à {value} {unit} entre {START_YEAR} et {reading.year}"


def excess_sentence(culprits: Sequence[tuple[str, float, str]]) -> str:
    """Why the remaining effort exceeds the objective: the acquis is negative because of ``culprits``
    (name, progress in ktCO₂e, ``trend_phrase``)."""
    named = " et de ".join(f"« {name} », {RECEDING} de {formats.kt(-kt)} ({phrase})" for name, kt, phrase in culprits)
    return f"Le reste à engager dépasse l'objectif : l'acquis observé est négatif du fait de {named}."
