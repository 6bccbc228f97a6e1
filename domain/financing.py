"""A commitment's maquette financière: its total cost and its financing lines (source, amount, year, status).

A line's source is a name of the list the regional team edits (``financing_sources``, seeded with
``STARTING_SOURCES``), or several of them separated by commas when one amount comes from several sources without
their shares (the single amount of before migration 040 became such a line, of unknown year and status). A line
without a year, status or amount leaves it « non précisé ». Checks: every amount is positive and keeps to its range,
a year lies within the commitment's years, and financing beyond the total cost is a warning, not a refusal (a
cost may be missing or out of date). The totals of the roadmap's maquette are ``domain.maquette``'s.
"""

from __future__ import annotations

import math
import re

from domain import formats, typed
from domain.headers import normalize_header
from domain.ranges import COMMITMENT_YEAR, FUNDING_EUR
from domain.texts import FUNDING_SOURCES
from domain.vocabulary import FINANCING_STATUSES, GRANTED

GROUP = "financing"
LABELS = {"source": "Source", "amount": "Montant (€)", "year": "Année", "status": "Statut du financement"}
FIELDS = list(LABELS)
# The first list of sources (migration 040 writes the same names); the team edits it afterwards.
STARTING_SOURCES = ["DSIL", "DETR", "FNADT", "Fonds vert", "Fonds chaleur", "CPER", "FEDER", "FSE+", "ADEME",
                    "Agences de l'eau", "Banque des territoires", "Collectivités", "Privé", "Autre"]
SEPARATORS = re.compile(r"[,;/+]")


def sources_of(text: str | None, sources: list[str]) -> tuple[str | None, list[str]]:
    """The canonical names of the sources ``text`` lists (separated by commas…) and those not in ``sources``."""
    names = [name.strip() for name in SEPARATORS.split(text or "") if name.strip()]
    known = {normalize_header(source): source for source in sources}
    canonical = [known.get(normalize_header(name)) for name in names]
    unknown = [name for name, found in zip(names, canonical) if found is None]
    return ", ".join(dict.fromkeys(c for c in canonical if c)) or None, unknown


def validate(rows: list[dict], sources: list[str], span: tuple[int | None, int | None],
             errors: dict[str, str]) -> list[dict]:
    """The financing lines of ``rows`` (source, amount, year, status as typed) of a commitment running over the
    years ``span``; problems go to ``errors`` (``financing.<n>.<field>``), the clean lines are returned."""
    clean = []
    start, end = span
    for number, row in enumerate(rows, start=1):
        key = f"{GROUP}.{number}"
        line = {"source": None, "amount": None, "year": None, "status": None}
        written = typed.text(row.get("source"))
        if written and (problem := FUNDING_SOURCES.problem(written)):
            errors[f"{key}.source"] = f"{problem}."
        elif written:
            line["source"], unknown = sources_of(written, sources)
            if unknown:
                errors[f"{key}.source"] = (f"source(s) inconnue(s) : {', '.join(unknown)} (la liste de l'équipe "
                                           f"régionale : {', '.join(sources)}).")
        line["amount"], problem = typed.number(row.get("amount"), FUNDING_EUR)
        if problem or line["amount"] == 0:
            errors[f"{key}.amount"] = problem or "doit être positif (retirez la ligne d'un financement nul)."
        line["year"], problem = typed.year(row.get("year"), COMMITMENT_YEAR)
        if problem:
            errors[f"{key}.year"] = problem
        elif line["year"] is not None and start is not None and end is not None and not start <= line["year"] <= end:
            errors[f"{key}.year"] = f"{line['year']} hors des années de l'engagement ({start}–{end})."
        line["status"], problem = typed.choice(row.get("status"), FINANCING_STATUSES)
        if problem:
            errors[f"{key}.status"] = problem
        if written is None and line["amount"] is None and f"{key}.amount" not in errors:
            errors[f"{key}.source"] = "ligne vide : indiquez au moins la source ou le montant."
        clean.append(line)
    return clean


def outside_years(lines: list[dict], span: tuple[int, int]) -> list[int]:
    """The years of ``lines`` outside ``span``: a commitment's new years must still hold its financing."""
    return sorted({line["year"] for line in lines if line.get("year") is not None
                   and not span[0] <= line["year"] <= span[1]})


def total(lines: list[dict]) -> float:
    return math.fsum(line["amount"] for line in lines if line.get("amount") is not None)


def granted(lines: list[dict]) -> float:
    """What the lines accordé, engagé or versé add up to."""
    return math.fsum(line["amount"] for line in lines if line.get("amount") is not None and line.get("status") in
                     GRANTED)


def warnings(cost: float | None, lines: list[dict]) -> list[str]:
    """What a save tells without refusing it: financing beyond the total cost."""
    financed = total(lines)
    if cost is not None and financed > cost * (1 + 1e-9):
        return [f"Les financements ({formats.number(financed, 0)} €) dépassent le coût total "
                f"({formats.number(cost, 0)} €) de {formats.number(financed - cost, 0)} €."]
    return []


def text(lines: list[dict]) -> str:
    """« DSIL 120 000 € 2025 accordé ; DETR 80 000 € (année non précisée) »."""
    parts = []
    for line in lines:
        words = [line.get("source") or "source non précisée",
                 f"{formats.number(line['amount'], 0)} €" if line.get("amount") is not None else "montant à préciser",
                 str(line["year"]) if line.get("year") is not None else "(année non précisée)"]
        parts.append(" ".join(words + ([line["status"]] if line.get("status") else [])))
    return " ; ".join(parts)
