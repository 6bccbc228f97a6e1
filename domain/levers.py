"""Lever arithmetic of the SGPE panorama (see PRODUCT.md).

A lever's objective ``obj_co2`` is in ktCO2e avoided in 2030 vs 2019; ``ratio`` converts
ktCO2e into the physical unit (negative when the quantity must fall); ``start_2019`` is the
physical starting point; ``relative`` says whether the physical value is a level (true) or
a change (false).
"""

from __future__ import annotations

START_YEAR, TARGET_YEAR = 2019, 2030


def physical_target(obj_co2: float, ratio: float, start_2019: float | None, relative: bool) -> float:
    """The physical value in 2030: a level when ``relative``, else a change."""
    if relative:
        return (start_2019 or 0.0) + obj_co2 * ratio
    return obj_co2 * ratio


def progress_kt(observed: float, start_2019: float, ratio: float) -> float:
    """ktCO2e already avoided, from an observed physical value."""
    if ratio == 0:
        raise ValueError("Ce levier n'a pas de traduction physique : sa progression ne peut pas être calculée.")
    return (observed - start_2019) / ratio


def expected_share(year: int) -> float:
    """Share of the objective expected on the linear 2019 → 2030 path in ``year``."""
    return (year - START_YEAR) / (TARGET_YEAR - START_YEAR)


def gap_kt(obj_co2: float, observed: float, year: int, start_2019: float, ratio: float) -> float:
    """Expected progress minus observed progress in ``year`` (positive: behind the path)."""
    return obj_co2 * expected_share(year) - progress_kt(observed, start_2019, ratio)


def kt_from_physical(value: float, ratio: float, start_2019: float | None, relative: bool) -> float:
    """The ktCO2e objective whose physical translation is ``value`` (inverse of ``physical_target``)."""
    if ratio == 0:
        raise ValueError("Ce levier n'a pas de traduction physique : sa valeur ne peut pas être convertie.")
    return (value - (start_2019 or 0.0) if relative else value) / ratio
