"""Creates the Dash app (pages, cache, compression, exports).

Served by gunicorn (gunicorn.conf.py), which prepares the database once (migrations; demo data when
it holds no objective) and then serves ``create_server()``; ``python app.py`` does the same.
"""

from __future__ import annotations

import gc
import os
import sys
from pathlib import Path

import dash
from flask import Response, abort, request
from flask_compress import Compress

from dashboard import callbacks, errors, exports, sent
from dashboard.access import auth
from dashboard.components.frame import shell
from dashboard.features.accounts import routes as account_routes
from dashboard.features.imports import report_download
from dashboard.features.process import routes as process_routes
from dashboard.features.projection import assets as projection_assets
from dashboard.features.projection import follow
from dashboard.features.projection import routes as projection_routes
from dashboard.features.roadmap import routes as roadmap_routes
from dashboard.serving import (
    component_chunks,
    deployment,
    dsfr_bundle,
    forwarding,
    grid_bundle,
    health,
    not_found,
    page_answers,
    plotly_bundle,
    request_limits,
    unlisted,
    validation_layout,
    writer,
)
from dashboard.store import cache, shared_cache
from data.db import connect, migrate
from loaders.catalogue import ensure_starting_catalogue
from loaders.demo import load_demo

ROOT = Path(__file__).parent


def prepare_database() -> None:
    """Bring the schema up to date; generate the demo data if no objective is loaded yet."""
    with connect() as con:
        migrate(con)
        if con.execute("SELECT count(*) FROM lever_objectives").fetchone()[0] == 0:
            print(load_demo(con).message())
        if loaded := ensure_starting_catalogue(con):
            print(loaded.message())


class FrenchDash(dash.Dash):
    """Dash saying, in French, that the page is starting (Dash's own placeholder says « Loading... »), and checking
    callbacks against the app's compact validation layout (dashboard/serving/validation_layout.py)."""

    STARTING = '<div id="react-entry-point"><div class="_dash-loading">Chargement…</div></div>'

    def enable_pages(self) -> None:
        """Set Dash's pages router up now, without its validation layout, and give Dash the app's.

        Dash sets the router up at the first request (a ``before_request`` hook) and, when callbacks are checked,
        builds there every page without parameters to check them against (7 s on the demo data, even for
        ``/sante``), then sends all of it in every page document (32 KB). The router is set up here instead,
        once, with that build turned off: skipping it is the only thing ``suppress_callback_exceptions`` does
        on the server (Dash 4: ``enable_pages`` and the ``layout`` setter); the browser checks every callback
        against ``validation_layout.layout()``, a bare component per id. Its hook, already run, stays out.
        """
        routers, suppressed = [], self.config.suppress_callback_exceptions
        self.validation_layout = validation_layout.layout()
        self.config.suppress_callback_exceptions = True
        self.backend.before_request = routers.append
        try:
            super().enable_pages()
            for router in routers:
                router()
        finally:
            del self.backend.before_request
            self.config.suppress_callback_exceptions = suppressed

    def interpolate_index(self, **kwargs) -> str:
        return super().interpolate_index(**{**kwargs, "app_entry": self.STARTING})


def create_app() -> dash.Dash:
    plotly_js = plotly_bundle.url()
    dsfr = dsfr_bundle.url()
    grid_bundle.load_on_demand()
    unlisted.unlist_unused()
    app = FrenchDash(
        __name__,
        use_pages=True,
        pages_folder=str(ROOT / "dashboard" / "pages"),
        assets_folder=str(ROOT / "assets"),
        assets_ignore=projection_assets.NOT_LISTED,
        title="COP territoriale — tableau de bord",
        update_title=None,
        compress=False,
        on_error=errors.show_error,
        external_scripts=[plotly_js] if plotly_js else [],
        external_stylesheets=[dsfr] if dsfr else [],
    )
    # One footer, one contentinfo landmark: the page's own (Dash wraps its scripts in a <footer>).
    app.index_string = app.index_string.replace("<html>", '<html lang="fr">').replace(
        "<footer>", "<div>").replace("</footer>", "</div>")
    if plotly_js:
        # Every page draws charts: fetch plotly.js while the page starts, not once its layout has arrived.
        app.index_string = app.index_string.replace(
            "{%css%}", f'{{%css%}}\n        <link rel="preload" as="script" href="{plotly_js}">')
    # The main chart drawn as soon as the page's callback answers: dcc.Graph's and dcc.Dropdown's code fetched with
    # the page.
    app.index_string = app.index_string.replace("{%css%}", "{%css%}" + component_chunks.preload_links(
        app.get_relative_path))
    app.config.meta_tags.append(grid_bundle.meta_tag(app.get_relative_path))
    app.config.meta_tags.append(projection_assets.meta_tag(app.get_relative_path))
    app.layout = shell
    callbacks.register_all(app)
    server = app.server
    request_limits.init_app(server)
    sent.init_app(server)
    Compress(server)
    forwarding.init_app(app, callbacks.ON_THE_WRITER)
    writer.init_app(server)
    deployment.init_app(server)
    cache.init_app(server, config=shared_cache.config())
    auth.init_app(app)
    account_routes.init_app(server)
    errors.init_app(server)
    not_found.init_app(app)
    page_answers.init_app(server)
    server.register_blueprint(roadmap_routes.blueprint)
    server.register_blueprint(projection_routes.blueprint)
    server.register_blueprint(follow.blueprint)
    server.register_blueprint(health.blueprint)
    server.register_blueprint(plotly_bundle.blueprint)
    server.register_blueprint(dsfr_bundle.blueprint)
    server.register_blueprint(report_download.blueprint)
    server.register_blueprint(process_routes.blueprint)

    @server.route("/export/<view>.<extension>")
    def export(view: str, extension: str):
        if extension not in exports.MEDIA_TYPES:
            abort(404)
        try:
            if extension == "csv":
                name, body = exports.csv_download(view, request.args.to_dict())
            else:
                table = exports.build(view, request.args.to_dict())
                name, body = exports.file_name(table, extension), exports.to_xlsx(table, request.url)
        except exports.UnknownExport as error:
            return Response(f"Export impossible : {error}", status=404, mimetype="text/plain")
        return Response(body, mimetype=exports.MEDIA_TYPES[extension], headers={
            "Content-Disposition": f'attachment; filename="{name}"'})

    return app


def create_server():
    """The WSGI application that gunicorn serves (``app:create_server()``), in a process ready to serve.

    What exists once the app is built (modules, pages, components: about 140,000 objects) lives as long as the
    process: it is put out of the garbage collector's reach (``gc.freeze``). Python's full collections walked all of
    it during the builds that followed: one page build in four after an import took 80 to 100 ms more
    (docs/performance.md).
    """
    server = create_app().server
    gc.collect()
    gc.freeze()
    return server


if __name__ == "__main__":
    os.chdir(ROOT)
    os.execv(sys.executable, [sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py"])
