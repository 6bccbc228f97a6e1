"""A choice among hundreds (dashboard/components/searched_choice.py): the options that a search sends."""

from __future__ import annotations

import pytest
from dash.exceptions import PreventUpdate

from dashboard.components.searched_choice import SHOWN, first_with, matching, searched_dropdown

OPTIONS = [{"label": f"n° {n} — Bornes de recharge {n}", "value": n} for n in range(1, 201)] + [
    {"label": "n° 201 — Rénovation des écoles", "value": 201}]


def test_a_search_sends_the_options_holding_every_word_typed_case_ignored():
    assert matching(OPTIONS, "ÉCOLES rénov") == [OPTIONS[-1]]
    assert matching(OPTIONS, "rnes 17") == [o for o in OPTIONS if "17" in o["label"] and "Bornes" in o["label"]]


def test_a_search_sends_at_most_shown_options_and_always_the_chosen_one():
    found = matching(OPTIONS, "bornes", value=201)
    assert len(found) == SHOWN + 1 and found[0] == OPTIONS[-1]
    assert found[1:] == OPTIONS[:SHOWN]


@pytest.mark.parametrize("search", [None, "", "   ", ["bornes"], "x" * 101])
def test_a_search_cleared_or_forged_changes_nothing(search):
    with pytest.raises(PreventUpdate):
        matching(OPTIONS, search)


def test_the_dropdown_is_sent_with_its_first_options_only_nothing_chosen():
    assert searched_dropdown("a", [], "Tapez…").options == []
    many = [{"label": f"n° {n}", "value": n} for n in range(1, 201)]
    sent = searched_dropdown("a", many, "Tapez…")
    assert (sent.options, sent.value) == (many[:SHOWN], None)


def test_a_chosen_option_comes_first_then_the_first_ones_without_a_repeat():
    assert first_with(OPTIONS, 120) == [OPTIONS[119]] + OPTIONS[:SHOWN]
    assert first_with(OPTIONS, 2) == [OPTIONS[1], OPTIONS[0]] + OPTIONS[2:SHOWN]
