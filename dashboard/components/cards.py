"""The key-figure cards and the notices that several pages show, built in one place (same ids and classes)."""

from __future__ import annotations

from dash import html

FICTIONAL = "Données fictives : cette région et ses chiffres sont générés pour la démonstration."


def key_figure(title: str, value: str | list, value_id: str, detail: str | list[str],
               title_id: str | None = None) -> html.Div:
    """A card: its title, one large value (``value_id`` lets tests and callbacks find it), one or more details."""
    details = [detail] if isinstance(detail, str) else detail
    return html.Div(className="fr-card", children=[
        html.P(title, className="fr-card__title", **({"id": title_id} if title_id else {})),
        html.P(value, className="fr-card__value", id=value_id),
        *[html.P(line, className="fr-card__detail") for line in details if line],
    ])


def notice(children, info: bool = False, role: str = "note", **props) -> html.Div:
    """A highlighted note (``fr-notice``); ``info`` for the blue one, ``role="status"`` for a change just made."""
    return html.Div(children, className="fr-notice fr-notice--info" if info else "fr-notice", role=role, **props)


def fictional_notice(fictional: bool) -> html.Div | None:
    """The warning shown over a fictional region's figures; None for a real one."""
    return notice(FICTIONAL) if fictional else None
