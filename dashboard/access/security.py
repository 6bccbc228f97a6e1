"""What protects every response and cookie: the session secret, the cookie flags and the security headers.

The secret that signs session cookies is ``COP_SECRET_KEY``, or the key file ``COP_SECRET_KEY_FILE``
(default ``.cop-secret-key`` next to the database), created on first start, readable by its owner only.
It is never kept in the database: whoever can read the database file must not be able to sign cookies.

Pages that take a secret (sign-in, invitation, new password) are throttled by dashboard/access/throttle.py, and every
POST sent from another site is refused by dashboard/access/cross_site.py.

Headers come from flask-talisman: a content security policy that allows only this site's scripts plus
Dash's own inline scripts (by hash), no framing, no MIME sniffing, no referrer sent to other sites.
HTTPS is not forced here: a local run is plain http, and a public deployment terminates TLS in front.
"""

from __future__ import annotations

import logging
import os
import secrets
import tempfile
from pathlib import Path

import dash
from flask_talisman import DENY, Talisman

from data.db import database_path

FALSE_WORDS = {"0", "false", "faux", "non", "no", "off"}
KEY_FILE_NAME = ".cop-secret-key"

log = logging.getLogger(__name__)


def env_flag(name: str, default: bool) -> bool:
    """A yes/no environment setting; anything but a « no » word (false, faux, non, 0…) means yes."""
    value = os.environ.get(name, "").strip().lower()
    return default if not value else value not in FALSE_WORDS


def cookie_secure() -> bool:
    """``COP_COOKIE_SECURE``; by default on when the public address (``COP_URL_PUBLIQUE``) is https."""
    return env_flag("COP_COOKIE_SECURE", os.environ.get("COP_URL_PUBLIQUE", "").strip().lower().startswith("https://"))


def key_file() -> Path:
    configured = os.environ.get("COP_SECRET_KEY_FILE", "").strip()
    return Path(configured) if configured else database_path().parent / KEY_FILE_NAME


def secret_key() -> str:
    return os.environ.get("COP_SECRET_KEY") or _key_from_file(key_file())


def _key_from_file(path: Path) -> str:
    """The key in ``path``; a new one written there first if the file does not exist yet.

    The new key is written to a private temporary file (mode 0600), then linked to its name: two
    processes starting at once cannot both create it, nor read a half-written one.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f"{path.name}.")
        try:
            with os.fdopen(descriptor, "w", encoding="ascii") as file:
                file.write(secrets.token_hex(32) + "\n")
            os.link(temporary, path)
        except FileExistsError:
            pass
        finally:
            os.unlink(temporary)
    if path.stat().st_mode & 0o077:
        log.warning("La clé des sessions %s est lisible par d'autres comptes : chmod 600 %s", path, path)
    value = path.read_text(encoding="ascii").strip()
    if not value:
        raise RuntimeError(f"Le fichier de clé des sessions {path} est vide : supprimez-le pour en créer un nouveau.")
    return value


def content_security_policy(app: dash.Dash) -> dict:
    """Scripts: this site's files and Dash's inline scripts (renderer, clientside callbacks), by hash.
    Styles may be inline: Dash components and plotly.js set style attributes and add style rules."""
    return {
        "default-src": "'self'",
        "script-src": ["'self'", *app.csp_hashes()],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'", "data:"],
        "connect-src": "'self'",
        "object-src": "'none'",
        "base-uri": "'self'",
        "form-action": "'self'",
        "frame-ancestors": "'none'",
    }


def protect(app: dash.Dash) -> None:
    """Secret, cookie flags and headers, on the server of ``app``."""
    server, secure = app.server, cookie_secure()
    server.config.update(
        SECRET_KEY=secret_key(),
        SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SAMESITE="Lax", SESSION_COOKIE_SECURE=secure,
        REMEMBER_COOKIE_HTTPONLY=True, REMEMBER_COOKIE_SAMESITE="Lax", REMEMBER_COOKIE_SECURE=secure,
    )
    talisman = Talisman(server, force_https=False, session_cookie_secure=secure, frame_options=DENY,
                        content_security_policy=content_security_policy(app), referrer_policy="same-origin")

    @server.before_request
    def hash_late_scripts() -> None:
        """Dash adds an inline script (the page title's clientside callback) at its first request, in a hook
        that runs before this one: hash again (a few microseconds) so that the policy always covers it."""
        talisman.content_security_policy = content_security_policy(app)

