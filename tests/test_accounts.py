"""Accounts managed by an administrator: invitation links (hashed, one-time, expiring), first passwords to
change, deactivation, the last administrator kept, and the /comptes writes refused to every other role.

The app runs in this process on an empty database holding a few accounts and one CRTE (Flask's test client);
tests/test_accounts_browser.py goes through the same journey in Chromium on the real data.
"""

from __future__ import annotations

import getpass
import html
import json
import re
from urllib.parse import parse_qs, urlsplit

import duckdb
import pytest
from flask_login import login_user

from bench.dash_requests import post
from dashboard.access import auth, gate
from dashboard.access.auth import WRONG_PASSWORD
from dashboard.features.accounts.routes import MISMATCH, WRONG_CURRENT
from dashboard.store import is_write_conflict
from data.db import connect
from domain import history, invitations, users
from domain.permissions import ROLE_NAMES, Role, Territory, Write
from tests.conftest import app_on, fingerprint
from tests.identities import forge
from tests.test_auth_security import command
from tests.test_write_gate import account_replays

PASSWORD = "mot-de-passe-{}"
CRTE = Territory("crte", "crte-essai")


def add(con, username: str, role: Role, territories=()) -> None:
    users.save_user(con, username, PASSWORD.format(username), username.capitalize(), role)
    users.set_role(con, username, role, list(territories))


@pytest.fixture
def people(db_path):
    """The database of ``db_path`` with one CRTE and an account per role; the app on it, its test client."""
    with connect(db_path) as con:
        con.execute("INSERT INTO territories (level, code, name, source) VALUES ('region', '53', 'Bretagne', 'essai'),"
                    " ('crte', ?, 'CRTE d''essai', 'essai')", [CRTE.code])
        con.execute("INSERT INTO territory_links (parent_level, parent_code, child_level, child_code)"
                    " VALUES ('region', '53', 'crte', ?)", [CRTE.code])
        for role in Role:
            add(con, role.value, role, [CRTE] if role == Role.CONTRIBUTOR else [])
    with app_on(db_path) as (app, client):
        yield {"path": db_path, "app": app, "client": client}


def sign_in(client, username: str, password: str | None = None, address: str = "127.0.0.1"):
    return client.post("/connexion", data={"identifiant": username, "mot_de_passe": password or PASSWORD.format(
        username)}, environ_base={"REMOTE_ADDR": address})


def text(response) -> str:
    return html.unescape(response.text)


def signed_in_as(client) -> str | None:
    found = re.search(r"connecté en tant que ([^.]+)\.", text(client.get("/deconnexion")))
    return found.group(1) if found else None


def replay(people: dict, client, name: str, username: str = "lecteur") -> str:
    """The answer to /comptes's callback ``name`` (``_create``…) acting on ``username``, as the browser asks it."""
    callback = f"dashboard.pages.accounts.{name}"
    response = post(client, people["app"], callback, account_replays(username)[callback])
    assert response.status_code == 200, response.text[:500]
    return json.dumps(response.json, ensure_ascii=False)


# --- invitation links --------------------------------------------------------------------------------------

def test_an_invitation_link_is_stored_hashed_serves_once_expires_and_a_new_one_replaces_it(db_path):
    with connect(db_path) as con:
        add(con, "admin", Role.ADMIN)
        users.create_account(con, "paul", "Paul Martin", Role.READER)
        token = invitations.invite(con, "paul", "admin")
        stored = con.execute("SELECT token_hash, created_by FROM invitations").fetchall()
        assert stored == [(invitations.digest(token), "admin")] and token not in str(stored)
        assert users.authenticate(con, "paul", "") is None  # invited: no password yet
        assert invitations.pending(con, token) == "paul"

        assert invitations.accept(con, token, "le mot de passe de Paul") == "paul"
        assert users.authenticate(con, "paul", "le mot de passe de Paul").name == "Paul Martin"
        with pytest.raises(invitations.InvitationError, match="Ce lien d'invitation a déjà servi, le "):
            invitations.accept(con, token, "un autre mot de passe")

        replaced = invitations.invite(con, "paul", "admin")
        newer = invitations.invite(con, "paul", "admin")
        with pytest.raises(invitations.InvitationError, match="n'est pas valable"):
            invitations.pending(con, replaced)
        con.execute("UPDATE invitations SET expires_at = now()::TIMESTAMP - INTERVAL 1 MINUTE WHERE token_hash = ?",
                    [invitations.digest(newer)])
        with pytest.raises(invitations.InvitationError, match="Ce lien d'invitation a expiré le .* : demandez-en un"):
            invitations.accept(con, newer, "un autre mot de passe")
        assert users.authenticate(con, "paul", "le mot de passe de Paul") is not None  # unchanged


