"""Undoing an import: the rows it removed or replaced come back byte for byte, the rows it wrote go.

The undo is itself an import in the journal (kind « annulation », one transaction), made by the same
code from the command line (``python -m loaders annuler N``) and from the Données page. Before it, the
plan names what depends on the rows that will go (the values, keys and commitments of the territories a
territories import added…). An import can be undone only while the rows it wrote are still as it wrote
them: when a later import (or an edit) changed them, the later one must be undone first.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from domain import formats
from domain.errors import UserError
from loaders.changes import TABLE_NAMES, TableChange, kept_table, primary_key, recorded
from loaders.journal import Outcome, run_import

UNDO_KIND = "annulation"
# Rows elsewhere that name a key an undo may remove: (table, its columns matching the key, condition, what: its
# singular and plural).
DEPENDENTS: dict[str, list[tuple[str, tuple[str, ...], str, tuple[str, str]]]] = {
    "territories": [
        ("observations", ("territory_level", "territory_code"), "true",
         ("valeur observée ou d'indicateur", "valeurs observées ou d'indicateur")),
        ("allocation_key_values", ("territory_level", "territory_code"), "true",
         ("valeur de clé de répartition", "valeurs de clés de répartition")),
        ("objective_vintages", ("territory_level", "territory_code"), "true",
         ("objectif de levier", "objectifs de levier")),
        ("commitments", ("territory_level", "territory_code"), "true", ("engagement", "engagements")),
        ("user_territories", ("territory_level", "territory_code"), "true",
         ("territoire de contributeur", "territoires de contributeur")),
        ("territory_steps", ("territory_level", "territory_code"), "true", ("étape de la COP", "étapes de la COP")),
        ("meetings", ("territory_level", "territory_code"), "true", ("réunion", "réunions")),
        ("territory_needs", ("territory_level", "territory_code"), "true",
         ("besoin d'ingénierie", "besoins d'ingénierie")),
    ],
    "levers": [
        ("objective_vintages", ("lever_id",), "true", ("objectif de levier", "objectifs de levier")),
        ("observations", ("subject_id",), "subject_kind = 'levier'", ("valeur observée", "valeurs observées")),
        ("commitments", ("lever_id",), "true", ("engagement", "engagements")),
        ("scenario_levers", ("lever_id",), "true", ("valeur de scénario", "valeurs de scénario")),
    ],
    "indicators": [
        ("observations", ("subject_id",), "subject_kind = 'indicateur'",
         ("valeur d'indicateur", "valeurs d'indicateur")),
        ("regional_objectives", ("indicator_id",), "true", ("objectif régional", "objectifs régionaux")),
    ],
    "allocation_keys": [
        ("split_method_keys", ("key_id",), "true",
         ("choix de clé d'une méthode de déclinaison", "choix de clé de méthodes de déclinaison")),
    ],
}
KEY_NOUNS = {"territories": "territoires", "levers": "leviers", "indicators": "indicateurs",
             "allocation_keys": "clés"}


@dataclass
class UndoPlan:
    import_id: int
    kind: str
    file_name: str
    changes: list[TableChange]
    dependents: list[str]

    @property
    def title(self) -> str:
        return f"Annuler l'import n° {self.import_id} ({self.kind}, « {self.file_name} ») :"

    def actions(self) -> list[str]:
        """What the undo does to each table the import changed."""
        return [f"{TABLE_NAMES.get(c.table, c.table)} : {formats.counted(c.added, 'ligne')} "
                f"{formats.noun(c.added, 'ajoutée')} par l'import {formats.noun(c.added, 'retirée')}, "
                f"{formats.agreed(c.changed, 'remis', True)} dans {formats.noun(c.changed, 'son', 'leur')} état "
                f"d'avant, {formats.agreed(c.removed, 'retiré', True)} par l'import "
                f"{formats.noun(c.removed, 'rétablie')}."
                for c in self.changes if c.any]

    def describe(self) -> list[str]:
        """What the undo will do, table by table, then what depends on what goes."""
        lines = [self.title] + [f"- {line}" for line in self.actions()]
        if self.dependents:
            lines.append("Dépendent de lignes que l'annulation retire, et resteront sans elles :")
            lines += [f"- {d}" for d in self.dependents]
        return lines


def plan_undo(con: duckdb.DuckDBPyConnection, import_id: int) -> UndoPlan:
    """What undoing ``import_id`` will do; UserError (in French) when it cannot be undone."""
    row = con.execute("SELECT kind, file_name, status, undone_by, rows_written FROM imports WHERE import_id = ?",
                      [import_id]).fetchone()
    if row is None:
        raise UserError(f"Aucun import n° {import_id}.")
    kind, file_name, status, undone_by, rows_written = row
    if undone_by is not None:
        raise UserError(f"L'import n° {import_id} est déjà annulé (annulation n° {undone_by}).")
    if kind == UNDO_KIND:
        raise UserError(f"L'opération n° {import_id} est une annulation : pour revenir en arrière, réimportez le "
                        "fichier.")
    if status != "succès":
        raise UserError(f"L'import n° {import_id} a échoué : il n'a rien modifié, il n'y a rien à annuler.")
    found = recorded(con, import_id)
    if not found and rows_written == 0:
        raise UserError(f"L'import n° {import_id} n'a rien modifié : il n'y a rien à annuler.")
    if not found:
        raise UserError(f"L'import n° {import_id} ({kind}) ne peut pas être annulé : les imports de ce type, ou "
                        "faits avant que l'annulation existe, ne gardent pas ce qu'ils ont remplacé.")
    for change in found:
        _check_unchanged_since(con, import_id, change.table)
    dependents = [d for change in found for d in _dependents(con, import_id, change.table)]
    return UndoPlan(import_id, kind, file_name, found, dependents)


def undo_import(con: duckdb.DuckDBPyConnection, import_id: int) -> Outcome:
    """Undo ``import_id`` in one journaled transaction (checked again inside it)."""
    file_name = plan_undo(con, import_id).file_name
    return run_import(con, UNDO_KIND, [], lambda con, undo_id: _restore(con, import_id, undo_id),
                      name=f"import n° {import_id} ({file_name})")


def _restore(con, import_id: int, undo_id: int) -> Outcome:
    plan = plan_undo(con, import_id)
    restored = gone = 0
    for change in plan.changes:
        table, key = change.table, primary_key(con, change.table)
        added, removed = kept_table(import_id, table, "added"), kept_table(import_id, table, "removed")
        if key:
            match = " AND ".join(f"t.{k} = a.{k}" for k in key)
            gone += con.execute(f"DELETE FROM {table} t WHERE EXISTS (SELECT 1 FROM {added} a WHERE {match})"
                                ).fetchone()[0]
        else:
            gone += con.execute(f"DELETE FROM {table} WHERE rowid IN (SELECT rowid FROM {table} t "
                                f"WHERE hash(t) IN (SELECT row_hash FROM {added}))").fetchone()[0]
        restored += con.execute(f"INSERT INTO {table} SELECT * FROM {removed}").fetchone()[0]
        for kept in (added, removed):  # an undone import is not undone twice: what it kept is no longer needed
            con.execute(f"DROP TABLE {kept}")
    con.execute("UPDATE imports SET undone_by = ? WHERE import_id = ?", [undo_id, import_id])
    summary = [f"Import n° {import_id} ({plan.kind}, « {plan.file_name} ») annulé : {formats.counted(gone, 'ligne')} "
               f"qu'il avait {formats.noun(gone, 'écrite')} {formats.noun(gone, 'retirée')}, "
               f"{formats.counted(restored, 'ligne')} d'avant {formats.noun(restored, 'rétablie')}."]
    return Outcome(gone + restored, summary + plan.actions(), rows_written=gone + restored)


def _check_unchanged_since(con, import_id: int, table: str) -> None:
    """The rows the import wrote are all still there as written, and no key it removed was written again."""
    added, removed = kept_table(import_id, table, "added"), kept_table(import_id, table, "removed")
    missing = con.execute(f"SELECT count(*) FROM (SELECT row_hash FROM {added} EXCEPT ALL "
                          f"SELECT hash(t) FROM {table} t)").fetchone()[0]
    key = primary_key(con, table)
    if key and not missing:
        def match(alias: str) -> str:
            return " AND ".join(f"{alias}.{k} = r.{k}" for k in key)
        missing = con.execute(
            f"SELECT count(*) FROM {removed} r WHERE EXISTS (SELECT 1 FROM {table} t WHERE {match('t')}) "
            f"AND NOT EXISTS (SELECT 1 FROM {added} a WHERE {match('a')})").fetchone()[0]
    if not missing:
        return
    later = con.execute(
        "SELECT i.import_id, i.kind, i.file_name FROM import_undo u JOIN imports i USING (import_id) "
        "WHERE u.table_name = ? AND u.import_id > ? AND i.undone_by IS NULL AND u.added + u.changed + u.removed > 0 "
        "ORDER BY i.import_id DESC", [table, import_id]).fetchall()
    what = TABLE_NAMES.get(table, table)
    lines = (f"{formats.counted(missing, 'ligne')} qu'il a {formats.noun(missing, 'écrite')} ({what}) "
             f"{formats.noun(missing, 'a été modifiée', 'ont été modifiées')} depuis")
    if later:
        names = ", ".join(f"n° {n} ({kind}, « {name} »)" for n, kind, name in later)
        raise UserError(f"L'import n° {import_id} ne peut pas être annulé : {lines} par l'import {names}. Seul le "
                        "dernier import qui a touché ces lignes peut être annulé : annulez d'abord l'import "
                        f"n° {later[0][0]}.")
    raise UserError(f"L'import n° {import_id} ne peut pas être annulé : {lines} dans l'application ; réimportez "
                    "plutôt un fichier corrigé.")


def _dependents(con, import_id: int, table: str) -> list[str]:
    """« 12 valeurs observées ou d'indicateur portent sur … » for each kind of row naming a key the undo removes."""
    key = primary_key(con, table)
    if not key or table not in DEPENDENTS:
        return []
    keys = ", ".join(key)
    going = (f"SELECT {keys} FROM {kept_table(import_id, table, 'added')} "
             f"EXCEPT SELECT {keys} FROM {kept_table(import_id, table, 'removed')}")
    found = []
    for other, columns, condition, what in DEPENDENTS[table]:
        rows = (f"SELECT * FROM {other} o WHERE {condition} "
                f"AND ({', '.join(columns)}) IN (SELECT ({keys}) FROM ({going}))")
        if _kept(con, import_id, other):  # rows the undo removes too are not left behind
            rows += f" AND hash(o) NOT IN (SELECT row_hash FROM {kept_table(import_id, other, 'added')})"
        count = con.execute(f"SELECT count(*) FROM ({rows})").fetchone()[0]
        if count:
            found.append(f"{formats.counted(count, *what)} {formats.noun(count, 'porte', 'portent')} sur des "
                         f"{KEY_NOUNS[table]} que l'import avait ajoutés")
    return found


def _kept(con, import_id: int, table: str) -> bool:
    return con.execute("SELECT count(*) FROM import_undo WHERE import_id = ? AND table_name = ?",
                       [import_id, table]).fetchone()[0] > 0
