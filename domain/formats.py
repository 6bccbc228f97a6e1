"""French number and date formats (``1 234,5 ktCO₂e``, ``12 %``, ``22 novembre 2026``)."""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd
from babel.dates import format_date, format_datetime
from babel.numbers import format_decimal, format_percent

LOCALE = "fr_FR"
NOT_AVAILABLE = "n.d."
MINUS = "\u2212"  # the typographic minus sign, the same as plotly's in the charts


def _missing(value) -> bool:
    return value is None or bool(pd.isna(value))


def number(value: float | None, decimals: int = 1) -> str:
    if _missing(value):
        return NOT_AVAILABLE
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(value, format=pattern, locale=LOCALE).replace("-", MINUS)


def decimal(value: float | None, most: int = 3) -> str:
    """``5,5``, ``4``, ``1 467,278``: at most ``most`` decimals, none written when there are none."""
    if _missing(value):
        return NOT_AVAILABLE
    return format_decimal(value, format="#,##0." + "#" * most, locale=LOCALE).replace("-", MINUS)


def kt(value: float | None, decimals: int = 1) -> str:
    """``1 234,5 ktCO₂e``."""
    text = number(value, decimals)
    return text if text == NOT_AVAILABLE else f"{text}\u00a0ktCO₂e"


def percent(share: float | None, decimals: int = 0) -> str:
    """A share (0.12) as ``12 %``."""
    if _missing(share):
        return NOT_AVAILABLE
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "") + "\u00a0%"
    return format_percent(share, format=pattern, locale=LOCALE).replace("-", MINUS)


def day(value: date | datetime) -> str:
    """``22 novembre 2026``."""
    return format_date(value, format="d MMMM y", locale=LOCALE)


def moment(value: datetime) -> str:
    """``22 novembre 2026 à 14:03``."""
    return format_datetime(value, format="d MMMM y 'à' HH:mm", locale=LOCALE)
