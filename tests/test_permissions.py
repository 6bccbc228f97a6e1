"""Roles, enforced by the write gate: the table of roles of docs/roles.md checked cell by cell against the gate,
and a contributor scoped to one CRTE of Bretagne, then a reader, replaying the app's writing callbacks."""

from __future__ import annotations

import re

import pytest

from bench.dash_requests import post
from dashboard import store
from dashboard.access import gate
from data.db import applied_versions, connect, migrate, migrations
from domain import commitment_store, meetings, needs, users
from domain.errors import UserError
from domain.permissions import ROLE_NAMES, SCOPED_WRITES, Role, Territory, Write
from tests.conftest import fingerprint
from tests.doc_tables import doc_table
from tests.identities import answer, bretagne_crtes, crte_people, forge
from tests.roadmap_fixtures import FORM
from tests.test_auth_security import command
from tests.test_write_gate import gated, replays, writers  # noqa: F401 (gated: a fixture)

CELLS = {"oui": "everywhere", "ses territoires": "own territories", "non": "nowhere"}
CONTRIBUTOR, READER = "contributrice", "lectrice"
ROLES_MIGRATION = 10
SAVE = "dashboard.pages.roadmap._save"
IMPORT = "dashboard.pages.roadmap._import_file"


TABLE = doc_table("docs/roles.md", "Rôle")  # (role, kind of write) → cell of the documented table of roles


@pytest.fixture(scope="module")
def accounts(real_db, tmp_path_factory) -> dict:
    """A copy of the real data with one account per role (the contributor scoped to one CRTE of Bretagne),
    a commitment of another CRTE; the two CRTE."""
    path = tmp_path_factory.mktemp("roles") / "cop.duckdb"
    path.write_bytes(real_db.read_bytes())
    with connect(path) as con:
        own, other = bretagne_crtes(con)[:2]
        for role in Role:
            users.save_user(con, role.value, "mot-de-passe-" + role.value, role=role)
        users.set_role(con, Role.CONTRIBUTOR.value, Role.CONTRIBUTOR, [Territory("crte", own)])
        values = {"territory_level": "crte", "territory_code": other, "lever_id": "augm_voitelec", "carrier": "X",
                  "title": "Autre CRTE", "quantity_kt": 1.0, "start_year": 2025, "end_year": 2026, "status": "proposé"}
        commitment = commitment_store.create(con, "53", values, "equipe")
        elsewhere = {Write.COMMITMENT: commitment, Write.FOLLOW_UP: commitment,
                     Write.MEETING: meetings.create(con, "53", {
                         "instance": "COPIL", "territory": f"crte:{other}", "day": "2026-03-12", "start": "14:00",
                         "end": "16:00"}, "equipe"),
                     Write.NEED: needs.save(con, "53", None, {
                         "territory": f"crte:{other}", "theme": "Mobilités", "priority": "haute", "state": "exprimé",
                         "description": "Plan vélo"}, "equipe")}
    return {"path": path, "own": Territory("crte", own), "other": Territory("crte", other), "elsewhere": elsewhere}


def test_the_documented_table_has_every_role_and_every_kind_of_write_and_known_cells():
    assert {role for role, _ in TABLE} == {role.value for role in Role}
    assert {kind for _, kind in TABLE} == {kind.value for kind in Write}
    assert set(TABLE.values()) <= CELLS.keys()


def permitted(con, role: str, kind: str, territory: Territory | None = None, record: int | None = None) -> bool:
    """Whether the gate lets the account of ``role`` make this write."""
    account = users.account(con, role)
    try:
        gate.check(con, account.username, account.role, Write(kind), territory, record,
                   "proposé" if kind == Write.COMMITMENT else None)
    except UserError:
        return False
    return True


@pytest.mark.parametrize(("role", "kind"), sorted(TABLE))
def test_each_cell_of_the_documented_table_of_roles_is_what_the_gate_does(accounts, role, kind):
    cell = TABLE[role, kind]
    with connect(accounts["path"], read_only=True) as con:
        if kind not in SCOPED_WRITES:
            assert permitted(con, role, kind) == (cell == "oui"), cell
            return
        assert permitted(con, role, kind, accounts["own"]) == (cell != "non"), cell
        assert permitted(con, role, kind, accounts["other"]) == (cell == "oui"), cell
        # changing a stored commitment, meeting or need of another territory, even to move it into one's own
        assert permitted(con, role, kind, accounts["own"], accounts["elsewhere"][kind]) == (cell == "oui"), cell


def test_accounts_made_before_roles_become_team_members_and_earlier_changes_have_no_role(tmp_path):
    with connect(tmp_path / "avant.duckdb") as con:
        applied_versions(con)
        for version, name, sql in [m for m in migrations() if m[0] < ROLES_MIGRATION]:
            con.execute(sql)
            con.execute("INSERT INTO schema_migrations (version, name) VALUES (?, ?)", [version, name])
        con.execute("INSERT INTO users (username, password_hash) VALUES ('ancien', 'x')")
        con.execute("INSERT INTO changes (author, action) VALUES ('ancien', 'une.action')")
        migrate(con)
        assert users.account(con, "ancien").role == Role.TEAM and users.scopes(con, "ancien") == []
        assert con.execute("SELECT author, role FROM changes").fetchall() == [("ancien", None)]


