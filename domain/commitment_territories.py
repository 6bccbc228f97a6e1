"""The territories that carry a commitment, and each one's share of it.

A commitment is carried by one territory or by several (the CRTE guide encourages actions « au sein et entre CRTE »:
contrats de réciprocité, achats groupés, ingénierie mutualisée). Each carrying territory has a share of the
commitment in percent: given, or an equal part of what the given shares leave (all blank: equal parts). The shares
add up to 100 %, and every total counts each territory's share (``domain.objective_coverage``): a commitment shared by
two CRTE 60/40 counts 60 % in the first, 40 % in the second, and once, 100 %, in their région.
"""

from __future__ import annotations

import math

import pandas as pd

from domain import formats, typed, vocabulary
from domain.headers import normalize_header
from domain.ranges import CARRIED_SHARE

GROUP = "territories"
LEVELS = {level: vocabulary.LEVELS[level].title for level in ("region", "departement", "crte", "epci")}
LABELS = {"territory_level": "Niveau", "territory_code": "Code territoire", "share": "Part (%)"}
FIELDS = list(LABELS)
TOLERANCE = 1e-6  # percent: shares typed with decimals (33,333333) still add up to 100
_LEVEL_KEYS = {normalize_header(label): level for level, label in LEVELS.items()} | {level: level for level in LEVELS}


def shares(lines: pd.DataFrame) -> pd.Series:
    """Each line's share of its commitment as a fraction of 1 (``lines``: commitment_id, share in percent or
    NaN): its given percent, else an equal part of what its commitment's given shares leave."""
    given = lines["share"].astype(float)
    by_commitment = given.groupby(lines["commitment_id"])
    left = (100.0 - by_commitment.transform("sum")).clip(lower=0.0)
    missing = by_commitment.transform(lambda column: column.isna().sum())
    return given.fillna(left / missing) / 100


def effective_shares(given: list[float | None]) -> list[float]:
    """``shares`` of one commitment's list: ``[60, 40]`` → 0.6, 0.4; ``[None, None]`` → 0.5, 0.5; ``[50, None,
    None]`` → 0.5, 0.25, 0.25."""
    lines = pd.DataFrame({"commitment_id": 0, "share": [float("nan") if s is None else s for s in given]})
    return [float(share) for share in shares(lines)] if given else []


def validate(rows: list[dict], territories: dict[tuple[str, str], str], errors: dict[str, str]) -> list[dict]:
    """The carrying territories of ``rows`` (level, code, share as typed), checked against the ``territories`` a
    commitment of the region may name; problems go to ``errors`` (``territories.<n>.<field>``, or ``territories``
    for the group), the clean rows are returned."""
    clean, seen = [], {}
    for number, row in enumerate(rows, start=1):
        key = f"{GROUP}.{number}"
        level_text, code = typed.text(row.get("territory_level")), typed.text(row.get("territory_code"))
        level = _LEVEL_KEYS.get(normalize_header(level_text)) if level_text else None
        if level_text is None:
            errors[f"{key}.territory_level"] = "obligatoire (Région, Département, CRTE ou EPCI)."
        elif level is None:
            errors[f"{key}.territory_level"] = f"« {level_text} » inconnu : Région, Département, CRTE ou EPCI."
        if code is None:
            errors[f"{key}.territory_code"] = "obligatoire (code INSEE, SIREN de l'EPCI ou identifiant du CRTE)."
        elif level and (level, code) not in territories:
            errors[f"{key}.territory_code"] = f"{LEVELS[level]} « {code} » introuvable dans la région."
        elif level and (level, code) in seen:
            errors[f"{key}.territory_code"] = f"même territoire que la ligne {seen[level, code]}."
        share, problem = typed.number(row.get("share"), CARRIED_SHARE)
        if problem:
            errors[f"{key}.share"] = problem
        elif share is not None and share <= 0:
            errors[f"{key}.share"] = "doit être supérieure à 0 % (retirez le territoire qui ne porte rien)."
        seen.setdefault((level, code), number)
        clean.append({"territory_level": level, "territory_code": code, "share": share})
    if not rows:
        errors[GROUP] = "au moins un territoire porte l'engagement."
    elif problem := shares_problem([row["share"] for row in clean]):
        errors[GROUP] = problem
    return clean


def shares_problem(given: list[float | None]) -> str | None:
    """Why the given shares cannot be the parts of one commitment, or None."""
    known = [share for share in given if share is not None]
    total = math.fsum(known)
    if total > 100 + TOLERANCE:
        return f"les parts font {formats.decimal(total)} % : plus de 100 %."
    if len(known) == len(given) and known and abs(total - 100) > TOLERANCE:
        return (f"les parts font {formats.decimal(total)} % : elles doivent faire 100 % (ou laissez vide la part des "
                "territoires qui se partagent le reste également).")
    if len(known) < len(given) and total >= 100 - TOLERANCE:
        return "les parts données font déjà 100 % : les territoires sans part ne porteraient rien."
    return None


def text(rows: list[dict], names: dict[tuple[str, str], str] | None = None) -> str:
    """« Pays de Brest (CRTE) 60 % ; Pays de Morlaix (CRTE) 40 % », a single territory without its share."""
    shares = effective_shares([row.get("share") for row in rows])
    parts = []
    for row, share in zip(rows, shares):
        key = (row["territory_level"], row["territory_code"])
        name = (names or {}).get(key, row["territory_code"])
        label = name if row["territory_level"] == "region" else f"{name} ({LEVELS.get(key[0], key[0])})"
        whole = abs(share * 100 - round(share * 100)) < 1e-9
        parts.append(label if len(rows) == 1 else f"{label} {formats.percent(share, 0 if whole else 1)}")
    return " ; ".join(parts)
