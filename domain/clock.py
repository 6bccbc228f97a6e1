"""The current instant as the database keeps it: UTC, without a zone (DuckDB ``TIMESTAMP`` columns), whatever the
server's time zone; ``data/db.py`` sets DuckDB's own clock (``current_timestamp``) to UTC likewise. Pages show
instants in Paris time (``domain.formats``)."""

from __future__ import annotations

from datetime import UTC, datetime


def now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)
