"""The register of parties of a region, from a CSV or XLSX file (``docs/exemples/parties.csv``).

One row per party and contact: ``code``, ``type``, ``nom`` (required), ``niveau`` and ``code_territoire`` (a
collectivité's territory), ``siren``, then ``contact_nom``, ``contact_fonction``, ``contact_courriel`` (a party
with several contacts takes several rows, its own columns written alike on each). Each field is checked by the one
validation of the register (``domain.parties``): the first problem refuses the file, naming the line and the
column, and nothing is written. The parties of the file are added or replaced, their contacts replaced by the
file's; the register's other parties are kept.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd

from domain import formats
from domain.parties import LABELS, region_territories, validate, validate_contact
from domain.regions import REGIONS
from loaders.errors import LoadError
from loaders.journal import Outcome, replace_rows, run_import
from loaders.tables import read_table, reading_notice

PARTY_COLUMNS = {"code": "code", "type": "kind", "nom": "name", "niveau": "territory_level",
                 "code_territoire": "territory_code", "siren": "siren"}
CONTACT_COLUMNS = {"contact_nom": "name", "contact_fonction": "role", "contact_courriel": "email"}
REQUIRED = ["code", "type", "nom"]
COLUMN_OF = {key: column for column, key in PARTY_COLUMNS.items()}
CONTACT_COLUMN_OF = {key: column for column, key in CONTACT_COLUMNS.items()}


def load_parties(con: duckdb.DuckDBPyConnection, path: Path, region: str) -> Outcome:
    """Import the register of ``region`` from ``path``; journaled, undone like every import."""
    path = Path(path)
    return run_import(con, "parties", [path], lambda con, import_id: _write(con, path, region, import_id))


def _write(con, path: Path, region: str, import_id: int) -> Outcome:
    if region not in REGIONS or not con.execute("SELECT count(*) FROM territories WHERE level = 'region' AND code = ?",
                                                [region]).fetchone()[0]:
        raise LoadError(path, f"région « {region} » inconnue ou sans territoires chargés.")
    table = read_table(path, REQUIRED)
    territories = region_territories(con, region)
    parties: dict[str, tuple[int, dict]] = {}
    contacts: dict[tuple[str, str], tuple[int, dict]] = {}
    for line, row in zip(table.lines, table.rows):
        values = _party(path, line, row, territories)
        earlier = parties.setdefault(values["code"], (line, values))
        if earlier[1] != values:
            differs = next(COLUMN_OF[k] for k in LABELS if earlier[1][k] != values[k])
            raise LoadError(path, f"la partie « {values['code']} » est décrite autrement ligne {earlier[0]}.",
                            line=line, column=differs, hint="Écrivez ses colonnes de la même façon sur chaque ligne.")
        raw = {key: row.get(column) for column, key in CONTACT_COLUMNS.items()}
        if not any(raw.values()):
            continue
        contact = validate_contact(raw)
        if not contact.ok:
            key, problem = next(iter(contact.errors.items()))
            raise LoadError(path, problem, line=line, column=CONTACT_COLUMN_OF[key])
        name = contact.values["name"]
        if (values["code"], name) in contacts:
            raise LoadError(path, f"le contact « {name} » de « {values['code']} » est déjà donné ligne "
                            f"{contacts[values['code'], name][0]}.", line=line, column="contact_nom")
        contacts[values["code"], name] = (line, contact.values)
    party_frame = pd.DataFrame([{"region": region, **values, "import_id": import_id}
                                for _, values in parties.values()])
    contact_frame = pd.DataFrame([{"region": region, "party_code": code, **values, "import_id": import_id}
                                  for (code, _), (_, values) in contacts.items()],
                                 columns=["region", "party_code", "name", "role", "email", "import_id"])
    counts = replace_rows(con, "parties", party_frame, ["region", "code"])
    codes = list(parties)
    removed = con.execute(f"DELETE FROM party_contacts WHERE region = ? AND party_code IN "
                          f"({', '.join('?' * len(codes))})", [region, *codes]).fetchone()[0]
    if len(contact_frame):
        con.register("incoming_contacts", contact_frame)
        con.execute("INSERT INTO party_contacts BY NAME SELECT * FROM incoming_contacts")
        con.unregister("incoming_contacts")
    summary = [counts.describe("partie du registre", "parties du registre", feminine=True),
               f"{formats.counted(len(contact_frame), 'contact')} {formats.noun(len(contact_frame), 'écrit')} pour "
               f"ces parties, {formats.counted(removed, 'contact')} d'avant {formats.noun(removed, 'remplacé')}."]
    return Outcome(len(table), summary, reading_notice(table.encoding, table.separator),
                   rows_written=counts.written + len(contact_frame))


def _party(path: Path, line: int, row: dict, territories: set[tuple[str, str]]) -> dict:
    checked = validate({key: row.get(column) for column, key in PARTY_COLUMNS.items()}, territories)
    if not checked.ok:
        key, problem = next(iter(checked.errors.items()))
        raise LoadError(path, problem, line=line, column=COLUMN_OF[key])
    return checked.values
