"""The maquette financière of a roadmap: what the commitments' financing lines add up to.

Totals by source and year (a line of unknown year in its own column), by territory and source (each line counted
with the shares of its commitment's territories where one looks: a commitment shared 60/40 puts 60 % of each of its
lines in the first territory), by sector or theme; the share of the total cost that is financed (granted: accordé,
engagé, versé); and the commitments without any granted financing. « Abandonné » commitments are left out.
"""

from __future__ import annotations

import math

import pandas as pd

from domain.vocabulary import UNKNOWN_YEAR

TOTAL = "Total"
NO_SOURCE = "source non précisée"
ABANDONED = "abandonné"


def live(commitments: pd.DataFrame) -> pd.DataFrame:
    """The commitments a maquette counts: all but the abandoned ones."""
    return commitments[commitments["status"] != ABANDONED]


def _lines(lines: pd.DataFrame, commitments: pd.DataFrame) -> pd.DataFrame:
    """The lines with an amount of the ``commitments`` counted, with a source and a year to show."""
    kept = lines[lines["commitment_id"].isin(live(commitments)["commitment_id"]) & lines["amount"].notna()]
    return kept.assign(source=kept["source"].fillna(NO_SOURCE),
                       year=[str(int(y)) if pd.notna(y) else UNKNOWN_YEAR for y in kept["year"]])


def _with_totals(table: pd.DataFrame) -> pd.DataFrame:
    """A pivot table with a « Total » column and row."""
    table = table.copy()
    table[TOTAL] = table.sum(axis=1)
    table.loc[TOTAL] = table.sum(axis=0)
    return table


def by_source_year(lines: pd.DataFrame, commitments: pd.DataFrame) -> pd.DataFrame:
    """Sources (rows) × years (columns, in order, the unknown year last): amounts in euros, with totals."""
    kept = _lines(lines, commitments)
    table = kept.pivot_table(index="source", columns="year", values="amount", aggfunc="sum", fill_value=0.0)
    years = sorted((c for c in table.columns if c != UNKNOWN_YEAR)) + [c for c in table.columns if c == UNKNOWN_YEAR]
    return _with_totals(table.reindex(columns=years)).rename_axis(index="source", columns=None)


def by_territory_source(lines: pd.DataFrame, commitments: pd.DataFrame, territories: pd.DataFrame,
                        names: dict[tuple[str, str], str]) -> pd.DataFrame:
    """Territories (rows, by name) × sources: each line's amount shared among its commitment's territories by
    their ``weight`` (``territories``: commitment_id, territory_level, territory_code, weight), with totals."""
    kept = _lines(lines, commitments).merge(territories, on="commitment_id")
    kept = kept.assign(amount=kept["amount"] * kept["weight"], territory=[
        names.get((level, code), code) for level, code in zip(kept["territory_level"], kept["territory_code"])])
    table = kept.pivot_table(index="territory", columns="source", values="amount", aggfunc="sum", fill_value=0.0)
    return _with_totals(table).rename_axis(index="territory", columns=None)


def by_sector(lines: pd.DataFrame, commitments: pd.DataFrame) -> pd.DataFrame:
    """Per sector or theme (``commitments``' ``sector``): total cost, financing, granted, and the share financed."""
    counted = live(commitments)
    kept = _lines(lines, commitments).merge(counted[["commitment_id", "sector"]], on="commitment_id")
    kept = kept.assign(granted_amount=kept["amount"].where(kept["granted"].astype(bool), 0.0))
    financed = kept.groupby("sector")[["amount", "granted_amount"]].sum()
    cost = counted.groupby("sector")["total_cost"].sum(min_count=1)
    frame = pd.DataFrame({"cost": cost}).join(financed, how="outer").fillna({"amount": 0.0, "granted_amount": 0.0})
    frame.loc[TOTAL] = [frame["cost"].sum(min_count=1), frame["amount"].sum(), frame["granted_amount"].sum()]
    frame = frame.rename(columns={"amount": "financed", "granted_amount": "granted"})
    return frame.assign(financed_share=frame["granted"] / frame["cost"].where(frame["cost"] > 0)) \
        .rename_axis("sector").reset_index()


def financed_share(lines: pd.DataFrame, commitments: pd.DataFrame) -> float:
    """What the granted lines cover of the total cost of the commitments that give one (NaN: no cost given)."""
    costed = live(commitments)
    costed = costed[costed["total_cost"].notna() & (costed["total_cost"] > 0)]
    kept = _lines(lines, costed)
    granted = math.fsum(kept.loc[kept["granted"].astype(bool), "amount"])
    cost = math.fsum(costed["total_cost"])
    return granted / cost if cost else float("nan")


def without_granted(lines: pd.DataFrame, commitments: pd.DataFrame) -> pd.DataFrame:
    """The commitments counted that no granted line finances (none accordé, engagé or versé), in order."""
    granted = set(lines.loc[lines["granted"].astype(bool) & lines["amount"].notna(), "commitment_id"])
    counted = live(commitments)
    return counted[~counted["commitment_id"].isin(granted)].reset_index(drop=True)
