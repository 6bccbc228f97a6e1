"""The territories that carry a commitment together, each with its share (issue 23, point 3).

A commitment has one territory (``territory_level``, ``territory_code``: whose it is, whom the review and the rights
follow); shared « au sein et entre CRTE » (contrats de réciprocité, achats groupés, ingénierie mutualisée), it lists
every territory that carries it with its share, its own among them, the shares summing to 100 %. Written in the
form's field, the grid's cell and the template's column as « CRTE crte-53-29-2 : 60 ; CRTE crte-53-29-3 : 40 »
(shares in percent), or without shares for equal ones (« Département 29 ; Département 56 »): ``read`` checks such a
text, ``written`` writes it back. Every total counts shares, so a shared commitment counts 60 % in one CRTE, 40 % in
the other and once in the region. A workbook gives them in its « Territoires » sheet instead, one row per commitment and
territory: ``read`` takes those rows as dicts (``COLUMNS`` keys, the share in percent, and ``where``: the row's place
in the file, for the message). Stored one row per territory (``commitment_territories``, migration 042) for a
shared commitment only: a commitment with no row is carried by its territory alone, at 100 % — every commitment made
before the migration.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from domain import formats, typed
from domain.headers import normalize_header
from domain.numbers import NumberError
from domain.ranges import SHARE_PERCENT
from domain.texts import SHARED_TERRITORIES
from domain.vocabulary import LEVELS

Shares = tuple[tuple[str, str, float], ...]  # (level, code, share between 0 and 1), in the order given
# A territory's columns: key → French label (the « Territoires » sheet's headers).
COLUMNS = {"level": "Niveau", "code": "Code territoire", "share": "Part (%)"}
TOLERANCE = 0.01  # percent: the shares may miss 100 by rounding
_LEVEL_KEYS = {normalize_header(level.title): key for key, level in LEVELS.items() if key != "commune"}
_LEVEL_NAMES = [level.title for key, level in LEVELS.items() if key != "commune"]


def read(value, territories: dict[tuple[str, str], str], own: tuple[str, str] | None) -> tuple[Shares, str | None]:
    """(the territories and shares ``value`` names, None), or ((), the French problem). ``territories``: those the
    commitment may name; ``own``: its territory, which must be one of them. Blank, or its own territory alone: not
    shared, ()."""
    if value and all(isinstance(entry, dict) for entry in value):
        return _rows(value, territories, own)
    if isinstance(value, (list, tuple)):
        entries = [(level, code, None if share is None else float(share) * 100) for level, code, share in value]
    else:
        text = typed.text(value)
        if text is None:
            return (), None
        if problem := SHARED_TERRITORIES.problem(text):
            return (), f"{problem}."
        entries = []
        for part in (p.strip() for p in text.split(";") if p.strip()):
            named, colon, amount = part.partition(":")
            words = named.split()
            level = _LEVEL_KEYS.get(normalize_header(words[0])) if len(words) == 2 else None
            if level is None:
                return (), (f"« {part} » : écrivez le niveau, le code et la part (%), séparés par des points-virgules "
                            "(« CRTE crte-53-29-2 : 60 ; CRTE crte-53-29-3 : 40 »).")
            try:
                share = SHARE_PERCENT.read(amount) if colon else None
            except NumberError as error:
                return (), f"« {named.strip()} » : {error}."
            entries.append((level, words[1], share))
    return _checked(entries, territories, own)


def _rows(rows: list[dict], territories: dict, own: tuple[str, str] | None) -> tuple[Shares, str | None]:
    """A sheet's rows: each one's problem names its place and column; the shares', every row of the commitment."""
    entries, problem = typed.rows(rows, COLUMNS, lambda row, done: _row(row, territories, done), unnamed="ligne")
    if problem:
        return (), problem
    shares, problem = _checked([entry[:3] for entry in entries], territories, own)
    return shares, problem and f"{_places([entry[3] for entry in entries])} : {problem}"


def _row(row: dict, territories: dict, done: list) -> tuple[tuple | None, typed.Problem | None]:
    """(level, code, share, where) of a sheet's row, or (its column, the French problem); ``done``: the rows before."""
    level_text, code = typed.text(row.get("level")), typed.text(row.get("code"))
    level = _LEVEL_KEYS.get(normalize_header(level_text)) if level_text else None
    if level is None:
        named = f"« {level_text} » inconnu" if level_text else "obligatoire"
        return None, ("level", f"{named} ({', '.join(_LEVEL_NAMES)}).")
    if code is None:
        return None, ("code", "obligatoire.")
    if problem := _unknown_or_repeated(level, code, territories, {entry[:2] for entry in done}):
        return None, ("code", problem)
    try:
        share = SHARE_PERCENT.read_optional(row.get("share"))
    except NumberError as error:
        return None, ("share", f"{error}.")
    return (level, code, share, row.get("where") or "ligne"), None


