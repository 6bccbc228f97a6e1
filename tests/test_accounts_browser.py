"""Accounts in headless Chromium: the administrator invites a contributor scoped to one CRTE of Bretagne, the
contributor chooses a password from the link, signs in and reads its role; deactivated, its session ends.
The administrators' page itself: no serious axe-core violation, nothing wider than the screen; on a phone each
account is a card whose « Modifier » is in view, on a laptop or a desk the accounts stay a table."""

from __future__ import annotations

import shutil

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC

from bench.audit import SIZES, axe_violations, describe, open_page, overflow, set_viewport
from data.db import connect, migrate
from domain import commitment_store, users
from domain.permissions import Role
from tests.browsing import click, invite, severe_console_errors, sign_in, wait
from tests.conftest import running_app
from tests.test_pages_audit_browser import axe  # noqa: F401  (fixture)

ADMIN, ADMIN_PASSWORD = "admin", "mot-de-passe-admin"
LONG_NAMED = "louise.kerleguer-de-la-villemarque"  # a long identifier and name, scoped to a CRTE: a wide row


@pytest.fixture(scope="module")
def accounts_app(real_db, tmp_path_factory):
    """(url, the first CRTE of Bretagne): the served app on a copy of the real data, with one administrator."""
    path = tmp_path_factory.mktemp("accounts") / "cop.duckdb"
    shutil.copy(real_db, path)
    with connect(path) as con:
        migrate(con)
        users.save_user(con, ADMIN, ADMIN_PASSWORD, "Administratrice", Role.ADMIN)
        crte = sorted(code for level, code in commitment_store.context(con, "53").territories if level == "crte")[0]
        users.create_account(con, LONG_NAMED, "Louise Kerléguer de la Villemarqué", Role.CONTRIBUTOR,
                             [users.parse_territory(f"crte:{crte}")])
    with running_app(path) as url:
        yield url, crte


def test_an_invited_contributor_signs_in_with_its_role_and_is_deactivated(accounts_app, browser, second_browser):
    url, crte = accounts_app
    sign_in(browser, url, ADMIN, ADMIN_PASSWORD)
    assert wait(browser).until(EC.visibility_of_element_located((By.ID, "header-role"))).text == "administrateur"
    click(browser, By.CSS_SELECTOR, "#header-account a[href^='/comptes']")
    table = wait(browser).until(EC.visibility_of_element_located((By.ID, "accounts-table")))
    assert ADMIN in table.text

    username, password = invite(browser, url, "paul", "Contributeur territorial", "crte", crte)
    sign_in(second_browser, url, username, password)
    role = wait(second_browser).until(EC.visibility_of_element_located((By.ID, "header-role")))
    assert role.text == "contributeur territorial"
    second_browser.get(f"{url}/ecarts?region=53")
    note = wait(second_browser).until(EC.visibility_of_element_located((By.ID, "gaps-read-only")))
    assert "Lecture seule : le rôle « contributeur territorial » ne permet pas de modifier les scénarios." in note.text
    assert second_browser.find_element(By.ID, "gaps-create").get_attribute("disabled") == "true"

    browser.get(f"{url}/comptes?compte={username}")
    row = wait(browser).until(lambda b: next((r for r in b.find_elements(By.CSS_SELECTOR, "#accounts-table tbody tr")
                                              if r.text.startswith(username)), None))
    assert f"crte:{crte}" not in row.text and f"(CRTE, {crte}) — Bretagne" in row.text and "actif" in row.text
    click(browser, By.ID, "accounts-deactivate")
    wait(browser).until(EC.text_to_be_present_in_element((By.ID, "accounts-message"), "désactivé"))
    assert browser.find_element(By.ID, "accounts-reactivate").is_enabled()
    wait(browser).until(EC.text_to_be_present_in_element((By.ID, "accounts-table"), "désactivé"))

    second_browser.get(f"{url}/ecarts?region=53")  # the session has ended: anonymous again
    wait(second_browser).until(EC.visibility_of_element_located((By.ID, "header-sign-in")))
    assert not second_browser.find_elements(By.ID, "header-role")
    assert severe_console_errors(second_browser) == []
    second_browser.get(f"{url}/connexion")
    wait(second_browser).until(EC.visibility_of_element_located((By.ID, "identifiant"))).send_keys(username)
    second_browser.find_element(By.ID, "mot_de_passe").send_keys(password)
    second_browser.find_element(By.ID, "connexion-valider").click()
    refused = wait(second_browser).until(EC.visibility_of_element_located((By.ID, "connexion-erreur")))
    assert refused.text == "Identifiant ou mot de passe incorrect."
    assert severe_console_errors(browser) == []


