"""Answers kept ready to send: the page document, the app's frame and the answer that opens a page.

Every visit asks for the page document (Dash's HTML, its scripts listed again at each request) and the
frame around the pages (``/_dash-layout``: header, menu, footer, encoded again at each request); the two
took about 40 % of the process's time under load. The document depends only on its address and the frame
only on who is signed in (``frame.account_view``): both are kept, compressed, per content encoding. A kept
document gives every visitor the same Dash ``end_id``, a token that only background callbacks use: the app
has none (tests/test_page_answers.py checks it).

Opening a page is a callback: Dash's router answers with the page's layout as JSON (260 KB for the overview, its
map included), which took 50 to 150 ms of processor time to build, encode and compress; thirty participants
opening the roadmap at once queued for seconds. A page registered with ``kept=True`` has its answer kept,
compressed, per request (page, query) and content encoding, with what building it read
(dashboard/store/kept.py): the versions of the tables it read, and the visitor's aspects (their role…). It is
sent again, as it is, to every request alike while those tables do not change, to every visitor with the same
aspects; a write to a table it read has the next request build it again. An answer that showed an error (a busy
database, an unexpected one) is not kept.
"""

from __future__ import annotations

import hashlib
import json

import dash
from flask import Flask, Response, g, request

from dashboard.components import frame
from dashboard.serving import deployment
from dashboard.store import computing, kept, traces, versions_now
from dashboard.store.data_versions import stamp
from dashboard.store.kept import Variant

DOCUMENT_ENDPOINTS = {"/", "/<path:path>"}  # Dash's page document, at every page address
FRAME_ENDPOINT = "/_dash-layout"
ROUTER_OUTPUT = "_pages_content.children"
ROUTER_INPUT = "_pages_location"
FLAG = "kept"


def page_path(body: dict) -> str | None:
    """The path of the page that a router callback opens, or None for any other callback."""
    if ROUTER_OUTPUT not in str(body.get("output", "")):
        return None
    return next((i.get("value") for i in body.get("inputs", [])
                 if i.get("id") == ROUTER_INPUT and i.get("property") == "pathname"), None)


def is_kept(path: str | None) -> bool:
    return any(page["path"] == path and page.get(FLAG) for page in dash.page_registry.values())


def answer_key() -> str | None:
    """The key of this request's answer, or None when it is not a kept one."""
    encoding = deployment.chosen_encoding()
    if request.method == "GET" and request.endpoint in DOCUMENT_ENDPOINTS:
        return f"document:{request.url}:{encoding}"
    if request.method == "GET" and request.endpoint == FRAME_ENDPOINT:
        return f"frame:{frame.account_view()}:{encoding}"
    if request.method != "POST" or not request.path.endswith("/_dash-update-component"):
        return None
    body = request.get_json(silent=True)
    if not isinstance(body, dict) or not is_kept(page_path(body)):
        return None
    digest = hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()
    return f"page-answer:{digest}:{encoding}"


def init_app(server: Flask) -> None:
    """Register the hooks (after the app's other ``before_request`` checks, so that they still run first).

    The versions are taken before the answer is built, and what building it reads is traced until it is sent:
    a write made meanwhile has the next request build it again. One request builds a missing answer while
    identical ones wait for it (``store.computing``).
    """

    @server.before_request
    def kept_answer() -> Response | None:
        g.page_answer = key = answer_key()
        if key is None:
            return None
        versions = versions_now()
        variant = kept.find(key, versions)
        if variant is None:
            g.page_answer_turn = computing.hold(key)
            versions = versions_now()
            variant = kept.find(key, versions)  # built by the request we waited for
        if variant is not None:
            return _encoded(Response(mimetype=variant.value[2]), *variant.value[:2])
        g.page_answer_versions = versions
        g.page_answer_tracing = tracing = traces.tracing()
        g.page_answer_trace = tracing.__enter__()
        return None

    @server.after_request
    def keep_answer(response: Response) -> Response:
        built = _end_trace()
        if built is None or not built.keepable or response.status_code != 200 or "Content-Encoding" in response.headers:
            return response
        encoding = deployment.chosen_encoding()
        body = deployment.ENCODERS[encoding](response.get_data()) if encoding else response.get_data()
        kept.keep(g.page_answer, Variant(stamp(built.slots, g.page_answer_versions), tuple(built.visitor.items()),
                                         (body, encoding, response.mimetype)))
        return _encoded(response, body, encoding)

    @server.teardown_request
    def end_turn(_error) -> None:
        _end_trace()
        if turn := g.pop("page_answer_turn", None):
            computing.let_go(g.page_answer, turn)


def _end_trace() -> traces.Trace | None:
    """What building this request's answer read (None when it is not being built)."""
    tracing = g.pop("page_answer_tracing", None)
    if tracing is None:
        return None
    tracing.__exit__(None, None, None)
    return g.pop("page_answer_trace")


def _encoded(response: Response, body: bytes, encoding: str | None) -> Response:
    response.set_data(body)
    if encoding:
        response.headers["Content-Encoding"] = encoding
        response.vary.add("Accept-Encoding")
    return response
