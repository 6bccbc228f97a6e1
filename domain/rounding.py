"""Rounding parts so that the displayed parts add up exactly to the displayed whole."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import numpy as np


def round_as_shown(value: float, decimals: int) -> Decimal:
    """The value as the French number formats show it (``domain.formats`` rounds half up)."""
    return Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def significant(value: float, digits: int) -> float:
    """``value`` kept to ``digits`` significant digits (12,3456 to 4: 12,35): a quantity computed from another,
    without the digits the computation invents."""
    if value == 0 or not np.isfinite(value):
        return value
    return float(Decimal(repr(float(value))).quantize(
        Decimal(1).scaleb(int(np.floor(np.log10(abs(value)))) - digits + 1), rounding=ROUND_HALF_UP))


def largest_remainder(values, decimals: int = 1, total: float | None = None) -> np.ndarray:
    """Round ``values`` to ``decimals`` so that they add up to ``total`` rounded the same way.

    Largest-remainder method: every value is rounded down, then the units still missing go to
    the values that lost the most (or, when the rounded total is below, are taken from those
    that lost the least). ``total`` defaults to the sum of ``values``.
    """
    values = np.asarray(values, dtype=float)
    if values.size == 0:
        return values
    scale = 10 ** decimals
    scaled = values * scale
    floors = np.floor(scaled)
    whole = values.sum() if total is None else total
    target = int(round_as_shown(whole, decimals).scaleb(decimals))
    missing = target - int(floors.sum())
    order = np.argsort(floors - scaled, kind="stable")  # largest fractional part first
    base, extra = divmod(missing, values.size)
    rounded = floors + base
    rounded[order[:extra]] += 1
    return rounded / scale
