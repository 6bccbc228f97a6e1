"""Regional objectives beyond greenhouse gases, from a CSV or a workbook: one line per region and indicator.

Columns: ``region`` (name or INSEE code), ``indicateur`` (an identifier of the catalogue), ``annee_reference``,
``valeur_reference``, ``cible_2030`` (absolute) or ``evolution_visee`` (percent of the baseline), ``source`` and
``statut`` (officiel, indicatif, de travail) — the downloadable template's, and the page's fields
(``domain.regional_objectives``, the same checks and messages). A line adds the region's objective for its
indicator, or changes it; the region's other objectives stay. One bad line refuses the whole file, naming its line
and column: nothing is written.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from domain import formats, history
from domain import regional_objectives as objectives
from domain.regions import region_code
from loaders.errors import LoadError
from loaders.journal import Outcome, run_import
from loaders.tables import reading_notice, stream_table

COLUMNS = {column: field for column, field in objectives.FILE_COLUMNS.items() if column != "region"}
REQUIRED = ["region", "indicateur", "annee_reference", "valeur_reference", "source", "statut"]
COLUMN_OF = {field: column for column, field in COLUMNS.items()}


def load_regional_objectives(con: duckdb.DuckDBPyConnection, path: Path, author: str | None = None) -> Outcome:
    path = Path(path)
    return run_import(con, "objectifs", [path], lambda con, import_id: _write(con, path, author))


def read_objectives(con: duckdb.DuckDBPyConnection, path: Path) -> tuple[list[tuple[int, str, dict]], list[str]]:
    """(line, region, checked values) of every line, and how the file was read; LoadError at the first problem."""
    table = stream_table(path, REQUIRED)
    if "cible_2030" not in table.columns and "evolution_visee" not in table.columns:
        raise LoadError(path, "colonne « cible_2030 » ou « evolution_visee » manquante.", line=1,
                        hint=f"Colonnes trouvées : {', '.join(table.columns)}.")
    known = {code for (code,) in con.execute("SELECT code FROM territories WHERE level = 'region'").fetchall()}
    indicators = objectives.catalogue(con)
    rows, seen = [], {}
    for line, row in table:
        region = region_code(row.get("region") or "")
        if region is None or region not in known:
            raise LoadError(path, f"région inconnue ou non chargée : « {row.get('region')} ».", line=line,
                            column="region", hint="Utilisez le nom officiel de la région ou son code INSEE.")
        checked = objectives.validate({field: row.get(column) for column, field in COLUMNS.items()}, indicators)
        if not checked.ok:
            field, problem = next(iter(checked.errors.items()))
            raise LoadError(path, f"{objectives.LABELS[field]} : {problem}", line=line, column=COLUMN_OF[field])
        key = (region, checked.values["indicator_id"])
        if key in seen:
            raise LoadError(path, f"doublon : l'objectif « {key[1]} » de cette région est déjà donné ligne "
                                  f"{seen[key]}.", line=line, column="indicateur")
        seen[key] = line
        rows.append((line, region, checked.values))
    return rows, reading_notice(table.encoding, table.separator)


def _write(con, path: Path, author: str | None) -> Outcome:
    rows, notices = read_objectives(con, path)
    added = changed = 0
    for _, region, values in rows:
        stored = con.execute("SELECT objective_id, version FROM regional_objectives WHERE region = ? "
                             "AND indicator_id = ?", [region, values["indicator_id"]]).fetchall()
        before = objectives.get(con, stored[0][0]) if stored else None
        objectives.save(con, region, values, stored[0][1] if stored else None, author, history.IMPORTED)
        after = objectives.get(con, stored[0][0]) if stored else None
        added += not stored
        changed += bool(stored) and after["version"] != before["version"]
    unchanged = len(rows) - added - changed
    summary = [f"Objectifs régionaux chargés depuis « {path.name} » : {formats.counted(added, 'ajouté')}, "
               f"{formats.counted(changed, 'modifié')}, {formats.counted(unchanged, 'inchangé')}."]
    return Outcome(len(rows), summary, notices, rows_written=added + changed)
