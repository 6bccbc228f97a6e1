"""The maquette financière in headless Chromium: an editor gives a commitment three financing lines over two years in
its form (adding and removing rows), sees them in the page's « Maquette financière », opens the annual maquette and
prints it on A4 with its lines whole."""

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC

from tests.browsing import choose, click, severe_console_errors, sign_in, wait
from tests.printing import print_to_pdf, words
from tests.roadmap_fixtures import FRESH_REGION, PASSWORDS, roadmap_app  # noqa: F401  (fixture)

A4_POINTS = (595.0, 842.0)


def row_selector(column: str, index: int) -> str:
    """The CSS selector of a row's component (its id is a dict, which Dash writes as JSON)."""
    return f"[id*='\"index\":{index},'][id*='\"roadmap-financing-{column}\"']"


def row_input(browser, column: str, index: int):
    return browser.find_element(By.CSS_SELECTOR, row_selector(column, index))


def type_into(element, text: str) -> None:
    element.clear()
    element.send_keys(text, Keys.TAB)


def fill_line(browser, index: int, source: str, amount: str, year: str) -> None:
    type_into(row_input(browser, "source", index), source)
    type_into(row_input(browser, "amount", index), amount)
    type_into(row_input(browser, "year", index), year)


def rows(browser) -> int:
    return len(browser.find_elements(By.CSS_SELECTOR, "#roadmap-financing-rows tbody tr"))


def test_an_editor_enters_three_lines_sees_the_maquette_and_prints_the_annual_one(roadmap_app, browser, tmp_path):
    url, _ = roadmap_app
    browser.set_window_size(1280, 1000)
    sign_in(browser, url, "alice", PASSWORDS["alice"])
    browser.get(f"{url}/feuille-de-route?region={FRESH_REGION}")
    wait(browser).until(EC.visibility_of_element_located((By.ID, "roadmap-financing-add")))
    choose(browser, "roadmap-f-territory", "Sarthe", "Sarthe (département)")
    choose(browser, "roadmap-f-theme", "cohésion", "cohésion territoriale")
    for field, text in (("carrier", "Conseil départemental"), ("title", "Réseau de chaleur du Mans"),
                        ("start", "2025"), ("end", "2028"), ("cost", "20000")):
        type_into(browser.find_element(By.ID, f"roadmap-f-{field}"), text)
    for count in (1, 2, 3, 4):
        browser.find_element(By.ID, "roadmap-financing-add").click()
        wait(browser).until(lambda b, count=count: rows(b) == count)
    fill_line(browser, 0, "DSIL", "3000", "2025")
    fill_line(browser, 1, "À retirer", "1", "2025")
    fill_line(browser, 2, "Fonds chaleur", "2000", "2025")
    fill_line(browser, 3, "DSIL", "1000", "2026")
    browser.find_element(By.CSS_SELECTOR, row_selector("remove", 1)).click()
    wait(browser).until(lambda b: rows(b) == 3)
    assert [row_input(browser, "source", i).get_attribute("value") for i in range(3)] == [
        "DSIL", "Fonds chaleur", "DSIL"]
    click(browser, By.CSS_SELECTOR, row_selector("status", 0))
    search = wait(browser).until(EC.visibility_of_element_located((By.CSS_SELECTOR, "input.dash-dropdown-search")))
    search.send_keys("accord")
    click(browser, By.XPATH, "//*[contains(@class, 'dash-dropdown-option')][normalize-space()='accordé']")
    browser.find_element(By.ID, "roadmap-save").click()
    wait(browser).until(EC.text_to_be_present_in_element((By.ID, "roadmap-form-message"), "créé"))

    wait(browser).until(EC.text_to_be_present_in_element((By.ID, "table-financements-sources-annees"),
                                                         "Fonds chaleur"))
    by_year = browser.find_element(By.ID, "table-financements-sources-annees")
    assert "2025" in by_year.text and "2026" in by_year.text
    cells = {row.find_elements(By.CSS_SELECTOR, "th, td")[0].text: [c.text for c in row.find_elements(
        By.CSS_SELECTOR, "th, td")[1:]] for row in by_year.find_elements(By.CSS_SELECTOR, "tbody tr")}
    assert [c.replace("\u202f", " ") for c in cells["DSIL"]] == ["3 000", "1 000", "4 000"]
    assert "Maquette financière" in browser.find_element(By.CSS_SELECTOR, "nav.fr-summary").text
    assert not severe_console_errors(browser)

    link = browser.find_element(By.LINK_TEXT, "Maquette 2025 (A4)").get_attribute("href")
    browser.get(link)
    wait(browser).until(EC.visibility_of_element_located((By.ID, "table-maquette-annuelle")))
    printed = print_to_pdf(browser, tmp_path / "maquette.pdf")
    found, size = words(printed.pdf)
    assert size == pytest.approx(A4_POINTS, abs=0.5)
    text = " ".join(word.text for word in found)
    assert "Maquette financière 2025" in text and "Fonds chaleur" in text and "Réseau de chaleur du Mans" in text
    assert "Imprimer" not in text and "Télécharger" not in text  # the buttons are not printed
    right = max(word.x1 for word in found)
    assert right <= A4_POINTS[0], "the table fits the page's width"
