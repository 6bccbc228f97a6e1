"""Indicator values at any level (commune, EPCI, CRTE, département, région), long or wide.

Three layouts, recognised from the header and named in the report:

- long: a territory, ``indicateur`` (or ``levier_id``), ``annee``, ``valeur`` (optional ``unite``);
- wide by indicator: a territory, ``annee``, then one column per indicator of the catalogue;
- wide by year: a territory, ``indicateur``, then one column per year (``2019`` or ``annee_2019``).

The territory is given by ``niveau`` + ``code``, or by a column named after its level (``commune``
or INSEE's ``codgeo``, ``epci``, ``crte``, ``departement``, ``region``…); when several are present the
finest one identifies the row. Regions may be named. Every check runs on the whole file, in DuckDB, before
anything is written: unknown indicator, bad year or number, unit differing from the catalogue, duplicate
value are errors with their line and column; codes that match no territory are reported and skipped.
The aggregates of the indicators loaded are then recomputed (see ``domain.aggregation``).
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from domain import formats
from domain.aggregation import refresh_aggregates
from domain.numbers import NumberError, parse_number
from domain.ranges import OBSERVED_YEAR, Range, unit_range
from domain.regions import region_code
from domain.texts import SOURCE
from domain.vocabulary import FINEST_FIRST
from loaders import sql_numbers
from loaders.catalogue import ensure_starting_catalogue, same_unit, unit_mismatch, unknown_indicator
from loaders.errors import LoadError, checked_text
from loaders.indicator_files import RAW, RawFile, read_raw
from loaders.journal import Counts, Outcome, run_import
from loaders.tables import reading_notice

LEVEL_COLUMNS = {
    "commune": ["commune", "codgeo", "code_commune", "insee_com", "depcom", "com"],
    "epci": ["epci", "siren_epci", "code_epci"],
    "crte": ["crte", "id_crte"],
    "departement": ["departement", "dep", "code_departement", "insee_dep"],
    "region": ["region", "reg", "code_region", "insee_reg"],
}
SUBJECT_COLUMNS = ["indicateur", "id_indicateur", "indicateur_id", "levier_id"]
LABEL_COLUMN = re.compile(r"^(nom|lib|libelle|libgeo|territoire|levier|source|unite)(_.*)?$")
YEAR_COLUMN = re.compile(r"^(?:annee_|valeur_|a)?((?:19|20)\d\d)$")
CODE_WIDTHS = {"commune": 5, "departement": 2, "region": 2}
FIRST_YEAR, LAST_YEAR = OBSERVED_YEAR.low, OBSERVED_YEAR.high
LAYOUT_NAMES = {"long": "format long (une ligne par territoire, indicateur et année)",
                "indicateurs": "format large, une colonne par indicateur",
                "annees": "format large, une colonne par année"}
SHOWN = 10


@dataclass
class Layout:
    kind: str                   # long | indicateurs | annees
    level_column: str | None    # None when niveau + code
    code_column: str
    subject: str | None
    value_columns: list[str]    # wide layouts: the indicator or year columns
    ignored: list[str]


def load_indicators(con: duckdb.DuckDBPyConnection, path: Path, source: str | None = None,
                    encoding: str | None = None) -> Outcome:
    path = Path(path)
    return run_import(con, "indicateurs", [path],
                      lambda con, import_id: _write(con, path, source or f"Fichier « {path.name} »", encoding,
                                                    import_id))


def detect_layout(raw: RawFile, catalogue: set[str]) -> Layout:
    columns, path = raw.columns, raw.path
    by_level = {level: next((c for c in names if c in columns), None) for level, names in LEVEL_COLUMNS.items()}
    present = [(level, column) for level, column in by_level.items() if column]
    if {"niveau", "code"} <= set(columns):
        level_column, code_column = None, "code"
        territory = {"niveau", "code"} | {c for _, c in present}
    elif present:
        level_column = code_column = present[0][1]
        territory = {c for _, c in present}
    else:
        raise LoadError(path, "colonne du territoire manquante : « niveau » et « code », ou une colonne nommée "
                        "d'après le niveau (commune ou codgeo, epci, crte, departement, region).", line=1,
                        hint=f"Colonnes trouvées : {', '.join(columns)}.")
    subject = next((c for c in SUBJECT_COLUMNS if c in columns), None)
    rest = [c for c in columns if c not in territory and c != subject]
    labels = [c for c in rest if LABEL_COLUMN.match(c)]
    if subject and {"annee", "valeur"} <= set(columns):
        return Layout("long", level_column, code_column, subject, [],
                      [c for c in rest if c not in ("annee", "valeur", "unite")])
    if subject:
        years = [c for c in rest if YEAR_COLUMN.match(c)]
        kind, values = "annees", years
    elif "annee" in columns:
        kind, values = "indicateurs", [c for c in rest if c in catalogue]
    else:
        raise LoadError(path, "disposition non reconnue : il faut une colonne « indicateur » (format long ou une "
                        "colonne par année) ou une colonne « annee » et une colonne par indicateur.", line=1,
                        hint=f"Colonnes trouvées : {', '.join(columns)}.")
    unknown = [c for c in rest if c not in values and c not in labels and c != "annee"]
    if unknown:
        expected = "une année (2019 ou annee_2019)" if kind == "annees" else "un indicateur du catalogue"
        raise LoadError(path, f"{formats.noun(len(unknown), 'colonne inconnue', 'colonnes inconnues')} : "
                        f"{', '.join(unknown[:SHOWN])} — ni {expected}, ni une colonne attendue.", line=1,
                        column=unknown[0],
                        hint="Corrigez le nom, ou ajoutez l'indicateur au catalogue (python -m loaders catalogue).")
    if not values:
        raise LoadError(path, f"aucune colonne {'d’année' if kind == 'annees' else 'd’indicateur'} trouvée.",
                        line=1, hint=f"Colonnes trouvées : {', '.join(columns)}.")
    return Layout(kind, level_column, code_column, subject, values,
                  [c for c in labels if not (c == "unite" and kind == "annees")])


def _level_expression(layout: Layout, by_level: dict[str, str]) -> str:
    if layout.level_column is None:
        return "lower(trim(niveau))"
    return f"'{by_level[layout.level_column]}'"


def _long_table(con: duckdb.DuckDBPyConnection, raw: RawFile, layout: Layout) -> None:
    """``indicator_long``: _row, level, code, subject, year_text, value_text, unit_text, value_column."""
    level_of = {column: level for level, names in LEVEL_COLUMNS.items() for column in names}
    level = _level_expression(layout, level_of)
    code = f'trim("{layout.code_column}")'
    # Rows written in a transaction get row ids from a high offset: the data row index is the difference.
    first = con.execute(f"SELECT min(rowid) FROM {RAW}").fetchone()[0]
    unit = "trim(unite)" if "unite" in raw.columns and layout.kind != "indicateurs" else "NULL"
    if layout.kind == "long":
        select = (f"SELECT rowid - {first} AS _row, {level} AS level, {code} AS code, "
                  f"trim(\"{layout.subject}\") AS subject, trim(annee) AS year_text, trim(valeur) AS value_text, "
                  f"{unit} AS unit_text, 'valeur' AS value_column FROM {RAW}")
    else:
        keep = "annee" if layout.kind == "indicateurs" else layout.subject
        quoted = ", ".join(f'"{c}"' for c in layout.value_columns)
        name = "subject" if layout.kind == "indicateurs" else "year_column"
        unpivot = (f"(UNPIVOT (SELECT rowid - {first} AS _row, {level} AS level, {code} AS code, "
                   f"trim(\"{keep}\") AS kept, {unit} AS unit_text, {quoted} FROM {RAW}) "
                   f"ON {quoted} INTO NAME {name} VALUE value_text)")
        if layout.kind == "indicateurs":
            select = (f"SELECT _row, level, code, subject, kept AS year_text, trim(value_text) AS value_text, "
                      f"unit_text, subject AS value_column FROM {unpivot}")
        else:
            select = (f"SELECT _row, level, code, kept AS subject, "
                      f"regexp_extract(year_column, '((19|20)\\d\\d)$') AS year_text, trim(value_text) AS value_text, "
                      f"unit_text, year_column AS value_column FROM {unpivot}")
    con.execute(f"CREATE OR REPLACE TEMP TABLE indicator_long AS {select}")


def _first_bad(con, raw: RawFile, condition: str, columns: str = "", params: list = ()) -> tuple | None:
    """The first row of ``indicator_long`` where ``condition`` holds: (line, *columns)."""
    row = con.execute(f"SELECT _row{', ' + columns if columns else ''} FROM indicator_long WHERE {condition} "
                      "ORDER BY _row LIMIT 1", list(params)).fetchone()
    return None if row is None else (raw.line_of(row[0]), *row[1:])


# A row's value, read as ``domain.numbers.optional_number`` reads it (loaders/sql_numbers.py).
GIVEN = f"NOT {sql_numbers.blank('value_text')}"
VALUE = sql_numbers.value("value_text")


def _problems(layout: Layout, ranges: dict[Range, list[str]]) -> list[tuple[str, str, str]]:
    """(name, condition making a row bad, columns to report), in the order they are reported; the condition of
    « range » takes the subjects of ``ranges`` as parameters, in order."""
    problems = []
    if layout.level_column is None:
        known = ", ".join(repr(v) for v in FINEST_FIRST)
        problems.append(("level", f"level IS NULL OR level NOT IN ({known})", "level"))
    problems.append(("code", "code IS NULL OR code = ''", "code"))
    if layout.kind != "indicateurs":
        problems.append(("subject", "subject IS NULL OR subject NOT IN (SELECT subject_id FROM indicator_catalogue)",
                         "subject"))
    problems.append(("year", f"NOT coalesce(regexp_full_match(year_text, '[0-9]{{4}}') AND "
                             f"year_text::INTEGER BETWEEN {FIRST_YEAR} AND {LAST_YEAR}, false)",
                     "year_text, value_column"))
    problems.append(("value", f"{GIVEN} AND {sql_numbers.not_a_number('value_text')}", "value_text, value_column"))
    problems.append(("finite", f"{GIVEN} AND NOT isfinite({VALUE})", "value_text, value_column"))
    if ranges:
        cases = " ".join(f"WHEN subject IN ({', '.join('?' for _ in subjects)}) THEN {plausible.sql(VALUE)}"
                         for plausible, subjects in ranges.items())
        problems.append(("range", f"{GIVEN} AND NOT coalesce(CASE {cases} END, true)",
                         "value_text, value_column, subject"))
    return problems


def _ranges(catalogue: pd.DataFrame) -> dict[Range, list[str]]:
    """The catalogue's subjects grouped by the plausible range of their unit (``domain.ranges.unit_range``)."""
    ranges: dict[Range, list[str]] = {}
    for subject, unit in zip(catalogue["subject_id"], catalogue["unit"]):
        ranges.setdefault(unit_range(unit), []).append(subject)
    return ranges


