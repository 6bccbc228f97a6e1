"""The projection mode's data: the sequence of screens of a region, and everything the browser needs to
show them and recompute the "what if" without asking the server.

Screens, in order: the region (objective and gap); then for each sector, most behind first, the sector,
its levers side by side, and for each lever the lever itself and its territories (the lever's objective
split among the départements).

The what-if is a proposal in ktCO₂e per lever, added to what is already acquired: what remains to commit by
2030 = objective − acquired − proposed. The acquis of a lever, a sector and the region is the Écarts page's
(``domain.progress``: each observed lever's latest progress, each with its year), sent with the words that
say its scope, its year-by-year curve when every year holds the same levers, and why the remaining effort
exceeds the objective when it does. A lever without an observation has no known acquired part: it counts 0
and the screen says so. A proposal made on a sector screen is shared among its editable levers in
proportion to their objectives.
"""

from __future__ import annotations

import math

import duckdb
import pandas as pd

from dashboard.store import queries
from domain import scenarios, split
from domain.gaps import excess, group_gaps, lever_observations, observed_progress, status, territory_gaps, trajectory
from domain.magnitudes import split_unit
from domain.numbers import NumberError, optional_number
from domain.split_methods import DEFAULT_METHOD, methods
from domain.vocabulary import NO_DATA, PROVENANCE_LABELS, browser_vocabulary

LEVEL = "region"
POPULATION_SPLIT = "répartition indicative au prorata de la population (calculé)"
NO_SPLIT = ("répartition indisponible : les départements de la région et leur population ne sont pas chargés "
            "(python -m loaders territoires)")


def nice_step(span: float) -> float:
    """A round step (1, 2 or 5 × 10ⁿ) close to ``span``."""
    if not span or span <= 0 or not math.isfinite(span):
        return 1.0
    power = 10 ** math.floor(math.log10(span))
    return next(m * power for m in (1, 2, 5, 10) if m * power >= span * 0.999)


def _number(value) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def _text(value) -> str | None:
    return value if isinstance(value, str) else None


def _lever(row, points: pd.DataFrame) -> dict:
    """One lever, with the bounds of its what-if control: in its physical unit when it has one."""
    translated = bool(row.translated)
    unit, _ = split_unit(row.unit_phys.replace("\n", " ")) if translated else ("ktCO₂e", "")
    per_kt = abs(float(row.ratio_co2_to_phys)) if translated else 1.0
    top = max(float(row.obj_co2_kt), 0.0) * per_kt or per_kt
    key_step = nice_step(top / 20)
    year = None if pd.isna(row.observed_year) else int(row.observed_year)
    return {
        "id": row.lever_id, "name": row.lever, "sector": row.sector,
        "objective": float(row.obj_co2_kt), "acquired": _number(row.progress_kt),
        "year": year,
        "expected": _number(row.expected_kt), "gap": _number(row.gap_kt), "status": row.status_gap,
        "trend": _text(row.trend), "trend_said": _text(row.trend_said),
        "editable": not bool(row.edition_disabled),
        "unit": unit, "per_kt": per_kt, "sign": -1 if translated and row.ratio_co2_to_phys < 0 else 1,
        "max": top, "key_step": key_step, "step": key_step / 10,
        "path": {"points": [[int(y), float(p), 1] for y, p in zip(points["year"], points["progress_kt"])],
                 "acquired": _number(row.progress_kt), "year": year, "scope": None},
    }


def _path(path: dict) -> dict:
    """A set of levers' acquis and its curve (``gaps.trajectory``), as the screens draw and say them."""
    summary = path["acquired"]
    return {"points": [[int(y), float(p), int(n)] for y, p, n in
                       zip(path["curve"]["year"], path["curve"]["progress_kt"], path["curve"]["observed_levers"])],
            "acquired": summary.kt, "year": summary.last_year, "scope": summary.scope}


