"""The page state in headless Chromium, on the real data: the region travels with every header link, and a
URL without region opens the region last chosen in this browser, or asks to choose — never the first one."""

import urllib.parse

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC

from bench.audit import SIZES, axe_violations, describe, set_viewport
from tests.browsing import click, wait

REGIONS = {"53": "Bretagne", "84": "Auvergne-Rhône-Alpes"}
HEADINGS = {"/": "Vue d'ensemble", "/ecarts": "Écarts et nouvelle ambition", "/diagnostic": "Diagnostic partagé",
            "/declinaison": "Déclinaison territoriale", "/feuille-de-route": "Feuille de route 2030",
            "/donnees": "Données et méthode"}
PAGES = list(HEADINGS)
SHOWN_REGION = """
const control = document.querySelector('.region-control');
if (control) { return control.innerText.trim().split('\\n').pop(); }
const problem = document.getElementById('region-chooser-problem');
return problem ? problem.innerText : null;
"""


def menu_link(page: str, container: str = "#site-menu") -> str:
    """The CSS selector of the menu's (or ``container``'s) link to ``page`` (its Dash id is a JSON object, keys
    sorted)."""
    return f"{container} a[id*='\"path\":\"{page}\",']"


FOOTER_DATA = menu_link("/donnees", "footer")
FOOTER_HOME = menu_link("/", "footer")


def query(url: str) -> dict:
    return dict(urllib.parse.parse_qsl(urllib.parse.urlparse(url).query))


def path(url: str) -> str:
    return urllib.parse.urlparse(url).path


def header_links(browser) -> dict[str, str]:
    """Every link of the header (title and menu) and of the footer, by CSS selector → href."""
    selectors = ["header .fr-header__service-title", FOOTER_DATA, FOOTER_HOME] + [menu_link(page) for page in PAGES]
    return {selector: browser.find_element(By.CSS_SELECTOR, selector).get_attribute("href") for selector in selectors}


def shown_region(browser) -> str:
    """The region the page shows: its region selector's value, or the region chooser's explanation."""
    return browser.execute_script(SHOWN_REGION)


def arrived(browser, page: str, region: str) -> None:
    """Wait until ``page`` shows in ``region``, with its header links rewritten for it."""
    def done(b) -> bool:
        if path(b.current_url) != page or not b.find_element(By.TAG_NAME, "h1").text.startswith(HEADINGS[page]):
            return False
        links = header_links(b)
        current = b.find_elements(By.CSS_SELECTOR, "#site-menu a[aria-current='page']")
        return all(query(href).get("region") == region for href in links.values()) and (
            page == "/donnees" or bool(b.find_elements(By.CSS_SELECTOR, ".region-control, #region-chooser"))) and (
            [path(a.get_attribute("href")) for a in current] == [page])
    wait(browser).until(done)


@pytest.mark.parametrize("region", REGIONS)
def test_every_header_link_of_every_page_keeps_the_region(app_url, browser, region):
    """On every page, every link of the header and footer names the page's region; each link, followed,
    opens its page in that region. (A link's destination depends on its address only: each is followed once,
    on a walk through every page, rather than from every page — a page of the real data costs seconds.)"""
    name = REGIONS[region]
    walk = [menu_link(page) for page in PAGES[1:]] + [FOOTER_DATA, "header .fr-header__service-title", FOOTER_HOME]
    browser.get(f"{app_url}/?region={region}")
    arrived(browser, "/", region)
    for selector in walk:
        source = path(browser.current_url)
        links = header_links(browser)
        assert {path(href) for href in links.values()} == set(PAGES)
        assert all(query(href) == {"region": region} for href in links.values()), source
        projection = browser.find_element(By.ID, "projection-link").get_attribute("href")
        assert query(projection) == {"region": region, "depuis": source}

        click(browser, By.CSS_SELECTOR, selector)
        destination = path(links[selector])
        arrived(browser, destination, region)
        assert query(browser.current_url).get("region") == region, (source, selector)
        if destination == "/donnees":
            continue
        if destination == "/declinaison" and region == "84":  # no communes loaded outside Bretagne
            assert shown_region(browser).startswith(f"{name} n'est pas disponible sur cette page")
        else:
            assert shown_region(browser) == name, (source, selector)


