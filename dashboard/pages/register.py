"""Registre des parties: the organisations of a region's COP (collectivités, associations de maires, chambres
consulaires, entreprises, associations, services de l'État, opérateurs) that its meetings invite, and their contacts
for the readers who may read them (dashboard/access/reading.py). Filled by importing a file (page « Données et
méthode », kind « Registre des parties »)."""

from __future__ import annotations

import dash
from dash import dcc, html

from dashboard.components.controls import region_chooser
from dashboard.components.table import data_table
from dashboard.features.process import tables as process_tables
from dashboard.features.process.params import REGISTER_PATH, ProcessPage
from dashboard.state import resolve_region
from dashboard.store import fetch, queries
from domain import parties

TITLE = "Registre des parties"

dash.register_page(__name__, path=REGISTER_PATH, name=TITLE, title=f"{TITLE} — COP territoriale", nav=False)


def layout(region: str | None = None, **_):
    regions = fetch(queries.regions)
    requested, region = region, resolve_region(region, regions["code"])
    if region is None:
        return region_chooser(TITLE, REGISTER_PATH, regions, requested, {})
    name = regions.loc[regions["code"] == region, "name"].iloc[0]
    found = fetch(parties.region_parties, region)
    table = process_tables.register_table(name, found, fetch(parties.region_contacts, region))
    return html.Div([
        html.P(dcc.Link("← Déroulement de la COP", href=ProcessPage(region).href())),
        html.H1(f"{TITLE} — {name}"),
        html.P("Les organisations associées à la COP, que ses réunions invitent. Le registre s'importe depuis un "
               "fichier (page « Données et méthode », « Registre des parties ») ; ses contacts (nom, fonction, "
               "courriel) ne sont visibles que des comptes qui les lisent.", className="lead"),
        data_table(table, "registre", {"region": region}) if not found.empty else
        html.P("Aucune partie enregistrée pour cette région.", id="process-register-empty"),
    ])
