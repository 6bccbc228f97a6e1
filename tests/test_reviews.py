"""Contributions and their review: the status a contributor may give (checked by the write gate), and the
team's decisions — accept, ask for changes, decline — with their history and the state a list shows."""

from __future__ import annotations

import shutil

import pytest

from dashboard.access import gate
from data.db import connect
from domain import commitment_store, reviews, users
from domain.commitments import FIELDS, STATUSES
from domain.errors import UserError
from domain.permissions import ROLE_NAMES, Role, Territory, Write, settable_statuses, status_refusal
from domain.vocabulary import PROPOSED

CONTRIBUTOR, TEAM = "contributrice", "equipe"


def test_a_contributor_may_only_propose_and_the_team_may_give_every_status():
    assert settable_statuses(Role.CONTRIBUTOR) == [PROPOSED]
    assert settable_statuses(Role.TEAM) == settable_statuses(Role.ADMIN) == STATUSES
    assert status_refusal(Role.CONTRIBUTOR, None, PROPOSED) is None
    assert status_refusal(Role.CONTRIBUTOR, PROPOSED, PROPOSED) is None
    assert status_refusal(Role.CONTRIBUTOR, None, "retenu en COP") == (
        "Modification refusée : le rôle « contributeur territorial » ne permet pas de donner le statut « retenu en "
        "COP » : un engagement reste « proposé » jusqu'à sa relecture par l'équipe régionale.")
    assert status_refusal(Role.CONTRIBUTOR, "retenu en COP", PROPOSED) == (
        "Modification refusée : cet engagement est « retenu en COP » ; le rôle « contributeur territorial » ne "
        "permet de modifier que des engagements « proposé » (adressez-vous à l'équipe régionale).")
    for before in (None, *STATUSES):
        for after in STATUSES:
            assert status_refusal(Role.TEAM, before, after) is None
            assert status_refusal(Role.ADMIN, before, after) is None


@pytest.fixture
def region(demo_db, tmp_path) -> dict:
    """A copy of the demo database with a contributor scoped to one CRTE and a team member; the CRTE, a lever."""
    path = tmp_path / "cop.duckdb"
    shutil.copy(demo_db, path)
    with connect(path) as con:
        context = commitment_store.context(con, "00")
        crte = min(code for level, code in context.territories if level == "crte")
        users.save_user(con, CONTRIBUTOR, "mot-de-passe-contributrice", role=Role.CONTRIBUTOR)
        users.set_role(con, CONTRIBUTOR, Role.CONTRIBUTOR, [Territory("crte", crte)])
        users.save_user(con, TEAM, "mot-de-passe-equipe", role=Role.TEAM)
    return {"path": path, "crte": crte, "lever": min(context.levers)}


def proposal(region: dict, **changes) -> dict:
    values = {key: None for key in FIELDS} | {
        "territory_level": "crte", "territory_code": region["crte"], "lever_id": region["lever"],
        "carrier": "Communauté de communes", "title": "Covoiturage", "quantity_kt": 3.5, "start_year": 2025,
        "end_year": 2028, "status": PROPOSED}
    return values | changes


def check(con, username: str, status: str, commitment: int | None = None, territory: tuple | None = None) -> None:
    account = users.account(con, username)
    gate.check(con, username, account.role, Write.COMMITMENT, territory or ("crte", "x"), commitment, status)


def test_the_gate_lets_a_contributor_propose_but_not_retain_nor_change_what_the_team_decided(region):
    with connect(region["path"]) as con:
        own = ("crte", region["crte"])
        check(con, CONTRIBUTOR, PROPOSED, territory=own)
        with pytest.raises(UserError, match="ne permet pas de donner le statut « retenu en COP »"):
            check(con, CONTRIBUTOR, "retenu en COP", territory=own)
        number = commitment_store.create(con, "00", proposal(region), CONTRIBUTOR)
        check(con, CONTRIBUTOR, PROPOSED, number, own)
        reviews.review(con, number, 1, reviews.ACCEPTED, None, TEAM)
        with pytest.raises(UserError, match="cet engagement est « retenu en COP »"):
            check(con, CONTRIBUTOR, PROPOSED, number, own)
        check(con, TEAM, "engagé", number, own)
        with pytest.raises(TypeError):  # a commitment write names the status it leaves
            gate.check(con, TEAM, Role.TEAM, Write.COMMITMENT, own, number)
        with pytest.raises(UserError, match=f"« {ROLE_NAMES[Role.CONTRIBUTOR]} » ne permet pas de relire"):
            gate.check(con, CONTRIBUTOR, Role.CONTRIBUTOR, Write.REVIEW)
        gate.check(con, TEAM, Role.TEAM, Write.REVIEW)


