"""Allocation keys (clés de répartition) at commune or EPCI level, in a long or a wide table.

Long: one row per territory and key, ``code_commune`` (or ``siren_epci``, or ``niveau`` + ``code``),
``cle``, ``valeur``, optionally ``libelle``, ``unite``. Wide: one row per territory, one column
per key (the column's header is the key's label). An EPCI-level file may give ``population_epci``,
the EPCI's whole population, so that an EPCI straddling two regions only brings the share of its
communes inside a region. Values must be non-negative numbers (``domain.ranges.KEY_VALUE``); an empty cell is a
missing value.
Codes that match no loaded territory are reported and left out (a national file can be loaded
for one region); a file where no code matches is refused.
"""

from __future__ import annotations

import csv
from pathlib import Path

import duckdb
import pandas as pd

from domain import formats
from domain.headers import normalize_header
from domain.numbers import NumberError
from domain.ranges import KEY_VALUE, POPULATION
from domain.texts import NAME, SOURCE, UNIT
from domain.vocabulary import LEVELS
from loaders.archives import open_workbook
from loaders.changes import UNINDEXED_KEYS
from loaders.errors import LoadError, checked_text
from loaders.journal import Outcome, replace_rows, run_import
from loaders.staging import Staging, bounded_memory
from loaders.tables import SEPARATORS, TableStream, reading_notice, stream_table

COMMUNE_COLUMNS = ["code_commune", "insee_com", "codgeo", "code_insee", "com"]
EPCI_COLUMNS = ["siren_epci", "code_siren", "epci", "siren"]
KEY_LEVELS = ("commune", "epci")
NAME_COLUMNS = {"nom", "libelle", "libgeo", "nom_commune", "lib_commune", "nom_epci", "lib_epci", "region",
                "departement", "dep", "reg", "insee_dep", "insee_reg"}
WHOLE_POPULATION = "population_epci"
RESERVED = {"population", "superficie"}
EXAMPLES = 10
STAGED = "staged_key_values"
VALUE_KEY = UNINDEXED_KEYS["allocation_key_values"]
VALUE_COLUMNS = {"key_id": "VARCHAR", "territory_level": "VARCHAR", "territory_code": "VARCHAR", "value": "DOUBLE",
                 "whole_population": "BIGINT", "known": "BOOLEAN"}


def load_keys(con: duckdb.DuckDBPyConnection, path: Path, source: str | None = None, vintage: str | None = None,
              unit: str | None = None, encoding: str | None = None) -> Outcome:
    path = Path(path)
    with bounded_memory(con):
        return run_import(con, "cles", [path], lambda con, import_id: _write(
            con, path, source or f"Fichier « {path.name} »", vintage, unit, encoding, import_id))


