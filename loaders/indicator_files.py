"""Reading a large CSV or XLSX into a DuckDB temporary table of text, fast, remembering each row's line.

CSV files are read by DuckDB's own reader (a few seconds for millions of rows) with the dialect
fixed from the header line — separator among ``; , tab |`` — rather than sniffed: nothing is guessed
from the data. Every cell stays text (empty cells are NULL); checking the values is the caller's job,
which then asks ``line_of`` where a bad row sits in the file, blank lines and quoted line breaks counted.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

from domain import formats
from domain.headers import normalize_header
from loaders.archives import open_workbook
from loaders.encoding import HINT, Encoding, csv_encoding, utf8_copy
from loaders.errors import LoadError
from loaders.tables import SEPARATOR_NAMES, SEPARATORS

RAW = "indicator_raw"


@dataclass
class RawFile:
    """The file's rows in the temporary table ``indicator_raw`` (text columns, normalized header)."""

    path: Path
    columns: list[str]
    rows: int
    separator: str | None = None
    text_path: Path | None = None            # the UTF-8 text DuckDB read (CSV only)
    xlsx_lines: list[int] = field(default_factory=list)
    encoding: Encoding | None = None

    def line_of(self, row: int) -> int:
        """The file line of data row ``row`` (0-based, in the order of the table's rowid)."""
        if self.separator is None:
            return self.xlsx_lines[row]
        with open(self.text_path, encoding="utf-8-sig", newline="") as file:
            reader = csv.reader(file, delimiter=self.separator)
            seen = -1
            for fields in reader:
                if any(f.strip() for f in fields):
                    seen += 1
                    if seen == row + 1:  # the header is row -1
                        return reader.line_num
        return row + 2


def read_raw(con: duckdb.DuckDBPyConnection, path: Path, encoding: str | None, workdir: Path) -> RawFile:
    """Load ``path`` into ``indicator_raw``; ``workdir`` holds a UTF-8 copy of a CSV in another encoding."""
    if not path.exists():
        raise LoadError(path, "le fichier n'existe pas.")
    if path.is_dir():
        raise LoadError(path, "c'est un dossier, pas un fichier.")
    if path.stat().st_size == 0:
        raise LoadError(path, "le fichier est vide.")
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        raw = _read_xlsx(con, path)
    else:
        raw = _read_csv(con, path, encoding, workdir)
    if raw.rows == 0:
        raise LoadError(path, "le fichier ne contient aucune ligne de données après l'en-tête.")
    return raw


def _header(path: Path, text_path: Path) -> tuple[str, list[str]]:
    with open(text_path, "rb") as file:
        head = file.read(1 << 16)
    first = head.decode("utf-8-sig", errors="ignore").lstrip("\r\n").split("\n", 1)[0].rstrip("\r")
    best = max(SEPARATORS, key=lambda s: len(next(csv.reader([first], delimiter=s))))
    fields = next(csv.reader([first], delimiter=best))
    if len(fields) == 1:
        raise LoadError(path, "séparateur de colonnes non reconnu : l'en-tête ne se découpe ni au point-virgule, "
                        "ni à la virgule, ni à la tabulation.", line=1, hint=f"En-tête lu : « {first[:120]} ».")
    columns = [normalize_header(c) for c in fields]
    _check_header(path, columns)
    return best, columns


def _check_header(path: Path, columns: list[str]) -> None:
    if "" in columns:
        raise LoadError(path, f"la colonne n° {columns.index('') + 1} n'a pas de nom.", line=1)
    duplicated = sorted({c for c in columns if columns.count(c) > 1})
    if duplicated:
        raise LoadError(path, f"{formats.noun(len(duplicated), 'colonne')} en double dans l'en-tête : "
                        f"{', '.join(duplicated)}.", line=1)


def _read_csv(con: duckdb.DuckDBPyConnection, path: Path, encoding: str | None, workdir: Path) -> RawFile:
    detected = csv_encoding(path, encoding)
    text_path = utf8_copy(path, detected, workdir)
    separator, columns = _header(path, text_path)
    types = {c: "VARCHAR" for c in columns}
    try:
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE {RAW} AS SELECT * FROM read_csv(?, columns = {types!r}, "
            "auto_detect = false, header = true, delim = ?, quote = '\"', escape = '\"', null_padding = false)",
            [str(text_path), separator],
        )
    except duckdb.Error as error:
        raise _csv_error(path, str(error), separator, len(columns)) from None
    rows = con.execute(f"SELECT count(*) FROM {RAW}").fetchone()[0]
    return RawFile(path, columns, rows, separator, text_path, encoding=detected)


def _csv_error(path: Path, message: str, separator: str, expected: int) -> LoadError:
    """DuckDB's English CSV error, said in French with its line."""
    line = re.search(r"Line: (\d+)", message)
    line = int(line.group(1)) if line else None
    found = re.search(r"Expected Number of Columns: (\d+) Found: (\d+)", message)
    if found:
        return LoadError(path, f"{found.group(2)} champs au lieu de {expected} "
                         f"(séparateur : {SEPARATOR_NAMES[separator]}).", line=line,
                         hint="Vérifiez les guillemets et le séparateur de cette ligne.")
    if "unicode" in message.lower() or "utf-8" in message.lower():
        return LoadError(path, "le fichier n'est pas encodé en UTF-8 (octet invalide).", line=line or 1, hint=HINT)
    if "quote" in message.lower():
        return LoadError(path, "guillemet non refermé.", line=line, hint="Vérifiez les guillemets de cette ligne.")
    return LoadError(path, f"CSV illisible ({message.splitlines()[0]}).", line=line)


def _read_xlsx(con: duckdb.DuckDBPyConnection, path: Path) -> RawFile:
    workbook = open_workbook(path)
    columns, rows, lines = None, [], []
    for number, values in enumerate(workbook.worksheets[0].iter_rows(values_only=True), start=1):
        cells = [_cell(v) for v in values]
        if not any(c is not None for c in cells):
            continue
        if columns is None:
            columns = [normalize_header(c or "") for c in cells]
            while columns and not columns[-1]:
                columns.pop()
            _check_header(path, columns)
            continue
        rows.append((cells + [None] * len(columns))[: len(columns)])
        lines.append(number)
    workbook.close()
    if columns is None:
        raise LoadError(path, "le classeur est vide.")
    frame = pd.DataFrame(rows, columns=columns, dtype=object).astype("string")
    con.register("xlsx_rows", frame)
    con.execute(f"CREATE OR REPLACE TEMP TABLE {RAW} AS SELECT * FROM xlsx_rows")
    con.unregister("xlsx_rows")
    return RawFile(path, columns, len(rows), xlsx_lines=lines)


def _cell(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    return text or None
