"""Meetings of the COP's instances: one check for the form, their parties and agenda, and their history.

A meeting has an instance (``process.INSTANCES``), a territory of its region (the region, a département, a CRTE or
an EPCI), a day with a start and an end (Paris time, kept in UTC), a place, the parties of the register invited
and present (a party present is invited), its agenda (one item a line), the sectors it discusses (the projection
prepared for it shows them: domain/meeting_preparation.py) and its minutes as text. Saving names the version the
editor started from: someone else's save in between refuses it. Every change writes a history line
(``meeting_history``), in the transaction of the change.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import duckdb
import pandas as pd

from domain import clock, formats, texts
from domain import history as trail
from domain.dates import in_order, instant, read_date, read_time
from domain.errors import UserError
from domain.parties import names as party_names
from domain.process import INSTANCES, MEETING_LEVELS

MEETINGS_TRAIL = trail.Trail("meeting_history", "meeting_id")
FIELDS = ["instance", "territory_level", "territory_code", "title", "starts_at", "ends_at", "place", "minutes",
          "sectors"]
LABELS = {"instance": "Instance", "territory_level": "Niveau", "territory_code": "Territoire", "title": "Intitulé",
          "starts_at": "Début", "ends_at": "Fin", "place": "Lieu", "minutes": "Compte rendu",
          "sectors": "Secteurs à l'ordre du jour", "invited": "Parties invitées", "present": "Parties présentes",
          "agenda": "Ordre du jour", "minutes_file": "Compte rendu déposé", "version_id": "Version présentée",
          "prepared_at": "Préparation", "decision": "Décision"}
LINKED = ["invited", "present", "agenda"]


@dataclass(frozen=True)
class Context:
    """What a meeting of one region may name."""
    region: str
    territories: dict[tuple[str, str], str]  # (level, code) → name
    parties: dict[str, str]  # code → name
    sectors: list[str]


def territories(con: duckdb.DuckDBPyConnection, region: str) -> dict[tuple[str, str], str]:
    """(level, code) → name of the territories a meeting or a need of ``region`` may concern: the region, its
    départements, CRTE and EPCI."""
    rows = con.execute(
        "SELECT level, code, name FROM territories WHERE level = 'region' AND code = $region UNION ALL "
        "SELECT t.level, t.code, t.name FROM territory_links k JOIN territories t ON t.level = k.child_level "
        "AND t.code = k.child_code WHERE k.parent_level = 'region' AND k.parent_code = $region "
        "AND k.child_level IN ('departement', 'crte', 'epci')", {"region": region}).fetchall()
    return {(level, code): name for level, code, name in rows}


def context(con: duckdb.DuckDBPyConnection, region: str) -> Context:
    sectors = [s for (s,) in con.execute(
        "SELECT DISTINCT l.sector FROM lever_objectives o JOIN levers l USING (lever_id) "
        "WHERE o.territory_level = 'region' AND o.territory_code = ? ORDER BY 1", [region]).fetchall()]
    return Context(region, territories(con, region), party_names(con, region), sectors)


def _codes(value) -> list[str]:
    items = value if isinstance(value, list | tuple) else str(value or "").replace(";", ",").split(",")
    return list(dict.fromkeys(str(item).strip() for item in items if item is not None and str(item).strip()))


def validate(raw: dict, known: Context) -> dict:
    """The meeting's values (``FIELDS`` and ``LINKED``), checked; UserError naming the field otherwise."""
    instance = raw.get("instance")
    if instance not in INSTANCES:
        raise UserError(f"Instance : « {instance or ''} » inconnue ({', '.join(INSTANCES)}).")
    level, _, code = str(raw.get("territory") or "").partition(":")
    if level not in MEETING_LEVELS or (level, code) not in known.territories:
        raise UserError(f"Territoire : « {raw.get('territory') or ''} » n'est pas un territoire de la région "
                        "(la région, un département, un CRTE ou un EPCI).")
    day = read_date(raw.get("day"), "la date")
    if day is None:
        raise UserError("La date : obligatoire.")
    start, end = read_time(raw.get("start"), "l'heure de début"), read_time(raw.get("end"), "l'heure de fin")
    if start is None or end is None:
        raise UserError("Les heures de début et de fin : obligatoires.")
    starts_at, ends_at = instant(day, start), instant(day, end)
    in_order(starts_at, ends_at, "le début", "la fin")
    if starts_at == ends_at:
        raise UserError("La fin : la réunion finit à l'heure où elle commence.")
    invited, present = _codes(raw.get("invited")), _codes(raw.get("present"))
    unknown = list(dict.fromkeys(code for code in invited + present if code not in known.parties))
    if unknown:
        add = formats.noun(len(unknown), "ajoutez-la", "ajoutez-les")
        raise UserError(f"Parties : {', '.join(f'« {c} »' for c in unknown)} {formats.noun(len(unknown), 'inconnue')} "
                        f"du registre des parties de la région : {add} au registre d'abord.")
    sectors = _codes(raw.get("sectors"))
    if strange := [s for s in sectors if s not in known.sectors]:
        raise UserError(f"Secteurs : {', '.join(strange)} {formats.noun(len(strange), 'inconnu')} "
                        f"({', '.join(known.sectors)}).")
    agenda = [line.strip() for line in str(raw.get("agenda") or "").splitlines() if line.strip()]
    for line in agenda:
        texts.AGENDA_ITEM.check(line)
    title = texts.MEETING_TITLE.check(raw.get("title")) or f"{instance} — {known.territories[level, code]}"
    return {"instance": instance, "territory_level": level, "territory_code": code, "title": title,
            "starts_at": starts_at, "ends_at": ends_at, "place": texts.PLACE.check(raw.get("place")),
            "minutes": texts.MINUTES.check(raw.get("minutes")), "sectors": json.dumps(sectors, ensure_ascii=False),
            "invited": sorted(set(invited) | set(present)), "present": sorted(present), "agenda": agenda}


