"""Reading tabular files (CSV in any common dialect, XLSX) into rows that remember their line.

A CSV's separator is the one among ``; , tab |`` that yields the expected columns; its encoding
is detected (``loaders.encoding``) unless the user names one, and the report says which was read.
A file that fits no dialect is refused with the columns that were found.

``stream_table`` reads the rows one at a time, so that a loader checking them as they come fails
at the first bad line of a large file without having held the file in memory; ``read_table``
gives them all at once, for the small files (catalogue, panorama, EPCI list). Every cell keeps to
``domain.texts.CELL``: no control character but line breaks and tabs, 10 000 characters at most.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from domain import formats
from domain.headers import normalize_header
from domain.texts import CELL
from loaders.archives import open_workbook
from loaders.encoding import Encoding, csv_encoding
from loaders.errors import LoadError, checked_text

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
    encoding: Encoding | None = None

    def __len__(self) -> int:
        return len(self.rows)


class TableStream:
    """A file's header, then its rows as (line, dict of stripped strings), read as they are iterated.

    ``count`` is the number of rows read so far; iterating a file without data rows is an error.
    """

    def __init__(self, path: Path, columns: list[str], rows: Iterator[tuple[int, dict[str, str]]],
                 separator: str | None = None, encoding: Encoding | None = None):
        self.path, self.columns, self.separator, self.encoding = path, columns, separator, encoding
        self.count = 0
        self._rows = rows

    def __iter__(self) -> Iterator[tuple[int, dict[str, str]]]:
        for line, row in self._rows:
            self.count += 1
            yield line, row
        if self.count == 0:
            raise LoadError(self.path, "le fichier ne contient aucune ligne de données après l'en-tête.")


def reading_notice(encoding: Encoding | None, separator: str | None) -> list[str]:
    """What the report says of how a CSV was read (nothing for a workbook)."""
    if encoding is None:
        return []
    how = "indiqué" if encoding.forced else "détecté"
    return [f"CSV lu — encodage : {encoding.name} ({how}), séparateur : {SEPARATOR_NAMES[separator]}."]


def stream_table(
    path: Path | str,
    required: list[str],
    optional: list[str] = (),
    encoding: str | None = None,
) -> TableStream:
    """Open a CSV or XLSX file whose (normalized) header contains ``required``; rows are read when iterated."""
    path = Path(path)
    if not path.exists():
        raise LoadError(path, "le fichier n'existe pas.")
    if path.is_dir():
        raise LoadError(path, "c'est un dossier, pas un fichier.")
    if path.stat().st_size == 0:
        raise LoadError(path, "le fichier est vide.")
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        stream = _stream_xlsx(path)
    else:
        stream = _stream_csv(path, required, encoding)
    _check_columns(stream, required)
    return stream


def read_table(
    path: Path | str,
    required: list[str],
    optional: list[str] = (),
    encoding: str | None = None,
) -> Table:
    """Read a CSV or XLSX file whose (normalized) header contains ``required``, all its rows at once."""
    stream = stream_table(path, required, optional, encoding)
    rows, lines = [], []
    for line, row in stream:
        rows.append(row)
        lines.append(line)
    return Table(stream.path, stream.columns, rows, lines, stream.separator, stream.encoding)


def _check_columns(table: TableStream, required: list[str]) -> None:
    missing = [c for c in required if c not in table.columns]
    if missing:
        raise LoadError(
            table.path,
            f"{formats.noun(len(missing), 'colonne manquante', 'colonnes manquantes')} : {', '.join(missing)}.",
            line=1,
            hint=f"Colonnes trouvées : {', '.join(table.columns) or '(aucune)'}.",
        )


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


def _first_line(path: Path, codec: str) -> str:
    with open(path, encoding=codec, newline="") as file:
        for line in file:
            if line.strip():
                return line.rstrip("\r\n")
    raise LoadError(path, "le fichier est vide.")


def _stream_csv(path: Path, required: list[str], encoding: str | None) -> TableStream:
    detected = csv_encoding(path, encoding)
    separator = _choose_separator(path, _first_line(path, detected.codec), required)
    file = open(path, encoding=detected.codec, newline="")
    reader = csv.reader(file, delimiter=separator)
    columns: list[str] = []
    try:
        for fields in reader:
            if any(f.strip() for f in fields):
                columns = [normalize_header(c) for c in fields]
                break
    except csv.Error as error:
        file.close()
        raise LoadError(path, f"CSV mal formé ({error}).", line=reader.line_num) from None
    return TableStream(path, columns, _csv_rows(path, file, reader, columns, separator), separator, detected)


def _csv_rows(path: Path, file, reader, columns: list[str], separator: str) -> Iterator[tuple[int, dict[str, str]]]:
    with file:
        try:
            for fields in reader:
                if not any(f.strip() for f in fields):
                    continue
                if len(fields) != len(columns):
                    raise LoadError(
                        path,
                        f"{len(fields)} champs au lieu de {len(columns)} "
                        f"(séparateur : {SEPARATOR_NAMES[separator]}).",
                        line=reader.line_num,
                        hint="Vérifiez les guillemets et le séparateur de cette ligne.",
                    )
                _check_cells(path, reader.line_num, columns, fields)
                yield reader.line_num, {c: f.strip() for c, f in zip(columns, fields)}
        except csv.Error as error:
            raise LoadError(path, f"CSV mal formé ({error}).", line=reader.line_num) from None


def _check_cells(path: Path, line: int, columns: list[str], cells: list[str]) -> None:
    """Every cell of a row within ``CELL``: one scan of the whole row, the cells one by one only when it finds
    something (a large file has millions of cells)."""
    if CELL.problem("".join(cells)) is None:
        return
    for column, cell in zip(columns, cells):
        checked_text(path, CELL, cell, line, column)


def _stream_xlsx(path: Path) -> TableStream:
    workbook = open_workbook(path)
    numbered = enumerate(workbook.worksheets[0].iter_rows(values_only=True), start=1)
    columns: list[str] = []
    for _, values in numbered:
        cells = ["" if v is None else _cell_text(v) for v in values]
        if any(cells):
            columns = [normalize_header(c) for c in cells]
            break
    return TableStream(path, [c for c in columns if c], _xlsx_rows(path, workbook, numbered, columns))


def _xlsx_rows(path: Path, workbook, numbered, columns: list[str]) -> Iterator[tuple[int, dict[str, str]]]:
    try:
        for number, values in numbered:
            cells = ["" if v is None else _cell_text(v) for v in values]
            if any(cells):
                cells = (cells + [""] * len(columns))[: len(columns)]
                _check_cells(path, number, columns, cells)
                yield number, dict(zip(columns, cells))
    finally:
        workbook.close()


def _cell_text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()