def _sector(row, gaps: pd.DataFrame, progress: pd.DataFrame) -> dict:
    levers = gaps[gaps["sector"] == row.group]
    editable = levers[~levers["edition_disabled"].astype(bool)]
    top = max(float(editable["obj_co2_kt"].sum()), 1.0)
    key_step = nice_step(top / 20)
    return {
        "name": row.group, "levers": list(levers["lever_id"]), "editable": list(editable["lever_id"]),
        "gap": _number(row.gap_kt), "status": row.status_gap,
        "observed_levers": int(row.observed_levers), "lever_count": int(row.levers),
        "unit": "ktCO₂e", "per_kt": 1.0, "sign": 1, "max": top, "key_step": key_step, "step": key_step / 10,
        "path": _path(trajectory(gaps, progress, list(levers["lever_id"]))),
        "excess": _text(row.excess),
    }


def territory_split(con: duckdb.DuckDBPyConnection, region: str, gaps: pd.DataFrame) -> dict:
    """Each lever's objective among the region's départements: the split of the « Déclinaison » page
    (default method) when the region's communes are loaded, else a split by population."""
    if region in split.regions_with_communes(con):
        method = methods(con)
        name = method.loc[method["method_id"] == DEFAULT_METHOD, "name"]
        result = split.region_split(con, region, DEFAULT_METHOD, "departement")
        names = dict(zip(result.territories["code"], result.territories["name"]))
        parts = result.parts.assign(name=result.parts["territory_code"].map(names))
        label = (f"déclinaison indicative, méthode « {name.iloc[0] if len(name) else 'par défaut'} » de la page "
                 "Déclinaison (calculé)")
    else:
        departements = queries.region_parts(con, region, "departement")
        population = departements["population"].fillna(0).astype(float)
        if departements.empty or population.sum() <= 0:
            return {"label": NO_SPLIT, "levers": {}}
        shares = population / population.sum()
        parts = pd.DataFrame([(code, name, lever_id, obj * share)
                              for lever_id, obj in zip(gaps["lever_id"], gaps["obj_co2_kt"])
                              for code, name, share in zip(departements["code"], departements["name"], shares)],
                             columns=["territory_code", "name", "lever_id", "obj_co2_kt"])
        label = POPULATION_SPLIT
    return {"label": label, "levers": {
        lever_id: [[name, float(kt)] for name, kt in
                   zip(rows.sort_values("obj_co2_kt", ascending=False)["name"],
                       rows.sort_values("obj_co2_kt", ascending=False)["obj_co2_kt"])]
        for lever_id, rows in parts.groupby("lever_id")}}


def screens(sectors: list[dict], levers: dict[str, dict]) -> list[dict]:
    """The sequence: region, then per sector: sector, its levers, and per lever: lever, territories."""
    sequence = [{"kind": "region"}]
    for sector in sectors:
        sequence += [{"kind": "sector", "sector": sector["name"]}, {"kind": "levers", "sector": sector["name"]}]
        ordered = sorted(sector["levers"], key=lambda i: -levers[i]["objective"])
        for lever_id in ordered:
            sequence += [{"kind": "lever", "lever": lever_id}, {"kind": "territories", "lever": lever_id}]
    return sequence


def agenda_sequence(data: dict, sectors: list[str]) -> list[int]:
    """The 1-based numbers, in the region's sequence (``payload``), of the screens a meeting presents: the region's,
    then every screen of the sectors on its agenda (a lever's screens are its sector's)."""
    def sector(screen: dict) -> str | None:
        return screen["sector"] if "sector" in screen else data["levers"].get(screen.get("lever"), {}).get("sector")
    return [number for number, screen in enumerate(data["screens"], 1)
            if screen["kind"] == "region" or sector(screen) in sectors]


def cut(data: dict, sequence: list[int] | None) -> dict:
    """``data`` with only the screens of ``sequence`` (``agenda_sequence``), in order; all of them for None."""
    return data if sequence is None else {**data, "screens": [data["screens"][number - 1] for number in sequence]}


def provenance(gaps: pd.DataFrame) -> str:
    statuses = sorted({PROVENANCE_LABELS.get(s, s) for s in gaps["status"]})
    sources = sorted({f"{s}, millésime {v}" for s, v in zip(gaps["source"], gaps["vintage"])})
    return (f"Objectifs : {' ; '.join(sources)} — {', '.join(statuses)}. Acquis : dernières valeurs observées "
            "importées. Écarts, reste à engager et propositions : calculés.")


