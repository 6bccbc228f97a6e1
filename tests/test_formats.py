"""Instants: kept in UTC without a zone whatever the server's time zone, shown in French local time (Paris),
summer time or winter time as it was at that instant."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pandas as pd
import pytest

from domain import formats

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("stored, shown", [
    (datetime(2026, 11, 28, 3, 12), "28 novembre 2026 à 04:12"),  # winter: UTC+1
    (datetime(2026, 7, 14, 10, 0), "14 juillet 2026 à 12:00"),  # summer: UTC+2
    (datetime(2026, 3, 29, 0, 59), "29 mars 2026 à 01:59"),  # the last minute of winter time…
    (datetime(2026, 3, 29, 1, 0), "29 mars 2026 à 03:00"),  # …then 02:00 does not exist
    (datetime(2026, 10, 25, 0, 30), "25 octobre 2026 à 02:30"),  # 02:30 summer time…
    (datetime(2026, 10, 25, 1, 30), "25 octobre 2026 à 02:30"),  # …and an hour later, 02:30 winter time
    (datetime(2026, 12, 31, 23, 30), "1er janvier 2027 à 00:30"),  # already the next day in Paris, the first
    (datetime(2026, 9, 30, 22, 0), "1er octobre 2026 à 00:00"),  # summer: UTC+2
    (datetime(2026, 10, 1, 22, 30), "2 octobre 2026 à 00:30"),  # the first in UTC, the second in Paris
    (pd.Timestamp("2026-07-14 10:00"), "14 juillet 2026 à 12:00"),  # as pandas reads a TIMESTAMP column
    (datetime(2026, 7, 14, 6, 0, tzinfo=timezone(timedelta(hours=-4))), "14 juillet 2026 à 12:00"),  # zoned
])
def test_an_instant_is_shown_in_paris_time(stored, shown):
    assert formats.moment(stored) == shown


def test_an_instant_s_day_is_its_day_in_paris_and_a_date_stays_as_it_is():
    assert formats.day(datetime(2026, 12, 31, 23, 30)) == "1er janvier 2027"  # the first of the month: « 1er »
    assert formats.day(date(2026, 10, 1)) == "1er octobre 2026" and formats.day(date(2026, 10, 11)) == "11 octobre 2026"
    assert formats.day(date(2026, 10, 21)) == "21 octobre 2026"
    assert formats.day(datetime(2026, 12, 31, 22, 59)) == "31 décembre 2026"
    assert formats.day(datetime(2026, 12, 31).date()) == "31 décembre 2026"


def test_a_grid_column_of_instants_is_shown_in_paris_time():
    stored = pd.Series(pd.to_datetime(["2026-01-15 08:00", "2026-08-15 08:00", None]))
    assert formats.short_moments(stored).tolist()[:2] == ["15/01/2026 09:00", "15/08/2026 10:00"]
    assert pd.isna(formats.short_moments(stored).iloc[2])


WRITE_UNDER_ANOTHER_ZONE = """
import json, sys
from data.db import connect
from domain import clock
with connect(sys.argv[1]) as con:
    con.execute("CREATE TABLE t (by_database TIMESTAMP DEFAULT current_timestamp, by_python TIMESTAMP)")
    con.cursor().execute("INSERT INTO t (by_python) VALUES (?)", [clock.now()])
    print(json.dumps([str(value) for value in con.execute("SELECT by_database, by_python FROM t").fetchone()]))
