"""The DSFR « sommaire » of a long page: links to its parts, at the top, so that what is far down (the Écarts
page's « Nouvelle ambition ») is one click away. Each part's section carries the anchor as its id."""

from __future__ import annotations

from collections.abc import Iterable

from dash import html

TITLE = "page-summary-title"


def page_summary(parts: Iterable[tuple[str, str]]) -> html.Nav:
    """``parts``: (anchor, title) in the page's order."""
    return html.Nav(className="fr-summary", role="navigation", **{"aria-labelledby": TITLE}, children=[
        html.P("Sommaire", className="fr-summary__title", id=TITLE),
        html.Ol(className="fr-summary__list", children=[
            html.Li(html.A(title, className="fr-summary__link", href=f"#{anchor}")) for anchor, title in parts]),
    ])
