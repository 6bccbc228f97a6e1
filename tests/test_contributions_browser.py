"""Contributions in headless Chromium: the administrator invites a contributor scoped to one CRTE of Bretagne,
who proposes a commitment and is refused another CRTE and any import; a team member accepts the proposal,
and the roadmap counts it."""

from __future__ import annotations

import json
import shutil

import pytest
import requests
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC

from bench.audit import show_grid
from data.db import connect, migrate
from domain import commitment_store, users
from domain.permissions import Role
from tests.browsing import choose, click, invite, plain, severe_console_errors, sign_in, wait
from tests.conftest import running_app
from tests.roadmap_fixtures import call
from tests.test_roadmap_browser import kt_value, type_into

ADMIN, ADMIN_PASSWORD = "admin-bretagne", "mot-de-passe-admin"
TEAM, TEAM_PASSWORD = "equipe-bretagne", "mot-de-passe-equipe"
CONTRIBUTOR = "pays-de-brest"
ELECTRIC = ("Transport de voyageurs — Véhicules électriques (milliers de véhicules électriques dans le parc "
            "régional (en 2030))")


@pytest.fixture(scope="module")
def bretagne(real_db, tmp_path_factory):
    """(url, database, {code: name} of two CRTE of Bretagne): the served app with one administrator and one team
    member, no commitment."""
    path = tmp_path_factory.mktemp("contributions") / "cop.duckdb"
    shutil.copy(real_db, path)
    with connect(path) as con:
        migrate(con)
        users.save_user(con, ADMIN, ADMIN_PASSWORD, "Administration", role=Role.ADMIN)
        users.save_user(con, TEAM, TEAM_PASSWORD, "Équipe régionale", role=Role.TEAM)
        names = commitment_store.context(con, "53").territories
    crtes = dict(sorted((code, name) for (level, code), name in names.items() if level == "crte")[:2])
    with running_app(path) as url:
        yield url, path, crtes


def open_roadmap(browser, url: str) -> None:
    browser.get(f"{url}/feuille-de-route?region=53")
    wait(browser).until(EC.visibility_of_element_located((By.ID, "roadmap-committed")))
    show_grid(browser, "roadmap-grid")


def fill_form(browser, crte_name: str, title: str, years: tuple[str, str]) -> None:
    choose(browser, "roadmap-f-territory", crte_name, crte_name)  # its name says it is a CRTE
    choose(browser, "roadmap-f-lever", "électriques", ELECTRIC)
    type_into(browser, "roadmap-f-carrier", "Pôle métropolitain du Pays de Brest")
    type_into(browser, "roadmap-f-title", title)
    type_into(browser, "roadmap-f-quantity-kt", "42,5")
    type_into(browser, "roadmap-f-start", years[0])
    type_into(browser, "roadmap-f-end", years[1])


def status_options(browser) -> list[str]:
    click(browser, By.ID, "roadmap-f-status")
    options = wait(browser).until(lambda b: [o.text for o in b.find_elements(By.CSS_SELECTOR, ".dash-dropdown-option")])
    click(browser, By.ID, "roadmap-f-status")  # closes it
    return options


