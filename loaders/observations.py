"""Observed values in a long table: territory, lever or indicator, year, value, unit.

The real file (``observations-leviers-regions.csv``) reads
``region;levier_id;levier;annee;valeur;unite`` with decimal commas. The territory is given
either as ``region`` (a name or INSEE code) or as ``niveau`` + ``code``; the subject either
as ``levier_id`` (a lever already loaded) or as ``indicateur``.
"""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pandas as pd

from domain import formats
from domain.numbers import NumberError
from domain.ranges import OBSERVED_YEAR, unit_range
from domain.regions import region_code
from domain.texts import SOURCE
from domain.vocabulary import FINEST_FIRST
from loaders.catalogue import ensure_starting_catalogue, same_unit, unit_mismatch, unknown_indicator
from loaders.errors import LoadError, checked_text
from loaders.journal import Outcome, replace_rows, run_import
from loaders.tables import TableStream, reading_notice, stream_table

YEAR = re.compile("[0-9]{4}")


def load_observations(
    con: duckdb.DuckDBPyConnection, path: Path, source: str | None = None, encoding: str | None = None
) -> Outcome:
    path = Path(path)
    return run_import(
        con, "observations", [path],
        lambda con, import_id: _write(con, path, source or f"Fichier « {path.name} »", encoding, import_id),
    )


def _territory(table: TableStream, row: dict, line: int, territories: set) -> tuple[str, str]:
    if "region" in table.columns and row.get("region"):
        code = region_code(row["region"])
        if code is None:
            raise LoadError(table.path, f"région inconnue : « {row['region']} ».", line=line, column="region",
                            hint="Utilisez le nom officiel de la région ou son code INSEE.")
        level = "region"
    else:
        level, code = row.get("niveau", "").lower(), row.get("code", "")
        if level not in FINEST_FIRST:
            raise LoadError(table.path, f"niveau de territoire inconnu : « {level} » "
                            f"(attendu : {', '.join(FINEST_FIRST)}).", line=line, column="niveau")
    if (level, code) not in territories:
        raise LoadError(table.path, f"territoire inconnu : {level} « {code} ».", line=line,
                        hint="Chargez d'abord le panorama SGPE ou les territoires.")
    return level, code


def _subject(table: TableStream, row: dict, line: int, levers: set, units: dict) -> tuple[str, str, str | None]:
    """(kind, id, unit) of the row's lever or indicator, checked against the catalogue; the unit as written."""
    if row.get("levier_id"):
        kind, subject, column = "levier", row["levier_id"], "levier_id"
        if subject not in levers:
            raise LoadError(table.path, f"levier inconnu : « {subject} ».", line=line, column=column,
                            hint="Chargez d'abord le panorama SGPE qui le définit.")
    elif row.get("indicateur"):
        kind, subject, column = "indicateur", row["indicateur"], "indicateur"
        if (kind, subject) not in units:
            raise unknown_indicator(table.path, subject, line, column)
    else:
        raise LoadError(table.path, "ni levier ni indicateur indiqué.", line=line)
    unit, expected = row.get("unite") or None, units.get((kind, subject))
    if unit and expected and not same_unit(unit, expected):
        raise unit_mismatch(table.path, subject, unit, expected, line)
    return kind, subject, unit


def parse(con, path: Path, source: str, encoding: str | None) -> tuple[pd.DataFrame, TableStream]:
    table = stream_table(path, ["annee", "valeur"], encoding=encoding)
    if "region" not in table.columns and not {"niveau", "code"} <= set(table.columns):
        raise LoadError(path, "colonne du territoire manquante : « region », ou « niveau » et « code ».", line=1,
                        hint=f"Colonnes trouvées : {', '.join(table.columns)}.")
    if "levier_id" not in table.columns and "indicateur" not in table.columns:
        raise LoadError(path, "colonne « levier_id » ou « indicateur » manquante.", line=1,
                        hint=f"Colonnes trouvées : {', '.join(table.columns)}.")
    territories = set(con.execute("SELECT level, code FROM territories").fetchall())
    levers = {lever_id for (lever_id,) in con.execute("SELECT lever_id FROM levers").fetchall()}
    units = {(kind, subject): unit for kind, subject, unit in con.execute(
        "SELECT subject_kind, subject_id, unit FROM indicator_catalogue").fetchall()}
    rows, seen = [], {}
    for line, row in table:
        level, code = _territory(table, row, line, territories)
        kind, subject, unit = _subject(table, row, line, levers, units)
        year = _year(table, row, line)
        value = _value(table, row, line, units.get((kind, subject)) or unit)
        key = (level, code, kind, subject, year)
        if key in seen:
            raise LoadError(path, f"doublon : {subject} {year} pour ce territoire est déjà donné ligne {seen[key]}.",
                            line=line)
        seen[key] = line
        rows.append({
            "territory_level": level, "territory_code": code, "subject_kind": kind, "subject_id": subject,
            "year": year, "value": value, "unit": unit, "source": source,
        })
    return pd.DataFrame(rows), table


def _value(table: TableStream, row: dict, line: int, unit: str | None) -> float:
    """The row's value: a finite number within the range of its unit (``domain.ranges.unit_range``)."""
    try:
        return unit_range(unit).read(row["valeur"])
    except NumberError as error:
        raise LoadError(table.path, f"{error}.", line=line, column="valeur") from None


def _year(table: TableStream, row: dict, line: int) -> int:
    """Four ASCII digits, as ``loaders.indicators`` checks them in SQL, within ``OBSERVED_YEAR``."""
    text = row["annee"]
    if not YEAR.fullmatch(text) or OBSERVED_YEAR.problem(int(text)):
        raise LoadError(table.path, f"« {text} » n'est pas une année entre {OBSERVED_YEAR.low} et "
                        f"{OBSERVED_YEAR.high}.", line=line, column="annee")
    return int(text)


def _write(con, path: Path, source: str, encoding: str | None, import_id: int) -> Outcome:
    source = checked_text(path, SOURCE, source, option="--source")
    ensure_starting_catalogue(con, import_id)
    frame, table = parse(con, path, source, encoding)
    frame["import_id"] = import_id
    counts = replace_rows(con, "observations", frame,
                          ["territory_level", "territory_code", "subject_kind", "subject_id", "year"])
    territories = frame[["territory_level", "territory_code"]].drop_duplicates()
    summary = [
        f"Observations chargées depuis « {path.name} » : {formats.counted(len(territories), 'territoire')}, "
        f"années {frame['year'].min()} à {frame['year'].max()}.",
        counts.describe("valeur", feminine=True),
    ]
    return Outcome(table.count, summary, reading_notice(table.encoding, table.separator), rows_written=counts.written)
