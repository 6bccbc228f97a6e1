"""The app's one error path: what the user can fix is shown in French, the rest is logged.

``show_error`` is Dash's ``on_error``, for every callback (page layouts included): a UserError
is shown at its field or in the page's alert, a busy database says so, and anything else is
logged with its traceback while the user reads a generic French message. ``init_app`` answers
HTTP routes (pages, exports, sign-in) with the same French message when the database is busy.
"""

from __future__ import annotations

import logging

from dash import set_props
from flask import Flask, Response
from markupsafe import escape

from data.db import DatabaseBusy
from domain.errors import UserError
from loaders.errors import LoadError

PAGE_ALERT = "erreur-globale"
BUSY = "La base est en cours de mise à jour (import en cours) ; réessayez dans quelques secondes."
UNEXPECTED = ("Une erreur inattendue a empêché d'afficher cette vue. Rechargez la page ; si l'erreur persiste, "
              "signalez-la à l'administrateur de l'outil avec l'adresse de la page.")
NOTHING_CHANGED = "Aucune donnée n'a été modifiée."
RETRY_SECONDS = 5

log = logging.getLogger("cop")


def show_error(error: Exception) -> None:
    """Dash's ``on_error``: the callback's outputs stay as they were; the message goes where it belongs."""
    if isinstance(error, UserError):
        message = f"{error.message} {NOTHING_CHANGED}" if isinstance(error, LoadError) else error.message
        if error.field is not None:
            set_props(error.field, {"children": message})
            return
    elif isinstance(error, DatabaseBusy):
        message = BUSY
    else:
        log.error("Erreur dans un rappel Dash", exc_info=error)
        message = UNEXPECTED
    set_props(PAGE_ALERT, {"hidden": False, "children": message})


def init_app(server: Flask) -> None:
    server.register_error_handler(DatabaseBusy, _busy)


def _busy(_error: DatabaseBusy) -> Response:
    """503 with the French message (and when to retry), never a bare « 500 Internal Server Error »."""
    page = (f'<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>Base en cours de mise à jour'
            f'</title><link rel="stylesheet" href="/assets/style.css"></head><body><main class="fr-container">'
            f'<p class="fr-alert" role="alert">{escape(BUSY)}</p></main></body></html>')
    return Response(page, status=503, mimetype="text/html", headers={"Retry-After": str(RETRY_SECONDS)})