def _check(con, raw: RawFile, layout: Layout, catalogue: pd.DataFrame) -> None:
    """Every check in one pass over the rows; the first problem found is reported with its line."""
    ranges = _ranges(catalogue)
    subjects = [subject for group in ranges.values() for subject in group]
    problems = _problems(layout, ranges)
    firsts = con.execute("SELECT " + ", ".join(f"min(_row) FILTER (WHERE {condition})" for _, condition, _ in problems)
                         + " FROM indicator_long", subjects).fetchone()
    for (name, condition, columns), row in zip(problems, firsts):
        if row is not None:
            details = con.execute(f"SELECT {columns} FROM indicator_long WHERE _row = ? AND ({condition}) LIMIT 1",
                                  [row] + (subjects if name == "range" else [])).fetchone()
            raise _problem(raw, layout, name, raw.line_of(row), details, catalogue)
    _check_units(con, raw, catalogue)


def _problem(raw: RawFile, layout: Layout, name: str, line: int, details: tuple, catalogue: pd.DataFrame) -> LoadError:
    path = raw.path
    if name == "level":
        return LoadError(path, f"niveau de territoire inconnu : « {details[0] or ''} » "
                               f"(attendu : {', '.join(FINEST_FIRST)}).", line=line, column="niveau",
                         hint="La valeur France se calcule à partir des régions chargées ; ne la chargez pas.")
    if name == "code":
        return LoadError(path, "code du territoire vide.", line=line, column=layout.code_column)
    if name == "subject":
        return unknown_indicator(path, details[0] or "", line, layout.subject or "indicateur")
    if name == "year":
        return LoadError(path, f"« {details[0] or ''} » n'est pas une année entre {FIRST_YEAR} et {LAST_YEAR}.",
                         line=line, column="annee" if layout.kind != "annees" else details[1])
    if name == "range":
        unit = dict(zip(catalogue["subject_id"], catalogue["unit"]))[details[2]]
        problem = unit_range(unit).problem(parse_number(details[0]))
    else:
        try:
            parse_number(details[0])
        except NumberError as error:
            problem = str(error)
    return LoadError(path, f"{problem}.", line=line, column=details[1])