def test_a_contributor_needs_known_territories_and_only_a_contributor_has_any(accounts):
    with connect(accounts["path"]) as con:
        with pytest.raises(users.AccountError, match="au moins un territoire"):
            users.set_role(con, "lecteur", Role.CONTRIBUTOR)
        with pytest.raises(users.AccountError, match="« crte:nulle-part » introuvable"):
            users.set_role(con, "lecteur", Role.CONTRIBUTOR, [users.parse_territory("crte:nulle-part")])
        with pytest.raises(users.AccountError, match="seul un contributeur territorial a des territoires"):
            users.set_role(con, "lecteur", Role.TEAM, [accounts["own"]])
        with pytest.raises(users.AccountError, match="rôle « chef » inconnu"):
            users.set_role(con, "lecteur", "chef")
        assert users.account(con, "lecteur").role == Role.READER and users.scopes(con, "lecteur") == []


# --- through the app's callbacks ----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def people(gated) -> dict:
    """On the app of tests/test_write_gate.py: a contributor scoped to one CRTE of Bretagne, and a reader."""
    return crte_people(CONTRIBUTOR, READER)


def last_change() -> tuple:
    with store.shared.cursor() as con:
        return con.execute("SELECT author, role, action FROM changes ORDER BY change_id DESC LIMIT 1").fetchone()


def test_a_contributor_saves_a_commitment_of_its_crte_and_is_refused_another_crte_and_an_import(gated, people):
    app, client, ids = gated
    forge(client, app.server.secret_key, CONTRIBUTOR)
    own = {**FORM, "roadmap-save.n_clicks": 1, "roadmap-f-territory.value": f"crte:{people['own']}",
           "roadmap-f-status.value": "proposé"}
    saved = answer(post(client, app, SAVE, ("roadmap-save.n_clicks", own, None)))
    assert re.search(r"Engagement n° \d+ créé\.", saved), saved
    assert last_change() == (CONTRIBUTOR, "contributeur", "domain.commitment_store.create")

    before = fingerprint()
    retained = answer(post(client, app, SAVE, ("roadmap-save.n_clicks", {**own, "roadmap-f-status.value": "engagé"},
                                               None)))
    assert ("Modification refusée : le rôle « contributeur territorial » ne permet pas de donner le statut "
            "« engagé »") in retained
    other = {**own, "roadmap-f-territory.value": f"crte:{people['other']}"}
    refused = answer(post(client, app, SAVE, ("roadmap-save.n_clicks", other, None)))
    assert (f"Modification refusée : le rôle « contributeur territorial » ne permet pas de modifier les "
            f"engagements de crte:{people['other']} (vos territoires : crte:{people['own']}).") in refused
    trigger, values, _ = replays(ids)[IMPORT]
    refused = answer(post(client, app, IMPORT, (trigger, values, None)))
    assert ("Modification refusée : le rôle « contributeur territorial » ne permet pas d'importer des données."
            in refused)
    assert fingerprint() == before


def test_a_reader_is_refused_by_every_writing_callback_and_changes_nothing(gated, people):
    app, client, ids = gated
    forge(client, app.server.secret_key, READER)
    attempts, before = replays(ids), fingerprint()
    for name in sorted(writers(app)):
        refused = answer(post(client, app, name, attempts[name]))
        assert f"Modification refusée : le rôle « {ROLE_NAMES[Role.READER]} » ne permet pas" in refused, name
    assert fingerprint() == before


# --- the command line ---------------------------------------------------------------------------------------

def test_the_command_line_names_roles_and_territories_and_a_refused_account_is_not_created(real_copy):
    with connect(real_copy) as con:
        own = bretagne_crtes(con)[0]
    admin = command(real_copy, "utilisateur", "admin", "--role", "administrateur", "--mot-de-passe-stdin",
                    input="mot-de-passe-admin\n")
    assert admin.returncode == 0 and "Compte « admin » créé — rôle administrateur." in admin.stdout, admin.stderr
    refused = command(real_copy, "utilisateur", "paul", "--role", "contributeur", "--territoire", "crte:nulle-part",
                      "--mot-de-passe-stdin", input="mot-de-passe-paul\n")
    assert refused.returncode == 1
    assert "Compte non enregistré : territoire « crte:nulle-part » introuvable" in refused.stderr
    paul = command(real_copy, "utilisateur", "paul", "--role", "contributeur", "--territoire", f"crte:{own}",
                   "--mot-de-passe-stdin", input="mot-de-passe-paul\n")
    assert f"Compte « paul » créé — rôle contributeur territorial (crte:{own})." in paul.stdout, paul.stderr
    reader = command(real_copy, "utilisateur", "paul", "--role", "lecteur")  # no password asked
    assert "Compte « paul » mis à jour (rôle) — rôle lecteur." in reader.stdout, reader.stderr
    password = command(real_copy, "utilisateur", "paul", "--mot-de-passe-stdin", input="un autre mot de passe\n")
    assert "ses sessions ouvertes sont fermées — rôle lecteur." in password.stdout, password.stderr
    with connect(real_copy) as con:
        assert users.account(con, "admin").role == Role.ADMIN
        assert users.account(con, "paul").role == Role.READER and users.scopes(con, "paul") == []
        assert users.authenticate(con, "paul", "un autre mot de passe") is not None
