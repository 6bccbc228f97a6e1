"""A frozen version opened by itself: ``?version=N`` on the roadmap, its printable document, the fiche territoire
and their downloads.

``opened`` reads the parameter as the browser sends it (a number of a version of the page's region, or nothing:
the current state); inside ``reading``, every read of the store reads the version's snapshot
(dashboard/store/frozen.py), so the pages build the version's figures with their usual code. ``banner`` says which
version is shown, when it was frozen and presented, and links to the current state.
"""

from __future__ import annotations

from contextlib import contextmanager

from dash import html

from dashboard import store
from dashboard.components.cards import notice
from dashboard.exports import UnknownExport
from domain import versions

BANNER = "version-banner"
CURRENT_LINK = "version-current-link"


class NotAVersion(LookupError):
    """The parameter names no frozen version of the region: the message says so in French."""


def opened(region: str, version) -> versions.Header | None:
    """The version ``version`` (as the query gives it) of ``region``; None for the current state."""
    if version in (None, ""):
        return None
    text = str(version)
    if not text.isdigit() or len(text) > 9:
        raise NotAVersion(f"« {text[:20]} » n'est pas un numéro de version figée.")
    header = store.fetch(versions.header, int(text))
    if header is None or header.region != region:
        raise NotAVersion(f"Aucune version figée n° {int(text)} pour cette région.")
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
    """« Version « … » figée le … — présentée le … », what it does not hold, and the link to ``current``."""
    lines = [html.P([html.Strong(header.banner() + "."), " Ses chiffres sont ceux de ce jour-là, en lecture seule. ",
                     html.A("Voir l'état actuel", href=current, id=CURRENT_LINK)])]
    if not header.complete and header.note:
        lines.append(html.P(header.note))
    return notice(lines, info=True, id=BANNER)
