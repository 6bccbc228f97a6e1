"""Déclinaison territoriale: the regional objectives split across départements, CRTE and EPCI, on a map."""

from __future__ import annotations

import dash
import pandas as pd
from dash import ALL as EVERY
from dash import Input, Output, State, ctx, dcc, html, no_update
from dash.exceptions import PreventUpdate

from dashboard import sent
from dashboard.access import gate
from dashboard.components import frozen_version
from dashboard.components.cards import fictional_notice
from dashboard.components.controls import dropdown, region_control
from dashboard.components.import_hints import missing
from dashboard.components.page_summary import page_summary
from dashboard.components.table import data_table
from dashboard.exports import UnknownExport
from dashboard.features.split import method_editor, split_map, table_pages
from dashboard.features.split.method_history import method_history
from dashboard.features.split.tables import (
    ALL,
    SORTS,
    UNITS,
    key_label_map,
    key_labels,
    scope_label,
    scope_levers,
    scope_options,
    sort_totals,
    split_params,
    split_table,
    territory_totals,
)
from dashboard.figures.maps import MAP_CLASS
from dashboard.page_states import SplitSheetState, SplitState
from dashboard.serving.page_answers import Kept
from dashboard.store import fetch_changed_by, fetch_imported, memo_as_sent, queries
from dashboard.store.data_versions import ACCOUNTS, COMMITMENTS, METHODS, OBJECTIVES, PROCESS, SCENARIOS
from domain import formats
from domain.permissions import Write
from domain.split import (
    SPLIT_LEVELS,
    region_objectives,
    region_split,
    regions_with_communes,
)
from domain.split_methods import methods, save_method
from domain.vocabulary import LEVELS

KEPT = Kept(unchanged_by=COMMITMENTS | PROCESS | ACCOUNTS | SCENARIOS | OBJECTIVES | frozenset({Write.PRESENTATION}))
# it shows the methods; per role; its callbacks' answers kept as it is
dash.register_page(__name__, path="/declinaison", name="Déclinaison territoriale",
                   title="Déclinaison territoriale — COP territoriale", order=3, kept=KEPT)
# The page's parts, linked from its summary.
MAP, TABLE = "split-map-part", "split-table-part"



def layout(**query):
    regions = fetch_imported(queries.regions)
    with_communes = set(fetch_imported(regions_with_communes))
    regions = regions[regions["code"].isin(with_communes)]
    if regions.empty:
        return html.Div([html.H1("Déclinaison territoriale"), html.P(missing(
            "Aucune région n'a à la fois des objectifs et des communes chargés. Chargez le panorama SGPE et les "
            "territoires", "territoires", "python -m loaders territoires …, ou python -m loaders demo"))])
    return frozen_version.page("Déclinaison territoriale", SplitState.from_query(query), regions,
                               lambda state, frozen: _page(regions, state, frozen),
                               "La déclinaison demande les communes de la région (python -m loaders territoires …).")


def _page(regions: pd.DataFrame, state: SplitState, frozen) -> html.Div:
    """The page of the current state, or of the frozen version ``frozen`` (its méthodes and shares, read-only)."""
    v = _view(frozen_version.with_method(state.query(), frozen))
    p = v["p"]
    fictional = bool(regions.set_index("code").at[p["region"], "fictional"])
    return html.Div([
        dcc.Location(id="split-url", refresh=False),  # level, scope… : the URL follows, the page stays
        dcc.Location(id="split-nav", refresh="callback-nav"),  # region, method: the page is built again
        dcc.Store(id="split-state", data=v["url_params"]),
        html.H1(["Déclinaison territoriale — ", html.Span(p["region_name"], id="split-region-name")]),
        frozen and frozen_version.banner(frozen, SplitState(region=p["region"], level=p["level"]).href()),
        html.P("Étape 3 de la COP : une répartition indicative des objectifs régionaux entre les départements et "
               "les périmètres de CRTE (et les EPCI), selon une méthode explicite que l'équipe peut modifier.",
               className="lead"),
        _controls(regions, v["objectives"], p),
        fictional_notice(fictional),
        page_summary([(MAP, "Carte"), (TABLE, "Tableau des objectifs et parts")]
                     + ([] if frozen else [("split-method-editor", "Modifier la méthode de déclinaison"),
                                           ("split-method-history", "Historique de la méthode")])),
        html.Div(_notices(v["split"].notices), id="split-notices-box"),
        html.Section(id=MAP, children=[
            html.H2(split_map.heading(p), id="split-map-heading"),
            html.Figure([
                dcc.Graph(id="split-map", figure=split_map.figure(v), className=MAP_CLASS,
                          config={"displayModeBar": False, "scrollZoom": False}),
                html.Div(split_map.legend(v), id="split-map-legend"),
                html.Figcaption(split_map.caption(v), className="caption", id="split-map-caption"),
            ]),
        ]),
        html.Div([_control("Territoire", dropdown("split-territory", _territory_options(v), p["code"]),
                           "split-territory"),
                  html.Div(_selection(p, v["totals"]), id="split-selection-detail")], className="selection"),
        html.Section(id=TABLE, children=[
            html.H2(_table_heading(p), id="split-table-heading"),
            table_pages.chooser(len(v["totals"])),
            html.Div(html.P("Tableau en préparation…", className="caption"), id="split-table"),
        ]),
        # The table's parameters: the table comes in a second answer, once the map is drawn (``_table_update``;
        # assets/split_table_after_map.js fills « split-map-drawn »).
        dcc.Store(id="split-table-params", data=_table_params(v)), dcc.Store(id="split-map-drawn"),
        *([] if frozen else [method_editor.editor(p, key_label_map(), v["url_params"]),
                             method_history(p["method"], p["region"])]),
    ])