def test_a_link_is_valid_for_seven_days(db_path):
    with connect(db_path) as con:
        users.create_account(con, "paul", None, Role.READER)
        token = invitations.invite(con, "paul", "admin")
        valid = con.execute("SELECT expires_at - created_at FROM invitations WHERE token_hash = ?",
                            [invitations.digest(token)]).fetchone()[0]
    assert abs(valid - invitations.VALIDITY).total_seconds() < 60


def test_the_invitation_page_sets_the_password_once_then_the_account_signs_in(people):
    client = people["client"]
    with connect(people["path"]) as con:
        users.create_account(con, "paul", "Paul", Role.CONTRIBUTOR, [CRTE])
        token = invitations.invite(con, "paul", "administrateur")
    link = f"/invitation/{token}"
    page = client.get(link)
    assert page.status_code == 200 and 'id="invitation-identifiant">paul<' in text(page)
    different = client.post(link, data={"nouveau": "un mot de passe", "confirmation": "un autre"})
    assert different.status_code == 400 and MISMATCH in text(different)
    short = client.post(link, data={"nouveau": "court", "confirmation": "court"})
    assert short.status_code == 400 and "Mot de passe trop court : 10 caractères au moins." in text(short)

    accepted = client.post(link, data={"nouveau": "le mot de passe de Paul", "confirmation": "le mot de passe de Paul"})
    assert accepted.status_code == 302
    target = urlsplit(accepted.headers["Location"])
    assert target.path == "/connexion" and parse_qs(target.query)["identifiant"] == ["paul"]
    welcome = client.get(accepted.headers["Location"])
    assert "Votre mot de passe est enregistré" in text(welcome) and 'value="paul"' in text(welcome)
    again = client.get(link)
    assert again.status_code == 410 and "Ce lien d'invitation a déjà servi" in text(again)
    assert sign_in(client, "paul", "le mot de passe de Paul").status_code == 302
    assert signed_in_as(client) == "Paul"


def test_refused_invitation_links_are_throttled_per_address(people):
    client = people["client"]
    for attempt in range(20):
        refused = client.post(f"/invitation/faux-{attempt}", data={"nouveau": "x" * 12, "confirmation": "x" * 12},
                              environ_base={"REMOTE_ADDR": "203.0.113.9"})
        assert refused.status_code == 410 and invitations.UNKNOWN.split(":")[0] in text(refused)
    locked = client.post("/invitation/faux", data={}, environ_base={"REMOTE_ADDR": "203.0.113.9"})
    assert locked.status_code == 429
    assert re.search(r"Trop de tentatives avec un lien d'invitation échouées : réessayez dans \d+ minutes.",
                     text(locked))
    assert client.post("/invitation/faux", data={}, environ_base={"REMOTE_ADDR": "198.51.100.2"}).status_code == 410


# --- first passwords ---------------------------------------------------------------------------------------

