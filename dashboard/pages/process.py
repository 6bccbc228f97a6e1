"""Déroulement de la COP: the region's steps on a timeline, the map of the step each département or CRTE has
reached, the meetings, and a way to each territory's page."""

from __future__ import annotations

import dash
from dash import dcc, html

from dashboard.components.controls import region_control, region_preamble
from dashboard.components.figure_table import figure_table
from dashboard.components.table import downloads
from dashboard.features.process import ids, routes, step_map, timeline
from dashboard.figures.maps import MAP_CLASS
from dashboard.page_states import MAP_LEVELS, MeetingState, ProcessState, ProcessTerritoryState, RegisterState
from dashboard.store import fetch, fetch_imported, queries
from domain import clock, formats, meetings, steps
from domain.process import STEPS
from domain.vocabulary import LEVELS

TITLE = "Déroulement de la COP"

dash.register_page(__name__, path=ProcessState.PATH, name="Déroulement", title=f"{TITLE} — COP territoriale", order=35)


def layout(**query):
    regions = fetch_imported(queries.regions)
    page, chooser = region_preamble(TITLE, ProcessState.from_query(query), regions)
    if chooser is not None:
        return chooser
    region = page.region
    name = regions.loc[regions["code"] == region, "name"].iloc[0]
    recorded = fetch(steps.region_steps, region)
    return html.Div([
        dcc.Location(id=ids.PROCESS_URL, refresh="callback-nav"),
        html.H1(f"{TITLE} — {name}"),
        html.P("La circulaire du 29 septembre 2023 organise chaque COP en quatre étapes : "
               f"{', '.join(step.label for step in STEPS.values())}. Chaque territoire suit les siennes ; les réunions "
               "(COP plénière, COPIL et COTECH des CRTE, ateliers, comités locaux de cohésion territoriale) les "
               "jalonnent.", className="lead"),
        html.Div(region_control(ids.PROCESS_REGION, regions, region), className="controls"),
        html.P([dcc.Link("Registre des parties", href=RegisterState(region=region).href(),
                         id="process-register-link"), " · ",
                dcc.Link("Besoins et programmes des territoires", href="#process-territories")]),
        _timeline(region, name, recorded),
        _map(page, name, recorded),
        _meetings(region, name),
        _territories(region),
    ])


def _timeline(region: str, name: str, recorded) -> html.Section:
    if recorded.empty:
        body = [html.P("Aucune étape enregistrée pour l'instant : ouvrez la page d'un territoire (plus bas) pour "
                       "saisir ses étapes.", id="process-timeline-empty")]
    else:
        body = [dcc.Graph(id="process-timeline", figure=timeline.timeline_figure(recorded, clock.now().date()),
                          config={"displayModeBar": False, "responsive": True}),
                figure_table(timeline.steps_table(name, recorded), "process-timeline-table",
                             "Voir les étapes en tableau")]
    return html.Section([html.H2("Frise des étapes"), *body, downloads("etapes", {"region": region})])


def _map(page: ProcessState, name: str, recorded) -> html.Section:
    parts = fetch(queries.region_parts, page.region, page.level)
    frame = step_map.reached_frame(parts, steps.reached_steps(recorded), page.level)
    switch = [html.Strong(f"par {LEVELS[level].singular}") if level == page.level else
              dcc.Link(f"par {LEVELS[level].singular}", href=page.replace(level=level).href(),
                       id=f"process-map-{level}")
              for level in MAP_LEVELS]
    return html.Section([
        html.H2(f"Étape atteinte par {LEVELS[page.level].singular}"),
        html.P(["Afficher : ", switch[0], " · ", switch[1]]),
        dcc.Graph(id="process-map", figure=step_map.step_map(page.region, page.level, frame), className=MAP_CLASS,
                  config={"displayModeBar": False, "responsive": True}),
        html.P(step_map.caption(name, page.level, frame), id="process-map-caption", className="caption"),
    ])


def _meetings(region: str, name: str) -> html.Section:
    found = fetch(meetings.region_meetings, region)
    now = clock.now()
    items = [html.Li([dcc.Link(f"{row.title}", href=MeetingState(meeting=int(row.meeting_id)).href(),
                               id={"type": "process-meeting-link", "meeting": int(row.meeting_id)}),
                      f" — {formats.span(row.starts_at, row.ends_at)}"
                      + (f", {row.place}" if isinstance(row.place, str) else "")
                      + (" (à venir)" if row.starts_at > now else "")])
             for row in found.itertuples()]
    return html.Section([
        html.H2("Réunions"),
        html.Ul(items, id="process-meetings") if items else html.P("Aucune réunion enregistrée pour l'instant."),
        html.P("Une réunion se crée depuis la page de son territoire (plus bas). Heures de Paris."),
        html.Div(className="downloads", children=[
            *downloads("reunions", {"region": region}).children,
            html.A("Agenda (iCalendar)", href=routes.region_calendar_url(region), download="",
                   className="fr-btn fr-btn--secondary", id="process-region-calendar")]),
    ])


def _territories(region: str) -> html.Section:
    listed = fetch(steps.territories, region)
    by_level = {}
    for (level, code), name in listed:
        by_level.setdefault(level, []).append(html.Li(dcc.Link(name, href=ProcessTerritoryState(
            region=region, level=level, code=code).href())))
    return html.Section(id="process-territories", children=[
        html.H2("Territoires"),
        html.P("La page de chaque territoire donne ses étapes, ses réunions, ses besoins d'ingénierie et ses "
               "programmes ; l'équipe régionale et ses contributeurs les y mettent à jour."),
        *[html.Details([html.Summary(f"{LEVELS[level].heading if len(items) > 1 else LEVELS[level].title} "
                                     f"({formats.count(len(items))})"), html.Ul(items)],
                       open=level == "region") for level, items in by_level.items()],
    ])
