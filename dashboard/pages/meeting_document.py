"""A meeting's printable documents on A4 (print rules of assets/style.css): its convocation (what, when, where, who is
invited, the agenda) and its relevé de décisions (who came, what was decided, the roadmap version presented).
``?reunion=N&document=convocation`` or ``document=releve``; parties are organisations, never people."""

from __future__ import annotations

import dash
from dash import dcc, html

from dashboard.components.print_button import print_button
from dashboard.features.process import meeting_view
from dashboard.page_states import MeetingDocumentState, MeetingState
from dashboard.store import fetch
from domain import clock, formats, meetings
from domain.vocabulary import territory_label

DOCUMENTS = {"convocation": "Convocation", "releve": "Relevé de décisions"}

dash.register_page(__name__, path=MeetingDocumentState.PATH, name="Réunion — document",
                   title="Réunion — COP territoriale", nav=False)


def layout(**query):
    state = MeetingDocumentState.from_query(query)
    document = state.document
    record = fetch(meetings.get, state.meeting) if state.meeting else None
    if record is None or document is None:
        return html.Div([html.H1("Document introuvable"), html.P(
            "Ouvrez la convocation ou le relevé de décisions depuis la page de la réunion.",
            id="process-document-unknown")])
    known = fetch(meetings.context, record["region"])
    territory = known.territories.get((record["territory_level"], record["territory_code"]), record["territory_code"])
    body = _convocation(record, known) if document == "convocation" else _record(record, known)
    return html.Article(className="roadmap-document", id="process-document", children=[
        html.Header(className="document-header", children=[
            html.P("Préfecture de région — COP territoriale", className="document-kicker"),
            html.H1(f"{DOCUMENTS[document]} — {record['title']}"),
            html.P(f"{record['instance']} · {territory_label(record['territory_level'], territory)} · "
                   f"{formats.span(record['starts_at'], record['ends_at'])}"
                   + (f" · {record['place']}" if record["place"] else "")
                   + f". Document du {formats.day(clock.now())}.", className="document-subtitle"),
            html.Div(className="fiche-actions", children=[
                dcc.Link("← Retour à la réunion", href=MeetingState(meeting=record["meeting_id"]).href()),
                print_button(f"Imprimer {'la convocation' if document == 'convocation' else 'le relevé'} (A4)")]),
        ]),
        *body,
    ])


def _parties(record: dict, known: meetings.Context, present_only: bool) -> html.Ul | html.P:
    codes = record["present"] if present_only else record["invited"]
    if not codes:
        return html.P("Aucune partie enregistrée.")
    return html.Ul([html.Li(known.parties.get(code, code)) for code in codes])


def _convocation(record: dict, known: meetings.Context) -> list:
    return [
        html.H2("Parties invitées"), _parties(record, known, present_only=False),
        html.H2("Ordre du jour"), meeting_view.agenda(record, known.sectors),
    ]


def _record(record: dict, known: meetings.Context) -> list:
    absent = [known.parties.get(code, code) for code in record["invited"] if code not in record["present"]]
    return [
        html.H2("Parties présentes"), _parties(record, known, present_only=True),
        html.P(f"Excusées ou absentes : {', '.join(absent)}.") if absent else None,
        html.H2("Ordre du jour"), html.Ol([html.Li(item) for item in record["agenda"]]) if record["agenda"] else
        html.P("Ordre du jour non renseigné."),
        html.H2("Décisions"), meeting_view.decisions_list(record["meeting_id"]),
        html.H2("Version de la feuille de route présentée"), meeting_view.version_block(record),
    ]
