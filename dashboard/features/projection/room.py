"""The room of a region: where its presenter's screen is, for the phones that follow it.

One process serves the app (gunicorn.conf.py), so the room lives in memory: a condition per region that
followers wait on and the presenter notifies. Each follower's stream holds one of gunicorn's threads for
as long as it is open; ``FOLLOWER_SLOTS`` bounds how many streams may be open at once, and gunicorn is
given that many threads on top of the dashboard's own (gunicorn.conf.py), so followers never take the
threads that serve pages and callbacks.
"""

from __future__ import annotations

import os
import threading
import time
from dataclasses import dataclass, field

FOLLOWER_SLOTS = int(os.environ.get("COP_SUIVEURS", "250"))


@dataclass(frozen=True)
class Position:
    """Where the presenter is: ``screen`` (1-based, in ``sequence``), the « et si » proposals (ktCO₂e per lever) and
    ``sequence``, the numbers in the region's sequence of the screens presented (None: all of them)."""

    version: int
    screen: int
    proposals: dict[str, float] = field(default_factory=dict)
    sequence: tuple[int, ...] | None = None


class Room:
    def __init__(self):
        self._changed = threading.Condition()
        self._position: Position | None = None
        self._heard = 0.0
        # Versions count from the room's creation time (µs): after a restart of the app, they are still
        # above those a phone saw before, and it takes the next position as new.
        self._first_version = time.time_ns() // 1000

    def publish(self, screen: int, proposals: dict[str, float], sequence: tuple[int, ...] | None = None) -> Position:
        """Move the room (a new version only when something changed: a presenter's heartbeat moves nothing)."""
        with self._changed:
            self._heard = time.monotonic()
            current = self._position
            if current and (current.screen, current.proposals, current.sequence) == (screen, proposals, sequence):
                return current
            self._position = Position(current.version + 1 if current else self._first_version, screen, proposals,
                                      sequence)
            self._changed.notify_all()
            return self._position

    def next_position(self, after: int, timeout: float) -> Position | None:
        """The position once its version is past ``after``; None if none came within ``timeout`` seconds."""
        with self._changed:
            self._changed.wait_for(lambda: self._position is not None and self._position.version > after, timeout)
            position = self._position
        return position if position is not None and position.version > after else None

    def current(self) -> Position | None:
        with self._changed:
            return self._position

    def silent_for(self) -> float | None:
        """Seconds since the presenter was last heard; None if never."""
        with self._changed:
            return time.monotonic() - self._heard if self._position else None


_rooms: dict[str, Room] = {}
_rooms_lock = threading.Lock()
follower_slots = threading.BoundedSemaphore(FOLLOWER_SLOTS)


def room(region: str) -> Room:
    with _rooms_lock:
        return _rooms.setdefault(region, Room())
