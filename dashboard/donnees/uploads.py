"""Uploaded files, kept on the server between the preview and the confirmation.

Each upload gets a folder under the system's temporary directory, named by a random token that the page
keeps (never the file itself: the browser store would carry it at every request). The confirmation
imports the file only if it is still the one previewed (same SHA-256).
"""

from __future__ import annotations

import base64
import re
import secrets
import shutil
import tempfile
import time
from pathlib import Path

from domain import formats
from domain.errors import UserError
from loaders.journal import sha256_of

LIMIT_MB = 100
ROOT_NAME = "cop-imports"
KEPT_SECONDS = 24 * 3600
TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")
CHANGED = "Le fichier a changé depuis l'aperçu : vérifiez-le à nouveau avant de l'importer."


def limit_text() -> str:
    return f"{LIMIT_MB} Mo par fichier"


def root() -> Path:
    return Path(tempfile.gettempdir()) / ROOT_NAME


def new_token() -> str:
    """A fresh folder's token; folders older than a day (abandoned previews) are removed meanwhile."""
    for folder in root().glob("*") if root().exists() else ():
        if time.time() - folder.stat().st_mtime > KEPT_SECONDS:
            shutil.rmtree(folder, ignore_errors=True)
    return secrets.token_urlsafe(24)


def _folder(token: str) -> Path:
    if not TOKEN.match(token or ""):
        raise UserError("Fichier introuvable : déposez-le à nouveau.")
    return root() / token


def save(token: str, slot: str, filename: str, contents: str) -> Path:
    """Decode ``contents`` (a data URL from dcc.Upload) into the token's folder, as ``slot/filename``."""
    encoded = contents.split(",", 1)[-1]
    size_mb = len(encoded) * 3 / 4 / 1e6
    if size_mb > LIMIT_MB:
        raise UserError(f"« {filename} » pèse {formats.number(size_mb, 1)} Mo : la limite est de {limit_text()}. Importez les "
                        "fichiers plus lourds en ligne de commande (python -m loaders).")
    folder = _folder(token) / slot
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    path = folder / (Path(filename or "fichier").name or "fichier")
    path.write_bytes(base64.b64decode(encoded))
    return path


def received(token: str | None) -> dict[str, Path]:
    """slot → the file received for it."""
    if not token:
        return {}
    folder = _folder(token)
    return {slot.name: next(slot.iterdir()) for slot in sorted(folder.glob("*")) if any(slot.iterdir())} \
        if folder.exists() else {}


def digests(token: str) -> dict[str, str]:
    return {slot: sha256_of(path) for slot, path in received(token).items()}


def check_unchanged(token: str, previewed: dict[str, str]) -> None:
    if digests(token) != previewed:
        raise UserError(CHANGED)


def discard(token: str | None) -> None:
    if token:
        shutil.rmtree(_folder(token), ignore_errors=True)
