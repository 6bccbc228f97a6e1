"""The process's downloads that are not tables: the meetings' calendar (iCalendar) and a meeting's uploaded minutes.

The minutes are the file received, byte for byte (its SHA-256 is on the meeting page); they may name people, so
only the accounts that read people download them (``Read.PEOPLE``: dashboard/access/reading.py).
"""

from __future__ import annotations

import re
import unicodedata

from flask import Blueprint, Response, abort

from dashboard.access import reading
from dashboard.features.process.calendar import calendar
from dashboard.page_states import MeetingState, ProcessState
from dashboard.serving import deployment
from dashboard.store import fetch, fetch_imported, queries, read_once
from domain import meetings, minutes
from domain.permissions import Read

blueprint = Blueprint("process", __name__)
MEETING_PAGE = MeetingState.PATH
ICS = "text/calendar"
NOT_READABLE = ("Compte rendu réservé aux comptes connectés qui lisent les personnes (il peut en nommer) : "
                "connectez-vous.")


def calendar_url(meeting_id: int) -> str:
    return f"{MEETING_PAGE}/{meeting_id}.ics"


def region_calendar_url(region: str) -> str:
    return f"{ProcessState.PATH}/{region}/reunions.ics"


def minutes_url(meeting_id: int) -> str:
    return f"{MEETING_PAGE}/{meeting_id}/compte-rendu"


def _named(record: dict) -> dict:
    known = fetch(meetings.context, record["region"])
    return {**record, "territory_name": known.territories.get((record["territory_level"], record["territory_code"]),
                                                              record["territory_code"])}


def _ics(records: list[dict], name: str) -> Response:
    base = deployment.public_base_url()
    return Response(calendar(records, lambda meeting_id: base + MeetingState(meeting=meeting_id).href()), mimetype=ICS,
                    headers={"Content-Disposition": f'attachment; filename="{name}.ics"'})


@blueprint.route(f"{MEETING_PAGE}/<int:meeting_id>.ics")
def meeting_calendar(meeting_id: int):
    record = fetch(meetings.get, meeting_id)
    if record is None:
        abort(404)
    return _ics([_named(record)], f"reunion-{meeting_id}")


@blueprint.route(f"{ProcessState.PATH}/<region>/reunions.ics")
def region_calendar(region: str):
    if region not in set(fetch_imported(queries.regions)["code"]):
        abort(404)
    found = fetch(meetings.region_meetings, region)
    return _ics([_named(fetch(meetings.get, int(n))) for n in found["meeting_id"]], f"reunions-{region}")


@blueprint.route(f"{MEETING_PAGE}/<int:meeting_id>/compte-rendu")
def minutes_file(meeting_id: int):
    if not reading.may(Read.PEOPLE):
        return Response(NOT_READABLE, status=403, mimetype="text/plain")
    found = read_once(minutes.content, meeting_id)
    if found is None:
        abort(404)
    name, media_type, content = found
    return Response(content, mimetype=media_type, headers={
        "Content-Disposition": f'attachment; filename="{_ascii(name)}"', "Cache-Control": "private, no-store"})


def _ascii(name: str) -> str:
    """The file name as a header may carry it: ASCII letters, digits and ``.-_`` only."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Za-z0-9._-]+", "_", plain).strip("._") or "compte-rendu"
