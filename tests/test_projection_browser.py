"""The projection mode in headless Chromium, on the demo region of a fresh install (gunicorn, as ``make demo``
serves it)."""

from __future__ import annotations

import re
import urllib.parse
from pathlib import Path

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC

from data.db import connect
from domain import scenarios
from tests.browsing import plain, severe_console_errors, sign_in, wait
from tests.conftest import PRESENTER as EDITOR
from tests.conftest import PRESENTER_PASSWORD as PASSWORD
from tests.conftest import fresh_database, running_app

ROOT = Path(__file__).resolve().parent.parent
ARTEFACTS = ROOT / "artefacts" / "projection"
SIZES = [(1920, 1080), (1280, 720)]
# Counts every request the page sends from now on (Dash callbacks use fetch), but the position a signed-in
# presenter publishes for the phones that follow (assets/projection.js).
COUNT_REQUESTS = """
window.__requests = 0;
const originalFetch = window.fetch;
window.fetch = function (url) {
    if (!String(url).startsWith('/projection/position/')) { window.__requests += 1; }
    return originalFetch.apply(this, arguments);
};
const originalOpen = XMLHttpRequest.prototype.open;
XMLHttpRequest.prototype.open = function () { window.__requests += 1; return originalOpen.apply(this, arguments); };
"""


@pytest.fixture(scope="module")
def demo_app(tmp_path_factory):
    """A fresh database where the served app (gunicorn) generates the demo data, with one editor account."""
    path = fresh_database(tmp_path_factory.mktemp("demo-app") / "cop.duckdb")
    with running_app(path) as url:
        yield url, path


@pytest.fixture(scope="module")
def demo_app_url(demo_app):
    return demo_app[0]


def viewport(browser, width: int, height: int) -> None:
    """The page's own size, as on a projector (the window's chrome does not count)."""
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 700})


def press(browser, key: str) -> None:
    ActionChains(browser).send_keys(key).perform()


def position(browser) -> tuple[int, int]:
    text = browser.find_element(By.ID, "projection-position").text
    current, total = re.fullmatch(r"(\d+) / (\d+)", text).groups()
    return int(current), int(total)


def open_screen(browser, url: str, screen: int = 1, **params) -> None:
    browser.get(f"{url}/projection?" + urllib.parse.urlencode({"region": "00", "ecran": screen, **params}))
    wait(browser).until(lambda b: b.find_element(By.ID, "projection-position").text.startswith(f"{screen} /"))


def screen_number(browser, url: str, title: str) -> int:
    """Walk from the first screen to the lever screen titled ``title``; its 1-based number."""
    open_screen(browser, url)
    total = position(browser)[1]
    for number in range(1, total + 1):
        eyebrow = browser.find_element(By.CSS_SELECTOR, ".projection-eyebrow").text.lower()
        if browser.find_element(By.CSS_SELECTOR, ".projection-title").text == title and eyebrow.startswith("levier ·"):
            return number
        press(browser, Keys.ARROW_RIGHT)
        wait(browser).until(lambda b, n=number: position(b)[0] == n + 1)
    pytest.fail(f"écran introuvable : {title}")


def key_number(browser) -> str:
    return plain(browser.find_element(By.ID, "projection-key").text)


def page_fits(browser) -> dict:
    return browser.execute_script(
        "const e = document.documentElement; return {wide: e.scrollWidth > window.innerWidth,"
        " tall: e.scrollHeight > window.innerHeight, width: window.innerWidth,"
        " key: parseFloat(getComputedStyle(document.getElementById('projection-key')).fontSize)};")


def shot(browser, name: str) -> None:
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    browser.save_screenshot(str(ARTEFACTS / f"{name}.png"))


@pytest.mark.parametrize("width,height", SIZES)
def test_the_keyboard_walks_through_every_screen_of_the_demo_region(demo_app_url, browser, width, height):
    viewport(browser, width, height)
    open_screen(browser, demo_app_url)
    assert not browser.find_elements(By.CSS_SELECTOR, ".fr-header") or not browser.find_element(
        By.CSS_SELECTOR, ".fr-header").is_displayed()  # no navigation chrome
    current, total = position(browser)
    assert (current, total) == (1, 79)
    kinds = []
    for number in range(1, total + 1):
        fits = page_fits(browser)
        assert not fits["wide"], f"défilement horizontal à l'écran {number}"
        assert not fits["tall"], f"l'écran {number} dépasse la hauteur de la page"
        if width == 1920:
            assert fits["key"] >= 64, f"chiffre clé trop petit à l'écran {number} : {fits['key']} px"
        kinds.append(browser.find_element(By.CSS_SELECTOR, ".projection-eyebrow").text.split(" · ")[0].lower())
        if number < total:
            press(browser, Keys.ARROW_RIGHT if number % 2 else Keys.SPACE)
            wait(browser).until(lambda b, n=number: position(b)[0] == n + 1)
    assert kinds[:5] == ["région", "secteur", "secteur", "levier", "levier"]
    assert kinds.count("secteur") == 16 and kinds.count("levier") == 62
    assert f"ecran={total}" in browser.current_url
    press(browser, Keys.ARROW_RIGHT)  # the last screen stays the last
    assert position(browser)[0] == total
    for key, expected in [(Keys.HOME, 1), (Keys.PAGE_DOWN, 2), (Keys.PAGE_DOWN, 3), (Keys.PAGE_UP, 2),
                          (Keys.ARROW_LEFT, 1), (Keys.END, total)]:
        press(browser, key)
        wait(browser).until(lambda b, e=expected: position(b)[0] == e)
    browser.find_element(By.ID, "projection-previous").click()
    wait(browser).until(lambda b: position(b)[0] == total - 1)
    press(browser, Keys.ESCAPE)
    wait(browser).until(lambda b: "/projection" not in b.current_url)
    assert urllib.parse.urlparse(browser.current_url).query == "region=00"
    assert severe_console_errors(browser) == []


