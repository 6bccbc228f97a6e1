"""Every request's body is bounded before anything reads it.

Dash parses the whole JSON body of ``/_dash-update-component`` before any callback (and so any permission
check) runs: one anonymous 400 MB request took the worker from 243 to 1 769 MiB. The same route serves the
upload of a file to import and every other callback, and which callback a request calls is only known once
its body is parsed; so the limit follows the account instead, read from the session cookie: a signed-in
account allowed to import may send a file within the upload limit (its data URL, base64, weighs 4/3 of the
file, plus what any request carries), one allowed to record meetings its minutes (``MINUTES``); everyone else,
``SMALL``. The limit is Flask's per-request
``max_content_length``, set before any other hook: a larger declared body is answered 413, in French, before a
byte of it is read, and a body of undeclared length (chunked) is refused with 411 (browsers always declare it).
"""

from __future__ import annotations

from flask import Flask, Response, request
from werkzeug.exceptions import RequestEntityTooLarge

from dashboard.access import gate
from dashboard.importing import documents, uploads
from domain import formats
from domain.permissions import Write

SMALL = 2_000_000  # the largest callback but an upload carries some tens of kilobytes
UPLOAD = uploads.data_url_limit() + SMALL
MINUTES = uploads.data_url_limit(documents.MINUTES_LIMIT) + SMALL  # a meeting's minutes (PDF, ODT, DOCX)
UNDECLARED = "Requête refusée : la taille de son contenu doit être annoncée (en-tête Content-Length)."
TOO_LARGE = "Requête trop volumineuse{size} : la limite est de {limit} pour cette requête."
IMPORTERS = ("Les fichiers à importer ({}) se déposent sur la page « Données et méthode », avec un compte "
             "autorisé à importer.")


def init_app(server: Flask) -> None:
    server.config["MAX_CONTENT_LENGTH"] = UPLOAD  # the ceiling, whatever the hooks
    server.before_request_funcs.setdefault(None, []).insert(0, _bound_body)
    server.register_error_handler(RequestEntityTooLarge, _too_large)


def body_limit() -> int:
    """What the current request's body may weigh: a file to import for an account that imports, a meeting's minutes
    for one that records meetings."""
    return UPLOAD if gate.may(Write.IMPORT) else MINUTES if gate.may(Write.MEETING) else SMALL


def _bound_body() -> Response | None:
    declared = request.content_length
    if declared is None and "chunked" in request.headers.get("Transfer-Encoding", "").lower():
        return Response(UNDECLARED, status=411, mimetype="text/plain")
    request.max_content_length = SMALL if declared is None or declared <= SMALL else body_limit()
    if declared is not None and declared > request.max_content_length:
        return _too_large(None)
    return None


def _too_large(_error: RequestEntityTooLarge | None) -> Response:
    declared = request.content_length
    size = f" ({formats.size(declared)})" if declared else ""
    limit = request.max_content_length or UPLOAD
    message = TOO_LARGE.format(size=size, limit=formats.size(limit))
    if limit < UPLOAD:
        message += " " + IMPORTERS.format(uploads.limit_text())
    return Response(message, status=413, mimetype="text/plain")
