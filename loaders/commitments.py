"""The commitments template (XLSX or CSV) that territories fill in and send back.

The same columns serve the blank template, the exports of the roadmap and the import, so
that an exported workbook re-imported changes nothing. A line with an ``Identifiant`` updates
that commitment (refused if it was changed since the export, when its ``Version`` is older);
a line without one adds a commitment, or updates the one with the same territory, lever,
porteur and intitulé. A line that does not validate is refused, with its line number and
problems; the others are written, in one transaction. A file whose columns are not the
template's is refused as a whole (nothing written). A workbook's « Suivi » sheet holds the commitments' follow-up
(``loaders.follow_up_sheet``), imported after them.

A workbook's « Contributions », « Territoires » and « Financements » sheets (``GROUP_SHEETS``) give the repeated groups
of the commitments of the file, one row per entry keyed by the commitment's « Identifiant » (or, for a commitment new
in the file, its « Intitulé »): they replace the stored entries of those commitments. A row naming no commitment of
the file refuses the file, and so does a line giving in a cell a group that the workbook has a sheet for. A file
without such a sheet (a CSV, a workbook made before it) reads the group from the line's cell (« PRELEV_EAU : 300 »),
or, without that column either, leaves the stored entries as they are.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import duckdb

from domain import clock, commitment_store, formats, typed
from domain.commitment_template import (
    BY_HEADER,
    FORMER_BY_HEADER,
    GROUP_CELLS,
    GROUP_SHEETS,
    QUANTITIES,
    REQUIRED,
    UNNAMED_SOURCE,
    GroupSheet,
)
from domain.commitments import LABELS, Context, differences, validate
from domain.conflicts import Conflict
from domain.formats import moment
from domain.headers import normalize_header
from domain.numbers import NumberError, parse_number
from domain.ranges import IDENTIFIER
from domain.spreadsheet import unneutralize
from loaders import follow_up_sheet
from loaders.archives import open_workbook
from loaders.errors import LoadError
from loaders.journal import Outcome, run_import
from loaders.tables import stream_table

# Fields that a file without their column leaves as stored: the public's export has no « Contact » column
# (dashboard/access/reading.py), and re-importing it must not erase the contacts; a file made before the
# « Maturité » and « Coût total (€) » columns must not erase the maturities and costs given since, nor one made before
# the « Objectifs régionaux », « Thème » and « Territoires partagés (%) » columns the contributions, themes and
# shares.
KEPT_WHEN_ABSENT = ("contact", "maturity", "total_cost", "objectives", "theme", "territories", "financing")


@dataclass
class Line:
    where: str          # « ligne 4 » or « feuille « Transports », ligne 4 »
    raw: dict           # field → value as read


@dataclass
class Report:
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: int = 0
    refused: list[str] = field(default_factory=list)  # « ligne 4 : Statut : « fini » inconnu… »
    warnings: list[str] = field(default_factory=list)  # « ligne 5 : Le financement (…) dépasse le coût total… »
    read: int = 0
    follow_up: follow_up_sheet.Counts | None = None  # the « Suivi » sheet's, when the workbook has one

    def summary(self) -> str:
        counts = [(len(self.added), "ajouté"), (len(self.changed), "modifié"), (self.unchanged, "inchangé"),
                  (len(self.refused), "refusé")]
        return "Engagements : " + ", ".join(formats.agreed(value, word) for value, word in counts) + "." + (
            f" {self.follow_up.summary()}" if self.follow_up else "")

    def problems(self) -> list[str]:
        """Every line refused, the commitments' then the follow-up's."""
        return self.refused + (self.follow_up.refused if self.follow_up else [])


def read_lines(path: Path) -> Iterator[Line]:
    """The template's lines, from a CSV (read as they are used) or from every sheet of a workbook that has
    the template's columns."""
    path = Path(path)
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return iter(_read_workbook(path))
    table = stream_table(path, REQUIRED)
    _check_quantity_columns(path, table.columns)
    return (Line(f"ligne {line}", _fields(row)) for line, row in table)


def _fields(row: dict) -> dict:
    """The line's fields, by the template's columns the file has; a file made before the « Financements » sheet gives
    its amount and sources as one financing line (``FORMER_COLUMNS``)."""
    fields = {key: unneutralize(row.get(column)) for column, key in BY_HEADER.items() if column in row}
    former = {key: unneutralize(row.get(column)) for column, key in FORMER_BY_HEADER.items() if column in row}
    if former:
        amount = former.get("amount")
        amount = None if _zero(amount) else amount  # « 0 € »: no amount, as migration 043 reads it
        given = amount is not None or not typed.blank(former.get("source"))
        fields["financing"] = [{"source": typed.text(former.get("source")) or UNNAMED_SOURCE, "amount": amount}
                               ] if given else []
    return fields


