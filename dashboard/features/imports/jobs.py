"""Long imports run in a background thread; the page polls their progress (dcc.Interval).

The app is one process with many threads (gunicorn): a job lives in this process's memory, keyed by a
random identifier that only its author's page knows and may read. The thread runs in a copy of the
request's context, so that the write gate checks the signed-in account there as in any callback. A
user's error (a refused file, a refused undo) ends the job with its French message; anything else is
logged and ends it with the app's generic message.
"""

from __future__ import annotations

import logging
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from flask import copy_current_request_context

from dashboard.errors import NOTHING_CHANGED, UNEXPECTED
from domain.errors import UserError
from loaders.errors import LoadError

KEPT_SECONDS = 3600
log = logging.getLogger("cop")


@dataclass
class Job:
    author: str
    purpose: str                     # apercu | import | annulation
    steps: list[str] = field(default_factory=list)
    result: Any = None
    error: str | None = None
    started: float = field(default_factory=time.monotonic)
    finished: threading.Event = field(default_factory=threading.Event)

    @property
    def done(self) -> bool:
        return self.finished.is_set()


_jobs: dict[str, Job] = {}
_lock = threading.Lock()


def start(author: str, purpose: str, work: Callable[[Callable[[str], None]], Any]) -> str:
    """Run ``work(say)`` in a thread; its identifier. ``say(message)`` adds a progress step."""
    job_id, job = secrets.token_urlsafe(16), Job(author, purpose)
    with _lock:
        for old in [k for k, j in _jobs.items() if j.done and time.monotonic() - j.started > KEPT_SECONDS]:
            del _jobs[old]
        _jobs[job_id] = job

    @copy_current_request_context
    def run() -> None:
        try:
            job.result = work(job.steps.append)
        except UserError as error:
            job.error = f"{error.message} {NOTHING_CHANGED}" if isinstance(error, LoadError) else error.message
        except Exception as error:
            log.error("Erreur dans un import en arrière-plan", exc_info=error)
            job.error = UNEXPECTED
        finally:
            job.finished.set()

    threading.Thread(target=run, name=f"import-{purpose}", daemon=True).start()
    return job_id


def get(job_id: str | None, author: str | None) -> Job | None:
    """The job, if it exists and was started by ``author``."""
    with _lock:
        job = _jobs.get(job_id or "")
    return job if job is not None and job.author == author else None
