"""Two editors saving the same commitment or scenario lever at the same instant: the one who loses gets
the two-version conflict (``Conflict``), never DuckDB's « Conflict on update », and nothing is lost."""

from __future__ import annotations

import threading
from collections import Counter

from dash import no_update
from flask_login import login_user

from dashboard import store
from dashboard.access import gate
from dashboard.access.auth import Editor
from data.db import connect
from domain import commitment_store, scenarios
from domain.commitments import FIELDS
from domain.conflicts import Conflict
from domain.permissions import Role, Write
from domain.users import Account

ROUNDS = 20
EDITORS = ("alice", "bob")


def at_once(app, saves: dict, **target) -> dict:
    """Run ``saves`` (editor → (action, *args)) through the write gate (``target``: what it writes), each signed
    in as its editor (of the regional team) in its own thread, released together; return editor → what the gate
    returned, or the exception it raised."""
    start = threading.Barrier(len(saves))
    outcomes = {}

    def save(editor, action, *args):
        with app.server.test_request_context():
            login_user(Editor(Account(editor, editor.capitalize(), 1, Role.TEAM)))
            start.wait()
            try:
                outcomes[editor] = gate.write(action, *args, **target)
            except Exception as error:  # what the page would show: the test reports it
                outcomes[editor] = error

    threads = [threading.Thread(target=save, args=(editor, *call)) for editor, call in saves.items()]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def kinds(outcomes: dict) -> list[str]:
    return sorted(type(value).__name__ if not isinstance(value, Exception) else f"{type(value).__name__}: {value}"
                  for value in outcomes.values())


def test_two_editors_saving_the_same_commitment_at_once_the_loser_always_gets_both_versions(app):
    with connect() as con:
        context = commitment_store.context(con, "53")
        lever = min(context.levers)
        values = {key: None for key in FIELDS} | {
            "territory_level": "region", "territory_code": "53", "lever_id": lever, "carrier": "Région",
            "title": "Départ", "quantity_kt": 10.0, "start_year": 2025, "end_year": 2030, "status": "proposé"}
        number = commitment_store.create(con, "53", values, "dreal")
    seen = Counter()
    for round_ in range(ROUNDS):
        version = store.fetch(commitment_store.get, number)["version"]
        outcomes = at_once(app, {editor: (commitment_store.update, number, version,
                                          {**values, "title": f"{editor} {round_}"}) for editor in EDITORS},
                           kind=Write.COMMITMENT, territory=("region", "53"), record=number, status="proposé")
        seen[tuple(kinds(outcomes))] += 1
        assert kinds(outcomes) == ["Conflict", "int"], outcomes
        winner = next(editor for editor, value in outcomes.items() if value == version + 1)
        loser = next(value for value in outcomes.values() if isinstance(value, Conflict))
        assert loser.stored["updated_by"] == winner and loser.stored["title"] == f"{winner} {round_}"
        assert loser.stored["version"] == version + 1
    history = store.fetch(commitment_store.history, number)
    assert len(history) == ROUNDS + 1  # the creation, then one change per round: the loser wrote nothing
    assert seen == {("Conflict", "int"): ROUNDS}


def test_two_editors_saving_the_same_scenario_lever_at_once_the_loser_always_gets_both_values(app):
    for round_ in range(ROUNDS):
        scenario_id = store.write(scenarios.create_scenario, "region", "84", f"Concurrence {round_}")
        for version in (0, 1):  # both insert the lever's first values, then both change them
            typed = {"alice": 100.0 + round_ + version, "bob": 200.0 + round_ + version}
            outcomes = at_once(app, {editor: (scenarios.save_lever_value, scenario_id, "augm_voitelec", "done_kt",
                                              typed[editor], version) for editor in EDITORS}, kind=Write.SCENARIO)
            assert kinds(outcomes) == ["Conflict", "int"], outcomes
            winner = next(editor for editor, value in outcomes.items() if value == version + 1)
            stored = next(value for value in outcomes.values() if isinstance(value, Conflict)).stored
            assert (stored["updated_by"], stored["done_kt"], stored["version"]) == (winner, typed[winner], version + 1)


def test_a_stale_scenario_value_is_refused_with_both_values_and_saved_once_the_editor_has_seen_them(app):
    from dashboard.pages.gaps import edit_lever

    territory = "84"  # the region
    scenario_id = store.write(scenarios.create_scenario, "region", "84", "Deux onglets")
    with app.server.test_request_context():
        login_user(Editor(Account("alice", "Alice", 1, Role.TEAM)))
        first = edit_lever(scenario_id, territory, "augm_voitelec", "done_kt", "300", 0)
    assert first["version"] == 1
    with app.server.test_request_context():  # Bob's page was opened before Alice saved: it shows version 0
        login_user(Editor(Account("bob", "Bob", 1, Role.TEAM)))
        stale = edit_lever(scenario_id, territory, "augm_voitelec", "done_kt", "250", 0)
        message = stale["errors"]["done_kt"]
        assert message.startswith("Conflit : alice a enregistré ce levier le ")
        assert "Valeur enregistrée : 300 ; votre saisie : 250, pas encore enregistrée." in message
        assert list(stale["values"].values()) == [no_update] * 4 and stale["saved"] is no_update  # Bob's text stays
        assert stale["version"] == 1  # the page now names the stored version
        assert store.fetch(scenarios.lever_value, scenario_id, "augm_voitelec")["done_kt"] == 300.0
        again = edit_lever(scenario_id, territory, "augm_voitelec", "done_kt", "260", stale["version"])
    assert again["errors"]["done_kt"] == "" and again["version"] == 2
    stored = store.fetch(scenarios.lever_value, scenario_id, "augm_voitelec")
    assert (stored["done_kt"], stored["updated_by"], stored["version"]) == (260.0, "bob", 2)
