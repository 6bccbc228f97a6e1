"""Big tables never freeze the page (issue 25): the déclinaison table at EPCI level, a page of 50 territories, is
drawn without a task of the browser over 200 ms (Chromium's « longtask » entries, bench/long_tasks.py).

Before it was one component, each of its 350 cells a Dash component, the table held the browser 0.6 to 1 s."""

from selenium.webdriver.common.by import By

from bench.long_tasks import BUDGET_MS, OBSERVE, _tasks, _wait
from tests.browsing import severe_console_errors

ROWS = "#table-declinaison tbody tr"


def test_the_epci_table_is_drawn_without_a_long_task(app_url, browser):
    browser.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": OBSERVE})
    browser.get(f"{app_url}/declinaison?region=53&niveau=crte")
    _wait(browser, "crte")
    _tasks(browser)
    browser.execute_script("document.querySelector('#split-level input[value=\"epci\"]').click()")
    _wait(browser, "epci")
    assert len(browser.find_elements(By.CSS_SELECTOR, ROWS)) == 50
    drawing_table = [duration for duration, places in _tasks(browser) if "tableau" in places]
    assert all(duration <= BUDGET_MS for duration in drawing_table), drawing_table
    # The same table as before: headers with their scope, cells that name their column (cards on a phone).
    assert browser.find_element(By.CSS_SELECTOR, "#table-declinaison thead th").get_attribute("scope") == "col"
    cell = browser.find_element(By.CSS_SELECTOR, f"{ROWS} td.num")
    assert cell.get_attribute("data-label") == "Objectif 2030 (ktCO₂e, arrondi)"
    assert severe_console_errors(browser) == []
