"""The indicator catalogue: what each indicator measures and how it aggregates from communes upward.

A CSV/XLSX with the columns ``id;nom;unite;theme;sens;agregation;ponderation;source;periodicite;
description``. Loading adds or updates the listed indicators and never removes the others, so a
team extends the shipped catalogue (``data/catalogue-indicateurs-socle.csv``) with its own file.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd

from domain.aggregation import refresh_aggregates
from domain.headers import normalize_header
from domain.regions import simplify
from loaders.errors import LoadError
from loaders.journal import Outcome, replace_rows, run_import
from loaders.tables import read_table

STARTING_CATALOGUE = Path(__file__).resolve().parent.parent / "data" / "catalogue-indicateurs-socle.csv"
REQUIRED = ["id", "nom", "unite", "theme", "sens", "agregation", "source"]
THEMES = ["Mieux se déplacer", "Mieux se loger", "Mieux se nourrir", "Mieux produire", "Mieux préserver",
          "Mieux consommer", "Biodiversité", "Eau", "Air", "Déchets", "Sols", "Transversal"]
DIRECTIONS = {"hausse": "hausse", "baisse": "baisse", "neutre": "neutre",
              "plus haut est mieux": "hausse", "plus bas est mieux": "baisse"}
AGGREGATIONS = {"somme": "somme", "moyenne ponderee": "moyenne pondérée"}
BUILT_IN_WEIGHTS = {"population": "population", "superficie": "superficie"}

_THEMES_BY_KEY = {simplify(theme): theme for theme in THEMES}


def load_catalogue(con: duckdb.DuckDBPyConnection, path: Path | None = None) -> Outcome:
    path = Path(path) if path else STARTING_CATALOGUE
    return run_import(con, "catalogue", [path], lambda con, import_id: write_catalogue(con, path, import_id))


def ensure_starting_catalogue(con: duckdb.DuckDBPyConnection, import_id: int | None = None) -> Outcome | None:
    """Load the shipped catalogue when no indicator is defined yet (first run).

    Inside another import (``import_id`` given) it is written as part of that import's transaction.
    """
    if con.execute("SELECT count(*) FROM indicators").fetchone()[0]:
        return None
    if import_id is None:
        return load_catalogue(con)
    return write_catalogue(con, STARTING_CATALOGUE, import_id)


def read_catalogue(con: duckdb.DuckDBPyConnection, path: Path) -> pd.DataFrame:
    """The file's indicators, validated; weights may name indicators of the file or already known."""
    table = read_table(path, REQUIRED)
    known = {i for (i,) in con.execute("SELECT subject_id FROM indicator_catalogue").fetchall()}
    levers = {i for (i,) in con.execute("SELECT lever_id FROM levers").fetchall()}
    rows, seen = [], {}
    for line, row in zip(table.lines, table.rows):
        rows.append(_indicator(table.path, line, row, seen))
        if rows[-1]["indicator_id"] in levers:
            raise LoadError(path, f"« {rows[-1]['indicator_id']} » est déjà l'identifiant d'un levier SGPE, dont "
                            "l'indicateur physique est au catalogue.", line=line, column="id")
    defined = known | set(seen)
    for row, line in zip(rows, table.lines):
        weight = row["weight"]
        if weight and weight not in BUILT_IN_WEIGHTS and weight not in defined:
            raise LoadError(path, f"pondération inconnue : « {weight} » n'est ni population, ni superficie, "
                            "ni un indicateur du catalogue.", line=line, column="ponderation")
        if weight == row["indicator_id"]:
            raise LoadError(path, "un indicateur ne peut pas être pondéré par lui-même.", line=line,
                            column="ponderation")
    return pd.DataFrame(rows)


def _indicator(path: Path, line: int, row: dict, seen: dict) -> dict:
    def fail(problem: str, column: str, hint: str | None = None) -> LoadError:
        return LoadError(path, problem, line=line, column=column, hint=hint)

    indicator_id = normalize_header(row["id"])
    if not indicator_id:
        raise fail("identifiant vide.", "id")
    if indicator_id in seen:
        raise fail(f"doublon : l'indicateur « {indicator_id} » est déjà défini ligne {seen[indicator_id]}.", "id")
    seen[indicator_id] = line
    for column in ("nom", "unite", "source"):
        if not row[column]:
            raise fail(f"« {column} » est vide.", column)
    theme = _THEMES_BY_KEY.get(simplify(row["theme"]))
    if theme is None:
        raise fail(f"thème inconnu : « {row['theme']} ».", "theme", hint=f"Thèmes possibles : {', '.join(THEMES)}.")
    direction = DIRECTIONS.get(row["sens"].strip().lower())
    if direction is None:
        raise fail(f"sens inconnu : « {row['sens']} » (attendu : hausse, baisse ou neutre).", "sens")
    aggregation = AGGREGATIONS.get(simplify(row["agregation"]))
    if aggregation is None:
        raise fail(f"agrégation inconnue : « {row['agregation']} » (attendu : somme ou moyenne pondérée).",
                   "agregation")
    weight = normalize_header(row.get("ponderation", "")) or None
    if aggregation == "somme" and weight:
        raise fail("une somme ne prend pas de pondération.", "ponderation")
    if aggregation == "moyenne pondérée" and not weight:
        raise fail("une moyenne pondérée demande une pondération (population, superficie ou un indicateur).",
                   "ponderation")
    return {
        "indicator_id": indicator_id, "name": row["nom"], "unit": row["unite"], "theme": theme,
        "direction": direction, "aggregation": aggregation, "weight": weight, "source": row["source"],
        "periodicity": row.get("periodicite") or None, "description": row.get("description") or None,
    }


def write_catalogue(con: duckdb.DuckDBPyConnection, path: Path, import_id: int) -> Outcome:
    frame = read_catalogue(con, path)
    frame["import_id"] = import_id
    counts = replace_rows(con, "indicators", frame, ["indicator_id"])
    refreshed = refresh_aggregates(con, [("indicateur", i) for i in frame["indicator_id"]], import_id)
    themes = frame["theme"].nunique()
    summary = [f"Catalogue des indicateurs chargé depuis « {path.name} » : {len(frame)} indicateur(s), "
               f"{themes} thème(s).", counts.describe("indicateurs")]
    if refreshed:
        summary.append(f"{refreshed} valeur(s) agrégée(s) recalculée(s) selon les règles du catalogue.")
    return Outcome(len(frame), summary, rows_written=counts.written)
