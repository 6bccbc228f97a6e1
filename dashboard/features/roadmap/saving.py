"""Saving a commitment from the page: the one way the detail form and the grid create or change one.

The quantity the editor changed wins (``domain.commitments.after_edit``): typed in ktCO₂e, in the form or in a
cell of the grid, the physical quantity is computed again with the lever's factor, and the other way round. The
values are then checked by the one validation and written through the gate, which refuses an account that may not
write this commitment and answers a save made on a stale version with the stored one (``Conflict``).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from dashboard.access import gate
from dashboard.features.roadmap.commitment_context import commitment_context
from domain import commitment_store
from domain.commitments import QUANTITIES, Checked, after_edit, validate
from domain.conflicts import Conflict
from domain.permissions import Territory, Write


@dataclass(frozen=True)
class Saved:
    """What became of a save: refused by the validation (``checked.errors``), saved (``number`` at ``version``),
    or in conflict with a version stored meanwhile."""

    checked: Checked
    number: int | None = None
    version: int | None = None
    conflict: Conflict | None = None


def save(region: str, raw: dict, edited: Collection[str], stored: tuple[int, int] | None, show_at: str) -> Saved:
    """Check and save ``raw`` (the commitment's fields as typed) after an edit of the ``edited`` fields: a new
    commitment of ``region`` when ``stored`` is None, else the stored (number, version) it was read at."""
    checked = validate(after_edit(raw, edited), commitment_context(region))
    if not checked.ok:
        return Saved(checked)
    target = {"kind": Write.COMMITMENT, "territory": Territory.of(checked.values), "status": checked.values["status"],
              "show_at": show_at}
    if stored is None:
        return Saved(checked, gate.write(commitment_store.create, region, checked.values, **target), 1)
    number, version = stored
    result = gate.write(commitment_store.update, number, version, checked.values, record=number, **target)
    if isinstance(result, Conflict):
        return Saved(checked, number, conflict=result)
    return Saved(checked, number, result)


def saved_row(row: dict, saved: Saved) -> dict:
    """The grid's ``row`` once saved: its new version, and the quantities as stored (the one not edited is computed
    again with the lever's factor)."""
    return {**row, **{key: saved.checked.values.get(key) for key in QUANTITIES}, "version": saved.version}
