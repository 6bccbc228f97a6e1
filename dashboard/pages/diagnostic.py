"""Diagnostic partagé: an indicator mapped over the territories of a region, ranked, followed over the
years against the region and France, two territories side by side, and the table."""

from __future__ import annotations

from dataclasses import replace

import dash
import pandas as pd
from dash import Input, Output, ctx, dcc, html

from dashboard import sent
from dashboard.components.after_main_chart import after_main_chart
from dashboard.components.cards import key_figure
from dashboard.components.controls import dropdown, region_control, region_preamble
from dashboard.components.import_hints import missing
from dashboard.components.page_summary import page_summary
from dashboard.components.table import data_table
from dashboard.exports import UnknownExport
from dashboard.features.diagnostic import indicators as queries
from dashboard.features.diagnostic.charts import RANKING_SHOWN, comparable_axes, ranking_bars, series_lines
from dashboard.features.diagnostic.class_map import class_map, marker_points
from dashboard.features.diagnostic.selection import (
    Ranking,
    Selection,
    card_value,
    comparison_series,
    completeness,
    france,
    france_heading,
    provenance,
    ranking,
    select,
    series_table,
    value_text,
    values_table,
)
from dashboard.figures.charts import plain
from dashboard.figures.colour_scales import quantile_scale
from dashboard.figures.maps import MAP_CLASS
from dashboard.page_states import DiagnosticState
from dashboard.serving.page_answers import IMPORTED_ONLY
from dashboard.store import fetch_imported, memo_imported
from dashboard.store.queries import outside_communes, region_parts
from dashboard.tables import Table
from domain import formats
from domain.vocabulary import LEVELS, outside_name

dash.register_page(__name__, path="/diagnostic", name="Diagnostic", title="Diagnostic — COP territoriale", order=2,
                   kept=IMPORTED_ONLY)  # its answer built once for everyone: dashboard/serving/page_answers.py

GRAPH_CONFIG = {"displayModeBar": False, "responsive": True}
TABLE_ROWS = 100
# The page's parts, linked from its summary.
MAP, RANKING, EVOLUTION = "diagnostic-map-part", "diagnostic-ranking-part", "diagnostic-evolution-part"
COMPARISON, VALUES = "diagnostic-comparison-part", "diagnostic-values-part"
MAIN_CHART = "diagnostic-map"  # drawn first, the rest of the page once it is on the screen


def layout(**query):
    regions = fetch_imported(queries.regions)
    state, chooser = region_preamble("Diagnostic partagé", DiagnosticState.from_query(query), regions)
    if chooser and not regions.empty:  # no region at all: no indicator value either, said below
        return chooser
    selection = select(state.query())
    if selection is None:
        return html.Div([html.H1("Diagnostic partagé"), html.P(missing(
            "Aucune valeur d'indicateur n'est chargée", "indicateurs", "python -m loaders indicateurs CHEMIN"))])
    ranked = ranking(selection)
    return html.Div([
        dcc.Location(id="diagnostic-url", refresh="callback-nav"),
        html.H1(["Diagnostic partagé — ", html.Span(selection.region_name, id="diagnostic-region-name")]),
        _controls(selection, ranked.frame),
        _definition(selection.indicator, ranked),
        _key_figures(selection, ranked.frame),
        page_summary([(MAP, "Carte"), (RANKING, "Classement"), (EVOLUTION, "Évolution"),
                      (COMPARISON, "Comparer deux territoires"), (VALUES, "Tableau des valeurs")]),
        html.Div(className="diagnostic-columns", children=[
            _map(selection, ranked),
            after_main_chart("diagnostic-ranking", _ranking(selection, ranked), main=MAIN_CHART),
        ]),
        after_main_chart("diagnostic-details", [
            _evolution(selection, ranked),
            _comparison(selection, ranked.frame),
            html.Section(id=VALUES, children=[
                html.H2("Tableau des valeurs"),
                data_table(shown_rows(values_table(selection)), "diagnostic", selection.params(), hidden=["Code"],
                           as_text=True),
            ]),
        ], main=MAIN_CHART),
    ])