def parse(con, path: Path, unit: str | None, encoding: str | None) -> tuple[pd.DataFrame, Staging, list[str]]:
    """(keys, values, notices) read from the file, validated against the loaded territories.

    The values are staged in DuckDB (``STAGED``), those of unknown territories marked ``known = false``:
    a file of millions of values is never held in Python.
    """
    table = stream_table(path, _code_columns_in_header(path, encoding), encoding=encoding)
    code_column, level_of = _code_column(table)
    long = {"cle", "valeur"} <= set(table.columns)
    key_columns = [] if long else _key_columns(table, code_column)
    labels = {} if long else _raw_labels(table, key_columns)
    notices = reading_notice(table.encoding, table.separator)
    if not long:
        reserved = [c for c in table.columns if c in RESERVED]
        if reserved:
            ignored = formats.noun(len(reserved), "Colonne ignorée, clé intégrée calculée",
                                   "Colonnes ignorées, clés intégrées calculées")
            notices.append(f"{ignored} depuis les communes : {', '.join(reserved)}.")
    known = {level: {code for (code,) in con.execute(
        "SELECT code FROM territories WHERE level = ?", [level]).fetchall()} for level in KEY_LEVELS}
    keys, unknown, empty = {}, {}, 0
    staging = Staging(con, STAGED, VALUE_COLUMNS, VALUE_KEY, lambda key, line, earlier: LoadError(
        path, f"doublon : la clé « {key[0]} » de {LEVELS[key[1]].singular} {key[2]} est déjà donnée ligne {earlier}.",
        line=line))
    with staging:
        for line, row in table:
            level, code = level_of(row, line)
            entries = [(row["cle"], "valeur")] if long else [(c, c) for c in key_columns]
            for key_text, column in entries:
                key_id = _key_id(table, key_text, line, long)
                text = row[column]
                if not text:
                    empty += 1
                    continue
                value = _value(table, text, line, column)
                label = ((row["libelle"], "libelle") if row.get("libelle") else (key_text, "cle")) if long \
                    else (labels[key_id], column)
                key_unit = (row.get("unite") if long else None) or unit
                _check_key(table, keys, key_id, level, label, key_unit, line)
                is_known = code in known[level]
                if not is_known:
                    unknown.setdefault(level, set()).add(code)
                try:
                    population = _whole_population(table, row, level, line) if is_known else None
                except LoadError:
                    staging.add(line, (key_id, level, code, value, None, is_known))  # a repeat is said first
                    raise
                staging.add(line, (key_id, level, code, value, population, is_known))
    if not staging.count:
        raise LoadError(path, "aucune valeur de clé dans le fichier (toutes les cellules sont vides).")
    if not con.execute(f"SELECT count(*) FROM {STAGED} WHERE known").fetchall()[0][0]:
        raise LoadError(path, "aucun code du fichier ne correspond aux territoires chargés "
                        f"(par exemple {', '.join(sorted({c for codes in unknown.values() for c in codes})[:3])}).",
                        hint="Chargez d'abord les territoires (python -m loaders territoires), "
                             "ou vérifiez la colonne des codes.")
    for level, codes in unknown.items():
        distinct = sorted(codes)
        absent, ignored = (formats.noun(len(distinct), word) for word in ("absent", "ignoré"))
        more = " …" if len(distinct) > EXAMPLES else ""
        notices.append(f"{formats.counted(len(distinct), 'code')} de {LEVELS[level].singular} {absent} des "
                       f"territoires chargés, {ignored} : {', '.join(distinct[:EXAMPLES])}{more}.")
    if empty:
        notices.append(f"{formats.counted(empty, 'cellule')} {formats.noun(empty, 'vide')} : valeur manquante, "
                       "comptée pour zéro dans la répartition.")
    key_frame = pd.DataFrame([{"key_id": k, "label": v["label"], "unit": v["unit"]} for k, v in keys.items()])
    return key_frame, staging, notices


def _code_columns_in_header(path: Path, encoding: str | None) -> list[str]:
    """The code column(s) a CSV header names, so that ``stream_table`` picks the separator that finds them."""
    if path.suffix.lower() in (".xlsx", ".xlsm") or not path.is_file():
        return []
    with open(path, "rb") as file:
        head = file.read(1 << 16)
    try:
        first = head.decode(encoding or "utf-8-sig", errors="replace").lstrip("\n").split("\n", 1)[0]
    except LookupError:
        return []  # stream_table reports it
    for separator in SEPARATORS:
        columns = {normalize_header(c) for c in next(csv.reader([first], delimiter=separator), [])}
        if {"niveau", "code"} <= columns:
            return ["niveau", "code"]
        found = [c for c in COMMUNE_COLUMNS + EPCI_COLUMNS if c in columns]
        if found:
            return found[:1]
    return []


