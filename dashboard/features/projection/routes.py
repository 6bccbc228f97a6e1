"""The short link and the QR code of a projection screen, for participants to follow on their phones."""

from __future__ import annotations

import io
from urllib.parse import quote

import segno
from flask import Blueprint, Response, abort, redirect

from dashboard.serving import deployment
from dashboard.state import href
from dashboard.store import fetch_imported, queries

blueprint = Blueprint("projection", __name__)


def reading_url(region: str, screen: int) -> str:
    """The participant's light page, which opens on screen ``screen`` and then follows the presenter."""
    return href(f"/suivre/{quote(region)}", ecran=screen)


def qr_svg(text: str) -> bytes:
    """A scalable QR code (SVG with a viewBox only), black on white."""
    buffer = io.BytesIO()
    segno.make(text, error="m").save(buffer, kind="svg", border=2, omitsize=True, xmldecl=False,
                                      dark="#000000", light="#ffffff", title="QR code du lien court")
    return buffer.getvalue()


def _known(region: str) -> None:
    if region not in set(fetch_imported(queries.regions)["code"]):
        abort(404)


@blueprint.route("/p/<region>/<int:screen>")
def short_link(region: str, screen: int):
    _known(region)
    return redirect(reading_url(region, screen))


@blueprint.route("/projection/qr/<region>/<int:screen>.svg")
def qr_code(region: str, screen: int):
    _known(region)
    return Response(qr_svg(f"{deployment.public_base_url()}/p/{region}/{screen}"), mimetype="image/svg+xml",
                    headers={"Cache-Control": "public, max-age=86400"})
