"""French number and date formats (``1 234,5 ktCO₂e``, ``12 %``, ``22 novembre 2026``).

Instants are kept in UTC without a zone (``domain/clock.py``) and shown in French local time (``PARIS``),
summer or winter time as it was at that instant.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pandas as pd
from babel.dates import format_date, format_datetime
from babel.numbers import format_decimal, format_percent

LOCALE = "fr_FR"
NOT_AVAILABLE = "n.d."
PARIS = ZoneInfo("Europe/Paris")
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
    """``22 novembre 2026``; an instant's day in Paris."""
    if isinstance(value, datetime):
        value = local(value)
    return format_date(value, format="d MMMM y", locale=LOCALE)


def moment(value: datetime) -> str:
    """``22 novembre 2026 à 14:03``, in Paris time."""
    return format_datetime(value, format="d MMMM y 'à' HH:mm", locale=LOCALE, tzinfo=PARIS)


def short_moments(values: pd.Series) -> pd.Series:
    """``22/11/2026 14:03`` for each instant of a column (a grid's), in Paris time."""
    return local_times(values).dt.strftime("%d/%m/%Y %H:%M")


def local_times(values: pd.Series) -> pd.Series:
    """Each instant of a column in Paris time, without a zone (a spreadsheet's cells have none)."""
    return pd.to_datetime(values).dt.tz_localize("UTC").dt.tz_convert(PARIS).dt.tz_localize(None)


def local(value: datetime) -> datetime:
    """An instant in Paris time; without a zone it is UTC, as the database keeps it."""
    return (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(PARIS)