def shown_rows(table: Table) -> Table:
    """The first ``TABLE_ROWS`` rows on the page (a region has up to 2 700 communes); all in the downloads."""
    if len(table.frame) <= TABLE_ROWS:
        return table
    note = (f"Les {TABLE_ROWS} premiers des {formats.number(len(table.frame), 0)} territoires sont affichés ; "
            "les téléchargements les donnent tous.")
    return replace(table, frame=table.frame.head(TABLE_ROWS), notes=[note, *table.notes])


def _control(label: str, component_id: str, component) -> html.Div:
    return html.Div([html.Label(label, htmlFor=component_id), component], className="control")


def _controls(selection: Selection, ranked: pd.DataFrame) -> html.Div:
    indicators = [{"label": name, "value": subject}
                  for subject, name in zip(selection.indicators["subject_id"], selection.indicators["name"])]
    territories = [{"label": name, "value": code} for code, name in
                   sorted(zip(ranked["code"], ranked["name"]), key=lambda pair: pair[1])]
    no_comparison = [{"label": "(aucune comparaison)", "value": ""}]
    return html.Div([
        html.Div(className="controls", children=[
            region_control("diagnostic-region", selection.regions, selection.region),
            _control("Thème", "diagnostic-theme", dropdown("diagnostic-theme", selection.themes, selection.theme)),
            _control("Indicateur", "diagnostic-indicator",
                     dropdown("diagnostic-indicator", indicators, selection.indicator["subject_id"])),
        ]),
        html.Div(className="controls", children=[
            _control("Échelle", "diagnostic-level", dcc.RadioItems(
                id="diagnostic-level", value=selection.level, inline=True, className="fr-radio",
                options=[{"label": queries.scale_heading(level), "value": level} for level in queries.SCALES])),
            _control("Année", "diagnostic-year", dropdown(
                "diagnostic-year", [{"label": str(y), "value": y} for y in selection.years], selection.year)),
        ]),
        html.Div(className="controls", children=[
            _control("Territoire", "diagnostic-territory",
                     dropdown("diagnostic-territory", territories, selection.territory)),
            _control("Comparer avec", "diagnostic-compare",
                     dropdown("diagnostic-compare", no_comparison + territories, selection.compare or "")),
        ]),
    ])


def _definition(indicator: dict, ranked: Ranking) -> html.Details:
    items = [
        ("Unité", indicator["unit"]),
        ("Comparaison", ranked.sentence()),
        ("Thème", indicator["theme"]),
        ("Sens", queries.DIRECTION_LABELS[indicator["direction"]]),
        ("Agrégation", queries.rule_text(indicator) + " des communes (ou des départements pour une région)"),
        ("Source", indicator["source"]),
        ("Périodicité", indicator["periodicity"] or "non précisée"),
        ("Description", indicator["description"] or ""),
    ]
    return html.Details(id="diagnostic-definition", children=[
        html.Summary(f"Définition de l'indicateur : {indicator['name']}"),
        html.Dl([part for term, text in items for part in (html.Dt(term), html.Dd(text))], className="statuses"),
    ])


def _key_figures(selection: Selection, ranked: pd.DataFrame) -> html.Section:
    unit, year = selection.indicator["unit"], selection.year
    cards = []
    if selection.territory:
        row = ranked[ranked["code"] == selection.territory].iloc[0].to_dict()
        cards.append(key_figure(row["name"], card_value(row["value"], unit), "diagnostic-value",
                                [f"{year}", completeness(row), provenance(selection, row)],
                                title_id="diagnostic-territory-name"))
    region = fetch_imported(queries.level_values, *selection.key, "region", selection.region, year) if year else None
    if region is not None:
        row = region[region["code"] == selection.region].iloc[0].to_dict()
        cards.append(key_figure(selection.region_name, card_value(row["value"], unit), "diagnostic-card-region",
                                [f"{year}", completeness(row), provenance(selection, row)]))
    national = france(selection)
    row = national[national["year"] == year]
    row = row.iloc[0].to_dict() if not row.empty else {"value": None}
    detail = [f"{year}" if year else "aucune année à cette échelle",
              "somme" if selection.indicator["aggregation"] == "somme" else "moyenne pondérée"]
    if row["value"] is not None:
        detail[1] += f" des régions : {int(row['members_with_value'])} sur {int(row['members_total'])}"
    cards.append(key_figure(france_heading(national, year), card_value(row["value"], unit), "diagnostic-card-france",
                            detail))
    return html.Section([html.Div(cards, className="cards")])


