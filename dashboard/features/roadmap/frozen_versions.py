"""What changed in a regional roadmap from a frozen version (domain/versions.py) to another, or to now."""

from __future__ import annotations

import pandas as pd

from domain import financing_lines, follow_up
from domain.commitments import FIELDS, LABELS, readable, same
from domain.history import described, shown

NO_FOLLOW_UP = pd.DataFrame(columns=[*follow_up.COLUMNS, "objectives"])


def compare(frozen: pd.DataFrame, current: pd.DataFrame, frozen_follow_up: pd.DataFrame = NO_FOLLOW_UP,
            current_follow_up: pd.DataFrame = NO_FOLLOW_UP) -> pd.DataFrame:
    """What changed from a frozen version to the current commitments.

    One row per commitment that differs: ``commitment_id, title, change`` (« ajouté », « abandonné »,
    « modifié », « retiré » when it no longer exists) and ``details``: the fields changed (« champ : avant → après »),
    its financing lines added, removed or changed one by one, and its follow-up's years added, removed or changed
    (``*_follow_up``: ``domain.follow_up.stored`` of each side).
    """
    before = {row["commitment_id"]: row for row in frozen.to_dict("records")}
    years_before, years_after = _years(frozen_follow_up), _years(current_follow_up)
    after = set(current["commitment_id"])
    rows = [(number, then["title"], "retiré", "") for number, then in before.items() if number not in after]
    for now in current.to_dict("records"):
        number = now["commitment_id"]
        then = before.get(number)
        if then is None:
            rows.append((number, now["title"], "ajouté", ""))
            continue
        changed = [key for key in FIELDS if key != "financing" and not same(then.get(key), now.get(key))]
        details = [described({key: [then.get(key), now.get(key)] for key in changed}, LABELS.get, readable)] * bool(
            changed)
        details += [f"{LABELS['financing']} : {change}" for change in financing_lines.changes(
            then.get("financing"), now.get("financing"))]
        details += _follow_up_changes(years_before.get(number, {}), years_after.get(number, {}))
        if not details:
            continue
        kind = "abandonné" if now["status"] == "abandonné" and then["status"] != "abandonné" else "modifié"
        rows.append((number, now["title"], kind, " ; ".join(details)))
    return pd.DataFrame(rows, columns=["commitment_id", "title", "change", "details"])


def _years(follow_up_years: pd.DataFrame) -> dict[int, dict[int, dict]]:
    """The follow-up's years by commitment, then by year."""
    found: dict[int, dict[int, dict]] = {}
    for row in follow_up_years.to_dict("records"):
        found.setdefault(row["commitment_id"], {})[int(row["year"])] = row
    return found


def _follow_up_changes(before: dict[int, dict], after: dict[int, dict]) -> list[str]:
    """« Suivi 2025 ajouté (Réalisé (ktCO₂e) : 1,5) », « Suivi 2024 retiré », « Suivi 2024 : Dépensé (€) : … → … »."""
    said = []
    for year in sorted({*before, *after}):
        changes = follow_up.differences(before.get(year), after[year]) if year in after else {}
        if year not in after:
            said.append(f"Suivi {year} retiré")
        elif year not in before:
            given = ", ".join(f"{follow_up.LABELS[key]} : {shown(value)}" for key, (_, value) in changes.items())
            said.append(f"Suivi {year} ajouté ({given})" if given else f"Suivi {year} ajouté")
        elif changes:
            said.append(f"Suivi {year} : {described(changes, follow_up.LABELS.get)}")
    return said
