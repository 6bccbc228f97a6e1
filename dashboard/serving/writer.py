"""The writer's door (dashboard/serving/processes.py): it serves only what the app's readers hand it.

The writer listens on 127.0.0.1 only; on top of that, a request must come from the loopback address and carry the
secret drawn at start (``X-Cop-Secret``, compared in constant time), or it is refused (403) before the app sees it.
Such a request is a reader's: the writer then takes the client's address and scheme from it (what the reader saw,
after ``COP_PROXY``'s reading, which the writer does not do itself), and the session cookie it carries is checked
by the app as always: a forwarded write is made, or refused, under the visitor's own account. Once a request that
may have written is answered by the app, the writer publishes the snapshot that shows it before letting the answer
go (dashboard/store/publisher.py): the editor's next page, whichever process serves it, shows the write.
"""

from __future__ import annotations

import hmac

from flask import Flask

from dashboard.serving import ahead, processes
from dashboard.serving.deployment import is_loopback
from dashboard.serving.forwarding import CLIENT_HEADER, SAFE, SCHEME_HEADER, SECRET_HEADER
from dashboard.store.publisher import publisher

REFUSED = "Accès réservé aux processus de l'application."


def _environ_key(header: str) -> str:
    return "HTTP_" + header.upper().replace("-", "_")


class WriterDoor:
    """WSGI middleware of the writer: a reader's request passes, anything else is refused."""

    def __init__(self, inner, secret: str):
        self._inner, self._secret = inner, secret.encode()

    def admits(self, environ: dict) -> bool:
        given = environ.get(_environ_key(SECRET_HEADER), "").encode()
        return is_loopback(environ.get("REMOTE_ADDR", "")) and hmac.compare_digest(given, self._secret)

    def __call__(self, environ: dict, start_response):
        if not self.admits(environ):
            start_response("403 Forbidden", [("Content-Type", "text/plain; charset=utf-8")])
            return [REFUSED.encode()]
        del environ[_environ_key(SECRET_HEADER)]
        environ["REMOTE_ADDR"] = environ.pop(_environ_key(CLIENT_HEADER), "")
        scheme = environ.pop(_environ_key(SCHEME_HEADER), "http")
        environ["wsgi.url_scheme"] = scheme if scheme in ("http", "https") else "http"
        answer = self._inner(environ, start_response)
        if environ["REQUEST_METHOD"] not in SAFE:
            publisher.wait()
        return answer


def init_app(server: Flask) -> None:
    """In the writer process: the door, the publication of snapshots from now on (the first one at once) and the pages
    built ahead after each (dashboard/serving/ahead.py)."""
    if processes.role() == processes.WRITER:
        server.wsgi_app = WriterDoor(server.wsgi_app, processes.secret())
        ahead.builder.start(server)
        publisher.then = ahead.builder.published
        publisher.start()