def test_a_fresh_browser_asks_for_the_region_then_remembers_it(app_url, browser):
    browser.get(f"{app_url}/")
    chooser = wait(browser).until(EC.visibility_of_element_located((By.ID, "region-chooser")))
    assert "Choisissez une région" in chooser.text
    assert "region" not in query(browser.current_url)
    assert not browser.find_elements(By.CSS_SELECTOR, ".region-control")  # nothing shown for a default region
    browser.get(f"{app_url}/ecarts")
    wait(browser).until(EC.visibility_of_element_located((By.ID, "region-chooser")))
    assert not browser.find_elements(By.ID, "gaps-region-name")

    click(browser, By.LINK_TEXT, "Bretagne")
    wait(browser).until(lambda b: b.find_element(By.ID, "gaps-region-name").text == "Bretagne")
    assert query(browser.current_url)["region"] == "53"

    for page, heading in [("/", "overview-region-name"), ("/feuille-de-route", "roadmap-region-name")]:
        browser.get(f"{app_url}{page}")
        wait(browser).until(lambda b, heading=heading: b.find_element(By.ID, heading).text == "Bretagne")
        assert query(browser.current_url)["region"] == "53"


def test_choosing_another_region_is_remembered(app_url, browser):
    browser.get(f"{app_url}/?region=53")
    wait(browser).until(lambda b: b.find_element(By.ID, "overview-region-name").text == "Bretagne")
    browser.get(f"{app_url}/?region=84")
    wait(browser).until(lambda b: b.find_element(By.ID, "overview-region-name").text == "Auvergne-Rhône-Alpes")
    browser.get(f"{app_url}/diagnostic")
    wait(browser).until(lambda b: b.find_element(By.ID, "diagnostic-region-name").text == "Auvergne-Rhône-Alpes")
    assert query(browser.current_url)["region"] == "84"


def test_an_unknown_region_is_named_not_replaced(app_url, browser):
    browser.get(f"{app_url}/ecarts?region=99")
    problem = wait(browser).until(EC.visibility_of_element_located((By.ID, "region-chooser-problem")))
    assert problem.text == "Aucune région chargée n'a le code « 99 »."
    assert not browser.find_elements(By.ID, "gaps-region-name")


def test_the_current_menu_link_says_so_and_there_is_one_footer(app_url, browser):
    browser.get(f"{app_url}/donnees?region=53")
    arrived(browser, "/donnees", "53")
    current = browser.find_elements(By.CSS_SELECTOR, "[aria-current]")
    assert [(a.text, a.get_attribute("aria-current")) for a in current] == [("Données et méthode", "page")]
    landmarks = browser.execute_script(
        "return [...document.querySelectorAll('footer, [role=contentinfo]')]"
        ".filter(e => !e.parentElement.closest('article, aside, main, nav, section')).length")
    assert landmarks == 1


