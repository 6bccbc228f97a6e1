"""``domain.numbers`` in DuckDB SQL, generated from its constants: a file's numbers checked and read in the database
(loaders/indicators.py) are blank, not numbers, not finite, or a value, exactly as ``optional_number`` reads them in
Python for the forms and the other loaders (tests/test_sql_numbers.py compares the two on random texts).

Each function takes a SQL expression of text and returns a SQL expression.
"""

from __future__ import annotations

from domain.numbers import MINUS, NUMBER, SPACE_CHARACTERS


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def cleaned(text: str) -> str:
    """``text`` without its spaces, « − » read as a minus. A text that is already a plain number is left as it is:
    removing the 29 space characters from every value (``translate``) would take five times as long."""
    return (f"CASE WHEN regexp_full_match({text}, {_literal(NUMBER.pattern)}) THEN {text} "
            f"ELSE translate({text}, {_literal(MINUS + SPACE_CHARACTERS)}, '-') END")


def blank(text: str) -> str:
    """Whether ``text`` is NULL, empty or spaces only: a missing value (``optional_number``'s None)."""
    return f"coalesce({cleaned(text)} = '', true)"


def not_a_number(text: str) -> str:
    """Whether ``text``, not blank, is not a number (``parse_number``'s « n'est pas un nombre »)."""
    number = cleaned(text)
    return (f"NOT (regexp_full_match({number}, {_literal(NUMBER.pattern)}) "
            f"AND NOT ({number} LIKE '%,%' AND {number} LIKE '%.%'))")


def value(text: str) -> str:
    """The number that ``text``, a number, stands for (``parse_number``'s value; ±inf when it is not finite)."""
    return f"try_cast(replace({cleaned(text)}, ',', '.') AS DOUBLE)"