"""


@pytest.mark.parametrize("zone", ["Europe/Paris", "Pacific/Auckland", "America/Los_Angeles"])
def test_a_server_in_another_time_zone_still_stores_utc(tmp_path, zone):
    before = datetime.now(UTC).replace(tzinfo=None)
    written = subprocess.run([sys.executable, "-c", WRITE_UNDER_ANOTHER_ZONE, str(tmp_path / "t.duckdb")], cwd=ROOT,
                             env={**os.environ, "TZ": zone}, capture_output=True, text=True, check=True).stdout
    after = datetime.now(UTC).replace(tzinfo=None)
    for stored in json.loads(written):  # within the run, not hours away
        assert before - timedelta(seconds=1) <= datetime.fromisoformat(stored) <= after + timedelta(seconds=1), written


@pytest.mark.parametrize("share, shown", [
    (0.0025, "0,3\u00a0%"),      # a first 25 kt commitment on a 10 000 kt objective: not « 0 % »
    (0.027, "3\u00a0%"),
    (0.00004, "< 0,1\u00a0%"),   # not zero, too small for a decimal
    (-0.0025, "\u22120,3\u00a0%"),
    (0.0, "0\u00a0%"),
    (-0.0, "0\u00a0%"),
    (0.125, "13\u00a0%"),        # rounded half up, as French figures are
])
def test_a_share_below_1_percent_keeps_a_decimal_and_is_never_zero_unless_it_is(share, shown):
    assert formats.percent(share) == shown


def test_a_measure_keeps_the_digits_that_mean_something():
    assert [formats.measure(v) for v in (1234.5, 12.345, 2.76, 0.19, 0.0042, 0)] == [
        "1\u202f235", "12,3", "2,76", "0,19", "0,0042", "0"]


def test_a_count_keeps_its_thousands_apart():
    assert [formats.count(v) for v in (7, 1202, 35_000, None)] == ["7", "1\u202f202", "35\u202f000", "n.d."]


def test_a_count_takes_the_singular_below_two_and_the_plural_from_two():
    assert [formats.counted(n, "engagement") for n in (0, 1, 3, 1202)] == [
        "0 engagement", "1 engagement", "3 engagements", "1\u202f202 engagements"]
    assert formats.counted(2, "territoire concerné", "territoires concernés") == "2 territoires concernés"
    assert formats.noun(1, "engagement") == "engagement"


def test_a_participle_agrees_with_its_count_and_the_gender_of_what_is_counted():
    assert [formats.agreed(n, "ajouté") for n in (0, 1, 2)] == ["0 ajouté", "1 ajouté", "2 ajoutés"]
    assert [formats.agreed(n, "modifié", feminine=True) for n in (1, 3)] == ["1 modifiée", "3 modifiées"]


def test_a_computed_share_is_shown_to_the_tenth_wherever_it_is_shown():
    from dashboard.components.table import FORMATTERS
    assert formats.share(0.3125) == "31,3\u00a0%" == FORMATTERS["percent"](0.3125)


def test_a_text_is_capitalised_without_touching_the_rest():
    assert [formats.capitalised(t) for t in ("cohésion territoriale", "Énergie", "", "éCO")] == [
        "Cohésion territoriale", "Énergie", "", "ÉCO"]


@pytest.mark.parametrize("value", [12.5, 1234567.891, 0.000123, 1e15, -3.25, 0.0, 1 / 3, 123456789012.5, 4.677])
def test_a_number_shown_in_a_field_is_read_back_as_the_same_to_ten_significant_digits(value):
    from domain.numbers import parse_number

    shown = formats.editable(value)
    assert "." not in shown and " " not in shown and "\u202f" not in shown
    assert parse_number(shown) == pytest.approx(value, rel=1e-9, abs=0)


def test_a_number_shown_in_a_field_keeps_the_decimals_asked_for_rounded_half_up():
    assert [formats.editable(v, 1) for v in (0.25, 2.25, 1234.56, -0.05, None)] == [
        "0,3", "2,3", "1234,6", "\u22120,1", ""]


@pytest.mark.parametrize("size_bytes, shown", [
    (439_800_000, "439,8\u00a0Mo"),
    (2_000_000, "2,0\u00a0Mo"),
    (15_240, "15,2\u00a0ko"),
    (999, "999\u00a0octets"),
    (1, "1\u00a0octet"),
    (0, "0\u00a0octet"),  # a file just received empty: never « 0,0 Mo »
])
def test_a_file_size_is_written_in_the_unit_that_shows_it(size_bytes, shown):
    assert formats.size(size_bytes) == shown


def test_a_short_instant_is_shown_in_paris_time():
    assert formats.short_moment(datetime(2026, 12, 5, 23, 25)) == "06/12/2026 00:25"  # the journal's « 00:25 »
    assert formats.short_moment(pd.Timestamp("2026-07-14 10:00")) == "14/07/2026 12:00"


def test_numbers_and_shares_are_written_as_babel_writes_them_rounded_half_up():
    """``number`` and ``percent`` write by Python's decimal formatting what Babel's French patterns write (rounded
    half up, narrow space between thousands, decimal comma, typographic minus)."""
    import random

    import numpy as np

    chosen = random.Random(26)
    values = [0, -0.0, 0.05, -0.05, 0.25, 1.25, 2.675, 999.95, 9999.5, -1234.55, 123456789.125, 1e-7, 1e15,
              0.1 + 0.2, np.float64(3.45), np.int64(1234567), float("inf"), float("-inf")]
    for _ in range(5000):
        value = chosen.uniform(-1, 1) * 10 ** chosen.randint(-8, 12)
        values += [value, round(value, chosen.randint(0, 5))]
    for value in values:
        for decimals in (0, 1, 2, 3, 6):
            pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
            assert formats.number(value, decimals) == formats._half_up(value, pattern), (value, decimals)
            assert formats._percent_text(value, decimals) == formats._half_up(value, pattern + "\u00a0%"), value
    assert formats.number(-1234.55, 1) == "\u22121\u202f234,6" and formats.percent(0.125) == "13\u00a0%"