def test_a_first_password_is_changed_at_the_first_sign_in_before_any_page_or_write(people):
    client, path = people["client"], people["path"]
    with connect(path) as con:
        users.create_account(con, "chef", "Cheffe", Role.ADMIN, password="premier-mot-de-passe")
    signed = sign_in(client, "chef", "premier-mot-de-passe")
    assert signed.status_code == 302 and signed.headers["Location"].startswith("/mot-de-passe?suivant=")
    page = client.get("/feuille-de-route?region=53")
    assert page.status_code == 302
    assert page.headers["Location"] == "/mot-de-passe?suivant=/feuille-de-route%3Fregion%3D53"
    before = fingerprint()
    assert gate.REFUSED in replay(people, client, "_revoke")  # no write with the first password
    assert fingerprint() == before

    form = {"actuel": "premier-mot-de-passe", "nouveau": "mon propre mot de passe",
            "confirmation": "mon propre mot de passe", "suivant": "/comptes"}
    wrong = client.post("/mot-de-passe", data={**form, "actuel": "pas le bon"})
    assert wrong.status_code == 400 and WRONG_CURRENT in text(wrong)
    changed = client.post("/mot-de-passe", data=form)
    assert changed.status_code == 302 and changed.headers["Location"] == "/comptes"
    assert client.get("/feuille-de-route?region=53").status_code == 200
    assert "Sessions du compte « lecteur » fermées" in replay(people, client, "_revoke")
    with connect(path) as con:
        assert not users.account(con, "chef").must_change_password
        assert users.authenticate(con, "chef", "premier-mot-de-passe") is None


def test_the_new_password_page_sends_elsewhere_only_on_this_site(people):
    client = people["client"]
    sign_in(client, "equipe")
    form = {"actuel": PASSWORD.format("equipe"), "nouveau": "encore un autre", "confirmation": "encore un autre",
            "suivant": "//exemple.org/"}
    changed = client.post("/mot-de-passe", data=form)
    assert changed.status_code == 302 and changed.headers["Location"] == "/"
    assert signed_in_as(client) == "Equipe"  # this session carries on at the new session version


# --- deactivation and the last administrator -------------------------------------------------------------

def test_a_deactivated_account_is_refused_like_a_wrong_password_with_the_same_password_check(db_path, monkeypatch):
    checked = []
    real_check = users.check_password_hash
    monkeypatch.setattr(users, "check_password_hash", lambda digest, password: checked.append(digest)
                        or real_check(digest, password))
    with connect(db_path) as con:
        add(con, "admin", Role.ADMIN)
        add(con, "paul", Role.READER)
        users.create_account(con, "invite", None, Role.READER)
        users.set_active(con, "paul", False)
        assert users.account(con, "paul").session_version == 2 and not users.account(con, "paul").active
        assert users.authenticate(con, "paul", PASSWORD.format("paul")) is None
        assert users.authenticate(con, "invite", "") is None
        assert users.authenticate(con, "personne", "rien du tout") is None
        users.set_active(con, "paul", True)
        assert users.authenticate(con, "paul", PASSWORD.format("paul")) is not None
    deactivated, invited, unknown, _ = checked  # one scrypt check each: the same time
    assert deactivated == invited == unknown and unknown.startswith("scrypt:")


def test_the_last_active_administrator_is_neither_deactivated_nor_demoted(db_path):
    with connect(db_path) as con:
        add(con, "admin", Role.ADMIN)
        with pytest.raises(users.AccountError) as refused:
            users.set_active(con, "admin", False)
        assert refused.value.message == ("« admin » est le dernier administrateur actif et ne peut pas être désactivé :"
                                         " nommez d'abord un autre administrateur.")
        with pytest.raises(users.AccountError, match="dernier administrateur actif et ne peut pas changer de rôle"):
            users.set_role(con, "admin", Role.TEAM)
        add(con, "second", Role.ADMIN)
        users.set_active(con, "second", False)  # a deactivated administrator does not count
        with pytest.raises(users.AccountError, match="dernier administrateur actif"):
            users.set_role(con, "admin", Role.READER)
        users.set_active(con, "second", True)
        users.set_role(con, "admin", Role.TEAM)
        assert users.account(con, "admin").role == Role.TEAM


def test_two_administrators_removed_at_once_collide_and_the_one_replayed_after_is_refused(db_path):
    with connect(db_path) as con:
        add(con, "admin", Role.ADMIN)
        add(con, "second", Role.ADMIN)
        first, other = con.cursor(), con.cursor()
        first.begin()
        other.begin()
        users.set_active(first, "admin", False)
        with pytest.raises(duckdb.TransactionException) as collided:
            users.set_role(other, "second", Role.READER)
        assert is_write_conflict(collided.value)  # the store replays it, alone, after the other
        other.rollback()
        first.commit()
        with pytest.raises(users.AccountError, match="« second » est le dernier administrateur actif"):
            users.set_role(con, "second", Role.READER)