def _map(selection: Selection, ranked: Ranking) -> html.Section:
    comparison = ranked.comparison
    outlines = fetch_imported(queries.level_outlines, selection.level, selection.region)
    shapes = ranked.frame.merge(outlines, on="code")
    title = html.H2(f"Carte — {queries.scale_heading(selection.level)}"
                    + (f", {selection.year}" if selection.year else ""))
    unavailable = _unavailable(selection, outlines)
    if unavailable or shapes["geom_simplified"].isna().all():
        return html.Section(id=MAP, className="diagnostic-map", children=[
            title,
            html.P(unavailable or "Aucun territoire de ce niveau n'a à la fois une valeur et un contour.",
                   className="fr-notice fr-notice--info", id="diagnostic-map-unavailable"),
            dcc.Graph(id=MAIN_CHART, style={"display": "none"}),
        ])
    shapes["hover"] = [_hover(row, selection.indicator["unit"], comparison) for row in shapes.itertuples()]
    overlay = region_parts_outlines(selection) if selection.level in ("crte", "epci", "commune") else None
    markers = memo_imported(marker_points, selection.level, selection.region)
    scale = quantile_scale(shapes["compared"])
    note = None if scale else _equal_text(ranked)
    outside = _outside(selection)
    figure = class_map(shapes.assign(value=shapes["compared"]), comparison.unit, markers, scale, overlay,
                       selected=highlighted(selection), note=note,
                       apart=(outside_name(selection.level), list(outside["geom_simplified"].dropna())))
    return html.Section(id=MAP, className="diagnostic-map", children=[
        title,
        html.Figure([
            dcc.Graph(id=MAIN_CHART, figure=figure, config={**GRAPH_CONFIG, "scrollZoom": False}, className=MAP_CLASS),
            html.Figcaption(_map_caption(selection, ranked, scale, len(outside)), className="caption"),
        ]),
    ])


def _outside(selection: Selection) -> pd.DataFrame:
    """The region's communes in no territory of the level (no CRTE, no EPCI), drawn apart."""
    if selection.level not in ("crte", "epci"):
        return pd.DataFrame(columns=["code", "name", "geom_simplified"])
    return fetch_imported(outside_communes, selection.region, selection.level)


def highlighted(selection: Selection) -> tuple[str, ...]:
    """The territories outlined on the map and red in the ranking: the chosen ones, or the region itself when the
    map shows every region."""
    chosen = selection.territory or (selection.region if selection.level == "region" else None)
    return tuple(code for code in (chosen, selection.compare) if code)


def _hover(row, unit: str, comparison) -> str:
    text = f"{plain(row.name)}<br>{plain(value_text(row.value, unit))}"
    if not comparison.as_is:
        text += f"<br>{plain(value_text(row.compared, comparison.unit))}"
    return text + (f"<br>rang {int(row.rank)}" if pd.notna(row.rank) else "<br>non classé")


def _equal_text(ranked: Ranking, start: str = "Toutes") -> str:
    value = ranked.frame["compared"].dropna().iloc[0]
    return f"{start} les valeurs sont égales : {value_text(value, ranked.comparison.unit)}"


def _unavailable(selection: Selection, outlines: pd.DataFrame) -> str | None:
    """Why the level cannot be mapped, and what to load; None when it can."""
    singular, plural = LEVELS[selection.level].singular, LEVELS[selection.level].plural
    name = selection.indicator["name"]
    if selection.year is None:
        finer = "" if selection.level == "commune" else (
            f" ou par commune : les valeurs communales sont agrégées aux {plural}")
        return (f"Aucune valeur de « {name} » au niveau des {plural} de la région {selection.region_name}. Chargez des "
                f"valeurs par {singular}{finer} (page « Données et méthode », ou python -m loaders indicateurs "
                "FICHIER). Les autres échelles restent disponibles.")
    if outlines.empty or outlines["geom_simplified"].isna().all():
        return (f"Les contours des {plural} ne sont pas chargés : chargez les territoires (page « Données et "
                "méthode », ou python -m loaders territoires). Le classement et le tableau donnent les valeurs.")
    return None