def test_what_if_updates_the_gap_in_the_browser_without_any_request(demo_app_url, browser):
    viewport(browser, 1920, 1080)
    cars = screen_number(browser, demo_app_url, "Électrification des voitures particulières")
    assert key_number(browser) == "457 ktCO₂e"  # 900 − 442,7 acquired
    browser.execute_script(COUNT_REQUESTS)
    browser.get_log("performance")  # start the network log from here
    press(browser, Keys.ARROW_UP)  # + 20 000 electric cars = 20 / 0.3 ktCO₂e
    wait(browser, 5).until(lambda b: key_number(b) == "391 ktCO₂e")
    whatif = plain(browser.find_element(By.ID, "projection-whatif-value").text)
    assert whatif == "20 milliers de voitures électriques dans le parc régional en plus (66,7 ktCO₂e)"
    assert "proposé 66,7 ktCO₂e" in plain(browser.find_element(By.ID, "projection-visual").text)
    traces = browser.execute_script("return document.querySelector('#projection-graph .js-plotly-plot').data"
                                    ".map(t => t.name)")
    assert "avec la proposition" in traces
    # The slider moves the proposal too.
    browser.execute_script("""
        const slider = document.getElementById('projection-slider');
        Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set.call(slider, '40');
        slider.dispatchEvent(new Event('input', {bubbles: true}));""")
    wait(browser, 5).until(lambda b: key_number(b) == "324 ktCO₂e")
    shot(browser, "levier-proposition-1920x1080")
    # Back on the sector and the region, the proposal counts.
    for _ in range(cars - 1):
        press(browser, Keys.ARROW_LEFT)
    wait(browser).until(lambda b: position(b)[0] == 1)
    assert "dont propositions 133 ktCO₂e" in plain(browser.find_element(By.ID, "projection-screen").text)
    assert browser.execute_script("return window.__requests") == 0
    sent = [entry for entry in browser.get_log("performance") if "Network.requestWillBeSent" in entry["message"]
            and "/_dash-update-component" in entry["message"]]
    assert sent == []
    assert severe_console_errors(browser) == []


def test_key_s_keeps_the_proposal_in_a_scenario_for_an_editor(demo_app, browser):
    url, path = demo_app
    viewport(browser, 1920, 1080)
    cars = screen_number(browser, url, "Électrification des voitures particulières")
    press(browser, Keys.ARROW_UP)
    wait(browser, 5).until(lambda b: key_number(b) == "391 ktCO₂e")
    press(browser, "s")
    refused = wait(browser).until(EC.visibility_of_element_located((By.ID, "projection-saved")))
    assert refused.text.startswith("Modification refusée : connectez-vous")
    sign_in(browser, url, EDITOR, PASSWORD)
    open_screen(browser, url, cars)
    press(browser, "s")
    wait(browser).until(EC.text_to_be_present_in_element((By.ID, "projection-saved"), "Aucune proposition"))
    press(browser, Keys.ARROW_UP)
    press(browser, Keys.ARROW_UP)
    wait(browser, 5).until(lambda b: key_number(b) == "324 ktCO₂e")
    press(browser, "S")
    wait(browser).until(EC.text_to_be_present_in_element((By.ID, "projection-saved"), "enregistrée"))
    message = plain(browser.find_element(By.ID, "projection-saved").text)
    assert re.match(r"Proposition enregistrée dans le scénario « Séance de projection du \d+ \w+ \d{4} » : "
                    r"Électrification des voitures particulières, 133,3 ktCO₂e proposées\.", message)
    link = browser.find_element(By.CSS_SELECTOR, "#projection-saved a").get_attribute("href")
    scenario_id = int(link.rsplit("=", 1)[1])
    with connect(path, read_only=True) as con:  # waits until the app, idle, lets go of the file
        values = scenarios.scenario_values(con, scenario_id).set_index("lever_id")["done_kt"]
    assert values["augm_voitelec"] == pytest.approx(442.6667 + 133.3333, abs=0.01)
    assert severe_console_errors(browser) == []


