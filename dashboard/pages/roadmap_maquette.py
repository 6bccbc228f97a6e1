"""Printable document « Maquette financière <année> »: a territory's (a CRTE's, most often) financing lines of one
year, commitment by commitment, and their totals by source — the « maquette financière annuelle » the CRTE guide
annexes to the contract. Printed on A4 like the roadmap's document (assets/style.css, assets/print.js); its table
downloads as CSV and XLSX (export « maquette-annuelle »). ``?version=N`` prints a frozen version's own lines."""

from __future__ import annotations

import dash
from dash import html

from dashboard.components import frozen_version
from dashboard.components.print_button import print_button
from dashboard.components.table import data_table
from dashboard.features.roadmap import data as roadmap_data
from dashboard.features.roadmap import maquette
from dashboard.features.roadmap import maquette_tables as tables
from dashboard.features.roadmap.summary import params_of
from dashboard.page_states import MaquetteState
from dashboard.store import fetch, queries
from domain import clock, formats, versions

TITLE = "Maquette financière annuelle"

dash.register_page(__name__, path=MaquetteState.PATH, name="Feuille de route — maquette financière",
                   title=f"{TITLE} — COP territoriale", order=41, nav=False)


def layout(**query):
    return frozen_version.page(TITLE, MaquetteState.from_query(query), fetch(queries.regions), _document)


def _document(state: MaquetteState, frozen: versions.Header | None) -> html.Article:
    region = state.region
    level, _, code = (state.territory or f"region:{region}").partition(":")
    names = roadmap_data.territories(region)
    if not ((names["level"] == level) & (names["code"] == code)).any():
        level, code = "region", region
    view = roadmap_data.build(region, level, code)
    years = maquette.years(view.commitments)
    year = state.year if state.year in years else (years[0] if years else None)
    name = roadmap_data.territory_label(view.level, view.territory_name)
    dated = (f"version figée le {formats.day(frozen.frozen_at)}" if frozen
             else f"document du {formats.day(clock.now())}")
    header = html.Header(className="document-header", children=[
        html.P("Préfecture de région — COP territoriale", className="document-kicker"),
        html.H1(f"Maquette financière {year or ''}".strip()),
        frozen and frozen_version.banner(frozen, MaquetteState(region=region, territory=f"{level}:{code}",
                                                               year=year).href()),
        html.P(f"{name} — {dated}. Lignes de financement des engagements de la feuille de route, telles que "
               "saisies dans cet outil.", className="document-subtitle"),
        _other_years(region, level, code, years, year, frozen),
        print_button("Imprimer la maquette (A4)"),
    ])
    if year is None:
        return html.Article(className="roadmap-document maquette-document", children=[
            header, html.P("Aucune ligne de financement datée pour ce territoire.")])
    lines = maquette.annual(view.commitments, year)
    by_source = lines.groupby("source", sort=True)["amount"].sum()
    params = {**params_of(view), "annee": year}
    return html.Article(className="roadmap-document maquette-document", children=[
        header,
        html.P(f"{formats.counted(lines['commitment_id'].nunique(), 'engagement')}, "
               f"{formats.counted(len(lines), 'ligne')}, {formats.number(lines['amount'].sum(), 0)} € au total, dont "
               + ", ".join(f"{source} : {formats.number(amount, 0)} €" for source, amount in by_source.items())
               + ".", id="maquette-total"),
        data_table(tables.annual_table(name, year, lines), "maquette-annuelle", params),
    ])


def _other_years(region: str, level: str, code: str, years: list[int], year: int | None,
                 frozen: versions.Header | None) -> html.Nav | None:
    others = [other for other in years if other != year]
    if not others:
        return None
    return html.Nav(className="no-print maquette-years", **{"aria-label": "Autres années"}, children=[
        "Autres années : ", *(html.A(str(other), href=MaquetteState(
            region=region, territory=f"{level}:{code}", year=other,
            version=frozen and str(frozen.version_id)).href(), className="fr-link fr-mr-2w") for other in others)])
