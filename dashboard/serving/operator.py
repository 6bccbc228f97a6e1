"""Who operates the site (a préfecture de région), as the deployment declares it: named in the header, the legal
notice, the accessibility statement and the personal-data page.

Read from the environment at each call (documented in docs/exploitation.md); each value is cut to ``MAX_LENGTH``
characters, and an unset one falls back to what is true of every deployment.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

MAX_LENGTH = 200
NAME = "COP_EXPLOITANT"
CONTACT = "COP_CONTACT"
DIRECTOR = "COP_DIRECTEUR_PUBLICATION"
HOST = "COP_HEBERGEUR"


@dataclass(frozen=True)
class Operator:
    name: str  # « Préfecture de la région Bretagne »
    contact: str | None  # an e-mail address or a web address, for accessibility and personal-data requests
    director: str  # directeur ou directrice de la publication
    host: str  # who hosts the service


def setting(name: str) -> str | None:
    value = " ".join(os.environ.get(name, "").split())[:MAX_LENGTH]
    return value or None


def configured() -> Operator:
    return Operator(
        name=setting(NAME) or "Préfecture de région",
        contact=setting(CONTACT),
        director=setting(DIRECTOR) or "le préfet ou la préfète de région",
        host=setting(HOST) or "l'exploitant, sur ses propres serveurs",
    )


def contact_href(contact: str) -> str | None:
    """A link to the contact: ``mailto:`` for an e-mail address, the address itself for an https one, else none."""
    if contact.startswith("https://"):
        return contact
    return f"mailto:{contact}" if "@" in contact and " " not in contact else None