def region_parts_outlines(selection: Selection) -> pd.DataFrame:
    return fetch_imported(region_parts, selection.region, "departement")


def _map_caption(selection: Selection, ranked: Ranking, scale, outside: int) -> str:
    comparison, frame = ranked.comparison, ranked.frame
    known = frame[frame["compared"].notna()]
    plural = LEVELS[selection.level].plural
    text = f"{selection.indicator['name']} en {selection.year} : {formats.count(len(frame))} {plural}"
    if scale is None and not known.empty:
        text += f" ; {_equal_text(ranked, 'toutes')}"
    elif not known.empty:
        low, high = known.loc[known["compared"].idxmin()], known.loc[known["compared"].idxmax()]
        text += (f", de {formats.measure(low['compared'])} ({low['name']}) à {formats.measure(high['compared'])} "
                 f"({high['name']}) {comparison.unit} ; couleurs : {scale.describe()}")
    if not comparison.as_is:
        text += f" ; {ranked.sentence()}"
    missing = len(frame) - len(known)
    if missing:
        text += f" ; {formats.count(missing)} sans valeur (hachurés)"
    if outside:
        text += (f" ; en pointillés, {formats.count(outside)} commune{'s' if outside > 1 else ''} hors "
                 f"{LEVELS[selection.level].singular}")
    chosen = frame[frame["code"].isin(highlighted(selection))]
    if len(chosen):
        text += f" ; entouré de rouge : {', '.join(chosen['name'])}"
    return text + ". Cliquez sur un territoire pour le choisir ; toutes les valeurs figurent dans le tableau."


def _ranking(selection: Selection, ranked: Ranking) -> html.Section:
    comparison, frame = ranked.comparison, ranked.frame
    known = frame[frame["compared"].notna()]
    best = "la plus haute" if selection.indicator["direction"] != "baisse" else "la plus basse"
    note = f"{ranked.sentence()}. En tête : la valeur {best}."
    if len(known) > 2 * RANKING_SHOWN:
        note += (f" Les {RANKING_SHOWN} premiers et les {RANKING_SHOWN} derniers sur {formats.count(len(known))}, et "
                 "le territoire "
                 "choisi ; le tableau les donne tous.")
    if known.empty:
        return html.Section(id=RANKING, className="diagnostic-ranking", children=[
            html.H2("Classement"), html.P("Aucun territoire à classer : aucune valeur à cette échelle.")])
    chosen = known[known["code"].isin(highlighted(selection))]
    listed = pd.concat([known.head(5), chosen]).drop_duplicates("code")
    return html.Section(id=RANKING, className="diagnostic-ranking", children=[
        html.H2(f"Classement — {comparison.heading()}", id="diagnostic-ranking-heading"),
        html.Figure([
            dcc.Graph(id="diagnostic-ranking", figure=ranking_bars(frame, comparison.unit, highlighted(selection)),
                      config=GRAPH_CONFIG),
            html.Figcaption(f"{note} " + "; ".join(
                f"{int(r)}. {n} : {formats.measure(v)}" for r, n, v in
                zip(listed["rank"], listed["name"], listed["compared"])) + f"… ({comparison.unit}).",
                className="caption", id="diagnostic-ranking-caption"),
        ]),
    ])


