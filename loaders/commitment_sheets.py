"""Reading the commitments template: its sheet(s) of commitments and the sheets of their repeated groups.

A CSV is one sheet of commitments. A workbook's sheets are read by name for the groups (« Territoires »,
« Objectifs », « Financements », « Suivi », « Réalisations »: ``domain.commitment_template``), and by their columns
for the commitments (every other sheet with the template's columns: « Engagements », or an export's sector
sheets); the others (« Synthèse », « Mode d'emploi », the lists) are not read. Every line remembers where it was
(« feuille « Territoires », ligne 7 »), for the messages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from domain.commitment_template import (
    BY_HEADER,
    COMMITMENT,
    GROUP_SHEETS,
    QUANTITIES,
    REQUIRED,
    SHEET_OF,
)
from domain.commitments import SIMPLE_LABELS
from domain.headers import normalize_header
from domain.spreadsheet import unneutralize
from domain.texts import CELL
from loaders.archives import open_workbook
from loaders.errors import LoadError
from loaders.tables import stream_table

LEVER_COLUMN = normalize_header(SIMPLE_LABELS["lever_id"])
NUMBER = re.compile(r"^\s*[0-9]+(\.0+)?\s*$")


@dataclass
class Line:
    where: str          # « ligne 4 » or « feuille « Transports », ligne 4 »
    raw: dict           # field → value as read


@dataclass
class Sheets:
    lines: list[Line]
    groups: dict[str, list[tuple[Line, str]]] = field(default_factory=dict)  # group → (line, its « Engagement »)


def link_key(value) -> tuple[str, object] | None:
    """What a cell « Engagement », « Identifiant » or « Référence » names: ("id", number) or ("ref", text)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    text = str(int(value)) if isinstance(value, float) and value.is_integer() else str(value).strip()
    return ("id", int(float(text))) if NUMBER.match(text) else ("ref", text.casefold())


def read_sheets(path: Path) -> Sheets:
    """The template's lines, from a CSV (one sheet of commitments) or from a workbook."""
    path = Path(path)
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return _read_workbook(path)
    table = stream_table(path, REQUIRED)
    _check_quantity_columns(path, table.columns)
    return Sheets([Line(f"ligne {line}", _fields(row)) for line, row in table])


def _fields(row: dict) -> dict:
    """The line's fields, by the template's columns the file has."""
    return {key: unneutralize(row.get(column)) for column, key in BY_HEADER.items() if column in row}


def _check_quantity_columns(path: Path, columns: list[str]) -> None:
    """A file giving the simple form's lever gives its quantity too."""
    if LEVER_COLUMN in columns and not any(c in columns for c in QUANTITIES):
        raise LoadError(path, "colonne « ktCO₂e » ou « Quantité physique » manquante à côté de « Levier "
                              "(identifiant) ».", line=1, hint=f"Colonnes trouvées : {', '.join(columns)}.")


def _header(rows) -> tuple[list[str] | None, list, int]:
    """The first non-blank row (normalized), the row as written, and its number."""
    for number, values in enumerate(rows, start=1):
        if any(v is not None and str(v).strip() for v in values):
            return [normalize_header(v) if v is not None else "" for v in values], list(values), number
    return None, [], 0


def _read_workbook(path: Path) -> Sheets:
    if not path.exists():
        raise LoadError(path, "le fichier n'existe pas.")
    workbook = open_workbook(path)
    sheets, found = Sheets([]), []
    several = len(workbook.worksheets) > 1
    try:
        for sheet in workbook.worksheets:
            rows = sheet.iter_rows(values_only=True)
            header, _, header_number = _header(rows)
            prefix = f"feuille « {sheet.title} », " if several else ""
            name = SHEET_OF.get(normalize_header(sheet.title))
            if name is not None:
                sheets.groups[GROUP_SHEETS[name].group] = _group_lines(path, sheet.title, name, header, header_number,
                                                                   rows)
                continue
            if header is None or not all(c in header for c in REQUIRED):
                found.append((sheet.title, header or []))
                continue
            _check_quantity_columns(path, header)
            sheets.lines += [Line(f"{prefix}ligne {number}", _fields(row)) for number, row in
                             _rows(path, sheet.title, header, header_number, rows)]
    finally:
        workbook.close()
    if not sheets.lines and found and len(found) + len(sheets.groups) == len(workbook.worksheets):
        missing = sorted({c for _, header in found for c in REQUIRED if c not in header})
        raise LoadError(path, f"aucune feuille n'a les colonnes du modèle d'engagements (manquantes : "
                              f"{', '.join(missing)}).", line=1,
                        hint="Téléchargez le modèle depuis la page « Feuille de route ».")
    if not sheets.lines:
        raise LoadError(path, "le classeur ne contient aucune ligne d'engagement après l'en-tête.")
    return sheets


def _rows(path: Path, title: str, header: list[str], header_number: int, rows):
    """(line number, {column: value}) of a sheet's rows after its header, blank rows skipped."""
    for number, values in enumerate(rows, start=header_number + 1):
        if not any(v is not None and str(v).strip() for v in values):
            continue
        for column, value in zip(header, values):
            if isinstance(value, str) and (problem := CELL.problem(value)):
                raise LoadError(path, f"feuille « {title} » : {problem}.", line=number, column=column or None)
        yield number, {c: (v.strip() if isinstance(v, str) else v) for c, v in zip(header, values) if c}


def _group_lines(path: Path, title: str, name: str, header: list[str] | None, header_number: int,
                 rows) -> list[tuple[Line, str]]:
    """A group sheet's lines, each with the commitment its « Engagement » names; its columns are checked."""
    sheet = GROUP_SHEETS[name]
    columns = {normalize_header(h): key for h, key in sheet.columns if key}
    required = [normalize_header(h) for h in (COMMITMENT, *sheet.required)]
    if header is None:
        return []
    missing = [c for c in required if c not in header]
    if missing:
        raise LoadError(path, f"feuille « {title} » : colonne(s) manquante(s) : {', '.join(missing)}.",
                        line=header_number, hint=f"Colonnes attendues : {', '.join(h for h, _ in sheet.columns)}"
                        f", et « {COMMITMENT} » (l'identifiant ou la référence de l'engagement).")
    lines = []
    for number, row in _rows(path, title, header, header_number, rows):
        raw = {key: unneutralize(row.get(column)) for column, key in columns.items() if column in row}
        lines.append((Line(f"feuille « {title} », ligne {number}", raw), row.get(normalize_header(COMMITMENT))))
    return lines