def create(con: duckdb.DuckDBPyConnection, region: str, raw: dict, author: str) -> int:
    """A new meeting of ``region``; its identifier."""
    values = validate(raw, context(con, region))
    meeting_id, now = con.execute("SELECT nextval('meeting_id_seq')").fetchone()[0], clock.now()
    con.execute(f"INSERT INTO meetings (meeting_id, region, {', '.join(FIELDS)}, version, created_at, created_by, "
                f"updated_at, updated_by) VALUES (?, ?, {', '.join('?' * len(FIELDS))}, 1, ?, ?, ?, ?)",
                [meeting_id, region, *(values[f] for f in FIELDS), now, author, now, author])
    _write_linked(con, meeting_id, values)
    changes = {key: [None, values[key]] for key in FIELDS + LINKED if values[key] not in (None, [], "[]")}
    trail.record(con, MEETINGS_TRAIL, meeting_id, author, trail.CREATED, changes, when=now)
    return meeting_id


def update(con: duckdb.DuckDBPyConnection, meeting_id: int, expected_version: int, raw: dict, author: str) -> int:
    """Save ``raw`` over the version the editor started from; the meeting's new version (UserError when someone
    saved it in between)."""
    stored = checked_version(con, meeting_id, expected_version)
    values = validate(raw, context(con, stored["region"]))
    changes = {key: [stored[key], values[key]] for key in FIELDS + LINKED if stored[key] != values[key]}
    if not changes:
        return stored["version"]
    now = clock.now()
    con.execute(f"UPDATE meetings SET {', '.join(f'{f} = ?' for f in FIELDS)}, version = version + 1, updated_at = ?,"
                " updated_by = ? WHERE meeting_id = ?", [*(values[f] for f in FIELDS), now, author, meeting_id])
    if any(key in changes for key in LINKED):
        con.execute("DELETE FROM meeting_parties WHERE meeting_id = ?", [meeting_id])
        con.execute("DELETE FROM meeting_agenda WHERE meeting_id = ?", [meeting_id])
        _write_linked(con, meeting_id, values)
    trail.record(con, MEETINGS_TRAIL, meeting_id, author, trail.CHANGED, changes, when=now)
    return stored["version"] + 1


def checked_version(con: duckdb.DuckDBPyConnection, meeting_id: int, expected_version: int | None) -> dict:
    """The stored meeting, if it is still at ``expected_version`` (None: any); UserError otherwise."""
    stored = get(con, meeting_id)
    if stored is None:
        raise UserError(f"Réunion n° {meeting_id} introuvable.")
    if expected_version is not None and stored["version"] != expected_version:
        raise UserError(f"Réunion non enregistrée : {stored['updated_by']} l'a modifiée le "
                        f"{formats.moment(stored['updated_at'])} depuis que vous l'avez ouverte ; rechargez la page "
                        "(vos saisies sont à refaire sur sa version).")
    return stored


