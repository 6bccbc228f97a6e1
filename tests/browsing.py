"""What the browser tests share: waiting through re-renders, choosing in a Dash dropdown, console errors."""

from __future__ import annotations

import re

from selenium.common.exceptions import (
    NoSuchElementException,
    StaleElementReferenceException,
)
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait


def wait(browser, seconds: float = 30) -> WebDriverWait:
    """Waits through the page's re-renders (an element found may be replaced before it is read)."""
    return WebDriverWait(browser, seconds, ignored_exceptions=(NoSuchElementException, StaleElementReferenceException))


def severe_console_errors(browser) -> list[str]:
    return [entry["message"] for entry in browser.get_log("browser") if entry["level"] == "SEVERE"]


def plain(text: str) -> str:
    """Text with its non-breaking and narrow spaces as plain spaces."""
    return re.sub("[\u00a0\u202f]", " ", text)


def click(browser, by: str, selector: str) -> None:
    """Click an element, finding it again if the page re-rendered it in the meantime."""
    wait(browser).until(lambda b: b.find_element(by, selector).click() or True)


def choose(browser, dropdown_id: str, typed: str, label: str | None = None) -> None:
    """Open Dash 4's dropdown, type in its search field, click the option labelled ``label`` (default: typed)."""
    click(browser, By.ID, dropdown_id)
    search = wait(browser).until(EC.visibility_of_element_located((By.CSS_SELECTOR, "input.dash-dropdown-search")))
    search.send_keys(typed)

    def option_clicked(b) -> bool:
        options = [o for o in b.find_elements(By.CSS_SELECTOR, ".dash-dropdown-option") if o.text == (label or typed)]
        return bool(options) and (options[0].click() or True)
    wait(browser).until(option_clicked)


def sign_in(browser, url: str, username: str, password: str) -> None:
    """Through the sign-in page, as a person does."""
    browser.get(f"{url}/connexion")
    wait(browser).until(EC.visibility_of_element_located((By.ID, "identifiant"))).send_keys(username)
    browser.find_element(By.ID, "mot_de_passe").send_keys(password)
    browser.find_element(By.ID, "connexion-valider").click()
    wait(browser).until(lambda b: "/connexion" not in b.current_url)
