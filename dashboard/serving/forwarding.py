"""A reader process hands the writer every request that writes (dashboard/serving/processes.py).

A reader reads a snapshot, read-only: it cannot write. What writes, or needs what lives in the writer's memory, goes to
the writer on 127.0.0.1 as it came — method, address, body, cookies (the writer checks the session as the reader
would, with the same key), plus the client's address and scheme as this reader saw them and the secret drawn at
start (dashboard/serving/writer.py refuses a request without it); the writer's answer comes back as it is, its
cookies and a stream included. Handed over:

- every request but GET, HEAD and OPTIONS (sign-in and sign-out, invitations and passwords, the presenter's
  position), except the callbacks (``POST /_dash-update-component``) that are not in ``on_the_writer``: the
  callbacks that write, and the one that follows an import running in the writer (dashboard/callbacks.py);
- the followers' pages and streams (``/suivre/…``): the room a presenter moves lives in the writer's memory.

A callback's body is read (at most ``request_limits.SMALL``) to find which callback it calls; a larger one is an
upload, handed over unread: the writer bounds it by the account, as usual.
"""

from __future__ import annotations

import http.client
import io
import json
import threading
import time
from collections.abc import Iterable
from urllib.parse import quote, urlunsplit

import dash

from dashboard.serving import processes, request_limits
from dashboard.serving.validation_layout import callback_name

CALLBACKS = "/_dash-update-component"
FOLLOWERS = "/suivre/"
SAFE = {"GET", "HEAD", "OPTIONS"}
SECRET_HEADER, CLIENT_HEADER, SCHEME_HEADER = "X-Cop-Secret", "X-Cop-Client", "X-Cop-Scheme"
HOP_BY_HOP = {"connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te", "trailer",
              "transfer-encoding", "upgrade", "proxy-connection"}
NOT_RELAYED = HOP_BY_HOP | {"host", "content-length", "x-forwarded-for", "x-forwarded-proto", "x-forwarded-host",
                            "x-forwarded-port", "x-forwarded-prefix", "forwarded"}
FORWARD_SECONDS = 900  # an import of the Data page answers at once (it runs in a thread), a stream pings every 10 s
WRITER_WAIT_SECONDS = 30.0  # the writer starting
UNREACHABLE = "Le processus d'écriture de l'application ne répond pas : réessayez dans un instant."


class Forwarding:
    """WSGI middleware of a reader: what ``to_writer`` says goes to the writer, the rest to the app."""

    def __init__(self, app: dash.Dash, on_the_writer: frozenset[str]):
        self._dash, self._names, self._inner = app, on_the_writer, app.server.wsgi_app
        self._outputs: frozenset[str] | None = None
        self._lock = threading.Lock()

    def writer_outputs(self) -> frozenset[str]:
        """The callback map's keys of the callbacks served by the writer (the map is complete once a page opened)."""
        with self._lock:
            if self._outputs is None or not self._outputs:
                self._outputs = frozenset(key for key, spec in self._dash.callback_map.items()
                                          if "callback" in spec and callback_name(spec["callback"]) in self._names)
            return self._outputs

    def __call__(self, environ: dict, start_response):
        method, path = environ["REQUEST_METHOD"], environ.get("PATH_INFO", "")
        if path.startswith(FOLLOWERS):
            return forward(environ, start_response, b"")
        if method in SAFE:
            return self._inner(environ, start_response)
        if path != CALLBACKS:
            return forward(environ, start_response, environ["wsgi.input"])
        length = environ.get("CONTENT_LENGTH") or ""
        if not length.isdigit():
            return self._inner(environ, start_response)  # the app answers 411
        if int(length) > request_limits.SMALL:
            return forward(environ, start_response, environ["wsgi.input"])
        body = environ["wsgi.input"].read(int(length))
        environ["wsgi.input"] = io.BytesIO(body)
        if _output(body) in self.writer_outputs():
            return forward(environ, start_response, body)
        return self._inner(environ, start_response)


def _output(body: bytes) -> str | None:
    try:
        found = json.loads(body).get("output")
    except (ValueError, AttributeError):
        return None
    return found if isinstance(found, str) else None


def headers_to_writer(environ: dict) -> dict[str, str]:
    """The request's headers for the writer: those of the client (not the hop-by-hop ones, not a proxy's, not ours),
    the host, address and scheme this reader saw (after ``COP_PROXY``'s reading), and the secret."""
    ours = {SECRET_HEADER.lower(), CLIENT_HEADER.lower(), SCHEME_HEADER.lower()}
    headers = {}
    for key, value in environ.items():
        if key.startswith("HTTP_"):
            name = key[5:].replace("_", "-").title()
            if name.lower() not in NOT_RELAYED | ours:
                headers[name] = value
    if environ.get("CONTENT_TYPE"):
        headers["Content-Type"] = environ["CONTENT_TYPE"]
    headers["Content-Length"] = environ.get("CONTENT_LENGTH") or "0"
    headers.update({"Host": environ.get("HTTP_HOST", ""), SECRET_HEADER: processes.secret(),
                    CLIENT_HEADER: environ.get("REMOTE_ADDR", ""), SCHEME_HEADER: environ["wsgi.url_scheme"]})
    return headers


def target(environ: dict) -> str:
    path = quote((environ.get("SCRIPT_NAME", "") + environ.get("PATH_INFO", "")).encode("latin-1"),
                 safe="/;=,:@!$&'()*+~")
    return urlunsplit(("", "", path, environ.get("QUERY_STRING", ""), ""))


def forward(environ: dict, start_response, body) -> Iterable[bytes]:
    """Send the request to the writer and relay its answer (bytes as they come: a stream stays a stream)."""
    host, port = processes.writer_address()
    deadline = time.monotonic() + WRITER_WAIT_SECONDS
    while True:
        connection = http.client.HTTPConnection(host, port, timeout=FORWARD_SECONDS)
        try:
            connection.request(environ["REQUEST_METHOD"], target(environ), body=body,
                               headers=headers_to_writer(environ))
            answer = connection.getresponse()
            break
        except ConnectionRefusedError:
            connection.close()
            if not isinstance(body, bytes) or time.monotonic() > deadline:
                return _unreachable(start_response)
            time.sleep(0.2)
        except OSError:
            connection.close()
            return _unreachable(start_response)
    start_response(f"{answer.status} {answer.reason}",
                   [(name, value) for name, value in answer.getheaders() if name.lower() not in HOP_BY_HOP])
    return _relay(answer, connection)


def _relay(answer: http.client.HTTPResponse, connection: http.client.HTTPConnection) -> Iterable[bytes]:
    try:
        while chunk := answer.read1(65536):
            yield chunk
    finally:
        connection.close()


def _unreachable(start_response) -> list[bytes]:
    start_response("503 Service Unavailable", [("Content-Type", "text/plain; charset=utf-8"), ("Retry-After", "2")])
    return [UNREACHABLE.encode()]


def init_app(app: dash.Dash, on_the_writer: frozenset[str]) -> None:
    """In a reader process, hand what writes to the writer (before ``COP_PROXY``'s reading, which wraps this)."""
    if processes.reads_snapshots():
        app.server.wsgi_app = Forwarding(app, on_the_writer)
