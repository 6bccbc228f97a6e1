"""What serving the app for real needs: the public base URL, long-lived caching and one-time compression
of fingerprinted static files, and the proxy's forwarded headers.

A fingerprinted URL names one version of a file (Dash's component suites ``….v4_4_1m1732….js``, assets
with ``?m=<mtime>``, the plotly.js bundle ``/bundles/<hash>/…``): browsers may keep it a year without
asking again. Its compressed body is computed once per process and kept (or made beforehand at brotli's best
by ``python -m dashboard.serving.precompress``), instead of flask-compress compressing the same megabyte on every
request.
"""

from __future__ import annotations

import gzip
import hashlib
import ipaddress
import logging
import os
import threading
from urllib.parse import urlsplit

import brotli
from dash.fingerprint import check_fingerprint
from flask import Flask, Response, request
from werkzeug.middleware.proxy_fix import ProxyFix

from dashboard.serving import precompress, processes

PUBLIC_URL_SETTING = "COP_URL_PUBLIQUE"
PROXY_SETTING = "COP_PROXY"
IMMUTABLE = "public, max-age=31536000, immutable"
COMPRESSIBLE = {"application/javascript", "text/javascript", "text/css", "application/json", "image/svg+xml"}
# Security headers that only a page (a document) obeys: scripts, style sheets and Dash's JSON answers (sent
# with ``nosniff``, never run as a page) do without them; they weighed 20 KiB over the 40 answers of a first
# visit. An SVG keeps them: opened alone, it is a document.
DOCUMENT_ONLY = ("Content-Security-Policy", "Permissions-Policy", "X-Frame-Options")
NOT_DOCUMENTS = {"application/javascript", "text/javascript", "text/css", "application/json", "font/woff2", "font/woff"}
ENCODERS = {"br": lambda data: brotli.compress(data, quality=9), "gzip": lambda data: gzip.compress(data, 9)}
# The answers kept until the next write (dashboard/serving/page_answers.py) are compressed again after each one: at
# brotli's quality 5, the roadmap's answer (668 KB) takes 4.7 ms instead of 19.8 ms at 9, for 5 % more bytes.
ANSWER_ENCODERS = {"br": lambda data: brotli.compress(data, quality=5), "gzip": lambda data: gzip.compress(data, 6)}
log = logging.getLogger("cop")
_warned: set[str] = set()


def configured_public_url() -> str:
    """``COP_URL_PUBLIQUE`` without a trailing slash; empty when it is not set."""
    return os.environ.get(PUBLIC_URL_SETTING, "").strip().rstrip("/")


def public_base_url() -> str:
    """The address participants reach the app at, without a trailing slash: ``COP_URL_PUBLIQUE`` if
    set, else the current request's host (a warning, once per address, when that is a loopback address,
    which phones in the room cannot open)."""
    configured = configured_public_url()
    if configured:
        return configured
    base = request.host_url.rstrip("/")
    if is_loopback(urlsplit(base).hostname or "") and base not in _warned:
        _warned.add(base)
        log.warning("Les liens courts et QR codes pointent vers %s, une adresse locale que les téléphones "
                    "ne peuvent pas ouvrir : définissez %s (par exemple https://cop.exemple.fr).",
                    base, PUBLIC_URL_SETTING)
    return base


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def is_fingerprinted(path: str, query: dict) -> bool:
    """Whether the URL names one version of a file, so that its content never changes."""
    if path.startswith("/_dash-component-suites/"):
        return check_fingerprint(path)[1]
    if path.startswith("/assets/"):
        return "m" in query
    return path.startswith("/bundles/")


def is_package_file(path: str) -> bool:
    """A file of an installed package (the scripts that load when a component first shows, such as the grid's
    ``async-community.js``, have no fingerprint: the browser checks them again, but they are compressed once)."""
    return path.startswith("/_dash-component-suites/")


class CompressedOnce:
    """Compressed bodies of fingerprinted files, computed on first request and kept for the process."""

    def __init__(self):
        self._bodies: dict[tuple[str, str, str], bytes] = {}
        self._lock = threading.Lock()

    def body(self, path: str, encoding: str, data: bytes) -> bytes:
        key = (path, encoding, hashlib.sha1(data).hexdigest())
        with self._lock:
            found = self._bodies.get(key)
        if found is None:
            found = precompress.found(data, encoding) or ENCODERS[encoding](data)
            with self._lock:
                self._bodies[key] = found
        return found


def chosen_encoding() -> str | None:
    accepted = request.accept_encodings
    return next((name for name in ENCODERS if accepted.quality(name) > 0), None)


def init_app(server: Flask) -> None:
    """Register the static-file headers: after ``Compress(server)`` and before the security headers
    (``security.protect``), so that this runs after those are set and before the compression."""
    compressed = CompressedOnce()
    # The writer of several processes reads no proxy's headers: its readers tell it the client's (serving/writer.py).
    if os.environ.get(PROXY_SETTING, "").strip() in {"1", "oui", "true"} and processes.role() != processes.WRITER:
        server.wsgi_app = ProxyFix(server.wsgi_app, x_for=1, x_proto=1, x_host=1)

    @server.after_request
    def drop_document_headers(response: Response) -> Response:
        if response.mimetype in NOT_DOCUMENTS:
            for header in DOCUMENT_ONLY:
                response.headers.pop(header, None)
        return response

    @server.after_request
    def cache_fingerprinted(response: Response) -> Response:
        fingerprinted = is_fingerprinted(request.path, request.args)
        if response.status_code != 200 or not (fingerprinted or is_package_file(request.path)):
            return response
        if fingerprinted:
            response.headers["Cache-Control"] = IMMUTABLE
        encoding = chosen_encoding()
        if encoding and response.mimetype in COMPRESSIBLE and "Content-Encoding" not in response.headers:
            response.direct_passthrough = False
            response.set_data(compressed.body(request.path, encoding, response.get_data()))
            response.headers["Content-Encoding"] = encoding
            response.vary.add("Accept-Encoding")
        return response
