"""The numbers of a file read in DuckDB (loaders/sql_numbers.py) are read as ``domain.numbers`` reads them in Python:
the same texts are blank, refused or read as the same value, and the same values lie in each plausible range."""

from __future__ import annotations

import sys

import duckdb
import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain import ranges
from domain.numbers import MINUS, NUMBER, SPACE_CHARACTERS, NumberError, optional_number
from loaders import sql_numbers

SQL = duckdb.connect()


def read_in_python(text: str):
    """None (blank), "refusé", or the value."""
    try:
        return optional_number(text)
    except NumberError:
        return "refusé"


def read_in_sql(text: str):
    blank, not_a_number, value = SQL.execute(
        f"SELECT {sql_numbers.blank('t')}, {sql_numbers.not_a_number('t')}, {sql_numbers.value('t')} "
        "FROM (SELECT ?::VARCHAR AS t)", [text]).fetchone()
    if blank:
        return None
    return "refusé" if not_a_number or value in (float("inf"), float("-inf")) else value


@st.composite
def written_numbers(draw) -> str:
    """A number as a file may write it: digits, comma or point, exponent, « − », spaces of any kind anywhere."""
    characters = list(draw(st.from_regex(NUMBER, fullmatch=True)))
    if characters and characters[0] == "-" and draw(st.booleans()):
        characters[0] = MINUS
    for _ in range(draw(st.integers(0, 3))):
        characters.insert(draw(st.integers(0, len(characters))), draw(st.sampled_from(SPACE_CHARACTERS)))
    return "".join(characters)


def test_every_space_character_is_a_thousands_separator():
    assert set(SPACE_CHARACTERS) == {c for c in map(chr, range(sys.maxunicode + 1)) if c.isspace()}


TEXTS = ["1 234,5", "1\u00a0234,5", "1\u202f234", "1\u2007234", "12\t", "12\n", "12\r", "\t", " ", "", "\x1c12",
         "1\u3000000", "−3", "+.5e-3", "5.", ",5", "1,2.3", "1e999", "-1e999", "inf", "nan", "١٢٣", "1_000", "0x10",
         "1" + "0" * 400, "0." + "0" * 400 + "1"]


@pytest.mark.parametrize("text", TEXTS)
def test_these_texts_are_read_alike_in_python_and_in_duckdb(text):
    assert read_in_sql(text) == read_in_python(text)


@given(st.one_of(st.text(), written_numbers(), st.floats().map(repr),
                 st.floats().map(lambda value: repr(value).replace(".", ","))))
def test_any_text_is_read_alike_in_python_and_in_duckdb(text):
    assert read_in_sql(text) == read_in_python(text)


PLAUSIBLE = [value for value in vars(ranges).values() if isinstance(value, ranges.Range) and not value.whole]


@pytest.mark.parametrize("plausible", PLAUSIBLE, ids=[p.what for p in PLAUSIBLE])
@given(value=st.floats(allow_nan=False, allow_infinity=False))
def test_a_value_lies_in_a_plausible_range_alike_in_python_and_in_duckdb(plausible, value):
    for shown in (value, plausible.low, plausible.high, plausible.low - abs(plausible.low) * 1e-15 - 1e-300,
                  plausible.high + abs(plausible.high) * 1e-15 + 1e-300):
        inside, = SQL.execute(f"SELECT {plausible.sql('?::DOUBLE')}", [shown]).fetchone()
        assert inside == (plausible.problem(shown) is None), shown
