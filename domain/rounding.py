"""Rounding parts so that the displayed parts add up exactly to the displayed whole."""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, Decimal

import numpy as np


def round_half_even(value: float, decimals: int) -> Decimal:
    """The value as the French number formats show it (``domain.formats`` rounds half to even)."""
    return Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_EVEN)


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
    target = int(round_half_even(whole, decimals).scaleb(decimals))
    missing = target - int(floors.sum())
    order = np.argsort(floors - scaled, kind="stable")  # largest fractional part first
    base, extra = divmod(missing, values.size)
    rounded = floors + base
    rounded[order[:extra]] += 1
    return rounded / scale
