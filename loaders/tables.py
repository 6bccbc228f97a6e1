"""Reading tabular files (CSV in any common dialect, XLSX) into rows that remember their line.

A CSV's separator is the one among ``; , tab |`` that yields the expected columns; the
encoding is UTF-8 (with or without BOM) unless the user names another. Nothing is guessed
silently: a file that fits no dialect is refused with the columns that were found.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from domain.headers import normalize_header
from loaders.errors import LoadError

SEPARATORS = [";", ",", "\t", "|"]
SEPARATOR_NAMES = {";": "point-virgule", ",": "virgule", "\t": "tabulation", "|": "barre verticale"}


@dataclass
class Table:
    """Rows as dicts of stripped strings, each with the line it came from in the file."""

    path: Path
    columns: list[str]
    rows: list[dict[str, str]]
    lines: list[int]
    separator: str | None = None

    def __len__(self) -> int:
        return len(self.rows)


def read_table(
    path: Path | str,
    required: list[str],
    optional: list[str] = (),
    encoding: str | None = None,
) -> Table:
    """Read a CSV or XLSX file whose (normalized) header contains ``required``."""
    path = Path(path)
    if not path.exists():
        raise LoadError(path, "le fichier n'existe pas.")
    if path.stat().st_size == 0:
        raise LoadError(path, "le fichier est vide.")
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        table = _read_xlsx(path)
    else:
        table = _read_csv(path, required, encoding)
    _check_columns(table, required)
    if not table.rows:
        raise LoadError(path, "le fichier ne contient aucune ligne de données après l'en-tête.")
    return table


def _check_columns(table: Table, required: list[str]) -> None:
    missing = [c for c in required if c not in table.columns]
    if missing:
        raise LoadError(
            table.path,
            f"colonne(s) manquante(s) : {', '.join(missing)}.",
            line=1,
            hint=f"Colonnes trouvées : {', '.join(table.columns) or '(aucune)'}.",
        )


def _decode(path: Path, encoding: str | None) -> str:
    raw = path.read_bytes()
    try:
        return raw.decode(encoding or "utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise LoadError(
            path,
            f"le fichier n'est pas encodé en {encoding or 'UTF-8'} (octet invalide).",
            line=line,
            hint="Réenregistrez-le en UTF-8, ou indiquez son encodage avec --encodage latin-1.",
        ) from None
    except LookupError:
        raise LoadError(path, f"encodage inconnu : « {encoding} ».") from None


def _choose_separator(path: Path, header_line: str, required: list[str]) -> str:
    candidates = []
    for separator in SEPARATORS:
        columns = [normalize_header(c) for c in next(csv.reader([header_line], delimiter=separator))]
        if all(c in columns for c in required):
            return separator
        candidates.append((len(columns), separator, columns))
    count, separator, columns = max(candidates)
    if count == 1:
        raise LoadError(
            path,
            "séparateur de colonnes non reconnu : l'en-tête ne se découpe ni au point-virgule, "
            "ni à la virgule, ni à la tabulation.",
            line=1,
            hint=f"En-tête lu : « {header_line[:120]} ».",
        )
    return separator


def _read_csv(path: Path, required: list[str], encoding: str | None) -> Table:
    text = _decode(path, encoding)
    if not text.strip():
        raise LoadError(path, "le fichier est vide.")
    header_line = text.lstrip("\n").split("\n", 1)[0].rstrip("\r")
    separator = _choose_separator(path, header_line, required)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
    columns: list[str] | None = None
    rows, lines = [], []
    try:
        for fields in reader:
            if not any(f.strip() for f in fields):
                continue
            if columns is None:
                columns = [normalize_header(c) for c in fields]
                continue
            if len(fields) != len(columns):
                raise LoadError(
                    path,
                    f"{len(fields)} champs au lieu de {len(columns)} "
                    f"(séparateur : {SEPARATOR_NAMES[separator]}).",
                    line=reader.line_num,
                    hint="Vérifiez les guillemets et le séparateur de cette ligne.",
                )
            rows.append({c: f.strip() for c, f in zip(columns, fields)})
            lines.append(reader.line_num)
    except csv.Error as error:
        raise LoadError(path, f"CSV mal formé ({error}).", line=reader.line_num) from None
    return Table(path, columns or [], rows, lines, separator)


def _read_xlsx(path: Path) -> Table:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:
        raise LoadError(path, f"classeur Excel illisible ({type(error).__name__}).") from None
    sheet = workbook.worksheets[0]
    columns: list[str] | None = None
    rows, lines = [], []
    for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
        cells = ["" if v is None else _cell_text(v) for v in values]
        if not any(cells):
            continue
        if columns is None:
            columns = [normalize_header(c) for c in cells]
            continue
        cells = (cells + [""] * len(columns))[: len(columns)]
        rows.append(dict(zip(columns, cells)))
        lines.append(number)
    workbook.close()
    return Table(path, [c for c in (columns or []) if c], rows, lines)


def _cell_text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()
