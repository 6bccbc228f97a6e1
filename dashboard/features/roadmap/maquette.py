"""The maquette financière's arithmetic: the commitments' financing lines (``domain.financing_lines``) summed by
source and year, by territory and source, by sector or theme; the share financed; the commitments without acquired
financing; a CRTE's annual maquette.

A line is acquired when it is « accordé », « engagé » or « versé » (``ACQUIRED``); « sollicité » and a blank status
are asked for or unknown. The share financed is the acquired financing of the commitments whose total cost is known,
over those costs. Abandoned commitments count nothing. Like every total of the roadmap, a shared commitment counts in a
territory for its share (``coverage.share``): its lines' amounts and its cost are weighed by it, so that nothing is
counted twice.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from dashboard.features.roadmap.coverage import share
from domain import territory_shares
from domain.vocabulary import ACQUIRED, NO_FINANCING_STATUS, NO_FINANCING_YEAR, territory_label

TOTAL = "Total"
LINE_COLUMNS = ["position", "commitment_id", "title", "carrier", "sector", "source", "year", "status", "amount",
                "acquired"]


def live(commitments: pd.DataFrame) -> pd.DataFrame:
    """The commitments that count: not abandoned, each with the ``share`` the view gives it."""
    kept = commitments[commitments["status"] != "abandonné"]
    return kept.assign(share=share(kept))


def lines(commitments: pd.DataFrame) -> pd.DataFrame:
    """One row per financing line of the live commitments (``LINE_COLUMNS``; ``position``: the commitment's row in
    ``live(commitments)``), its amount weighed by the commitment's share; a blank amount counts 0."""
    counted = live(commitments)
    rows = [(position, number, title, carrier, sector, source, year, status, (amount or 0.0) * weight,
             status in ACQUIRED)
            for position, (number, title, carrier, sector, weight, financing) in enumerate(zip(
                counted["commitment_id"], counted["title"], counted["carrier"], counted["sector"], counted["share"],
                counted["financing"]))
            for source, _party, amount, year, status in financing]
    frame = pd.DataFrame(rows, columns=LINE_COLUMNS)
    return frame.astype({"position": int, "amount": float, "acquired": bool, "year": "Int64"})


def _year_label(year) -> str:
    return NO_FINANCING_YEAR if pd.isna(year) else str(int(year))


def by_source_year(commitments: pd.DataFrame, found: pd.DataFrame | None = None) -> pd.DataFrame:
    """Source × year: ``source``, one column per year (in order, then « année non précisée » when a line has none),
    ``Total``; a last row « Total ». ``found``: ``lines(commitments)``, when the caller has them (as below)."""
    found = lines(commitments) if found is None else found
    if found.empty:
        return pd.DataFrame({"source": [TOTAL], TOTAL: [0.0]})
    years = sorted(found["year"].dropna().astype(int).unique().tolist())
    columns = [str(y) for y in years] + ([NO_FINANCING_YEAR] if found["year"].isna().any() else [])
    return _with_totals(_summed(zip(found["source"], map(_year_label, found["year"].tolist()), found["amount"]),
                                columns), "source")


def by_territory_source(commitments: pd.DataFrame, members: pd.DataFrame | None,
                        names: dict[tuple[str, str], str], found: pd.DataFrame | None = None) -> pd.DataFrame:
    """Territory × source: each line counts in each territory carrying its commitment for that territory's share
    (``territory_shares.carriers``) — in a territory's view, only its ``members`` (None: the whole region).
    ``territory`` (its label, from ``names``), the largest total first, one column per source, ``Total``; a last row
    « Total »."""
    counted = live(commitments)
    found = lines(commitments) if found is None else found
    carried = territory_shares.carriers(counted)
    if members is not None:
        keys = set(zip(members["level"], members["code"]))
        carried = carried[np.array([key in keys for key in zip(carried["territory_level"], carried["territory_code"])],
                                   dtype=bool)]  # an empty list would select no column instead of no row
    amounts = [(territory_label(level, names.get((level, code), code)), source, amount * part / weight)
               for _, level, code, part, weight, source, amount in _joined(carried, found, counted)]
    if not amounts:
        return pd.DataFrame({"territory": [TOTAL], TOTAL: [0.0]})
    table = _summed(amounts, sorted({source for _, source, _ in amounts}))
    table = table.loc[table.sum(axis=1).sort_values(ascending=False, kind="stable").index]  # the largest first
    return _with_totals(table, "territory")


def _joined(carried: pd.DataFrame, found: pd.DataFrame, counted: pd.DataFrame):
    """(position, level, code, carrier's share, view's share, source, line amount) for each carrier and line."""
    weights = counted["share"].to_numpy(dtype=float)
    by_position: dict[int, list] = {}
    for position, source, amount in zip(found["position"], found["source"], found["amount"]):
        by_position.setdefault(int(position), []).append((source, amount))
    for position, level, code, part in zip(carried["position"], carried["territory_level"], carried["territory_code"],
                                           carried["share"]):
        for source, amount in by_position.get(int(position), ()):
            yield position, level, code, part, weights[position], source, amount


