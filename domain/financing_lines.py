"""A commitment's financing lines: the maquette financière of the CRTE guide (issue 23, point 5).

Each line says how much (euros), from which source, for which year and where it stands (``FINANCING_STATUSES``:
sollicité, accordé, engagé, versé). The source is a name of the default list (``FUNDING_SOURCES``, written the
canonical way whatever its case or accents), any other name the team writes (« Fonds chaleur », a foundation: from
then on offered in the whole region, ``region_sources``), or a party of the region's register (``party``: its code; a
source written exactly as a party's name is linked to it, like migration 055 did). The year and the status may be
left blank (« année non précisée », « non renseigné »): so is the line migration 043 made of a commitment's former
single amount. The amount may be blank (« à préciser ») but, given, is positive and finite; the year lies within the
commitment's years (its start and end years). A blank line is ignored.

The form's rows, the grid's row and the workbook's « Financements » sheet give the lines as dicts (``COLUMNS`` keys,
and ``where``: the line's place in the file, for the message), the store keeps them as tuples (``Lines``), one row
per line (``commitment_financing``, migration 043).
"""

from __future__ import annotations

import duckdb
import pandas as pd

from domain import formats, typed
from domain.headers import normalize_header
from domain.ranges import COMMITMENT_YEAR, FINANCING_LINES, FUNDING_EUR
from domain.texts import FUNDING_SOURCE
from domain.vocabulary import FINANCING_STATUSES, FUNDING_SOURCES, NO_FINANCING_YEAR

Line = tuple  # (source, party_code, amount, year, status): blanks are None
Lines = tuple[Line, ...]
# A line's columns: key → French label (the form's and the « Financements » sheet's headers).
COLUMNS = {"source": "Source", "party": "Financeur au registre (code)", "amount": "Montant (€)", "year": "Année",
           "status": "Statut du financement"}
_SOURCE_KEYS = {normalize_header(source): source for source in FUNDING_SOURCES}


def read(value, parties: dict[str, str], span: tuple[int | None, int | None] = (None, None)
         ) -> tuple[Lines, str | None]:
    """(the lines ``value`` gives, None), or ((), the French problem naming the line and its column). ``value``: dicts
    (``COLUMNS`` keys, ``where`` optional) or stored tuples; ``parties``: the register's codes and names; ``span``: the
    commitment's start and end years, when known."""
    entries = [entry if isinstance(entry, dict) else dict(zip(COLUMNS, entry)) for entry in value or ()]
    lines, problem = typed.rows(entries, COLUMNS, lambda entry, _: _line(entry, parties, span))
    if problem:
        return (), problem
    if len(lines) > FINANCING_LINES:
        return (), f"{len(lines)} lignes de financement : {FINANCING_LINES} au plus par engagement."
    return tuple(lines), None


def _line(entry: dict, parties: dict[str, str], span: tuple) -> tuple[Line | None, typed.Problem | None]:
    source, party = typed.text(entry.get("source")), typed.text(entry.get("party"))
    if source is not None and (problem := FUNDING_SOURCE.problem(source)):
        return None, ("source", f"{problem}.")
    if party is not None and party not in parties:
        return None, ("party", f"« {party} » n'est pas au registre des parties de la région.")
    if source is None and party is None:
        return None, ("source", "obligatoire : une source de la liste, une autre écrite en toutes lettres, ou un "
                                "financeur du registre.")
    source = _SOURCE_KEYS.get(normalize_header(source), source) if source else parties[party]
    if party is None:
        party = next((code for code, name in parties.items() if name == source), None)
    amount, problem = typed.number(entry.get("amount"), FUNDING_EUR)
    if problem:
        return None, ("amount", problem)
    if amount is not None and amount <= 0:
        return None, ("amount", "doit être positif (laissez vide un montant à préciser).")
    start, end = span
    year, problem = typed.year(entry.get("year"), COMMITMENT_YEAR)
    if problem:
        return None, ("year", problem)
    if year is not None and start is not None and end is not None and not start <= year <= end:
        return None, ("year", f"{year} hors des années de l'engagement ({start}–{end}).")
    status, problem = typed.choice(entry.get("status"), FINANCING_STATUSES)
    if problem:
        return None, ("status", problem)
    return (source, party, amount, year, status), None


