"""The page state: what a page's address holds (its query), read once into a small frozen dataclass per page, and
written back into every link and address — never a query string built by hand.

``PageState`` holds what every page keeps when the user moves to another page (the region); each page's own state
subclasses it (dashboard/page_states.py) and names its query parameters with ``parameter``. A page reads its
state with ``from_query`` (the page's ``layout(**query)``) or ``from_search`` (a callback's ``dcc.Location``
search), and writes it with ``href`` (a link), ``search`` (the address bar) or ``replace`` (a change). Whatever
the browser sends is bounded: an unknown, overlong or unreadable value falls back to the parameter's default.

A page whose callbacks need its parameters writes its resolved state into a ``dcc.Store`` (``stored()``); each of
those callbacks reads it back with ``from_store`` — the one reader of a page's parameters in a callback, never
``params["region"]`` by hand: a forged store (a list, a region that is not one of the app's, a value the page
never writes) is not answered (``PreventUpdate``) instead of failing into the generic error. What else a callback
receives from the browser (a dropdown's value, a text, a click on a map…) is read by dashboard/sent.py, as strictly.

The header lies outside ``dash.page_container``, so the server never re-renders it: ``assets/page_state.js``
rewrites its links whenever the URL changes (clientside callbacks of components/frame.py), and before Dash first
renders it gives a URL without region the last region a page showed in this browser (``SHOWN_REGION`` →
``REMEMBERED_REGION``). Each page then resolves its region (``resolve_region``, through the one preamble
``components.controls.region_preamble``): the region asked for if the page can show it, else the only one it can
show, else ``None`` and the page shows the region chooser — never silently the first region of the list.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field, fields
from typing import ClassVar, Self
from urllib.parse import parse_qsl, urlencode

import dash
from dash.exceptions import PreventUpdate

from dashboard import sent
from dashboard.store import fetch_imported, queries

LONGEST = 200  # characters of a query parameter: longer is not a value a page writes


def parameter(name: str, default=None, *, choices: Collection[str] | None = None, number: bool = False,
              longest: int = LONGEST):
    """A field of a page state: ``name`` in the query; ``choices`` the values it may take, ``number`` a whole
    number written in ASCII digits (``sent.whole_number``), ``longest`` its most characters — any other value reads
    as ``default``."""
    return field(default=default, metadata={"query": name, "choices": choices, "number": number,
                                            "longest": longest})


@dataclass(frozen=True)
class PageState:
    """The parameters every page keeps when the user moves to another page."""

    PATH: ClassVar[str] = ""

    region: str | None = parameter("region", longest=20)

    @classmethod
    def from_query(cls, query: Mapping[str, object]) -> Self:
        """The state named by a page's query parameters; other parameters are ignored, bad values fall back."""
        return cls(**{spec.name: _read(query.get(spec.metadata["query"]), spec) for spec in fields(cls)})

    @classmethod
    def from_search(cls, search: str | None) -> Self:
        """The state of an address's search part (``?region=53&vue=secteur``), as ``dcc.Location`` gives it to a
        callback; anything but a text (forged) is not answered."""
        return cls.from_query(dict(parse_qsl((sent.text(search) or "").lstrip("?"))))

    @classmethod
    def from_store(cls, data: object) -> Self:
        """The state that the page's layout wrote into its parameters store (``stored()``), as a callback receives it:
        exactly what ``stored()`` writes, with a region the app holds. Anything else (forged) raises ``PreventUpdate``:
        the request is not answered and nothing changes."""
        if not isinstance(data, Mapping) or not all(isinstance(name, str) for name in data):
            raise PreventUpdate
        state = cls.from_query(data)
        if state.stored() != data or state.region not in set(fetch_imported(queries.regions)["code"]):
            raise PreventUpdate
        return state

    def stored(self) -> dict[str, str]:
        """What the page's parameters store holds (read back by ``from_store``)."""
        return self.query()

    def query(self) -> dict[str, str]:
        """The state's parameters that are set, and not to their default, by their names in the query, as they
        appear in a URL."""
        return {spec.metadata["query"]: str(value) for spec in fields(self)
                if (value := getattr(self, spec.name)) not in (None, "", spec.default)}

    def search(self) -> str:
        """The address's search part for this state (``dcc.Location.search``)."""
        return "?" + _encoded(self.query())

    def href(self, path: str | None = None) -> str:
        """The link to this state's page (or to ``path``, keeping the state)."""
        return href(self.PATH if path is None else path, self)

    def replace(self, **changes) -> Self:
        return dataclasses.replace(self, **changes)

    def shared(self) -> PageState:
        """What another page keeps of this state."""
        return PageState(region=self.region)


SHARED = tuple(spec.metadata["query"] for spec in fields(PageState))


def _read(value, spec: dataclasses.Field):
    """``value`` as the query gives it (text, or None; a number written by the page), checked against the
    parameter's ``spec``."""
    rule = spec.metadata
    text = str(value) if isinstance(value, (str, int)) and not isinstance(value, bool) else None
    if text in (None, "") or len(text) > rule["longest"] or not text.isprintable():
        return spec.default
    if rule["choices"] is not None and text not in rule["choices"]:
        return spec.default
    if rule["number"]:
        found = sent.whole_number(text)
        return spec.default if found is None else found
    return text


def _encoded(params: Mapping[str, str]) -> str:
    """A query string; ``/`` stays readable (a return path: ``suivant=/ecarts%3Fregion%3D53``)."""
    return urlencode(params, safe="/")


def href(path: str, state: PageState | None = None, **params) -> str:
    """The link to ``path`` that keeps ``state``; ``params`` (those set) follow it in the query (a route that is
    not a page: ``href(auth.SIGN_IN, suivant=here)``)."""
    kept = state.query() if state is not None else {}
    query = _encoded({**kept, **{k: str(v) for k, v in params.items() if v not in (None, "")}})
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


def region_name(region: str) -> str:
    """The name of the region ``region`` (its code when the app does not hold it)."""
    regions = fetch_imported(queries.regions)
    return dict(zip(regions["code"], regions["name"])).get(region, region)


def nav_pages() -> list[dict]:
    """The pages of the main menu, in order (a page registered with ``nav=False`` stays out of it)."""
    return [page for page in dash.page_registry.values() if page.get("nav", True)]


REMEMBERED_REGION = "remembered-region"  # a dcc.Store kept in localStorage (frame.shell), read by page_state.js
SHOWN_REGION = "shown-region"  # the region a page shows (controls.region_control): the browser remembers it


def link_id(path: str, place: str = "menu") -> dict:
    """The id of a link of the header or footer to ``path``: assets/page_state.js rewrites every link with
    such an id when the URL changes (``place`` tells apart two links to the same page)."""
    return {"type": "page-link", "path": path, "place": place}