def _summed(cells, columns: list[str]) -> pd.DataFrame:
    """``(row, column, amount)`` summed by row and column: a table with a row per key (in order) and the ``columns``,
    0 where no amount — what ``pivot_table(aggfunc="sum", fill_value=0.0)`` makes, without its grouping machinery."""
    sums: dict[str, dict[str, float]] = {}
    for row, column, amount in cells:
        if isinstance(row, str):  # as pandas' grouping, which leaves out a missing key
            line = sums.setdefault(row, {})
            line[column] = line.get(column, 0.0) + amount
    rows = sorted(sums)
    return pd.DataFrame([[sums[row].get(column, 0.0) for column in columns] for row in rows],
                        index=pd.Index(rows), columns=pd.Index(columns), dtype=float)


def _with_totals(table: pd.DataFrame, key: str) -> pd.DataFrame:
    table = table.copy()
    table[TOTAL] = table.sum(axis=1)
    table.loc[TOTAL] = table.sum(axis=0)
    table.columns.name = None
    return table.rename_axis(key).reset_index()


def by_sector(commitments: pd.DataFrame, found: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per sector (or theme, for a commitment without a lever), then « Total »: ``commitments``, ``cost`` (known total
    costs), ``funding`` (every line), ``acquired`` (accordé, engagé, versé), ``requested`` (sollicité),
    ``financed_share`` (the acquired financing of the commitments whose cost is known, over those costs; NaN without
    cost) and ``unfunded`` (commitments without acquired financing)."""
    counted = live(commitments)
    found = lines(commitments) if found is None else found
    funding, acquired, requested = (np.zeros(len(counted)) for _ in range(3))
    has_acquired = np.zeros(len(counted), dtype=bool)
    for position, amount, is_acquired, status in zip(found["position"].tolist(), found["amount"].tolist(),
                                                     found["acquired"].tolist(), found["status"].tolist()):
        funding[position] += amount
        if is_acquired:
            acquired[position] += amount
            has_acquired[position] = True
        if status == "sollicité":
            requested[position] += amount
    cost = (counted["total_cost"] * counted["share"]).to_numpy(dtype=float)
    costed = ~pd.isna(cost)
    frame = pd.DataFrame({"sector": counted["sector"].to_numpy(), "one": 1, "cost": pd.Series(cost).fillna(0.0),
                          "funding": funding, "acquired": acquired, "requested": requested,
                          "costed_acquired": acquired * costed, "unfunded": (~has_acquired).astype(int)})
    grouped = frame.groupby("sector").sum()
    grouped.loc[TOTAL] = grouped.sum()
    financed = grouped["costed_acquired"] / grouped["cost"].where(grouped["cost"] > 0)
    return pd.DataFrame({"sector": grouped.index, "commitments": grouped["one"].astype(int).values,
                         "cost": grouped["cost"].values, "funding": grouped["funding"].values,
                         "acquired": grouped["acquired"].values, "requested": grouped["requested"].values,
                         "financed_share": financed.values, "unfunded": grouped["unfunded"].astype(int).values})


def without_acquired(commitments: pd.DataFrame, found: pd.DataFrame | None = None) -> pd.DataFrame:
    """The live commitments with no acquired financing line: ``commitment_id, title, carrier, territory, sector,
    cost`` (for the view's share), ``requested`` (their lines asked for or of unknown status)."""
    counted = live(commitments).reset_index(drop=True)
    found = lines(commitments) if found is None else found
    acquired = set(found.loc[found["acquired"], "position"])
    asked = found[~found["acquired"]].groupby("position")["amount"].sum()
    keep = [position for position in range(len(counted)) if position not in acquired]
    rows = counted.iloc[keep]
    return pd.DataFrame({
        "commitment_id": rows["commitment_id"].to_numpy(), "title": rows["title"].to_numpy(),
        "carrier": rows["carrier"].to_numpy(),
        "territory": [territory_label(level, name) for level, name in zip(rows["territory_level"],
                                                                         rows["territory_name"])],
        "sector": rows["sector"].to_numpy(), "cost": (rows["total_cost"] * rows["share"]).to_numpy(dtype=float),
        "requested": [float(asked.get(position, 0.0)) for position in keep]})


def annual(commitments: pd.DataFrame, year: int) -> pd.DataFrame:
    """A territory's maquette for ``year``: one row per line of that year (``commitment_id, title, carrier, source,
    status, amount``), by commitment then source."""
    found = lines(commitments)
    rows = found[found["year"] == year].sort_values(["commitment_id", "source"], kind="stable")
    return pd.DataFrame({"commitment_id": rows["commitment_id"].to_numpy(), "title": rows["title"].to_numpy(),
                         "carrier": rows["carrier"].to_numpy(), "source": rows["source"].to_numpy(),
                         "status": [status or NO_FINANCING_STATUS for status in rows["status"]],
                         "amount": rows["amount"].to_numpy(dtype=float)})


def years(commitments: pd.DataFrame, found: pd.DataFrame | None = None) -> list[int]:
    """The years the live commitments' lines name, in order."""
    found = lines(commitments) if found is None else found
    return sorted(found["year"].dropna().astype(int).unique().tolist())