def _view(params: dict) -> dict:
    """What the page shows for ``params`` (a region with communes): checked parameters, the split and the
    territories' totals in the chosen scope, all from cached data."""
    p = split_params(params)
    objectives = fetch_imported(region_objectives, p["region"])
    split = fetch_changed_by(METHODS, region_split, p["region"], p["method"], p["level"])
    totals = territory_totals(split, objectives, p["scope"])
    levers = scope_levers(objectives, p["scope"])
    keys = key_labels(split.parts[split.parts["lever_id"].isin(levers["lever_id"])], key_label_map())
    if p["code"] not in set(totals["code"]):
        p["code"] = None
    url_params = {name: value for name, value in (
        ("region", p["region"]), ("niveau", p["level"]), ("perimetre", p["scope"]), ("unite", p["unit"]),
        ("methode", str(p["method"])), ("comparer", str(p["compare"] or "")), ("tri", p["sort"]),
        ("code", p["code"] or ""), ("version", str(frozen_version.current_version() or "")))
        if value and not (name == "perimetre" and value == ALL)}
    return {"p": p, "objectives": objectives, "split": split, "totals": totals, "keys": keys,
            "url_params": url_params}


def _controls(regions, objectives, p) -> html.Div:
    known = fetch_changed_by(METHODS, methods)
    method_options = [{"label": name, "value": str(m)} for m, name in zip(known["method_id"], known["name"])]
    return html.Div(className="controls", children=[
        region_control("split-region", regions, p["region"]),
        _control("Niveau", dcc.RadioItems(id="split-level", value=p["level"], inline=True, className="fr-radio",
                                          options=[{"label": LEVELS[k].heading, "value": k} for k in SPLIT_LEVELS])),
        _control("Leviers", dropdown("split-scope", scope_options(objectives), p["scope"]), "split-scope"),
        _control("Unité", dcc.RadioItems(id="split-unit", value=p["unit"], inline=True, className="fr-radio",
                                         options=[{"label": label, "value": k} for k, label in UNITS.items()])),
        _control("Méthode de déclinaison", dropdown("split-method", method_options, str(p["method"])),
                 "split-method"),
        _control("Comparer avec", dropdown("split-compare", [{"label": "(aucune)", "value": "aucune"}]
                                           + method_options, str(p["compare"] or "aucune")), "split-compare"),
        _control("Trier le tableau", dropdown("split-sort", [{"label": label, "value": k}
                                                              for k, label in SORTS.items()], p["sort"]),
                 "split-sort"),
    ])


def _control(label: str, component, target: str | None = None) -> html.Div:
    return html.Div([html.Label(label, htmlFor=target) if target else html.P(label, className="control-label"),
                     component], className="control")


def _notices(notices: list[str]) -> html.Div | None:
    if not notices:
        return None
    return html.Div(className="split-notices", role="note", children=[
        html.P("À savoir sur cette répartition :", className="split-notices__title"),
        html.Ul([html.Li(n) for n in notices], id="split-notices"),
    ])


def _territory_options(v) -> list[dict]:
    totals = v["totals"]
    return [{"label": name, "value": code} for code, name in
            sorted(zip(totals["code"], totals["name"]), key=lambda pair: pair[1].lower())]


