"""Dates and times as people type them and files hold them: the one reader of the COP's dates.

A date is written ``2026-03-12`` (a date field, a spreadsheet) or ``12/03/2026`` (French), within the plausible
years of the COP (``domain.ranges.PROCESS_YEAR``); a time is ``14:30`` (or ``14h30``), Paris time, which the
database keeps in UTC (``domain/clock.py``). Two dates or instants that must follow each other are checked by
``in_order``, whose French message names both.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time

from domain import formats
from domain.errors import UserError
from domain.ranges import PROCESS_YEAR

ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
FRENCH = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
CLOCK = re.compile(r"(\d{1,2})\s*[:hH]\s*(\d{2})?")


def read_date(text, what: str) -> date | None:
    """The date ``text`` names (None when blank); UserError « <What> : « 31/02/2026 » n'est pas une date… »."""
    if isinstance(text, datetime):
        text = text.date()
    if isinstance(text, date):
        found = text
    else:
        written = str(text or "").strip()
        if not written:
            return None
        found = _parsed(written[:10] if ISO.match(written) else written, what)
    if problem := PROCESS_YEAR.problem(found.year):
        raise UserError(f"{formats.capitalised(what)} : {problem}.")
    return found


def _parsed(written: str, what: str) -> date:
    iso, french = ISO.fullmatch(written), FRENCH.fullmatch(written)
    try:
        if iso:
            return date(int(iso[1]), int(iso[2]), int(iso[3]))
        if french:
            return date(int(french[3]), int(french[2]), int(french[1]))
    except ValueError:
        pass
    raise UserError(f"{formats.capitalised(what)} : « {written[:40]} » n'est pas une date "
                    "(attendu : 12/03/2026 ou 2026-03-12).")


def field_text(day: date | None) -> str:
    """A date as a date field shows it, whatever the browser's language: « 14/03/2027 » (``FIELD_HINT``)."""
    return "" if day is None else day.strftime("%d/%m/%Y")


FIELD_HINT = "Format attendu : JJ/MM/AAAA"


def read_time(text, what: str) -> time | None:
    """The time of day ``text`` names (« 14:30 », « 9h »), None when blank; UserError otherwise."""
    written = str(text or "").strip()
    if not written:
        return None
    found = CLOCK.fullmatch(written)
    if found and int(found[1]) < 24 and int(found[2] or 0) < 60:
        return time(int(found[1]), int(found[2] or 0))
    raise UserError(f"{formats.capitalised(what)} : « {written[:20]} » n'est pas une heure (attendu : 14:30).")


def instant(day: date, at: time) -> datetime:
    """The Paris day and time as the database keeps it: UTC, without a zone."""
    return datetime.combine(day, at, tzinfo=formats.PARIS).astimezone(UTC).replace(tzinfo=None)


def in_order(first: date | datetime | None, then: date | datetime | None, first_what: str, then_what: str) -> None:
    """UserError when ``then`` comes before ``first`` (both known): « La fin prévue (2 mars 2026) précède le début
    prévu (12 mars 2026). »"""
    if first is None or then is None or then >= first:
        return
    raise UserError(f"{formats.capitalised(then_what)} ({_shown(then)}) précède {first_what} ({_shown(first)}) : "
                    "les dates sont dans le désordre.")


def _shown(value: date | datetime) -> str:
    return formats.moment(value) if isinstance(value, datetime) else formats.day(value)