def _check_units(con, raw: RawFile, catalogue: pd.DataFrame) -> None:
    pairs = con.execute("SELECT DISTINCT subject, unit_text FROM indicator_long WHERE unit_text IS NOT NULL "
                        "AND unit_text <> ''").fetchall()
    units = dict(zip(catalogue["subject_id"], catalogue["unit"]))
    for subject, unit in pairs:
        expected = units.get(subject)
        if expected is not None and not same_unit(unit, expected):
            line, = _first_bad(con, raw, "subject = ? AND unit_text = ?", params=[subject, unit])
            raise unit_mismatch(raw.path, subject, unit, expected, line)


def _match_codes(con, raw: RawFile) -> list[str]:
    """Give ``indicator_long`` canonical codes (regions by name, lost leading zeros); report the unmatched."""
    notices = []
    regions = [r for (r,) in con.execute("SELECT DISTINCT code FROM indicator_long WHERE level = 'region'").fetchall()]
    renamed = {name: region_code(name) for name in regions if region_code(name) and region_code(name) != name}
    if renamed:
        con.register("region_names", pd.DataFrame(list(renamed.items()), columns=["name", "code"]))
        con.execute("UPDATE indicator_long SET code = r.code FROM region_names r "
                    "WHERE indicator_long.level = 'region' AND indicator_long.code = r.name")
        con.unregister("region_names")
    for level, width in CODE_WIDTHS.items():
        padded = con.execute(
            f"UPDATE indicator_long SET code = lpad(code, {width}, '0') WHERE level = '{level}' "
            f"AND length(code) < {width} AND regexp_full_match(code, '\\d+') "
            f"AND (level, lpad(code, {width}, '0')) IN (SELECT (level, code) FROM territories)").fetchone()[0]
        if padded:
            notices.append(f"{formats.counted(padded, 'code')} de {level} {formats.noun(padded, 'complété')} par un "
                           "zéro initial (perdu par le tableur).")
    unmatched = con.execute("""
        SELECT level, code, count(*) AS n, min(_row) FROM indicator_long l
        WHERE NOT EXISTS (SELECT 1 FROM territories t WHERE t.level = l.level AND t.code = l.code)
        GROUP BY ALL ORDER BY 4
    """).fetchall()
    if unmatched:
        total = con.execute("SELECT count(*) FROM indicator_long").fetchone()[0]
        rows = sum(n for _, _, n, _ in unmatched)
        if rows == total:
            level, code, _, row = unmatched[0]
            raise LoadError(raw.path, f"aucun territoire du fichier n'est connu (premier : {level} « {code} »).",
                            line=raw.line_of(row),
                            hint="Chargez d'abord les territoires (python -m loaders territoires) ou vérifiez les "
                                 "codes.")
        shown = ", ".join(f"{level} « {code} »" for level, code, _, _ in unmatched[:SHOWN])
        more = f" et {formats.counted(len(unmatched) - SHOWN, 'autre')}" if len(unmatched) > SHOWN else ""
        notices.append(f"{formats.counted(len(unmatched), 'code')} de territoire sans correspondance, "
                       f"{formats.counted(rows, 'valeur')} non {formats.noun(rows, 'chargée')} : {shown}{more}.")
        con.execute("DELETE FROM indicator_long l WHERE NOT EXISTS "
                    "(SELECT 1 FROM territories t WHERE t.level = l.level AND t.code = l.code)")
    return notices


