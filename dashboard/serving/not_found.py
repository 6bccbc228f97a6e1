"""HTTP 404 for an address that names no page: Dash serves its index page for every unknown path (the
browser then shows pages/not_found_404.py), with status 200 unless told otherwise. ``/favicon.ico``, that
browsers ask for on their own, is Dash's icon rather than a 404."""

from __future__ import annotations

import dash
from flask import redirect, request


def init_app(app: dash.Dash) -> None:
    """Answer with status 404 the paths that reach Dash's catch-all route but name no registered page."""
    catch_all = app.config.routes_pathname_prefix + "<path:path>"
    pages = {page["path"].strip("/") for page in dash.page_registry.values()
             if not page["module"].endswith("not_found_404")}

    @app.server.before_request
    def _unknown_page():
        if request.url_rule is None or request.url_rule.rule != catch_all:
            return None
        if app.strip_relative_path(request.path).strip("/") in pages:
            return None
        return app.index(), 404

    @app.server.route("/favicon.ico")
    def _favicon():
        return redirect(app.get_relative_path("/_favicon.ico"))