def test_the_short_link_opens_the_light_page_on_a_phone(demo_app_url, browser):
    viewport(browser, 360, 740)
    open_screen(browser, demo_app_url, 4)
    short = browser.find_element(By.ID, "projection-short")
    assert short.text.endswith("/p/00/4")
    qr = browser.find_element(By.ID, "projection-qr")
    wait(browser).until(lambda b: b.execute_script("return arguments[0].complete && arguments[0].naturalWidth > 0", qr))
    browser.get(short.get_attribute("href"))
    wait(browser).until(lambda b: urllib.parse.urlparse(b.current_url)[2:5] == ("/suivre/00", "", "ecran=4"))
    # It opens on screen 4, then goes where the room's presenter is (tests/test_follow_browser.py).
    assert browser.find_element(By.ID, "follow").get_attribute("data-screen") == "4"
    wait(browser).until(lambda b: re.fullmatch(r"Écran \d+ / 79", b.find_element(By.ID, "follow-position").text))
    assert not browser.find_elements(By.CSS_SELECTOR, "input, button")  # read-only: nothing to change
    assert not browser.execute_script("return document.documentElement.scrollWidth > window.innerWidth")
    shot(browser, "lecture-telephone-360")
    assert severe_console_errors(browser) == []


def test_every_page_links_to_the_projection_of_its_region(demo_app_url, browser):
    browser.get(f"{demo_app_url}/ecarts?region=00")
    link = wait(browser).until(EC.visibility_of_element_located((By.ID, "projection-link")))
    wait(browser).until(lambda b: "region=00" in link.get_attribute("href"))
    query = urllib.parse.parse_qs(urllib.parse.urlparse(link.get_attribute("href")).query)
    assert query == {"region": ["00"], "depuis": ["/ecarts"]}
    names = [a.text for a in browser.find_elements(By.CSS_SELECTOR, ".fr-nav__link")]
    assert names.count("Mode projection") == 1  # the link, not a page of the menu
    link.click()
    wait(browser).until(lambda b: b.find_elements(By.ID, "projection-key"))
    assert browser.find_element(By.CSS_SELECTOR, ".projection-title").text == "Région de démonstration : objectif 2030"
    press(browser, Keys.ESCAPE)
    wait(browser).until(lambda b: urllib.parse.urlparse(b.current_url).path == "/ecarts")
    assert "region=00" in browser.current_url
    assert severe_console_errors(browser) == []


@pytest.mark.parametrize("width,height", SIZES)
def test_screenshots_of_three_screens(demo_app_url, browser, width, height):
    viewport(browser, width, height)
    for screen, name in [(1, "region"), (4, "levier"), (5, "territoires")]:
        open_screen(browser, demo_app_url, screen)
        wait(browser).until(lambda b: b.execute_script(
            "const img = document.getElementById('projection-qr'); return img.complete && img.naturalWidth > 0"))
        if screen != 5:
            wait(browser).until(lambda b: b.find_elements(By.CSS_SELECTOR, "#projection-graph .scatterlayer .trace"))
        shot(browser, f"{name}-{width}x{height}")
        assert (ARTEFACTS / f"{name}-{width}x{height}.png").stat().st_size > 10_000
    assert severe_console_errors(browser) == []


@pytest.mark.parametrize("width,height", SIZES)
def test_the_screen_still_fits_once_key_s_has_said_something(demo_app_url, browser, width, height):
    """« S » answers under the visuals (here: refused, signed out); the visuals give it room, no scrollbar."""
    viewport(browser, width, height)
    cars = screen_number(browser, demo_app_url, "Électrification des voitures particulières")
    assert cars > 1
    press(browser, Keys.ARROW_UP)
    press(browser, "s")
    wait(browser).until(EC.visibility_of_element_located((By.ID, "projection-saved")))
    fits = page_fits(browser)
    assert not fits["wide"] and not fits["tall"], fits
    footer = browser.find_element(By.ID, "projection-position").rect
    assert footer["y"] + footer["height"] <= height


PHONE_CUT = """
const width = window.innerWidth;
return [...document.querySelectorAll('#projection button, #projection a, #projection-graph .xtick text, '
  + '#projection-graph .g-xtitle text, #projection-graph .ytick text')]
  .filter(e => { const r = e.getBoundingClientRect(); return r.width > 0 && (r.left < -1 || r.right > width + 1); })
  .map(e => e.textContent.trim());
"""


def test_the_presenter_s_page_fits_a_phone_with_its_buttons_and_axes(demo_app_url, browser):
    viewport(browser, 390, 844)
    for screen in (1, 4):
        open_screen(browser, demo_app_url, screen)
        wait(browser).until(lambda b: b.find_elements(By.CSS_SELECTOR, "#projection-graph .xtick"))
        assert not page_fits(browser)["wide"]
        assert browser.execute_script(PHONE_CUT) == []
        family = browser.execute_script(
            "return getComputedStyle(document.querySelector('.projection-title')).fontFamily")
        assert "Marianne" in family, family
    assert severe_console_errors(browser) == []