def _zero(value) -> bool:
    try:
        return not typed.blank(value) and parse_number(value) == 0
    except NumberError:
        return False  # the validation says what is wrong with it


def _check_quantity_columns(path: Path, columns: list[str]) -> None:
    if not any(c in columns for c in QUANTITIES):
        raise LoadError(path, f"colonne « {LABELS['quantity_kt']} » ou « {LABELS['quantity_phys']} » manquante.",
                        line=1, hint=f"Colonnes trouvées : {', '.join(columns)}.")


def _read_workbook(path: Path) -> list[Line]:
    if not path.exists():
        raise LoadError(path, "le fichier n'existe pas.")
    workbook = open_workbook(path)
    lines, found, groups = [], [], []
    several = len(workbook.worksheets) > 1
    for sheet in workbook.worksheets:
        rows = sheet.iter_rows(values_only=True)
        header, header_number = None, 0
        for number, values in enumerate(rows, start=1):
            if any(v is not None and str(v).strip() for v in values):
                header, header_number = [normalize_header(v) if v is not None else "" for v in values], number
                break
        group = next((group for group in GROUP_SHEETS if sheet.title == group.name and header is not None
                      and all(c in header for c in group.required)), None)
        if group is not None:
            groups.append((group, _group_rows(rows, header, header_number, group)))
            continue
        if header is None or not all(c in header for c in REQUIRED):
            found.append((sheet.title, header or []))
            continue
        _check_quantity_columns(path, header)
        prefix = f"feuille « {sheet.title} », " if several else ""
        for number, values in enumerate(rows, start=header_number + 1):
            if not any(v is not None and str(v).strip() for v in values):
                continue
            row = {c: (v.strip() if isinstance(v, str) else v) for c, v in zip(header, values) if c}
            lines.append(Line(f"{prefix}ligne {number}", _fields(row)))
    workbook.close()
    if not lines and found and len(found) + len(groups) == len(workbook.worksheets):
        missing = sorted({c for _, header in found for c in REQUIRED if c not in header})
        raise LoadError(path, f"aucune feuille n'a les colonnes du modèle d'engagements (manquantes : "
                              f"{', '.join(missing)}).", line=1,
                        hint="Téléchargez le modèle depuis la page « Feuille de route ».")
    if not lines:
        raise LoadError(path, "le classeur ne contient aucune ligne d'engagement après l'en-tête.")
    for group, rows in groups:
        _attach(path, lines, group, rows)
    return lines


def _group_rows(rows, header: list[str], header_number: int, group: GroupSheet) -> list[dict]:
    """A group sheet's rows: the entry's fields, its commitment's key and where it is."""
    found = []
    for number, values in enumerate(rows, start=header_number + 1):
        if not any(v is not None and str(v).strip() for v in values):
            continue
        row = {group.by_header[c]: unneutralize(v.strip() if isinstance(v, str) else v)
               for c, v in zip(header, values) if c in group.by_header}
        found.append({**row, "where": f"feuille « {group.name} », ligne {number}"})
    return found


def _attach(path: Path, lines: list[Line], group: GroupSheet, rows: list[dict]) -> None:
    """Give each commitment of the file its entries of ``group`` (none: it has none), by its identifiant or, new in
    the file, its intitulé; a row that names no commitment of the file, or a line that gives the group in a cell too,
    refuses the file."""
    by_key: dict = {}
    for line in lines:
        if group.field in GROUP_CELLS and not typed.blank(line.raw.get(group.field)):
            raise LoadError(path, f"{line.where}, colonne « {LABELS[group.field]} » : le classeur a une feuille "
                                  f"« {group.name} » ; donnez-y ces valeurs, une ligne chacune, et videz cette "
                                  "colonne.")
        line.raw[group.field] = []
        number = _number(line.raw.get("commitment_id"))
        key = number if number is not None else str(line.raw.get("title") or "").strip().casefold()
        by_key.setdefault(key, line)
    for row in rows:
        number = _number(row.get("commitment_id"))
        key = number if number is not None else str(row.get("commitment_id") or row.get("title") or ""
                                                    ).strip().casefold()
        if key not in by_key:
            named = row.get("commitment_id") or row.get("title") or ""
            raise LoadError(path, f"{row['where']} : aucun engagement « {named} » dans le fichier (Identifiant de "
                                  "l'engagement, ou son intitulé pour un engagement nouveau).")
        by_key[key].raw[group.field].append({k: v for k, v in row.items() if k not in ("commitment_id", "title")})


