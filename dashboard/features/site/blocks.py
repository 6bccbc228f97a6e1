"""Pieces the pages of the footer share: a titled section, the operator's contact."""

from __future__ import annotations

from dash import html

from dashboard.serving import operator


def section(title: str, *children) -> html.Section:
    return html.Section([html.H2(title), *children])


def contact(purpose: str) -> html.P:
    """How to reach the operator for ``purpose`` (« signaler un défaut d'accessibilité »…): its contact, as a link
    when it is an address, or the service that opened the reader's account when none is configured."""
    site = operator.configured()
    if site.contact is None:
        return html.P(f"Pour {purpose}, écrivez à l'exploitant ({site.name}), par le service qui vous a ouvert "
                      "votre compte ou par son adresse de contact habituelle.", className="site-contact")
    target = operator.contact_href(site.contact)
    shown = html.A(site.contact, href=target) if target else site.contact
    return html.P([f"Pour {purpose}, écrivez à l'exploitant ({site.name}) : ", shown, "."], className="site-contact")
