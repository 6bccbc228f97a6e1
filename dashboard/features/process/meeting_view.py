"""What a meeting page shows, for everyone: its description, parties, agenda, decisions, minutes and the roadmap
version it presented. Also the printable documents' parts (dashboard/pages/meeting_document.py)."""

from __future__ import annotations

import pandas as pd
from dash import dcc, html

from dashboard.access import reading
from dashboard.components.table import scrolling_table
from dashboard.features.process import ids, routes
from dashboard.page_states import MeetingDocumentState, ProcessTerritoryState, RoadmapState
from dashboard.state import href
from dashboard.store import fetch
from dashboard.tables import Table
from domain import formats, meeting_decisions, minutes, parties, versions
from domain.meeting_preparation import projected_sectors
from domain.meetings import Context, sectors
from domain.permissions import Read
from domain.vocabulary import territory_label


def heading(record: dict, known: Context) -> list:
    """The meeting's title and what it is: instance, territory (a link to its page), day and hours, place."""
    name = known.territories.get((record["territory_level"], record["territory_code"]), record["territory_code"])
    territory = ProcessTerritoryState(region=record["region"], level=record["territory_level"],
                                      code=record["territory_code"]).href()
    return [html.H1(record["title"], id="process-meeting-title-shown"),
            html.P([f"{record['instance']} · ", dcc.Link(territory_label(record["territory_level"], name),
                                                         href=territory, id="process-meeting-territory-link"),
                    f" · {formats.span(record['starts_at'], record['ends_at'])}"
                    + (f" · {record['place']}" if record["place"] else "")], className="provenance")]


def parties_table(record: dict, known: Context) -> html.Div:
    if not record["invited"]:
        return html.P("Aucune partie invitée n'est enregistrée.")
    register = fetch(parties.region_parties, record["region"]).set_index("code")
    frame = pd.DataFrame({
        "Partie": [known.parties.get(code, f"{code} (retirée du registre)") for code in record["invited"]],
        "Type": [register["kind"].get(code, "") for code in record["invited"]],
        "Invitée": "oui",
        "Présente": ["oui" if code in record["present"] else "non" for code in record["invited"]],
    })
    return scrolling_table(Table("Parties invitées et présentes", frame), "process-meeting-parties")


def agenda(record: dict, region_sectors: list[str]) -> html.Div:
    shown = projected_sectors(record, region_sectors)
    return html.Div([
        html.Ol([html.Li(item) for item in record["agenda"]], id="process-meeting-agenda-list")
        if record["agenda"] else html.P("Ordre du jour non renseigné."),
        html.P(f"Secteurs à l'ordre du jour : {', '.join(sectors(record)) or 'tous (aucun choisi)'} ; la projection "
               f"préparée montre {formats.counted(len(shown), 'secteur')}.", id="process-meeting-sectors-shown"),
    ])


def decisions_list(meeting_id: int) -> html.Div:
    found = fetch(meeting_decisions.decisions, meeting_id)
    if found.empty:
        return html.P("Aucune décision enregistrée.", id=ids.DECISIONS)
    return html.Ol(id=ids.DECISIONS, children=[
        html.Li([html.Span(row.text), *([html.Br(), html.Small(said)] if (said := meeting_decisions.effect_said(row))
                                        else [])]) for row in found.itertuples()])


def minutes_block(record: dict) -> html.Div:
    kept = fetch(minutes.info, record["meeting_id"])
    file_part = html.P("Aucun compte rendu déposé.", id="process-minutes-file") if kept is None else html.P(
        id="process-minutes-file", children=[
            f"Compte rendu déposé : {kept.file_name} ({formats.size(kept.size)}), le "
            f"{formats.moment(kept.uploaded_at)}{_by(kept.uploaded_by)}. SHA-256 : ",
            html.Code(kept.sha256, className="process-sha"), ". ",
            html.A("Télécharger", href=routes.minutes_url(record["meeting_id"]), download="")
            if reading.may(Read.PEOPLE) else f"(téléchargeable par les seuls {reading.who_reads(Read.PEOPLE)})"])
    written = reading.minutes(record["minutes"])
    if written:
        text = dcc.Markdown(written, id="process-minutes-text")
    elif record["minutes"]:
        text = html.P(f"Compte rendu écrit : visible des seuls {reading.who_reads(Read.PEOPLE)} (il peut nommer des "
                      "personnes).", id="process-minutes-text")
    else:
        text = html.P("Pas de compte rendu écrit dans l'outil.", id="process-minutes-text")
    return html.Div([text, file_part])


def _by(author: str | None) -> str:
    shown = reading.person(author, "")
    return f" par {shown}" if shown else ""


def version_block(record: dict) -> html.P:
    """The frozen version presented, with a link to compare it with today's roadmap."""
    if record["version_id"] is None:
        said = ("Projection préparée le " + formats.moment(record["prepared_at"]) + " ; la feuille de route n'avait "
                "aucun engagement à figer.") if record["prepared_at"] is not None else "Réunion pas encore préparée."
        return html.P(said, id="process-meeting-version")
    frozen = fetch(versions.versions, record["region"])
    name = frozen.loc[frozen["version_id"] == record["version_id"], "name"]
    link = RoadmapState(region=record["region"]).href()
    return html.P(id="process-meeting-version", children=[
        f"Version présentée : « {name.iloc[0] if len(name) else record['version_id']} » (n° {record['version_id']}), "
        f"figée le {formats.moment(record['prepared_at'])}. ",
        dcc.Link("La comparer à la feuille de route actuelle (section « Versions »)", href=link)])


def documents_links(record: dict) -> html.Div:
    meeting_id = record["meeting_id"]
    return html.Div(className="downloads", children=[
        dcc.Link("Convocation (A4)", href=MeetingDocumentState(meeting=meeting_id, document="convocation").href(),
                 className="fr-btn fr-btn--secondary", id="process-convocation-link"),
        dcc.Link("Relevé de décisions (A4)", href=MeetingDocumentState(meeting=meeting_id, document="releve").href(),
                 className="fr-btn fr-btn--secondary", id="process-record-link"),
        html.A("Agenda (iCalendar)", href=routes.calendar_url(meeting_id), download="",
               className="fr-btn fr-btn--secondary", id="process-meeting-calendar"),
        html.A("Tableau (XLSX)", href=href("/export/reunion.xlsx", reunion=meeting_id), download="",
               className="fr-btn fr-btn--secondary", id="process-meeting-xlsx"),
    ])
