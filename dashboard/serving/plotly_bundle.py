"""The partial plotly.js that the browser loads instead of Dash's full one (4.8 MB).

``make`` builds ``build/plotly-cop.min.js`` from the published ``plotly.js`` npm package with only the
traces the dashboard draws (bundle/). Loaded before Dash's components, it defines ``window.Plotly``,
which dcc.Graph then uses instead of fetching the full plotly.js. Without the build (``make`` not run),
the app falls back to Dash's full plotly.js and says so in its log.
"""

from __future__ import annotations

import hashlib
import logging
from functools import lru_cache
from pathlib import Path

from flask import Blueprint, abort, send_file

BUNDLE = Path(__file__).resolve().parents[2] / "build" / "plotly-cop.min.js"
blueprint = Blueprint("bundles", __name__)


@lru_cache(maxsize=1)
def version() -> str | None:
    """The first characters of the bundle's SHA-256 (its fingerprint), or None when it is not built."""
    if not BUNDLE.exists():
        logging.getLogger("cop").warning("plotly.js partiel absent (%s) : lancez `make bundle`. "
                                         "Le navigateur chargera le plotly.js complet.", BUNDLE)
        return None
    return hashlib.sha256(BUNDLE.read_bytes()).hexdigest()[:16]


def url() -> str | None:
    """The bundle's fingerprinted URL, or None when it is not built."""
    return f"/bundles/{version()}/{BUNDLE.name}" if version() else None


@blueprint.route("/bundles/<fingerprint>/<name>")
def serve(fingerprint: str, name: str):
    if name != BUNDLE.name or fingerprint != version():
        abort(404)
    return send_file(BUNDLE, mimetype="text/javascript")
