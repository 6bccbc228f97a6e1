"""A territory's course through the COP: its steps, meetings, engineering needs and programmes, updated here by the
regional team (and, for its meetings and needs, by the territory's contributors)."""

from __future__ import annotations

import dash
from dash import dcc, html

from dashboard.access import gate
from dashboard.features.process import ids
from dashboard.features.process import territory_sections as sections
from dashboard.page_states import MeetingState, ProcessState, ProcessTerritoryState, SplitSheetState
from dashboard.store import fetch, fetch_imported, queries
from domain import meetings, steps
from domain.permissions import Write
from domain.process import STEP_LEVELS
from domain.vocabulary import LEVELS

TITLE = "Déroulement de la COP d'un territoire"
UNKNOWN = "Territoire introuvable : choisissez-en un sur la page « Déroulement de la COP »."

dash.register_page(__name__, path=ProcessTerritoryState.PATH, name=TITLE, title=f"{TITLE} — COP territoriale",
                   nav=False)


def layout(**query):
    page = ProcessTerritoryState.from_query(query)
    region, niveau, code = page.region, page.level, page.code
    regions = fetch_imported(queries.regions)
    known = fetch(meetings.territories, region) if region in set(regions["code"]) else {}
    if (niveau, code) not in known:
        return html.Div([html.H1(TITLE), html.P(UNKNOWN, id="process-territory-unknown"),
                         dcc.Link("Déroulement de la COP", href=ProcessState(region=region).href())])
    name = known[niveau, code]
    region_name = regions.loc[regions["code"] == region, "name"].iloc[0]
    mine = sections.territory_needs(region, niveau, code)
    new_meeting = MeetingState(region=region, territory=f"{niveau}:{code}").href() \
        if gate.may(Write.MEETING) else None
    fiche = SplitSheetState(region=region, level=niveau, code=code).href() \
        if niveau in ("departement", "crte") else None
    return html.Div([
        dcc.Store(id=ids.PAGE, data=page.stored()),
        html.P([dcc.Link("← Déroulement de la COP", href=ProcessState(region=region).href()),
                *([" · ", dcc.Link("Fiche territoire (déclinaison)", href=fiche, id="process-fiche-link")]
                  if fiche else [])]),
        html.H1([html.Span(name, id="process-territory-name"), " — déroulement de la COP"]),
        html.P(f"{LEVELS[niveau].title} de la région {region_name}.", className="provenance"),
        html.H2("Étapes"),
        html.Div(sections.steps_block(fetch(steps.region_steps, region), niveau, code, name), id="process-steps-block")
        if niveau in STEP_LEVELS else None,
        sections.step_form(page.href(), gate.may(Write.STEP)),
        html.H2("Réunions"),
        sections.meetings_block(fetch(meetings.region_meetings, region), niveau, code, new_meeting),
        html.H2("Besoins d'ingénierie"),
        html.P("Les besoins que le territoire exprime (comités locaux de cohésion territoriale de l'ANCT), ce qui "
               "pourrait y répondre et où ils en sont."),
        html.Div(sections.needs_block(region, region_name, niveau, code), id="process-needs-block"),
        sections.need_form(mine, page.href(), gate.may(Write.NEED)),
        html.H2("Programmes"),
        sections.programmes_block(niveau, code, name),
    ])
