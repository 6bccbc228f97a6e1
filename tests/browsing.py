"""What the browser tests share: waiting through re-renders, choosing in a Dash dropdown, console errors,
signing in, and an administrator inviting an account whose holder then chooses a password."""

from __future__ import annotations

import re

from selenium.common.exceptions import (
    NoSuchElementException,
    StaleElementReferenceException,
)
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait


def wait(browser, seconds: float = 30) -> WebDriverWait:
    """Waits through the page's re-renders (an element found may be replaced before it is read)."""
    return WebDriverWait(browser, seconds, ignored_exceptions=(NoSuchElementException, StaleElementReferenceException))


RECORD_CALLBACKS = """
window.copCallbacks = [];
const sent = window.fetch;
window.fetch = function (resource, options) {
    if (String(resource.url || resource).includes("_dash-update-component") && options && options.body) {
        const body = JSON.parse(options.body);
        window.copCallbacks.push({output: body.output, changed: body.changedPropIds});
    }
    return sent.apply(this, arguments);
};
"""


def record_callbacks(browser) -> None:
    """From the next page opened on, the browser notes each callback it asks for (``callbacks_asked``)."""
    browser.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": RECORD_CALLBACKS})


def callbacks_asked(browser) -> list[dict]:
    """``output`` and ``changed`` (the properties whose change set it off) of each callback the page asked for."""
    return browser.execute_script("return window.copCallbacks || []")


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


def invite(browser, url: str, username: str, role: str, level: str | None = None, code: str | None = None,
           password: str | None = None) -> tuple[str, str]:
    """As the administrator signed in in ``browser``: on /comptes, invite ``username`` with ``role`` (its
    French name, as the page shows it: « Contributeur territorial »…), scoped for a contributor to the
    territory ``level``:``code``; copy the link shown once, open it and choose the password, as the invited
    person would. (username, password), for ``sign_in`` in another browser."""
    password = password or f"mot-de-passe-{username}"
    browser.get(f"{url}/comptes")
    wait(browser).until(EC.visibility_of_element_located((By.ID, "accounts-new-username"))).send_keys(username)
    browser.find_element(By.ID, "accounts-new-name").send_keys(username.capitalize())
    click(browser, By.XPATH, f"//*[@id='accounts-new-role']//label[normalize-space()='{role}']")
    if code:
        pick_territory(browser, "accounts-new-territories", f"{level}:{code}")
    browser.find_element(By.ID, "accounts-create").click()
    link = wait(browser).until(EC.visibility_of_element_located((By.ID, "accounts-secret"))).get_attribute("value")
    assert "/invitation/" in link, link
    browser.get(link)
    wait(browser).until(EC.visibility_of_element_located((By.ID, "nouveau"))).send_keys(password)
    browser.find_element(By.ID, "confirmation").send_keys(password)
    browser.find_element(By.ID, "invitation-valider").click()
    wait(browser).until(EC.visibility_of_element_located((By.ID, "connexion-bienvenue")))
    return username, password


def pick_territory(browser, dropdown_id: str, territory: str) -> None:
    """Add ``level:code`` in a territory picker of /comptes: its options end with « (Niveau, code) — Région »."""
    _, _, code = territory.partition(":")
    click(browser, By.ID, dropdown_id)
    search = wait(browser).until(EC.visibility_of_element_located((By.CSS_SELECTOR, "input.dash-dropdown-search")))
    search.send_keys(code)

    def option_clicked(b) -> bool:
        options = [o for o in b.find_elements(By.CSS_SELECTOR, ".dash-dropdown-option") if f", {code}) — " in o.text]
        return bool(options) and (options[0].click() or True)
    wait(browser).until(option_clicked)
    search.send_keys(Keys.ESCAPE)
