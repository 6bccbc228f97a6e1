"""Uploaded files, kept on the server between the preview and the confirmation.

Each upload gets a folder under the system's temporary directory, named by a random token that the page
keeps (never the file itself: the browser store would carry it at every request). Nothing the browser sends
becomes a path: a file goes to ``<token>/<slot>/<name>`` where the slot is one its kind declares and the name
is the user's file name reduced to a plain base name with an accepted ending; every path is checked, after
resolution, to lie in the token's folder, and planted links are removed, never followed.

The preview's record (its kind, region, author and the SHA-256 of each file it read) is kept in the token's
folder too: the confirmation imports the files only if they are still those previewed, by the same account.
"""

from __future__ import annotations

import base64
import binascii
import json
import math
import os
import re
import secrets
import shutil
import stat
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from dashboard.importing.kinds import Kind, Slot
from domain import formats
from domain.errors import UserError
from loaders.journal import sha256_of

LIMIT_MB = 100  # a file to import (IMPORTS); a meeting's minutes have their own (dashboard/importing/documents.py)
ROOT_NAME = "cop-imports"
KEPT_SECONDS = 24 * 3600
TOKEN = re.compile(r"[A-Za-z0-9_-]{20,64}")
NAME_LENGTH = 120
UNSAFE = re.compile(r"[^\w .()+-]")  # what a kept file name may hold besides letters and digits
RECORD = "apercu.json"  # not a slot's name: slots are plain lowercase words
CHANGED = "Le fichier a changé depuis l'aperçu : vérifiez-le à nouveau avant de l'importer."
NOT_PREVIEWED = "Vérifiez d'abord le fichier."
LOST = "Fichier introuvable : déposez-le à nouveau."


@dataclass(frozen=True)
class Limit:
    """How heavy a file dropped in the browser may be, and what to do with a heavier one (a French sentence)."""
    megabytes: int
    beyond: str


IMPORTS = Limit(LIMIT_MB, "Importez les fichiers plus lourds en ligne de commande (python -m loaders).")


def limit_text(limit: Limit | None = None) -> str:
    """« 100 Mo par fichier »; ``limit`` None: a file to import's (``IMPORTS``, read when asked)."""
    return f"{(limit or IMPORTS).megabytes} Mo par fichier"


def data_url_limit(limit: Limit | None = None) -> int:
    """The longest data URL (base64, 4 characters for 3 bytes) of a file within the limit."""
    return math.ceil((limit or IMPORTS).megabytes * 1e6 * 4 / 3)


def too_heavy(filename: str, size: str, limit: Limit | None = None) -> str:
    """The refusal of a file over the limit, ``size`` in megabytes as written in French (``1,2``)."""
    return f"« {filename} » pèse {size} Mo : la limite est de {limit_text(limit)}. {(limit or IMPORTS).beyond}"


def browser_limit(limit: Limit | None = None) -> dict:
    """What the browser checks before sending a file (assets/upload_limit.js): a heavier one would be refused by the
    server before any callback could say why (dashboard/serving/request_limits.py)."""
    return {"length": data_url_limit(limit), "message": too_heavy("{nom}", "{taille}", limit)}


def root() -> Path:
    """The folder of every token's folder, ours only: created private, refused if it is a link or another
    account's (the temporary directory is shared)."""
    folder = Path(tempfile.gettempdir()) / ROOT_NAME
    try:
        folder.mkdir(mode=0o700)
    except FileExistsError:
        pass
    info = folder.lstat()
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid():
        raise UserError(f"Le dossier des fichiers déposés ({folder}) n'appartient pas à l'application : "
                        "prévenez l'administrateur de l'outil.")
    return folder


def new_token() -> str:
    """A fresh folder's token; folders older than a day (abandoned previews) are removed meanwhile."""
    for entry in root().iterdir():
        try:
            abandoned = time.time() - entry.lstat().st_mtime > KEPT_SECONDS
        except FileNotFoundError:  # removed meanwhile by another request
            continue
        if abandoned:
            _remove(entry)
    return secrets.token_urlsafe(24)


def file_name(filename, slot: Slot) -> str:
    """The user's file name as kept: its base name (no folder, no link), letters, digits and ``.()+-_ `` only, at
    most ``NAME_LENGTH`` characters, ending as ``slot`` accepts (else refused, in French)."""
    base = re.split(r"[\\/]", filename if isinstance(filename, str) else "")[-1]
    base = UNSAFE.sub("_", base).strip(" .") or "fichier"
    suffix = next((s for s in slot.suffixes if base.lower().endswith(s)), None)
    if suffix is None:
        raise UserError(f"« {base[:NAME_LENGTH]} » : format non accepté pour « {slot.label} » (attendu : "
                        f"{', '.join(slot.suffixes)}).")
    stem = base[: len(base) - len(suffix)][: NAME_LENGTH - len(suffix)]
    return (stem or "fichier") + base[len(base) - len(suffix):]


