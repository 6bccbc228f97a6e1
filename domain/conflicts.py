"""The answer of a save refused by optimistic locking: someone saved the same record meanwhile.

Commitments and scenario lever values carry a ``version`` raised by every change; a save names
the version it started from, and when that is no longer the stored one nothing is written and
the caller gets a ``Conflict`` holding what is stored, to show both versions side by side.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Conflict:
    """The save was refused: ``stored`` is the version someone else saved meanwhile."""

    stored: dict
