"""French number and date formats (``1 234,5 ktCO₂e``, ``12 %``, ``22 novembre 2026``).

Instants are kept in UTC without a zone (``domain/clock.py``) and shown in French local time (``PARIS``),
summer or winter time as it was at that instant.
"""

from __future__ import annotations

import functools
import math
from datetime import UTC, date, datetime
from decimal import ROUND_HALF_UP, Decimal, localcontext
from zoneinfo import ZoneInfo

import pandas as pd
from babel import Locale
from babel.dates import format_date, format_datetime
from babel.numbers import NumberPattern, parse_pattern

LOCALE = "fr_FR"
NOT_AVAILABLE = "n.d."
PARIS = ZoneInfo("Europe/Paris")
MINUS = "\u2212"  # the typographic minus sign, the same as plotly's in the charts


def _missing(value) -> bool:
    return value is None or bool(pd.isna(value))


_FRENCH = Locale.parse(LOCALE)


@functools.cache
def _pattern(pattern: str) -> NumberPattern:
    return parse_pattern(pattern)


def _half_up(value, pattern: str) -> str:
    """Babel's formatting (``format_decimal``, or ``format_percent`` for a pattern in %) rounded half up (0,25 →
    0,3), as French figures are rounded, with the minus sign. The pattern is parsed once: a page writes hundreds of
    numbers."""
    with localcontext(rounding=ROUND_HALF_UP):
        return _pattern(pattern).apply(value, _FRENCH).replace("-", MINUS)


def _fixed(value, decimals: int, percent: bool = False) -> str:
    """``value`` (× 100 for a ``percent``) with exactly ``decimals`` decimals: what ``_half_up`` writes with the
    pattern ``#,##0.0…`` (`` %`` after a percentage), by Python's decimal formatting, eight times faster — a page
    writes thousands of numbers (tests/test_formats.py compares the two)."""
    suffix = "\u00a0%" if percent else ""
    exact = Decimal(str(value)).scaleb(2 if percent else 0)
    if not exact.is_finite():
        return _half_up(value, "#,##0" + ("." + "0" * decimals if decimals else "") + suffix)
    rounded = exact.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return f"{rounded:,f}".translate(_FRENCH_MARKS) + suffix


_FRENCH_MARKS = str.maketrans({",": "\u202f", ".": ",", "-": MINUS})  # Babel's French thousands and decimal marks


def number(value: float | None, decimals: int = 1) -> str:
    if _missing(value):
        return NOT_AVAILABLE
    return _fixed(value, decimals)


def count(value: int | None) -> str:
    """A count, its thousands apart: ``1 202 communes``."""
    return number(value, 0)


def noun(value: int, singular: str, plural: str | None = None) -> str:
    """The noun that goes with ``value`` things: the singular below two (« 0 engagement, 1 engagement »), else the
    plural (``singular`` + s unless given)."""
    return singular if abs(value) < 2 else plural or f"{singular}s"


def counted(value: int, singular: str, plural: str | None = None) -> str:
    """A count and its noun: « 1 engagement », « 3 engagements », « 1 202 lignes »."""
    return f"{count(value)} {noun(value, singular, plural)}"


def agreed(value: int, participle: str, feminine: bool = False) -> str:
    """A count and the past participle agreeing with it: « 1 ajouté », « 3 modifiées » (``feminine``), « 0 refusé »."""
    return counted(value, participle + "e" * feminine)


def capitalised(text: str) -> str:
    """``text`` with its first letter capitalised (« cohésion territoriale » → « Cohésion territoriale »)."""
    return text[:1].upper() + text[1:]


def editable(value: float | None, most: int | None = None) -> str:
    """A number as a form's field shows it for editing, read back the same by ``domain.numbers.parse_number``: a
    decimal comma, no thousands separator, at most ``most`` decimals — by default as many as keep ten significant
    digits (``1234567,891``, ``0,000123``); blank when missing."""
    if _missing(value):
        return ""
    if most is None:
        most = min(20, max(0, 9 - math.floor(math.log10(abs(value))))) if value else 0
    return _half_up(value, "0." + "#" * most if most else "0")


def decimal(value: float | None, most: int = 3) -> str:
    """``5,5``, ``4``, ``1 467,278``: at most ``most`` decimals, none written when there are none."""
    if _missing(value):
        return NOT_AVAILABLE
    return _half_up(value, "#,##0." + "#" * most)


