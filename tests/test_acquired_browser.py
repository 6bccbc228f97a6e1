"""The same « acquis » everywhere, on Bretagne's real data: the Écarts page, the projection mode and a phone
following it show the same acquis for the region and for each sector, with the same scope, and say which
lever makes the remaining effort exceed the objective."""

from __future__ import annotations

import re

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC

from bench.headless import BrowserMissing, make_browser
from dashboard.features.projection.screens import payload
from data.db import connect
from tests.browsing import plain, severe_console_errors, sign_in, wait
from tests.conftest import EDITOR, EDITOR_PASSWORD

FOLLOWING = "Vous suivez l'écran de présentation."
ACQUIRED = "Acquis observé (ktCO₂e)"
FARMS = "« Bâtiments et machines agricoles », en recul"


@pytest.fixture
def phone():
    try:
        driver = make_browser(390, 844)
    except BrowserMissing as error:
        pytest.fail(str(error))
    yield driver
    driver.quit()


def number(text: str) -> float:
    """The first French number of ``text``: « acquis −120 ktCO₂e » → −120.0."""
    found = re.search(r"[−-]?\d[\d ]*(,\d+)?", plain(text))
    return float(found.group(0).replace(" ", "").replace(",", ".").replace("−", "-"))


def legend(browser, root: str) -> str:
    return plain(browser.find_element(By.CSS_SELECTOR, f"{root} .legend-acquired").text)


def test_the_ecarts_page_the_projection_and_a_phone_say_the_same_acquis(app_url, real_db, browser, phone):
    with connect(real_db, read_only=True) as con:
        data = payload(con, "53")
    sector_screens = {screen["sector"]: number + 1 for number, screen in enumerate(data["screens"])
                      if screen["kind"] == "sector"}

    browser.get(f"{app_url}/ecarts?region=53")
    page = {"region": number(wait(browser).until(EC.visibility_of_element_located((By.ID, "gaps-acquired"))).text)}
    rows = browser.find_elements(By.CSS_SELECTOR, "#table-ecarts-groupes tbody tr")
    for row in rows:
        sector = row.find_element(By.CSS_SELECTOR, "td[data-label='Secteur']").get_attribute("textContent")
        cell = row.find_element(By.CSS_SELECTOR, f"td[data-label='{ACQUIRED}']").get_attribute("textContent")
        page[sector] = None if cell in ("", "n.d.") else number(cell)
    cards = plain(browser.find_element(By.CSS_SELECTOR, ".cards").text)
    assert "10 leviers sur 30, observés entre 2021 et 2022" in cards
    assert page["region"] == pytest.approx(-120.3, abs=0.05)  # tests/test_gaps.py: −120.34 kt
    assert FARMS in browser.find_element(By.ID, "gaps-excess").text
    assert FARMS in browser.find_element(By.ID, "gaps-groups-excess").text
    assert set(page) == {"region", *sector_screens}

    sign_in(browser, app_url, EDITOR, EDITOR_PASSWORD)
    phone.get(f"{app_url}/suivre/53?ecran=1")
    for name, screen in [("region", 1), *sector_screens.items()]:
        browser.get(f"{app_url}/projection?region=53&ecran={screen}")
        wait(browser).until(lambda b, s=screen: b.find_element(By.ID, "projection-position").text == f"{s} / 77")
        wait(phone).until(lambda b, s=screen: b.find_element(By.ID, "follow-position").text == f"Écran {s} / 77")
        wait(phone).until(lambda b: b.find_element(By.ID, "follow-status").text == FOLLOWING)
        shown = legend(browser, "#projection")
        assert legend(phone, "#follow") == shown, name
        caption = plain(phone.find_element(By.ID, "follow-trajectory").text)
        if page[name] is None:  # no lever observed: nothing acquired, said so
            assert number(shown) == 0 and "Acquis observé : aucun (aucun levier observé sur" in caption, name
            continue
        # The projection rounds above 100 kt to the unit, the page to a tenth: the same number, rounded.
        assert number(shown) == pytest.approx(page[name], abs=0.5), name
        assert f"Acquis observé : {shown.removeprefix('acquis ')}" in caption, name
        if name in ("region", "Agriculture, Forêts et Sols"):
            said = plain(browser.find_element(By.ID, "projection-screen").text)
            assert FARMS in said and FARMS in plain(phone.find_element(By.ID, "follow-screen").text)
        if name == "region":  # the phone said « observé 32,6 ktCO₂e en 2022 », 2 levers of the 10 observed
            assert caption.endswith("Acquis observé : −120 ktCO₂e (10 leviers sur 30, observés entre 2021 et 2022).")
    assert severe_console_errors(browser) == [] and severe_console_errors(phone) == []