def touch(con: duckdb.DuckDBPyConnection, meeting_id: int, author: str, action: str, changes: dict) -> None:
    """A change made to the meeting by its decisions, minutes or preparation: a new version, a history line."""
    now = clock.now()
    con.execute("UPDATE meetings SET version = version + 1, updated_at = ?, updated_by = ? WHERE meeting_id = ?",
                [now, author, meeting_id])
    trail.record(con, MEETINGS_TRAIL, meeting_id, author, action, changes, when=now)


def _write_linked(con, meeting_id: int, values: dict) -> None:
    present = set(values["present"])
    for code in values["invited"]:
        con.execute("INSERT INTO meeting_parties VALUES (?, ?, true, ?)", [meeting_id, code, code in present])
    for position, title in enumerate(values["agenda"], start=1):
        con.execute("INSERT INTO meeting_agenda VALUES (?, ?, ?, NULL)", [meeting_id, position, title])


def get(con: duckdb.DuckDBPyConnection, meeting_id: int) -> dict | None:
    """A meeting with its parties (``invited``, ``present``: codes) and ``agenda`` (titles), or None."""
    frame = con.execute("SELECT * FROM meetings WHERE meeting_id = ?", [meeting_id]).df()
    if frame.empty:
        return None
    record = {key: (None if _missing(value) else value) for key, value in frame.iloc[0].to_dict().items()}
    parties = con.execute("SELECT party_code, present FROM meeting_parties WHERE meeting_id = ? ORDER BY party_code",
                          [meeting_id]).fetchall()
    record["invited"] = [code for code, _ in parties]
    record["present"] = [code for code, present in parties if present]
    record["agenda"] = [title for (title,) in con.execute(
        "SELECT title FROM meeting_agenda WHERE meeting_id = ? ORDER BY position", [meeting_id]).fetchall()]
    record["starts_at"], record["ends_at"] = (pd.Timestamp(record[k]).to_pydatetime() for k in ("starts_at", "ends_at"))
    return record


def _missing(value) -> bool:
    return value is None or (not isinstance(value, list | str) and bool(pd.isna(value)))


def sectors(record: dict) -> list[str]:
    return json.loads(record.get("sectors") or "[]")


def region_meetings(con: duckdb.DuckDBPyConnection, region: str) -> pd.DataFrame:
    """The region's meetings, earliest first: their fields, the territory's name and how many parties were
    invited and present, decisions taken, minutes uploaded."""
    return con.execute(
        """
        SELECT m.meeting_id, m.instance, m.territory_level, m.territory_code, coalesce(t.name, m.territory_code)
               AS territory_name, m.title, m.starts_at, m.ends_at, m.place, m.version_id, m.prepared_at,
               (SELECT count(*) FROM meeting_parties p WHERE p.meeting_id = m.meeting_id) AS invited,
               (SELECT count(*) FROM meeting_parties p WHERE p.meeting_id = m.meeting_id AND p.present) AS present,
               (SELECT count(*) FROM meeting_decisions d WHERE d.meeting_id = m.meeting_id) AS decisions,
               EXISTS (SELECT 1 FROM meeting_minutes f WHERE f.meeting_id = m.meeting_id) AS minutes_file
        FROM meetings m LEFT JOIN territories t ON t.level = m.territory_level AND t.code = m.territory_code
        WHERE m.region = ? ORDER BY m.starts_at, m.meeting_id
        """, [region]).df()


def last_held(found: pd.DataFrame, level: str, now) -> pd.DataFrame:
    """The last meeting held (begun by ``now``, UTC) by each territory of ``level`` among ``found``
    (``region_meetings``), indexed by the territory's code."""
    held = found[(found["territory_level"] == level) & (found["starts_at"] <= now)]
    return held.groupby("territory_code").tail(1).set_index("territory_code")


def said(row) -> str:
    """« COPIL — CRTE Pays de Brest — 12 mars 2026, 14 h 00 – 16 h 30 »: a meeting of ``region_meetings`` in a row."""
    return f"{row.title} — {formats.span(row.starts_at, row.ends_at)}"


def history(con: duckdb.DuckDBPyConnection, meeting_id: int) -> pd.DataFrame:
    return trail.read(con, MEETINGS_TRAIL, meeting_id)
