"""Refusing what another site makes a visitor's browser send: no sign-in, form or callback posted from elsewhere.

A page on another site can make a browser POST to this one, its cookies or not: an auto-submitted form
signs the victim in as the attacker's account (login CSRF) or, if cookies went along, writes as the victim.
Every request that is not a read (any method but GET, HEAD and OPTIONS) must come from a page of this site,
as browsers tell (the check of Go's ``net/http.CrossOriginProtection``):

- ``Sec-Fetch-Site``, sent by every current browser: only ``same-origin`` (a page of this site) or ``none``
  (typed by the user, a bookmark) pass; ``same-site`` (another port or subdomain) and ``cross-site`` do not;
- without it (an older browser, or plain http to an address that is not local), ``Origin`` must name this
  host (or the public address, ``COP_URL_PUBLIQUE``); a request with neither header comes from no browser
  (a script, ``curl``), which no other site can drive, and passes.

No token to keep in the forms: the check covers the plain HTML forms (sign-in, sign-out, invitation, new
password) and Dash's callbacks alike, before anything is read or counted.
"""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

from flask import Flask, Response, request

from dashboard.access.auth_pages import cross_site_page
from dashboard.serving.deployment import configured_public_url

READS = {"GET", "HEAD", "OPTIONS"}
FROM_THIS_SITE = {"same-origin", "none"}
REFUSED = ("elle a été envoyée depuis un autre site que le tableau de bord ; rien n'a été fait. "
           "Pour vous connecter ou modifier, ouvrez directement l'adresse du tableau de bord.")

log = logging.getLogger(__name__)


def from_elsewhere() -> bool:
    """Whether this request is a write that a page of another site made the browser send."""
    if request.method in READS:
        return False
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site is not None:
        return fetch_site not in FROM_THIS_SITE
    origin = request.headers.get("Origin")
    if origin is None:
        return False
    return urlsplit(origin).netloc.lower() not in _own_hosts()


def _own_hosts() -> set[str]:
    public = urlsplit(configured_public_url()).netloc
    return {request.host.lower(), public.lower()} - {""}


def refuse_from_elsewhere() -> Response | None:
    if not from_elsewhere():
        return None
    log.warning("Requête d'un autre site refusée : %s %s, origine %r, Sec-Fetch-Site %r, adresse %s", request.method,
                request.path, request.headers.get("Origin"), request.headers.get("Sec-Fetch-Site"),
                request.remote_addr)
    if request.path.startswith("/_dash"):
        return Response(f"Requête refusée : {REFUSED}", status=403, mimetype="text/plain")
    return Response(cross_site_page(REFUSED), status=403, mimetype="text/html")


def init_app(server: Flask) -> None:
    """Check every request first, before sign-in throttling, Dash or any page reads it."""
    server.before_request_funcs.setdefault(None, []).insert(0, refuse_from_elsewhere)
