"""Texts as people type them and files hold them: the one check of every text the application stores.

Each text field has a maximum length, declared once here, and holds no control character (a NUL, a bell,
an escape…; line breaks and tabs only in a field of several lines) and no lone half of a UTF-16 surrogate
pair (« \\udcff »: what a forged request or a broken file leaves, which the database cannot store). Forms
check with ``TextField.check`` (the French message names the field), loaders with ``TextField.problem``
(their message names the file, the line and the column).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from domain import formats
from domain.errors import UserError

# Control characters (C0, DEL, C1) and surrogates; a field of several lines keeps tab, line feed and return.
FORBIDDEN = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
FORBIDDEN_IN_LINES = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


class TextError(UserError, ValueError):
    """A text refused; the message names the field."""


@dataclass(frozen=True)
class TextField:
    """``label`` names the field in a sentence (« le nom du scénario »); ``lines``: several lines allowed."""

    label: str
    longest: int
    lines: bool = False

    def problem(self, text: str) -> str | None:
        """What is wrong with ``text``, in French and without the field's name; None when it may be stored."""
        if len(text) > self.longest:
            return f"trop long ({formats.count(len(text))} caractères, {formats.count(self.longest)} au plus)"
        found = (FORBIDDEN_IN_LINES if self.lines else FORBIDDEN).search(text)
        if found is None:
            return None
        character, position = found.group(), found.start() + 1
        if character in "\r\n":
            return f"retour à la ligne interdit (position {position}) : ce champ tient sur une ligne"
        if "\ud800" <= character <= "\udfff":
            return (f"caractère invalide U+{ord(character):04X} (position {position}) : une moitié de paire "
                    "de substitution UTF-16, qui n'est pas du texte")
        return f"caractère de contrôle U+{ord(character):04X} interdit (position {position})"

    def check(self, text: str | None) -> str | None:
        """``text`` trimmed (None when blank), or TextError: « Le nom du scénario : trop long (… au plus). »"""
        text = (text or "").strip()
        problem = self.problem(text)
        if problem:
            raise TextError(f"{formats.capitalised(self.label)} : {problem}.")
        return text or None


# Typed in the application.
CARRIER = TextField("le porteur", 200)
TITLE = TextField("l'intitulé", 300)
DESCRIPTION = TextField("la description", 5000, lines=True)
CONTACT = TextField("le contact", 300)
FUNDING_SOURCE = TextField("la source du financement", 500)  # one financing line's
CONTRIBUTIONS = TextField("les contributions aux objectifs régionaux", 1000)
SHARED_TERRITORIES = TextField("les territoires qui portent l'engagement", 2000)
SCENARIO_NAME = TextField("le nom du scénario", 80)
METHOD_NAME = TextField("le nom de la méthode", 80)
VERSION_NAME = TextField("le nom de la version", 200)
REVIEW_COMMENT = TextField("le commentaire", 2000, lines=True)
FOLLOW_UP_COMMENT = TextField("le commentaire du suivi", 2000, lines=True)
USERNAME = TextField("l'identifiant", 64)
ACCOUNT_NAME = TextField("le nom", 120)
PARTY_CODE = TextField("le code de la partie", 40)
PARTY_NAME = TextField("le nom de la partie", 200)
PERSON_NAME = TextField("le nom du contact", 120)
PERSON_ROLE = TextField("la fonction du contact", 120)
EMAIL = TextField("le courriel", 254)
MEETING_TITLE = TextField("l'intitulé de la réunion", 200)
PLACE = TextField("le lieu", 200)
AGENDA_ITEM = TextField("un point de l'ordre du jour", 300)
MINUTES = TextField("le compte rendu", 20_000, lines=True)
DECISION = TextField("la décision", 2000, lines=True)
NEED_DESCRIPTION = TextField("la description du besoin", 2000, lines=True)

# Read from files and command-line options.
CELL = TextField("une cellule", 10_000, lines=True)  # any cell of a CSV or a workbook
NAME = TextField("le nom", 200)  # a lever's, a sector's, an indicator's, a key's
UNIT = TextField("l'unité", 300, lines=True)  # the panorama's units hold line breaks
NOTE = TextField("le commentaire", 5000, lines=True)  # explanations, descriptions
SOURCE = TextField("la source", 300)  # a source, a vintage
