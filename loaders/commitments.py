"""The commitments template (XLSX or CSV) that territories fill in and send back.

The same columns serve the blank template, the exports of the roadmap and the import (``domain.commitment_template``,
read by ``loaders.commitment_sheets``), so that an exported workbook re-imported changes nothing. A line with an
``Identifiant`` updates that commitment (refused if it was changed since the export, when its ``Version`` is older);
a line without one adds a commitment, or updates the one with the same territories, porteur and intitulé.

Each commitment takes its groups from the lines of their sheets that name it (« Engagement »: its Identifiant, or its
Référence), else from the simple form of its own line (one territory, one lever, one amount), else, when the sheet
is there, none; a group given by neither is kept as stored. Its follow-up (« Suivi », « Réalisations ») likewise. A
commitment whose line or group lines do not validate is refused, with where (sheet, line, column) and why, and none
of it is written; the others are written, in one transaction. A file whose columns are not the template's is
refused as a whole (nothing written).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import duckdb

from domain import clock, commitment_groups, commitment_store, follow_up, follow_up_store, formats, history
from domain.commitment_template import ACHIEVEMENTS, FOLLOW_UP, GROUP_SHEETS
from domain.commitments import GROUPS, SIMPLE, Context, differences, label, territories_of, validate
from domain.conflicts import Conflict
from domain.formats import moment
from domain.numbers import NumberError
from domain.ranges import IDENTIFIER
from domain.texts import REFERENCE
from loaders.commitment_sheets import Line, Sheets, link_key, read_sheets
from loaders.errors import LoadError
from loaders.journal import Outcome, run_import

# Fields that a file without their column leaves as stored: the public's export has no « Contact » column
# (dashboard/access/reading.py), and re-importing it must not erase the contacts.
KEPT_WHEN_ABSENT = ("contact",)
HEADERS = {spec.group: {key: header for header, key in spec.columns if key} for spec in GROUP_SHEETS.values()}
SHEET_NAMES = {spec.group: name for name, spec in GROUP_SHEETS.items()}
FOLLOW_HEADERS = {**HEADERS[FOLLOW_UP], "achieved": HEADERS[ACHIEVEMENTS]["achieved"]}


@dataclass
class Report:
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: int = 0
    refused: list[str] = field(default_factory=list)  # « ligne 4 : Statut : « fini » inconnu… »
    warnings: list[str] = field(default_factory=list)  # « ligne 4 : Les financements (…) dépassent le coût total… »
    read: int = 0

    def summary(self) -> str:
        return (f"Engagements : {formats.count(len(self.added))} ajouté(s), "
                f"{formats.count(len(self.changed))} modifié(s), {formats.count(self.unchanged)} inchangé(s), "
                f"{formats.count(len(self.refused))} refusé(s).")


@dataclass
class Item:
    """One commitment of the file: its line, its raw groups and follow-up, and where each group line was."""
    line: Line
    raw: dict
    places: dict[str, list[str]] = field(default_factory=dict)  # group → where each of its lines was
    follow: list[dict] | None = None  # its follow-up (None: not in the file)
    follow_places: dict[str, str] = field(default_factory=dict)  # follow_up.<n>.<field> → where


def _items(sheets: Sheets, report: Report) -> list[Item]:
    """Each commitment line with the group lines naming it; group lines naming none are refused."""
    items = [Item(line, dict(line.raw)) for line in sheets.lines]
    keys: dict = {}
    for item in items:
        for key in (link_key(item.raw.get("commitment_id")), link_key(item.raw.get("reference"))):
            if key is not None:
                keys.setdefault(key, item)
    for group, lines in sheets.groups.items():
        for line, engagement in lines:
            owner = keys.get(link_key(engagement))
            if owner is None:
                report.refused.append(f"{line.where} : Engagement « {engagement if engagement is not None else ''} » : "
                                      "aucune ligne de la feuille des engagements n'a cet identifiant ou cette "
                                      "référence.")
                continue
            owner.places.setdefault(group, []).append(line.where)
            owner.raw.setdefault(f"_{group}", []).append(line.raw)
    for item in items:
        for group in GROUPS:
            _attach(item, group, group in sheets.groups)
        if FOLLOW_UP in sheets.groups or ACHIEVEMENTS in sheets.groups:
            _attach_follow_up(item)
    return items


def _attach(item: Item, group: str, sheet_given: bool) -> None:
    rows = item.raw.pop(f"_{group}", None)
    simple = [key for key, (target, _) in SIMPLE.items() if target == group and item.raw.get(key) not in (None, "")]
    if rows and simple:
        item.raw["_twice"] = (f"{GROUPS[group]} donnés deux fois : dans la feuille « {SHEET_NAMES[group]} » "
                              f"({', '.join(item.places[group])}) et dans les colonnes de la ligne "
                              f"({', '.join(label(key) for key in simple)}) ; gardez-en un.")
    elif rows or (sheet_given and not simple):
        item.raw[group] = rows or []


def _attach_follow_up(item: Item) -> None:
    """The follow-up lines (per year) and achievement lines (per year and objective) merged year by year."""
    years: dict = {}
    for kind in (FOLLOW_UP, ACHIEVEMENTS):
        for raw, where in zip(item.raw.pop(f"_{kind}", []), item.places.get(kind, [])):
            year = raw.get("year")
            row = years.setdefault(str(year).strip(), {"year": year, "achieved": {}, "_where": where})
            if kind == FOLLOW_UP:
                row |= {"spent": raw.get("spent"), "comment": raw.get("comment"), "_where": where}
            else:
                objective = str(raw.get("objective_id") or "").strip()
                row["achieved"][objective] = raw.get("achieved")
                row[f"_where:{objective}"] = where
    item.follow = list(years.values())


def apply_lines(con: duckdb.DuckDBPyConnection, sheets: Sheets, context: Context, author: str,
                when: datetime | None = None) -> Report:
    """Validate every commitment of the file, then add or update it with its groups and follow-up; refuse the
    others."""
    when = when or clock.now()
    existing = commitment_store.region_commitments(con, context.region)
    records = {int(r["commitment_id"]): r for r in existing[commitment_store.COLUMNS].to_dict("records")}
    stored_groups = commitment_groups.read(con, records)
    for commitment_id, record in records.items():
        record.update({group: stored_groups[group].get(commitment_id, []) for group in GROUPS})
    by_key = {_natural_key(r): cid for cid, r in records.items()}
    report, seen, new, follows = Report(), {}, [], []
    items = _items(sheets, report)
    for item in items:
        report.read += 1
        target, problem = _target(item.raw, records)
        checked = validate(item.raw, context, records.get(target))
        if target is None and checked.ok and _natural_key(checked.values) in by_key:
            target = by_key[_natural_key(checked.values)]
            checked = validate(item.raw, context, records[target])
        errors = dict(checked.errors)
        follow = _checked_follow_up(item, checked.values, when, errors)
        problem = problem or item.raw.get("_twice") or _reference_problem(item.raw)
        key = target if target is not None else _natural_key(checked.values) if checked.ok else None
        if problem is None and not errors and key in seen:
            problem = f"même engagement que {seen[key]}."
        if problem or errors:
            report.refused.append(f"{item.line.where} : {problem or _described(errors, item)}")
            continue
        seen[key] = item.line.where
        report.warnings += [f"{item.line.where} : {warning}" for warning in checked.warnings]
        if target is None:
            new.append(checked.values)
            follows.append((None, follow, item))
            report.added.append(item.line.where)
            continue
        _update(con, item, target, records[target], checked.values, follow, author, when, report)
    ids = commitment_store.create_many(con, context.region, new, author, action=history.IMPORTED, when=when)
    for commitment_id, (_, follow, _) in zip(ids, follows):
        if follow is not None:
            follow_up_store.save(con, commitment_id, follow, None, author, history.IMPORTED, when)
    return report


def _update(con, item: Item, target: int, stored: dict, values: dict, follow: list[dict] | None, author: str,
            when: datetime, report: Report) -> None:
    """Update the stored commitment ``target`` from its line, unless it changed since the file's version."""
    values.update({key: stored[key] for key in KEPT_WHEN_ABSENT if key not in item.line.raw})
    expected = _version(item.raw.get("version"))
    changed = differences(stored, values)
    follow_changed = follow is not None and follow_up_store.changes(follow_up_store.read(con, target), follow)
    if not changed and not follow_changed:
        report.unchanged += 1
        return
    if changed and expected is not None and expected != stored["version"]:
        report.refused.append(
            f"{item.line.where} : l'engagement n° {target} a été modifié par {stored['updated_by']} le "
            f"{moment(stored['updated_at'])} (version {stored['version']}) depuis votre export (version "
            f"{expected}) ; repartez d'un export récent.")
        return
    if changed and isinstance(commitment_store.update(con, target, stored["version"], values, author,
                                                      action=history.IMPORTED, when=when), Conflict):
        report.refused.append(f"{item.line.where} : l'engagement n° {target} vient d'être modifié ; réessayez.")
        return
    if follow_changed:
        follow_up_store.save(con, target, follow, None, author, history.IMPORTED, when)
    report.changed.append(item.line.where)