def entries(lines) -> list[dict]:
    """Stored lines as the form's rows and the sheet's: dicts of ``COLUMNS`` keys."""
    return [dict(zip(COLUMNS, line)) for line in lines or ()]


def total(lines) -> float:
    """The sum of the lines' amounts (blank amounts count nothing)."""
    return float(sum(line[2] or 0.0 for line in lines or ()))


def written(lines) -> str:
    """« DSIL : 120 000 € (2025, accordé) ; Fonds chaleur : à préciser (année non précisée) », for the history and the
    comparison of two versions; empty for none."""
    return " ; ".join(
        f"{source}{f' [{party}]' if party and party != source else ''} : "
        f"{'à préciser' if amount is None else formats.number(amount, 0) + ' €'} "
        f"({year or NO_FINANCING_YEAR}{f', {status}' if status else ''})"
        for source, party, amount, year, status in lines or ())


def changes(before, after) -> list[str]:
    """What changed from the lines ``before`` to ``after``, one sentence per line: « ligne ajoutée : … », « ligne
    retirée : … », « ligne modifiée : … → … » (a line of the same source, financer and year whose amount or status
    changed), for the comparison of two versions."""
    before, after = list(before or ()), list(after or ())
    for line in list(before):  # the lines unchanged
        if line in after:
            before.remove(line)
            after.remove(line)
    said = []
    for line in list(before):
        twin = next((other for other in after if (other[0], other[1], other[3]) == (line[0], line[1], line[3])), None)
        if twin is not None:
            said.append(f"ligne modifiée : {written([line])} → {written([twin])}")
            before.remove(line)
            after.remove(twin)
    return [*said, *(f"ligne retirée : {written([line])}" for line in before),
            *(f"ligne ajoutée : {written([line])}" for line in after)]


def region_sources(con: duckdb.DuckDBPyConnection, region: str) -> list[str]:
    """The sources offered in the region: the default list, then every other one the region's lines name."""
    used = [source for (source,) in con.execute(
        "SELECT DISTINCT f.source FROM commitment_financing f JOIN commitments c USING (commitment_id)"
        " WHERE c.region = ? AND f.party_code IS NULL ORDER BY f.source", [region]).fetchall()]
    return [*FUNDING_SOURCES, *(source for source in used if source not in FUNDING_SOURCES)]


def stored(con: duckdb.DuckDBPyConnection, commitment_id: int | None = None,
           region: str | None = None) -> dict[int, Lines]:
    """The stored lines of one commitment, or of a region's commitments, by commitment."""
    rows = con.execute("SELECT commitment_id, source, party_code, amount, year, status FROM commitment_financing"
                       " WHERE commitment_id IN (SELECT commitment_id FROM commitments WHERE commitment_id = $id OR"
                       " region = $region) ORDER BY commitment_id, position",
                       {"id": commitment_id, "region": region}).fetchall()
    found: dict[int, list] = {}
    for commitment_id, *line in rows:
        found.setdefault(commitment_id, []).append(tuple(line))
    return {key: tuple(lines) for key, lines in found.items()}


def replace(con: duckdb.DuckDBPyConnection, lines: dict[int, Lines]) -> None:
    """Store ``lines`` as the whole of each commitment's financing lines."""
    if not lines:
        return
    con.execute("DELETE FROM commitment_financing WHERE commitment_id IN (SELECT unnest(?::INTEGER[]))",
                [list(map(int, lines))])
    frame = pd.DataFrame([(int(c), position, *line) for c, entries in lines.items()
                          for position, line in enumerate(entries)],
                         columns=["commitment_id", "position", "source", "party_code", "amount", "year", "status"])
    if frame.empty:
        return
    con.register("new_financing", frame.astype({"amount": "float64", "year": "Int64"}))
    con.execute("INSERT INTO commitment_financing SELECT commitment_id, position, source, party_code, amount, year,"
                " status FROM new_financing")
    con.unregister("new_financing")
