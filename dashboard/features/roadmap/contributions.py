"""The contributions board: per département or CRTE of a region, who has contributed, how much (counted and
proposed), what awaits the regional team's review, and which territories have sent nothing yet.

A territory's contributions are its own commitments and those of the territories inside it (a CRTE's EPCI,
a département's CRTE and EPCI; a CRTE astride two départements counts for both), a shared commitment for the share
its territories carry, as for the coverage map
(``coverage.parts_membership``). The accounts that
contributed are those who created the commitments; the accounts « rattachés » are the contributors
scoped to the territory itself.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from dashboard.access import reading
from dashboard.features.roadmap import coverage
from dashboard.store import fetch, queries
from dashboard.tables import Table
from domain import commitment_store, reviews, territory_shares
from domain.commitments import COUNTED
from domain.permissions import Read, Role
from domain.vocabulary import LEVELS, PROPOSED

COLUMNS = ["code", "name", "contributors", "counted_n", "counted_kt", "proposed_n", "proposed_kt", "to_review_n",
           "to_revise_n", "declined_n", "accounts", "sent"]


def contributor_scopes(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """``username, territory_level, territory_code`` of every contributor account's territories."""
    return con.execute(
        "SELECT s.username, s.territory_level, s.territory_code FROM user_territories s JOIN users u USING (username)"
        " WHERE u.role = ? ORDER BY s.username", [Role.CONTRIBUTOR.value]).df()


def board(parts: pd.DataFrame, membership: pd.DataFrame, commitments: pd.DataFrame,
          scopes: pd.DataFrame, level: str) -> pd.DataFrame:
    """One row per part (``parts``: code, name), in the order of ``parts``, with ``COLUMNS``.

    ``membership``: parent_code, level, code (coverage.parts_membership); ``commitments``: territory_level,
    territory_code, quantity_kt, status, created_by, review_state; ``scopes``: contributor_scopes."""
    links = membership.rename(columns={"parent_code": "code", "level": "territory_level", "code": "territory_code"})
    carried = territory_shares.carriers(commitments)  # a shared commitment: once per part, for the share it carries
    details = commitments[["quantity_kt", "status", "created_by", "review_state"]].reset_index(drop=True)
    mine = links.merge(carried, on=["territory_level", "territory_code"]).groupby(
        ["code", "position"], as_index=False)["share"].sum().join(details, on="position")
    counted, proposed = mine["status"].isin(COUNTED), mine["status"] == PROPOSED
    kt = mine["quantity_kt"] * mine["share"]
    per_part = mine.assign(
        counted_n=counted, counted_kt=kt.where(counted, 0.0), proposed_n=proposed,
        proposed_kt=kt.where(proposed, 0.0), to_review_n=mine["review_state"] == reviews.TO_REVIEW,
        to_revise_n=mine["review_state"] == reviews.TO_REVISE, declined_n=mine["review_state"] == reviews.DECLINED,
    ).groupby("code").agg(
        contributors=("created_by", _names), counted_n=("counted_n", "sum"), counted_kt=("counted_kt", "sum"),
        proposed_n=("proposed_n", "sum"), proposed_kt=("proposed_kt", "sum"), to_review_n=("to_review_n", "sum"),
        to_revise_n=("to_revise_n", "sum"), declined_n=("declined_n", "sum"), sent=("status", "size"))
    attached = dict(scopes[scopes["territory_level"] == level].groupby("territory_code")["username"].agg(_names))
    contributors = dict(per_part.pop("contributors"))
    counts = ["counted_n", "proposed_n", "to_review_n", "to_revise_n", "declined_n", "sent"]
    frame = parts[["code", "name"]].join(per_part, on="code").fillna(
        {"counted_kt": 0.0, "proposed_kt": 0.0, **dict.fromkeys(counts, 0)}).astype(dict.fromkeys(counts, int))
    return frame.assign(contributors=[contributors.get(code, "") for code in frame["code"]],
                        accounts=[attached.get(code, "") for code in frame["code"]],
                        sent=frame["sent"] > 0)[COLUMNS].reset_index(drop=True)


def _names(usernames: pd.Series) -> str:
    return ", ".join(sorted(set(usernames)))


def region_board(region: str, level: str) -> pd.DataFrame:
    """``board`` of the région's départements or CRTE, from the database."""
    commitments = fetch(commitment_store.region_commitments, region).merge(
        fetch(reviews.states, region), on="commitment_id", how="left")
    return board(fetch(queries.region_parts, region, level), fetch(coverage.parts_membership, region, level),
                 commitments, fetch(contributor_scopes), level)


def silent(frame: pd.DataFrame) -> list[str]:
    """The names of the territories that have sent nothing yet."""
    return list(frame.loc[~frame["sent"], "name"])


def board_table(region_name: str, level: str, frame: pd.DataFrame) -> Table:
    table = pd.DataFrame({
        "Code": frame["code"],
        LEVELS[level].title: frame["name"],
        "Comptes ayant contribué": frame["contributors"],
        "Engagements comptés": frame["counted_n"],
        "Comptés (ktCO₂e)": frame["counted_kt"],
        "Engagements proposés": frame["proposed_n"],
        "Proposés (ktCO₂e)": frame["proposed_kt"],
        "À relire par l'équipe": frame["to_review_n"],
        "À revoir par le contributeur": frame["to_revise_n"],
        "Refusés": frame["declined_n"],
        "Contributeurs rattachés": frame["accounts"],
        "Rien envoyé": frame["sent"].map({True: "", False: "rien envoyé"}),
    })
    kinds = {header: "integer" for header in ("Engagements comptés", "Engagements proposés", "À relire par l'équipe",
                                              "À revoir par le contributeur", "Refusés")}
    kinds |= {"Comptés (ktCO₂e)": "kt", "Proposés (ktCO₂e)": "kt"}
    notes = [f"Engagements du territoire et des territoires qu'il contient (un CRTE à cheval sur deux départements "
             f"compte pour chacun). Comptés : « {' », « '.join(COUNTED)} » ; "
             f"proposés : « {PROPOSED} » (à relire ou à revoir). Contributeurs rattachés : comptes de contributeur "
             "territorial rattachés au territoire lui-même."]
    return reading.restricted(Table(f"Contributions par {LEVELS[level].singular} — {region_name}", table, kinds, notes),
                              {"Comptes ayant contribué": Read.PEOPLE, "Contributeurs rattachés": Read.PEOPLE})
