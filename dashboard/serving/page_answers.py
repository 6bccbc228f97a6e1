"""Answers kept ready to send: the page document, the app's frame, its callbacks' list and the answer that opens a page.

Every visit asks for the page document (Dash's HTML, its scripts listed again at each request), the
frame around the pages (``/_dash-layout``: header, menu, footer, encoded again at each request) and the list of
the app's callbacks (``/_dash-dependencies``: 46 KB compressed again at each request, 1.2 ms of the process against
0.6 ms for a kept answer); the first two took about 40 % of the process's time under load. The document depends
only on its address, the frame only on who is signed in (``frame.account_view``) and the callbacks' list on
nothing (it is complete from the first request): all are kept, compressed, per content encoding. A kept
document gives every visitor the same Dash ``end_id``, a token that only background callbacks use: the app
has none (tests/test_page_answers.py checks it).

Opening a page is a callback: Dash's router answers with the page's layout as JSON (260 KB for the
overview, its map included). Building, encoding and compressing it took 50–150 ms of the one process's
CPU, so thirty participants opening the same page at once queued for seconds. A page registered with
``kept=Kept(...)`` has its answer built once and kept, compressed, per request (page, query), content encoding
and data version: the version of the imported data (an import makes a new one) and that of the editors' writes
that change what it shows (``data_versions.edited_data``: the kinds in ``unchanged_by`` left out, so a
commitment saved does not rebuild the Écarts page). A page that shows what the visitor's role may do (buttons,
forms, people's names) is kept per role (``per_role``): nothing in it may name the account (the roadmap's
« Connecté : … » line has its own callback, features/roadmap/account.py); tests/test_cache_contract.py
checks that two accounts of one role are sent the same page. The parts of a page sent after it
(dashboard/components/deferred.py) are kept as the page is, under its ``Kept``.

In a reader process (dashboard/serving/processes.py), while the answer of a snapshot just published is being built
by another request, a visitor who is not signed in is sent the answer built on the snapshot just before it, for
``STALE_SECONDS`` after the publication: what that answer misses is at most the writes of the last second, and thirty
participants do not queue behind one rebuild after each save. For ``HEAD_START_SECONDS`` it takes no turn to build
it: the writer builds it (dashboard/serving/ahead.py). Someone signed in (who may have just written) always waits for
the page that shows the write.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

import dash
from flask import Flask, Response, g, request

from dashboard.access import auth
from dashboard.components import deferred, frame
from dashboard.serving import asked_pages, deployment
from dashboard.store import cache, computing, snapshots
from dashboard.store.data_versions import changed_by
from domain.permissions import Write

DOCUMENT_ENDPOINTS = {"/", "/<path:path>"}  # Dash's page document, at every page address
FRAME_ENDPOINT = "/_dash-layout"
CALLBACKS_ENDPOINT = "/_dash-dependencies"
ROUTER_OUTPUT = "_pages_content.children"
ROUTER_INPUT = "_pages_location"
FLAG = "kept"
SIDE_UPDATE = b'"sideUpdate"'  # what Dash sends besides a callback's outputs: an error's message (``set_props``)
HEAD_START_SECONDS = 0.3  # the writer builds the page meanwhile (dashboard/serving/ahead.py), in 0.16 to 0.27 s
STALE_SECONDS = 0.8  # with the publication's own time (a checkpoint and a copy), under the second the issue allows


@dataclass(frozen=True)
class Kept:
    """How a page's answer is kept (``dash.register_page(..., kept=Kept(...))``).

    ``unchanged_by``: the kinds of editors' writes that leave what the page shows as it was (any other write, or
    one that names no kind, has it built again); ``per_role``: the page shows what the visitor's role may do, and
    is kept once per role (anonymous included)."""
    unchanged_by: frozenset[Write] = frozenset()
    per_role: bool = True

    @property
    def changed_by(self) -> frozenset[Write]:
        """The kinds of write that change what the page shows: what its callbacks' values are kept under too
        (``store.memo_as_sent(..., changed_by=)``), so that they are built again exactly when the page is."""
        return frozenset(Write) - self.unchanged_by


IMPORTED_ONLY = Kept(unchanged_by=frozenset(Write), per_role=False)  # the same imported data for everyone


def page_path(body: dict) -> str | None:
    """The path of the page that a router callback opens, or None for any other callback."""
    if ROUTER_OUTPUT not in str(body.get("output", "")):
        return None
    return next((i.get("value") for i in body.get("inputs", [])
                 if i.get("id") == ROUTER_INPUT and i.get("property") == "pathname"), None)


def kept_as(path: str | None) -> Kept | None:
    """How the answer opening the page at ``path`` is kept, or None when it is built for each request."""
    return next((page.get(FLAG) for page in dash.page_registry.values() if page["path"] == path), None)


def version(kept: Kept) -> str:
    """What the kept answer of such a page depends on, beyond the request: the data, and the visitor's role."""
    data = changed_by(kept.changed_by)
    return f"{data}:{auth.editor_role()}" if kept.per_role else data


