"""The indicator catalogue: what each indicator measures, how it aggregates from communes upward and how
territories of different sizes compare on it.

A CSV/XLSX with the columns ``id;nom;unite;theme;sens;agregation;ponderation;comparaison;source;
periodicite;description`` (``comparaison`` may be left out: ``domain.comparison.default_basis``). Loading adds
or updates the listed indicators and never removes the others, so a team extends the shipped catalogue
(``data/catalogue-indicateurs-socle.csv``) with its own file.
Changing the unit of an indicator that has values is refused unless forced: the values would only be
relabelled, not converted.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd

from domain import formats, texts
from domain.aggregation import refresh_aggregates
from domain.comparison import BASES, SHARE_OF_AREA, area_factor
from domain.headers import normalize_header
from domain.regions import simplify
from loaders.errors import LoadError, checked_text
from loaders.journal import Outcome, replace_rows, run_import
from loaders.tables import read_table, reading_notice

STARTING_CATALOGUE = Path(__file__).resolve().parent.parent / "data" / "catalogue-indicateurs-socle.csv"
REQUIRED = ["id", "nom", "unite", "theme", "sens", "agregation", "source"]
THEMES = ["Mieux se déplacer", "Mieux se loger", "Mieux se nourrir", "Mieux produire", "Mieux préserver",
          "Mieux consommer", "Biodiversité", "Eau", "Air", "Déchets", "Sols", "Transversal"]
DIRECTIONS = {"hausse": "hausse", "baisse": "baisse", "neutre": "neutre",
              "plus haut est mieux": "hausse", "plus bas est mieux": "baisse"}
AGGREGATIONS = {"somme": "somme", "moyenne ponderee": "moyenne pondérée"}
BUILT_IN_WEIGHTS = {"population": "population", "superficie": "superficie"}
COMPARISONS = {simplify(basis): basis for basis in BASES}  # « par km2 » is « par km² »
TEXTS = {"nom": texts.NAME, "unite": texts.UNIT, "source": texts.SOURCE, "periodicite": texts.NAME,
         "description": texts.NOTE}

_THEMES_BY_KEY = {simplify(theme): theme for theme in THEMES}


def load_catalogue(con: duckdb.DuckDBPyConnection, path: Path | None = None, force: bool = False) -> Outcome:
    path = Path(path) if path else STARTING_CATALOGUE
    return run_import(con, "catalogue", [path],
                      lambda con, import_id: write_catalogue(con, path, import_id, force))


def same_unit(given: str, expected: str) -> bool:
    """Units written alike but for case, accents and spaces (« ktCO2e » and « kt CO₂e »)."""
    return _unit_key(given) == _unit_key(expected)


def _unit_key(unit: str) -> str:
    return simplify(unit).replace(" ", "")


def unit_mismatch(path: Path, subject: str, unit: str, expected: str, line: int) -> LoadError:
    return LoadError(path, f"unité « {unit} » différente de celle du catalogue pour « {subject} » : « {expected} ».",
                     line=line, column="unite", hint="Convertissez les valeurs dans l'unité du catalogue.")


def unknown_indicator(path: Path, subject: str, line: int, column: str) -> LoadError:
    return LoadError(path, f"indicateur inconnu : « {subject} ».", line=line, column=column,
                     hint="Ajoutez-le au catalogue (python -m loaders catalogue FICHIER) ou corrigez son identifiant.")


def ensure_starting_catalogue(con: duckdb.DuckDBPyConnection, import_id: int | None = None) -> Outcome | None:
    """Load the shipped catalogue when no indicator is defined yet (first run).

    Inside another import (``import_id`` given) it is written as part of that import's transaction.
    """
    if con.execute("SELECT count(*) FROM indicators").fetchone()[0]:
        return None
    if import_id is None:
        return load_catalogue(con)
    return write_catalogue(con, STARTING_CATALOGUE, import_id)


def read_catalogue(con: duckdb.DuckDBPyConnection, path: Path) -> tuple[pd.DataFrame, list[str]]:
    """The file's indicators, validated, with their line; weights may name indicators of the file or already
    known. Also what the report says of how the file was read."""
    table = read_table(path, REQUIRED)
    known = {i for (i,) in con.execute("SELECT subject_id FROM indicator_catalogue").fetchall()}
    levers = {i for (i,) in con.execute("SELECT lever_id FROM levers").fetchall()}
    rows, seen = [], {}
    for line, row in zip(table.lines, table.rows):
        rows.append(_indicator(table.path, line, row, seen) | {"line": line})
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
    return pd.DataFrame(rows), reading_notice(table.encoding, table.separator)


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
    for column, text_field in TEXTS.items():
        checked_text(path, text_field, row.get(column), line, column)
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
    comparison = _comparison(row.get("comparaison", ""), row["unite"], fail)
    return {
        "indicator_id": indicator_id, "name": row["nom"], "unit": row["unite"], "theme": theme,
        "comparison": comparison, "direction": direction, "aggregation": aggregation, "weight": weight,
        "source": row["source"],
        "periodicity": row.get("periodicite") or None, "description": row.get("description") or None,
    }


def _comparison(text: str, unit: str, fail) -> str | None:
    """The comparison basis named in the file (None when the column is empty: the default applies)."""
    if not text:
        return None
    basis = COMPARISONS.get(simplify(text))
    if basis is None:
        raise fail(f"comparaison inconnue : « {text} » (attendu : {', '.join(BASES)}).", "comparaison")
    if basis == SHARE_OF_AREA and area_factor(unit) is None:
        raise fail(f"« {SHARE_OF_AREA} » demande une unité de surface (ha, kha ou km²), pas « {unit} ».",
                   "comparaison")
    return basis


def _relabelled(con: duckdb.DuckDBPyConnection, path: Path, frame: pd.DataFrame, force: bool) -> list[str]:
    """Relabel the stored values of indicators whose unit changes (forced), or refuse the change."""
    stored = con.execute("SELECT i.indicator_id, i.unit, count(o.year) FROM indicators i JOIN observations o "
                         "ON o.subject_kind = 'indicateur' AND o.subject_id = i.indicator_id GROUP BY ALL").fetchall()
    new_units = dict(zip(frame["indicator_id"], zip(frame["unit"], frame["line"])))
    notices = []
    for indicator_id, old, values in stored:
        if indicator_id not in new_units or same_unit(new_units[indicator_id][0], old):
            continue
        new, line = new_units[indicator_id]
        if not force:
            loaded = formats.noun(values, "est chargée", "sont chargées")
            relabelled = formats.noun(values, "elle serait réétiquetée sans être convertie",
                                      "elles seraient réétiquetées sans être converties")
            raise LoadError(path, f"l'unité de « {indicator_id} » passerait de « {old} » à « {new} » alors que "
                            f"{formats.counted(values, 'valeur')} {loaded} dans l'ancienne unité : {relabelled}.",
                            line=line, column="unite",
                            hint="Gardez l'ancienne unité, ou relancez avec --forcer si les valeurs sont déjà "
                                 "dans la nouvelle.")
        con.execute("UPDATE observations SET unit = ? WHERE subject_kind = 'indicateur' AND subject_id = ?",
                    [new, indicator_id])
        notices.append(f"Unité de « {indicator_id} » changée (--forcer) : {formats.counted(values, 'valeur')} "
                       f"{formats.noun(values, 'réétiquetée')} « {new} » au lieu de « {old} », sans conversion.")
    return notices


def write_catalogue(con: duckdb.DuckDBPyConnection, path: Path, import_id: int, force: bool = False) -> Outcome:
    frame, reading = read_catalogue(con, path)
    notices = _relabelled(con, path, frame, force) + reading
    frame = frame.drop(columns="line")
    frame["import_id"] = import_id
    counts = replace_rows(con, "indicators", frame, ["indicator_id"])
    refreshed = refresh_aggregates(con, [("indicateur", i) for i in frame["indicator_id"]], import_id)
    themes = frame["theme"].nunique()
    summary = [f"Catalogue des indicateurs chargé depuis « {path.name} » : "
               f"{formats.counted(len(frame), 'indicateur')}, {formats.counted(themes, 'thème')}.",
               counts.describe("indicateur")]
    if refreshed:
        summary.append(f"{formats.counted(refreshed, 'valeur')} {formats.noun(refreshed, 'agrégée')} "
                       f"{formats.noun(refreshed, 'recalculée')} selon les règles du catalogue.")
    return Outcome(len(frame), summary, notices, rows_written=counts.written)
