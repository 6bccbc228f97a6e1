"""The roadmap's commitments as a visitor sees them in headless Chromium: the grid's decision columns in view at a
desk and on a laptop without scrolling sideways, every column on demand, one card per commitment on a phone, and
no empty form until a commitment is opened."""

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC

from bench.audit import AXE, PAGES, SIZES, axe_violations, describe, open_page, overflow, set_viewport
from dashboard.features.roadmap.grid_layout import ALL_COLUMNS, FORM_BODY, FORM_INVITATION
from tests.browsing import click, severe_console_errors, wait
from tests.roadmap_fixtures import roadmap_app  # noqa: F401  (fixture)

DECISIONS = ("title", "quantity_kt", "status", "review")  # what the row is, and where its decision stands
HEADERS = """
const grid = document.querySelector('#roadmap-grid .ag-root-wrapper').getBoundingClientRect();
return [...document.querySelectorAll('#roadmap-grid .ag-header-cell[col-id]')].map(cell => {
  const box = cell.getBoundingClientRect();
  return {column: cell.getAttribute('col-id'), inside: box.width > 0 && box.left >= grid.left - 1
          && box.right <= grid.right + 1};
});
"""
SECTOR = "#roadmap-grid .ag-header-cell[col-id='sector']"  # shown among all the columns
SIDEWAYS = """
const viewport = document.querySelector('#roadmap-grid .ag-center-cols-viewport');
return viewport.scrollWidth - viewport.clientWidth;
"""


@pytest.fixture
def axe():
    if not AXE.exists():
        pytest.fail(f"axe-core introuvable : {AXE}. Installez-le avec « make axe » (npm install axe-core@4).")


def open_roadmap(browser, url: str, size: str) -> None:
    set_viewport(browser, *SIZES[size])
    open_page(browser, url + PAGES["feuille-de-route"])
    wait(browser).until(lambda b: b.find_elements(By.CSS_SELECTOR, "#roadmap-grid .ag-row"))


def shown(browser, element_id: str) -> bool:
    return browser.find_element(By.ID, element_id).is_displayed()


@pytest.mark.parametrize("size", ["bureau", "portable"])
def test_the_grid_shows_its_decision_columns_without_scrolling_sideways(roadmap_app, browser, axe, size):
    url, _ = roadmap_app
    open_roadmap(browser, url, size)
    headers = {header["column"]: header["inside"] for header in browser.execute_script(HEADERS)}
    assert {column: headers.get(column) for column in DECISIONS} == dict.fromkeys(DECISIONS, True), headers
    # The grid sizes its flexible column once its scrollbars are known: a loaded machine may read it before.
    wait(browser, 10).until(lambda b: b.execute_script(SIDEWAYS) <= 1, "la grille défile de côté")
    assert overflow(browser, SIZES[size][0])["page"] <= SIZES[size][0]
    assert not (violations := axe_violations(browser)), describe(violations)


def test_every_column_shows_on_demand(roadmap_app, browser):
    url, _ = roadmap_app
    open_roadmap(browser, url, "portable")
    assert not browser.find_elements(By.CSS_SELECTOR, SECTOR)
    box = browser.find_element(By.CSS_SELECTOR, f"#{ALL_COLUMNS} input[type=checkbox]")
    assert (box.size["width"], box.size["height"]) == (24, 24)  # the DSFR checkbox's box, not the browser's
    click(browser, By.CSS_SELECTOR, f"#{ALL_COLUMNS} label")
    wait(browser).until(lambda b: b.find_elements(By.CSS_SELECTOR, SECTOR))
    assert box.value_of_css_property("background-color") == "rgba(0, 0, 145, 1)"  # ticked: blue-france
    cell = browser.find_element(By.CSS_SELECTOR, "#roadmap-grid .ag-cell")
    assert cell.value_of_css_property("font-family").startswith("Marianne")  # the grid in the page's font
    click(browser, By.CSS_SELECTOR, f"#{ALL_COLUMNS} label")
    wait(browser).until_not(lambda b: b.find_elements(By.CSS_SELECTOR, SECTOR))
    assert severe_console_errors(browser) == []


def test_a_visitor_sees_no_empty_form_until_opening_a_commitment(roadmap_app, browser, axe):
    url, _ = roadmap_app
    open_roadmap(browser, url, "portable")
    assert not shown(browser, FORM_BODY) and shown(browser, FORM_INVITATION)
    assert not shown(browser, "roadmap-review")
    click(browser, By.CSS_SELECTOR, "#roadmap-grid .ag-center-cols-container .ag-row[row-index='0'] [col-id='title']")
    wait(browser).until(EC.visibility_of_element_located((By.ID, FORM_BODY)))
    wait(browser).until(EC.text_to_be_present_in_element((By.ID, "roadmap-form-title"), "Fiche engagement n°"))
    assert browser.find_element(By.ID, "roadmap-f-title").get_attribute("value")  # the commitment's, not empty
    assert not shown(browser, FORM_INVITATION)
    assert not (violations := axe_violations(browser)), describe(violations)
    assert severe_console_errors(browser) == []


def test_on_a_phone_each_commitment_is_a_card_that_opens_its_form(roadmap_app, browser, axe):
    url, _ = roadmap_app
    open_roadmap(browser, url, "telephone")
    cards = wait(browser).until(lambda b: b.find_elements(By.CSS_SELECTOR, "#roadmap-grid .commitment-card"))
    assert cards[0].text.startswith("N° ") and "Relecture" not in cards[0].text.split("\n")[0]
    assert browser.find_element(By.CSS_SELECTOR, "#roadmap-grid .ag-header").rect["height"] <= 1  # out of sight
    width = SIZES["telephone"][0]
    assert cards[0].rect["x"] >= 0 and cards[0].rect["x"] + cards[0].rect["width"] <= width
    assert overflow(browser, width)["page"] <= width
    assert not (violations := axe_violations(browser)), describe(violations)
    number = cards[0].text.split(" — ")[0].removeprefix("N° ")
    cards[0].click()
    wait(browser).until(EC.text_to_be_present_in_element((By.ID, "roadmap-form-title"),
                                                         f"Fiche engagement n° {number}"))
    assert shown(browser, FORM_BODY)
    assert severe_console_errors(browser) == []