def state(con, number: int) -> tuple:
    states = reviews.states(con, "00").set_index("commitment_id")
    row = states.loc[number]
    return row["review_state"], row["review_comment"]


def test_accepting_retains_the_commitment_and_keeps_the_decision(region):
    with connect(region["path"]) as con:
        number = commitment_store.create(con, "00", proposal(region), CONTRIBUTOR)
        assert state(con, number)[0] == reviews.TO_REVIEW
        assert reviews.review(con, number, 1, reviews.ACCEPTED, "  ", TEAM) == 2
        stored = commitment_store.get(con, number)
        assert (stored["status"], stored["version"], stored["updated_by"]) == ("retenu en COP", 2, TEAM)
        assert state(con, number)[0] == reviews.ACCEPTED
        decisions = reviews.history(con, number)
        assert decisions[["version", "decision", "reviewer"]].values.tolist() == [[2, reviews.ACCEPTED, TEAM]]
        assert decisions["comment"].isna().all()  # a blank comment is no comment
        with pytest.raises(UserError, match="est « retenu en COP » ; seul un engagement « proposé » se relit"):
            reviews.review(con, number, 2, reviews.DECLINED, "trop tard", TEAM)


def test_changes_asked_for_wait_for_the_contributor_whose_edit_sends_the_commitment_back_to_review(region):
    with connect(region["path"]) as con:
        number = commitment_store.create(con, "00", proposal(region), CONTRIBUTOR)
        with pytest.raises(UserError, match="indiquez les modifications demandées"):
            reviews.review(con, number, 1, reviews.CHANGES, "", TEAM)
        assert reviews.review(con, number, 1, reviews.CHANGES, "Précisez le porteur.", TEAM) == 1
        assert commitment_store.get(con, number)["status"] == PROPOSED
        assert state(con, number) == (reviews.TO_REVISE, "Précisez le porteur.")
        assert reviews.label(*state(con, number)) == "à revoir : Précisez le porteur."
        commitment_store.update(con, number, 1, proposal(region, carrier="Syndicat mixte"), CONTRIBUTOR)
        assert state(con, number)[0] == reviews.TO_REVIEW
        assert reviews.label(*state(con, number)) == "à relire"
        reviews.review(con, number, 2, reviews.ACCEPTED, None, TEAM)
        assert list(reviews.history(con, number)["decision"]) == [reviews.ACCEPTED, reviews.CHANGES]


def test_declining_needs_a_reason_abandons_the_commitment_and_shows_the_reason(region):
    with connect(region["path"]) as con:
        number = commitment_store.create(con, "00", proposal(region), CONTRIBUTOR)
        with pytest.raises(UserError, match="indiquez la raison du refus"):
            reviews.review(con, number, 1, reviews.DECLINED, None, TEAM)
        assert reviews.history(con, number).empty and commitment_store.get(con, number)["version"] == 1
        reviews.review(con, number, 1, reviews.DECLINED, "Hors du périmètre du CRTE.", TEAM)
        assert commitment_store.get(con, number)["status"] == "abandonné"
        assert reviews.label(*state(con, number)) == "refusé : Hors du périmètre du CRTE."


def test_a_decision_on_a_version_changed_since_is_refused_and_writes_nothing(region):
    with connect(region["path"]) as con:
        number = commitment_store.create(con, "00", proposal(region), CONTRIBUTOR)
        commitment_store.update(con, number, 1, proposal(region, title="Covoiturage et autopartage"), CONTRIBUTOR)
        with pytest.raises(UserError, match=f"{CONTRIBUTOR} a modifié l'engagement n° {number} le .* \\(version 2\\) "
                                            "depuis que vous l'avez ouvert"):
            reviews.review(con, number, 1, reviews.ACCEPTED, None, TEAM)
        assert commitment_store.get(con, number)["status"] == PROPOSED and reviews.history(con, number).empty


def test_a_commitment_decided_without_review_has_no_review_state(region):
    with connect(region["path"]) as con:
        number = commitment_store.create(con, "00", proposal(region, status="engagé"), TEAM)
        assert reviews.label(*state(con, number)) == ""
