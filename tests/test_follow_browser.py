"""A phone follows the presenter, in two headless Chromium windows: the presenter's projection and a
participant's light page at 390×844."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from bench.headless import BrowserMissing, make_browser
from dashboard.features.projection.screens import payload
from data.db import connect
from loaders.demo import load_demo
from tests.browsing import plain, severe_console_errors, sign_in, wait
from tests.conftest import PRESENTER as EDITOR
from tests.conftest import PRESENTER_PASSWORD as PASSWORD
from tests.conftest import fresh_database, running_app
from tests.process_fixtures import agenda_meeting

FOLLOWING = "Vous suivez l'écran de présentation."
LOST = "Connexion perdue avec l'écran de présentation — nouvelle tentative…"


@pytest.fixture
def phone():
    try:
        driver = make_browser(390, 844)
    except BrowserMissing as error:
        pytest.fail(str(error))
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": 390, "height": 844, "deviceScaleFactor": 3, "mobile": True})
    yield driver
    driver.quit()


def title(browser, root: str) -> str:
    return browser.find_element(By.CSS_SELECTOR, f"{root} .projection-title").text


def test_a_phone_follows_the_presenter_and_says_when_it_lost_it(tmp_path, browser, phone):
    with running_app(fresh_database(tmp_path / "cop.duckdb")) as url:
        sign_in(browser, url, EDITOR, PASSWORD)
        browser.get(f"{url}/projection?region=00&ecran=1")
        wait(browser).until(lambda b: b.find_element(By.ID, "projection-position").text == "1 / 79")
        phone.get(f"{url}/suivre/00?ecran=7")
        wait(phone).until(lambda b: b.find_element(By.ID, "follow-status").text == FOLLOWING)
        wait(phone).until(lambda b: b.find_element(By.ID, "follow-position").text == "Écran 1 / 79")
        assert title(phone, "#follow") == title(browser, "#projection")

        ActionChains(browser).send_keys(Keys.ARROW_RIGHT).perform()
        wait(browser).until(lambda b: b.find_element(By.ID, "projection-position").text == "2 / 79")
        wait(phone).until(lambda b: b.find_element(By.ID, "follow-position").text == "Écran 2 / 79")
        assert title(phone, "#follow") == title(browser, "#projection")
        assert not phone.find_element(By.ID, "follow-whatif").is_displayed()

        ActionChains(browser).send_keys(Keys.ARROW_UP).perform()  # a proposal on the sector
        wait(browser).until(lambda b: b.find_element(By.ID, "projection-whatif-value").text)
        proposal = plain(browser.find_element(By.ID, "projection-whatif-value").text)
        wait(phone).until(lambda b: plain(b.find_element(By.ID, "follow-whatif").text)
                          == f"Et si on s'engageait sur {proposal} ?")
        assert plain(phone.find_element(By.CSS_SELECTOR, "#follow .projection-key").text) == plain(
            browser.find_element(By.ID, "projection-key").text)
        assert not phone.execute_script("return document.documentElement.scrollWidth > window.innerWidth")
        assert severe_console_errors(phone) == []
    # The app has stopped: the phone says so, and keeps trying.
    wait(phone).until(lambda b: b.find_element(By.ID, "follow-status").text == LOST)


def test_a_meeting_s_projection_and_its_phones_count_only_its_agenda_s_screens(tmp_path, browser, phone):
    path = fresh_database(tmp_path / "cop.duckdb")
    with connect(path) as con:
        load_demo(con)
        sectors = [screen["sector"] for screen in payload(con, "00")["screens"] if screen["kind"] == "sector"]
        meeting = agenda_meeting(con, "00", [sectors[1]])
    with running_app(path) as url:
        sign_in(browser, url, EDITOR, PASSWORD)
        browser.get(f"{url}/projection?region=00&reunion={meeting}")
        wait(browser).until(lambda b: b.find_element(By.ID, "projection-position").text.startswith("1 / "))
        count = int(browser.find_element(By.ID, "projection-position").text.split(" / ")[1])
        assert count < 79
        assert browser.find_element(By.ID, "projection-agenda").text == (
            f"Réunion « COP plénière — Région de démonstration » : les {count} écrans de son ordre du jour")
        phone.get(f"{url}/suivre/00?ecran=1")
        wait(phone).until(lambda b: b.find_element(By.ID, "follow-position").text == f"Écran 1 / {count}")
        ActionChains(browser).send_keys(Keys.ARROW_RIGHT).perform()
        wait(browser).until(lambda b: b.find_element(By.ID, "projection-position").text == f"2 / {count}")
        assert title(browser, "#projection").startswith(sectors[1])  # the agenda's sector, not the first one
        wait(phone).until(lambda b: b.find_element(By.ID, "follow-position").text == f"Écran 2 / {count}")
        assert title(phone, "#follow") == title(browser, "#projection")
        ActionChains(browser).send_keys(Keys.END).perform()
        wait(browser).until(lambda b: b.find_element(By.ID, "projection-position").text == f"{count} / {count}")
        wait(phone).until(lambda b: b.find_element(By.ID, "follow-position").text == f"Écran {count} / {count}")
        assert title(phone, "#follow") == title(browser, "#projection")
        assert "reunion=" in browser.current_url and f"ecran={count}" in browser.current_url
        assert severe_console_errors(browser) == [] and severe_console_errors(phone) == []
