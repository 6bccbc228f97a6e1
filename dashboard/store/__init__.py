"""The app's single way to the database: reads kept with what they read, writes that say what they change.

``fetch(query, *args)`` runs ``query(con, *args)`` and keeps its result until a write changes a table it read
(dashboard/store/data_versions.py); ``memo``, ``memo_as_sent`` and ``ready_to_send`` keep what pages build from
fetched data (figures, components, layouts) the same way: a kept value depends on what its computation fetched,
and on the visitor's aspects that it read (dashboard/store/traces.py). ``write`` runs an action in one transaction
and counts a new version of the tables it changed. Everything kept is in this process's memory
(dashboard/store/kept.py).

One process owns the DuckDB file (dashboard/store/local.py): this one when the app runs alone (tests, the command
line), or the store process when gunicorn serves the app with several worker processes (dashboard/store/server.py,
gunicorn.conf.py); a worker then sends its reads and writes there (dashboard/store/client.py) and keeps their
results itself. ``shared_object`` gives the few objects that every process must share (the rooms of the projection
mode, the sign-in counters, the import jobs), held by the owner.
"""

from __future__ import annotations

import functools
import json
import os
from collections.abc import Callable, Sequence
from typing import TypeVar

from dash.development.base_component import Component
from plotly.io.json import to_json_plotly

from dashboard.store import shared_objects, traces
from dashboard.store.data_versions import Versions, slots
from dashboard.store.kept import Kept, OneComputation, remember
from dashboard.store.local import Owner

T = TypeVar("T")
STORE_SETTING, KEY_SETTING = "COP_STORE", "COP_STORE_KEY"  # set for gunicorn's workers by gunicorn.conf.py

kept = Kept()
computing = OneComputation()
visitor_aspect, not_keepable = traces.visitor_aspect, traces.not_keepable
owner = Owner(Versions())
owner.versions.watch = owner.shared.watch.look
_engine: tuple[int, object] | None = None  # (process id, the owner or the store process's client)


def engine():
    """This process's way to the database: the owner, or the client of the store process (in a gunicorn worker,
    forked from a master that may have imported this module: chosen in the process that uses it)."""
    global _engine
    if _engine is None or _engine[0] != os.getpid():
        if os.environ.get(STORE_SETTING):
            from dashboard.store.client import Remote

            _engine = (os.getpid(), Remote.from_environment(STORE_SETTING, KEY_SETTING))
        else:
            _engine = (os.getpid(), owner)
    return _engine[1]


def become_owner(versions: Versions) -> Owner:
    """This process owns the file, its versions in ``versions`` (the store process's, that workers read)."""
    global owner, _engine
    owner = Owner(versions)
    _engine = (os.getpid(), owner)
    return owner


def __getattr__(name: str):
    if name == "shared":  # the owner's connection (tests, the benchmark)
        return owner.shared
    raise AttributeError(name)


def versions_now() -> Sequence[int]:
    return engine().versions.now()


def _kept(function: Callable, args: tuple, compute: Callable[[], T]) -> T:
    return remember(kept, computing, f"{function.__module__}.{function.__qualname__}:{args!r}", compute, versions_now)


def fetch(query: Callable[..., T], *args) -> T:
    """``query(con, *args)``, kept until a write changes a table it read."""
    return _kept(query, args, lambda: _read(query, args))


def fetch_uncached(query: Callable[..., T], *args) -> T:
    """``query(con, *args)`` read now, never kept (a session's account, a password's check, a large report)."""
    return engine().read(query, args)[0]


def _read(query: Callable[..., T], args: tuple) -> T:
    value, tables = engine().read(query, args)
    traces.read(slots(tables))
    return value


def memo(build: Callable[..., T], *args) -> T:
    """``build(*args)`` — a figure or table made from fetched data — kept like what it fetched."""
    return _kept(build, args, lambda: build(*args))


def memo_as_sent(build: Callable[..., T], *args):
    """``build(*args)`` — components, figures, a callback's outputs — kept like ``memo``, as the JSON-ready data
    that Dash sends: a kept call neither builds thousands of components nor converts them again."""
    plain = _as_sent(build)
    return _kept(plain, args, lambda: plain(*args))


def ready_to_send(build: Callable[..., Component]) -> Callable[..., dict]:
    """``build`` (a page's layout, or sections of it) decorated to be kept like ``memo_as_sent``."""
    return functools.wraps(build)(lambda *args: memo_as_sent(build, *args))


def _as_sent(build: Callable) -> Callable:
    def plain(*args):
        return json.loads(to_json_plotly(build(*args)))

    plain.__module__, plain.__qualname__ = build.__module__, build.__qualname__
    return plain


def write(action: Callable[..., T], *args) -> T:
    """``action(con, *args)`` in one transaction: all of it is saved, or nothing; then a new version of the
    tables it changed, before it answers.

    Writes run side by side. When one collides with a concurrent transaction on the same rows
    (``local.is_write_conflict``), it is rolled back and run once more, alone, after the writes in
    progress: it then reads what they saved, so optimistic locking answers with a conflict
    (``commitment_store.Conflict``…) instead of DuckDB's message. Pages never call it: they write
    through ``dashboard.access.gate.write``, which checks the editor first.
    """
    return engine().write(action, args)


def write_own(action: Callable[..., T], *args, turn: tuple[str | None, bool] | None = None, **named) -> T:
    """``action(con, *args, **named)`` for an action that opens its own transaction (an import), side by side
    with other writes; a write that collides with it retries once it is over. ``turn`` = (author, dry run): held
    under the import turn (``loaders.import_lock``), taken by the process that owns the file."""
    return engine().write_own(action, args, named, turn)


def shared_object(name: str, factory: Callable[[], T]) -> T:
    """The app's one ``factory()`` object named ``name``: held by the process that owns the database, its methods
    called there from every worker process. ``factory`` is a module-level callable; arguments and results of its
    methods travel between processes (they must pickle)."""
    return shared_objects.Shared(name, factory, engine)
