"""Registre des parties: the organisations of a region's COP (collectivités, associations de maires, chambres
consulaires, entreprises, associations, services de l'État, opérateurs) that its meetings invite, and their contacts
for the readers who may read them (dashboard/access/reading.py). Filled by importing a file (page « Données et
méthode », kind « Registre des parties »)."""

from __future__ import annotations

import dash
from dash import dcc, html

from dashboard.access import gate
from dashboard.components.controls import region_preamble
from dashboard.components.read_only import read_only_note
from dashboard.features.process import ids, register_form
from dashboard.features.process import tables as process_tables
from dashboard.page_states import ProcessState, RegisterState
from dashboard.store import fetch, fetch_imported, queries
from domain import meetings, parties
from domain.permissions import Write

TITLE = "Registre des parties"

dash.register_page(__name__, path=RegisterState.PATH, name=TITLE, title=f"{TITLE} — COP territoriale", nav=False)


def layout(**query):
    regions = fetch_imported(queries.regions)
    state, chooser = region_preamble(TITLE, RegisterState.from_query(query), regions)
    if chooser is not None:
        return chooser
    region = state.region
    name = regions.loc[regions["code"] == region, "name"].iloc[0]
    found = fetch(parties.region_parties, region)
    table = process_tables.register_table(name, found, fetch(parties.region_contacts, region))
    editing = gate.may(Write.REGISTER)
    return html.Div([
        dcc.Store(id=ids.PAGE, data=state.stored()),
        html.P(dcc.Link("← Déroulement de la COP", href=ProcessState(region=region).href())),
        html.H1(f"{TITLE} — {name}"),
        html.P("Les organisations associées à la COP, que ses réunions invitent. L'équipe régionale tient le "
               "registre ici, ou l'importe depuis un fichier (page « Données et méthode », « Registre des "
               "parties ») ; ses contacts (nom, fonction, courriel) ne sont visibles que des comptes qui les "
               "lisent.", className="lead"),
        html.Div(register_form.register_block(table, region), id=ids.REGISTER_TABLE),
        register_form.register_form(found, fetch(meetings.context, region)) if editing else
        html.P(read_only_note(state.href(), Write.REGISTER)),
    ])
