"""How the dashboard is served: ``gunicorn --config gunicorn.conf.py`` (what ``make demo`` runs).

One process with threads by default: the app's cache and shared connection live in that process, the only one to
open the DuckDB file. With ``COP_PROCESSUS`` above 1, as many processes serve the pages, reading snapshots of the
file, and the master starts one more, the writer, which alone opens it (dashboard/serving/processes.py).
``HOST``, ``PORT`` and ``COP_FILS`` (threads of each process) override the defaults. The phones that follow a
presentation hold one thread each while connected: gunicorn gets ``COP_SUIVEURS`` more threads
(dashboard/features/projection/room.py bounds the followers to that many).
"""

import os

from dashboard.features.projection.room import FOLLOWER_SLOTS
from dashboard.serving import processes

wsgi_app = "app:create_server()"
bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8050')}"
workers = 1 if processes.role() == processes.WRITER else processes.count()
threads = int(os.environ.get("COP_FILS", "8")) + FOLLOWER_SLOTS
worker_class = "gthread"
timeout = 120
graceful_timeout = 5
accesslog = None
errorlog = "-"
# Several instances may run side by side (tests, benchmarks): no shared control socket in $HOME.
control_socket_disable = True


def on_starting(server):
    """Migrations and demo data, once, in the master process before any worker opens the database; with several
    processes, the writer started (its own master has nothing to prepare)."""
    if processes.role() == processes.WRITER:
        return
    from app import prepare_database
    from dashboard.access import security
    from dashboard.store import shared_cache, snapshots
    from data.db import database_path

    prepare_database()
    if workers > 1:
        security.secret_key()  # the session key file created once, before the processes read it
        snapshots.forget(database_path())
        shared_cache.forget(database_path())
        server.cop_writer = processes.WriterKeeper()
        server.cop_writer.start()


def on_exit(server):
    if keeper := getattr(server, "cop_writer", None):
        keeper.stop()


def post_fork(server, worker):
    """A reader gives way to the writer when the cores are busy (``processes.READER_NICENESS``)."""
    if processes.reads_snapshots():
        processes.give_way()
