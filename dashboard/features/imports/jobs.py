"""Long imports run in a background thread; the page polls their progress (dcc.Interval).

A job runs in a thread of the worker process whose callback started it, in a copy of the request's context, so
that the write gate checks the signed-in account there as in any callback. Its record (steps, result, error) is
the app's, held by the process that owns the database (``store.shared_object``): the page's polls, which any
worker may answer, read it there, keyed by a random identifier that only its author's page knows and may read. A
user's error (a refused file, a refused undo) ends the job with its French message; anything else is logged and
ends it with the app's generic message.
"""

from __future__ import annotations

import logging
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from flask import copy_current_request_context

from dashboard import store
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
    done: bool = False


class Jobs:
    """The app's jobs, by identifier."""

    def __init__(self):
        self._jobs: dict[str, Job] = {}
        self._changed = threading.Condition()

    def open(self, author: str, purpose: str) -> str:
        job_id = secrets.token_urlsafe(16)
        with self._changed:
            for old in [k for k, j in self._jobs.items() if j.done and time.monotonic() - j.started > KEPT_SECONDS]:
                del self._jobs[old]
            self._jobs[job_id] = Job(author, purpose)
        return job_id

    def step(self, job_id: str, message: str) -> None:
        with self._changed:
            self._jobs[job_id].steps.append(message)

    def finish(self, job_id: str, result: Any, error: str | None) -> None:
        with self._changed:
            self._jobs[job_id] = replace(self._jobs[job_id], result=result, error=error, done=True)
            self._changed.notify_all()

    def get(self, job_id: str | None, author: str | None) -> Job | None:
        with self._changed:
            job = self._jobs.get(job_id or "")
            return replace(job, steps=list(job.steps)) if job is not None and job.author == author else None

    def wait(self, job_id: str, timeout: float) -> bool:
        """Whether the job is over, waiting ``timeout`` seconds at most."""
        with self._changed:
            return self._changed.wait_for(lambda: self._jobs[job_id].done, timeout)


jobs = store.shared_object("import-jobs", Jobs)


@dataclass(frozen=True)
class Say:
    """Adds a progress step to a job, from whichever process runs the work (the store process runs imports)."""
    job_id: str

    def __call__(self, message: str) -> None:
        jobs.step(self.job_id, message)


def start(author: str, purpose: str, work: Callable[[Callable[[str], None]], Any]) -> str:
    """Run ``work(say)`` in a thread; its identifier. ``say(message)`` adds a progress step."""
    job_id = jobs.open(author, purpose)

    @copy_current_request_context
    def run() -> None:
        result, error = None, None
        try:
            result = work(Say(job_id))
        except UserError as failure:
            error = f"{failure.message} {NOTHING_CHANGED}" if isinstance(failure, LoadError) else failure.message
        except Exception as failure:
            log.error("Erreur dans un import en arrière-plan", exc_info=failure)
            error = UNEXPECTED
        try:
            jobs.finish(job_id, result, error)
        except Exception as failure:  # a result that cannot reach the process holding the jobs
            log.error("Résultat d'un import en arrière-plan impossible à enregistrer", exc_info=failure)
            jobs.finish(job_id, None, UNEXPECTED)

    threading.Thread(target=run, name=f"import-{purpose}", daemon=True).start()
    return job_id


def get(job_id: str | None, author: str | None) -> Job | None:
    """The job, if it exists and was started by ``author``."""
    return jobs.get(job_id, author)


def wait(job_id: str, timeout: float) -> bool:
    return jobs.wait(job_id, timeout)