def _selection(p, totals: pd.DataFrame):
    if not p["code"]:
        return html.P("Cliquez sur un territoire de la carte, ou choisissez-le ci-dessus, pour afficher son résumé "
                      "et sa fiche.", className="caption", id="split-selected")
    row = totals[totals["code"] == p["code"]].iloc[0]
    fiche = SplitSheetState(region=p["region"], level=p["level"], code=p["code"], method=str(p["method"]),
                            version=frozen_version.current_version()).href()
    return html.Section(id="split-selected", className="fr-card selected-card", children=[
        html.H2(row["name"], className="fr-card__title"),
        html.P([formats.kt(row["obj_shown"]), f" — {formats.percent(row['share'], 1)} de l'objectif régional, ",
                f"{formats.number(row['per_inhabitant'], 2)} tCO₂e par habitant"], className="fr-card__detail"),
        html.A("Ouvrir la fiche territoire", href=fiche, id="split-sheet-link",
               className="fr-btn"),
    ])


def _table_heading(p) -> str:
    return f"{LEVELS[p['level']].heading} : objectifs et parts"


def _table(v, page: int | None) -> html.Div:
    p, objectives, totals = v["p"], v["objectives"], v["totals"]
    compared = None
    if p["compare"]:
        other = fetch_changed_by(METHODS, region_split, p["region"], p["compare"], p["level"])
        compared = (p["compare_name"], territory_totals(other, objectives, p["scope"]))
    table = split_table(p["region_name"], p["level"], scope_label(objectives, p["scope"]), p["method_name"],
                        sort_totals(totals, p["sort"]), v["keys"], compared)
    return data_table(table, "declinaison", _table_params(v), hidden=["Code", "Objectif 2030 (ktCO₂e, valeur exacte)"],
                      shown=table_pages.shown(page, len(table.frame)), as_text=True)


def _table_params(v) -> dict:
    """The page's parameters that the table depends on (all but the territory chosen)."""
    return {k: value for k, value in v["url_params"].items() if k != "code"}


def created_by_callbacks() -> list:
    """The method editor's dropdowns, made when it opens (``method_editor.rows``)."""
    return [method_editor.lever_key("exemple", [], None)]


# What each control changes: only those parts are built and sent again (« level »: what only the level
# changes — the territories' notices, the headings; « table »: sent in a second answer, with the territories' list).
TARGETS = {
    "split-level": {"level", "map", "selection", "table"},
    "split-scope": {"map", "selection", "table"},
    "split-unit": {"map"},
    "split-compare": {"table"},
    "split-sort": {"table"},
    "split-map": {"map", "selection"},
    "split-territory": {"map", "selection"},
}


def _answer(params: tuple, changed: str) -> dict:
    """``_update``'s outputs for the page's ``params`` when ``changed`` changed: the same for every visitor,
    built once per data version (the presenter's clicks, then the phones that follow, get them ready)."""
    v = _view(dict(params))
    p, targets = v["p"], TARGETS[changed]

    def part(name: str, build):
        return build() if name in targets else no_update

    return {
        "search": SplitState.from_query(v["url_params"]).search(), "state": v["url_params"],
        "notices": part("level", lambda: _notices(v["split"].notices)),
        "map_heading": part("level", lambda: split_map.heading(p)), "map": part("map", lambda: split_map.figure(v)),
        "map_legend": part("map", lambda: split_map.legend(v)),
        "map_caption": part("map", lambda: split_map.caption(v)),
        "territory": p["code"],
        "selection": part("selection", lambda: _selection(p, v["totals"])),
        "table_params": part("table", lambda: _table_params(v)),
    }


def _table_answer(params: tuple, page: int) -> tuple:
    v = _view(dict(params))
    count = len(v["totals"])
    return (_table_heading(v["p"]), _table(v, page), table_pages.options(count),
            table_pages.shown(page, count).start // table_pages.ROWS, count <= table_pages.ROWS,
            _territory_options(v))