def test_deactivating_an_account_ends_its_open_session_and_refuses_its_sign_in(people):
    app = people["app"]
    member, admin = app.server.test_client(), people["client"]
    assert sign_in(member, "equipe").status_code == 302 and signed_in_as(member) == "Equipe"
    assert sign_in(admin, "administrateur").status_code == 302
    said = replay(people, admin, "_set_active", "equipe")
    assert "Compte « equipe » désactivé : il ne peut plus se connecter et ses sessions sont fermées." in said
    assert signed_in_as(member) is None
    refused = sign_in(member, "equipe")
    assert refused.status_code == 401 and WRONG_PASSWORD in text(refused)
    refused = replay(people, admin, "_set_active", "administrateur")
    assert "« administrateur » est le dernier administrateur actif et ne peut pas être désactivé" in refused


# --- who may manage accounts --------------------------------------------------------------------------------

@pytest.mark.parametrize("role", [Role.TEAM, Role.CONTRIBUTOR, Role.READER])
def test_every_account_write_is_refused_to_the_other_roles_and_changes_nothing(people, role):
    client = people["client"]
    forge(client, people["app"].server.secret_key, role.value)
    before = fingerprint()
    for name in ("_create", "_save_role", "_set_active", "_revoke", "_new_link"):
        refused = replay(people, client, name)
        assert f"Modification refusée : le rôle « {ROLE_NAMES[role]} » ne permet pas de gérer les comptes." in refused
    assert fingerprint() == before


def test_an_administrator_invites_an_account_and_the_change_is_recorded_with_its_role(people):
    client = people["client"]
    sign_in(client, "administrateur")
    created = replay(people, client, "_create")
    token = re.search(r"/invitation/([\w-]+)", created).group(1)
    assert "Copiez-le maintenant : il ne sera plus affiché." in created
    with connect(people["path"]) as con:
        assert invitations.pending(con, token) == "pirate"
        assert con.execute("SELECT author, role, action FROM changes ORDER BY change_id DESC LIMIT 1").fetchone() == (
            "administrateur", "administrateur", "dashboard.features.accounts.actions.create")
    saved = replay(people, client, "_save_role", "pirate")
    assert "Compte « pirate » : rôle lecteur enregistré." in saved


def test_an_invitation_link_uses_the_public_address_and_without_it_warns_of_the_request_s_host(people, monkeypatch):
    client = HostClient(people["client"], "pirate.example")
    assert sign_in(client, "administrateur").status_code == 302
    monkeypatch.delenv("COP_URL_PUBLIQUE", raising=False)
    forged = replay_from(people, client, "_create")
    assert re.search(r"http://pirate\.example/invitation/[\w-]+", forged)
    assert ("Ce lien commence par l'adresse de votre requête, http://pirate.example, car COP_URL_PUBLIQUE n'est pas "
            "définie : vérifiez que c'est bien celle du tableau de bord avant de le transmettre") in forged
    monkeypatch.setenv("COP_URL_PUBLIQUE", "https://cop.exemple.fr/")
    public = replay_from(people, client, "_new_link")
    assert re.search(r"https://cop\.exemple\.fr/invitation/[\w-]+", public) and "pirate.example" not in public
    assert "accounts-secret-host" not in public


def replay_from(people: dict, client, name: str) -> str:
    """``replay`` of /comptes's callback ``name`` on the account « pirate »."""
    callback = f"dashboard.pages.accounts.{name}"
    response = post(client, people["app"], callback, account_replays("pirate")[callback])
    assert response.status_code == 200, response.text[:500]
    return json.dumps(response.json, ensure_ascii=False)


class HostClient:
    """The test client, every POST sent with another ``Host`` header (a forged request, a misconfigured proxy)."""

    def __init__(self, client, host: str):
        self.client, self.host = client, host

    def post(self, *args, **kwargs):
        return self.client.post(*args, headers={"Host": self.host}, **kwargs)

    def get(self, *args, **kwargs):
        return self.client.get(*args, headers={"Host": self.host}, **kwargs)


