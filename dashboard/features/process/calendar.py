"""The meetings' dates as an iCalendar file (RFC 5545, written by the ``icalendar`` library): one meeting, or every
meeting of a region, to add to a diary. Instants are written in UTC (« …Z »): every calendar shows them in its own
time zone."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from icalendar import Calendar, Event

from domain import clock

PRODUCT = "-//COP territoriale//Tableau de bord//FR"


def calendar(meetings: list[dict], link: Callable[[int], str]) -> bytes:
    """``meetings`` (``domain.meetings.get`` records, with ``territory_name``) as one calendar; ``link``: the address
    of a meeting's page, given its number."""
    found = Calendar()
    found.add("prodid", PRODUCT)
    found.add("version", "2.0")
    found.add("calscale", "GREGORIAN")
    stamp = clock.now().replace(tzinfo=UTC)
    for record in meetings:
        event = Event()
        event.add("uid", f"reunion-{record['meeting_id']}@cop-territoriale")
        event.add("dtstamp", stamp)
        event.add("dtstart", _utc(record["starts_at"]))
        event.add("dtend", _utc(record["ends_at"]))
        event.add("summary", record["title"])
        if record.get("place"):
            event.add("location", record["place"])
        agenda = "\n".join(f"{n}. {item}" for n, item in enumerate(record.get("agenda") or [], 1))
        event.add("description", "\n".join(filter(None, [
            f"{record['instance']} — {record['territory_name']}", agenda and f"Ordre du jour :\n{agenda}",
            link(record["meeting_id"])])))
        event.add("url", link(record["meeting_id"]))
        found.add_component(event)
    return found.to_ical()


def _utc(value) -> datetime:
    return value.replace(tzinfo=UTC)
