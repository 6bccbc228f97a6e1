"""The page state: what travels from page to page in the URL query (the region above all), and how a link
carries it.

The URL is the state's only home. A page reads it with ``PageState.from_query``; every link to a page of
the site is built by ``href``, which writes the state back into the query. The header lies outside
``dash.page_container``, so the server never re-renders it: ``assets/page_state.js`` rewrites its links
whenever the URL changes (clientside callbacks of components/frame.py), and before Dash first renders it gives
a URL without region the last region a page showed in this browser (``SHOWN_REGION`` → ``REMEMBERED_REGION``).
Each page then calls ``resolve_region``: the region asked for if the page can show it, else the only one it
can show, else ``None`` and the page shows the region chooser (components/controls.py) — never silently the
first region of the list.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields
from urllib.parse import urlencode

import dash


@dataclass(frozen=True)
class PageState:
    """The parameters every page keeps when the user moves to another page."""

    region: str | None = None

    @classmethod
    def from_query(cls, params: Mapping[str, object]) -> PageState:
        """The state named by a page's query parameters; other parameters are ignored."""
        return cls(**{name: _text(params.get(name)) for name in SHARED})

    def query(self) -> dict[str, str]:
        """The state's parameters that are set, as they appear in a URL."""
        return {name: value for name, value in asdict(self).items() if value}


SHARED = tuple(field.name for field in fields(PageState))


def _text(value) -> str | None:
    return str(value) if value not in (None, "") else None


def href(path: str, state: PageState, **params) -> str:
    """The link to ``path`` that keeps ``state``; ``params`` (those set) follow it in the query."""
    query = urlencode({**state.query(), **{k: str(v) for k, v in params.items() if v not in (None, "")}})
    return f"{path}?{query}" if query else path


def resolve_region(requested: str | None, offered) -> str | None:
    """The region a page shows: the one asked for if the page offers it, else the only one offered when none
    was asked for; ``None`` when the user must choose. ``offered``: the regions' codes, in display order."""
    codes = list(offered)
    if requested in codes:
        return requested
    if requested in (None, "") and len(codes) == 1:
        return codes[0]
    return None


def nav_pages() -> list[dict]:
    """The pages of the main menu, in order (a page registered with ``nav=False`` stays out of it)."""
    return [page for page in dash.page_registry.values() if page.get("nav", True)]


REMEMBERED_REGION = "remembered-region"  # a dcc.Store kept in localStorage (frame.shell), read by page_state.js
SHOWN_REGION = "shown-region"  # the region a page shows (controls.region_control): the browser remembers it


def link_id(path: str, place: str = "menu") -> dict:
    """The id of a link of the header or footer to ``path``: assets/page_state.js rewrites every link with
    such an id when the URL changes (``place`` tells apart two links to the same page)."""
    return {"type": "page-link", "path": path, "place": place}
