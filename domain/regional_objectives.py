"""Regional objectives beyond greenhouse gases: water, biodiversity, soils, air, waste…

For an indicator of the catalogue, the regional team sets a baseline (year and value), a 2030 target — absolute, or
relative to the baseline (« −10 % ») — its source and its status (officiel, indicatif, de travail). It types it in
the Écarts page or loads a file of them (``loaders/regional_objectives.py``); both check it here, with the same
French messages. Its observed values are the Diagnostic's (the region's value of the indicator, loaded or computed
from its communes).

Its progress, like a lever's (``domain.gaps``): the latest value observed after the baseline year, minus the
baseline; the linear path from the baseline to the 2030 target expects, in year ``y``, the share
``(y − baseline year) / (2030 − baseline year)`` of the change the objective asks for; the gap is expected −
observed progress, counted in the objective's direction (positive: behind), and its status follows the same
tolerance as the levers'.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import numpy as np
import pandas as pd

from domain import clock, history, typed
from domain.commitments import Checked, same
from domain.conflicts import Conflict
from domain.errors import UserError
from domain.gaps import status
from domain.levers import TARGET_YEAR
from domain.ranges import BASELINE_YEAR, TARGET_CHANGE, unit_range
from domain.texts import SOURCE
from domain.vocabulary import NO_DATA, OBJECTIVE_STATUSES

LABELS = {"indicator_id": "Indicateur", "baseline_year": "Année de référence", "baseline_value": "Valeur de référence",
          "target_value": "Cible 2030", "target_change": "Évolution visée (%)", "source": "Source",
          "status": "Statut de l'objectif"}
FIELDS = list(LABELS)
# The file's columns (the loader's, the page's download, which re-imports unchanged): column → field.
FILE_COLUMNS = {"region": "region", "indicateur": "indicator_id", "annee_reference": "baseline_year",
                "valeur_reference": "baseline_value", "cible_2030": "target_value", "evolution_visee": "target_change",
                "source": "source", "statut": "status"}
COLUMNS = ["objective_id", "region", *FIELDS, "version", "updated_at", "updated_by"]


@dataclass(frozen=True)
class Indicator:
    """What an objective needs to know of its catalogue indicator."""
    indicator_id: str
    name: str
    unit: str
    theme: str


def validate(raw: dict, indicators: dict[str, Indicator]) -> Checked:
    """Check an objective's fields as typed (``indicators``: the catalogue's, by identifier); exactly one target,
    absolute (``target_value``) or relative (``target_change``, in percent of the baseline)."""
    checked = Checked()
    indicator_id = checked.values["indicator_id"] = typed.text(raw.get("indicator_id"))
    indicator = indicators.get(indicator_id) if indicator_id else None
    if indicator_id is None:
        checked.errors["indicator_id"] = "obligatoire (un indicateur du catalogue)."
    elif indicator is None:
        checked.errors["indicator_id"] = f"« {indicator_id} » n'est pas un indicateur du catalogue."
    checked.values["baseline_year"], problem = typed.year(raw.get("baseline_year"), BASELINE_YEAR)
    if problem or checked.values["baseline_year"] is None:
        checked.errors["baseline_year"] = problem or "obligatoire."
    plausible = unit_range(indicator.unit if indicator else None)
    for key in ("baseline_value", "target_value"):
        checked.values[key], problem = typed.number(raw.get(key), plausible)
        if problem:
            checked.errors[key] = problem
    if checked.values["baseline_value"] is None and "baseline_value" not in checked.errors:
        checked.errors["baseline_value"] = "obligatoire."
    checked.values["target_change"], problem = typed.number(raw.get("target_change"), TARGET_CHANGE)
    if problem:
        checked.errors["target_change"] = problem
    given = [key for key in ("target_value", "target_change") if checked.values[key] is not None]
    if not given and not {"target_value", "target_change"} & checked.errors.keys():
        checked.errors["target_value"] = ("indiquez la cible 2030, en valeur ou en évolution (%) par rapport à la "
                                          "référence.")
    elif len(given) == 2:
        checked.errors["target_change"] = "une seule cible : en valeur ou en évolution (%), pas les deux."
    elif checked.values["target_change"] == 0 or (checked.values["target_value"] is not None and
                                                  checked.values["target_value"] == checked.values["baseline_value"]):
        checked.errors[given[0]] = "la cible 2030 est la valeur de référence : l'objectif ne demande aucun changement."
    source = typed.text(raw.get("source"))
    if source is None:
        checked.errors["source"] = "obligatoire (d'où vient l'objectif : SRADDET, SDAGE, délibération…)."
    elif problem := SOURCE.problem(source):
        checked.errors["source"] = f"{problem}."
    checked.values["source"] = source
    checked.values["status"], problem = typed.choice(raw.get("status"), OBJECTIVE_STATUSES)
    if problem or checked.values["status"] is None:
        checked.errors["status"] = problem or f"obligatoire : {', '.join(OBJECTIVE_STATUSES)}."
    return checked


def target(baseline_value: float, target_value: float | None, target_change: float | None) -> float:
    """The 2030 value: the absolute target, else the baseline changed by ``target_change`` percent."""
    return target_value if target_value is not None and not pd.isna(target_value) else \
        baseline_value * (1 + target_change / 100)


def catalogue(con: duckdb.DuckDBPyConnection) -> dict[str, Indicator]:
    """The catalogue's indicators (not the levers' physical ones: a lever's objective is the SGPE's)."""
    rows = con.execute("SELECT indicator_id, name, unit, theme FROM indicators ORDER BY theme, name").fetchall()
    return {row[0]: Indicator(*row) for row in rows}


def region_objectives(con: duckdb.DuckDBPyConnection, region: str) -> pd.DataFrame:
    """The region's objectives, with their indicator's name, unit, theme and desirable direction, and their 2030
    value (``target_2030``) and the change they ask for (``needed``)."""
    frame = con.execute(
        f"""
        SELECT {', '.join('o.' + c for c in COLUMNS)}, i.name, i.unit, i.theme, i.direction
        FROM regional_objectives o JOIN indicators i USING (indicator_id)
        WHERE o.region = ? ORDER BY i.theme, i.name
        """, [region]).df()
    frame["target_2030"] = [target(b, v, c) for b, v, c in zip(frame["baseline_value"], frame["target_value"],
                                                                 frame["target_change"])]
    frame["needed"] = frame["target_2030"] - frame["baseline_value"]
    return frame


def observed(con: duckdb.DuckDBPyConnection, region: str) -> pd.DataFrame:
    """``indicator_id, year, value`` of the region's objectives' indicators: the value loaded for the region, else
    the one computed from its communes (the Diagnostic's)."""
    return con.execute(
        """
        WITH wanted AS (SELECT indicator_id FROM regional_objectives WHERE region = $region),
        loaded AS (
            SELECT subject_id AS indicator_id, year, value FROM observations
            WHERE subject_kind = 'indicateur' AND territory_level = 'region' AND territory_code = $region
              AND subject_id IN (SELECT indicator_id FROM wanted)),
        computed AS (
            SELECT subject_id AS indicator_id, year, value FROM indicator_aggregates
            WHERE subject_kind = 'indicateur' AND territory_level = 'region' AND territory_code = $region
              AND subject_id IN (SELECT indicator_id FROM wanted))
        SELECT * FROM loaded
        UNION ALL
        SELECT * FROM computed c WHERE NOT EXISTS (
            SELECT 1 FROM loaded l WHERE l.indicator_id = c.indicator_id AND l.year = c.year)
        ORDER BY indicator_id, year
        """, {"region": region}).df()


def expected_share(baseline_year: int, year: int) -> float:
    """Share of the objective's change expected on the linear path from the baseline year to 2030."""
    return (year - baseline_year) / (TARGET_YEAR - baseline_year) if TARGET_YEAR > baseline_year else 1.0


def gaps(objectives: pd.DataFrame, values: pd.DataFrame) -> pd.DataFrame:
    """``objectives`` (``region_objectives``) with, per objective, its latest value observed after its baseline
    year, the progress (observed − baseline), the progress expected that year, the gap (expected − observed, in the
    objective's direction: positive is behind) and the status."""
    frame = objectives.copy()
    after = values.merge(frame[["indicator_id", "baseline_year"]], on="indicator_id")
    latest = after[after["year"] > after["baseline_year"]].sort_values("year").groupby("indicator_id").tail(1)
    latest = latest.set_index("indicator_id")
    frame["observed_year"] = frame["indicator_id"].map(latest["year"]).astype("Int64")
    frame["observed_value"] = frame["indicator_id"].map(latest["value"]).astype(float)
    frame["progress"] = frame["observed_value"] - frame["baseline_value"]
    frame["expected"] = [needed * expected_share(int(base), int(year)) if pd.notna(year) else np.nan
                         for needed, base, year in zip(frame["needed"], frame["baseline_year"], frame["observed_year"])]
    way = np.sign(frame["needed"].astype(float))
    frame["gap"] = (frame["expected"] - frame["progress"]) * way
    frame["status_gap"] = [status(gap, needed) if pd.notna(gap) else NO_DATA
                           for gap, needed in zip(frame["gap"], frame["needed"])]
    return frame


def region_gaps(con: duckdb.DuckDBPyConnection, region: str) -> pd.DataFrame:
    """``gaps`` of the region's objectives, from their observed values."""
    return gaps(region_objectives(con, region), observed(con, region))


def get(con: duckdb.DuckDBPyConnection, objective_id: int) -> dict | None:
    row = con.execute(f"SELECT {', '.join(COLUMNS)} FROM regional_objectives WHERE objective_id = ?",
                      [objective_id]).fetchall()
    return dict(zip(COLUMNS, row[0])) if row else None


def save(con: duckdb.DuckDBPyConnection, region: str, raw: dict, expected: int | None, author: str | None,
         action: str | None = None) -> int | Conflict:
    """Create the region's objective for ``raw``'s indicator (``expected`` None), or change it over the version the
    team read; its identifier, or a Conflict. UserError (nothing written) for a refused value."""
    if not con.execute("SELECT 1 FROM territories WHERE level = 'region' AND code = $region UNION ALL "
                       "SELECT 1 FROM lever_objectives WHERE territory_level = 'region' AND territory_code = $region",
                       {"region": region}).fetchall():
        raise UserError(f"Objectif non enregistré : région « {region} » inconnue.")
    checked = validate(raw, catalogue(con))
    if not checked.ok:
        raise UserError("Objectif non enregistré : " + " ; ".join(f"{LABELS[key]} : {problem}" for key, problem
                                                                   in checked.errors.items()))
    values = checked.values
    found = con.execute("SELECT objective_id FROM regional_objectives WHERE region = ? AND indicator_id = ?",
                        [region, values["indicator_id"]]).fetchall()
    when = clock.now()
    if expected is None and found:
        raise UserError(f"Objectif non enregistré : la région a déjà un objectif pour « {values['indicator_id']} » ; "
                        "modifiez-le.")
    if expected is None:
        objective_id = con.execute("SELECT nextval('regional_objective_id_seq')").fetchone()[0]
        con.execute(f"INSERT INTO regional_objectives ({', '.join(COLUMNS)}) VALUES ({', '.join('?' * len(COLUMNS))})",
                    [objective_id, region, *[values[k] for k in FIELDS], 1, when, author])
        history.record(con, history.REGIONAL_OBJECTIVES, objective_id, author, action or history.CREATED,
                       {k: [None, values[k]] for k in FIELDS if values[k] is not None}, version=1, when=when)
        return objective_id
    return _update(con, found[0][0] if found else None, expected, values, author, action or history.CHANGED, when)


def _update(con, objective_id: int | None, expected: int, values: dict, author, action: str, when) -> int | Conflict:
    stored = get(con, objective_id) if objective_id is not None else None
    if stored is None:
        raise UserError("Objectif non enregistré : l'indicateur d'un objectif ne se change pas ; créez-en un autre.")
    if stored["version"] != expected:
        return Conflict(stored)
    changes = {k: [stored[k], values[k]] for k in FIELDS if not same(stored[k], values[k])}
    if changes:
        con.execute(f"UPDATE regional_objectives SET {', '.join(f'{k} = ?' for k in changes)}, version = version + 1,"
                    " updated_at = ?, updated_by = ? WHERE objective_id = ?",
                    [values[k] for k in changes] + [when, author, objective_id])
        history.record(con, history.REGIONAL_OBJECTIVES, objective_id, author, action, changes,
                       version=stored["version"] + 1, when=when)
    return objective_id

