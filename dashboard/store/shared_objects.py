"""The few objects that every process of the app must share, held by the process that owns the database.

Served by several worker processes, the app still has one room per region for the phones that follow a
presentation, one count of failed sign-ins, one list of import jobs: each is made once, by its module-level
``factory``, in the owner (this process, or the store process), and a worker calls its methods there
(dashboard/store/client.py). Their arguments and results travel between processes: they must pickle.
"""

from __future__ import annotations

import threading
from collections.abc import Callable


class Registry:
    def __init__(self):
        self._objects: dict[str, object] = {}
        self._lock = threading.Lock()

    def call(self, name: str, factory: Callable[[], object], method: str, args: tuple):
        if method.startswith("_"):
            raise AttributeError(method)
        with self._lock:
            found = self._objects.get(name)
            if found is None:
                found = self._objects[name] = factory()
        return getattr(found, method)(*args)


registry = Registry()


class Shared:
    """The object named ``name``: each method call runs on the owner's (``engine().call_shared``)."""

    def __init__(self, name: str, factory: Callable[[], object], engine: Callable[[], object]):
        self._name, self._factory, self._engine = name, factory, engine

    def __getattr__(self, method: str):
        if method.startswith("_"):
            raise AttributeError(method)
        return lambda *args: self._engine().call_shared(self._name, self._factory, method, args)
