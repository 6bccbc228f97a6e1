"""A regional objective beyond GHG typed in the Écarts page, in headless Chromium: Bretagne's water withdrawals,
−10 % from 2019, observed 98 in 2023 against 100, show in their section « en retard », with their status."""

import shutil

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC

from data.db import connect, migrate
from domain.gaps import BEHIND
from domain.users import save_user
from loaders.catalogue import load_catalogue
from loaders.indicators import load_indicators
from tests.browsing import choose, severe_console_errors, sign_in, wait
from tests.conftest import EDITOR, EDITOR_PASSWORD, running_app

WATER = "Eau — Prélèvements d'eau (hors hydroélectricité) (millions de m³)"


@pytest.fixture(scope="module")
def water_app(real_db, tmp_path_factory):
    """The served app on the real data with the catalogue, Bretagne's water withdrawals and an editor."""
    folder = tmp_path_factory.mktemp("objectives")
    path = folder / "cop.duckdb"
    shutil.copy(real_db, path)
    values = folder / "eau.csv"
    values.write_text("region;indicateur;annee;valeur\n53;prelevements_eau;2019;100\n53;prelevements_eau;2023;98\n",
                      encoding="utf-8")
    with connect(path) as con:
        migrate(con)
        save_user(con, EDITOR, EDITOR_PASSWORD, "Équipe de rédaction")
        load_catalogue(con)
        load_indicators(con, values)
    with running_app(path) as url:
        yield url


def type_into(browser, element_id: str, text: str) -> None:
    field = browser.find_element(By.ID, element_id)
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", field)
    field.clear()
    field.send_keys(text, Keys.TAB)


def test_a_water_objective_typed_in_the_page_shows_with_its_gap_and_status(water_app, browser):
    browser.get(f"{water_app}/ecarts?region=53")
    none = wait(browser).until(EC.presence_of_element_located((By.ID, "gaps-objectives-none")))
    assert "Aucun objectif régional" in none.get_attribute("textContent")
    assert not browser.find_elements(By.ID, "gaps-objective-form")  # a visitor reads, and is told why not
    sign_in(browser, water_app, EDITOR, EDITOR_PASSWORD)
    browser.get(f"{water_app}/ecarts?region=53")
    form = wait(browser).until(EC.presence_of_element_located((By.ID, "gaps-objective-form")))
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", form)
    choose(browser, "gaps-objective-indicator", "Prélèvements", WATER)
    type_into(browser, "gaps-objective-baseline-year", "2019")
    type_into(browser, "gaps-objective-baseline-value", "100")
    type_into(browser, "gaps-objective-target-change", "-150")
    type_into(browser, "gaps-objective-source", "SDAGE Loire-Bretagne 2022-2027")
    choose(browser, "gaps-objective-status", "indicatif")
    browser.find_element(By.ID, "gaps-objective-save").click()
    wait(browser).until(EC.text_to_be_present_in_element((By.ID, "gaps-objective-message"),
                                                         "Objectif non enregistré : Évolution visée (%)"))
    assert browser.find_elements(By.ID, "gaps-objectives-none")  # nothing written
    type_into(browser, "gaps-objective-target-change", "-10")
    browser.find_element(By.ID, "gaps-objective-save").click()
    wait(browser).until(EC.text_to_be_present_in_element((By.ID, "gaps-objective-message"), "enregistré (version 1)"))
    table = wait(browser).until(EC.presence_of_element_located((By.ID, "table-ecarts-objectifs")))
    row = table.find_element(By.CSS_SELECTOR, "tbody tr").get_attribute("textContent")
    for shown in ("Prélèvements d'eau", "2019", "100", "90", "98", "2023", BEHIND, "indicatif", "SDAGE"):
        assert shown in row, (shown, row)
    assert severe_console_errors(browser) == []
