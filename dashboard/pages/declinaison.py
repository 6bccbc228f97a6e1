"""Déclinaison territoriale: the regional objectives split across départements, CRTE and EPCI, on a map."""

from __future__ import annotations

from urllib.parse import urlencode

import dash
import pandas as pd
from dash import ALL as EVERY
from dash import Input, Output, State, callback, ctx, dcc, html, no_update

from dashboard import auth, gate, queries
from dashboard.components.cards import fictional_notice
from dashboard.components.controls import dropdown, region_chooser, region_control
from dashboard.components.read_only import read_only_note
from dashboard.components.table import data_table
from dashboard.declinaison.methods import method_keys, methods, save_method
from dashboard.declinaison.split import (
    OUTSIDE_CODE,
    SPLIT_LEVELS,
    available_keys,
    region_objectives,
    region_split,
    regions_with_communes,
)
from dashboard.declinaison.tables import (
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
from dashboard.maps import choropleth_map
from dashboard.state import PageState, href, resolve_region
from dashboard.store import fetch
from domain import formats
from domain.permissions import Write
from domain.vocabulary import LEVELS

dash.register_page(__name__, path="/declinaison", name="Déclinaison territoriale",
                   title="Déclinaison territoriale — COP territoriale", order=3)

PARAMS = ["region", "niveau", "perimetre", "unite", "methode", "comparer", "tri", "code"]


def layout(**params):
    regions = fetch(queries.regions)
    with_communes = set(fetch(regions_with_communes))
    regions = regions[regions["code"].isin(with_communes)]
    if regions.empty:
        return html.Div([html.H1("Déclinaison territoriale"), html.P(
            "Aucune région n'a à la fois des objectifs et des communes chargés. Chargez le panorama SGPE et les "
            "territoires (python -m loaders territoires …), ou les données de démonstration.")])
    region = resolve_region(params.get("region"), regions["code"])
    if region is None:
        return region_chooser("Déclinaison territoriale", "/declinaison", regions, params.get("region"), params,
                              "La déclinaison demande les communes de la région (python -m loaders territoires …).")
    params["region"] = region
    p = split_params(params)
    objectives = fetch(region_objectives, p["region"])
    split = fetch(region_split, p["region"], p["method"], p["level"])
    totals = territory_totals(split, objectives, p["scope"])
    levers = scope_levers(objectives, p["scope"])
    labels = key_label_map()
    keys_text = key_labels(split.parts[split.parts["lever_id"].isin(levers["lever_id"])], labels)
    if p["code"] not in set(totals["code"]):
        p["code"] = None
    url_params = {name: value for name, value in (
        ("region", p["region"]), ("niveau", p["level"]), ("perimetre", p["scope"]), ("unite", p["unit"]),
        ("methode", str(p["method"])), ("comparer", str(p["compare"] or "")), ("tri", p["sort"]),
        ("code", p["code"] or "")) if value}
    fictional = bool(regions.set_index("code").at[p["region"], "fictional"])
    return html.Div([
        dcc.Location(id="split-url", refresh="callback-nav"),
        dcc.Store(id="split-state", data=url_params),
        html.H1(["Déclinaison territoriale — ", html.Span(p["region_name"], id="split-region-name")]),
        html.P("Étape 3 de la COP : une répartition indicative des objectifs régionaux entre les départements et "
               "les périmètres de CRTE (et les EPCI), selon une méthode explicite que l'équipe peut modifier.",
               className="lead"),
        _controls(regions, objectives, p),
        fictional_notice(fictional),
        _notices(split.notices),
        _map_section(p, totals, keys_text, scope_label(objectives, p["scope"]), objectives),
        _selected(p, totals),
        html.H2(f"{LEVELS[p['level']].heading} : objectifs et parts"),
        _table(p, objectives, totals, keys_text, url_params),
        _method_editor(p, objectives, labels, url_params),
    ])




def _controls(regions, objectives, p) -> html.Div:
    known = fetch(methods)
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


def _map_section(p, totals: pd.DataFrame, keys_text: str, scope_text: str, objectives) -> html.Section:
    parts = fetch(queries.region_parts, p["region"], p["level"])
    frame = totals.merge(parts[["code", "geom_simplified"]], on="code", how="left")
    per_inhabitant = p["unit"] == "habitant"
    frame["value"] = frame["per_inhabitant"] if per_inhabitant else frame["obj_kt"]
    frame["hover"] = [_hover(row, keys_text) for row in frame.itertuples()]
    outlines = fetch(queries.region_parts, p["region"], "departement") if p["level"] != "departement" else None
    title = "tCO₂e/hab." if per_inhabitant else "ktCO₂e"
    figure = choropleth_map(frame, title, outlines, selected=p["code"])
    codes = [c for c, g in zip(frame["code"], frame["geom_simplified"]) if g is not None]
    ranked = sort_totals(totals[totals["code"] != OUTSIDE_CODE], "habitant" if per_inhabitant else "objectif")
    top = "; ".join(f"{r.name} : {_value_text(r, per_inhabitant)}" for r in ranked.head(5).itertuples())
    caption = (f"Carte de {p['region_name']} par {LEVELS[p['level']].singular}, {scope_text}, en {UNITS[p['unit']]} — "
               f"plus forts objectifs : {top}. Clé(s) : {keys_text}. Cliquez sur un territoire pour le "
               "sélectionner ; le tableau ci-dessous donne chaque territoire. Source : objectifs régionaux "
               f"({', '.join(sorted(set(objectives['source'])))}), répartition calculée.")
    return html.Section([
        html.H2(f"Carte des objectifs 2030 par {LEVELS[p['level']].singular}"),
        html.Figure([
            dcc.Graph(id="split-map", figure=figure, config={"displayModeBar": False, "scrollZoom": False}),
            html.Figcaption(caption, className="caption"),
        ]),
        dcc.Store(id="split-map-codes", data=codes),
    ])


def _value_text(row, per_inhabitant: bool) -> str:
    if per_inhabitant:
        return f"{formats.number(row.per_inhabitant, 2)}\u00a0tCO₂e par habitant"
    return formats.kt(row.obj_shown)


def _hover(row, keys_text: str) -> str:
    return (f"<b>{row.name}</b><br>{formats.kt(row.obj_shown)} ({formats.percent(row.share, 1)} de l'objectif "
            f"régional)<br>{formats.number(row.per_inhabitant, 2)} tCO₂e par habitant<br>"
            f"{formats.number(row.population, 0)} habitants dans la région<br>Clé : {keys_text}")


def _selected(p, totals: pd.DataFrame) -> html.Div:
    options = [{"label": name, "value": code} for code, name in
               sorted(zip(totals["code"], totals["name"]), key=lambda pair: pair[1].lower())]
    chooser = _control("Territoire", dropdown("split-territory", options, p["code"]), "split-territory")
    if not p["code"]:
        return html.Div([chooser, html.P("Cliquez sur un territoire de la carte, ou choisissez-le ci-dessus, pour "
                                         "afficher son résumé et sa fiche.", className="caption",
                                         id="split-selected")], className="selection")
    row = totals[totals["code"] == p["code"]].iloc[0]
    fiche = href("/declinaison/fiche", PageState(region=p["region"]), niveau=p["level"], code=p["code"],
                 methode=p["method"])
    return html.Div([chooser, html.Section(id="split-selected", className="fr-card selected-card", children=[
        html.H2(row["name"], className="fr-card__title"),
        html.P([formats.kt(row["obj_shown"]), f" — {formats.percent(row['share'], 1)} de l'objectif régional, ",
                f"{formats.number(row['per_inhabitant'], 2)} tCO₂e par habitant"], className="fr-card__detail"),
        html.A("Ouvrir la fiche territoire", href=fiche, id="split-fiche-link",
               className="fr-btn"),
    ])], className="selection")


def _table(p, objectives, totals, keys_text, url_params) -> html.Div:
    compared = None
    if p["compare"]:
        other = fetch(region_split, p["region"], p["compare"], p["level"])
        compared = (p["compare_name"], territory_totals(other, objectives, p["scope"]))
    table = split_table(p["region_name"], p["level"], scope_label(objectives, p["scope"]), p["method_name"],
                        sort_totals(totals, p["sort"]), keys_text, compared)
    params = {k: v for k, v in url_params.items() if k != "code"}
    return data_table(table, "declinaison", params, hidden=["Code", "Objectif 2030 (ktCO₂e, valeur exacte)"])


def _method_editor(p, objectives, labels: dict[str, str], url_params: dict) -> html.Details:
    editing = auth.editor() is not None
    keys = fetch(available_keys)
    options = [{"label": f"{label} ({unit})" if unit else label, "value": key}
               for key, label, unit in zip(keys["key_id"], keys["label"], keys["unit"])]
    current = fetch(method_keys, p["method"])
    default = fetch(methods).set_index("method_id").at[p["method"], "default_key_id"]
    rows = [html.Tr([
        html.Td(sector), html.Td(lever),
        html.Td(dropdown({"type": "split-lever-key", "lever": lever_id}, options, current.get(lever_id, default))),
    ]) for lever_id, lever, sector in zip(objectives["lever_id"], objectives["lever"], objectives["sector"])]
    return html.Details(id="split-method-editor", children=[
        html.Summary("Modifier la méthode de déclinaison (clé de chaque levier)"),
        html.P(f"Clés disponibles : {', '.join(labels.values())}. D'autres clés (parc de véhicules, logements "
               "chauffés au fioul, surface agricole…) se chargent avec python -m loaders cles FICHIER."),
        html.Div(className="fr-table", children=html.Table([
            html.Thead(html.Tr([html.Th("Secteur", scope="col"), html.Th("Levier", scope="col"),
                                html.Th("Clé de répartition", scope="col")])),
            html.Tbody(rows)])),
        html.Div(className="controls", children=[
            html.Div([html.Label("Nom de la méthode", htmlFor="split-method-name"),
                      dcc.Input(id="split-method-name", type="text", maxLength=80, className="fr-input",
                                value="" if p["method"] == 1 else p["method_name"])], className="control"),
            html.Button("Enregistrer la méthode", id="split-method-save", className="fr-btn", n_clicks=0,
                        disabled=not editing),
        ]),
        html.P(id="split-method-message", role="status",
               children=None if editing else read_only_note(f"/declinaison?{urlencode(url_params)}")),
    ])


@callback(
    Output("split-url", "search"),
    Input("split-region", "value"),
    Input("split-level", "value"),
    Input("split-scope", "value"),
    Input("split-unit", "value"),
    Input("split-method", "value"),
    Input("split-compare", "value"),
    Input("split-sort", "value"),
    Input("split-map", "clickData"),
    Input("split-territory", "value"),
    State("split-map-codes", "data"),
    State("split-state", "data"),
    prevent_initial_call=True,
)
def _remember_in_url(region, level, scope, unit, method, compare, sort, click, territory, codes, state):
    params = dict(state or {})
    changed = ctx.triggered_id
    if changed == "split-territory":
        params["code"] = territory
    elif changed == "split-map":
        curve = (click or {}).get("points", [{}])[0].get("curveNumber")
        if curve is None or curve >= len(codes):
            return no_update
        params["code"] = codes[curve]
    else:
        params.update({"region": region, "niveau": level, "perimetre": scope, "unite": unit, "methode": method,
                       "comparer": "" if compare == "aucune" else compare, "tri": sort})
        if changed in ("split-region", "split-level"):
            params.pop("code", None)
    if params.get("perimetre") == ALL:
        params.pop("perimetre")
    return "?" + urlencode({k: params[k] for k in PARAMS if params.get(k)})


@callback(
    Output("split-url", "search", allow_duplicate=True),
    Output("split-method-message", "children"),
    Input("split-method-save", "n_clicks"),
    State("split-method-name", "value"),
    State({"type": "split-lever-key", "lever": EVERY}, "value"),
    State({"type": "split-lever-key", "lever": EVERY}, "id"),
    State("split-state", "data"),
    prevent_initial_call=True,
)
def _save_method(_, name, keys, ids, state):
    chosen = {component["lever"]: key for component, key in zip(ids, keys)}
    method_id = gate.write(save_method, name, chosen, kind=Write.METHOD, show_at="split-method-message")
    params = {**(state or {}), "methode": str(method_id)}
    return "?" + urlencode({k: params[k] for k in PARAMS if params.get(k)}), f"Méthode « {name.strip()} » enregistrée."

