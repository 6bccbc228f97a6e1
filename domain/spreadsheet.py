"""Text cells that a spreadsheet would run as formulas: made inert on export, restored on import."""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@")


def neutralize(value):
    """Make a text cell that a spreadsheet would run as a formula inert."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def unneutralize(value):
    """Undo ``neutralize`` (``'=x`` → ``=x``), so that an exported file re-imports unchanged."""
    if isinstance(value, str) and value.startswith("'") and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value