def _code_column(table: TableStream):
    """The column holding the territory codes and a function (row, line) → (level, code)."""
    path = table.path
    if {"niveau", "code"} <= set(table.columns):
        def by_level(row, line):
            level = row["niveau"].lower()
            if level not in KEY_LEVELS:
                raise LoadError(path, f"niveau « {row['niveau']} » non pris en charge pour une clé "
                                "(attendu : commune ou epci).", line=line, column="niveau")
            return level, _checked_code(table, level, row["code"], line, "code")
        return "code", by_level
    for level, candidates in (("commune", COMMUNE_COLUMNS), ("epci", EPCI_COLUMNS)):
        column = next((c for c in candidates if c in table.columns), None)
        if column:
            return column, lambda row, line, level=level, column=column: (
                level, _checked_code(table, level, row[column], line, column))
    raise LoadError(path, "colonne des codes de territoire introuvable.", line=1,
                    hint=f"Attendu : {', '.join(COMMUNE_COLUMNS[:2])} (communes), {EPCI_COLUMNS[0]} (EPCI), ou "
                         f"niveau et code. Colonnes trouvées : {', '.join(table.columns)}.")


def _checked_code(table: TableStream, level: str, code: str, line: int, column: str) -> str:
    if level == "commune" and len(code) == 4 and code.isdigit():
        code = "0" + code  # a spreadsheet dropped the leading zero of 01001
    valid = (len(code) == 5 and code.isalnum()) if level == "commune" else (len(code) == 9 and code.isdigit())
    if not valid:
        expected = "code INSEE de commune (5 caractères)" if level == "commune" else "SIREN d'EPCI (9 chiffres)"
        raise LoadError(table.path, f"« {code} » n'est pas un {expected}.", line=line, column=column)
    return code


def _key_columns(table: TableStream, code_column: str) -> list[str]:
    ignored = NAME_COLUMNS | RESERVED | {code_column, WHOLE_POPULATION, "niveau", "code"}
    columns = [c for c in table.columns if c and c not in ignored]
    if not columns:
        raise LoadError(table.path, "aucune colonne de clé : le fichier n'a que des codes et des noms.", line=1,
                        hint="Format long : colonnes cle et valeur ; format large : une colonne par clé.")
    return columns


def _raw_labels(table: TableStream, columns: list[str]) -> dict[str, str]:
    """The key columns' headers as written in the file (they become the keys' labels)."""
    if table.separator is None:
        sheet = open_workbook(table.path).worksheets[0]
        header = next(r for r in sheet.iter_rows(values_only=True) if any(v is not None for v in r))
        raw = ["" if v is None else str(v).strip() for v in header]
    else:
        with open(table.path, encoding=table.encoding.codec, newline="") as file:
            raw = next(r for r in csv.reader(file, delimiter=table.separator) if any(f.strip() for f in r))
    by_name = {normalize_header(name): name.strip() for name in raw}
    return {c: checked_text(table.path, NAME, by_name.get(c, c), 1, c) for c in columns}


def _key_id(table: TableStream, text: str, line: int, long: bool) -> str:
    key_id = normalize_header(text)
    if not key_id:
        raise LoadError(table.path, "nom de clé vide.", line=line, column="cle")
    if long and key_id in RESERVED:
        raise LoadError(table.path, f"« {text} » est une clé intégrée, calculée depuis les communes : "
                        "donnez un autre nom à cette clé.", line=line, column="cle")
    return key_id


def _value(table: TableStream, text: str, line: int, column: str) -> float:
    try:
        return KEY_VALUE.read(text)
    except NumberError as error:
        raise LoadError(table.path, f"{error}.", line=line, column=column) from None


def _check_key(table: TableStream, keys: dict, key_id: str, level: str, label: tuple[str, str], unit: str | None,
               line: int) -> None:
    """A key's level is the same on every line; its label (text, column) and unit, those of its first line, keep
    to their length and characters."""
    if key_id not in keys:
        keys[key_id] = {"level": level, "line": line, "label": checked_text(table.path, NAME, label[0], line, label[1]),
                        "unit": checked_text(table.path, UNIT, unit, line, "unite")}
    known = keys[key_id]
    if known["level"] != level:
        raise LoadError(table.path, f"la clé « {key_id} » est donnée au niveau {LEVELS[known['level']].singular} "
                        f"(ligne {known['line']}) et au niveau {LEVELS[level].singular} : une clé n'a qu'un niveau.",
                        line=line)


