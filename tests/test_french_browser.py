"""Every word the framework writes is French: on every page, anonymous and signed in as an administrator, the
rendered text and the accessible names (labels, titles, placeholders) hold none of the English words that Dash,
its dropdowns, uploads and grids write by default — at rest, and with each dropdown and the grid's column menu
open. With each dropdown open on /comptes, /donnees and the roadmap, axe-core finds no serious violation, and the
account's territory picker offers no « Tout sélectionner »."""

from __future__ import annotations

import re
import shutil

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from bench.audit import PAGES, axe_violations, describe, open_page, set_viewport
from data.db import connect, migrate
from domain import users
from domain.permissions import Role
from tests.browsing import sign_in, wait
from tests.conftest import running_app
from tests.test_pages_audit_browser import axe  # noqa: F401  (fixture)

ADMIN, ADMIN_PASSWORD = "admin", "mot-de-passe-admin"
# English words a framework writes (Dash, its dropdown, upload and loading, AG Grid, plotly): none is French.
ENGLISH = ["search", "select", "selected", "deselect", "loading", "clear", "drag", "drop", "upload", "files",
           "filter", "filters", "columns", "column", "equals", "contains", "blank", "reset", "apply", "cancel",
           "ascending", "descending", "autosize", "choose", "next", "previous", "first", "last", "close", "show",
           "hide", "copy", "download", "undo", "redo", "zoom", "autoscale", "the", "and", "results", "rows",
           "more", "less", "than", "between", "before", "after", "today", "pin", "sort", "no", "of", "to", "page"]
WORDS = re.compile(r"\b(" + "|".join(ENGLISH) + r")\b", re.IGNORECASE)
EXEMPT = re.compile(r"\b[0-9a-f]{16,}\b|\S+\.(csv|json|gpkg|xlsx|txt)\b|https?://\S+|\S+@\S+")
SHOWN = """
const names = [...document.querySelectorAll('[aria-label], [title], [placeholder], [alt], [aria-roledescription]')]
  .filter(e => !e.closest('[hidden]'))
  .flatMap(e => ['aria-label', 'title', 'placeholder', 'alt', 'aria-roledescription']
    .map(a => e.getAttribute(a)).filter(Boolean));
return [document.body.innerText, ...names, document.title];
"""
DROPDOWNS = ("return [...document.querySelectorAll('button.dash-dropdown:not([disabled])')]"
             ".filter(b => b.offsetParent && b.getBoundingClientRect().width > 0)")
PAGE_WORDS = {"page"}  # « page » is French too: reported only in Dash's and AG Grid's English phrases
PHRASES = re.compile(r"\b(Page \d+ of|Page Size|of \d+|to \d+ of)\b")


def english(texts: list[str]) -> list[str]:
    found = []
    for text in texts:
        cleaned = EXEMPT.sub(" ", text)
        found += [m.group(0) for m in WORDS.finditer(cleaned) if m.group(0).lower() not in PAGE_WORDS | {"of", "to"}]
        found += [m.group(0) for m in PHRASES.finditer(cleaned)]
    return sorted(set(found))


@pytest.fixture(scope="module")
def admin_app(real_db, tmp_path_factory):
    path = tmp_path_factory.mktemp("french") / "cop.duckdb"
    shutil.copy(real_db, path)
    with connect(path) as con:
        migrate(con)
        users.save_user(con, ADMIN, ADMIN_PASSWORD, "Administratrice", Role.ADMIN)
    with running_app(path) as url:
        yield url


def open_dropdown(browser, index: int) -> None:
    """Click the dropdown until its list shows: a page still rendering may replace the button clicked."""
    def opened(b) -> bool:
        if b.find_elements(By.CSS_SELECTOR, ".dash-dropdown-content"):
            return True
        button = b.execute_script(DROPDOWNS)[index]
        b.execute_script("arguments[0].scrollIntoView({block: 'center'}); arguments[0].click()", button)
        return bool(b.find_elements(By.CSS_SELECTOR, ".dash-dropdown-content"))
    wait(browser).until(opened)


def close_dropdown(browser) -> None:
    ActionChains(browser).send_keys(Keys.ESCAPE).perform()
    wait(browser).until(lambda b: not b.find_elements(By.CSS_SELECTOR, ".dash-dropdown-content"))


def scan(browser) -> dict[str, list[str]]:
    """English words at rest, then with each dropdown open in turn, then with the grid's first column menu open."""
    found = {}
    if words := english(browser.execute_script(SHOWN)):
        found["au repos"] = words
    for index in range(len(browser.execute_script(DROPDOWNS))):
        open_dropdown(browser, index)
        if words := english(browser.execute_script(SHOWN)):
            found[f"liste {index + 1} ouverte"] = words
        close_dropdown(browser)
    menus = browser.find_elements(By.CSS_SELECTOR, ".ag-header-cell-menu-button, .ag-header-cell-filter-button")
    if menus:
        browser.execute_script("arguments[0].scrollIntoView({block: 'center'}); arguments[0].click()", menus[0])
        if words := english(browser.execute_script(SHOWN)):
            found["menu de colonne ouvert"] = words
    return found


def test_no_framework_english_on_any_page(admin_app, browser):
    set_viewport(browser, 1280, 720)
    problems = {}
    pages = {**PAGES, "connexion": "/connexion"}
    for name, path in pages.items():
        open_page(browser, admin_app + path)
        if found := scan(browser):
            problems[f"anonyme {name}"] = found
    sign_in(browser, admin_app, ADMIN, ADMIN_PASSWORD)
    for name, path in {**PAGES, "comptes": "/comptes"}.items():
        open_page(browser, admin_app + path)
        if found := scan(browser):
            problems[f"administrateur {name}"] = found
    assert not problems, problems


def test_every_dropdown_open_has_no_serious_violation_and_rights_have_no_select_all(admin_app, browser, axe):
    set_viewport(browser, 1280, 720)
    sign_in(browser, admin_app, ADMIN, ADMIN_PASSWORD)
    problems = []
    for path in ("/comptes", "/donnees", PAGES["feuille-de-route"]):
        open_page(browser, admin_app + path)
        count = len(browser.execute_script(DROPDOWNS))
        assert count, path
        for index in range(count):
            open_dropdown(browser, index)
            picker = browser.execute_script(
                "return document.querySelector('.dash-dropdown-content')"
                ".closest('.dash-dropdown-wrapper').querySelector('.permission-picker') !== null")
            actions = [b.text for b in browser.find_elements(By.CSS_SELECTOR, ".dash-dropdown-action-button")
                       if b.is_displayed()]
            if picker and actions:
                problems.append(f"{path}, liste {index + 1} : {actions}")
            if violations := axe_violations(browser):
                problems.append(f"{path}, liste {index + 1} ouverte :\n{describe(violations)}")
            close_dropdown(browser)
    assert not problems, "\n".join(problems)
    browser.get(f"{admin_app}/comptes")
    picker = wait(browser).until(lambda b: b.find_element(By.ID, "accounts-new-territories"))
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", picker)
    picker.click()
    option = wait(browser).until(lambda b: b.find_element(By.CSS_SELECTOR, ".dash-dropdown-option"))
    name = option.text
    option.click()  # the option is the control: its check box is not drawn
    wait(browser).until(lambda b: name in b.find_element(By.ID, "accounts-new-territories").text)
