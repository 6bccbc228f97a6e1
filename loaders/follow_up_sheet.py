"""The « Suivi » sheet of the commitments workbook: one row per commitment and year, keyed by the commitment's
number (``domain.follow_up.SHEET_COLUMNS``), imported with the commitments (``loaders.commitments``).

A row is read as the page's form reads it (``domain.follow_up.validate``), against the commitment as stored after the
commitments' lines: a row refused is said with its line, its column and why, and writes nothing; the others are
saved. A row equal to what is stored changes nothing, so that an exported workbook re-imports unchanged; a row whose
« Version du suivi » is older than the stored one, and that differs from it, is refused (modified since the export).
A workbook without a « Suivi » sheet (a CSV, a template made before) leaves the follow-up as it is.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import duckdb

from domain import commitment_store, follow_up, formats
from domain.commitments import Context
from domain.conflicts import Conflict
from domain.formats import moment
from domain.headers import normalize_header
from domain.numbers import NumberError
from domain.ranges import IDENTIFIER
from domain.spreadsheet import unneutralize
from loaders.archives import open_workbook
from loaders.errors import LoadError

BY_HEADER = {normalize_header(header): key for header, key in follow_up.SHEET_COLUMNS if key}
REQUIRED = [normalize_header(follow_up.SHEET_HEADERS[0]), normalize_header(follow_up.LABELS["year"])]


@dataclass
class Row:
    line: int
    raw: dict  # field → value as read


@dataclass
class Counts:
    saved: int = 0
    unchanged: int = 0
    refused: list[str] = field(default_factory=list)  # « feuille « Suivi », ligne 3 : Dépensé (€) : … »

    def summary(self) -> str:
        return (f"Suivi : {formats.counted(self.saved, 'année')} {formats.noun(self.saved, 'enregistrée')}, "
                f"{formats.agreed(self.unchanged, 'inchangé', True)}, "
                f"{formats.agreed(len(self.refused), 'refusé', True)}.")


def read_rows(path: Path) -> list[Row] | None:
    """The « Suivi » sheet's rows; None when the file has no such sheet (a CSV, a workbook without it)."""
    if Path(path).suffix.lower() not in (".xlsx", ".xlsm"):
        return None
    workbook = open_workbook(path)
    try:
        sheet = next((s for s in workbook.worksheets if normalize_header(s.title) == normalize_header(
            follow_up.SHEET)), None)
        if sheet is None:
            return None
        rows = sheet.iter_rows(values_only=True)
        header = [normalize_header(v) if v is not None else "" for v in next(rows, ())]
        missing = [follow_up.SHEET_HEADERS[0] if c == REQUIRED[0] else follow_up.LABELS["year"]
                   for c in REQUIRED if c not in header]
        if missing:
            missing_columns = formats.noun(len(missing), "colonne manquante", "colonnes manquantes")
            raise LoadError(path, f"feuille « {follow_up.SHEET} » : {missing_columns} : {', '.join(missing)}.",
                            line=1, hint=f"Colonnes attendues : {', '.join(follow_up.SHEET_HEADERS)}.")
        found = []
        for number, values in enumerate(rows, start=2):
            if not any(v is not None and str(v).strip() for v in values):
                continue
            cells = {c: (v.strip() if isinstance(v, str) else v) for c, v in zip(header, values) if c}
            found.append(Row(number, {key: unneutralize(cells.get(column)) for column, key in BY_HEADER.items()
                                      if column in cells}))
        return found
    finally:
        workbook.close()


def apply_rows(con: duckdb.DuckDBPyConnection, rows: list[Row], context: Context, author: str,
               when: datetime | None = None) -> Counts:
    """Save each row that reads well over the stored follow-up; refuse the others with their line and column."""
    counts = Counts()
    seen: dict[tuple[int, int], int] = {}
    for row in rows:
        where = f"feuille « {follow_up.SHEET} », ligne {row.line}"
        problem, saved = _apply(con, row, context, author, when, seen)
        if problem:
            counts.refused.append(f"{where} : {problem}")
        elif saved:
            counts.saved += 1
        else:
            counts.unchanged += 1
    return counts


def _apply(con, row: Row, context: Context, author: str, when, seen: dict) -> tuple[str | None, bool]:
    """(the row's problem, None) or (None, whether it changed something)."""
    text = row.raw.get("commitment_id")
    try:
        number = int(IDENTIFIER.read(text))
    except NumberError:
        return f"{follow_up.SHEET_HEADERS[0]} : « {text if text is not None else ''} » n'est pas un numéro " \
               "d'engagement.", False
    commitment = commitment_store.get(con, number)
    if commitment is None or commitment["region"] != context.region:
        return f"{follow_up.SHEET_HEADERS[0]} : aucun engagement n° {number} dans cette région.", False
    checked = follow_up.validate(row.raw, commitment, context)
    if not checked.ok:
        return " ; ".join(f"{follow_up.LABELS[k]} : {p}" for k, p in checked.errors.items()), False
    year = checked.values["year"]
    if (number, year) in seen:
        return f"même engagement et même année que la ligne {seen[number, year]}.", False
    seen[number, year] = row.line
    values = {key: checked.values[key] for key in follow_up.VALUES}
    stored = follow_up.get(con, number, year)
    if stored is not None and not follow_up.differences(stored, values):
        return None, False
    expected = _version(row.raw.get("version"))
    if stored is not None and expected is not None and expected != stored["version"]:
        return (f"le suivi {year} de l'engagement n° {number} a été modifié par {stored['entered_by']} le "
                f"{moment(stored['entered_at'])} (version {stored['version']}) depuis votre export (version "
                f"{expected}) ; repartez d'un export récent."), False
    saved = follow_up.save(con, number, year, values, stored["version"] if stored else None, author,
                           action="import", when=when)
    if isinstance(saved, Conflict):
        return f"le suivi {year} de l'engagement n° {number} vient d'être modifié ; réessayez.", False
    return None, True


def _version(value) -> int | None:
    try:
        number = IDENTIFIER.read_optional(value)
    except NumberError:
        return None
    return None if number is None else int(number)
