"""The callbacks of a meeting page. Each write goes through the gate as a meeting write (``Write.MEETING``) of the
meeting's territory, read on the server (the gate checks the stored meeting's territory too), then opens the page
again on the meeting's new version: what everyone reads is what was saved."""

from __future__ import annotations

import dash
from dash import ClientsideFunction, Input, Output, State

from dashboard import sent
from dashboard.access import gate
from dashboard.features.process import ids
from dashboard.importing import documents
from dashboard.page_states import MeetingState
from dashboard.store import fetch
from domain import meeting_decisions, meeting_preparation, meetings, minutes
from domain.errors import UserError
from domain.permissions import Write

FIELDS = list(ids.MEETING_FIELDS)
TYPED = ("day", "start", "end", "title", "place", "agenda", "minutes")  # the text fields (the others: choices)


def reopened(meeting_id: int, version: int) -> str:
    """The meeting page's query once a write is made: the version in it makes the page render again."""
    return MeetingState(meeting=meeting_id, version=version).search()


def _stored(page: MeetingState, show_at: str) -> dict:
    record = fetch(meetings.get, page.meeting) if page.meeting else None
    if record is None:
        raise UserError("Réunion introuvable : rechargez la page.", show_at)
    return record


def _territory(record: dict) -> tuple[str, str]:
    return record["territory_level"], record["territory_code"]


def _save(_, *values):
    *fields, data = values
    page = MeetingState.from_store(data)
    raw = dict(zip(FIELDS, fields))
    raw.update({key: sent.text(raw[key]) for key in TYPED})
    level, _, code = str(raw.get("territory") or "").partition(":")
    target = {"kind": Write.MEETING, "territory": (level, code), "show_at": ids.MEETING_MESSAGE}
    if not page.meeting:
        meeting_id = gate.write(meetings.create, page.region, raw, **target)
        return reopened(meeting_id, 1)
    record = _stored(page, ids.MEETING_MESSAGE)
    version = gate.write(meetings.update, record["meeting_id"], page.version, raw, record=record["meeting_id"],
                         **target)
    return reopened(record["meeting_id"], version)


def _prepare(_, data):
    page = MeetingState.from_store(data)
    record = _stored(page, ids.PREPARE_MESSAGE)
    gate.write(meeting_preparation.prepare, record["meeting_id"], page.version, kind=Write.MEETING,
               territory=_territory(record), record=record["meeting_id"], show_at=ids.PREPARE_MESSAGE)
    return reopened(record["meeting_id"], record["version"] + 1)


def _upload(contents, filename, page):
    if not contents:
        raise dash.exceptions.PreventUpdate
    record = _stored(MeetingState.from_store(page), ids.MINUTES_MESSAGE)
    gate.require(Write.MEETING, show_at=ids.MINUTES_MESSAGE)
    try:
        name, media_type, data = documents.received_minutes(filename, contents)
    except UserError as error:
        raise error.at(ids.MINUTES_MESSAGE) from None
    gate.write(minutes.save, record["meeting_id"], name, media_type, data, kind=Write.MEETING,
               territory=_territory(record), record=record["meeting_id"], show_at=ids.MINUTES_MESSAGE)
    return reopened(record["meeting_id"], record["version"] + 1)


def _decide(_, text, commitment, effect, page):
    record = _stored(MeetingState.from_store(page), ids.DECISION_MESSAGE)
    gate.write(meeting_decisions.record, record["meeting_id"], sent.text(text), commitment, sent.text(effect),
               kind=Write.MEETING, territory=_territory(record), record=record["meeting_id"],
               show_at=ids.DECISION_MESSAGE)
    return reopened(record["meeting_id"], record["version"] + 1)


def register(app: dash.Dash) -> None:
    app.callback(Output(ids.MEETING_URL, "search", allow_duplicate=True), Input(ids.MEETING_SAVE, "n_clicks"),
                 *[State(ids.MEETING_FIELDS[key], "value") for key in FIELDS], State(ids.PAGE, "data"),
                 prevent_initial_call=True)(_save)
    app.callback(Output(ids.MEETING_URL, "search", allow_duplicate=True), Input(ids.PREPARE, "n_clicks"),
                 State(ids.PAGE, "data"), prevent_initial_call=True)(_prepare)
    app.callback(Output(ids.MEETING_URL, "search", allow_duplicate=True), Input(ids.MINUTES_UPLOAD, "contents"),
                 State(ids.MINUTES_UPLOAD, "filename"), State(ids.PAGE, "data"), prevent_initial_call=True)(_upload)
    app.callback(Output(ids.MEETING_URL, "search", allow_duplicate=True), Input(ids.DECISION_SAVE, "n_clicks"),
                 State(ids.DECISION_TEXT, "value"), State(ids.DECISION_COMMITMENT, "value"),
                 State(ids.DECISION_EFFECT, "value"), State(ids.PAGE, "data"), prevent_initial_call=True)(_decide)
    app.clientside_callback(ClientsideFunction(namespace="uploads", function_name="refusal"),
                            Output(ids.MINUTES_MESSAGE, "children", allow_duplicate=True),
                            Input(ids.MINUTES_UPLOAD, "contents"), State(ids.MINUTES_UPLOAD, "filename"),
                            State(ids.MINUTES_LIMIT, "data"), prevent_initial_call=True)
