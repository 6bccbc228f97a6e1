"""Fiche territoire: a département's or CRTE's share of the regional objectives and its course through the COP,
printable on A4."""

from __future__ import annotations

import dash
from dash import dcc, html

from dashboard.components import frozen_version
from dashboard.components.cards import key_figure
from dashboard.components.print_button import print_button
from dashboard.components.table import data_table
from dashboard.exports import UnknownExport
from dashboard.features.process.territory_course import course_section
from dashboard.features.split.tables import fiche_data, fiche_table, sector_summary, split_params
from dashboard.page_states import SplitSheetState, SplitState
from dashboard.store import fetch
from domain import clock, formats, versions
from domain.composition import composition
from domain.split import OUTSIDE_CODE
from domain.vocabulary import LEVELS

dash.register_page(__name__, path="/declinaison/fiche", name="Fiche territoire", nav=False,
                   title="Fiche territoire — COP territoriale")


def layout(**query):
    """The fiche of the current state, or of the frozen version that ``version`` names (its own shares, by the
    méthode it retained unless another is asked for)."""
    state = SplitSheetState.from_query(query)
    frozen, refusal = frozen_version.preamble("Fiche territoire", state)
    if refusal:
        return refusal
    try:
        with frozen_version.reading(frozen):
            p = split_params(frozen_version.with_method(state.query(), frozen))
            return _fiche(p, fiche_data(p), frozen)
    except UnknownExport as error:
        return html.Div([html.H1("Fiche territoire"), html.P(f"Fiche introuvable : {error}"),
                         dcc.Link("Retour à la déclinaison territoriale", href=state.shared().href(SplitState.PATH))])


def _fiche(p: dict, fiche: dict, frozen: versions.Header | None) -> html.Article:
    back = SplitState(region=p["region"], level=p["level"], method=str(p["method"]), code=p["code"],
                      version=frozen_version.current_version()).href()
    export = {"region": p["region"], "niveau": p["level"], "code": p["code"], "methode": p["method"],
              "version": frozen and frozen.version_id}
    current = SplitSheetState(region=p["region"], level=p["level"], method=str(p["method"]), code=p["code"]).href()
    edition = (f"version figée le {formats.day(frozen.frozen_at)}" if frozen
               else f"édition du {formats.day(clock.now())}")
    total = fiche["total"]
    return html.Article(className="fiche", children=[
        html.Div(className="fiche-actions", children=[
            dcc.Link("← Retour à la carte", href=back),
            print_button("Imprimer la fiche (A4)"),
        ]),
        html.H1(["Fiche territoire — ", html.Span(fiche["name"], id="split-sheet-name")]),
        frozen and frozen_version.banner(frozen, current),
        html.P(f"{LEVELS[p['level']].title} de la région {p['region_name']} · méthode de déclinaison "
               f"« {p['method_name']} » · {edition}", className="provenance"),
        html.Div(className="cards", children=[
            key_figure("Objectif 2030 du territoire", formats.kt(total["obj_shown"]), "split-sheet-total",
                  "émissions évitées en 2030 par rapport à 2019, somme des leviers (calculé)"),
            key_figure("Part de l'objectif régional", formats.percent(total["share"], 1), "split-sheet-share",
                  f"sur {formats.kt(fiche['region_total'])} pour la région"),
            key_figure("Par habitant", f"{formats.number(total['per_inhabitant'], 2)}\u00a0tCO₂e",
                       "split-sheet-per-inhabitant",
                  f"{formats.number(total['population'], 0)} habitants dans la région, "
                  f"{formats.count(total['communes'])} communes"),
        ]),
        _composition(p),
        _course(p, fiche["name"]),
        html.H2("Objectif par secteur"),
        _sectors(fiche["levers"]),
        html.H2("Objectif par levier, avec sa traduction physique et sa clé"),
        data_table(fiche_table(fiche["name"], p["level"], p["region_name"], p["method_name"], fiche["levers"]),
                   "fiche-territoire", export,
                   hidden=["Objectif 2030 du territoire (ktCO₂e, valeur exacte)", "Statut de l'objectif régional",
                           "Traduction physique (variation 2019 → 2030)", "Unité physique"]),
        html.Ul([html.Li(n) for n in fiche["notices"]], className="sources"),
    ])


def _course(p: dict, name: str) -> html.Section | None:
    """The territory's course through the COP, read from the live data even on a version's fiche: a version does
    not freeze it."""
    with frozen_version.reading(None):
        return course_section(p["region"], p["level"], p["code"], name)


def _composition(p) -> html.Section | None:
    if p["code"] == OUTSIDE_CODE:
        return None
    members = fetch(composition, p["region"], p["level"], p["code"])
    if members.empty:
        return None
    departements = sorted({d for text in members["departements"].dropna() for d in text.split(", ")})
    items = []
    for row in members.itertuples():
        if row.member_level == "epci":
            part = ("en totalité" if row.communes == row.all_communes
                    else f"en partie : {formats.count(row.communes)} de ses {formats.count(row.all_communes)} communes")
            items.append(html.Li(f"{row.name} ({formats.count(row.communes)} communes, {part})"))
        else:
            items.append(html.Li(f"{row.name} (commune sans EPCI)"))
    crossing = (f"Ce territoire s'étend sur {len(departements)} départements ({', '.join(departements)}) : "
                "sa part est calculée commune par commune." if len(departements) > 1
                else f"Département : {departements[0]}." if departements else "")
    partial = any(r.member_level == "epci" and r.communes < r.all_communes for r in members.itertuples())
    return html.Section([
        html.H2("Composition"),
        html.P(crossing, id="split-sheet-crossing"),
        html.P("Un EPCI compté « en partie » n'apporte que ses communes membres de ce territoire dans la région."
               if partial else ""),
        html.Details([html.Summary(formats.counted(len(members), 'membre')), html.Ul(items)], open=len(members) <= 8),
    ])


def _sectors(levers) -> html.Div:
    sectors = sector_summary(levers)
    head = html.Thead(html.Tr([html.Th("Secteur", scope="col"), html.Th("Objectif 2030 (ktCO₂e)", scope="col",
                                                                         className="num"),
                               html.Th("Part de l'objectif régional du secteur", scope="col", className="num")]))
    body = html.Tbody([html.Tr([html.Td(r.sector), html.Td(formats.kt(r.part_shown), className="num"),
                                html.Td(formats.percent(r.share, 1), className="num")])
                       for r in sectors.itertuples()])
    return html.Div(className="fr-table", children=html.Table([
        html.Caption("Objectif 2030 du territoire par secteur (arrondis : la somme égale le total)"), head, body],
        id="split-sheet-sectors"))

