"""What a computation read: the tables (their data versions' slots) and what of the visitor.

A kept value is the same for everyone who asks with the same data and arguments, unless its computation read
something of the visitor asking — their role, their account, the address they reached the app at, today's date.
Those readings go through functions decorated with ``visitor_aspect`` (dashboard/access/auth.py…): each records
the aspect's value in the computations under way, and a kept value is then served only to visitors for whom every
aspect it read has the same value. A page that reads only the role is built once per role; one that reads the
account's name, once per account: the parts of a page that depend on the account are kept small and apart (the
roadmap's « Connecté : … » line has its own callback), so that the page is kept for every visitor of a role.

The decorated function called inside another one records nothing of its own: ``editor_role`` reads the account
to find its role, and records the role only.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import TypeVar

T = TypeVar("T")


@dataclass
class Trace:
    slots: set[int] = field(default_factory=set)
    visitor: dict[str, object] = field(default_factory=dict)
    keepable: bool = True  # False once something happened that must not be kept (an error shown in the page)

    def absorb(self, slots, visitor) -> None:
        self.slots.update(slots)
        self.visitor.update(visitor)


_traces: ContextVar[tuple[Trace, ...]] = ContextVar("traces", default=())
_inside_aspect: ContextVar[bool] = ContextVar("inside_aspect", default=False)
ASPECTS: dict[str, Callable[[], object]] = {}  # name → the visitor's value now, recording nothing


@contextmanager
def tracing():
    """A trace of what the block reads; the enclosing trace, if any, gets it too."""
    trace = Trace()
    token = _traces.set(_traces.get() + (trace,))
    try:
        yield trace
    finally:
        _traces.reset(token)
        if outer := _traces.get():
            outer[-1].absorb(trace.slots, trace.visitor)
            outer[-1].keepable &= trace.keepable


def read(slots, visitor=()) -> None:
    """Record, in the trace under way (if any), the slots and visitor aspects that a value read."""
    if traces := _traces.get():
        traces[-1].absorb(slots, visitor)


def not_keepable() -> None:
    """What is being computed must not be kept (an error is shown instead of the page, a busy database…)."""
    for trace in _traces.get():
        trace.keepable = False


def visitor_aspect(name: str, key: Callable[[object], object] = lambda value: value):
    """Decorate a function of no argument that reads the visitor: ``key(its result)`` is the aspect's value."""
    def decorate(function: Callable[[], T]) -> Callable[[], T]:
        def value_now():
            token = _inside_aspect.set(True)
            try:
                return key(function())
            finally:
                _inside_aspect.reset(token)

        ASPECTS[name] = value_now

        @functools.wraps(function)
        def recorded() -> T:
            if _inside_aspect.get():
                return function()
            token = _inside_aspect.set(True)
            try:
                result = function()
            finally:
                _inside_aspect.reset(token)
            read((), {name: key(result)})
            return result
        return recorded
    return decorate


def matches(visitor: tuple[tuple[str, object], ...]) -> bool:
    """Whether the visitor asking has these aspects' values."""
    return all(ASPECTS[name]() == value for name, value in visitor)
