"""The register of parties edited by the regional team (``Write.REGISTER``): a party chosen, or a new one, its fields
and its contacts (one a line), saved through the gate by dashboard/features/process/register_callbacks.py."""

from __future__ import annotations

import pandas as pd
from dash import dcc, html

from dashboard.components.controls import DROPDOWN_LABELS, dropdown
from dashboard.components.table import data_table
from dashboard.features.process import ids
from dashboard.features.process.meeting_form import territory_options
from dashboard.features.process.territory_sections import control
from dashboard.tables import Table
from domain import texts
from domain.meetings import Context
from domain.parties import MOST_CONTACTS
from domain.process import PARTY_KINDS

NEW = ""  # the choice of a new party
CONTACT_LINE = texts.PERSON_NAME.longest + texts.PERSON_ROLE.longest + texts.EMAIL.longest + 6  # and « ; »


def register_block(table: Table, region: str):
    """The register's table with its downloads, or a sentence when it is empty."""
    if table.frame.empty:
        return html.P("Aucune partie enregistrée pour cette région.", id="process-register-empty")
    return data_table(table, "registre", {"region": region})


def party_choices(register: pd.DataFrame) -> list[dict]:
    """« Nouvelle partie », then each party of the register."""
    return [{"label": "Nouvelle partie", "value": NEW}] + [
        {"label": f"{row.name} ({row.code})", "value": row.code} for row in register.itertuples()]


def register_form(register: pd.DataFrame, known: Context) -> html.Section:
    field = ids.PARTY_FIELDS

    def text(key: str, longest: int) -> dcc.Input:
        return dcc.Input(id=field[key], value="", type="text", className="fr-input", maxLength=longest)

    return html.Section(className="process-form", children=[
        html.H2("Ajouter ou modifier une partie"),
        control("Partie", ids.PARTY_CHOICE, dropdown(ids.PARTY_CHOICE, party_choices(register), NEW)),
        html.Div(className="controls", children=[
            control("Code (lettres sans accent, chiffres, . _ -)", field["code"],
                    text("code", texts.PARTY_CODE.longest)),
            control("Type", field["kind"], dropdown(field["kind"], list(PARTY_KINDS), PARTY_KINDS[0])),
            control("SIREN (facultatif)", field["siren"], text("siren", 9)),
        ]),
        control("Nom", field["name"], text("name", texts.PARTY_NAME.longest)),
        control("Territoire (une collectivité en a un)", field["territory"], dcc.Dropdown(
            id=field["territory"], options=territory_options(known), value=None, labels=DROPDOWN_LABELS,
            placeholder="Aucun", searchable=True)),
        control(f"Contacts : un par ligne, « Nom ; fonction ; courriel » ({MOST_CONTACTS} au plus)",
                ids.PARTY_CONTACTS, dcc.Textarea(id=ids.PARTY_CONTACTS, value="", rows=3, className="fr-input",
                                                 maxLength=MOST_CONTACTS * CONTACT_LINE)),
        html.Button("Enregistrer la partie", id=ids.PARTY_SAVE, className="fr-btn"),
        html.P(id=ids.PARTY_MESSAGE, role="status", className="message"),
    ])
