"""The State site's frame in headless Chromium: DSFR's header and footer drawn in Marianne, and each footer link
opening its page."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By

from dashboard.components import site_links as paths
from tests.browsing import click, wait

HEADINGS = {paths.SITE_MAP: "Plan du site", paths.ACCESSIBILITY: "Déclaration d'accessibilité",
            paths.LEGAL_NOTICE: "Mentions légales", paths.PERSONAL_DATA: "Données personnelles"}
FOOTER_LINK = "footer a.fr-footer__bottom-link[href^='{}']"


@pytest.mark.parametrize("path", list(HEADINGS))
def test_each_footer_link_opens_its_page(app_url, browser, path):
    browser.get(f"{app_url}/donnees")
    wait(browser).until(lambda b: b.find_element(By.TAG_NAME, "h1").text.startswith("Données et méthode"))
    click(browser, By.CSS_SELECTOR, FOOTER_LINK.format(path))
    wait(browser).until(lambda b: b.find_element(By.TAG_NAME, "h1").text == HEADINGS[path])
    assert browser.current_url.split("?")[0] == f"{app_url}{path}"
    assert browser.title == f"{HEADINGS[path]} — COP territoriale"


def test_the_frame_is_dsfrs_in_marianne(app_url, browser):
    browser.get(f"{app_url}{paths.ACCESSIBILITY}")
    wait(browser).until(lambda b: b.find_element(By.TAG_NAME, "h1").text == HEADINGS[paths.ACCESSIBILITY])
    wait(browser).until(lambda b: b.execute_script("return document.fonts.status") == "loaded")
    drawn = browser.execute_script("""
        const style = (selector) => getComputedStyle(document.querySelector(selector));
        return {
            body: style('body').fontFamily,
            faces: [...document.fonts].filter(f => f.status === 'loaded').map(f => f.family + ' ' + f.weight),
            logo: document.querySelector('header .fr-logo').innerText,
            title: style('.fr-header__service-title').fontWeight,
            footerLine: style("footer.fr-footer").boxShadow,
        };""")
    assert drawn["body"].startswith("Marianne")
    assert set(drawn["faces"]) == {"Marianne 400", "Marianne 700"}  # both kept faces fetched, no other
    assert drawn["logo"].replace("\n", " ").upper() == "RÉPUBLIQUE FRANÇAISE"
    assert drawn["title"] == "700"
    assert "rgb(0, 0, 145)" in drawn["footerLine"]  # bleu France, the line above DSFR's footer


def test_what_is_hidden_stays_hidden(app_url, browser):
    """A class that sets ``display`` does not show an element marked ``hidden``: a visitor sees no conflict buttons
    on the roadmap when there is no conflict."""
    browser.get(f"{app_url}/feuille-de-route?region=53")
    choice = wait(browser).until(lambda b: b.find_element(By.ID, "roadmap-conflict-choice"))
    assert choice.get_attribute("hidden") == "true"
    assert not choice.is_displayed()
    assert not browser.find_element(By.ID, "roadmap-keep-mine").is_displayed()