def register(app: dash.Dash) -> None:
    @app.callback(
        Output("split-nav", "search"),
        Input("split-region", "value"),
        Input("split-method", "value"),
        State("split-state", "data"),
        prevent_initial_call=True,
    )
    def _navigate(region, method, state):
        """Another region or method: other levers, territories and keys everywhere on the page, built again."""
        params = {**SplitState.from_store(state).query(), "region": region, "methode": method}
        if ctx.triggered_id == "split-region":
            params.pop("code", None)
            params.pop("version", None)  # a version is one region's
        return SplitState.from_query(params).search()

    @app.callback(
        output=dict(search=Output("split-url", "search"), state=Output("split-state", "data"),
                    notices=Output("split-notices-box", "children"),
                    map_heading=Output("split-map-heading", "children"), map=Output("split-map", "figure"),
                    map_legend=Output("split-map-legend", "children"),
                    map_caption=Output("split-map-caption", "children"),
                    territory=Output("split-territory", "value"),
                    selection=Output("split-selection-detail", "children"),
                    table_params=Output("split-table-params", "data")),
        inputs=[Input("split-level", "value"), Input("split-scope", "value"), Input("split-unit", "value"),
                Input("split-compare", "value"), Input("split-sort", "value"), Input("split-map", "clickData"),
                Input("split-territory", "value")],
        state=[State("split-state", "data")],
        prevent_initial_call=True,
    )
    def _update(level, scope, unit, compare, sort, click, territory, state):
        """A level, scope, unit, comparison, order or territory chosen: the URL follows (without reloading the
        page) and only the parts of the page that depend on that control are sent again."""
        params, changed, chosen = SplitState.from_store(state).query(), sent.one_of(ctx.triggered_id, TARGETS), None
        if changed in ("split-territory", "split-map"):
            chosen = sent.clicked(click) if changed == "split-map" else sent.text(territory)
            params["code"] = chosen
        else:
            params.update({"niveau": level, "perimetre": scope, "unite": unit,
                           "comparer": "" if compare == "aucune" else compare, "tri": sort})
            if changed == "split-level":
                params.pop("code", None)
        params = SplitState.from_query(params).query()  # what the controls sent, bounded as an address's
        with frozen_version.callback_reading(params):
            if chosen is not None and _view(dict(params))["p"]["code"] != chosen:  # not a territory of the map
                sent.unanswered()
            return memo_as_sent(_answer, tuple(sorted(params.items())), changed, changed_by=KEPT.changed_by)

    @app.callback(
        output=dict(heading=Output("split-table-heading", "children"), table=Output("split-table", "children"),
                    pages=Output(table_pages.PAGE, "options"), page=Output(table_pages.PAGE, "value"),
                    one_page=Output(table_pages.CHOOSER, "hidden"), territories=Output("split-territory", "options")),
        inputs=dict(params=Input("split-table-params", "data"), page=Input(table_pages.PAGE, "value"),
                    drawn=Input("split-map-drawn", "data")),
        state=dict(state=State("split-state", "data")),
        prevent_initial_call=True,
    )
    def _table_update(params, page, drawn, state):
        """The table, in a second answer: when the page opens, once its map is drawn (the browser draws them in
        tasks of their own, each under 200 ms); after a control, once the map and the address are sent. A page
        of it at a time (``table_pages``), the first after a new level, scope or order."""
        another_page = ctx.triggered_id == table_pages.PAGE
        if another_page:
            asked, page = SplitState.from_store(state).replace(code=None).query(), sent.optional_number(page)
        else:
            asked, page = SplitState.from_store(params).query(), 0
        with frozen_version.callback_reading(asked):
            heading, table, pages, shown, one_page, territories = memo_as_sent(
                _table_answer, tuple(sorted(asked.items())), page, changed_by=KEPT.changed_by)
        return {"heading": heading, "table": table, "pages": pages, "page": shown, "one_page": one_page,
                "territories": no_update if another_page else territories}

    @app.callback(
        Output(method_editor.ROWS, "children"),
        Input(method_editor.SUMMARY, "n_clicks"),
        State(method_editor.ROWS, "children"),
        State("split-state", "data"),
        prevent_initial_call=True,
    )
    def _open_method_editor(_, rows, state):
        """The editor opened for the first time: its levers and their keys (closing it keeps them)."""
        if rows:
            raise PreventUpdate
        try:
            p = split_params(SplitState.from_store(state).query())
        except UnknownExport:  # a region without objectives
            raise PreventUpdate from None
        return method_editor.rows(p["region"], p["method"])

    @app.callback(
        Output("split-nav", "search", allow_duplicate=True),
        Output("split-method-message", "children"),
        Input("split-method-save", "n_clicks"),
        State("split-method-name", "value"),
        State({"type": method_editor.LEVER_KEY, "lever": EVERY}, "value"),
        State({"type": method_editor.LEVER_KEY, "lever": EVERY}, "id"),
        State("split-state", "data"),
        prevent_initial_call=True,
    )
    def _save_method(_, name, keys, ids, state):
        shown = SplitState.from_store(state)
        if not keys:  # saved before the levers came (``method_editor.rows``): every lever would get the default key
            return no_update, "Les clés des leviers s'affichent : choisissez-les, puis enregistrez."
        chosen = {sent.record(component, {"lever": sent.text})["lever"]: key for component, key in zip(ids, keys)}
        method_id = gate.write(save_method, sent.text(name), chosen, kind=Write.METHOD, show_at="split-method-message")
        saved = shown.replace(method=str(method_id))
        return saved.search(), f"Méthode « {name.strip()} » enregistrée."
