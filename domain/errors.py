"""The one error type for what the user can fix: a French sentence, and where to show it.

Loaders, forms and the write gate raise it; the app shows its message in French, at the field
when one is named, otherwise in the page (``dashboard.errors``). Any other exception is a
programming error: the app logs it and shows a generic message, never its (English) text.
"""

from __future__ import annotations


class UserError(Exception):
    """``message``: a French sentence for the user; ``field``: the id of the element that shows it, if any."""

    def __init__(self, message: str, field: str | dict | None = None):
        super().__init__(message)
        self.field = field

    @property
    def message(self) -> str:
        return str(self)

    def at(self, field: str | dict) -> UserError:
        """The same error, shown next to ``field``."""
        moved = type(self).__new__(type(self), *self.args)  # without __init__: subclasses take other arguments
        moved.__dict__.update(self.__dict__, field=field)
        return moved
