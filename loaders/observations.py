"""Observed values in a long table: territory, lever or indicator, year, value, unit.

The real file (``observations-leviers-regions.csv``) reads
``region;levier_id;levier;annee;valeur;unite`` with decimal commas. The territory is given
either as ``region`` (a name or INSEE code) or as ``niveau`` + ``code``; the subject either
as ``levier_id`` (a lever already loaded) or as ``indicateur``.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd

from domain.numbers import NumberError, is_share, parse_number, range_problem
from domain.regions import region_code
from domain.vocabulary import FINEST_FIRST
from loaders.errors import LoadError
from loaders.journal import Outcome, replace_rows, run_import
from loaders.tables import Table, read_table

FIRST_YEAR, LAST_YEAR = 1990, 2050


def load_observations(
    con: duckdb.DuckDBPyConnection, path: Path, source: str | None = None, encoding: str | None = None
) -> Outcome:
    path = Path(path)
    return run_import(
        con, "observations", [path],
        lambda con, import_id: _write(con, path, source or f"Fichier « {path.name} »", encoding, import_id),
    )


def _territory(table: Table, row: dict, line: int, territories: set) -> tuple[str, str]:
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


def parse(con, path: Path, source: str, encoding: str | None) -> tuple[pd.DataFrame, int]:
    table = read_table(path, ["annee", "valeur"], encoding=encoding)
    if "region" not in table.columns and not {"niveau", "code"} <= set(table.columns):
        raise LoadError(path, "colonne du territoire manquante : « region », ou « niveau » et « code ».", line=1,
                        hint=f"Colonnes trouvées : {', '.join(table.columns)}.")
    if "levier_id" not in table.columns and "indicateur" not in table.columns:
        raise LoadError(path, "colonne « levier_id » ou « indicateur » manquante.", line=1,
                        hint=f"Colonnes trouvées : {', '.join(table.columns)}.")
    territories = set(con.execute("SELECT level, code FROM territories").fetchall())
    levers = {lever_id for (lever_id,) in con.execute("SELECT lever_id FROM levers").fetchall()}
    rows, seen = [], {}
    for line, row in zip(table.lines, table.rows):
        level, code = _territory(table, row, line, territories)
        if row.get("levier_id"):
            kind, subject = "levier", row["levier_id"]
            if subject not in levers:
                raise LoadError(path, f"levier inconnu : « {subject} ».", line=line, column="levier_id",
                                hint="Chargez d'abord le panorama SGPE qui le définit.")
        elif row.get("indicateur"):
            kind, subject = "indicateur", row["indicateur"]
        else:
            raise LoadError(path, "ni levier ni indicateur indiqué.", line=line)
        year = _year(table, row, line)
        value = _value(table, row, line)
        key = (level, code, kind, subject, year)
        if key in seen:
            raise LoadError(path, f"doublon : {subject} {year} pour ce territoire est déjà donné ligne {seen[key]}.",
                            line=line)
        seen[key] = line
        rows.append({
            "territory_level": level, "territory_code": code, "subject_kind": kind, "subject_id": subject,
            "year": year, "value": value, "unit": row.get("unite") or None, "source": source,
        })
    return pd.DataFrame(rows), len(table)


def _value(table: Table, row: dict, line: int) -> float:
    """The row's value: a finite number, between 0 and 100 when its unit is a percentage."""
    try:
        value = parse_number(row["valeur"])
    except NumberError as error:
        raise LoadError(table.path, f"{error}.", line=line, column="valeur") from None
    problem = range_problem(value, 0, 100, "une part") if is_share(row.get("unite")) else None
    if problem:
        raise LoadError(table.path, f"{problem}.", line=line, column="valeur")
    return value


def _year(table: Table, row: dict, line: int) -> int:
    text = row["annee"]
    if not text.isdigit() or not FIRST_YEAR <= int(text) <= LAST_YEAR:
        raise LoadError(table.path, f"« {text} » n'est pas une année entre {FIRST_YEAR} et {LAST_YEAR}.",
                        line=line, column="annee")
    return int(text)


def _write(con, path: Path, source: str, encoding: str | None, import_id: int) -> Outcome:
    frame, read = parse(con, path, source, encoding)
    frame["import_id"] = import_id
    counts = replace_rows(con, "observations", frame,
                          ["territory_level", "territory_code", "subject_kind", "subject_id", "year"])
    territories = frame[["territory_level", "territory_code"]].drop_duplicates()
    summary = [
        f"Observations chargées depuis « {path.name} » : {len(territories)} territoire(s), "
        f"années {frame['year'].min()} à {frame['year'].max()}.",
        counts.describe("valeurs"),
    ]
    return Outcome(read, summary, rows_written=counts.written)
