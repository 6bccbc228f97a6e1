"""The one print button of every A4 document (the roadmap document, the fiche territoire, a meeting's convocation and
relevé de décisions): it opens the browser's own print dialog (``window.print``, from the click listener of
assets/print.js, so no callback per page) and is not printed itself (``no-print``, assets/style.css)."""

from __future__ import annotations

from dash import html

PRINT_BUTTON = "print-button"  # the id and the class assets/print.js listens to


def print_button(label: str = "Imprimer") -> html.Button:
    """« Imprimer » (or ``label``), that prints the page on A4 or saves it as PDF."""
    return html.Button(label, id=PRINT_BUTTON, type="button", title="Imprimer ou enregistrer en PDF (A4)",
                       className=f"fr-btn fr-btn--secondary no-print {PRINT_BUTTON}")