def test_a_contributor_proposes_and_the_team_accepts_the_proposal_which_then_counts(bretagne, browser):
    url, database, crtes = bretagne
    (own, own_name), (other, other_name) = crtes.items()
    sign_in(browser, url, ADMIN, ADMIN_PASSWORD)
    contributor = invite(browser, url, CONTRIBUTOR, "Contributeur territorial", "crte", own)

    browser.delete_all_cookies()
    sign_in(browser, url, *contributor)
    open_roadmap(browser, url)
    assert "contributeur territorial" in browser.find_element(By.ID, "header-account").text
    assert "Vous proposez les engagements de vos territoires" in browser.find_element(By.ID, "roadmap-account").text
    committed_before = kt_value(browser.find_element(By.ID, "roadmap-committed").text)
    assert status_options(browser) == ["proposé"]
    fill_form(browser, own_name, "Bornes du Pays de Brest", ("2025", "2029"))
    click(browser, By.ID, "roadmap-save")
    wait(browser).until(EC.text_to_be_present_in_element((By.ID, "roadmap-form-message"), "créé"))
    wait(browser).until(EC.text_to_be_present_in_element((By.ID, "roadmap-review-status"), "À relire"))

    click(browser, By.ID, "roadmap-new")
    wait(browser).until(EC.text_to_be_present_in_element((By.ID, "roadmap-form-title"), "nouvel engagement"))
    fill_form(browser, other_name, "Bornes ailleurs", ("2025", "2029"))  # the same years, typed again
    click(browser, By.ID, "roadmap-save")
    wait(browser).until(EC.text_to_be_present_in_element((By.ID, "roadmap-form-message"), "Modification refusée"))
    assert plain(browser.find_element(By.ID, "roadmap-form-message").text) == (
        f"Modification refusée : le rôle « contributeur territorial » ne permet pas de modifier les engagements "
        f"de crte:{other} (vos territoires : crte:{own}).")

    refusal = "le rôle « contributeur territorial » ne permet pas d'importer des données."
    assert browser.find_element(By.ID, "roadmap-import-refused").text == f"Lecture seule : {refusal}"
    assert not browser.find_elements(By.ID, "roadmap-upload")
    session = requests.Session()  # the contributor's session, sending the import the page does not offer
    for cookie in browser.get_cookies():
        session.cookies.set(cookie["name"], cookie["value"])
    imported = call(session, url, "roadmap-upload.contents", {
        "roadmap-upload.contents": "data:text/csv;base64,YTtiCjE7Mgo=", "roadmap-upload.filename": "e.csv",
        "roadmap-params.data": {"region": "53"}})
    assert f"Modification refusée : {refusal}" in json.dumps(imported.json(), ensure_ascii=False)

    browser.delete_all_cookies()
    sign_in(browser, url, TEAM, TEAM_PASSWORD)
    open_roadmap(browser, url)
    assert kt_value(browser.find_element(By.ID, "roadmap-committed").text) == committed_before
    click(browser, By.XPATH, "//div[@col-id='title' and normalize-space()='Bornes du Pays de Brest']")
    wait(browser).until(EC.text_to_be_present_in_element((By.ID, "roadmap-review-status"), "À relire"))
    click(browser, By.ID, "roadmap-review-accept")
    wait(browser).until(EC.text_to_be_present_in_element((By.ID, "roadmap-review-message"), "accepté"))
    wait(browser).until(lambda b: kt_value(b.find_element(By.ID, "roadmap-committed").text) > committed_before)
    assert kt_value(browser.find_element(By.ID, "roadmap-committed").text) == round(committed_before + 42.5, 1)
    assert browser.find_element(By.ID, "roadmap-review-status").text == "Accepté : retenu en COP."
    browser.execute_script("dash_ag_grid.getApi('roadmap-grid').ensureColumnVisible('review')")  # scrolled to
    wait(browser).until(EC.text_to_be_present_in_element(
        (By.CSS_SELECTOR, "#roadmap-grid .ag-row [col-id='review']"), "accepté"))

    click(browser, By.ID, "roadmap-contributions-link")
    wait(browser).until(EC.visibility_of_element_located((By.ID, "table-contributions-crte")))
    assert "region=53" in browser.current_url
    row = browser.find_element(By.XPATH, f"//table[@id='table-contributions-crte']//tr[td[1]='{own}']")
    assert [cell.text for cell in row.find_elements(By.TAG_NAME, "td")][2:5] == [CONTRIBUTOR, "1", "42,5"]
    assert other_name in browser.find_element(By.ID, "roadmap-contributions-silent-crte").text
    assert own_name not in browser.find_element(By.ID, "roadmap-contributions-silent-crte").text
    assert severe_console_errors(browser) == []