def test_the_page_is_for_administrators_and_the_header_names_the_role(people):
    from dashboard.pages import accounts as page  # a page module: imported once the app exists

    server = people["app"].server
    with connect(people["path"]) as con:
        accounts = {role: users.account(con, role.value) for role in Role}
    for role, account in accounts.items():
        with server.test_request_context("/comptes"):
            login_user(auth.Editor(account))
            shown = str(page.layout())
        if role == Role.ADMIN:
            assert "accounts-table" in shown and "CRTE d'essai (CRTE, crte-essai) — Bretagne" in shown
        else:
            assert ("Cette page est réservée aux administrateurs : le rôle « "
                    f"{ROLE_NAMES[role]} » ne permet pas de gérer les comptes") in shown
            assert "accounts-table" not in shown
    client = people["client"]
    sign_in(client, "contributeur")
    header = client.get("/_dash-layout").text
    assert '"header-role"' in header and "Contributeur" in header and "contributeur territorial" in header


def test_a_signed_in_role_reads_why_its_write_buttons_are_disabled(people):
    with connect(people["path"]) as con:
        reader, contributor = users.account(con, "lecteur"), users.account(con, "contributeur")
    with people["app"].server.test_request_context("/"):
        assert gate.read_only_reason(Write.SCENARIO) == gate.READ_ONLY
        login_user(auth.Editor(reader))
        assert gate.read_only_reason(Write.COMMITMENT) == (
            "Lecture seule : le rôle « lecteur » ne permet pas de modifier les engagements")
    with people["app"].server.test_request_context("/"):
        login_user(auth.Editor(contributor))
        assert gate.may(Write.COMMITMENT) and gate.read_only_reason(Write.COMMITMENT) is None
        assert gate.read_only_reason(Write.VERSION) == (
            "Lecture seule : le rôle « contributeur territorial » ne permet pas de figer des versions de la feuille "
            "de route")


def test_the_command_line_invites_deactivates_and_reactivates(db_path):
    invited = command(db_path, "utilisateur", "paul", "--inviter", "--role", "lecteur")
    assert invited.returncode == 0, invited.stderr
    token = re.search(r"^Lien d'invitation de « paul » \(valable 7 jours, une seule fois\) : \S+/invitation/([\w-]+)$",
                      invited.stdout.strip()).group(1)
    deactivated = command(db_path, "utilisateur", "paul", "--desactiver")
    assert "Compte « paul » désactivé : il ne peut plus se connecter" in deactivated.stdout, deactivated.stderr
    with connect(db_path) as con:
        with pytest.raises(invitations.InvitationError, match="Ce compte est désactivé"):
            invitations.pending(con, token)
    assert "Compte « paul » réactivé." in command(db_path, "utilisateur", "paul", "--reactiver").stdout
    with connect(db_path) as con:
        assert invitations.accept(con, token, "le mot de passe de Paul") == "paul"
        assert users.account(con, "paul").role == Role.READER


# --- the history of accounts --------------------------------------------------------------------------------

def account_lines(path, username: str) -> list[tuple]:
    """(action, author, author's role, changes) of each line of the account's history, oldest first."""
    with connect(path) as con:
        frame = history.read(con, history.ACCOUNTS, username).iloc[::-1]
        stored = con.execute("SELECT string_agg(changes, ' ') FROM account_history").fetchone()[0] or ""
    assert "scrypt" not in stored  # no password hash, ever
    return [(action, author, role if isinstance(role, str) else None, changes)
            for action, author, role, changes in zip(frame["action"], frame["author"], frame["role"], frame["changes"])]


