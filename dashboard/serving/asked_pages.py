"""The pages that visitors not signed in asked for lately, recorded by the reader processes for the writer, which
builds them ahead after each write (dashboard/serving/ahead.py).

A record is the callback's request that opens a kept page (or sends its parts after it) and its content encoding, in
a file named after both, in ``<base>.cache/demandes/``: written when a reader builds such an answer or sends the one of
the snapshot before, touched again at most every ``TOUCH_EVERY_SECONDS``. The writer reads the ``AHEAD_PAGES`` latest
of the last ``RECENT_SECONDS`` and removes the others; a request longer than ``LARGEST_REQUEST`` is not recorded.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from pathlib import Path

from dashboard.store import shared_cache
from data.db import database_path

AHEAD_PAGES = 8
RECENT_SECONDS = 600.0
TOUCH_EVERY_SECONDS = 5.0  # a request asked a hundred times a second is recorded once in that time
TOUCHED_ENTRIES = 1000  # requests remembered to have been recorded lately, in each reader
LARGEST_REQUEST = 64 * 1024


def folder() -> Path:
    return shared_cache.folder(database_path()) / "demandes"


_touched: dict[str, float] = {}


def asked(body: bytes, encoding: str | None) -> None:
    """Record that a visitor not signed in asked for this kept page's answer (``body``: the callback's request)."""
    if len(body) > LARGEST_REQUEST:
        return
    name = hashlib.sha256(body + repr(encoding).encode()).hexdigest()
    now = time.monotonic()
    if now - _touched.get(name, -TOUCH_EVERY_SECONDS) < TOUCH_EVERY_SECONDS:
        return
    if len(_touched) > TOUCHED_ENTRIES:
        _touched.clear()
    _touched[name] = now
    path = folder() / f"{name}.json"
    try:
        os.utime(path)
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
        part = path.with_suffix(f".{os.getpid()}.part")
        part.write_text(json.dumps({"body": body.decode("utf-8"), "encoding": encoding}), encoding="utf-8")
        os.replace(part, path)


def recent() -> list[tuple[bytes, str | None]]:
    """The requests recorded in the last ``RECENT_SECONDS``, the latest first, at most ``AHEAD_PAGES``; the older
    records removed."""
    found = []
    for path in folder().glob("*.json"):
        try:
            found.append((path.stat().st_mtime, path))
        except FileNotFoundError:
            continue
    found.sort(reverse=True)
    since = time.time() - RECENT_SECONDS
    for _, path in found[AHEAD_PAGES:] + [(when, path) for when, path in found[:AHEAD_PAGES] if when < since]:
        path.unlink(missing_ok=True)
    requests = []
    for when, path in found[:AHEAD_PAGES]:
        if when >= since:
            try:
                record = json.loads(path.read_text(encoding="utf-8"))
            except (FileNotFoundError, ValueError):
                continue
            requests.append((record["body"].encode("utf-8"), record["encoding"]))
    return requests
