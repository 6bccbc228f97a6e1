"""A meeting's projection (« Présenter » on its page, ``/projection?region=…&reunion=N``): the region's sequence of
screens cut down to its agenda's (``screens.agenda_sequence``: the region's screen, then those of the sectors on its
agenda, all of them when it names none). The presenter's page counts and moves through the cut sequence; it
publishes the meeting with its position, and the phones that follow receive the cut sequence with each position
(dashboard/features/projection/follow.py), so that they count the same screens."""

from __future__ import annotations

from dataclasses import dataclass

from dashboard.features.projection.screens import agenda_sequence, payload
from dashboard.store import fetch
from domain import meetings
from domain.meeting_preparation import projected_sectors


@dataclass(frozen=True)
class Presented:
    """The meeting presented: its identifier, its title and its screens' numbers in the region's sequence."""
    meeting_id: int
    title: str
    sequence: list[int]


def presented(region: str, meeting_id: int | None) -> Presented | None:
    """The meeting ``meeting_id`` of ``region`` as its projection presents it; None for no meeting, or one that is
    not of ``region``."""
    record = fetch(meetings.get, meeting_id) if meeting_id is not None else None
    if record is None or record["region"] != region:
        return None
    data = fetch(payload, region)
    return Presented(meeting_id, record["title"],
                     agenda_sequence(data, projected_sectors(record, list(data["sectors"]))))