def measure_decimals(value: float | None) -> int:
    """The decimals a measured quantity is shown with: none from 1 000, one from 10, two from 1, and below 1 as
    many as two significant digits need (0,19; 0,0042), six at most."""
    size = 0.0 if _missing(value) else abs(float(value))
    if size >= 1000:
        return 0
    if size >= 10:
        return 1
    if size >= 1:
        return 2
    if size == 0:
        return 0
    return min(6, 1 - math.floor(math.log10(size)))


def measure(value: float | None) -> str:
    """A measured quantity at ``measure_decimals``: ``1 234``, ``12,3``, ``2,76``, ``0,019``."""
    return number(value, measure_decimals(value))


def kt(value: float | None, decimals: int = 1) -> str:
    """``1 234,5 ktCO₂e``."""
    text = number(value, decimals)
    return text if text == NOT_AVAILABLE else f"{text}\u00a0ktCO₂e"


SHARE_DECIMALS = 1  # a computed share, in a table's « percent » column or a key figure of the same figure


def share(value: float | None) -> str:
    """A computed share as tables show it, ``31,2 %`` (``percent`` with ``SHARE_DECIMALS``)."""
    return percent(value, SHARE_DECIMALS)


def percent(share: float | None, decimals: int = 0) -> str:
    """A share (0.12) as ``12 %``. Below 1 % a decimal is shown (0.0025: ``0,3 %``), and a share that is not zero
    is never written as zero (0.0004: ``< 0,1 %``)."""
    if _missing(share):
        return NOT_AVAILABLE
    share = float(share) or 0.0  # not « −0 % »
    if 0 < abs(share) < 0.01:
        decimals = max(decimals, 1)
    step = 10.0 ** -decimals
    if 0 < abs(share) * 100 < step / 2:
        return ("< " if share > 0 else f"> {MINUS}") + _percent_text(step / 100, decimals)
    return _percent_text(share, decimals)


def _percent_text(share: float, decimals: int) -> str:
    return _fixed(share, decimals, percent=True)


def size(size_bytes: int) -> str:
    """A file's weight: « 419,4 Mo », « 15,2 ko », « 512 octets » (1 Mo = 1 000 000 octets, as the limits count)."""
    if size_bytes >= 1_000_000:
        return f"{number(size_bytes / 1e6, 1)}\u00a0Mo"
    if size_bytes >= 1_000:
        return f"{number(size_bytes / 1e3, 1)}\u00a0ko"
    return f"{count(size_bytes)}\u00a0octet" + ("s" if size_bytes >= 2 else "")


def day(value: date | datetime) -> str:
    """``22 novembre 2026``, ``1er octobre 2026``; an instant's day in Paris."""
    if isinstance(value, datetime):
        value = local(value)
    return f"{_day_number(value.day)} {format_date(value, format='MMMM y', locale=LOCALE)}"


def moment(value: datetime) -> str:
    """``22 novembre 2026 à 14:03``, ``1er octobre 2026 à 09:00``, in Paris time."""
    rest = format_datetime(value, format="MMMM y 'à' HH:mm", locale=LOCALE, tzinfo=PARIS)
    return f"{_day_number(local(value).day)} {rest}"


def _day_number(number: int) -> str:
    """The day of a written date: « 1er » for the first of the month (the French ordinal), « 2 », « 22 » otherwise."""
    return "1er" if number == 1 else str(number)


def span(start: datetime, end: datetime) -> str:
    """``12 mars 2027, 14:00 – 16:30``: a meeting's day and hours, in Paris time (instants without a zone are UTC)."""
    start, end = local(pd.Timestamp(start).to_pydatetime()), local(pd.Timestamp(end).to_pydatetime())
    return f"{day(start.date())}, {start:%H:%M} – {end:%H:%M}"


def short_moment(value: datetime) -> str:
    """``22/11/2026 14:03``, in Paris time (without a zone the instant is UTC, as the database keeps it)."""
    return local(pd.Timestamp(value).to_pydatetime()).strftime("%d/%m/%Y %H:%M")


def short_moments(values: pd.Series) -> pd.Series:
    """``22/11/2026 14:03`` for each instant of a column (a grid's), in Paris time."""
    return local_times(values).dt.strftime("%d/%m/%Y %H:%M")


def local_times(values: pd.Series) -> pd.Series:
    """Each instant of a column in Paris time, without a zone (a spreadsheet's cells have none)."""
    return pd.to_datetime(values).dt.tz_localize("UTC").dt.tz_convert(PARIS).dt.tz_localize(None)


def local(value: datetime) -> datetime:
    """An instant in Paris time; without a zone it is UTC, as the database keeps it."""
    return (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(PARIS)
