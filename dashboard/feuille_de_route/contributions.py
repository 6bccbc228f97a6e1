"""The contributions board: per département or CRTE of a region, who has contributed, how much (counted and
proposed), what awaits the regional team's review, and which territories have sent nothing yet.

A territory's contributions are its own commitments and those of the territories inside it (a CRTE's EPCI,
a département's CRTE and EPCI; a CRTE astride two départements counts for both), as for the coverage map
(``coverage.parts_membership``). The accounts that
contributed are those who created the commitments; the accounts « rattachés » are the contributors
scoped to the territory itself.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from dashboard import queries
from dashboard.feuille_de_route import coverage
from dashboard.store import fetch
from dashboard.tables import Table
from domain import commitment_store, reviews
from domain.commitments import COUNTED
from domain.permissions import PROPOSED, Role
from domain.vocabulary import LEVELS

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
    keyed = commitments.assign(key=list(zip(commitments["territory_level"], commitments["territory_code"])))
    members = {parent: set(zip(rows["level"], rows["code"])) for parent, rows in membership.groupby("parent_code")}
    rows = []
    for code, name in zip(parts["code"], parts["name"]):
        mine = keyed[keyed["key"].isin(members.get(code, {(level, code)}))]
        counted, proposed = mine[mine["status"].isin(COUNTED)], mine[mine["status"] == PROPOSED]
        accounts = scopes[(scopes["territory_level"] == level) & (scopes["territory_code"] == code)]["username"]
        rows.append({
            "code": code, "name": name, "contributors": ", ".join(sorted(set(mine["created_by"]))),
            "counted_n": len(counted), "counted_kt": float(counted["quantity_kt"].sum()),
            "proposed_n": len(proposed), "proposed_kt": float(proposed["quantity_kt"].sum()),
            "to_review_n": int((mine["review_state"] == reviews.TO_REVIEW).sum()),
            "to_revise_n": int((mine["review_state"] == reviews.TO_REVISE).sum()),
            "declined_n": int((mine["review_state"] == reviews.DECLINED).sum()),
            "accounts": ", ".join(sorted(set(accounts))), "sent": len(mine) > 0,
        })
    return pd.DataFrame(rows, columns=COLUMNS)


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
    return Table(f"Contributions par {LEVELS[level].singular} — {region_name}", table, kinds, notes)