def _whole_population(table: TableStream, row: dict, level: str, line: int) -> int | None:
    text = row.get(WHOLE_POPULATION, "")
    if level != "epci" or not text:
        return None
    try:
        return int(POPULATION.read(text))
    except NumberError as error:
        raise LoadError(table.path, f"{error}.", line=line, column=WHOLE_POPULATION) from None


def _write(con, path: Path, source: str, vintage: str | None, unit: str | None, encoding: str | None,
           import_id: int) -> Outcome:
    source = checked_text(path, SOURCE, source, option="--source")
    vintage = checked_text(path, SOURCE, vintage, option="--millesime")
    unit = checked_text(path, UNIT, unit, option="--unite")
    keys, staging, notices = parse(con, path, unit, encoding)
    keys = keys.assign(source=source, vintage=vintage, import_id=import_id)
    values = con.sql(f"SELECT key_id, territory_level, territory_code, value, whole_population, "
                     f"{int(import_id)} AS import_id FROM {STAGED} WHERE known")
    key_counts = replace_rows(con, "allocation_keys", keys, ["key_id"])
    con.register("loaded_keys", keys[["key_id"]])
    value_counts = replace_rows(con, "allocation_key_values", values, VALUE_KEY,
                                scope="key_id IN (SELECT key_id FROM loaded_keys)")
    con.unregister("loaded_keys")
    levels = sorted(LEVELS[level].singular for (level,) in con.execute(
        f"SELECT DISTINCT territory_level FROM {STAGED} WHERE known").fetchall())
    rows_read = len(values)
    staging.drop()
    named = [f"{label} ({key_id})" for key_id, label in zip(keys["key_id"][:EXAMPLES], keys["label"][:EXAMPLES])]
    more = f" et {formats.counted(len(keys) - EXAMPLES, 'autre')}" if len(keys) > EXAMPLES else ""
    summary = [
        f"Clés de répartition chargées depuis « {path.name} » au niveau {', '.join(levels)} : "
        + ", ".join(named) + more + ".",
        key_counts.describe("clé", feminine=True),
        value_counts.describe("valeur", feminine=True),
    ]
    notices += _coverage(con, keys)
    return Outcome(rows_read, summary, notices, rows_written=key_counts.written + value_counts.written)


def _coverage(con, keys: pd.DataFrame) -> list[str]:
    """For each region whose communes are loaded: how many communes each key reaches."""
    con.register("loaded_keys", keys[["key_id", "label"]])
    rows = con.execute(
        """
        WITH region_communes AS (
            SELECT parent_code AS region, child_code AS commune FROM territory_links
            WHERE parent_level = 'region' AND child_level = 'commune'
        ), reached AS (
            SELECT v.key_id, l.child_code AS commune FROM allocation_key_values v
            JOIN territory_links l ON l.parent_level = v.territory_level AND l.parent_code = v.territory_code
                 AND l.child_level = 'commune' WHERE v.territory_level = 'epci'
            UNION ALL SELECT key_id, territory_code FROM allocation_key_values WHERE territory_level = 'commune'
        )
        SELECT k.label, t.name, count(DISTINCT r.commune), n.total
        FROM reached r JOIN loaded_keys k USING (key_id) JOIN region_communes c USING (commune)
        JOIN (SELECT region, count(DISTINCT commune) AS total FROM region_communes GROUP BY ALL) n USING (region)
        JOIN territories t ON t.level = 'region' AND t.code = c.region
        GROUP BY ALL ORDER BY 1, 2
        """
    ).fetchall()
    con.unregister("loaded_keys")
    return [f"{label} — {region} : {formats.counted(reached, 'commune')} sur {formats.count(total)} "
            f"{formats.noun(reached, 'a', 'ont')} une valeur."
            for label, region, reached, total in rows if reached < total]