def _checked_follow_up(item: Item, values: dict, when: datetime, errors: dict) -> list[dict] | None:
    """The follow-up of the file for this commitment, checked against the objectives it will contribute to."""
    if item.follow is None:
        return None
    found: dict[str, str] = {}
    clean = follow_up.validate(item.follow, values.get("contributions") or [], when.year, found)
    for key, problem in found.items():
        number, _, name = key.split(".", 2)[1:] if key.count(".") >= 2 else ("", "", "")
        row = item.follow[int(number) - 1] if number else {}
        where = row.get(f"_where:{name.partition(':')[2]}") if name.startswith("achieved:") else None
        item.follow_places[key] = where or row.get("_where", "")
        errors[key] = problem
    return clean


def _described(errors: dict[str, str], item: Item) -> str:
    """Each problem with where it is: a field of the line by its name, a group line by its sheet, line and column."""
    parts = []
    for key, problem in errors.items():
        group, _, rest = key.partition(".")
        number, _, name = rest.partition(".")
        if key in item.follow_places:
            column = FOLLOW_HEADERS["achieved" if name.startswith("achieved:") else name]
            parts.append(f"{item.follow_places[key]}, colonne « {column} » : {problem}")
        elif group in GROUPS and number and group in item.places:
            parts.append(f"{item.places[group][int(number) - 1]}, colonne « {HEADERS[group].get(name, name)} » : "
                         f"{problem}")
        elif group in GROUPS and group in item.places:
            parts.append(f"{GROUPS[group]} ({', '.join(item.places[group])}) : {problem}")
        else:
            parts.append(f"{label(key)} : {problem}")
    return " ; ".join(parts)


def _reference_problem(raw: dict) -> str | None:
    text = raw.get("reference")
    if isinstance(text, str) and (problem := REFERENCE.problem(text.strip())):
        return f"Référence : {problem}."
    return None


def _natural_key(values: dict) -> tuple:
    return (tuple(sorted(territories_of(values))), str(values["carrier"]).casefold(), str(values["title"]).casefold())


def _version(value) -> int | None:
    try:
        number = IDENTIFIER.read_optional(value)
    except NumberError:
        return None
    return None if number is None else int(number)


def _target(raw: dict, records: dict) -> tuple[int | None, str | None]:
    """The commitment a line updates by its Identifiant (None: none given), or a problem."""
    text = raw.get("commitment_id")
    if text is None or str(text).strip() == "":
        return None, None
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
        report = apply_lines(con, read_sheets(path), context, author)
        reports.append(report)
        return Outcome(report.read, [report.summary()], report.refused + report.warnings,
                       rows_written=len(report.added) + len(report.changed), refused=len(report.refused))

    outcome = run_import(con, "engagements", [path], write)
    return outcome, reports[0]
