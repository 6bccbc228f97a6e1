"""Numbers as users and source files write them, French or English notation: the one parser.

Every loader and every form reads numbers here, so that a value accepted (or refused) in one place
is accepted (or refused) everywhere with the same French message. Infinities and NaN never get
in, whether typed, written as ``1e999``, or already a float (JSON's ``Infinity``, a spreadsheet cell).
Digits are ASCII only: « ١٢٣ » (Arabic-Indic digits), which Python's ``float`` would read as 123, is not a
number here. What range a number may take is ``domain.ranges``'s.
"""

from __future__ import annotations

import math
import re
from numbers import Real

from babel.numbers import format_decimal

# ASCII digits only ([0-9], not \d, which matches every script's digits). loaders/sql_numbers.py reads numbers in
# DuckDB with the same pattern and the same spaces.
NUMBER = re.compile(r"[+-]?([0-9]+([.,][0-9]*)?|[.,][0-9]+)([eE][+-]?[0-9]+)?")
# Thousands separators, dropped wherever they stand: every space character (``str.isspace``: of every width, no-break
# and narrow no-break, tabs and line breaks), none of which lies beyond U+3000.
SPACE_CHARACTERS = "".join(character for character in map(chr, range(0x3001)) if character.isspace())
SPACES = re.compile(f"[{re.escape(SPACE_CHARACTERS)}]")
MINUS = "\u2212"  # « − », the typographic minus sign


class NumberError(ValueError):
    """A text that is not a finite number; ``str(error)`` is the French problem."""


def parse_number(text: str | float | int) -> float:
    """``"1 234,5"``, ``"1234.5"``, ``"-3"``, ``"−3"``, ``"1,5e-3"`` → a finite float; NumberError otherwise."""
    if isinstance(text, bool):
        raise NumberError(f"« {text} » n'est pas un nombre")
    if isinstance(text, Real):
        return finite(float(text), text)
    cleaned = SPACES.sub("", str(text)).replace(MINUS, "-")
    if ("," in cleaned and "." in cleaned) or not NUMBER.fullmatch(cleaned):
        if _spelled_infinite(cleaned):
            raise NumberError(_not_finite(text))
        raise NumberError(f"« {str(text).strip()} » n'est pas un nombre")
    return finite(float(cleaned.replace(",", ".")), text)


def optional_number(text: str | float | int | None) -> float | None:
    """``parse_number``, with None for a blank (None, NaN cell, empty or spaces only)."""
    if text is None or (isinstance(text, Real) and math.isnan(text)):
        return None
    if isinstance(text, str) and not SPACES.sub("", text):
        return None
    return parse_number(text)


def finite(value: float, text: object) -> float:
    """``value`` when finite; NumberError naming ``text`` (as written) otherwise."""
    if not math.isfinite(value):
        raise NumberError(_not_finite(text))
    return value


def _not_finite(text: object) -> str:
    return f"« {str(text).strip()} » n'est pas un nombre fini"


def _spelled_infinite(cleaned: str) -> bool:
    try:
        return not math.isfinite(float(cleaned))
    except ValueError:
        return False


def range_problem(value: float, low: float | None = None, high: float | None = None, what: str = "la valeur",
                  masculine: bool = False) -> str | None:
    """The French problem when ``value`` lies outside [low, high] (None: no bound), else None; ``masculine``
    agrees the sentence with ``what`` (« le montant doit être compris… »)."""
    ending = "" if masculine else "e"
    if low is not None and high is not None and not low <= value <= high:
        return f"{what} doit être compris{ending} entre {written(low)} et {written(high)} ({written(value)} lu)"
    if low is not None and value < low:
        return f"{what} doit être supérieur{ending} ou égal{ending} à {written(low)} ({written(value)} lu)"
    if high is not None and value > high:
        return f"{what} doit être inférieur{ending} ou égal{ending} à {written(high)} ({written(value)} lu)"
    return None


def written(value: float) -> str:
    """A bound or a value read, in French: ``2050``, ``−0,5``, ``400 000``, ``1,79e308``."""
    if not math.isfinite(value):  # a value computed from others (a quantity converted), never one read
        return "∞" if value > 0 else f"{MINUS}∞"
    if value != 0 and not 1e-6 <= abs(value) < 1e15:
        mantissa, _, exponent = f"{value:.6g}".partition("e")
        text = f"{mantissa.replace('.', ',')}e{int(exponent)}"
    else:
        text = format_decimal(value, format="#,##0.######" if abs(value) >= 10_000 else "0.######", locale="fr_FR")
    return text.replace("-", MINUS)
