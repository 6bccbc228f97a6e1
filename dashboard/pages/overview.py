"""Vue d'ensemble: a region's 2030 objective, split by sector or thematic group, and its map."""

from __future__ import annotations

import dash
from dash import Input, Output, State, dcc, html

from dashboard.components import deferred, frozen_version
from dashboard.components.cards import fictional_notice, key_figure
from dashboard.components.controls import region_and_grouping
from dashboard.components.import_hints import missing, no_objectives
from dashboard.components.page_summary import page_summary
from dashboard.components.table import data_table
from dashboard.features.overview import exports  # noqa: F401  (registers the page's downloads)
from dashboard.features.overview.charts import lever_treemap
from dashboard.features.overview.region_map import MAP_CLASS, region_map
from dashboard.features.overview.tables import levers_table, parts_table
from dashboard.figures.charts import GROUPINGS
from dashboard.page_states import OverviewState
from dashboard.serving.page_answers import IMPORTED_ONLY
from dashboard.store import fetch_imported, memo_imported, queries, ready_to_send
from domain import formats, versions
from domain.regions import of_region
from domain.vocabulary import PROVENANCE_LABELS

PATH = "/"
DETAILS = "overview-details"  # the map and the table of levers, sent after the page (its main chart: the treemap)
dash.register_page(__name__, path=PATH, name="Vue d'ensemble", title="Vue d'ensemble — COP territoriale", order=0,
                   kept=IMPORTED_ONLY)  # its answer built once for everyone: dashboard/serving/page_answers.py

# The page's parts, linked from its summary.
SPLIT, MAP, LEVERS = "overview-split-part", "overview-map-part", "overview-levers-part"


def layout(**query):
    opened = _opened(query)
    if not isinstance(opened, tuple):
        return opened
    state, frozen = opened
    with frozen_version.reading(frozen):
        return _page(state.region, state.view, frozen)


def _opened(query: dict) -> tuple[OverviewState, versions.Header | None] | html.Div:
    """The page's state and the frozen version it reads; or the page that says why there is nothing to show."""
    regions = fetch_imported(queries.regions)
    if regions.empty:
        return html.Div([html.H1("Vue d'ensemble"), html.P(no_objectives())])
    return frozen_version.opening("Vue d'ensemble", OverviewState.from_query(query), regions)


@deferred.part(DETAILS, page=PATH)
def _deferred_details(**query):
    opened = _opened(query)
    if not isinstance(opened, tuple):
        return None
    state, frozen = opened
    with frozen_version.reading(frozen):
        return _details(state.region, state.view, frozen)


@ready_to_send
def _page(region: str, vue: str, frozen: versions.Header | None) -> html.Div:
    """The overview of the current state, or of the frozen version ``frozen`` (the objectives it kept)."""
    regions = fetch_imported(queries.regions)
    chosen = regions[regions["code"] == region].iloc[0]
    levers = fetch_imported(queries.region_levers, region)
    return html.Div([
        dcc.Location(id="overview-url", refresh="callback-nav"),
        html.H1(["Vue d'ensemble — ", html.Span(chosen["name"], id="overview-region-name")]),
        frozen and frozen_version.banner(frozen, OverviewState(region=region, view=vue).href()),
        region_and_grouping("overview", regions, region, vue),
        fictional_notice(chosen["fictional"]),
        page_summary([(SPLIT, f"Répartition de l'objectif par {GROUPINGS[vue][1].lower()}"),
                      (MAP, "Départements et CRTE"), (LEVERS, "Objectifs par levier")]),
        _key_figures(chosen, regions, levers),
        _split(region, levers, vue, chosen["name"]),
        deferred.deferred(DETAILS, OverviewState(region=region, view=vue,
                                                 version=frozen and str(frozen.version_id))),
    ])


@ready_to_send
def _details(region: str, vue: str, frozen: versions.Header | None) -> list:
    """What comes after the treemap: the map and the table of levers."""
    chosen = fetch_imported(queries.regions).set_index("code").loc[region]
    params = {"region": region, "vue": vue, "version": frozen and frozen.version_id}
    return [
        _map(region, chosen["name"]),
        html.Section(id=LEVERS, children=[
            html.H2("Objectifs par levier"),
            data_table(levers_table(chosen["name"], fetch_imported(queries.region_levers, region)), "leviers", params,
                       hidden=["Source", "Millésime"]),
        ]),
    ]


