"""The roadmap's part shown alike to every visitor (features/roadmap/shared_part.py) is built once for every role,
and never carries one account's page to another: built first for the regional team, who reads contacts and
authors, it names nobody; the anonymous visitor then served it is sent no person, while the team's page still
shows them where its role may (the grid, the form)."""

from __future__ import annotations

import json

from dashboard.features.roadmap.ids import SUMMARY
from domain.permissions import Read, Role
from tests.test_cache_contract import data_held, kept_by, open_page
from tests.test_page_answers import by_id
from tests.test_reading import ANONYMOUS, CONTACT, NAMES, SECRETS, world  # noqa: F401 (world: a fixture)

PAGE = ("/feuille-de-route", "?region=00")
SHARED = "dashboard.features.roadmap.shared_part._shown:"
VIEW = "dashboard.features.roadmap.data._built:"


def opened(world, reader: str) -> tuple[str, dict]:
    """The page opened by ``reader``: its answer as text, and its summary part."""
    answer = open_page(world, reader, *PAGE)[0]
    return json.dumps(answer, ensure_ascii=False), by_id(answer["response"]["_pages_content"]["children"], SUMMARY)


def named(text: str) -> list[str]:
    return [person for person in SECRETS[Read.PEOPLE] if person in text]


def test_the_part_built_for_the_team_is_sent_to_the_anonymous_visitor_and_names_nobody(world, monkeypatch):
    with data_held(), kept_by(world, monkeypatch) as kept:
        team_page, team_summary = opened(world, Role.TEAM.value)
        for_team = dict(kept)
        anonymous_page, anonymous_summary = opened(world, ANONYMOUS)
    shared = [key for key in for_team if key.startswith(SHARED)]
    assert len(shared) == 1 and [key for key in for_team if key.startswith(VIEW)], list(for_team)
    assert named(json.dumps(for_team[shared[0]], ensure_ascii=False)) == []
    assert {NAMES[Role.TEAM], CONTACT} <= set(named(team_page))  # the team's own parts still name them
    built_again = [key for key in kept.keys() - for_team.keys() if key.startswith((SHARED, VIEW))]
    assert built_again == [], "built again for the anonymous visitor"
    assert anonymous_summary == team_summary and anonymous_summary["props"]["children"]
    assert named(anonymous_page) == []