def _places(wheres: list[str]) -> str:
    """« feuille « Territoires », lignes 2 et 3 » for the rows at « feuille « Territoires », ligne 2 » and « … 3 »."""
    heads = {where.rpartition("ligne ")[0] for where in wheres}
    if len(wheres) < 2 or len(heads) > 1:
        return " ; ".join(wheres)
    numbers = [where.rpartition("ligne ")[2] for where in wheres]
    return f"{heads.pop()}lignes {', '.join(numbers[:-1])} et {numbers[-1]}"


def _checked(entries: list, territories: dict, own: tuple[str, str] | None) -> tuple[Shares, str | None]:
    seen = set()
    for level, code, _ in entries:
        if problem := _unknown_or_repeated(level, code, territories, seen):
            return (), problem
        seen.add((level, code))
    if len(entries) <= 1 and (not entries or own is None or (entries[0][0], entries[0][1]) == own):
        return (), None
    if own is not None and own not in seen:
        return (), (f"le territoire de l'engagement ({LEVELS[own[0]].singular} {own[1]}) doit être l'un des "
                    "territoires qui le portent.")
    given = [share for _, _, share in entries if share is not None]
    if given and len(given) < len(entries):
        return (), "donnez la part de chaque territoire, ou d'aucun (parts égales)."
    if not given:
        return tuple((level, code, 1 / len(entries)) for level, code, _ in entries), None
    if any(share <= 0 for share in given):
        return (), "chaque territoire porte une part positive de l'engagement."
    if abs(sum(given) - 100) > TOLERANCE:
        return (), f"les parts font {formats.decimal(sum(given), 2)} % au lieu de 100 %."
    return tuple((level, code, share / 100) for level, code, share in entries), None


def _unknown_or_repeated(level: str, code: str, territories: dict, seen: set) -> str | None:
    if (level, code) not in territories:
        return f"{LEVELS[level].title} « {code} » introuvable dans la région."
    if (level, code) in seen:
        return f"{LEVELS[level].title} « {code} » est donné deux fois."
    return None


def written(shares) -> str:
    """« CRTE crte-53-29-2 : 60 ; CRTE crte-53-29-3 : 40 », read back the same by ``read``; empty when not shared."""
    return " ; ".join(f"{LEVELS[level].title} {code} : {formats.editable(share * 100)}"
                      for level, code, share in shares or ())


def carriers(commitments: pd.DataFrame) -> pd.DataFrame:
    """``position, territory_level, territory_code, share``: one row per commitment (its row position in
    ``commitments``) and territory carrying it — its own at 1 when not shared."""
    rows = []
    for position, (level, code, shares) in enumerate(zip(commitments["territory_level"], commitments["territory_code"],
                                                         commitments.get("territories", pd.Series(
                                                             [()] * len(commitments), dtype=object)))):
        rows += [(position, *entry) for entry in shares] if shares else [(position, level, code, 1.0)]
    return pd.DataFrame(rows, columns=["position", "territory_level", "territory_code", "share"]).astype(
        {"position": int, "share": float})


def stored(con: duckdb.DuckDBPyConnection, commitment_id: int | None = None,
           region: str | None = None) -> dict[int, Shares]:
    """The stored shares of one commitment, or of a region's shared commitments, by commitment."""
    rows = con.execute("SELECT commitment_id, territory_level, territory_code, share FROM commitment_territories"
                       " WHERE commitment_id IN (SELECT commitment_id FROM commitments WHERE commitment_id = $id OR"
                       " region = $region) ORDER BY commitment_id, position",
                       {"id": commitment_id, "region": region}).fetchall()
    found: dict[int, list] = {}
    for commitment_id, level, code, share in rows:
        found.setdefault(commitment_id, []).append((level, code, share))
    return {key: tuple(entries) for key, entries in found.items()}


def replace(con: duckdb.DuckDBPyConnection, shares: dict[int, Shares]) -> None:
    """Store ``shares`` as the whole of each commitment's territories (none: carried by its own alone)."""
    if not shares:
        return
    con.execute("DELETE FROM commitment_territories WHERE commitment_id IN (SELECT unnest(?::INTEGER[]))",
                [list(map(int, shares))])
    frame = pd.DataFrame([(int(c), position, level, code, share) for c, entries in shares.items()
                          for position, (level, code, share) in enumerate(entries)],
                         columns=["commitment_id", "position", "territory_level", "territory_code", "share"])
    if frame.empty:
        return
    con.register("new_shares", frame)
    con.execute("INSERT INTO commitment_territories SELECT commitment_id, position, territory_level, territory_code,"
                " share FROM new_shares")
    con.unregister("new_shares")
