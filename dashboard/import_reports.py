"""The full report of an import, downloadable from the Données page: ``/donnees/import/<id>/compte-rendu.txt``.

The journal shows a bounded summary (counts and the first problems); this serves every refused line.
"""

from __future__ import annotations

from flask import Blueprint, Response

from dashboard.store import shared
from loaders.journal import full_report

blueprint = Blueprint("import_reports", __name__)


@blueprint.route("/donnees/import/<int:import_id>/compte-rendu.txt")
def report(import_id: int):
    with shared.cursor() as con:  # not cached: a full report can be large and is rarely asked for
        text = full_report(con, import_id)
    if text is None:
        return Response(f"Aucun import n° {import_id}.", status=404, mimetype="text/plain")
    return Response(text, mimetype="text/plain", headers={
        "Content-Disposition": f'attachment; filename="import-{import_id}-compte-rendu.txt"'})