@pytest.mark.parametrize("size", SIZES)
def test_the_accounts_page_fits_and_has_no_serious_accessibility_violation(accounts_app, browser, axe, size):
    url, _ = accounts_app
    sign_in(browser, url, ADMIN, ADMIN_PASSWORD)
    width, height = SIZES[size]
    set_viewport(browser, width, height)
    open_page(browser, f"{url}/comptes?compte={ADMIN}")
    click(browser, By.ID, "accounts-new-link")  # the link shown once, in its field to copy
    wait(browser).until(EC.visibility_of_element_located((By.ID, "accounts-secret")))
    measured = overflow(browser, width)
    assert measured["page"] <= width, measured
    violations = axe_violations(browser)
    assert not violations, describe(violations)


ACCOUNT_CARDS = """
const inside = e => { const r = e.getBoundingClientRect();
                      return r.width > 0 && r.height > 0 && r.left >= 0 && r.right <= window.innerWidth; };
const region = document.getElementById('accounts-table').closest('.fr-table');
return {page: document.documentElement.scrollWidth, region: region.scrollWidth - region.clientWidth,
        display: getComputedStyle(document.getElementById('accounts-table')).display,
        rows: [...document.querySelectorAll('#accounts-table tbody tr')].map(row => ({
          shown: [...row.querySelectorAll('td')].filter(inside).map(td => td.dataset.label),
          edit: inside(row.querySelector('a'))}))};
"""


def test_on_a_phone_each_account_is_a_card_with_its_modifier_link_in_view(accounts_app, browser):
    url, _ = accounts_app
    sign_in(browser, url, ADMIN, ADMIN_PASSWORD)
    width, height = SIZES["telephone"]
    set_viewport(browser, width, height)
    open_page(browser, f"{url}/comptes")
    seen = browser.execute_script(ACCOUNT_CARDS)
    assert seen["page"] <= width and seen["region"] <= 1, seen  # neither the page nor the table scrolls sideways
    assert seen["display"] == "block" and len(seen["rows"]) >= 2, seen
    for row in seen["rows"]:
        assert {"Identifiant", "Nom", "Rôle", "Territoires", "État", "Action"} <= set(row["shown"]), seen
        assert row["edit"], seen


@pytest.mark.parametrize("size", ["portable", "bureau"])
def test_on_a_laptop_or_a_desk_the_accounts_stay_a_table(accounts_app, browser, size):
    url, _ = accounts_app
    sign_in(browser, url, ADMIN, ADMIN_PASSWORD)
    set_viewport(browser, *SIZES[size])
    open_page(browser, f"{url}/comptes")
    seen = browser.execute_script(ACCOUNT_CARDS)
    assert seen["display"] == "table" and all(row["edit"] for row in seen["rows"]), seen


def test_from_a_region_s_page_the_territory_picker_lists_that_region_s_territories_first(accounts_app, browser, axe):
    url, _ = accounts_app
    sign_in(browser, url, ADMIN, ADMIN_PASSWORD)
    open_page(browser, f"{url}/?region=53")
    click(browser, By.CSS_SELECTOR, "#header-account a[href^='/comptes']")  # keeps the region administered
    wait(browser).until(lambda b: "region=53" in b.current_url and b.find_elements(By.ID, "accounts-new-territories"))
    click(browser, By.ID, "accounts-new-territories")
    options = wait(browser).until(lambda b: [o.text for o in b.find_elements(By.CSS_SELECTOR, ".dash-dropdown-option")])
    assert options[0] == "Côtes-d'Armor (Département, 22) — Bretagne", options[:3]
    assert all(option.endswith("— Bretagne") for option in options[:8]), options[:8]
    assert not (violations := axe_violations(browser)), describe(violations)
