"""Plausible ranges: what each quantity of the application may be, declared once for forms and loaders.

A number can be finite and still absurd: a commitment of 1e15 ktCO₂e, −12 vehicles, a share of 120 %.
Each kind of quantity has its range here; the forms (commitments, scenarios, projection) and the
loaders (panorama, observations, indicators, keys, territories, commitments) read a value with its
range, so that it is refused everywhere with the same French message (« la quantité en ktCO₂e doit
être comprise entre 0 et 400 000 (1e15 lu) »). Every range is bounded on both sides: the largest
values accepted, summed over every commitment, lever or commune a page or an export adds up, stay far
from a float's overflow (1.8e308) — no total can become « ∞ ».

Observed values and indicators take the range of their unit (``unit_range``): a share lies between 0
and 100, a change (« évités », « supplémentaires », « par rapport à ») may be negative, a net balance
of emissions in ktCO₂e too (a territory's sinks), any other quantity (vehicles, TWh, hectares…) is a
level, positive or zero.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from domain.numbers import NumberError, optional_number, parse_number, range_problem, written

NATIONAL_KT = 400_000  # France's yearly emissions, about 400 MtCO₂e: no territory avoids more
LARGEST = 1e12  # a million millions: beyond any quantity of a territory in the units used here


@dataclass(frozen=True)
class Range:
    """``what`` names the quantity in a French sentence (« la population »); ``masculine`` agrees with it."""

    what: str
    low: float
    high: float
    whole: bool = False  # an integer: a year, a population, an identifier
    masculine: bool = False

    def problem(self, value: float) -> str | None:
        """The French problem when ``value`` is out of the range (or not whole when it must be), else None."""
        outside = range_problem(value, self.low, self.high, self.what, self.masculine)
        if outside is None and self.whole and not float(value).is_integer():
            return f"{self.what} doit être un nombre entier ({written(value)} lu)"
        return outside

    def read(self, text: str | float | int) -> float:
        """The number ``text`` within the range; NumberError (the French problem) otherwise."""
        value = parse_number(text)
        problem = self.problem(value)
        if problem:
            raise NumberError(problem)
        return value

    def read_optional(self, text: str | float | int | None) -> float | None:
        """``read``, with None for a blank."""
        value = optional_number(text)
        return None if value is None else self.read(value)

    def sql(self, value: str) -> str:
        """The SQL condition that ``value`` (a DOUBLE expression) lies in the range (loaders/indicators.py, for the
        units' ranges, none of which is ``whole``)."""
        return f"{value} BETWEEN {self.low!r} AND {self.high!r}"


# The table of every quantity typed in a form or read from a file.
AVOIDED_KT = Range("la quantité en ktCO₂e", 0, NATIONAL_KT)          # commitment, scenario value, projection
OBJECTIVE_KT = Range("l'objectif en ktCO₂e", 0, NATIONAL_KT, masculine=True)  # SGPE objCO2: avoided emissions
RATIO = Range("le facteur de conversion (unités physiques par ktCO₂e)", -1e6, 1e6, masculine=True)
START_POINT = Range("le point de départ 2019", 0, LARGEST, masculine=True)  # a physical level
PHYSICAL_CHANGE = Range("la quantité physique", -LARGEST, LARGEST)  # a commitment's, in the lever's unit
FUNDING_EUR = Range("le montant du financement (€)", 0, 1e10, masculine=True)  # 10 milliards d'euros
FINANCING_LINES = 50  # a commitment's financing lines, at most: a CRTE's operation has a handful of financers
COST_EUR = Range("le coût total (€)", 0, 1e10, masculine=True)  # a commitment's, like its financing
SPENT_EUR = Range("le montant dépensé (€)", 0, 1e10, masculine=True)  # in one year of a commitment's follow-up
DONE_KT = Range("la quantité réalisée en ktCO₂e", 0, NATIONAL_KT)  # in one year of a commitment's follow-up
BASELINE_YEAR = Range("l'année de référence", 1990, 2030, whole=True)  # a regional objective's
TARGET_CHANGE = Range("l'évolution visée (%)", -100, 1000)  # a regional objective's 2030 target, relative
SHARE_PERCENT = Range("la part du territoire (%)", 0, 100, masculine=False)  # of a shared commitment
COMMITMENT_YEAR = Range("l'année", 2015, 2050, whole=True)
FOLLOW_UP_YEAR = Range("l'année du suivi", 2019, 2050, whole=True)  # from the SGPE's 2019 baseline on
OBSERVED_YEAR = Range("l'année", 1990, 2050, whole=True)
PROCESS_YEAR = Range("l'année", 2023, 2050, whole=True)  # a COP step or meeting: the circular dates from 2023
PROGRAMME_YEAR = Range("l'année d'entrée dans le programme", 2014, 2050, whole=True)
POPULATION = Range("la population", 0, 100_000_000, whole=True)  # a commune's or an EPCI's
KEY_VALUE = Range("une clé de répartition", 0, LARGEST)
IDENTIFIER = Range("le numéro", 1, 2 ** 53, whole=True, masculine=True)  # a commitment's number or version

# Observed values and indicators, by unit.
SHARE = Range("une part (%)", 0, 100)
CHANGE = Range("une variation", -LARGEST, LARGEST)
EMISSIONS_KT = Range("le bilan d'émissions en ktCO₂e", -NATIONAL_KT, NATIONAL_KT, masculine=True)
LEVEL = Range("la valeur", 0, LARGEST)

CHANGE_WORDS = re.compile(r"\b(évité(e)?s?|supplémentaires?|par rapport à|variation|évolution|solde)\b", re.IGNORECASE)
EMISSIONS_UNIT = re.compile(r"^\s*kt\s*co(2|₂)\s*e?\s*$", re.IGNORECASE)


def is_share(unit: str | None) -> bool:
    """A unit that is a percentage: its values lie between 0 and 100."""
    return bool(unit) and ("%" in unit or unit.strip().lower().startswith(("part ", "taux ")))


def unit_range(unit: str | None) -> Range:
    """The range of a value observed in ``unit``: share, change, emissions balance or level."""
    if is_share(unit):
        return SHARE
    if unit and EMISSIONS_UNIT.match(unit):
        return EMISSIONS_KT
    if unit and CHANGE_WORDS.search(unit):
        return CHANGE
    return LEVEL


def contribution_range(unit: str | None) -> Range:
    """The range of what a commitment brings to a regional objective, in its indicator's ``unit``, counted towards
    the objective's 2030 target: positive, at most 100 points for a share."""
    if is_share(unit):
        return Range("la contribution à l'objectif (points de %)", 0, 100)
    return Range("la contribution à l'objectif", 0, LARGEST)
