"""A meeting of the COP: what it is, who was invited and came, its agenda, decisions and minutes, the roadmap version
it presented; printable, downloadable, and prepared for the projection from here. ``?reunion=N`` opens one;
``?region=53&territoire=crte:…`` the form of a new meeting of that territory."""

from __future__ import annotations

import dash
from dash import dcc, html

from dashboard.access import gate
from dashboard.components.history import history_disclosure, history_table
from dashboard.components.read_only import read_only_note
from dashboard.features.process import ids, meeting_form, meeting_view
from dashboard.features.projection.agenda import presented
from dashboard.page_states import MeetingState, ProcessState, ProjectionState
from dashboard.store import fetch, fetch_imported, queries
from domain import commitment_store, meetings
from domain.meetings import LABELS
from domain.permissions import Write

TITLE = "Réunion"

dash.register_page(__name__, path=MeetingState.PATH, name=TITLE, title=f"{TITLE} — COP territoriale", nav=False)


def layout(**query):
    page = MeetingState.from_query(query)
    record = fetch(meetings.get, page.meeting) if page.meeting else None
    if record is not None:
        return _meeting(record)
    if page.region in set(fetch_imported(queries.regions)["code"]) and "reunion" not in query:
        return _new(page)
    return html.Div([html.H1(TITLE), html.P("Réunion introuvable : ouvrez-la depuis la page « Déroulement de la COP ».",
                                            id="process-meeting-unknown"),
                     dcc.Link("Déroulement de la COP", href=ProcessState(region=page.region).href())])


def _new(page: MeetingState) -> html.Div:
    known = fetch(meetings.context, page.region)
    body = meeting_form.meeting_form(known, None, page.territory) if gate.may(Write.MEETING) else \
        html.P(read_only_note(page.href(), Write.MEETING))
    return html.Div([
        dcc.Location(id=ids.MEETING_URL, refresh="callback-nav"),
        dcc.Store(id=ids.PAGE, data=MeetingState(region=page.region).stored()),
        html.H1("Nouvelle réunion"),
        html.P("Les parties se choisissent dans le registre des parties de la région ; une partie absente du "
               "registre s'y ajoute d'abord (page « Registre des parties »)."),
        body,
    ])


def _meeting(record: dict) -> html.Div:
    known = fetch(meetings.context, record["region"])
    meeting_id, editing = record["meeting_id"], gate.may(Write.MEETING)
    here = MeetingState(meeting=meeting_id).href()
    return html.Div([
        dcc.Location(id=ids.MEETING_URL, refresh="callback-nav"),
        dcc.Store(id=ids.PAGE, data=MeetingState(region=record["region"], meeting=meeting_id,
                                                 version=record["version"]).stored()),
        *meeting_view.heading(record, known),
        meeting_view.documents_links(record),
        html.H2("Parties"), meeting_view.parties_table(record, known),
        html.H2("Ordre du jour"), meeting_view.agenda(record, known.sectors),
        html.H2("Projection et version présentée"),
        meeting_view.version_block(record),
        _presentation(record) if record["prepared_at"] is not None else None,
        meeting_form.preparation(record["prepared_at"] is not None) if editing else None,
        html.H2("Décisions"), meeting_view.decisions_list(meeting_id),
        meeting_form.decision_form(_commitments(record["region"])) if editing else None,
        html.H2("Compte rendu"), meeting_view.minutes_block(record),
        meeting_form.minutes_upload() if editing else None,
        html.H2("Modifier la réunion"),
        meeting_form.meeting_form(known, record, None) if editing else html.P(read_only_note(here, Write.MEETING)),
        history_disclosure("process-meeting-history", "Historique de la réunion", history_table(
            f"Historique de la réunion n° {meeting_id}", fetch(meetings.history, meeting_id), LABELS.get),
            "historique-reunion", {"reunion": meeting_id}),
    ])


def _presentation(record: dict) -> html.P:
    """The link that presents the meeting: the mode projection on its agenda's screens only (the region's, then
    those of the sectors on its agenda: dashboard/features/projection/agenda.py), counted alike by the phones."""
    shown = presented(record["region"], record["meeting_id"])
    return html.P(dcc.Link(f"Présenter (mode projection, {len(shown.sequence)} écrans de l'ordre du jour)",
                           id=ids.PRESENT, className="fr-btn",
                           href=ProjectionState(region=record["region"], meeting=record["meeting_id"]).href()))


def _commitments(region: str) -> list[dict]:
    found = fetch(commitment_store.region_commitments, region)
    return [{"label": f"n° {row.commitment_id} — {row.title} ({row.territory_name}, {row.status})",
             "value": int(row.commitment_id)} for row in found.itertuples()]
