"""What the administrators' page shows: the accounts, their state, and the territories a contributor can be
given (the départements, CRTE and EPCI of each loaded region: a picker, not free text)."""

from __future__ import annotations

import duckdb
from dash import dcc, html

from domain import formats
from domain.permissions import ROLE_NAMES, Role
from domain.vocabulary import LEVELS

PAGE = "/comptes"
ACTIVE, DEACTIVATED, INVITED = "actif", "désactivé", "invité (mot de passe pas encore choisi)"


def scoped_territories(con: duckdb.DuckDBPyConnection) -> list[dict]:
    """Options of the territory picker: « CRTE du Pays de Brest (CRTE, crte-53-29-1) — Bretagne », value
    ``crte:crte-53-29-1`` (the code, as the command line writes it, tells apart two territories of one name)."""
    rows = con.execute(
        """
        SELECT t.level, t.code, t.name, r.name FROM territory_links k
        JOIN territories t ON t.level = k.child_level AND t.code = k.child_code
        JOIN territories r ON r.level = 'region' AND r.code = k.parent_code
        WHERE k.parent_level = 'region' AND k.child_level IN ('departement', 'crte', 'epci')
        ORDER BY r.name, CASE t.level WHEN 'departement' THEN 1 WHEN 'crte' THEN 2 ELSE 3 END, t.name
        """).fetchall()
    return [{"label": f"{name} ({LEVELS[level].title}, {code}) — {region}", "value": f"{level}:{code}"}
            for level, code, name, region in rows]


def state(account: dict) -> str:
    if not account["active"]:
        return DEACTIVATED
    return INVITED if account["invited"] else ACTIVE


def accounts_table(accounts: list[dict], territory_labels: dict[str, str], chosen: str | None) -> html.Div:
    """One row per account; « Modifier » opens the account's panel (``?compte=``)."""
    head = ["Identifiant", "Nom", "Rôle", "Territoires", "État", "Dernière connexion", ""]
    rows = [html.Tr(className="accounts-row--chosen" if account["username"] == chosen else None, children=[
        html.Td(account["username"]),
        html.Td(account["full_name"] or ""),
        html.Td(ROLE_NAMES[Role(account["role"])]),
        html.Td(", ".join(territory_labels.get(t, t) for t in account["territories"] or []) or "—"),
        html.Td(state(account), className=f"account-state account-state--{state(account).split()[0]}"),
        html.Td(formats.moment(account["last_sign_in"]) if account["last_sign_in"] else "jamais"),
        html.Td(dcc.Link("Modifier", href=f"{PAGE}?compte={account['username']}",
                         id={"type": "accounts-edit", "account": account["username"]})),
    ]) for account in accounts]
    return html.Div(className="fr-table", children=html.Table(id="accounts-table", children=[
        html.Caption(f"{len(accounts)} compte{'s' if len(accounts) > 1 else ''}"),
        html.Thead(html.Tr([html.Th(label, scope="col") for label in head])),
        html.Tbody(rows),
    ]))
