"""Creates the Dash app (pages, cache, compression, exports) and runs it.

``python app.py`` prepares the database (migrations; demo data when it holds no objective)
and serves the dashboard on http://127.0.0.1:8050 (``PORT`` and ``HOST`` override).
"""

from __future__ import annotations

import os
from pathlib import Path

import dash
from flask import Response, abort, request
from flask_compress import Compress

from dashboard import auth, exports, not_found
from dashboard.components.frame import shell, show_error
from dashboard.feuille_de_route import routes as roadmap_routes
from dashboard.projection import routes as projection_routes
from dashboard.store import cache
from data.db import connect, migrate
from loaders.catalogue import ensure_starting_catalogue
from loaders.demo import load_demo

ROOT = Path(__file__).parent
# Every page draws charts: fetch plotly.js while the page starts, not once its layout has arrived.
PLOTLY_JS = "/_dash-component-suites/plotly/package_data/plotly.min.js"


def prepare_database() -> None:
    """Bring the schema up to date; generate the demo data if no objective is loaded yet."""
    with connect() as con:
        migrate(con)
        if con.execute("SELECT count(*) FROM lever_objectives").fetchone()[0] == 0:
            print(load_demo(con).message())
        if loaded := ensure_starting_catalogue(con):
            print(loaded.message())


def create_app() -> dash.Dash:
    app = dash.Dash(
        __name__,
        use_pages=True,
        pages_folder=str(ROOT / "dashboard" / "pages"),
        assets_folder=str(ROOT / "assets"),
        title="COP territoriale — tableau de bord",
        update_title=None,
        suppress_callback_exceptions=True,
        compress=False,
        on_error=show_error,
    )
    app.index_string = app.index_string.replace("<html>", '<html lang="fr">').replace(
        "{%css%}", f'{{%css%}}\n        <link rel="preload" as="script" href="{PLOTLY_JS}">').replace(
        "<footer>", "<div>").replace("</footer>", "</div>")  # one footer, one contentinfo: the page's own
    app.layout = shell
    server = app.server
    Compress(server)
    cache.init_app(server, config={"CACHE_TYPE": "SimpleCache", "CACHE_DEFAULT_TIMEOUT": 3600,
                                   "CACHE_THRESHOLD": 2000})
    auth.init_app(server)
    not_found.init_app(app)
    server.register_blueprint(roadmap_routes.blueprint)
    server.register_blueprint(projection_routes.blueprint)

    @server.route("/export/<view>.<extension>")
    def export(view: str, extension: str):
        if extension not in exports.MEDIA_TYPES:
            abort(404)
        try:
            table = exports.build(view, request.args.to_dict())
        except exports.UnknownExport as error:
            return Response(f"Export impossible : {error}", status=404, mimetype="text/plain")
        body = exports.to_csv(table) if extension == "csv" else exports.to_xlsx(table, request.url)
        return Response(body, mimetype=exports.MEDIA_TYPES[extension], headers={
            "Content-Disposition": f'attachment; filename="{exports.file_name(table, extension)}"'})

    return app


if __name__ == "__main__":
    prepare_database()
    create_app().run(host=os.environ.get("HOST", "127.0.0.1"), port=int(os.environ.get("PORT", 8050)), debug=False)
