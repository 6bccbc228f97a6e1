"""Numbers as users and source files write them, French or English notation."""

from __future__ import annotations

import re

NUMBER = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?$")


def parse_number(text: str) -> float:
    """French or English notation: ``53,5``, ``1 234,5``, ``53.5``, ``-0,0006``. ValueError otherwise."""
    cleaned = re.sub(r"[\s\u00a0\u202f]", "", text)
    if cleaned.count(",") == 1 and "." in cleaned:
        raise ValueError(text)
    if not NUMBER.match(cleaned):
        raise ValueError(text)
    return float(cleaned.replace(",", "."))
