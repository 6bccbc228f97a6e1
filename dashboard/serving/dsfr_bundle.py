"""The State's design system (DSFR), as ``make`` builds it from the ``@gouvfr/dsfr`` npm package (bundle/dsfr.mjs).

``build/dsfr/`` holds one style sheet (the DSFR core and the components of the frame) and the Marianne faces it
names by relative URLs. Both are served under one fingerprint, the style sheet's hash (the faces' names carry
their own hash, so a new face makes a new style sheet): browsers keep them a year. Only the files the build wrote
are served. Without the build (``make`` not run), pages keep the app's own style sheet alone, and the log says so.
"""

from __future__ import annotations

import hashlib
import logging
from functools import lru_cache
from pathlib import Path

from flask import Blueprint, abort, send_file

FOLDER = Path(__file__).resolve().parents[2] / "build" / "dsfr"
STYLE_SHEET = FOLDER / "dsfr-cop.min.css"
MEDIA_TYPES = {".css": "text/css", ".woff2": "font/woff2", ".woff": "font/woff"}
blueprint = Blueprint("dsfr", __name__)


@lru_cache(maxsize=1)
def version() -> str | None:
    """The first characters of the style sheet's SHA-256, or None when it is not built."""
    if not STYLE_SHEET.exists():
        logging.getLogger("cop").warning("DSFR absent (%s) : lancez `make bundle`. Les pages n'auront que la "
                                         "feuille de style de l'application.", STYLE_SHEET)
        return None
    return hashlib.sha256(STYLE_SHEET.read_bytes()).hexdigest()[:16]


@lru_cache(maxsize=1)
def built_files() -> frozenset[str]:
    """The names of the files the build wrote (the only ones served)."""
    return frozenset(p.name for p in FOLDER.iterdir() if p.suffix in MEDIA_TYPES) if FOLDER.is_dir() else frozenset()


def url() -> str | None:
    """The style sheet's fingerprinted URL, or None when it is not built."""
    return f"/bundles/{version()}/dsfr/{STYLE_SHEET.name}" if version() else None


@blueprint.route("/bundles/<fingerprint>/dsfr/<name>")
def serve(fingerprint: str, name: str):
    if fingerprint != version() or name not in built_files():
        abort(404)
    path = FOLDER / name
    return send_file(path, mimetype=MEDIA_TYPES[path.suffix])
