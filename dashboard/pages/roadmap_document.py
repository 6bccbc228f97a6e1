"""Printable document « Feuille de route régionale 2030 — projet »: the tables and charts, for the COP session.

The browser prints it on A4 (print rules of assets/style.css, assets/print.js): the site's header, navigation and
buttons are hidden. ``?version=N`` prints a frozen version's own figures (features/roadmap/frozen_version.py).
"""

from __future__ import annotations

import dash
from dash import html

from dashboard.components import frozen_version
from dashboard.components.print_button import print_button
from dashboard.components.table import labelled_cell, table_region
from dashboard.features.roadmap import data as roadmap_data
from dashboard.features.roadmap import summary
from dashboard.features.roadmap.coverage import share
from dashboard.page_states import RoadmapDocumentState
from dashboard.store import fetch, queries
from domain import clock, formats, territory_shares, versions
from domain.commitment_objectives import written
from domain.commitments import LABELS, LEVELS

dash.register_page(__name__, path="/feuille-de-route/document", name="Feuille de route — document",
                   title="Feuille de route régionale 2030 — projet", order=40, nav=False)


def layout(**query):
    return frozen_version.page("Feuille de route régionale 2030 — projet", RoadmapDocumentState.from_query(query),
                               fetch(queries.regions),
                               lambda state, frozen: _document(state.region, state.territory, frozen))


def _document(region: str, territoire: str | None, frozen: versions.Header | None) -> html.Article:
    level, _, code = (territoire or f"region:{region}").partition(":")
    names = roadmap_data.territories(region)
    if not ((names["level"] == level) & (names["code"] == code)).any():
        level, code = "region", region
    view = roadmap_data.build(region, level, code)
    dated = (f"version figée le {formats.day(frozen.frozen_at)}" if frozen
             else f"document du {formats.day(clock.now())}")
    return html.Article(className="roadmap-document", children=[
        html.Header(className="document-header", children=[
            html.P("Préfecture de région — COP territoriale", className="document-kicker"),
            html.H1("Feuille de route régionale 2030 — projet"),
            frozen and frozen_version.banner(frozen, RoadmapDocumentState(region=region,
                                                                          territory=f"{level}:{code}").href()),
            html.P(f"{roadmap_data.territory_label(view.level, view.territory_name)} — {dated}. Projet de "
                   "travail : objectifs SGPE indicatifs (données de travail qui n'engagent pas l'État), engagements "
                   "déclarés par les territoires.", className="document-subtitle"),
            print_button("Imprimer le document (A4)"),
        ]),
        summary.key_figures(view),
        summary.sectors(view),
        summary.objectives(view),
        summary.trajectory(view, graph_id="roadmap-document-trajectory"),
        summary.late(view),
        summary.coverage(view, "crte" if level != "departement" else "departement", graph_id="roadmap-document-map"),
        *_sector_lists(view),
    ])


def _sector_lists(view: roadmap_data.RoadmapView) -> list:
    sections = [html.H2("Engagements par secteur", className="page-break")]
    columns = ("N°", "Territoire", "Porteur", "Intitulé", "ktCO₂e", LABELS["objectives"], "Années", "Statut")
    for position, sector in enumerate(view.sectors):
        rows = view.commitments[(view.commitments["sector"] == sector) & (view.commitments["status"] != "abandonné")]
        if rows.empty:
            continue
        body = [html.Tr([labelled_cell(value, column, "num" if column == "ktCO₂e" else None)
                         for column, value in zip(columns, (
                             str(r.commitment_id),
                             territory_shares.written(r.territories)
                             or f"{r.territory_name} ({LEVELS.get(r.territory_level, '')})",
                             r.carrier, r.title,
                             formats.kt(r.quantity_kt) if isinstance(r.lever_id, str) else "sans levier",
                             written(r.objectives) or "—", f"{r.start_year}–{r.end_year}", r.status))])
                for r in rows.itertuples()]
        counted = rows["status"] != "proposé"
        total = (rows["quantity_kt"] * share(rows))[counted].sum()  # a shared commitment for the territory's share
        sections.append(html.Section(className="sector-block", children=[
            html.H3(f"{sector} — {formats.counted(len(rows), 'engagement')}, {formats.kt(total)} comptées"),
            table_region(f"Engagements — {sector}", f"roadmap-document-sector-{position}",
                         [html.Th(c, scope="col") for c in columns], body),
        ]))
    if len(sections) == 1:
        sections.append(html.P("Aucun engagement pour l'instant."))
    return sections

