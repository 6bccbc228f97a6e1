"""Sign-in of editors (flask-login): the sign-in and sign-out routes, the session, who is editing.

Reading is open unless ``COP_LECTURE_PUBLIQUE`` is false; editing and importing need a signed-in
editor, checked on the server by the write gate (``dashboard.access.gate``), not only by hiding buttons.

A session holds the account and its session version at sign-in; every request checks it against
the database, so signing out, a new password, a deactivation, « Révoquer les sessions » (/comptes) or
``python -m loaders utilisateur NOM --revoquer`` end every session of the account at once. Failed
sign-ins are counted before the password is checked (``SIGN_IN_LIMITS``, dashboard/access/throttle.py) and logged;
a POST sent from another site is refused before anything (dashboard/access/cross_site.py). An account given
a first password by an administrator is sent to the new-password page (dashboard/features/accounts/routes.py)
and makes no write until it has chosen its own.
"""

from __future__ import annotations

import logging
import math
from urllib.parse import urlsplit

import dash
from flask import Blueprint, Response, has_request_context, redirect, request
from flask_login import LoginManager, UserMixin, current_user, login_user, logout_user

from dashboard import store
from dashboard.access import cross_site, security
from dashboard.access.auth_pages import NEW_PASSWORD, SIGN_IN, SIGN_OUT, sign_in_page, sign_out_page
from dashboard.access.throttle import Limit, Wait, throttled
from dashboard.serving import health
from dashboard.state import href
from domain import users
from domain.invitations import PATH as INVITATION
from domain.permissions import Role, Write

OPEN_PATHS = (SIGN_IN, SIGN_OUT, INVITATION, NEW_PASSWORD, health.PATH, "/assets/", "/_dash-component-suites/",
              "/_favicon.ico")
WRONG_PASSWORD = "Identifiant ou mot de passe incorrect."


def address() -> str:
    """The client's address (the proxy's forwarded one with ``COP_PROXY``, see dashboard/serving/deployment.py)."""
    return request.remote_addr or ""


def _account_tried() -> str:
    return request.form.get("identifiant", "").strip()


# Failed sign-ins in 15 minutes: an account at one address is refused after 20, an address after 50 (whatever
# the accounts); an account is slowed beyond 20 from all addresses together, never locked
# (dashboard/access/throttle.py).
SIGN_IN_LIMITS = [
    Limit("compte et adresse", lambda: f"{address()} {_account_tried()}", 20),
    Limit("adresse", address, 50),
    Limit("compte", _account_tried, 20, slows=True),
]

log = logging.getLogger(__name__)
blueprint = Blueprint("auth", __name__)


class Editor(UserMixin):
    def __init__(self, account: users.Account):
        self.username, self.name, self.session_version = account.username, account.name, account.session_version
        self.role, self.must_change_password = account.role, account.must_change_password

    def get_id(self) -> str:
        """What the session cookie holds: the account and its session version at sign-in."""
        return f"{self.username}:{self.session_version}"


def public_reading() -> bool:
    return security.env_flag("COP_LECTURE_PUBLIQUE", True)


def signed_in() -> Editor | None:
    """The signed-in account, even one that must still choose its own password; None when anonymous."""
    return current_user if has_request_context() and current_user and current_user.is_authenticated else None


def editor() -> str | None:
    """The signed-in editor's identifier, or None (anonymous, or a first password not yet changed): the
    author recorded with every change."""
    account = signed_in()
    return account.username if account and not account.must_change_password else None


def editor_role() -> Role | None:
    """The signed-in editor's role as it is now (read from the database at every request), or None."""
    return signed_in().role if editor() else None


def editor_name() -> str | None:
    return signed_in().name if signed_in() else None


def init_app(app: dash.Dash) -> None:
    """Cookies, headers, sign-in and sign-out on the app's server; call once the Dash app has its pages."""
    server = app.server
    security.protect(app)
    cross_site.init_app(server)
    manager = LoginManager(server)
    manager.user_loader(_load_user)
    server.register_blueprint(blueprint)
    server.add_url_rule(SIGN_IN, "sign_in", throttled(sign_in, SIGN_IN_LIMITS, _locked_out), methods=["GET", "POST"])
    server.before_request(_require_own_password)
    if not public_reading():
        server.before_request(_require_sign_in)


