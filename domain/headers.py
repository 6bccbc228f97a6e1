"""Column headers as sources spell them, reduced to one comparable form."""

from __future__ import annotations

import re
import unicodedata


def normalize_header(name: str) -> str:
    """``Année `` → ``annee``: lower case, no accents, underscores for spaces."""
    text = unicodedata.normalize("NFKD", str(name)).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "_", text.strip().lower()).strip("_")
