"""Why a write button is disabled: for an anonymous visitor, the way to become an editor; for a signed-in
account, what its role does not allow (``gate.read_only_reason``, the one place that says it)."""

from __future__ import annotations

from dash import html

from dashboard.access import auth, gate
from dashboard.state import href
from domain.permissions import Write


def read_only_note(here: str, kind: Write) -> html.Span:
    """« Connectez-vous avec un compte d'éditeur pour modifier », linking to the sign-in, then back to ``here``;
    or, signed in, « Lecture seule : le rôle « lecteur » ne permet pas de modifier les scénarios »."""
    reason = gate.read_only_reason(kind)
    if reason == gate.READ_ONLY:
        return html.Span(className="read-only-note", children=[
            html.A(gate.READ_ONLY, href=href(auth.SIGN_IN, suivant=here)), "."])
    return html.Span(f"{reason}.", className="read-only-note read-only-note--role")
