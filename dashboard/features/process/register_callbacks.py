"""The callbacks of the register's form: a party chosen fills it; saving writes the party and its contacts through
the gate (``Write.REGISTER``: the regional team) and shows the register again."""

from __future__ import annotations

import dash
from dash import Input, Output, State

from dashboard import sent
from dashboard.access import gate
from dashboard.features.process import ids
from dashboard.features.process import tables as process_tables
from dashboard.features.process.register_form import NEW, party_choices, register_block
from dashboard.page_states import RegisterState
from dashboard.state import region_name
from dashboard.store import fetch
from domain import parties
from domain.errors import UserError
from domain.permissions import Write
from domain.process import PARTY_KINDS

FIELDS = list(ids.PARTY_FIELDS)


def _show_party(code, params) -> dict:
    region = RegisterState.from_store(params).region
    register = fetch(parties.region_parties, region)
    row = register[register["code"] == sent.text(code)]
    if row.empty:
        return {**dict.fromkeys(FIELDS, ""), "kind": PARTY_KINDS[0], "territory": None, "contacts": ""}
    party = row.iloc[0]
    contacts = fetch(parties.region_contacts, region)
    level = party["territory_level"]
    return {"code": party["code"], "kind": party["kind"], "name": party["name"], "siren": party["siren"] or "",
            "territory": f"{level}:{party['territory_code']}" if isinstance(level, str) else None,
            "contacts": parties.contacts_text(contacts[contacts["party_code"] == party["code"]])}


def _save_party(_, chosen, code, kind, name, siren, territory, contacts, params) -> dict:
    region = RegisterState.from_store(params).region
    level, _, territory_code = str(territory or "").partition(":")
    raw = {"code": code, "kind": kind, "name": name, "siren": siren, "territory_level": level or None,
           "territory_code": territory_code or None}
    try:
        people = parties.read_contacts(contacts)
    except UserError as error:
        raise error.at(ids.PARTY_MESSAGE) from None
    saved = gate.write(parties.save_party, region, raw, people, (chosen or NEW) == NEW, kind=Write.REGISTER,
                       show_at=ids.PARTY_MESSAGE)
    register = fetch(parties.region_parties, region)
    table = process_tables.register_table(region_name(region), register, fetch(parties.region_contacts, region))
    return {"message": f"Partie « {saved} » enregistrée.", "options": party_choices(register), "chosen": saved,
            "table": register_block(table, region)}


def register(app: dash.Dash) -> None:
    field = ids.PARTY_FIELDS
    app.callback(output={**{key: Output(field[key], "value") for key in FIELDS},
                         "contacts": Output(ids.PARTY_CONTACTS, "value")},
                 inputs=dict(code=Input(ids.PARTY_CHOICE, "value"), params=State(ids.PAGE, "data")),
                 prevent_initial_call=True)(_show_party)
    app.callback(output=dict(message=Output(ids.PARTY_MESSAGE, "children"),
                             options=Output(ids.PARTY_CHOICE, "options"), chosen=Output(ids.PARTY_CHOICE, "value"),
                             table=Output(ids.REGISTER_TABLE, "children")),
                 inputs=dict(_=Input(ids.PARTY_SAVE, "n_clicks"), chosen=State(ids.PARTY_CHOICE, "value"),
                             **{key: State(field[key], "value") for key in FIELDS},
                             contacts=State(ids.PARTY_CONTACTS, "value"), params=State(ids.PAGE, "data")),
                 prevent_initial_call=True)(_save_party)