def _evolution(selection: Selection, ranked: Ranking) -> html.Section:
    unit = selection.indicator["unit"]
    series = comparison_series(selection)
    lines = [(s.label, s.frame) for s in series]
    axes = comparable_axes(lines, ranked.comparison.as_is)
    summary = "; ".join(f"{s.label} : " + ", ".join(f"{int(y)} {value_text(v, unit)}"
                                                   for y, v in zip(s.frame["year"], s.frame["value"]))
                        for s in series if not s.frame.empty)
    return html.Section(id=EVOLUTION, children=[
        html.H2(f"Évolution — {series[-1].label}", id="diagnostic-evolution-heading"),
        html.Figure([
            dcc.Graph(id="diagnostic-series", figure=series_lines(lines, unit, axes), config=GRAPH_CONFIG),
            html.Figcaption(f"{axes.sentence(unit)}. {selection.indicator['name']} ({unit}) — "
                            f"{summary or 'aucune valeur'}. France : calculée à partir des régions chargées.",
                            className="caption", id="diagnostic-series-caption"),
        ]),
        html.Details([
            html.Summary("Valeurs de l'évolution"),
            data_table(series_table(selection), "diagnostic-serie", selection.params()),
        ]),
    ])


def _comparison(selection: Selection, ranked: pd.DataFrame) -> html.Section:
    title = html.H2("Comparer deux territoires")
    if not (selection.territory and selection.compare):
        return html.Section(id=COMPARISON, children=[title, html.P(
            "Choisissez un territoire et un second territoire (« Comparer avec ») pour les voir côte à côte.",
            className="caption")])
    unit = selection.indicator["unit"]
    known = ranked["compared"].notna().sum()
    cards = []
    for code, suffix in ((selection.territory, "a"), (selection.compare, "b")):
        row = ranked[ranked["code"] == code].iloc[0].to_dict()
        rank = f"{int(row['rank'])}e sur {known}" if pd.notna(row["rank"]) else "non classé (aucune valeur)"
        cards.append(key_figure(row["name"], card_value(row["value"], unit), f"diagnostic-compare-{suffix}",
                                [f"{selection.year} — rang : {rank}", completeness(row), provenance(selection, row),
                                 _change(selection, code)]))
    return html.Section(id=COMPARISON, children=[title, html.Div(cards, className="cards")])


def _change(selection: Selection, code: str) -> str:
    frame = fetch_imported(queries.series, *selection.key, selection.level, code).dropna(subset=["value"])
    frame = frame[frame["year"] <= (selection.year or 0)]
    if len(frame) < 2 or frame["value"].iloc[0] == 0:
        return ""
    first, last = frame.iloc[0], frame.iloc[-1]
    change = last["value"] / first["value"] - 1
    sign = "+" if change > 0 else ""
    return f"{sign}{formats.percent(change, 1)} depuis {int(first['year'])}"


def register(app: dash.Dash) -> None:
    @app.callback(
        Output("diagnostic-url", "search"),
        Input("diagnostic-region", "value"),
        Input("diagnostic-theme", "value"),
        Input("diagnostic-indicator", "value"),
        Input("diagnostic-level", "value"),
        Input("diagnostic-year", "value"),
        Input("diagnostic-territory", "value"),
        Input("diagnostic-compare", "value"),
        Input("diagnostic-map", "clickData"),
        prevent_initial_call=True,
    )
    def _remember_in_url(region, theme, indicator, level, year, territory, compare, click) -> str:
        state = DiagnosticState(region=region, theme=theme, indicator=indicator, level=level, year=year,
                                territory=territory, compared=compare)
        resets = {"diagnostic-region": ["territory", "compared"], "diagnostic-theme": ["indicator", "year"],
                  "diagnostic-indicator": ["year"], "diagnostic-level": ["territory", "compared", "year"]}
        state = state.replace(**dict.fromkeys(resets.get(ctx.triggered_id, [])))
        if ctx.triggered_id == "diagnostic-map":
            state = state.replace(territory=_clicked(state, click))
        return state.search()


def _clicked(state: DiagnosticState, click) -> str:
    """The territory clicked on the map (``sent.clicked``): one of those the map shows, else not answered."""
    code = sent.clicked(click)
    try:
        shown = select(DiagnosticState.from_query(state.query()).replace(territory=code).query())
    except UnknownExport:  # a region the app does not hold
        shown = None
    if shown is None or shown.territory != code:
        sent.unanswered()
    return code
