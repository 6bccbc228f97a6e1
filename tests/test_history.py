"""History of everything editable: scenarios (name, lever values, deletion and its undo) and méthodes de
déclinaison keep who changed what and when, like commitments; a refused or failed write leaves no line."""

import duckdb
import pandas as pd
import pytest
from flask_login import login_user

from dashboard.access.auth import Editor
from data import db
from data.db import connect
from domain import commitment_store, history, scenarios
from domain.permissions import Role
from domain.split_methods import save_method
from domain.users import account, save_user
from tests.conftest import app_on, sign_in_team

CARS_GOAL = "augm_voitelec:new_objective_kt"


def lines(con, trail: history.Trail, record_id: int) -> list[tuple]:
    """(action, author, role, changes) of each line, oldest first; None for an unknown author or role."""
    frame = history.read(con, trail, record_id).iloc[::-1]
    known = [[value if isinstance(value, str) else None for value in frame[column]] for column in ("author", "role")]
    return list(zip(frame["action"], *known, frame["changes"]))


def test_a_scenario_s_creation_edits_renaming_deletion_and_undo_are_kept_with_author_and_old_and_new(real_copy):
    with connect(real_copy) as con:
        save_user(con, "alice", "mot-de-passe-alice", role=Role.TEAM)
        scenario_id = scenarios.create_scenario(con, "region", "84", " Ambition ", author="alice")
        scenarios.save_lever_value(con, scenario_id, "augm_voitelec", "new_objective_kt", 1600.0, 0, "alice")
        scenarios.save_lever_value(con, scenario_id, "augm_voitelec", "new_objective_kt", 1700.5, 1, "bob")
        scenarios.save_lever_value(con, scenario_id, "augm_voitelec", "new_objective_kt", 1700.5, 2, "bob")  # no change
        renamed = scenarios.rename_scenario(con, scenario_id, " Ambition renforcée ", author="alice")
        assert renamed == "Ambition renforcée"
        scenarios.rename_scenario(con, scenario_id, "Ambition renforcée", author="alice")  # same name: no line
        scenarios.delete_scenario(con, scenario_id, author="bob")
        deleted = scenarios.scenario(con, scenario_id)
        assert deleted["deleted_by"] == "bob" and deleted["deleted_at"] is not None
        scenarios.restore_scenario(con, scenario_id, author="alice")
        scenarios.restore_scenario(con, scenario_id, author="alice")  # not deleted: nothing to undo, no line
        assert pd.isna(scenarios.scenario(con, scenario_id)["deleted_by"])
        assert lines(con, history.SCENARIOS, scenario_id) == [
            ("création", "alice", "equipe", {"name": [None, "Ambition"]}),
            ("modification", "alice", "equipe", {CARS_GOAL: [None, 1600.0]}),
            ("modification", "bob", None, {CARS_GOAL: [1600.0, 1700.5]}),  # bob has no account: no role
            ("renommage", "alice", "equipe", {"name": ["Ambition", "Ambition renforcée"]}),
            ("suppression", "bob", None, {}),
            ("restauration", "alice", "equipe", {}),
        ]


def test_a_deleted_scenario_stays_in_history_and_a_copy_starts_its_own(real_copy):
    with connect(real_copy) as con:
        original = scenarios.create_scenario(con, "region", "84", "Original", author="alice")
        scenarios.save_lever_value(con, original, "augm_voitelec", "done_kt", 12.5, 0, "alice")
        copy = scenarios.duplicate_scenario(con, original, author="bob")
        scenarios.delete_scenario(con, original, author="bob")
        assert original not in set(scenarios.territory_scenarios(con, "region", "84")["scenario_id"])
        assert [action for action, *_ in lines(con, history.SCENARIOS, original)] == [
            "création", "modification", "suppression"]
        assert lines(con, history.SCENARIOS, copy) == [
            ("duplication", "bob", None, {"name": [None, "Copie de Original"], "augm_voitelec:done_kt": [None, 12.5]})]


def test_a_method_s_keys_are_kept_with_who_chose_them(real_copy):
    with connect(real_copy) as con:
        method = save_method(con, "Surface", {"augm_voitelec": "superficie", "augm_haies": "population"},
                             author="alice")
        assert save_method(con, "Surface", {"augm_voitelec": "superficie", "augm_haies": "population"},
                           author="bob") == method  # the same keys: nothing changes, no line
        save_method(con, "Surface", {"augm_voitelec": "population", "augm_haies": "superficie"}, author="bob")
        save_method(con, "Surface", {"augm_voitelec": "population"}, default_key="superficie", author="alice")
        assert lines(con, history.METHODS, method) == [
            ("création", "alice", None, {"name": [None, "Surface"], "default_key_id": [None, "population"],
                                         "augm_voitelec": [None, "superficie"]}),
            ("modification", "bob", None, {"augm_haies": ["population", "superficie"],
                                           "augm_voitelec": ["superficie", "population"]}),
            # augm_haies keeps superficie, now as the default key: only the default key changed
            ("modification", "alice", None, {"default_key_id": ["population", "superficie"]}),
        ]


@pytest.fixture
def app(real_copy):
    with connect(real_copy) as con:
        save_user(con, "redaction", "mot-de-passe-redaction", "Équipe de rédaction", role=Role.TEAM)
    with app_on(real_copy) as (app, _):
        yield app


def history_lines() -> tuple:
    from dashboard.store import shared
    with shared.cursor() as con:
        return tuple(con.execute(f"SELECT count(*) FROM {trail.table}").fetchone()[0]
                     for trail in (history.SCENARIOS, history.METHODS, history.COMMITMENTS))


