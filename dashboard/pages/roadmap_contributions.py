"""Contributions des territoires: for the regional team, per département and per CRTE, who has contributed to
the roadmap, how much, what awaits review, and the territories that have sent nothing yet, with their COP step,
last meeting and open engineering needs (dashboard/features/roadmap/silent_territories.py); downloadable."""

from __future__ import annotations

import dash
from dash import Input, Output, dcc, html

from dashboard.components.controls import region_control, region_preamble
from dashboard.components.table import data_table
from dashboard.features.roadmap import contributions
from dashboard.features.roadmap import silent_territories as silent
from dashboard.features.roadmap.summary import unplaced_list
from dashboard.page_states import RoadmapContributionsState, RoadmapState
from dashboard.state import region_name
from dashboard.store import fetch_imported, queries
from domain.vocabulary import LEVELS

PATH = RoadmapContributionsState.PATH
TITLE = "Contributions des territoires"

dash.register_page(__name__, path=PATH, name=TITLE, title=f"{TITLE} — COP territoriale", order=41, nav=False)


def layout(**query):
    regions = fetch_imported(queries.regions)
    state, chooser = region_preamble(TITLE, RoadmapContributionsState.from_query(query), regions)
    if chooser:
        return chooser
    region = state.region
    name = region_name(region)
    return html.Div([
        dcc.Location(id="roadmap-contributions-url", refresh="callback-nav"),
        html.H1(f"{TITLE} — {name}"),
        html.P(["Ce que les territoires ont proposé pour la feuille de route 2030 et où en est la relecture de "
                "l'équipe régionale. On relit un engagement en l'ouvrant dans la ",
                html.A("feuille de route", href=RoadmapState(region=region).href(),
                       id="roadmap-contributions-roadmap-link"), " (colonne « Relecture »)."], className="lead"),
        html.Div(region_control("roadmap-contributions-region", regions, region), className="controls"),
        *[_level_section(region, name, level) for level in ("departement", "crte")],
    ])


def _level_section(region: str, region_name: str, level: str) -> html.Section:
    frame = contributions.region_board(region, level)
    nothing = contributions.silent(frame)
    waiting = int(frame["to_review_n"].sum())
    heading = LEVELS[level].heading
    sent = len(frame) - len(nothing)
    summary = (f"{sent} {LEVELS[level].plural if sent > 1 else LEVELS[level].singular} sur {len(frame)} "
               f"{'ont' if sent > 1 else 'a'} envoyé des engagements ; "
               f"{waiting} engagement{'s' if waiting > 1 else ''} à relire.")
    return html.Section([
        html.H2(f"Par {LEVELS[level].singular}"),
        html.P(summary, id=f"roadmap-contributions-summary-{level}"),
        html.P([html.Strong(f"{heading} sans aucun engagement : "), ", ".join(nothing) if nothing else "aucun."],
               id=f"roadmap-contributions-silent-{level}"),
        data_table(silent.silent_table(region, region_name, level, frame), silent.VIEW,
                   {"region": region, "niveau": level}) if nothing else None,
        unplaced_list(region, level),
        data_table(contributions.board_table(region_name, level, frame), f"contributions-{level}",
                   {"region": region}),
    ])


def register(app: dash.Dash) -> None:
    @app.callback(Output("roadmap-contributions-url", "search"), Input("roadmap-contributions-region", "value"),
              prevent_initial_call=True)
    def _choose_region(region):
        return RoadmapContributionsState(region=region).search()
