"""Values as people type them in a form or a spreadsheet holds them: blank or not, a text, a choice in a list.

The commitment's fields and its repeated groups (territories, contributions, financing lines, follow-up) and the
regional objectives read their cells here, so that a blank, a code typed as a number or a word written without
its accent is read the same way everywhere.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from domain.headers import normalize_header
from domain.numbers import NumberError, parse_number
from domain.ranges import Range


def blank(value) -> bool:
    """None, a NaN cell, an empty text or spaces only."""
    return value is None or (isinstance(value, float) and math.isnan(value)) or (
        isinstance(value, str) and not value.strip())


def text(value) -> str | None:
    """The text of a cell, trimmed; None when blank. A code typed as a number in a spreadsheet (29.0) is « 29 »."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return None if blank(value) else str(value).strip()


def choice(value, options: Iterable[str]) -> tuple[str | None, str | None]:
    """(the option ``value`` names, None) whatever its case and accents, or (None, the French problem); (None, None)
    when blank."""
    written = text(value)
    if written is None:
        return None, None
    options = list(options)
    found = {normalize_header(option): option for option in options}.get(normalize_header(written))
    if found is None:
        return None, f"« {written} » inconnu : {', '.join(options)}."
    return found, None


def year(value, within: Range) -> tuple[int | None, str | None]:
    """(the whole year ``value`` names, None), or (None, the French problem); (None, None) when blank."""
    if blank(value):
        return None, None
    try:
        number = parse_number(value)
    except NumberError:
        return None, f"« {value} » n'est pas une année."
    if within.problem(number):
        return None, f"« {value} » : année entière entre {within.low} et {within.high} attendue."
    return int(number), None


def number(value, within: Range) -> tuple[float | None, str | None]:
    """(the number ``value`` names within its range, None), or (None, the French problem); (None, None) when
    blank."""
    try:
        return within.read_optional(value), None
    except NumberError as error:
        return None, f"{error}."