def _load_user(session_id: str) -> Editor | None:
    """The editor of a session, if the account still exists, is active and has not ended its sessions since."""
    username, _, version = session_id.rpartition(":")
    with store.shared.cursor() as con:  # not cached: a revoked session must end at its very next request
        account = users.account(con, username)
    return Editor(account) if account and account.active and str(account.session_version) == version else None


def _require_own_password():
    """A page asked by an account still holding its first password leads to the new-password page first."""
    account = signed_in()
    if not account or not account.must_change_password or request.path.startswith((*OPEN_PATHS, "/_dash")):
        return None
    return redirect(href(NEW_PASSWORD, suivant=request.full_path.rstrip("?")))


def _require_sign_in():
    if editor() or request.path.startswith(OPEN_PATHS):
        return None
    if request.path.startswith("/_dash"):
        return Response("Connexion requise.", status=401, mimetype="text/plain")
    return redirect(href(SIGN_IN, suivant=request.full_path.rstrip("?")))


def same_site_path(target: str | None) -> str:
    """``target`` if it is a path of this site, else ``/``.

    Browsers drop tabs and line breaks from a URL and read ``\\`` as ``/``, so ``/\\t/evil.example``
    or ``/\\evil.example`` would lead to another site: any control character or backslash is refused.
    """
    if not target or "\\" in target or any(ord(c) < 0x20 or ord(c) == 0x7F for c in target):
        return "/"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return "/"
    return target


def _next_page() -> str:
    """Where to go after signing in or out: a path of this site only."""
    return same_site_path(request.values.get("suivant"))


def _locked_out(wait: Wait) -> Response:
    problem = too_many(wait, "Connexion", "de connexion")
    return Response(sign_in_page(problem, _next_page(), public_reading()), status=429, mimetype="text/html")


def too_many(wait: Wait, logged: str, what: str) -> str:
    """« Trop de tentatives <what> échouées : réessayez dans 3 minutes. » (or « dans 4 secondes »); logged
    (« <logged> bloquée ») with the counter, the account tried, if any, and the address."""
    seconds = math.ceil(wait.seconds)
    log.warning("%s bloquée (%s) : compte %r, adresse %s, pour %d s", logged, wait.limit.name,
                request.form.get("identifiant", ""), address(), seconds)
    amount, unit = (seconds, "seconde") if seconds < 60 else (math.ceil(seconds / 60), "minute")
    return f"Trop de tentatives {what} échouées : réessayez dans {amount} {unit}{'s' if amount > 1 else ''}."


def sign_in():
    problem = None
    if request.method == "POST":
        username = request.form.get("identifiant", "").strip()
        with store.shared.cursor() as con:  # not cached: the password must not become a cache key
            account = users.authenticate(con, username, request.form.get("mot_de_passe", ""))
        if account:
            store.write(users.record_sign_in, account.username, kind=Write.ACCOUNT)
            login_user(Editor(account))
            if account.must_change_password:
                return redirect(href(NEW_PASSWORD, suivant=_next_page()))
            return redirect(_next_page())
        log.warning("Connexion refusée : compte %r, adresse %s", username, request.remote_addr)
        problem = WRONG_PASSWORD
    page = sign_in_page(problem, _next_page(), public_reading(), request.args.get("bienvenue") is not None,
                        request.values.get("identifiant", ""))
    return Response(page, status=401 if problem else 200, mimetype="text/html")


@blueprint.route(SIGN_OUT, methods=["GET"])
def confirm_sign_out():
    return Response(sign_out_page(editor_name(), _next_page()), mimetype="text/html")


@blueprint.route(SIGN_OUT, methods=["POST"])
def sign_out():
    """End every session of the account (its other browsers too), then leave."""
    if account := signed_in():
        store.write(users.sign_out, account.username, kind=Write.ACCOUNT)
    logout_user()
    return redirect(_next_page())
