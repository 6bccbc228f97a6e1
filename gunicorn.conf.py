"""How the dashboard is served: ``gunicorn --config gunicorn.conf.py`` (what ``make demo`` runs).

One process with threads: DuckDB lets one process write the file, and the app's cache and shared
connection live in that process. ``HOST``, ``PORT`` and ``COP_FILS`` (threads) override the defaults.
The phones that follow a presentation hold one thread each while connected: gunicorn gets
``COP_SUIVEURS`` more threads (dashboard/features/projection/room.py bounds the followers to that many).
"""

import os

from dashboard.features.projection.room import FOLLOWER_SLOTS

wsgi_app = "app:create_server()"
bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8050')}"
workers = 1
threads = int(os.environ.get("COP_FILS", "8")) + FOLLOWER_SLOTS
worker_class = "gthread"
timeout = 120
graceful_timeout = 5
accesslog = None
errorlog = "-"
# Several instances may run side by side (tests, benchmarks): no shared control socket in $HOME.
control_socket_disable = True


def on_starting(server):
    """Migrations and demo data, once, in the master process before the worker opens the database."""
    from app import prepare_database

    prepare_database()