def _key_figures(region, regions, levers) -> html.Div:
    real = regions[~regions["fictional"]]
    statuses = sorted({PROVENANCE_LABELS[s] for s in levers["status"]})
    sources = sorted({f"{s}, millésime {v}" for s, v in zip(levers["source"], levers["vintage"])})
    cards = [
        key_figure("Objectif 2030 de la région", formats.kt(region["total_kt"]), "overview-total",
              "émissions évitées en 2030 par rapport à 2019, somme des leviers"),
        key_figure("Leviers", str(len(levers)), "overview-lever-count", f"dans {levers['sector'].nunique()} secteurs"),
    ]
    if not region["fictional"] and len(real) > 1:
        share = region["total_kt"] / real["total_kt"].sum()
        cards.append(key_figure("Part de l'effort des régions chargées", formats.percent(share, 1), "overview-share",
                           f"{len(real)} régions, {formats.kt(real['total_kt'].sum(), 0)} au total (calculé)"))
    return html.Section([
        html.Div(cards, className="cards"),
        html.P(f"Source : {' ; '.join(sources)}. Statut : {', '.join(statuses)}.", className="provenance"),
    ])


def _split(region: str, levers, vue: str, region_name: str) -> html.Section:
    column, label = GROUPINGS[vue]
    totals = levers.groupby(column)["obj_co2_kt"].sum().sort_values(ascending=False)
    share = totals / totals.sum()
    summary = "; ".join(f"{name} : {formats.kt(v)} ({formats.percent(s)})"
                        for name, v, s in zip(totals.index, totals.values, share.values))
    return html.Section(id=SPLIT, children=[
        html.H2(f"Répartition de l'objectif par {label.lower()}"),
        html.Figure([
            dcc.Graph(id="overview-treemap", figure=memo_imported(_treemap_figure, region, vue),
                      config={"displayModeBar": False, "responsive": True}),
            html.Figcaption(f"{region_name}, objectifs 2030 par {label.lower()} — {summary}. "
                            "Le détail par levier figure dans le tableau ci-dessous.", className="caption"),
        ], role="group", **{"aria-label": f"Carte proportionnelle des objectifs par {label.lower()}"}),
    ])


def _treemap_figure(region: str, vue: str) -> dict:
    return lever_treemap(fetch_imported(queries.region_levers, region), vue)


def _map(region: str, region_name: str) -> html.Section:
    departements = fetch_imported(queries.region_parts, region, "departement")
    crte = fetch_imported(queries.region_parts, region, "crte")
    title = html.H2("Départements et CRTE")
    if departements["geom_simplified"].isna().all() and crte["geom_simplified"].isna().all():
        return html.Section(id=MAP, children=[title, html.P(missing(
            "Les contours de cette région ne sont pas chargés", "territoires",
            "python -m loaders territoires --communes … --epci … --crte …"))])
    caption = (f"Carte {of_region(region_name)} : {formats.counted(len(departements), 'département')} (traits "
               f"foncés) et {formats.count(len(crte))} CRTE (aplats). Survolez un CRTE pour son nom et sa population ; "
               "la liste complète suit.")
    return html.Section(id=MAP, children=[
        title,
        html.Figure([
            dcc.Graph(id="overview-map", figure=memo_imported(_map_figure, region),
                      config={"displayModeBar": False, "scrollZoom": False}, className=MAP_CLASS),
            html.Figcaption(caption, className="caption"),
        ]),
        html.Details([
            html.Summary("Liste des départements et CRTE"),
            data_table(parts_table(region_name, departements, crte), "territoires",
                       {"region": region, "version": frozen_version.current_version()}),
        ]),
    ])


def _map_figure(region: str) -> dict:
    departements = fetch_imported(queries.region_parts, region, "departement")
    return region_map(departements, fetch_imported(queries.region_parts, region, "crte"))


def register(app: dash.Dash) -> None:
    @app.callback(
        Output("overview-url", "search"),
        Input("overview-region", "value"),
        Input("overview-view", "value"),
        State("overview-url", "search"),
        prevent_initial_call=True,
    )
    def _remember_in_url(region: str, vue: str, search: str | None) -> str:
        """The address follows the controls; another region leaves the version shown (a version is one region's)."""
        shown = OverviewState.from_search(search)
        return shown.replace(region=region, view=vue, version=shown.version if region == shown.region else None
                             ).search()
