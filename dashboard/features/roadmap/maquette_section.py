"""The roadmap page's « Maquette financière »: what the territory's commitments cost and how they are financed — by
sector or theme, by source and year, by territory and source —, the share financed, the commitments without acquired
financing, and a link to the annual maquette of each year (A4, pages/roadmap_maquette.py). Each table downloads as
CSV and XLSX (features/roadmap/maquette_exports.py)."""

from __future__ import annotations

import pandas as pd
from dash import html

from dashboard.components import frozen_version
from dashboard.components.cards import key_figure
from dashboard.components.table import data_table
from dashboard.features.roadmap import maquette
from dashboard.features.roadmap import maquette_tables as tables
from dashboard.features.roadmap.data import CHANGED_BY, RoadmapView, territory_label
from dashboard.features.roadmap.ids import MAQUETTE
from dashboard.features.roadmap.summary import params_of
from dashboard.page_states import MaquetteState
from dashboard.store import memo_as_sent
from dashboard.tables import Table
from domain import formats
from domain.vocabulary import ACQUIRED

PAGE_ROWS = 25  # a long table shows its first rows on the page; its download holds every row


def section(view: RoadmapView) -> dict:
    """The section of ``view``'s territory, built once per version of what the roadmap shows (and frozen version):
    its tables of 2 000 commitments take a second to build, the page's other parts a few milliseconds from the
    cache. It shows every sector's commitments of the territory, which ``view`` holds whatever its sector."""
    return memo_as_sent(_section, view.region, view.level, view.code, of=view, changed_by=CHANGED_BY)


def _section(view: RoadmapView) -> html.Section:
    name = territory_label(view.level, view.territory_name)
    found = maquette.lines(view.commitments)  # read once by every table below
    sectors = maquette.by_sector(view.commitments, found)
    total = sectors[sectors["sector"] == maquette.TOTAL].iloc[0]
    return html.Section(id=MAQUETTE, children=[
        html.H2("Maquette financière"),
        html.P(f"Le coût des engagements et leurs lignes de financement : source, montant, année et statut. Sont "
               f"acquises les lignes « {', '.join(ACQUIRED)} ».", className="hint"),
        html.Div(className="cards", children=[
            key_figure("Coût total", f"{formats.number(total['cost'], 0)} €", "roadmap-maquette-cost",
                       "des engagements dont le coût est connu"),
            key_figure("Financement", f"{formats.number(total['funding'], 0)} €", "roadmap-maquette-funding",
                       f"dont {formats.number(total['acquired'], 0)} € acquis"),
            key_figure("Part financée", formats.share(total["financed_share"]), "roadmap-maquette-share",
                       "financement acquis rapporté au coût"),
            key_figure("Sans financement acquis", formats.count(int(total["unfunded"])), "roadmap-maquette-unfunded",
                       formats.noun(int(total["unfunded"]), "engagement")),
        ]),
        html.H3("Par secteur ou thème"),
        data_table(tables.sector_table(name, sectors), "financements", params_of(view)),
        html.H3("Par source et par année"),
        *_shown("financements-sources-annees", name, view, found, total=True),
        html.H3("Par territoire et par source"),
        *_shown("financements-territoires", name, view, found, total=True),
        html.H3("Engagements sans financement acquis"),
        *_shown("financements-manquants", name, view, found,
                empty="Chaque engagement, proposé ou compté, a au moins une ligne de financement acquise."),
        html.H3("Maquette annuelle"),
        _annual_links(view, found),
    ])


def _shown(export: str, name: str, view: RoadmapView, found: pd.DataFrame, total: bool = False,
           empty: str | None = None) -> list:
    """The table ``export`` (``tables.VIEW_TABLES``) with its first ``PAGE_ROWS`` rows (and its « Total », the last
    row, when ``total``), said so when it has more: the page stays light with 2 000 commitments, the download holds
    every row. ``found``: the view's financing lines; ``empty``: the sentence that stands for the table without rows."""
    table, params = tables.VIEW_TABLES[export](name, view, found), params_of(view)
    frame = table.frame
    if empty is not None and frame.empty:
        return [html.P(empty, className="hint")]
    rows = len(frame) - (1 if total else 0)
    if rows <= PAGE_ROWS:
        return [data_table(table, export, params, as_text=True)]
    kept = pd.concat([frame.iloc[:PAGE_ROWS], frame.iloc[-1:]]) if total else frame.iloc[:PAGE_ROWS]
    return [html.P(f"Les {PAGE_ROWS} premières lignes sur {formats.count(rows)} ; le téléchargement les donne toutes.",
                   className="hint"),
            data_table(Table(table.title, kept, table.kinds, table.notes), export, params, as_text=True)]


def _annual_links(view: RoadmapView, found: pd.DataFrame) -> html.Div:
    years = maquette.years(view.commitments, found)
    if not years:
        return html.P("Aucune ligne de financement datée pour l'instant : la maquette annuelle se remplit avec les "
                      "années des lignes.", className="hint")
    version = frozen_version.current_version()
    return html.Div(className="downloads", id="roadmap-maquette-years", children=[
        html.A(f"Maquette {year} (A4)", className="fr-btn fr-btn--secondary", target="_blank",
               href=MaquetteState(region=view.region, territory=f"{view.level}:{view.code}", year=year,
                                  version=version).href())
        for year in years])
