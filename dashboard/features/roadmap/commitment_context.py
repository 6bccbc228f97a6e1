"""What a commitment may name in a region (its territories, levers, parties and regional objectives), read once
per version of what it is made of: imported data, the register and the regional objectives. A commitment saved
leaves it as it was: the editor's next save and the roadmap built again after it do not read it again."""

from __future__ import annotations

from dashboard.store import fetch_changed_by
from dashboard.store.data_versions import OBJECTIVES, REGISTER
from domain import commitment_store

CHANGED_BY = REGISTER | OBJECTIVES  # parties.names, commitment_objectives.region_objectives


def commitment_context(region: str) -> commitment_store.Context:
    return fetch_changed_by(CHANGED_BY, commitment_store.context, region)
