"""A territory's course through the COP, as the Déclinaison's fiche territoire shows and prints it: its four steps
(planned and actual dates, state) and the step reached, its last meeting held and its next one, its open engineering
needs, and a link to its page of the process, where they are recorded. The course is today's, even on the fiche of a
frozen version: the versions freeze commitments and shares, not the process."""

from __future__ import annotations

from dash import dcc, html

from dashboard.features.process.territory_sections import steps_block
from dashboard.page_states import MeetingState, ProcessTerritoryState
from dashboard.store import fetch
from domain import clock, formats, meetings, needs, steps
from domain.process import STEP_LEVELS

STEPS_TABLE, REACHED = "split-sheet-steps", "split-sheet-reached"
LAST, NEXT, NEEDS = "split-sheet-last-meeting", "split-sheet-next-meeting", "split-sheet-needs"


def course_section(region: str, level: str, code: str, name: str) -> html.Section | None:
    """The section « Déroulement de la COP » of the territory's fiche; None for a territory the process does not
    follow (one outside the region's)."""
    if (level, code) not in fetch(meetings.territories, region):
        return None
    now = clock.now()
    found = fetch(meetings.region_meetings, region)
    mine = found[(found["territory_level"] == level) & (found["territory_code"] == code)]
    last = meetings.last_held(mine, level, now)
    coming = mine[mine["starts_at"] > now].head(1)
    wanting = needs.open_needs(fetch(needs.region_needs, region))
    wanting = wanting[(wanting["territory_level"] == level) & (wanting["territory_code"] == code)]
    page = ProcessTerritoryState(region=region, level=level, code=code).href()
    return html.Section(id="split-sheet-course", children=[
        html.H2("Déroulement de la COP"),
        html.P(f"État au {formats.day(now)}.", className="provenance"),
        steps_block(fetch(steps.region_steps, region), level, code, name, STEPS_TABLE, REACHED)
        if level in STEP_LEVELS else None,
        html.P(["Dernière réunion : ", _meeting(last.iloc[0] if len(last) else None)], id=LAST, className="fr-mt-2w"),
        html.P(["Prochaine réunion : ", _meeting(coming.iloc[0] if len(coming) else None, "aucune prévue")], id=NEXT),
        html.H3("Besoins d'ingénierie ouverts"),
        html.Ul([html.Li(needs.said(row)) for row in wanting.itertuples()], id=NEEDS) if len(wanting)
        else html.P("Aucun besoin ouvert (« exprimé » ou « en cours »).", id=NEEDS),
        html.P(dcc.Link("Étapes, réunions et besoins du territoire (Déroulement de la COP)", href=page,
                        id="split-sheet-course-link"), className="no-print"),
    ])


def _meeting(row, missing: str = "aucune") -> html.Span | str:
    if row is None:
        return missing
    return dcc.Link(meetings.said(row), href=MeetingState(meeting=int(row["meeting_id"])).href())
