"""Frozen versions of a regional roadmap: freezing one, reading their list, and keeping them as frozen.

Freezing writes the version's header (``roadmap_versions``: name, when and by whom, when it was presented, the
scenario and méthode de déclinaison retained) and its snapshot (``domain.snapshots``) in one transaction. A version
is written once: no function changes or deletes one, the name cannot be reused within the region, and every write
of the app and every import checks that the versions it found are left as they were (``unchanged``), so that a
write that would change one is refused and rolled back.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import duckdb
import pandas as pd

from domain import clock, formats, snapshots
from domain.errors import UserError
from domain.split_methods import DEFAULT_METHOD
from domain.texts import VERSION_NAME

# A version's presentation date: from the circular that started the COP (29 September 2023) to the end of 2035.
FIRST_PRESENTATION, LAST_PRESENTATION = date(2023, 9, 29), date(2035, 12, 31)
FROZEN_REFUSAL = "Modification refusée : une version figée de la feuille de route ne se modifie pas."


class VersionNameTaken(UserError):
    pass


@dataclass(frozen=True)
class Header:
    """What a version says about itself."""

    version_id: int
    region: str
    name: str
    frozen_at: datetime
    frozen_by: str
    commitment_count: int
    presented_on: date | None
    scenario_id: int | None
    scenario_name: str | None
    method_id: int | None
    method_name: str | None
    complete: bool
    note: str | None

    def banner(self) -> str:
        """« Version figée du 12 mars 2027 — présentée le 14 mars 2027 »."""
        presented = (f"présentée le {formats.day(self.presented_on)}" if self.presented_on
                     else "date de présentation non renseignée")
        return f"Version « {self.name} » figée le {formats.day(self.frozen_at)} — {presented}"


HEADER_COLUMNS = ", ".join(field for field in Header.__dataclass_fields__)


@dataclass(frozen=True)
class Retained:
    """What a version says was retained when it was presented: the date of the COP session, the scenario and the
    méthode de déclinaison."""

    presented_on: date | None = None
    scenario_id: int | None = None
    method_id: int = DEFAULT_METHOD


def freeze(con: duckdb.DuckDBPyConnection, region: str, name: str, retained: Retained, author: str,
           when: datetime | None = None) -> int:
    """Freeze the region's roadmap under ``name`` with what was ``retained``; the version's identifier."""
    presented_on, scenario_id, method_id = retained.presented_on, retained.scenario_id, retained.method_id
    name = VERSION_NAME.check(name)
    if not name:
        raise UserError("Donnez un nom à la version.")
    taken = con.execute("SELECT count(*) FROM roadmap_versions WHERE region = ? AND name = ?",
                        [region, name]).fetchone()[0]
    if taken:
        raise VersionNameTaken(f"Une version s'appelle déjà « {name} » : choisissez un autre nom.")
    if presented_on is not None and not FIRST_PRESENTATION <= presented_on <= LAST_PRESENTATION:
        raise UserError(f"Date de présentation invraisemblable : {formats.day(presented_on)} (entre le "
                        f"{formats.day(FIRST_PRESENTATION)} et le {formats.day(LAST_PRESENTATION)}).")
    scenario_name = _scenario_name(con, region, scenario_id)
    method = con.execute("SELECT name FROM split_methods WHERE method_id = ?", [method_id]).fetchone()
    if method is None:
        raise UserError("Cette méthode de déclinaison n'existe plus : rechargez la page.")
    version_id = con.execute("SELECT nextval('roadmap_version_id_seq')").fetchone()[0]
    count = con.execute("SELECT count(*) FROM commitments WHERE region = ?", [region]).fetchone()[0]
    con.execute(f"INSERT INTO roadmap_versions ({HEADER_COLUMNS}) VALUES ({', '.join('?' * 13)})",
                [version_id, region, name, when or clock.now(), author, count, presented_on, scenario_id,
                 scenario_name, method_id, method[0], True, None])
    snapshots.capture(con, version_id, region, scenario_id, sorted({DEFAULT_METHOD, method_id}))
    return version_id


def _scenario_name(con: duckdb.DuckDBPyConnection, region: str, scenario_id: int | None) -> str | None:
    if scenario_id is None:
        return None
    found = con.execute("SELECT name FROM scenarios WHERE scenario_id = ? AND territory_level = 'region'"
                        " AND territory_code = ? AND deleted_at IS NULL", [scenario_id, region]).fetchone()
    if found is None:
        raise UserError("Ce scénario n'existe plus pour cette région : rechargez la page.")
    return found[0]


def versions(con: duckdb.DuckDBPyConnection, region: str) -> pd.DataFrame:
    """The region's versions, the latest first."""
    return con.execute(f"SELECT {HEADER_COLUMNS} FROM roadmap_versions WHERE region = ?"
                       " ORDER BY frozen_at DESC, version_id DESC", [region]).df()


def header(con: duckdb.DuckDBPyConnection, version_id: int) -> Header | None:
    row = con.execute(f"SELECT {HEADER_COLUMNS} FROM roadmap_versions WHERE version_id = ?", [version_id]).fetchone()
    return None if row is None else Header(*row)


def seals(con: duckdb.DuckDBPyConnection, content: bool = False) -> dict[int, tuple]:
    """Each version's fingerprint: its header, its parts, how many rows it holds and, with ``content``, the sum of
    its rows' hashes. Reading every row takes some 20 ms for 20 versions, which an import can afford at every run
    but an editor's save cannot: a save checks the rest (a few milliseconds), and no code of the app updates a
    version's rows (tests/test_frozen_versions.py reads every SQL statement of the project)."""
    rows = "sum(hash(part, row_number, data))" if content else "NULL"
    found = con.execute(
        f"""
        SELECT v.version_id, hash(v), p.n, p.h, r.n, r.h FROM roadmap_versions v
        LEFT JOIN (SELECT version_id, count(*) AS n, sum(hash(p)) AS h FROM roadmap_version_parts p GROUP BY ALL) p
               USING (version_id)
        LEFT JOIN (SELECT version_id, count(*) AS n, {rows} AS h FROM roadmap_version_rows GROUP BY ALL) r
               USING (version_id)
        """).fetchall()
    return {row[0]: row[1:] for row in found}


def unchanged(con: duckdb.DuckDBPyConnection, before: dict[int, tuple], content: bool = False) -> None:
    """Refuse (UserError) when a version that existed ``before`` (``seals``) has changed or gone: a write may add a
    version, never change one. Called in the write's transaction, which the refusal rolls back."""
    now = seals(con, content)
    if any(now.get(version_id) != seal for version_id, seal in before.items()):
        raise UserError(FROZEN_REFUSAL)


def objective_vintages(con: duckdb.DuckDBPyConnection, region: str) -> tuple[str, ...]:
    """The vintages of the SGPE objectives the pages show for ``region`` (one, unless a vintage was partial)."""
    return tuple(vintage for (vintage,) in con.execute(
        "SELECT DISTINCT vintage FROM lever_objectives WHERE territory_level = 'region' AND territory_code = ?"
        " ORDER BY vintage", [region]).fetchall())