def decode(filename, slot: Slot, contents, limit: Limit | None = None) -> tuple[str, bytes]:
    """The kept name and the bytes of a file dropped in ``slot`` (``contents``: dcc.Upload's data URL); refused,
    in French, when its name does not end as the slot accepts, when it is over the limit or not all there."""
    name = file_name(filename, slot)
    encoded = contents.split(",", 1)[-1] if isinstance(contents, str) else ""
    if len(encoded) > data_url_limit(limit):
        raise UserError(too_heavy(name, formats.number(len(encoded) * 3 / 4 / 1e6, 1), limit))
    try:
        return name, base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError):
        raise UserError(f"« {name} » n'a pas été reçu en entier : déposez-le à nouveau.") from None


def save(token: str, slot: Slot, filename, contents) -> Path:
    """Decode ``contents`` (a data URL from dcc.Upload) into the token's folder, as ``<slot>/<file name>``."""
    name, data = decode(filename, slot, contents)
    folder = _folder(token)
    folder.mkdir(mode=0o700, exist_ok=True)
    _inside(folder, folder)
    slot_folder = folder / slot.name
    _remove(slot_folder)
    slot_folder.mkdir(mode=0o700)
    path = _inside(folder, slot_folder / name)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    with os.fdopen(descriptor, "wb") as file:
        file.write(data)
    return path


def received(token: str | None, kind: Kind) -> dict[str, Path]:
    """Slot → the file received for it, for the slots ``kind`` declares (links and anything else ignored)."""
    if not token:
        return {}
    folder = _folder(token)
    if not _is(folder, stat.S_ISDIR):
        return {}
    found = {}
    for slot in kind.slots:
        slot_folder = folder / slot.name
        files = sorted(p for p in slot_folder.iterdir() if _is(p, stat.S_ISREG)) if _is(slot_folder, stat.S_ISDIR) \
            else []
        if files:
            found[slot.name] = _inside(folder, files[0])
    return found


def digests(files: dict[str, Path]) -> dict[str, str]:
    return {slot: sha256_of(path) for slot, path in files.items()}


def keep_preview(token: str, record: dict) -> None:
    """What was previewed (kind, region, author, each file's SHA-256), kept with the files for the confirmation."""
    folder = _folder(token)
    path = _inside(folder, folder / RECORD)
    _remove(path)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as file:
        json.dump(record, file)


def preview_of(token, author: str | None) -> dict:
    """The preview kept for ``token``, if ``author`` made it; refused otherwise."""
    if not isinstance(token, str):
        raise UserError(NOT_PREVIEWED)
    path = _folder(token) / RECORD
    if not _is(path, stat.S_ISREG):
        raise UserError(NOT_PREVIEWED)
    record = json.loads(_inside(_folder(token), path).read_text(encoding="utf-8"))
    if record.get("author") != author:
        raise UserError(NOT_PREVIEWED)
    return record


def check_unchanged(files: dict[str, Path], record: dict) -> None:
    if digests(files) != record["digests"]:
        raise UserError(CHANGED)


def discard(token: str | None) -> None:
    if token:
        _remove(_folder(token))


def _folder(token) -> Path:
    if not isinstance(token, str) or not TOKEN.fullmatch(token):
        raise UserError(LOST)
    return root() / token


def _inside(folder: Path, path: Path) -> Path:
    """``path``, which must lie in the token's ``folder`` once links are resolved (else refused)."""
    if folder.is_symlink() or not path.resolve().is_relative_to((root() / folder.name).resolve()):
        raise UserError(LOST)
    return path


def _is(path: Path, kind) -> bool:
    """Whether ``path`` is itself (not through a link) a folder or a file, as ``kind`` (``stat.S_ISDIR``…) asks."""
    try:
        return kind(path.lstat().st_mode)
    except FileNotFoundError:
        return False


def _remove(path: Path) -> None:
    """Remove a folder, a file or a link, without ever following a link."""
    if _is(path, stat.S_ISDIR):
        shutil.rmtree(path, ignore_errors=True)
    elif path.is_symlink() or path.exists():
        path.unlink(missing_ok=True)
