"""The national programmes territories belong to, from a CSV or XLSX file (``docs/exemples/programmes.csv``).

One row per territory and programme: ``programme`` (its code: ``domain.process.PROGRAMMES``), ``niveau``
(commune, EPCI, CRTE, département, région) and ``code`` (INSEE, SIREN or id_crte), optionally ``annee`` (the year it
joined). A national list can be loaded for one region: codes of territories that are not loaded are reported and
left out, a file where none is loaded is refused. For each programme of the file, the territories it lists replace
those loaded before.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd

from domain import formats
from domain.headers import normalize_header
from domain.numbers import NumberError
from domain.process import PROGRAMMES
from domain.ranges import PROGRAMME_YEAR
from domain.vocabulary import LEVELS
from loaders.errors import LoadError
from loaders.journal import Outcome, replace_rows, run_import
from loaders.tables import read_table, reading_notice

REQUIRED = ["programme", "niveau", "code"]
EXAMPLES = 10
_LEVELS = {normalize_header(level.title): key for key, level in LEVELS.items()} | {key: key for key in LEVELS}
_CODES = {normalize_header(code): code for code in PROGRAMMES} | {normalize_header(name): code
                                                                 for code, name in PROGRAMMES.items()}


def load_programmes(con: duckdb.DuckDBPyConnection, path: Path) -> Outcome:
    path = Path(path)
    return run_import(con, "programmes", [path], lambda con, import_id: _write(con, path, import_id))


def _write(con, path: Path, import_id: int) -> Outcome:
    table = read_table(path, REQUIRED)
    known = set(con.execute("SELECT level, code FROM territories").fetchall())
    rows, unknown, seen = [], set(), {}
    for line, row in zip(table.lines, table.rows):
        programme = _CODES.get(normalize_header(row["programme"]))
        if programme is None:
            codes = ", ".join(f"{code} : {name}" for code, name in PROGRAMMES.items())
            raise LoadError(path, f"programme « {row['programme']} » inconnu (codes : {codes}).", line=line,
                            column="programme")
        level = _LEVELS.get(normalize_header(row["niveau"]))
        if level is None:
            raise LoadError(path, f"niveau « {row['niveau']} » inconnu ("
                            f"{', '.join(lv.singular for lv in LEVELS.values())}).", line=line, column="niveau")
        code = row["code"].strip()
        if not code:
            raise LoadError(path, "code du territoire manquant.", line=line, column="code")
        if (programme, level, code) in seen:
            raise LoadError(path, f"doublon : {code} est déjà dans « {PROGRAMMES[programme]} » ligne "
                            f"{seen[programme, level, code]}.", line=line, column="code")
        seen[programme, level, code] = line
        if (level, code) not in known:
            unknown.add(f"{LEVELS[level].singular} {code}")
            continue
        rows.append({"programme": programme, "territory_level": level, "territory_code": code,
                     "since_year": _year(path, line, row.get("annee")), "import_id": import_id})
    if not rows:
        raise LoadError(path, "aucun territoire du fichier n'est chargé (par exemple "
                        f"{', '.join(sorted(unknown)[:3])}).", hint="Chargez d'abord les territoires "
                        "(python -m loaders territoires), ou vérifiez les colonnes niveau et code.")
    frame = pd.DataFrame(rows)
    programmes = sorted(frame["programme"].unique())
    counts = replace_rows(con, "territory_programmes", frame, ["programme", "territory_level", "territory_code"],
                          scope=f"programme IN ({', '.join('?' * len(programmes))})", scope_params=programmes)
    notices = reading_notice(table.encoding, table.separator)
    if unknown:
        listed = sorted(unknown)
        absent, ignored = (formats.noun(len(listed), word) for word in ("absent", "ignoré"))
        more = " …" if len(listed) > EXAMPLES else ""
        notices.append(f"{formats.counted(len(listed), 'territoire')} {absent} des territoires chargés, {ignored} : "
                       f"{', '.join(listed[:EXAMPLES])}{more}.")
    summary = counts.describe("appartenance à un programme", "appartenances à un programme", feminine=True)
    return Outcome(len(table), [summary], notices, rows_written=counts.written)


def _year(path: Path, line: int, text: str | None) -> int | None:
    try:
        year = PROGRAMME_YEAR.read_optional(text)
    except NumberError as error:
        raise LoadError(path, f"{error}.", line=line, column="annee") from None
    return None if year is None else int(year)