def test_account_changes_made_in_the_browser_record_the_account_the_fields_and_before_and_after(people):
    client = people["client"]
    sign_in(client, "administrateur")
    replay(people, client, "_create")  # « pirate », invited as equipe
    for name in ("_save_role", "_set_active", "_revoke", "_new_link"):
        replay(people, client, name, "pirate")
    replay(people, client, "_save_role", "pirate")  # the same role again: nothing changed, no line
    admin = ("administrateur", "administrateur")
    assert account_lines(people["path"], "pirate") == [
        ("création", *admin, {"role": [None, "equipe"], "full_name": [None, "Pirate"]}),
        ("lien d'invitation", *admin, {}),
        ("modification", *admin, {"role": ["equipe", "lecteur"]}),
        ("désactivation", *admin, {"active": [True, False]}),
        ("sessions fermées", *admin, {}),
        ("lien d'invitation", *admin, {}),
    ]
    page = replay(people, client, "_revoke", "pirate")
    assert "Historique du compte « pirate »" in page and "Rôle : équipe régionale → lecteur" in page
    assert "Actif : oui → non" in page


def test_the_holder_s_own_new_password_is_recorded_without_it_and_signing_out_is_not_a_change(people):
    client = people["client"]
    with connect(people["path"]) as con:
        users.create_account(con, "paul", "Paul", Role.READER, author="administrateur")
        token = invitations.invite(con, "paul", "administrateur")
    chosen = "le mot de passe de Paul"
    client.post(f"/invitation/{token}", data={"nouveau": chosen, "confirmation": chosen})
    sign_in(client, "paul", chosen)
    client.post("/mot-de-passe", data={"actuel": chosen, "nouveau": "un autre mot de passe",
                                       "confirmation": "un autre mot de passe"})
    client.post("/deconnexion")
    lines = account_lines(people["path"], "paul")
    assert [(action, author, role) for action, author, role, _ in lines] == [
        ("création", "administrateur", "administrateur"), ("lien d'invitation", "administrateur", "administrateur"),
        ("nouveau mot de passe", "paul", "lecteur"), ("nouveau mot de passe", "paul", "lecteur")]
    assert all(chosen not in json.dumps(changes) for *_, changes in lines)


def test_account_changes_from_the_command_line_are_recorded_with_the_system_user(db_path):
    with connect(db_path) as con:
        con.execute("INSERT INTO territories (level, code, name, source) VALUES ('crte', ?, 'CRTE', 'essai')",
                    [CRTE.code])
    steps = [("--role", "contributeur", "--territoire", str(CRTE), "--mot-de-passe-stdin"), ("--role", "lecteur"),
             ("--mot-de-passe-stdin", "--nom", "Paul Martin"), ("--desactiver",), ("--reactiver",), ("--revoquer",),
             ("--inviter",)]
    for step in steps:
        done = command(db_path, "utilisateur", "paul", *step, input="mot-de-passe-de-paul\n")
        assert done.returncode == 0, done.stderr
    system = f"ligne de commande ({getpass.getuser()})"
    assert account_lines(db_path, "paul") == [
        ("création", system, None, {"role": [None, "contributeur"]}),
        ("modification", system, None, {"territories": [None, str(CRTE)]}),
        ("modification", system, None, {"role": ["contributeur", "lecteur"], "territories": [str(CRTE), None]}),
        ("nouveau mot de passe", system, None, {"full_name": [None, "Paul Martin"]}),
        ("désactivation", system, None, {"active": [True, False]}),
        ("réactivation", system, None, {"active": [False, True]}),
        ("sessions fermées", system, None, {}),
        ("lien d'invitation", system, None, {}),
    ]


def test_the_territory_picker_lists_the_administered_region_s_territories_first(real_db):
    from dashboard.features.accounts.listing import scoped_territories

    with duckdb.connect(str(real_db), read_only=True) as con:
        national = scoped_territories(con)
        administered = scoped_territories(con, "53")
    assert national[0]["label"].endswith("— Auvergne-Rhône-Alpes")  # « Ain », without a region to put first
    regions = [option["label"].rsplit(" — ", 1)[1] for option in administered]
    bretagne = regions.count("Bretagne")
    assert bretagne > 4 and regions[:bretagne] == ["Bretagne"] * bretagne  # its départements, CRTE and EPCI
    assert administered[0]["label"].startswith(("Côtes-d'Armor", "Finistère", "Ille-et-Vilaine", "Morbihan"))
    assert sorted(option["value"] for option in administered) == sorted(option["value"] for option in national)
