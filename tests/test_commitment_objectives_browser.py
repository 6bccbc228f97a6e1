"""A commitment contributing to a regional objective beyond GHG, typed in the roadmap's form in headless Chromium:
Bretagne's water withdrawals (−10 % from 100), a commitment with no lever, shared by two départements, bringing 4
millions of m³ counts 40 % of the objective; the edited form has no serious axe-core violation at a laptop's and a
phone's size."""

import os
import shutil
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC

from bench.audit import SIZES, open_page, set_viewport
from data.db import connect, migrate
from domain import regional_objectives as objectives
from domain.users import save_user
from loaders.catalogue import load_catalogue
from loaders.indicators import load_indicators
from tests.browsing import choose, severe_console_errors, sign_in, wait
from tests.conftest import EDITOR, EDITOR_PASSWORD, running_app
from tests.test_objectives_browser import type_into
from tests.test_pages_audit_browser import audit, axe  # noqa: F401  (axe: a fixture)
from tests.test_regional_objectives import GOOD, WATER


@pytest.fixture(scope="module")
def water_roadmap(real_db, tmp_path_factory):
    """The served app on the real data where Bretagne has a water-withdrawal objective, and an editor."""
    folder = tmp_path_factory.mktemp("objectives")
    path = folder / "cop.duckdb"
    shutil.copy(real_db, path)
    values = folder / "eau.csv"
    values.write_text(f"region;indicateur;annee;valeur\n53;{WATER};2019;100\n53;{WATER};2023;98\n", encoding="utf-8")
    with connect(path) as con:
        migrate(con)
        save_user(con, EDITOR, EDITOR_PASSWORD, "Équipe de rédaction")
        load_catalogue(con)
        load_indicators(con, values)
        objectives.save(con, "53", GOOD, None, EDITOR)
    with running_app(path) as url:
        yield url


def test_a_commitment_without_a_lever_counts_for_the_water_objective_and_the_form_is_accessible(
        water_roadmap, browser, axe, tmp_path):  # noqa: F811
    sign_in(browser, water_roadmap, EDITOR, EDITOR_PASSWORD)
    page = f"{water_roadmap}/feuille-de-route?region=53"
    set_viewport(browser, *SIZES["portable"])
    open_page(browser, page)
    choose(browser, "roadmap-f-territory", "Finist", "Finistère (département)")
    type_into(browser, "roadmap-f-objectives", f"{WATER} : 4")
    type_into(browser, "roadmap-f-territories", "Département 29 : 60 ; Département 56 : 40")
    type_into(browser, "roadmap-f-carrier", "Syndicat des eaux du Finistère")
    type_into(browser, "roadmap-f-title", "Réutilisation des eaux usées traitées")
    type_into(browser, "roadmap-f-start", "2025")
    type_into(browser, "roadmap-f-end", "2029")
    choose(browser, "roadmap-f-status", "engag", "engagé")
    browser.find_element(By.ID, "roadmap-save").click()
    wait(browser).until(EC.text_to_be_present_in_element((By.ID, "roadmap-form-message"), "créé"))
    wait(browser).until(EC.text_to_be_present_in_element((By.ID, "table-objectifs-engages"), "40,0"))
    row = browser.find_element(By.CSS_SELECTOR, "#table-objectifs-engages tbody tr").get_attribute("textContent")
    for shown in ("Prélèvements d'eau", "millions de m³", "10", "4", "40,0"):
        assert shown in row, (shown, row)
    problems = []
    shots = Path(os.environ.get("COP_SCREENSHOTS") or tmp_path)  # to look at them
    for name in ("portable", "telephone"):
        set_viewport(browser, *SIZES[name])
        open_page(browser, page)
        type_into(browser, "roadmap-f-objectives", "nappes : 3")  # the form as edited, its errors shown
        type_into(browser, "roadmap-f-territories", "Département 29 : 60 ; Département 56 : 30")
        browser.find_element(By.ID, "roadmap-save").click()
        wait(browser).until(EC.text_to_be_present_in_element((By.ID, "roadmap-e-objectives"), "« nappes »"))
        assert "les parts font 90 % au lieu de 100 %" in browser.find_element(By.ID, "roadmap-e-territories").text
        browser.execute_script("arguments[0].scrollIntoView({block: 'center'})",
                               browser.find_element(By.ID, "roadmap-f-objectives"))
        browser.save_screenshot(str(shots / f"formulaire-objectifs-{name}.png"))
        problems += audit(browser, "/feuille-de-route?region=53", SIZES[name][0])
    assert not problems, "\n".join(problems)
    assert severe_console_errors(browser) == []
