"""What a meeting decided: decisions, and what they did to the roadmap's commitments.

A decision is a sentence; it may name a commitment of the meeting's region, and then may also review it there and
then (accept it, ask for changes, decline it: ``domain.reviews``), which changes its status. The decision keeps the
review it produced and the commitment's status before and after. Reviewing is the regional team's
(``Write.REVIEW``): a contributor records decisions about its territory, not reviews.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from domain import clock, commitment_store, reviews, texts
from domain.errors import UserError
from domain.history import role_of
from domain.meetings import checked_version, touch
from domain.permissions import Role, Write, may, refusal
from domain.ranges import IDENTIFIER

NO_EFFECT = ""
EFFECTS = {NO_EFFECT: "aucun effet sur l'engagement", reviews.ACCEPTED: "accepter l'engagement (retenu en COP)",
           reviews.CHANGES: "demander des modifications", reviews.DECLINED: "refuser l'engagement (abandonné)"}


def record(con: duckdb.DuckDBPyConnection, meeting_id: int, text: str | None, commitment: str | int | None,
           effect: str | None, author: str) -> int:
    """Record a decision of the meeting; its identifier. UserError (nothing written) for a blank decision, an
    unknown commitment, an effect without one, or a review the author's role may not make."""
    stored = checked_version(con, meeting_id, None)
    text = texts.DECISION.check(text)
    if text is None:
        raise UserError("Décision non enregistrée : écrivez la décision.")
    effect = effect or NO_EFFECT
    if effect not in EFFECTS:
        raise UserError(f"Décision non enregistrée : effet « {effect} » inconnu.")
    commitment_id = _commitment(con, commitment, stored["region"])
    if effect != NO_EFFECT and commitment_id is None:
        raise UserError("Décision non enregistrée : choisissez l'engagement qu'elle relit.")
    before = after = review_id = None
    if commitment_id is not None:
        before = commitment_store.get(con, commitment_id)["status"]
    if effect != NO_EFFECT:
        role = role_of(con, author)
        if not may(Role(role) if role else None, Write.REVIEW):
            raise UserError(refusal(Role(role), Write.REVIEW) if role else "Modification refusée.")
        version = commitment_store.get(con, commitment_id)["version"]
        reviews.review(con, commitment_id, version, effect, text, author)
        review_id = con.execute("SELECT max(review_id) FROM commitment_reviews WHERE commitment_id = ?",
                                [commitment_id]).fetchone()[0]
        after = commitment_store.get(con, commitment_id)["status"]
    decision_id = con.execute("SELECT nextval('meeting_decision_id_seq')").fetchone()[0]
    con.execute("INSERT INTO meeting_decisions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [decision_id, meeting_id, text, commitment_id, review_id, before, after, clock.now(), author])
    touch(con, meeting_id, author, "décision", {"decision": [None, text]})
    return decision_id


def _commitment(con, commitment: str | int | None, region: str) -> int | None:
    if commitment is None or str(commitment).strip() == "":
        return None
    try:
        number = int(IDENTIFIER.read(commitment))
    except ValueError:
        raise UserError(f"Décision non enregistrée : « {commitment} » n'est pas un numéro d'engagement.") from None
    found = commitment_store.get(con, number)
    if found is None or found["region"] != region:
        raise UserError(f"Décision non enregistrée : aucun engagement n° {number} dans la feuille de route de la "
                        "région.")
    return number


def decisions(con: duckdb.DuckDBPyConnection, meeting_id: int) -> pd.DataFrame:
    """The meeting's decisions in order: text, the commitment (number, title), the review made, status before and
    after."""
    return con.execute(
        "SELECT d.decision_id, d.text, d.commitment_id, c.title AS commitment_title, r.decision AS review, "
        "d.status_before, d.status_after, d.decided_at FROM meeting_decisions d "
        "LEFT JOIN commitments c USING (commitment_id) LEFT JOIN commitment_reviews r USING (review_id) "
        "WHERE d.meeting_id = ? ORDER BY d.decision_id", [meeting_id]).df()


def effect_said(row) -> str:
    """« engagement n° 12 (Bornes de recharge) : accepté, proposé → retenu en COP », or the commitment alone."""
    if row.commitment_id is None or pd.isna(row.commitment_id):
        return ""
    said = f"engagement n° {int(row.commitment_id)} ({row.commitment_title})"
    if isinstance(row.review, str):
        said += f" : {row.review}, {row.status_before} → {row.status_after}"
    return said
