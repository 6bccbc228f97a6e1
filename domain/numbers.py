"""Numbers as users and source files write them, French or English notation: the one parser.

Every loader and every form reads numbers here, so that a value accepted (or refused) in one place
is accepted (or refused) everywhere with the same French message. Infinities and NaN never get
in, whether typed, written as ``1e999``, or already a float (JSON's ``Infinity``, a spreadsheet cell).
"""

from __future__ import annotations

import math
import re
from numbers import Real

NUMBER = re.compile(r"[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?")
# Thousands separators: spaces of every width, no-break and narrow no-break included.
SPACES = re.compile(r"[\s\u00a0\u202f\u2009]")
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


def range_problem(value: float, low: float | None = None, high: float | None = None, what: str = "la valeur") -> str | None:
    """The French problem when ``value`` lies outside [low, high] (None: no bound), else None."""
    if low is not None and high is not None and not low <= value <= high:
        return f"{what} doit être comprise entre {_bound(low)} et {_bound(high)} ({_bound(value)} lu)"
    if low is not None and value < low:
        return f"{what} doit être supérieure ou égale à {_bound(low)} ({_bound(value)} lu)"
    if high is not None and value > high:
        return f"{what} doit être inférieure ou égale à {_bound(high)} ({_bound(value)} lu)"
    return None


def _bound(value: float) -> str:
    return f"{value:g}".replace(".", ",").replace("-", MINUS)


def is_share(unit: str | None) -> bool:
    """A unit that is a percentage: its values lie between 0 and 100."""
    return bool(unit) and ("%" in unit or unit.strip().lower().startswith(("part ", "taux ")))