def payload(con: duckdb.DuckDBPyConnection, region: str) -> dict:
    """Everything the projection screens of ``region`` show, as JSON-ready data."""
    gaps = territory_gaps(con, LEVEL, region)
    gaps = gaps[gaps["enabled"].astype(bool)].reset_index(drop=True)
    progress = observed_progress(gaps, lever_observations(con, LEVEL, region))
    info = queries.territory(con, LEVEL, region) or {"name": region, "fictional": False}
    levers = {row.lever_id: _lever(row, progress[progress["lever_id"] == row.lever_id])
              for row in gaps.itertuples()}
    sectors = [_sector(row, gaps, progress) for row in group_gaps(gaps, "sector").itertuples()]
    observed = gaps[gaps["status_gap"] != NO_DATA]
    return {
        "region": {"code": region, "name": info["name"], "fictional": bool(info["fictional"]),
                   "objective": float(gaps["obj_co2_kt"].sum()),
                   "gap": float(observed["gap_kt"].sum()) if len(observed) else None,
                   "status": status(observed["gap_kt"].sum() if len(observed) else None,
                                    observed["obj_co2_kt"].sum()),
                   "observed_levers": len(observed), "lever_count": len(gaps),
                   "path": _path(trajectory(gaps, progress, list(gaps["lever_id"]))), "excess": excess(gaps)},
        "levers": levers,
        "sectors": {sector["name"]: sector for sector in sectors},
        "screens": screens(sectors, levers),
        "territories": territory_split(con, region, gaps),
        "provenance": provenance(gaps),
        "vocabulary": browser_vocabulary(),
    }


def session_name(con: duckdb.DuckDBPyConnection, region: str, today: str) -> str:
    """« Séance de projection du 22 novembre 2026 », numbered when the territory already has one."""
    taken = {n.casefold() for n in scenarios.territory_scenarios(con, LEVEL, region)["name"]}
    name, number = f"Séance de projection du {today}", 2
    while name.casefold() in taken:
        name, number = f"Séance de projection du {today} ({number})", number + 1
    return name


def keep_proposals(con: duckdb.DuckDBPyConnection, region: str, scenario_id: int | None, today: str,
                   proposals: dict[str, float], author: str | None = None) -> tuple[int, str]:
    """Store proposals (ktCO₂e per lever) in a scenario as « déjà réalisé ou prévu » = acquired + proposed.

    A proposal is computed on the spot from what is acquired, not from a value read earlier: it is
    saved over whatever the lever holds (no version check), by ``author``.

    Uses ``scenario_id`` when it is a live scenario of the region, else creates one for the session.
    Returns the scenario's id and name.
    """
    found = scenarios.scenario(con, scenario_id) if scenario_id else None
    if (not found or pd.notna(found["deleted_at"])
            or (found["territory_level"], found["territory_code"]) != (LEVEL, region)):
        scenario_id = scenarios.create_scenario(con, LEVEL, region, session_name(con, region, today), author)
        found = scenarios.scenario(con, scenario_id)
    acquired = territory_gaps(con, LEVEL, region).set_index("lever_id")["progress_kt"]
    for lever_id, proposed in proposals.items():
        if lever_id not in acquired.index or not math.isfinite(proposed) or proposed < 0:
            raise scenarios.ScenarioError("Proposition illisible : rechargez la page et recommencez.")
        base = acquired[lever_id]
        scenarios.save_lever_value(con, scenario_id, lever_id, "done_kt",
                                   (0.0 if pd.isna(base) else float(base)) + proposed, None, author)
    return scenario_id, found["name"]


def screen_proposals(data: dict, index: int, proposals: dict) -> dict[str, float]:
    """The positive proposals (ktCO₂e) of the levers a screen acts on: its lever, or its sector's editable levers."""
    screen = data["screens"][index] if 0 <= index < len(data["screens"]) else {"kind": "region"}
    if screen["kind"] == "lever":
        ids = [screen["lever"]] if data["levers"][screen["lever"]]["editable"] else []
    elif screen["kind"] == "sector":
        ids = data["sectors"][screen["sector"]]["editable"]
    else:
        ids = []
    chosen = {}
    for lever_id in ids:
        try:
            value = optional_number((proposals or {}).get(lever_id)) or 0.0
        except NumberError:
            continue
        if value > 0:
            chosen[lever_id] = value
    return chosen
