"""A commitment's follow-up (issue 23, point 6): per year, what was done and the money spent.

« L'action se réalise-t-elle au rythme prévu ? » (guide des CRTE). For one commitment and one year, the follow-up
says what was done that year in each of its objectives' units — its SGPE lever's ktCO₂e and/or physical unit (one
converts to the other with the lever's factor, as the commitment's quantities: ``commitments.lever_quantities``),
its regional objectives' indicator units (written as the commitment's contributions, « PRELEV_EAU : 300 ») — the
euros spent and a comment. What was done is the year's own, not a running total: the roadmap cumulates it into the
achieved path (``dashboard/features/roadmap/follow_up_paths.py``).

The form, the grid of the roadmap and the « Suivi » sheet of the commitments workbook read a year with ``validate``,
so that a value refused in one is refused in the others with the same French message. ``save`` stores one year
(versioned, optimistic locking, a history line per change, by ``domain.history``); tables of migration 044.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import duckdb
import pandas as pd

from domain import clock, commitment_objectives, typed
from domain import history as trail
from domain.commitments import Context, lever_quantities, same
from domain.conflicts import Conflict
from domain.ranges import DONE_KT, FOLLOW_UP_YEAR, PHYSICAL_CHANGE, SPENT_EUR
from domain.texts import FOLLOW_UP_COMMENT

# Editable fields: key → French label (the form's labels, the « Suivi » sheet's headers).
LABELS = {
    "commitment_id": "Engagement (n°)",
    "year": "Année du suivi",
    "done_kt": "Réalisé (ktCO₂e)",
    "done_phys": "Réalisé (unité physique du levier)",
    "objectives": "Réalisé pour les objectifs régionaux",
    "spent": "Dépensé (€)",
    "comment": "Commentaire du suivi",
}
VALUES = ["done_kt", "done_phys", "objectives", "spent", "comment"]  # what one year holds
COLUMNS = ["commitment_id", "year", "done_kt", "done_phys", "spent", "comment", "version", "entered_at",
           "entered_by"]


@dataclass
class Checked:
    values: dict = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)  # field → French problem

    @property
    def ok(self) -> bool:
        return not self.errors


def validate(raw: dict, commitment: dict, context: Context, today: datetime | None = None) -> Checked:
    """Check one year of ``commitment``'s follow-up (``raw``: the fields of ``VALUES`` and ``year``, as typed):
    a year from 2019 to the current one, quantities in the commitment's own objectives only, something said."""
    checked = Checked()
    year, problem = typed.year(raw.get("year"), FOLLOW_UP_YEAR)
    current = (today or clock.now()).year
    if problem or year is None:
        checked.errors["year"] = problem or "obligatoire."
    elif year > current:
        checked.errors["year"] = f"{year} n'est pas encore commencée : le suivi dit ce qui a été fait."
    checked.values["year"] = year
    _lever(raw, commitment, context, checked)
    _objectives(raw, commitment, context, checked)
    checked.values["spent"], problem = typed.number(raw.get("spent"), SPENT_EUR)
    if problem:
        checked.errors["spent"] = problem
    comment = checked.values["comment"] = typed.text(raw.get("comment"))
    if comment is not None and (problem := FOLLOW_UP_COMMENT.problem(comment)):
        checked.errors["comment"] = f"{problem}."
    said = [checked.values[key] for key in VALUES]
    if checked.ok and all(value is None or value == () for value in said):
        checked.errors["done_kt"] = "indiquez ce qui a été réalisé, le montant dépensé ou un commentaire."
    return checked


def _lever(raw: dict, commitment: dict, context: Context, checked: Checked) -> None:
    values = {}
    for key, plausible in (("done_kt", DONE_KT), ("done_phys", PHYSICAL_CHANGE)):
        values[key], problem = typed.number(raw.get(key), plausible)
        if problem:
            checked.errors[key] = problem
    phys, kt = values["done_phys"], values["done_kt"]
    checked.values["done_phys"], checked.values["done_kt"] = phys, kt
    lever = context.levers.get(commitment.get("lever_id") or "")
    if (phys is None and kt is None) or {"done_kt", "done_phys"} & checked.errors.keys():
        return
    if lever is None:
        checked.errors["done_kt"] = "cet engagement ne contribue à aucun levier du SGPE : laissez les ktCO₂e vides."
        return
    phys, kt, problem = lever_quantities(phys, kt, lever)
    if problem:
        checked.errors["done_phys"] = problem
    elif kt is not None and (problem := DONE_KT.problem(kt)):
        checked.errors["done_phys"] = f"avec le facteur du levier, {problem}."
    else:
        checked.values["done_phys"], checked.values["done_kt"] = phys, kt


def _objectives(raw: dict, commitment: dict, context: Context, checked: Checked) -> None:
    """What was done for the commitment's regional objectives, written as its contributions."""
    pairs, problem = commitment_objectives.read(raw.get("objectives"), context.objectives)
    own = {indicator for indicator, _ in commitment.get("objectives") or ()}
    others = [indicator for indicator, _ in pairs if indicator not in own]
    if problem is None and others:
        problem = (f"« {', '.join(others)} » n'est pas un objectif de cet engagement (ses objectifs : "
                   f"{', '.join(sorted(own)) or 'aucun'}).")
    if problem:
        checked.errors["objectives"] = problem
    checked.values["objectives"] = () if problem else pairs


def written(values: dict) -> dict:
    """A stored year's fields as the form and the sheet write them (the objectives as one text)."""
    return {**{key: values.get(key) for key in VALUES},
            "objectives": commitment_objectives.written(values.get("objectives")) or None}


