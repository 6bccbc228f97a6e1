"""What changed in a regional roadmap from a frozen version (domain/versions.py) to another, or to now."""

from __future__ import annotations

import pandas as pd

from domain.commitments import FIELDS, LABELS, readable, same
from domain.history import described


def compare(frozen: pd.DataFrame, current: pd.DataFrame) -> pd.DataFrame:
    """What changed from a frozen version to the current commitments.

    One row per commitment that differs: ``commitment_id, title, change`` (« ajouté », « abandonné »,
    « modifié », « retiré » when it no longer exists) and ``details`` (the fields changed, « champ : avant → après »).
    """
    before = {row["commitment_id"]: row for row in frozen.to_dict("records")}
    after = set(current["commitment_id"])
    rows = [(number, then["title"], "retiré", "") for number, then in before.items() if number not in after]
    for now in current.to_dict("records"):
        then = before.get(now["commitment_id"])
        if then is None:
            rows.append((now["commitment_id"], now["title"], "ajouté", ""))
            continue
        changed = [key for key in FIELDS if not same(then.get(key), now.get(key))]
        if not changed:
            continue
        kind = "abandonné" if now["status"] == "abandonné" and then["status"] != "abandonné" else "modifié"
        details = described({key: [then.get(key), now.get(key)] for key in changed}, LABELS.get, readable)
        rows.append((now["commitment_id"], now["title"], kind, details))
    return pd.DataFrame(rows, columns=["commitment_id", "title", "change", "details"])

