"""Column headers as sources spell them, reduced to one comparable form."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache


@lru_cache(maxsize=4096)  # a long file repeats the same few names (a key's name on each of its lines)
def normalize_header(name: str) -> str:
    """``Année `` → ``annee``: lower case, no accents, underscores for spaces."""
    text = unicodedata.normalize("NFKD", str(name)).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "_", text.strip().lower()).strip("_")
