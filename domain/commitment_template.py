"""The columns of the commitments template: the blank template, the roadmap's exports and the import share them,
so that an exported workbook re-imported changes nothing.

In a workbook, each repeated group of a commitment has a sheet of its own (``GROUP_SHEETS``): « Contributions » (to
the regional objectives), « Territoires » (those sharing it) and « Financements » (its financing lines), one row per
entry keyed by the commitment's « Identifiant » (for a commitment new in the file, without one: its « Intitulé »).
A one-table file (a CSV, a workbook made before those sheets) gives the contributions and the territories in cells of
the commitment's row instead (« PRELEV_EAU : 300 », « CRTE crte-53-29-2 : 60 ; … »): ``HEADERS`` has those cells,
``WORKBOOK_HEADERS`` not."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from domain import commitment_objectives, financing_lines, territory_shares
from domain.commitments import GROUPS, LABELS, LEVELS
from domain.headers import normalize_header

# Template columns in order: (header, field or None for a column shown but not read).
COLUMNS = [
    ("Identifiant", "commitment_id"), ("Version", "version"),
    (LABELS["territory_level"], "territory_level"), (LABELS["territory_code"], "territory_code"),
    ("Territoire", None), (LABELS["territories"], "territories"),
    (LABELS["lever_id"], "lever_id"), ("Levier", None), ("Secteur", None),
    (LABELS["objectives"], "objectives"), (LABELS["theme"], "theme"),
    (LABELS["carrier"], "carrier"), (LABELS["carrier_party"], "carrier_party"), (LABELS["title"], "title"),
    (LABELS["description"], "description"),
    (LABELS["quantity_phys"], "quantity_phys"), ("Unité physique", None), (LABELS["quantity_kt"], "quantity_kt"),
    (LABELS["start_year"], "start_year"), (LABELS["end_year"], "end_year"), (LABELS["status"], "status"),
    (LABELS["maturity"], "maturity"),
    (LABELS["total_cost"], "total_cost"), (LABELS["contact"], "contact"),
]
HEADERS = [header for header, _ in COLUMNS]
# The groups that a one-table file gives in cells, and a workbook in sheets of their own.
GROUP_CELLS = ("objectives", "territories")
WORKBOOK_HEADERS = [header for header, key in COLUMNS if key not in GROUP_CELLS]
# The columns of a template made before the « Financements » sheet (migration 043), still read: their amount and
# sources become one financing line of unknown year and status, as the migration made of the stored ones.
FORMER_COLUMNS = {"Financement (€)": "amount", "Sources de financement": "source"}
FORMER_BY_HEADER = {normalize_header(header): key for header, key in FORMER_COLUMNS.items()}
UNNAMED_SOURCE = "Source non précisée"  # the source of such a line without one, as migration 043 writes it
BY_HEADER = {normalize_header(header): key for header, key in COLUMNS if key}
REQUIRED = [normalize_header(LABELS[k]) for k in ("territory_level", "territory_code", "carrier", "title", "start_year",
                                                  "end_year", "status")]
QUANTITIES = [normalize_header(LABELS["quantity_phys"]), normalize_header(LABELS["quantity_kt"])]


def template_frame(commitments: pd.DataFrame) -> pd.DataFrame:
    """Commitments (``commitment_store.region_commitments``) in the template's columns."""
    columns = {"Territoire": "territory_name", "Levier": "lever_label", "Secteur": "sector",
               "Unité physique": "unit_phys"}
    frame = pd.DataFrame({header: commitments[key or columns[header]] for header, key in COLUMNS})
    frame[LABELS["territory_level"]] = frame[LABELS["territory_level"]].map(LEVELS)
    for key, group in GROUPS.items():
        if LABELS[key] in frame:
            frame[LABELS[key]] = [group.written(entries) or None for entries in frame[LABELS[key]]]
    return frame


@dataclass(frozen=True)
class GroupSheet:
    """The sheet of one repeated group: one row per entry, after its commitment's « Identifiant » and « Intitulé »."""

    name: str
    field: str  # the commitment's field (``GROUPS``)
    columns: dict[str, str]  # the entry's keys → headers, in order
    rows: Callable[[tuple], list[tuple]]  # a commitment's stored entries → the sheet's cells, in ``columns`` order
    types: dict[str, str]  # header → pandas type of the exported frame

    @property
    def headers(self) -> list[str]:
        return ["Identifiant", LABELS["title"], *self.columns.values()]

    @property
    def by_header(self) -> dict[str, str]:
        return {normalize_header(header): key for header, key in zip(
            self.headers, ["commitment_id", "title", *self.columns])}

    @property
    def required(self) -> list[str]:
        """The headers that make a sheet of this name this group's (an old template's reference list « Territoires »,
        without them, is not)."""
        return [normalize_header(header) for header in self.headers[:1] + self.headers[2:3]]

    def frame(self, commitments: pd.DataFrame) -> pd.DataFrame:
        """The entries of ``commitments`` (``commitment_store.region_commitments``) in the sheet's columns, one row
        per entry, in the commitments' order."""
        rows = [(number, title, *cells) for number, title, entries in zip(
            commitments["commitment_id"], commitments["title"], commitments[self.field])
            for cells in self.rows(entries or ())]
        return pd.DataFrame(rows, columns=self.headers).astype({"Identifiant": "Int64", **self.types})


CONTRIBUTIONS = GroupSheet("Contributions", "objectives", commitment_objectives.COLUMNS, lambda pairs: list(pairs),
                           {commitment_objectives.COLUMNS["value"]: "float64"})
TERRITORIES = GroupSheet("Territoires", "territories", territory_shares.COLUMNS, lambda shares: [
    (LEVELS[level], code, share * 100) for level, code, share in shares],
    {territory_shares.COLUMNS["share"]: "float64"})
FINANCING = GroupSheet("Financements", "financing", financing_lines.COLUMNS, lambda lines: list(lines),
                       {financing_lines.COLUMNS["amount"]: "float64", financing_lines.COLUMNS["year"]: "Int64"})
GROUP_SHEETS = [CONTRIBUTIONS, TERRITORIES, FINANCING]
