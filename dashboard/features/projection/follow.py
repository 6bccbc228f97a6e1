"""Phones that follow the presenter: the presenter's page publishes where it is, participants' phones show it.

- ``POST /projection/position/<region>`` (accounts whose role may present, ``Write.PRESENTATION``: an
  anonymous visitor, a reader or a contributor cannot move the room's screen) — ``{"screen": N, "proposals":
  {lever: ktCO₂e}, "meeting": M}``, sent by assets/projection.js when the screen or the « et si » proposal
  changes, and as a heartbeat. With a meeting of the region, N counts in its agenda's screens
  (dashboard/features/projection/agenda.py), and the position carries their numbers in the region's sequence.
- ``GET /suivre/<region>?ecran=N`` — the participant's light page: a small HTML page with the region's
  screens data inline and two scripts (assets/projection-screens.js draws the screens, the same code as
  the presenter's; assets/follow.js follows). No Dash renderer, no plotly.js. N counts in the sequence the room
  presents now.
- ``GET /suivre/<region>/flux`` — Server-Sent Events: the position at once, then each move.

Why Server-Sent Events rather than long-polling: both hold one gunicorn thread per waiting phone, but a
stream sends a move as one small write to an open connection, where long-polling makes every phone send
a new request after each move (200 requests at once, right when the room moves). The browser's
EventSource reconnects by itself and resumes from the last event id. Streams are bounded: at most
``room.FOLLOWER_SLOTS`` at once (gunicorn has that many threads on top of the dashboard's), and each
ends after ``STREAM_SECONDS`` (the phone reconnects at once), so a phone that vanished without closing
its connection does not keep its thread for long.
"""

from __future__ import annotations

import html
import json
import math
import time

from flask import Blueprint, Response, abort, request

from dashboard.access import auth
from dashboard.features.projection import assets
from dashboard.features.projection.agenda import presented
from dashboard.features.projection.room import Position, follower_slots, room
from dashboard.features.projection.screens import cut, payload
from dashboard.store import fetch, fetch_imported, queries
from domain import permissions
from domain.permissions import Write
from domain.ranges import AVOIDED_KT

blueprint = Blueprint("follow", __name__)
STREAM_SECONDS = 300
PING_SECONDS = 10
RETRY_MS = 1000
NOT_FOLLOWED = "Les téléphones ne suivent pas cet écran : {}."
UNREADABLE = "Position illisible : rechargez la page de projection."


def _region_data(region: str) -> dict:
    if region not in set(fetch_imported(queries.regions)["code"]):
        abort(404)
    return fetch(payload, region)


def checked_position(data: dict, body) -> tuple[int, dict[str, float]]:
    """The screen and proposals of a presenter's message, checked against the region's screens and levers;
    ValueError (French) when something does not fit."""
    if not isinstance(body, dict) or not isinstance(body.get("proposals", {}), dict):
        raise ValueError(UNREADABLE)
    screen = body.get("screen")
    if not isinstance(screen, int) or isinstance(screen, bool) or not 1 <= screen <= len(data["screens"]):
        raise ValueError(f"Écran inconnu : {screen!r} (la séquence compte {len(data['screens'])} écrans).")
    proposals = {}
    for lever_id, value in body.get("proposals", {}).items():
        if lever_id not in data["levers"]:
            raise ValueError(f"Levier inconnu dans la proposition : {lever_id!r}.")
        if (not isinstance(value, (int, float)) or isinstance(value, bool) or not math.isfinite(value)
                or AVOIDED_KT.problem(value)):
            raise ValueError(f"Proposition illisible pour le levier {lever_id!r} : {value!r}.")
        if value > 0:
            proposals[lever_id] = float(value)
    return screen, proposals


def checked_sequence(region: str, body) -> tuple[int, ...] | None:
    """The screens presented, by their numbers in the region's sequence: those of the meeting a presenter's message
    names (None: every screen); ValueError (French) for a meeting that is not one of the region's."""
    meeting = body.get("meeting") if isinstance(body, dict) else None
    if meeting is None:
        return None
    shown = presented(region, meeting) if isinstance(meeting, int) and not isinstance(meeting, bool) else None
    if shown is None:
        raise ValueError(f"Réunion inconnue dans la région : {meeting!r}.")
    return tuple(shown.sequence)


