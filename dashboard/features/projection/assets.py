"""The projection's scripts and style sheet, fetched only by the pages that show screens.

Dash lists every file of assets/ in every page; these are left out (app.py's ``assets_ignore``) and
loaded where needed: the participant's light page names its own (dashboard/features/projection/follow.py), and in
the dashboard, assets/projection_on_demand.js stands in for the projection's clientside functions and
fetches the presenter's files, from the URLs that the page's ``<meta name="cop-projection">`` holds,
when the projection page first draws a screen. The URLs carry the file's modification time, as Dash names
its assets, so that serving/deployment.py caches them a year.
"""

from __future__ import annotations

from pathlib import Path

from dashboard.state import href

FOLDER = Path(__file__).resolve().parents[3] / "assets"
PRESENTER = ("projection.css", "projection-screens.js", "projection.js")
FOLLOWER = ("projection.css", "follow.css", "projection-screens.js", "follow.js")
NOT_LISTED = r"(^|/)(projection|projection-screens|follow)\.(js|css)$"  # app.py's assets_ignore
META_NAME = "cop-projection"


def url(name: str) -> str:
    """A fingerprinted asset URL (``?m=<mtime>``, as Dash names its assets): cached a year by serving/deployment.py."""
    return href(f"/assets/{name}", m=int((FOLDER / name).stat().st_mtime))


def meta_tag(relative_path) -> dict:
    """The dashboard pages' pointer to the presenter's files; ``relative_path`` is the app's ``get_relative_path``."""
    return {"name": META_NAME, "content": " ".join(relative_path(url(name)) for name in PRESENTER)}
