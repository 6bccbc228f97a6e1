"""A frozen version opened by itself: ``?version=N`` on the roadmap, its printable document, the fiche territoire
and their downloads.

``opened`` reads the parameter as the browser sends it (a number of a version of the page's region, or nothing:
the current state); inside ``reading``, every read of the store reads the version's snapshot
(dashboard/store/frozen.py), so the pages build the version's figures with their usual code. ``banner`` says which
version is shown, when it was frozen and presented, and links to the current state.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from contextlib import contextmanager
from typing import TypeVar

from dash import dcc, html
from dash.exceptions import PreventUpdate

from dashboard import sent, store
from dashboard.components.cards import notice
from dashboard.components.controls import region_preamble
from dashboard.exports import UnknownExport
from dashboard.page_states import (
    GapsState,
    OverviewState,
    ProjectionState,
    RoadmapState,
    SplitState,
    VersionedState,
)
from domain import versions

BANNER = "version-banner"
CURRENT_LINK = "version-current-link"
PAGES_LINKS = "version-pages"
# The pages that show a version by itself, in the menu's order: the banner links to each, keeping the version.
PAGES = (("Vue d'ensemble", OverviewState), ("Écarts", GapsState), ("Déclinaison", SplitState),
         ("Feuille de route", RoadmapState), ("Mode projection", ProjectionState))
S = TypeVar("S", bound=VersionedState)


class NotAVersion(LookupError):
    """The parameter names no frozen version of the region: the message says so in French."""


def opened(region: str, version) -> versions.Header | None:
    """The version ``version`` (as the query gives it) of ``region``; None for the current state."""
    if version in (None, ""):
        return None
    number = sent.whole_number(version)
    if number is None:
        raise NotAVersion(f"« {str(version)[:20]} » n'est pas un numéro de version figée.")
    header = store.fetch(versions.header, number)
    if header is None or header.region != region:
        raise NotAVersion(f"Aucune version figée n° {number} pour cette région.")
    return header


@contextmanager
def reading(header: versions.Header | None):
    """Inside, the store reads the version's snapshot (the live data for None)."""
    with store.reading_version(None if header is None else header.version_id):
        yield


@contextmanager
def export_reading(region: str, params: dict):
    """Inside, a download reads the frozen version that its ``version`` parameter names (given to the block), or
    the live data (None)."""
    try:
        header = opened(region, params.get("version"))
    except NotAVersion as error:
        raise UnknownExport(str(error)) from None
    with reading(header):
        yield header


def versioned(view):
    """A download (``export_view``) that reads the frozen version its ``version`` parameter names, or the live data."""
    @functools.wraps(view)
    def read(params: dict):
        with export_reading(params.get("region"), params):
            return view(params)
    return read


@contextmanager
def callback_reading(params: dict | None):
    """Inside, a page's callback reads the version that the page's stored parameters name (``region``,
    ``version``), or the live data; a request naming no version of the region (forged) is not answered."""
    params = params or {}
    try:
        header = opened(params.get("region"), params.get("version"))
    except NotAVersion:
        raise PreventUpdate from None
    with reading(header):
        yield header


def preamble(title: str, state: VersionedState) -> tuple[versions.Header | None, html.Div | None]:
    """A page's step after its region: the frozen version that its ``state`` names (None: the current state) and
    None; or, for a ``version`` that is not one of the region's, None and the page that says so in French, with the
    link to the current state (the page's other settings kept)."""
    try:
        return opened(state.region, state.version), None
    except NotAVersion as error:
        return None, html.Div([html.H1(title), html.P(str(error), role="alert", id=BANNER),
                               dcc.Link("Voir l'état actuel", href=state.replace(version=None).href(),
                                        id=CURRENT_LINK)])


def opening(title: str, state: S, offered, unavailable: str = "") -> tuple[S, versions.Header | None] | html.Div:
    """A page's first steps: its region among the regions ``offered`` (``controls.region_preamble``), then the frozen
    version that ``state`` names (``preamble``). The page's state and that version (None: the current state); or
    the page to show instead (the region chooser, or the refusal of a version that is not one of the region's)."""
    state, chooser = region_preamble(title, state, offered, unavailable)
    if chooser:
        return chooser
    frozen, refusal = preamble(title, state)
    return refusal or (state, frozen)


def page(title: str, state: S, offered, build: Callable[[S, versions.Header | None], html.Div],
         unavailable: str = "") -> html.Div:
    """The page that ``build(state, frozen)`` makes, read inside the frozen version that ``state`` names (the current
    state when none), after ``opening``; or the page that ``opening`` shows instead."""
    opened = opening(title, state, offered, unavailable)
    if not isinstance(opened, tuple):
        return opened
    state, frozen = opened
    with reading(frozen):
        return build(state, frozen)


def with_method(params: dict, header: versions.Header | None) -> dict:
    """A version's pages split by the méthode it retained unless another is asked for."""
    if header is None or params.get("methode") not in (None, ""):
        return params
    return {**params, "methode": header.method_id}


def current_version() -> int | None:
    """The version being read (inside ``reading``), for the links that keep it; None for the live data."""
    found = store.frozen.current()
    return None if found is None else found.version_id


def banner(header: versions.Header, current: str) -> html.Div:
    """« Version « … » figée le … — présentée le … », what it does not hold, the link to ``current`` and to the
    version's other pages."""
    pages = [dcc.Link(name, href=state(region=header.region, version=str(header.version_id)).href())
             for name, state in PAGES]
    lines = [html.P([html.Strong(header.banner() + "."), " Ses chiffres sont ceux de ce jour-là, en lecture seule. ",
                     html.A("Voir l'état actuel", href=current, id=CURRENT_LINK)]),
             html.P(["Cette version : ", *_joined(pages)], id=PAGES_LINKS)]
    if not header.complete and header.note:
        lines.append(html.P(header.note))
    return notice(html.Div(lines), info=True, id=BANNER)  # one block: the notice lays its children side by side


def _joined(links: list) -> list:
    return [piece for index, link in enumerate(links) for piece in ((" · ",) if index else ()) + (link,)]
