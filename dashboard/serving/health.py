"""``/sante``: what a reverse proxy or a supervisor asks to know whether the app can serve.

200 with the schema version when the database answers and is up to date; 503 with a French message
otherwise (no database, a file that is not one, migrations not applied). It answers whoever asks, reading
open or not (``dashboard.access.auth.OPEN_PATHS``): it tells nothing but whether the app can serve.
"""

from __future__ import annotations

import duckdb
from flask import Blueprint, jsonify

from dashboard.store import shared
from data.db import DatabaseBusy, migrations

PATH = "/sante"
blueprint = Blueprint("health", __name__)


@blueprint.route(PATH)
def health():
    expected = migrations()[-1][0]
    try:
        with shared.cursor() as con:
            version = con.execute("SELECT max(version) FROM schema_migrations").fetchone()[0]
    except (duckdb.Error, DatabaseBusy, OSError) as error:
        return _reply(503, statut="indisponible", message=f"Base de données injoignable : {error}")
    if version != expected:
        return _reply(503, statut="indisponible", message=f"Schéma de la base en version {version}, "
                      f"{expected} attendue : les migrations n'ont pas été appliquées.")
    return _reply(200, statut="ok", base="joignable", version_schema=version)


def _reply(status: int, **body):
    response = jsonify(body)
    response.status_code = status
    response.headers["Cache-Control"] = "no-store"
    return response
