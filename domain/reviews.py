"""The regional team's review of proposed commitments: accept, ask for changes, decline.

A decision applies to the version of the commitment the reviewer read. Accepting makes the commitment
« retenu en COP » (it counts against the objective); declining makes it « abandonné », with the reason;
asking for changes leaves it « proposé », with the changes asked for. Every decision is kept
(``commitment_reviews``); the latest one is the commitment's review state, and an edit made after a
request for changes (a later version) sends the commitment back to review.
"""

from __future__ import annotations

from datetime import datetime

import duckdb
import pandas as pd

from domain import clock, commitment_store, formats
from domain.conflicts import Conflict
from domain.errors import UserError
from domain.texts import REVIEW_COMMENT
from domain.vocabulary import PROPOSED

ACCEPTED, CHANGES, DECLINED = "accepté", "modifications demandées", "refusé"
DECISIONS = (ACCEPTED, CHANGES, DECLINED)
STATUS_AFTER = {ACCEPTED: "retenu en COP", DECLINED: "abandonné"}  # asking for changes keeps « proposé »
# Where a commitment stands: waiting for the team, waiting for its contributor, or decided.
TO_REVIEW, TO_REVISE = "à relire", "à revoir"
NEEDS_COMMENT = {CHANGES: "indiquez les modifications demandées", DECLINED: "indiquez la raison du refus"}


def review(con: duckdb.DuckDBPyConnection, commitment_id: int, expected_version: int, decision: str,
           comment: str | None, author: str, when: datetime | None = None) -> int:
    """Record ``author``'s decision on the version they read; return the commitment's version after it.

    UserError (nothing written) when the commitment is no longer « proposé », was changed since that
    version, or when a request for changes or a refusal comes without its comment."""
    if decision not in DECISIONS:
        raise ValueError(decision)
    stored = commitment_store.get(con, commitment_id)
    if stored is None:
        raise UserError(f"Relecture impossible : l'engagement n° {commitment_id} n'existe pas.")
    if stored["status"] != PROPOSED:
        raise UserError(f"Relecture impossible : l'engagement n° {commitment_id} est « {stored['status']} » ; "
                        f"seul un engagement « {PROPOSED} » se relit.")
    if stored["version"] != expected_version:
        raise UserError(changed_since(stored))
    comment = REVIEW_COMMENT.check(comment)
    if decision in NEEDS_COMMENT and comment is None:
        raise UserError(f"Relecture non enregistrée : {NEEDS_COMMENT[decision]} dans le commentaire.")
    when = when or clock.now()
    version = stored["version"]
    if decision in STATUS_AFTER:
        version = commitment_store.update(con, commitment_id, version, {**stored, "status": STATUS_AFTER[decision]},
                                          author, when=when)
        if isinstance(version, Conflict):  # changed between the read above and the update
            raise UserError(changed_since(version.stored))
    con.execute("INSERT INTO commitment_reviews (commitment_id, version, decision, comment, reviewer, reviewed_at)"
                " VALUES (?, ?, ?, ?, ?, ?)", [commitment_id, version, decision, comment, author, when])
    return version


def changed_since(stored: dict) -> str:
    return (f"Relecture non enregistrée : {stored['updated_by']} a modifié l'engagement n° {stored['commitment_id']} "
            f"le {formats.moment(stored['updated_at'])} (version {stored['version']}) depuis que vous l'avez ouvert ; "
            "relisez cette version avant de décider.")


def history(con: duckdb.DuckDBPyConnection, commitment_id: int) -> pd.DataFrame:
    """The decisions on one commitment, newest first: version, decision, comment, reviewer, reviewed_at."""
    return con.execute("SELECT version, decision, comment, reviewer, reviewed_at FROM commitment_reviews"
                       " WHERE commitment_id = ? ORDER BY review_id DESC", [commitment_id]).df()


def states(con: duckdb.DuckDBPyConnection, region: str) -> pd.DataFrame:
    """Per commitment of the region: ``review_state`` (to review, to revise, accepted, declined, or none for
    a decided commitment never reviewed) and the latest decision's comment, reviewer and time."""
    return con.execute(
        """
        WITH latest AS (
            SELECT * FROM commitment_reviews
            QUALIFY row_number() OVER (PARTITION BY commitment_id ORDER BY review_id DESC) = 1)
        SELECT c.commitment_id,
               CASE WHEN c.status = $proposed AND r.decision = $changes AND r.version = c.version THEN $to_revise
                    WHEN c.status = $proposed THEN $to_review
                    WHEN r.decision IN ($accepted, $declined) THEN r.decision END AS review_state,
               r.comment AS review_comment, r.reviewer, r.reviewed_at
        FROM commitments c LEFT JOIN latest r USING (commitment_id)
        WHERE c.region = $region
        ORDER BY c.commitment_id
        """,
        {"region": region, "proposed": PROPOSED, "changes": CHANGES, "to_revise": TO_REVISE, "to_review": TO_REVIEW,
         "accepted": ACCEPTED, "declined": DECLINED},
    ).df()


def label(state: str | None, comment: str | None) -> str:
    """What a list shows: « à relire », « à revoir : <changes asked for> », « refusé : <reason> », « accepté »."""
    if state is None or pd.isna(state):
        return ""
    if state in (TO_REVISE, DECLINED) and isinstance(comment, str) and comment:
        return f"{state} : {comment}"
    return state