def test_a_refused_or_failed_write_leaves_no_history_line_and_a_gated_one_names_the_editor(app):
    from dashboard.access.gate import REFUSED, write
    from dashboard.store import shared
    from dashboard.store import write as raw_write
    from domain.conflicts import Conflict
    from domain.errors import UserError
    from domain.permissions import Write

    scenario_id = raw_write(scenarios.create_scenario, "region", "84", "Porte")
    before = history_lines()
    with app.server.test_request_context(), pytest.raises(UserError, match=REFUSED):  # nobody signed in
        write(scenarios.rename_scenario, scenario_id, "Pirate", kind=Write.SCENARIO)
    with app.server.test_request_context():
        with shared.cursor() as con:
            login_user(Editor(account(con, "redaction")))
        attempts = [
            (scenarios.create_scenario, "region", "84", "porte"),  # the name is taken
            (scenarios.save_lever_value, scenario_id, "co2_enr", "done_kt", 1.0, 0),  # a lever fixed outside the COP
            (save_method, "Méthode", {"augm_voitelec": "licornes"}),  # an unknown key
        ]
        for action, *args in attempts:
            with pytest.raises(UserError):
                write(action, *args, kind=Write.METHOD if action is save_method else Write.SCENARIO)
        write(scenarios.save_lever_value, scenario_id, "augm_voitelec", "done_kt", 5.0, 0, kind=Write.SCENARIO)
        assert history_lines()[0] == before[0] + 1
        stale = write(scenarios.save_lever_value, scenario_id, "augm_voitelec", "done_kt", 6.0, 0, kind=Write.SCENARIO)
        assert isinstance(stale, Conflict)
        assert history_lines()[0] == before[0] + 1 and history_lines()[1:] == before[1:]
    with shared.cursor() as con:
        newest = history.read(con, history.SCENARIOS, scenario_id).iloc[0]
    assert (newest["action"], newest["author"], newest["role"]) == ("modification", "redaction", "equipe")
    assert newest["changes"] == {"augm_voitelec:done_kt": [None, 5.0]}


def test_the_history_exports_name_levers_and_keys_in_french_a_deleted_scenario_s_too(app):
    from dashboard.store import write

    client = app.server.test_client()
    sign_in_team(client)  # authors are not shown to the public
    scenario_id = write(scenarios.create_scenario, "region", "84", "Exporté", "alice")
    write(scenarios.save_lever_value, scenario_id, "augm_voitelec", "new_objective_kt", 1234.5, 0, "alice")
    write(scenarios.delete_scenario, scenario_id, "bob")
    text = client.get(f"/export/historique-scenario.csv?scenario={scenario_id}").data.decode("utf-8-sig")
    assert ";bob;suppression;;\n" in text  # bob has no account: no role
    assert "Véhicules électriques — nouvel objectif (ktCO₂e) : (vide) → 1\u202f234,5" in text
    assert ";alice;création;Nom : (vide) → Exporté;\n" in text
    assert client.get("/export/historique-scenario.csv?scenario=999999").status_code == 404
    method = write(save_method, "Parc", {"augm_voitelec": "superficie"}, "population", "redaction")
    text = client.get(f"/export/historique-methode.csv?region=84&methode={method}").data.decode("utf-8-sig")
    assert ";redaction;création;" in text and ";équipe régionale\n" in text
    assert "Clé de « Véhicules électriques » : (vide) → Superficie" in text


def test_commitment_history_keeps_the_author_s_role(real_copy):
    with connect(real_copy) as con:
        save_user(con, "paul", "mot-de-passe-paul", role=Role.CONTRIBUTOR)
        values = {"territory_level": "region", "territory_code": "84", "lever_id": "augm_voitelec",
                  "carrier": "Région", "title": "Bornes", "quantity_kt": 1.0, "start_year": 2025, "end_year": 2030,
                  "status": "proposé"}
        number = commitment_store.create(con, "84", values, "paul")
        commitment_store.update(con, number, 1, {**values, "quantity_kt": 2.5}, "dreal")
        frame = commitment_store.history(con, number)
    roles = [role if isinstance(role, str) else None for role in frame["role"]]
    assert list(zip(frame["version"], frame["author"], roles)) == [(2, "dreal", None), (1, "paul", "contributeur")]
    assert frame["changes"].iloc[0] == {"quantity_kt": [1.0, 2.5]}


def test_the_migration_gives_existing_scenarios_and_methods_their_creation_and_deletion(monkeypatch):
    every = db.migrations()
    con = duckdb.connect()
    monkeypatch.setattr(db, "migrations", lambda: [m for m in every if m[0] < 14])
    db.migrate(con)
    con.execute("INSERT INTO scenarios (name, territory_level, territory_code) VALUES ('Ancien', 'region', '84'),"
                " ('Supprimé', 'region', '84')")
    con.execute("UPDATE scenarios SET deleted_at = current_timestamp WHERE name = 'Supprimé'")
    con.execute("INSERT INTO split_methods (name, default_key_id) VALUES ('Ancienne', 'superficie')")
    monkeypatch.setattr(db, "migrations", lambda: every)
    db.migrate(con)
    assert lines(con, history.SCENARIOS, 1) == [("création", None, None, {"name": [None, "Ancien"]})]
    assert [action for action, *_ in lines(con, history.SCENARIOS, 2)] == ["création", "suppression"]
    assert lines(con, history.METHODS, 2) == [
        ("création", None, None, {"name": [None, "Ancienne"], "default_key_id": [None, "superficie"]})]
    assert history.read(con, history.METHODS, 1).empty  # the built-in method was never edited