def answer_keys() -> tuple[str | None, str | None]:
    """The cache key of this request's answer (None when it is not a kept one), and for a page's answer asked by a
    visitor who is not signed in, in a reader process, what the keys of the answers built on each snapshot start with
    (``built_on``)."""
    encoding = deployment.chosen_encoding()
    if request.method == "GET" and request.endpoint in DOCUMENT_ENDPOINTS:
        return f"document:{request.url}:{encoding}", None
    if request.method == "GET" and request.endpoint == FRAME_ENDPOINT:
        return f"frame:{frame.account_view()}:{encoding}", None
    if request.method == "GET" and request.endpoint == CALLBACKS_ENDPOINT:
        return f"callbacks:{encoding}", None
    if request.method != "POST" or not request.path.endswith("/_dash-update-component"):
        return None, None
    keys = page_keys(request.get_json(silent=True), encoding)
    if keys is None:
        return None, None
    return keys[0], keys[1] if snapshots.current() and auth.signed_in() is None else None


def page_keys(body: object, encoding: str | None) -> tuple[str, str] | None:
    """For the callback request ``body`` that opens a kept page (or sends its parts after it): the key of its
    answer for this visitor, and what the keys of the answers built on each snapshot start with (``built_on``)."""
    kept = kept_as(page_path(body) or deferred.page_of(body)) if isinstance(body, dict) else None
    if kept is None:
        return None
    digest = hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()
    return f"page-answer:{digest}:{version(kept)}:{encoding}", f"page-on:{digest}:{encoding}"


def built_on(on_snapshots: str, snapshot: str) -> str:
    """The key of the answer built on ``snapshot``. Set once, never to another value: a reader that keeps one in its
    memory, which it reads first (dashboard/store/shared_cache.py), finds there what another reader built since."""
    return f"{on_snapshots}:{snapshot}"


def earlier(on_snapshots: str | None) -> tuple | None:
    """The answer built on the snapshot published just before the current one, if that one was published less than
    ``STALE_SECONDS`` ago; else None."""
    current = snapshots.current()
    if on_snapshots is None or current is None or current.age() >= STALE_SECONDS:
        return None
    return cache.get(built_on(on_snapshots, current.previous))


def init_app(server: Flask) -> None:
    """Register the hooks (after the app's other ``before_request`` checks, so that they still run first).

    The key is taken before the page is built: a write made meanwhile gives later requests another key.
    One request builds a missing answer while identical ones wait for it (``store.computing``).
    """

    @server.before_request
    def kept_answer() -> Response | None:
        key, g.page_answer_on_snapshots = answer_keys()
        g.page_answer = g.page_answer_key = key
        if key is None:
            return None
        kept = cache.get(key)
        if kept is None:
            previous = earlier(g.page_answer_on_snapshots)
            if previous is not None:
                asked_pages.asked(request.get_data(), deployment.chosen_encoding())
            writer_builds = previous is not None and snapshots.current().age() < HEAD_START_SECONDS
            turn = None if writer_builds else computing.hold(key, wait=previous is None)
            if turn is None:  # being built by the writer or another request: the snapshot before's, meanwhile
                kept = previous
            else:
                g.page_answer_turn = turn
                kept = cache.get(key)  # built by the request we waited for
        if kept is None:
            return None
        g.page_answer = None  # sent as kept: nothing to keep
        return _encoded(Response(mimetype=kept[2]), *kept[:2])

    @server.after_request
    def keep_answer(response: Response) -> Response:
        key = g.get("page_answer")
        if key is None or response.status_code != 200 or "Content-Encoding" in response.headers or \
                SIDE_UPDATE in response.get_data():  # an error shown instead of the page (dashboard/errors.py)
            return response
        encoding = deployment.chosen_encoding()
        body = deployment.ANSWER_ENCODERS[encoding](response.get_data()) if encoding else response.get_data()
        cache.set(key, (body, encoding, response.mimetype))
        if on_snapshots := g.get("page_answer_on_snapshots"):
            cache.set(built_on(on_snapshots, snapshots.current().name), (body, encoding, response.mimetype))
            asked_pages.asked(request.get_data(), encoding)
        return _encoded(response, body, encoding)

    @server.teardown_request
    def end_turn(_error) -> None:
        if turn := g.pop("page_answer_turn", None):
            computing.let_go(g.page_answer_key, turn)


def _encoded(response: Response, body: bytes, encoding: str | None) -> Response:
    response.set_data(body)
    if encoding:
        response.headers["Content-Encoding"] = encoding
        response.vary.add("Accept-Encoding")
    return response