def differences(before: dict | None, after: dict) -> dict[str, list]:
    """``{field: [before, after]}`` for the fields of ``VALUES`` that differ (before None: a new year)."""
    before = before or {}
    return {key: [_shown(before.get(key)), _shown(after.get(key))] for key in VALUES
            if not same(_shown(before.get(key)), _shown(after.get(key)))}


def _shown(value):
    """A value as a history keeps it: the objectives as their text, None for none."""
    if isinstance(value, (list, tuple)):
        return commitment_objectives.written(value) or None
    return None if typed.blank(value) else value


def stored(con: duckdb.DuckDBPyConnection, commitment_id: int | None = None, region: str | None = None,
           year: int | None = None) -> pd.DataFrame:
    """The stored follow-up of one commitment (of one ``year``), or of a region's commitments: ``COLUMNS`` and
    ``objectives`` ((indicator, value) pairs), by commitment and year."""
    where = ("commitment_id IN (SELECT commitment_id FROM commitments WHERE commitment_id = $id OR region = $region)"
             " AND ($year IS NULL OR year = $year)")
    params = {"id": commitment_id, "region": region, "year": year}
    frame = con.execute(f"SELECT {', '.join(COLUMNS)} FROM commitment_follow_up WHERE {where}"
                        " ORDER BY commitment_id, year", params).df()
    rows = con.execute(f"SELECT commitment_id, year, indicator_id, value FROM commitment_follow_up_objectives"
                       f" WHERE {where} ORDER BY commitment_id, year, indicator_id", params).fetchall()
    found: dict[tuple, list] = {}
    for commitment, row_year, indicator, value in rows:
        found.setdefault((commitment, row_year), []).append((indicator, value))
    frame["objectives"] = pd.Series([tuple(found.get(key, ())) for key in zip(frame["commitment_id"], frame["year"])],
                                    index=frame.index, dtype=object)
    return frame


def get(con: duckdb.DuckDBPyConnection, commitment_id: int, year: int) -> dict | None:
    frame = stored(con, commitment_id, year=year)
    if frame.empty:
        return None
    return {key: (value.item() if hasattr(value, "item") else value) for key, value in frame.iloc[0].items()
            if key != "objectives"} | {"objectives": frame.iloc[0]["objectives"]} | {
        key: None for key in ("done_kt", "done_phys", "spent", "comment") if typed.blank(frame.iloc[0][key])}


def save(con: duckdb.DuckDBPyConnection, commitment_id: int, year: int, values: dict, expected_version: int | None,
         author: str, action: str | None = None, when: datetime | None = None) -> int | Conflict:
    """Store one year of a commitment's follow-up over the version the editor started from (None: a new year);
    return its version, or a Conflict when someone saved it in between. Saving what is stored changes nothing."""
    before = get(con, commitment_id, year)
    if (before["version"] if before else None) != expected_version:
        return Conflict(before or {"commitment_id": commitment_id, "year": year, "version": None})
    changes = differences(before, values)
    if not changes:
        return before["version"]
    when = when or clock.now()
    version = before["version"] + 1 if before else 1
    row = [commitment_id, year, *[values.get(key) for key in ("done_kt", "done_phys", "spent", "comment")],
           version, when, author]
    con.execute(f"INSERT OR REPLACE INTO commitment_follow_up ({', '.join(COLUMNS)}) VALUES "
                f"({', '.join('?' * len(COLUMNS))})", row)
    con.execute("DELETE FROM commitment_follow_up_objectives WHERE commitment_id = ? AND year = ?",
                [commitment_id, year])
    for indicator, value in values.get("objectives") or ():
        con.execute("INSERT INTO commitment_follow_up_objectives VALUES (?, ?, ?, ?)",
                    [commitment_id, year, indicator, value])
    trail.record(con, trail.FOLLOW_UP, key(commitment_id, year), author,
                 action or (trail.CHANGED if before else trail.CREATED), changes, version=version, when=when)
    return version


def key(commitment_id: int, year: int) -> str:
    """The follow-up's record in its history: « <commitment>:<year> »."""
    return f"{int(commitment_id)}:{int(year)}"


def history(con: duckdb.DuckDBPyConnection, commitment_id: int, year: int) -> pd.DataFrame:
    """Who changed one year of the follow-up, and what, newest first (``domain.history.read``)."""
    return trail.read(con, trail.FOLLOW_UP, key(commitment_id, year))


# The « Suivi » sheet of the commitments workbook (exported, template, import): one row per commitment and year, keyed
# by the commitment's number; (header, field or None for a column shown but not read).
SHEET = "Suivi"
SHEET_COLUMNS = [("Identifiant", "commitment_id"), ("Intitulé", None), *[(LABELS[key], key) for key in (
    "year", "done_kt", "done_phys", "objectives", "spent", "comment")], ("Version du suivi", "version")]
SHEET_HEADERS = [header for header, _ in SHEET_COLUMNS]


def sheet_frame(years: pd.DataFrame, titles: dict[int, str]) -> pd.DataFrame:
    """Stored years (``stored``) in the sheet's columns; ``titles``: each commitment's intitulé."""
    rows = [[row.commitment_id, titles.get(row.commitment_id), row.year,
             *[written(row._asdict())[key] for key in VALUES], row.version] for row in years.itertuples(index=False)]
    frame = pd.DataFrame(rows, columns=SHEET_HEADERS)
    return frame.astype({header: object for header in SHEET_HEADERS}).where(frame.notna(), None)
