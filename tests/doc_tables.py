"""The documentation's tables that tests compare with the code: each cell, by the `codes` its row and column show."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def doc_table(document: str, first_header: str) -> dict[tuple[str, str], str]:
    """(row code, column code) → cell of the table of ``document`` (a path from the repository's root) whose
    header starts with ``| <first_header> |``."""
    lines = (ROOT / document).read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(f"| {first_header} |"))
    header = [re.search(r"`(\w+)`", cell).group(1) for cell in lines[start].strip("|").split("|")[1:]]
    table = {}
    for line in lines[start + 2:]:
        if not line.startswith("|"):
            break
        first, *cells = [cell.strip() for cell in line.strip("|").split("|")]
        row = re.search(r"`(\w+)`", first).group(1)
        table.update({(row, column): cell for column, cell in zip(header, cells, strict=True)})
    return table