def test_the_menu_folds_behind_a_button_on_a_phone(app_url, browser):
    browser.set_window_size(390, 844)
    browser.get(f"{app_url}/donnees?region=53")
    arrived(browser, "/donnees", "53")
    toggle = browser.find_element(By.ID, "site-menu-toggle")
    menu = browser.find_element(By.ID, "site-menu")
    assert toggle.is_displayed() and toggle.text == "Menu"
    assert toggle.get_attribute("aria-expanded") == "false" and not menu.is_displayed()
    assert toggle.get_attribute("aria-controls") == "site-menu"
    widths = browser.execute_script("return [document.querySelector('header').scrollWidth, "
                                    "document.documentElement.clientWidth]")
    assert widths[0] <= widths[1], widths

    toggle.send_keys(Keys.ENTER)  # a real button: the keyboard opens it
    wait(browser).until(lambda b: menu.is_displayed())
    assert toggle.get_attribute("aria-expanded") == "true"
    assert browser.execute_script("return document.querySelector('header').scrollWidth") <= widths[1]
    close = browser.find_element(By.ID, "site-menu-close")
    wait(browser).until(lambda b: b.switch_to.active_element == close)  # the panel takes the focus
    close.send_keys(Keys.SPACE)
    wait(browser).until(lambda b: not menu.is_displayed())
    assert toggle.get_attribute("aria-expanded") == "false"
    wait(browser).until(lambda b: b.switch_to.active_element == toggle)  # and gives it back

    toggle.click()
    wait(browser).until(lambda b: menu.is_displayed())
    browser.find_element(By.CSS_SELECTOR, menu_link("/ecarts")).click()
    wait(browser).until(lambda b: b.find_element(By.ID, "gaps-region-name").text == "Bretagne")
    assert not menu.is_displayed() and toggle.get_attribute("aria-expanded") == "false"  # folds after choosing


def test_the_menu_is_open_on_a_desk(app_url, browser):
    browser.set_window_size(1280, 720)
    browser.get(f"{app_url}/donnees?region=53")
    arrived(browser, "/donnees", "53")
    assert not browser.find_element(By.ID, "site-menu-toggle").is_displayed()
    assert browser.find_element(By.ID, "site-menu").is_displayed()


def test_an_unknown_address_shows_a_french_404_page_that_keeps_the_region(app_url, browser):
    browser.get(f"{app_url}/ecart?region=53")
    page = wait(browser).until(EC.visibility_of_element_located((By.ID, "page-not-found")))
    assert browser.find_element(By.TAG_NAME, "h1").text == "Page introuvable"
    assert "Page not found" not in page.text
    wait(browser).until(lambda b: b.title == "Page introuvable — COP territoriale")
    click(browser, By.ID, "not-found-home")
    wait(browser).until(lambda b: b.find_element(By.ID, "overview-region-name").text == "Bretagne")
    assert path(browser.current_url) == "/" and query(browser.current_url) == {"region": "53"}


def test_the_phone_s_menu_panel_keeps_the_focus_until_escape_closes_it(app_url, browser):
    set_viewport(browser, *SIZES["telephone"])
    browser.get(f"{app_url}/donnees?region=53")
    arrived(browser, "/donnees", "53")
    toggle = browser.find_element(By.ID, "site-menu-toggle")
    toggle.send_keys(Keys.ENTER)
    menu = wait(browser).until(EC.visibility_of_element_located((By.ID, "site-menu")))
    close = browser.find_element(By.ID, "site-menu-close")
    wait(browser).until(lambda b: b.switch_to.active_element == close)
    assert menu.get_attribute("role") == "dialog" and menu.get_attribute("aria-modal") == "true"
    stops = browser.execute_script(
        "return [...document.querySelectorAll('#site-menu a[href], #site-menu button')]"
        ".filter(e => e.offsetParent !== null).length")
    for _ in range(stops + 2):  # round the panel, and past its end
        browser.switch_to.active_element.send_keys(Keys.TAB)
        assert browser.execute_script("return document.getElementById('site-menu').contains(document.activeElement)")
    browser.switch_to.active_element.send_keys(Keys.SHIFT, Keys.TAB)
    assert browser.execute_script("return document.getElementById('site-menu').contains(document.activeElement)")
    assert not (violations := axe_violations(browser)), describe(violations)
    browser.switch_to.active_element.send_keys(Keys.ESCAPE)
    wait(browser).until(lambda b: not menu.is_displayed())
    assert toggle.get_attribute("aria-expanded") == "false" and menu.get_attribute("role") is None
    wait(browser).until(lambda b: b.switch_to.active_element == toggle)
