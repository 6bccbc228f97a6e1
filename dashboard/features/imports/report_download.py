"""The full report of an import, downloadable from the Données page: ``/donnees/import/<id>/compte-rendu.txt``.

The journal shows a bounded summary (counts and the first problems); this serves every refused line, to those
who read imports (the regional team and administrators, domain/permissions.py ``READABLE``).
"""

from __future__ import annotations

from flask import Blueprint, Response

from dashboard.access import reading
from dashboard.store import shared
from domain.permissions import Read
from loaders.journal import full_report

blueprint = Blueprint("import_reports", __name__)
RESERVED = f"Le compte rendu complet d'un import est réservé aux {reading.who_reads(Read.IMPORTS)} : connectez-vous."


@blueprint.route("/donnees/import/<int:import_id>/compte-rendu.txt")
def report(import_id: int):
    if not reading.may(Read.IMPORTS):
        return Response(RESERVED, status=403, mimetype="text/plain")
    with shared.cursor() as con:  # not cached: a full report can be large and is rarely asked for
        text = full_report(con, import_id)
    if text is None:
        return Response(f"Aucun import n° {import_id}.", status=404, mimetype="text/plain")
    return Response(text, mimetype="text/plain", headers={
        "Content-Disposition": f'attachment; filename="import-{import_id}-compte-rendu.txt"'})
