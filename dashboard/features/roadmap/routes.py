"""Downloads of the roadmap that are not a single table: the workbook and the blank template."""

from __future__ import annotations

from flask import Blueprint, Response, request

from dashboard import exports
from dashboard.features.roadmap import exports as roadmap_exports
from dashboard.features.roadmap import (
    maquette_exports,  # noqa: F401  (registers the maquette's downloads)
    template_workbook,
)
from dashboard.features.roadmap.commitment_context import commitment_context

blueprint = Blueprint("roadmap", __name__)
XLSX = exports.MEDIA_TYPES["xlsx"]


def _attachment(body: bytes, name: str) -> Response:
    return Response(body, mimetype=XLSX, headers={"Content-Disposition": f'attachment; filename="{name}"'})


@blueprint.route("/feuille-de-route/classeur.xlsx")
def workbook():
    try:
        view = roadmap_exports.view_of(request.args.to_dict())
    except exports.UnknownExport as error:
        return Response(f"Export impossible : {error}", status=404, mimetype="text/plain")
    return _attachment(roadmap_exports.workbook(view, request.url), f"feuille-de-route-2030-{view.code}.xlsx")


@blueprint.route("/feuille-de-route/modele.xlsx")
def template():
    try:
        region, _ = exports.region_of(request.args.to_dict())
    except exports.UnknownExport as error:
        return Response(f"Modèle indisponible : {error}", status=404, mimetype="text/plain")
    return _attachment(template_workbook.template_for(commitment_context(region)),
                       f"modele-engagements-{region}.xlsx")
