"""Long pages open with their summary (DSFR « sommaire »): each link leads to a part of the page (overview, Écarts,
Diagnostic, Déclinaison, roadmap), and the Écarts page's « Nouvelle ambition », far down, is one click from the
top."""

import pytest
from selenium.webdriver.common.by import By

from bench.audit import PAGES, SIZES, open_page, set_viewport
from tests.browsing import click, severe_console_errors, wait

TARGETS = """
return [...document.querySelectorAll('.fr-summary .fr-summary__link')].map(link => {
  const anchor = link.getAttribute('href').slice(1);
  return [link.innerText, anchor, !!document.getElementById(anchor)];
});
"""
TOP = "const part = document.getElementById(arguments[0]); return part && part.getBoundingClientRect().top;"


@pytest.mark.parametrize("page, least", [("ecarts", 8), ("feuille-de-route", 6), ("vue-ensemble", 3),
                                         ("diagnostic", 5), ("declinaison", 2)])
def test_every_link_of_a_long_page_s_summary_leads_to_one_of_its_parts(app_url, browser, page, least):
    set_viewport(browser, *SIZES["portable"])
    open_page(browser, app_url + PAGES[page])
    targets = browser.execute_script(TARGETS)
    assert len(targets) >= least, targets
    assert [target for target in targets if not target[2]] == []


@pytest.mark.parametrize("size", ["portable", "telephone"])
def test_the_new_ambition_is_one_click_from_the_top_of_the_gaps_page(app_url, browser, size):
    width, height = SIZES[size]
    set_viewport(browser, width, height)
    open_page(browser, app_url + PAGES["ecarts"])
    assert browser.execute_script(TOP, "gaps-ambition") > 3 * height  # far down the page
    summary = browser.find_element(By.CSS_SELECTOR, ".fr-summary")
    assert summary.rect["y"] < height  # in the first screen
    click(browser, By.PARTIAL_LINK_TEXT, "Nouvelle ambition")
    wait(browser).until(lambda b: -2 <= b.execute_script(TOP, "gaps-ambition") < height / 2)  # sub-pixel rounding
    assert browser.execute_script("return location.hash") == "#gaps-ambition"
    assert browser.find_element(By.ID, "gaps-scenario-select").is_displayed()  # the page is still there
    assert severe_console_errors(browser) == []