def apply_lines(con: duckdb.DuckDBPyConnection, lines: Iterable[Line], context: Context, author: str,
                when: datetime | None = None) -> Report:
    """Validate every line, then add or update the commitments it describes; refuse the others."""
    when = when or clock.now()
    existing = commitment_store.region_commitments(con, context.region)
    records = {int(r["commitment_id"]): r for r in existing[commitment_store.RECORD].to_dict("records")}
    by_key = {_natural_key(r): cid for cid, r in records.items()}
    seen: dict = {}
    new: list[dict] = []
    report = Report()
    for line in lines:
        report.read += 1
        named = records.get(_number(line.raw.get("commitment_id")))  # the commitment its « Identifiant » names
        kept = {key: named[key] for key in KEPT_WHEN_ABSENT if named is not None and key not in line.raw}
        checked = validate({**line.raw, **kept}, context)  # a theme kept counts for a commitment without a lever
        if not checked.ok:
            problems = " ; ".join(f"{LABELS[k]} : {p}" for k, p in checked.errors.items())
            report.refused.append(f"{line.where} : {problems}")
            continue
        target, problem = _target(line.raw, checked.values, records, by_key)
        key = target if target is not None else _natural_key(checked.values)
        if problem is None and key in seen:
            problem = f"même engagement que {seen[key]}."
        if problem:
            report.refused.append(f"{line.where} : {problem}")
            continue
        seen[key] = line.where
        report.warnings += [f"{line.where} : {warning}" for warning in checked.warnings]
        if target is None:
            new.append(checked.values)
            report.added.append(line.where)
            continue
        stored = records[target]
        checked.values.update({key: stored[key] for key in KEPT_WHEN_ABSENT if key not in line.raw})
        expected = _number(line.raw.get("version"))
        if not differences(stored, checked.values):
            report.unchanged += 1
        elif expected is not None and expected != stored["version"]:
            report.refused.append(
                f"{line.where} : l'engagement n° {target} a été modifié par {stored['updated_by']} le "
                f"{moment(stored['updated_at'])} (version {stored['version']}) depuis votre export (version "
                f"{expected}) ; repartez d'un export récent.")
        else:
            result = commitment_store.update(con, target, stored["version"], checked.values, author,
                                          action="import", when=when)
            if isinstance(result, Conflict):
                report.refused.append(f"{line.where} : l'engagement n° {target} vient d'être modifié ; réessayez.")
            else:
                report.changed.append(line.where)
    commitment_store.create_many(con, context.region, new, author, action="import", when=when)
    return report


def _natural_key(values: dict) -> tuple:
    return (values["territory_level"], values["territory_code"], values["lever_id"],
            str(values["carrier"]).casefold(), str(values["title"]).casefold())


def _number(value) -> int | None:
    try:
        number = IDENTIFIER.read_optional(value)
    except NumberError:
        return None
    return None if number is None else int(number)


def _target(raw: dict, values: dict, records: dict, by_key: dict) -> tuple[int | None, str | None]:
    """The commitment a line updates (None: a new one), or a problem."""
    text = raw.get("commitment_id")
    if text is None or str(text).strip() == "":
        return by_key.get(_natural_key(values)), None
    try:
        commitment_id = int(IDENTIFIER.read(text))
    except NumberError:
        return None, f"Identifiant : « {text} » n'est pas un numéro d'engagement."
    if commitment_id not in records:
        return None, (f"Identifiant : aucun engagement n° {commitment_id} dans cette région "
                      "(laissez la colonne vide pour un nouvel engagement).")
    return commitment_id, None


def region_context(con: duckdb.DuckDBPyConnection, path: Path, region: str) -> Context:
    known = {code for (code,) in con.execute(
        "SELECT DISTINCT territory_code FROM lever_objectives WHERE territory_level = 'region'").fetchall()}
    if region not in known:
        raise LoadError(path, f"région « {region} » inconnue ou sans objectifs chargés (régions : "
                              f"{', '.join(sorted(known)) or 'aucune'}).")
    return commitment_store.context(con, region)


def load_commitments(con: duckdb.DuckDBPyConnection, path: Path, region: str, author: str) -> tuple[Outcome, Report]:
    """Import the template at ``path`` into the roadmap of ``region``; journaled like every import."""
    path = Path(path)
    reports = []

    def write(con, import_id) -> Outcome:
        context = region_context(con, path, region)
        lines = read_lines(path)
        report = apply_lines(con, lines, context, author)
        rows = follow_up_sheet.read_rows(path)
        if rows is not None:
            report.follow_up = follow_up_sheet.apply_rows(con, rows, context, author)
        reports.append(report)
        saved = report.follow_up.saved if report.follow_up else 0
        return Outcome(report.read, [report.summary()], report.problems() + report.warnings,
                       rows_written=len(report.added) + len(report.changed) + saved, refused=len(report.problems()))

    outcome = run_import(con, "engagements", [path], write)
    return outcome, reports[0]
