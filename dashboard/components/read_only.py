"""Why a write button is disabled for a reader, with the way to become an editor."""

from __future__ import annotations

from urllib.parse import quote

from dash import html

from dashboard import auth, gate


def read_only_note(here: str) -> html.Span:
    """« Connectez-vous avec un compte d'éditeur pour modifier », linking to the sign-in, then back to ``here``."""
    return html.Span(className="read-only-note", children=[
        html.A(gate.READ_ONLY, href=f"{auth.SIGN_IN}?suivant={quote(here)}"), "."])
