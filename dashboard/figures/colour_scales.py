"""The colour classes of every map: quantiles or rounded steps, chosen per map, each class labelled.

A linear scale leaves a region pale but for its metropolis; classes of equal counts (quantiles) spread the
colours over the territories, rounded steps (0 %, 0,5 %, 1 %…) read at a glance when the values have a natural
origin (a coverage). Values that are all equal (as shown) get no scale: the map says so instead of colouring.
A territory without a value is hatched (``NO_VALUE``), never a colour of the scale.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd
from plotly.colors import sample_colorscale

from domain.formats import decimal, measure_decimals, number

LIGHTEST, DARKEST = "#E3E3FD", "#000091"  # DSFR bleu France, its 950 tint to itself: the lightest is no white
MIDDLE = "#6A6AF4"
NO_VALUE_LABEL = "sans valeur"
# Hatching, on white: no colour of the scale looks like it (plotly's scatter ``fillpattern``).
NO_VALUE = {"shape": "/", "fgcolor": "#666666", "bgcolor": "#FFFFFF", "size": 7, "solidity": 0.25}
# Dots: the communes in no territory of the level (« Communes hors CRTE »), not a territory, not a value.
OUTSIDE_PATTERN = {"shape": ".", "fgcolor": "#666666", "bgcolor": "#FFFFFF", "size": 6, "solidity": 0.3}
EQUAL_FILL = "#CACAFB"  # every territory alike: one plain colour, and the map says why
QUANTILES, STEPS, CATEGORIES = "quantiles", "paliers", "catégories"
MOST_CLASSES = 6
NICE_STEPS = (1.0, 2.0, 2.5, 5.0)


@dataclass(frozen=True)
class ColourScale:
    """Classes ``[bounds[i], bounds[i + 1]]``, each with its colour; ``ticks``: each bound as written."""

    method: str
    bounds: list[float]
    colours: list[str]
    ticks: list[str]  # each bound as written; for categories, each class's name

    @property
    def labels(self) -> list[str]:
        """``1,2 à 3,4`` for each class."""
        return [f"{low} à {high}" for low, high in zip(self.ticks, self.ticks[1:])]

    def colour_of(self, value) -> str | None:
        """The colour of the class holding ``value`` (a value beyond the ends goes to the nearest class); None
        without a value."""
        if value is None or pd.isna(value):
            return None
        index = int(np.searchsorted(self.bounds, float(value), side="right")) - 1
        return self.colours[min(max(index, 0), len(self.colours) - 1)]

    @property
    def categorical(self) -> bool:
        return self.method == CATEGORIES

    def describe(self) -> str:
        """What the classes are, for a caption."""
        if self.categorical:
            return "du plus clair au plus foncé : " + ", ".join(self.ticks)
        if self.method == QUANTILES:
            return (f"{len(self.colours)} classes d'effectifs égaux (quantiles), de {self.ticks[0]} à "
                    f"{self.ticks[-1]}")
        return f"paliers de {self.ticks[1]} de {self.ticks[0]} à {self.ticks[-1]}, ajustés aux valeurs"


def bound_text(value: float) -> str:
    """A class bound as a tick: the decimals of ``formats.measure`` without trailing zeros (« 2,3 », « 1 000 »)."""
    return decimal(value, measure_decimals(value))


def colours_for(count: int) -> list[str]:
    """``count`` colours from light to dark bleu France."""
    if count == 1:
        return [MIDDLE]
    return sample_colorscale([[0.0, LIGHTEST], [0.55, MIDDLE], [1.0, DARKEST]],
                             [index / (count - 1) for index in range(count)], colortype="rgb")


def equal_value(values: pd.Series, tick: Callable[[float], str] = bound_text) -> float | None:
    """The value every territory has when they all show the same (``tick``), else None."""
    known = values.dropna().astype(float)
    if known.empty or tick(known.min()) != tick(known.max()):
        return None
    return float(known.iloc[0])


def quantile_scale(values: pd.Series, classes: int = 5,
                   tick: Callable[[float], str] = bound_text) -> ColourScale | None:
    """Classes of equal counts; bounds that would read the same are merged. None when the values are equal."""
    known = values.dropna().astype(float)
    if known.empty:
        return None
    bounds = _distinct(np.quantile(known, np.linspace(0, 1, classes + 1)).tolist(), tick)
    if len(bounds) < 2:
        return None
    return ColourScale(QUANTILES, bounds, colours_for(len(bounds) - 1), [tick(b) for b in bounds])


def stepped_scale(values: pd.Series, origin: float = 0.0, suffix: str = "") -> ColourScale | None:
    """Rounded steps (1, 2, 2,5 or 5 times a power of ten) from ``origin`` to just above the largest value, at
    most ``MOST_CLASSES``, written with the step's decimals and ``suffix`` (« 0,5 % »). None when the values are
    equal."""
    known = values.dropna().astype(float)
    if known.empty or equal_value(known) is not None:
        return None
    low, high = min(origin, known.min()), known.max()
    step = nice_step((high - low) / MOST_CLASSES)
    start = math.floor(low / step) * step
    count = max(1, math.ceil(round((high - start) / step, 9)))
    bounds = [start + index * step for index in range(count + 1)]
    return ColourScale(STEPS, bounds, colours_for(count), [number(b, _decimals(step)) + suffix for b in bounds])


def _decimals(step: float) -> int:
    """The decimals a rounded step needs: 0 for 5, 1 for 0,5, 2 for 0,25."""
    return next(d for d in range(10) if abs(step * 10 ** d - round(step * 10 ** d)) < 1e-9)


def nice_step(at_least: float) -> float:
    """The smallest of 1, 2, 2,5 and 5 times a power of ten that is at least ``at_least``."""
    power = 10.0 ** math.floor(math.log10(at_least))
    return next(power * factor for factor in (*NICE_STEPS, 10.0) if power * factor >= at_least * (1 - 1e-9))


def _distinct(bounds: list[float], tick: Callable[[float], str]) -> list[float]:
    kept: list[float] = []
    for bound in bounds:
        if not kept or tick(bound) != tick(kept[-1]):
            kept.append(bound)
        else:
            kept[-1] = bound  # the upper one, so that the largest value stays inside
    return kept


def category_scale(names: list[str]) -> ColourScale:
    """One class per name, for the values 0, 1, 2…, from light to dark: an order (the COP's steps), not amounts."""
    return ColourScale(CATEGORIES, [float(index) for index in range(len(names) + 1)], colours_for(len(names)),
                       list(names))
