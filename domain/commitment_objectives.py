"""What a commitment brings to the region's objectives beyond greenhouse gases, besides its SGPE lever.

A commitment lists its contributions as pairs (indicator of a regional objective, value in the indicator's unit,
counted towards the objective's 2030 target). The form's field, the grid's cell and the template's column write them
as one text, « PRELEV_EAU : 1200 ; ARTIF_HA : 3,5 »: ``read`` checks such a text (or the stored pairs) against the
region's objectives, ``written`` writes the pairs back the same way, so that an exported workbook re-imports
unchanged. A workbook gives them in its « Contributions » sheet instead, one row per commitment and objective: ``read``
takes those rows as dicts (``COLUMNS`` keys, and ``where``: the row's place in the file, for the message). Stored one
row per objective (``commitment_objectives``, migration 041).
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pandas as pd

from domain import formats, typed
from domain.numbers import NumberError
from domain.ranges import contribution_range
from domain.texts import CONTRIBUTIONS

Pairs = tuple[tuple[str, float], ...]  # (indicator_id, value), sorted by indicator
# A contribution's columns: key → French label (the « Contributions » sheet's headers).
COLUMNS = {"indicator": "Objectif régional (indicateur)", "value": "Contribution"}


@dataclass(frozen=True)
class Objective:
    """A regional objective a commitment may contribute to: its indicator's name and unit."""
    indicator_id: str
    name: str
    unit: str


def read(value, objectives: dict[str, Objective]) -> tuple[Pairs, str | None]:
    """(the contributions ``value`` names, None), or ((), the French problem). ``value``: a text as written by
    ``written``, stored pairs, or a sheet's rows (dicts: their problem names the row's ``where`` and its column);
    blank: none."""
    if isinstance(value, (list, tuple)):
        entries = [entry if isinstance(entry, dict) else dict(zip(COLUMNS, entry)) for entry in value]
    else:
        text = typed.text(value)
        if text is None:
            return (), None
        if problem := CONTRIBUTIONS.problem(text):
            return (), f"{problem}."
        entries = []
        for part in (p.strip() for p in text.split(";") if p.strip()):
            indicator, colon, amount = part.partition(":")
            if not colon or not indicator.strip():
                return (), (f"« {part} » : écrivez « indicateur : valeur », séparés par des points-virgules "
                            "(« PRELEV_EAU : 1200 ; ARTIF_HA : 3,5 »).")
            entries.append({"indicator": indicator, "value": amount.strip()})
    pairs, problem = typed.rows(entries, COLUMNS, lambda entry, done: _contribution(
        typed.text(entry.get("indicator")) or "", entry.get("value"), objectives, dict(done)), unnamed=None)
    return ((), problem) if problem else (tuple(sorted(pairs)), None)


def _contribution(indicator: str, amount, objectives: dict[str, Objective],
                  seen: dict) -> tuple[tuple[str, float] | None, typed.Problem | None]:
    """The pair (indicator, value), or (its column, the French problem); ``seen``: the pairs before."""
    if not indicator:
        return None, ("indicator", "obligatoire : l'identifiant d'un objectif régional.")
    objective = objectives.get(indicator)
    if objective is None:
        known = ", ".join(objectives) or "aucun pour l'instant (page Écarts)"
        return None, ("indicator", f"« {indicator} » n'est pas un objectif régional de la région (objectifs : "
                                   f"{known}).")
    if indicator in seen:
        return None, ("indicator", f"l'objectif « {indicator} » est donné deux fois.")
    if typed.blank(amount):
        return None, ("value", f"« {indicator} » : la contribution est obligatoire.")
    try:
        number = contribution_range(objective.unit).read(amount)
    except NumberError as error:
        return None, ("value", f"« {indicator} » : {error}.")
    if number <= 0:
        return None, ("value", f"« {indicator} » : la contribution doit être positive (vers la cible 2030).")
    return (indicator, float(number)), None


def written(pairs) -> str:
    """« ARTIF_HA : 3,5 ; PRELEV_EAU : 1200 », read back the same by ``read``; empty for none."""
    return " ; ".join(f"{indicator} : {formats.editable(value)}" for indicator, value in pairs or ())


def region_objectives(con: duckdb.DuckDBPyConnection, region: str) -> dict[str, Objective]:
    """The region's objectives beyond greenhouse gases that a commitment may contribute to."""
    rows = con.execute("SELECT o.indicator_id, i.name, i.unit FROM regional_objectives o"
                       " JOIN indicators i USING (indicator_id) WHERE o.region = ? ORDER BY o.indicator_id",
                       [region]).fetchall()
    return {row[0]: Objective(*row) for row in rows}


def stored(con: duckdb.DuckDBPyConnection, commitment_id: int | None = None,
           region: str | None = None) -> dict[int, Pairs]:
    """The stored contributions of one commitment, or of a region's, by commitment (those without any left out)."""
    rows = con.execute("SELECT commitment_id, indicator_id, value FROM commitment_objectives WHERE commitment_id IN"
                       " (SELECT commitment_id FROM commitments WHERE commitment_id = $id OR region = $region)"
                       " ORDER BY commitment_id, indicator_id", {"id": commitment_id, "region": region}).fetchall()
    found: dict[int, list] = {}
    for commitment_id, indicator, value in rows:
        found.setdefault(commitment_id, []).append((indicator, value))
    return {key: tuple(pairs) for key, pairs in found.items()}


def replace(con: duckdb.DuckDBPyConnection, contributions: dict[int, Pairs]) -> None:
    """Store ``contributions`` as the whole of each commitment's (an empty one removes its rows)."""
    if not contributions:
        return
    con.execute("DELETE FROM commitment_objectives WHERE commitment_id IN (SELECT unnest(?::INTEGER[]))",
                [list(map(int, contributions))])
    frame = pd.DataFrame([(int(c), i, v) for c, pairs in contributions.items() for i, v in pairs],
                         columns=["commitment_id", "indicator_id", "value"])
    if frame.empty:
        return
    con.register("new_contributions", frame)
    con.execute("INSERT INTO commitment_objectives SELECT commitment_id, indicator_id, value FROM new_contributions")
    con.unregister("new_contributions")