def _check_duplicates(con, raw: RawFile) -> None:
    """Values given twice: first grouped by a hash of the key (one integer, fast), then located exactly."""
    suspect = con.execute(f"SELECT 1 FROM indicator_long WHERE {GIVEN} GROUP BY hash(subject, year_text, level, code) "
                          "HAVING count(*) > 1 LIMIT 1").fetchone()
    if suspect is None:
        return
    duplicate = con.execute(f"""
        SELECT subject, year_text, level, code, min(_row), max(_row) FROM indicator_long WHERE {GIVEN}
        GROUP BY subject, year_text, level, code HAVING count(*) > 1 ORDER BY 6 LIMIT 1
    """).fetchone()
    if duplicate:
        subject, year, level, code, first, second = duplicate
        raise LoadError(raw.path, f"doublon : {subject} {year} pour {level} « {code} » est déjà donné ligne "
                        f"{raw.line_of(first)}.", line=raw.line_of(second))


def _incoming(con, source: str, import_id: int) -> int:
    """``indicator_incoming``: the rows to hold, in the layout of ``observations``; returns the empty cells."""
    empty = con.execute(f"SELECT count(*) FROM indicator_long WHERE NOT ({GIVEN})").fetchone()[0]
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE indicator_incoming AS
        SELECT l.level AS territory_level, l.code AS territory_code, c.subject_kind, l.subject AS subject_id,
               l.year_text::INTEGER AS year,
               {VALUE} AS value,
               c.unit, ? AS source, ? AS import_id
        FROM indicator_long l JOIN indicator_catalogue c ON c.subject_id = l.subject
        WHERE {GIVEN}
        ORDER BY subject_id, year, territory_level, territory_code
    """, [source, import_id])
    return empty


KEY = ("o.territory_level = i.territory_level AND o.territory_code = i.territory_code "
       "AND o.subject_kind = i.subject_kind AND o.subject_id = i.subject_id AND o.year = i.year")


def _store(con) -> Counts:
    """Add the new values, replace the changed ones; the values of the file's keys only (nothing removed)."""
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE indicator_changes AS
        SELECT i.*, o.year IS NULL AS added FROM indicator_incoming i
        LEFT JOIN observations o ON {KEY}
        WHERE o.year IS NULL OR o.value IS DISTINCT FROM i.value OR o.unit IS DISTINCT FROM i.unit
           OR o.source IS DISTINCT FROM i.source
    """)
    added, changed = con.execute("SELECT count(*) FILTER (WHERE added), count(*) FILTER (WHERE NOT added) "
                                 "FROM indicator_changes").fetchone()
    total = con.execute("SELECT count(*) FROM indicator_incoming").fetchone()[0]
    if changed:
        con.execute(f"DELETE FROM observations o USING indicator_changes i WHERE NOT i.added AND {KEY}")
    con.execute("INSERT INTO observations SELECT * EXCLUDE (added) FROM indicator_changes")
    return Counts(added=added, changed=changed, unchanged=total - added - changed)


def _write(con, path: Path, source: str, encoding: str | None, import_id: int) -> Outcome:
    source = checked_text(path, SOURCE, source, option="--source")
    notices = []
    if ensure_starting_catalogue(con, import_id):
        notices.append("Catalogue des indicateurs vide : le catalogue de départ (indicateurs socle) a été chargé.")
    catalogue = con.execute("SELECT subject_kind, subject_id, unit FROM indicator_catalogue").df()
    with tempfile.TemporaryDirectory() as workdir:
        raw = read_raw(con, path, encoding, Path(workdir))
        layout = detect_layout(raw, set(catalogue["subject_id"]))
        _long_table(con, raw, layout)
        _check(con, raw, layout, catalogue)
        notices += _match_codes(con, raw)
        _check_duplicates(con, raw)
    empty = _incoming(con, source, import_id)
    counts = _store(con)
    subjects = con.execute("SELECT DISTINCT subject_kind, subject_id FROM indicator_incoming").fetchall()
    aggregated = refresh_aggregates(con, subjects, import_id)
    summary = _summary(con, path, layout, counts, aggregated)
    notices += reading_notice(raw.encoding, raw.separator)
    if layout.ignored:
        unused = formats.noun(len(layout.ignored), "Colonne non utilisée", "Colonnes non utilisées")
        notices.append(f"{unused} : {', '.join(layout.ignored)}.")
    if empty:
        notices.append(f"{formats.counted(empty, 'cellule')} {formats.noun(empty, 'vide')} : valeurs manquantes, "
                       "rien n'est chargé pour elles.")
    for table in ("indicator_long", "indicator_incoming", "indicator_changes", RAW):
        con.execute(f"DROP TABLE IF EXISTS {table}")
    return Outcome(raw.rows, summary, notices, rows_written=counts.written)


def _summary(con, path: Path, layout: Layout, counts: Counts, aggregated: int) -> list[str]:
    levels, level_count, subjects, first, last = con.execute(
        "SELECT string_agg(DISTINCT territory_level, ', ' ORDER BY territory_level), count(DISTINCT territory_level), "
        "count(DISTINCT subject_id), "
        "min(year), max(year) FROM indicator_incoming").fetchone()
    where = f"Fichier lu au {LAYOUT_NAMES[layout.kind]}"
    if layout.level_column:
        where += f", territoires identifiés par la colonne « {layout.level_column} »"
    return [
        f"Indicateurs chargés depuis « {path.name} » : {formats.counted(subjects, 'indicateur')}, "
        f"{formats.noun(level_count, 'niveau', 'niveaux')} {levels or '-'}, "
        f"années {first} à {last}.",
        where + ".",
        counts.describe("valeur", feminine=True),
        f"{formats.counted(aggregated, 'valeur')} {formats.noun(aggregated, 'agrégée')} "
        f"{formats.noun(aggregated, 'recalculée')} (somme ou moyenne pondérée selon le catalogue).",
    ]