@blueprint.route("/projection/position/<region>", methods=["POST"])
def publish(region: str):
    if (refused := presenting_refusal()) is not None:
        return Response(refused, status=403, mimetype="text/plain")
    data, body = _region_data(region), request.get_json(silent=True)
    try:
        sequence = checked_sequence(region, body)
        screen, proposals = checked_position(cut(data, sequence and list(sequence)), body)
    except ValueError as error:
        return Response(str(error), status=400, mimetype="text/plain")
    position = room(region).publish(screen, proposals, sequence)
    return {"version": position.version}


def presenting_refusal() -> str | None:
    """Why the phones do not follow this visitor's projection page, in French; None when they do."""
    role = auth.editor_role()
    if role is None:
        return NOT_FOLLOWED.format("connectez-vous avec un compte d'éditeur")
    return None if permissions.may(role, Write.PRESENTATION) else NOT_FOLLOWED.format(
        permissions.forbidden(role, Write.PRESENTATION))


def event(name: str, data: dict, version: int | None = None) -> str:
    """One Server-Sent Event."""
    head = f"id: {version}\n" if version is not None else ""
    return f"{head}event: {name}\ndata: {json.dumps(data, separators=(',', ':'))}\n\n"


def position_event(position: Position) -> str:
    return event("position", {"version": position.version, "screen": position.screen,
                              "proposals": position.proposals,
                              "sequence": None if position.sequence is None else list(position.sequence)},
                 position.version)


def presence(region: str) -> str:
    silent = room(region).silent_for()
    return event("presence", {"silent": None if silent is None else round(silent, 1)})


def events(region: str, after: int):
    """The stream of one phone: the position if newer than ``after``, each move, a presence ping every
    ``PING_SECONDS``; « complet » when every slot is taken (the phone retries)."""
    if not follower_slots.acquire(blocking=False):
        yield f"retry: {RETRY_MS * 5}\n" + event("complet", {})
        return
    try:
        yield f"retry: {RETRY_MS}\n" + presence(region)
        deadline = time.monotonic() + STREAM_SECONDS
        while (left := deadline - time.monotonic()) > 0:
            position = room(region).next_position(after, min(PING_SECONDS, left))
            if position is None:
                yield presence(region)
            else:
                after = position.version
                yield position_event(position)
        yield event("fin", {})
    finally:
        follower_slots.release()


@blueprint.route("/suivre/<region>/flux")
def stream(region: str):
    _region_data(region)
    try:
        after = int(request.headers.get("Last-Event-ID") or request.args.get("depuis") or 0)
    except ValueError:
        after = 0
    return Response(events(region, after), mimetype="text/event-stream", headers={
        "Cache-Control": "no-store", "X-Accel-Buffering": "no"})


def inline_json(data: dict) -> str:
    """JSON safe inside a ``<script type="application/json">`` block."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")


@blueprint.route("/suivre/<region>")
def follower_page(region: str):
    data = _region_data(region)
    now = room(region).current()
    sequence = None if now is None or now.sequence is None else list(now.sequence)
    try:
        screen = min(max(int(request.args.get("ecran", 1)), 1), len(cut(data, sequence)["screens"]))
    except ValueError:
        screen = 1
    name = html.escape(data["region"]["name"])
    styles = "".join(f'<link rel="stylesheet" href="{assets.url(n)}">'
                     for n in assets.FOLLOWER if n.endswith(".css"))
    scripts = "".join(f'<script src="{assets.url(n)}" defer></script>'
                      for n in assets.FOLLOWER if n.endswith(".js"))
    page = f"""<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{name} — écran de la COP territoriale</title>{styles}{scripts}</head>
<body><main id="follow" class="projection projection--lecture follow" data-region="{html.escape(region)}"
 data-screen="{screen}" data-sequence="{html.escape(json.dumps(sequence))}">
<p id="follow-status" class="follow-status" role="status">Connexion à l'écran de présentation…</p>
<div id="follow-screen" class="projection-screen" aria-live="polite"><h1 class="projection-title">{name}</h1>
<noscript><p>Activez JavaScript pour suivre l'écran de présentation.</p></noscript></div>
<div id="follow-visual" class="projection-visual"></div>
<p id="follow-trajectory" class="follow-trajectory"></p>
<p id="follow-whatif" class="follow-whatif" hidden></p>
<p id="follow-position" class="projection-position"></p>
<p class="projection-provenance">{html.escape(data["provenance"])}</p>
</main>
<script type="application/json" id="follow-data">{inline_json(data)}</script>
</body></html>"""
    return Response(page, mimetype="text/html", headers={"Cache-Control": "no-cache"})
