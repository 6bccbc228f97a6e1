"""Values as people type them in a form or a spreadsheet holds them: blank or not, a text, a choice in a list.

The commitment's fields and its repeated groups (territories, contributions, financing lines, follow-up) and the
regional objectives read their cells here, so that a blank, a code typed as a number or a word written without
its accent is read the same way everywhere.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from typing import TypeVar

from domain.headers import normalize_header
from domain.numbers import NumberError, parse_number
from domain.ranges import Range

T = TypeVar("T")
Problem = tuple[str, str]  # (the column's key, the French problem)


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


def rows(entries: Iterable[dict], columns: dict[str, str], read: Callable[[dict, list[T]], tuple[T, Problem | None]],
         unnamed: str | None = "ligne {number}") -> tuple[list[T], str | None]:
    """A repeated group's rows (a commitment's territories, contributions, financing lines): what ``read(entry,
    read_so_far)`` gives for each entry not blank in every ``columns`` key, in order, and None; or (what was read
    before, the first problem). A problem reads « <where>, <column's label> : <problem> »: ``where`` is the entry's
    own, else ``unnamed`` with its number; with neither, the problem alone."""
    found: list[T] = []
    for number, entry in enumerate(entries, start=1):
        if all(blank(entry.get(key)) for key in columns):
            continue
        value, problem = read(entry, found)
        if problem:
            column, said = problem
            where = entry.get("where") or (unnamed and unnamed.format(number=number))
            return found, f"{where}, {columns[column]} : {said}" if where else said
        found.append(value)
    return found, None
