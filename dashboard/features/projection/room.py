"""The room of a region: where its presenter's screen is, for the phones that follow it.

The rooms live in the memory of the process that owns the database (``store.shared_object``), whichever of the
app's worker processes receives the presenter's moves and the phones' streams (gunicorn.conf.py): a condition per
region that followers wait on and the presenter notifies. Each follower's stream holds one of its worker's threads
for as long as it is open; ``FOLLOWER_SLOTS`` bounds how many streams a worker may hold at once, and each worker is
given that many threads on top of the dashboard's own (gunicorn.conf.py), so followers never take the threads that
serve pages and callbacks.
"""

from __future__ import annotations

import os
import threading
import time
from dataclasses import dataclass, field

from dashboard import store

FOLLOWER_SLOTS = int(os.environ.get("COP_SUIVEURS", "250"))


@dataclass(frozen=True)
class Position:
    """Where the presenter is: ``screen`` (1-based) and the « et si » proposals (ktCO₂e per lever)."""

    version: int
    screen: int
    proposals: dict[str, float] = field(default_factory=dict)


class Room:
    def __init__(self):
        self._changed = threading.Condition()
        self._position: Position | None = None
        self._heard = 0.0
        # Versions count from the room's creation time (µs): after a restart of the app, they are still
        # above those a phone saw before, and it takes the next position as new.
        self._first_version = time.time_ns() // 1000

    def publish(self, screen: int, proposals: dict[str, float]) -> Position:
        """Move the room (a new version only when something changed: a presenter's heartbeat moves nothing)."""
        with self._changed:
            self._heard = time.monotonic()
            current = self._position
            if current and (current.screen, current.proposals) == (screen, proposals):
                return current
            self._position = Position(current.version + 1 if current else self._first_version, screen, proposals)
            self._changed.notify_all()
            return self._position

    def next_position(self, after: int, timeout: float) -> Position | None:
        """The position once its version is past ``after``; None if none came within ``timeout`` seconds."""
        with self._changed:
            self._changed.wait_for(lambda: self._position is not None and self._position.version > after, timeout)
            position = self._position
        return position if position is not None and position.version > after else None

    def silent_for(self) -> float | None:
        """Seconds since the presenter was last heard; None if never."""
        with self._changed:
            return time.monotonic() - self._heard if self._position else None


class Rooms:
    """Every region's room."""

    def __init__(self):
        self._rooms: dict[str, Room] = {}
        self._lock = threading.Lock()

    def publish(self, region: str, screen: int, proposals: dict[str, float]) -> Position:
        return self._room(region).publish(screen, proposals)

    def next_position(self, region: str, after: int, timeout: float) -> Position | None:
        return self._room(region).next_position(after, timeout)

    def silent_for(self, region: str) -> float | None:
        return self._room(region).silent_for()

    def _room(self, region: str) -> Room:
        with self._lock:
            return self._rooms.setdefault(region, Room())


rooms = store.shared_object("projection-rooms", Rooms)
follower_slots = threading.BoundedSemaphore(FOLLOWER_SLOTS)
