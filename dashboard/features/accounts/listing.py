"""What the administrators' page shows: the accounts, their state, and the territories a contributor can be
given (the départements, CRTE and EPCI of each loaded region: a picker, not free text)."""

from __future__ import annotations

import duckdb
from dash import dcc, html

from dashboard.components.table import labelled_cell, table_region
from dashboard.page_states import AccountsState
from domain import formats
from domain.permissions import ROLE_NAMES, Role
from domain.vocabulary import LEVELS

PAGE = AccountsState.PATH
ACTIVE, DEACTIVATED, INVITED = "actif", "désactivé", "invité (mot de passe pas encore choisi)"
COLUMNS = ("Identifiant", "Nom", "Rôle", "Territoires", "État", "Dernière connexion", "Action")


def scoped_territories(con: duckdb.DuckDBPyConnection, first_region: str | None = None) -> list[dict]:
    """Options of the territory picker: « CRTE du Pays de Brest (CRTE, crte-53-29-1) — Bretagne », value
    ``crte:crte-53-29-1`` (the code, as the command line writes it, tells apart two territories of one name);
    those of ``first_region`` (the region being administered) first, then the other regions' by name."""
    rows = con.execute(
        """
        SELECT t.level, t.code, t.name, r.name FROM territory_links k
        JOIN territories t ON t.level = k.child_level AND t.code = k.child_code
        JOIN territories r ON r.level = 'region' AND r.code = k.parent_code
        WHERE k.parent_level = 'region' AND k.child_level IN ('departement', 'crte', 'epci')
        ORDER BY CASE WHEN r.code = ? THEN 0 ELSE 1 END, r.name,
                 CASE t.level WHEN 'departement' THEN 1 WHEN 'crte' THEN 2 ELSE 3 END, t.name
        """, [first_region]).fetchall()
    return [{"label": f"{name} ({LEVELS[level].title}, {code}) — {region}", "value": f"{level}:{code}"}
            for level, code, name, region in rows]


def state(account: dict) -> str:
    if not account["active"]:
        return DEACTIVATED
    return INVITED if account["invited"] else ACTIVE


def accounts_table(accounts: list[dict], territory_labels: dict[str, str], chosen: str | None) -> html.Div:
    """One row per account, a card on a phone; « Modifier » opens the account's panel (``?compte=``)."""
    head = [html.Th(label, scope="col") for label in COLUMNS]
    rows = [_row(account, territory_labels, account["username"] == chosen) for account in accounts]
    return table_region(f"{len(accounts)} compte{'s' if len(accounts) > 1 else ''}", "accounts-table", head, rows)


def _row(account: dict, territory_labels: dict[str, str], chosen: bool) -> html.Tr:
    username, shown = account["username"], state(account)
    cells = [
        username,
        account["full_name"] or "",
        ROLE_NAMES[Role(account["role"])],
        ", ".join(territory_labels.get(t, t) for t in account["territories"] or []) or "—",
        shown,
        formats.moment(account["last_sign_in"]) if account["last_sign_in"] else "jamais",
        dcc.Link("Modifier", href=AccountsState(account=username).href(),
                 id={"type": "accounts-edit", "account": username}),
    ]
    styles = {"État": f"account-state account-state--{shown.split()[0]}"}
    return html.Tr(className="accounts-row--chosen" if chosen else None,
                   children=[labelled_cell(cell, column, styles.get(column)) for column, cell in zip(COLUMNS, cells)])
