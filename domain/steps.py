"""The COP's four steps for the region, each département and each CRTE: dates planned and actual, a state.

A step's state follows its actual dates: « à venir » has none, « en cours » has begun (an actual start, no end),
« fait » is over (an actual end). Each pair of dates is in order. Every change writes a history line
(``domain.history``, table ``step_history``) in the transaction of the change.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from domain import clock
from domain import history as trail
from domain.dates import in_order, read_date
from domain.errors import UserError
from domain.process import DONE, STEP_LEVELS, STEP_STATES, STEPS, UNDER_WAY, UPCOMING, reached
from domain.vocabulary import LEVELS

STEPS_TRAIL = trail.Trail("step_history", "step_key")
DATES = {"planned_start": "le début prévu", "planned_end": "la fin prévue", "actual_start": "le début réel",
         "actual_end": "la fin réelle"}
LABELS = {"state": "État", "planned_start": "Début prévu", "planned_end": "Fin prévue", "actual_start": "Début réel",
          "actual_end": "Fin réelle"}
FIELDS = list(LABELS)


def validate(raw: dict) -> dict:
    """The step's values, checked (UserError, in French, naming the field): the state, four dates in order, and a
    state that agrees with the actual dates."""
    state = raw.get("state")
    if state not in STEP_STATES:
        raise UserError(f"État : « {state or ''} » inconnu ({', '.join(STEP_STATES)}).")
    values = {"state": state, **{key: read_date(raw.get(key), what) for key, what in DATES.items()}}
    in_order(values["planned_start"], values["planned_end"], "le début prévu", "la fin prévue")
    in_order(values["actual_start"], values["actual_end"], "le début réel", "la fin réelle")
    if state == UPCOMING and (values["actual_start"] or values["actual_end"]):
        raise UserError(f"État : une étape « {UPCOMING} » n'a pas encore de date réelle ; choisissez « {UNDER_WAY} » "
                        f"ou « {DONE} », ou effacez les dates réelles.")
    if state == UNDER_WAY and (values["actual_start"] is None or values["actual_end"]):
        raise UserError(f"État : une étape « {UNDER_WAY} » a un début réel et pas encore de fin réelle.")
    if state == DONE and values["actual_end"] is None:
        raise UserError(f"État : une étape « {DONE} » a une fin réelle.")
    return values


def key(level: str, code: str, step: int) -> str:
    return f"{level}:{code}:{step}"


def save_step(con: duckdb.DuckDBPyConnection, region: str, level: str, code: str, step: int, raw: dict,
              author: str) -> dict:
    """Record step ``step`` of a territory of ``region`` (checked by ``validate``); the values saved."""
    if step not in STEPS:
        raise UserError(f"Étape « {step} » inconnue (1 à 4).")
    if level not in STEP_LEVELS or (level, code) not in dict(territories(con, region)):
        raise UserError(f"Territoire « {level}:{code} » inconnu dans la région {region} : les étapes se suivent pour "
                        "la région, ses départements et ses CRTE.")
    values = validate(raw)
    stored = con.execute(f"SELECT {', '.join(FIELDS)} FROM territory_steps WHERE territory_level = ? "
                         "AND territory_code = ? AND step = ?", [level, code, step]).fetchone()
    before = dict(zip(FIELDS, stored)) if stored else {}
    changes = {field: [before.get(field), values[field]] for field in FIELDS if before.get(field) != values[field]}
    if not changes:
        return values
    now = clock.now()
    con.execute(f"INSERT OR REPLACE INTO territory_steps (territory_level, territory_code, step, {', '.join(FIELDS)},"
                " updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [level, code, step, *(values[field] for field in FIELDS), now, author])
    trail.record(con, STEPS_TRAIL, key(level, code, step), author, trail.CHANGED if stored else trail.CREATED,
                 changes, when=now)
    return values


def territories(con: duckdb.DuckDBPyConnection, region: str) -> list[tuple[tuple[str, str], str]]:
    """((level, code), name) of the territories whose steps are followed: the region, its départements, its CRTE."""
    rows = con.execute(
        """
        SELECT level, code, name FROM territories WHERE level = 'region' AND code = $region
        UNION ALL
        SELECT t.level, t.code, t.name FROM territory_links k
        JOIN territories t ON t.level = k.child_level AND t.code = k.child_code
        WHERE k.parent_level = 'region' AND k.parent_code = $region AND k.child_level IN ('departement', 'crte')
        ORDER BY 1 DESC, 3
        """, {"region": region}).fetchall()
    return [((level, code), name) for level, code, name in rows]


def region_steps(con: duckdb.DuckDBPyConnection, region: str) -> pd.DataFrame:
    """Every recorded step of the region's territories: level, code, name, step, state and the four dates."""
    frame = pd.DataFrame([(level, code, name) for (level, code), name in territories(con, region)],
                         columns=["territory_level", "territory_code", "name"])
    steps = con.execute(f"SELECT territory_level, territory_code, step, {', '.join(FIELDS)} FROM territory_steps"
                        ).df()
    merged = frame.merge(steps, on=["territory_level", "territory_code"])
    merged["rank"] = merged["territory_level"].map(list(LEVELS).index)
    return merged.sort_values(["rank", "name", "step"]).drop(columns="rank").reset_index(drop=True)


def reached_steps(steps: pd.DataFrame) -> dict[tuple[str, str], int]:
    """(level, code) → the step each territory of ``steps`` (``region_steps``) has reached (``process.reached``)."""
    return {(level, code): reached(dict(zip(group["step"], group["state"])))
            for (level, code), group in steps.groupby(["territory_level", "territory_code"])}


def history(con: duckdb.DuckDBPyConnection, level: str, code: str, step: int) -> pd.DataFrame:
    return trail.read(con, STEPS_TRAIL, key(level, code, step))
