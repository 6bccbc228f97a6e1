"""The COP as a process in headless Chromium, on Bretagne (tests/process_fixtures.py): a team member follows the
region's timeline to a CRTE, its COPIL, its minutes and the register of parties at a desk, a laptop and a phone
size, each page fitting the screen with no serious axe-core violation; then creates a meeting, prepares its
projection, presents it and records its decisions."""

from __future__ import annotations

import base64
import shutil
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC

from bench.audit import SIZES, open_page, set_viewport
from dashboard.features.process import ids
from tests import process_fixtures as process
from tests.browsing import choose, click, severe_console_errors, sign_in, wait
from tests.conftest import running_app
from tests.printing import print_to_pdf, words
from tests.test_pages_audit_browser import audit, axe  # noqa: F401  (axe: a fixture)

ARTEFACTS = Path(__file__).resolve().parent.parent / "artefacts" / "process"
# Sets a React-controlled input's value as typing would (a date field's typed format depends on the locale).
SET_VALUE = """
const input = document.getElementById(arguments[0]);
Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set.call(input, arguments[1]);
input.dispatchEvent(new Event('input', {bubbles: true}));
"""


@pytest.fixture(scope="module")
def bretagne(real_db, tmp_path_factory):
    built = process.build(real_db, tmp_path_factory.mktemp("process-browser"))
    with running_app(built["path"]) as url:
        yield url, built


def follow(browser, by: str, selector: str) -> None:
    """Click a link and wait until Dash has rendered the page it opens."""
    before = browser.current_url
    click(browser, by, selector)
    wait(browser).until(lambda b: b.current_url != before)
    open_page(browser, browser.current_url)


def pick(browser, dropdown_id: str, typed: str) -> None:
    """In a Dash dropdown, type ``typed`` and click the first option that starts with it."""
    click(browser, By.ID, dropdown_id)
    wait(browser).until(EC.visibility_of_element_located((By.CSS_SELECTOR, "input.dash-dropdown-search"))).send_keys(
        typed)
    wait(browser).until(lambda b: next((o.click() or True for o in b.find_elements(
        By.CSS_SELECTOR, ".dash-dropdown-option") if o.text.startswith(typed)), False))


def shot(browser, name: str) -> None:
    """The whole page, to look at (artefacts/process/)."""
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    size = browser.execute_cdp_cmd("Page.getLayoutMetrics", {})["cssContentSize"]
    image = browser.execute_cdp_cmd("Page.captureScreenshot", {"captureBeyondViewport": True, "clip": {
        "x": 0, "y": 0, "width": size["width"], "height": size["height"], "scale": 1}})
    (ARTEFACTS / f"{name}.png").write_bytes(base64.b64decode(image["data"]))


@pytest.mark.parametrize("size", SIZES)
def test_the_team_follows_the_timeline_to_a_crte_its_copil_and_its_minutes(bretagne, browser, axe, size):
    url, built = bretagne
    width, height = SIZES[size]
    sign_in(browser, url, process.TEAM, process.TEAM_PASSWORD)
    set_viewport(browser, width, height)
    open_page(browser, f"{url}/deroulement?region=53")
    assert browser.find_elements(By.CSS_SELECTOR, "#process-timeline .main-svg"), "la frise n'est pas dessinée"
    problems = audit(browser, "déroulement", width)

    click(browser, By.XPATH, "//section[@id='process-territories']//summary[starts-with(normalize-space(), 'CRTE')]")
    follow(browser, By.LINK_TEXT, built["copil_name"])
    assert "3 — Déclinaison infra-régionale" in browser.find_element(By.ID, "process-steps-block").text
    problems += audit(browser, "territoire", width)
    territory = browser.current_url
    follow(browser, By.ID, "process-fiche-link")
    course = browser.find_element(By.ID, "split-sheet-course").text
    assert "Étape atteinte : 3 — Déclinaison infra-régionale." in course and "Dernière réunion : COPIL" in course
    problems += audit(browser, "fiche territoire", width)
    shot(browser, f"fiche-territoire-{size}")
    open_page(browser, territory)

    follow(browser, By.CSS_SELECTOR, "#process-territory-meetings a")
    assert browser.find_element(By.ID, "process-meeting-title-shown").text.startswith("COPIL — CRTE")
    assert browser.find_element(By.ID, "process-minutes-text").text == process.MINUTES_TEXT
    assert "SHA-256" in browser.find_element(By.ID, "process-minutes-file").text
    assert "Engagement retenu" in browser.find_element(By.ID, ids.DECISIONS).text
    problems += audit(browser, "réunion", width)

    follow(browser, By.ID, "process-record-link")
    assert "Excusées ou absentes" in browser.find_element(By.ID, "process-document").text
    problems += audit(browser, "relevé de décisions", width)

    open_page(browser, f"{url}/registre?region=53")
    assert process.CONTACT_EMAIL in browser.find_element(By.ID, ids.REGISTER_TABLE).text
    problems += audit(browser, "registre des parties", width)
    assert not problems, "\n".join(problems)
    assert severe_console_errors(browser) == []


def test_a_meeting_is_created_prepared_presented_and_its_decisions_recorded(bretagne, browser):
    url, built = bretagne
    sign_in(browser, url, process.TEAM, process.TEAM_PASSWORD)
    set_viewport(browser, *SIZES["portable"])
    open_page(browser, f"{url}/deroulement/territoire?region=53&niveau=crte&code={built['copil_crte']}")
    follow(browser, By.ID, "process-new-meeting")
    fields = ids.MEETING_FIELDS
    browser.execute_script(SET_VALUE, fields["day"], "18/06/2026")
    browser.execute_script(SET_VALUE, fields["end"], "11:00")
    browser.execute_script(SET_VALUE, fields["start"], "09:30")
    choose(browser, fields["invited"], "ADEME", "ADEME Bretagne")
    choose(browser, fields["present"], "ADEME", "ADEME Bretagne")
    browser.find_element(By.ID, fields["agenda"]).send_keys("Point d'étape du CRTE")
    click(browser, By.ID, ids.MEETING_SAVE)
    wait(browser).until(EC.url_contains("reunion="))
    open_page(browser, browser.current_url)
    assert browser.find_element(By.ID, "process-meeting-title-shown").text == f"COPIL — {built['copil_name']}"
    assert "18 juin 2026, 09:30 – 11:00" in browser.find_element(By.CLASS_NAME, "provenance").text

    click(browser, By.ID, ids.PREPARE)
    wait(browser).until(EC.text_to_be_present_in_element((By.ID, "process-meeting-version"), "Version présentée"))
    meeting = browser.current_url
    follow(browser, By.ID, ids.PRESENT)
    wait(browser).until(EC.visibility_of_element_located((By.ID, "projection-screen")))
    assert "/projection?" in browser.current_url and "region=53" in browser.current_url
    assert "reunion=" in browser.current_url and browser.find_element(By.ID, "projection-agenda").text.startswith(
        "Réunion « COPIL")
    open_page(browser, meeting)

    browser.find_element(By.ID, ids.DECISION_TEXT).send_keys("Le plan de mobilité est retenu.")
    click(browser, By.ID, ids.DECISION_SAVE)
    wait(browser).until(EC.text_to_be_present_in_element((By.ID, ids.DECISIONS), "Le plan de mobilité est retenu."))
    browser.find_element(By.ID, ids.DECISION_TEXT).send_keys("Engagement accepté en séance.")
    pick(browser, ids.DECISION_COMMITMENT, f"n° {built['commitment'] + 1} —")
    click(browser, By.XPATH, f"//*[@id='{ids.DECISION_EFFECT}']//label[contains(., 'accepter')]")
    click(browser, By.ID, ids.DECISION_SAVE)
    wait(browser).until(EC.text_to_be_present_in_element((By.ID, ids.DECISIONS), "accepté, proposé → "))

    browser.execute_script(SET_VALUE, fields["end"], "08:00")  # before the start: refused, nothing saved
    click(browser, By.ID, ids.MEETING_SAVE)
    wait(browser).until(EC.text_to_be_present_in_element((By.ID, ids.MEETING_MESSAGE), "précède le début"))
    assert severe_console_errors(browser) == []


def test_every_a4_document_has_the_one_print_button_that_prints_and_is_not_printed(bretagne, browser, tmp_path):
    url, built = bretagne
    set_viewport(browser, *SIZES["portable"])
    documents = {
        "convocation": (f"/deroulement/reunion/document?reunion={built['meeting']}&document=convocation",
                        "Convocation"),
        "releve": (f"/deroulement/reunion/document?reunion={built['meeting']}&document=releve", "Relevé"),
        "feuille-de-route": ("/feuille-de-route/document?region=53", "Feuille"),
        "fiche": (f"/declinaison/fiche?region=53&niveau=crte&code={built['copil_crte']}", "Fiche"),
    }
    for name, (address, title) in documents.items():
        open_page(browser, url + address)
        buttons = browser.find_elements(By.CSS_SELECTOR, "button.print-button")
        assert len(buttons) == 1 and buttons[0].is_displayed(), name
        assert "Ctrl+P" not in browser.find_element(By.TAG_NAME, "body").text
        browser.execute_script("window.printed = 0; window.print = function () { window.printed += 1; };")
        buttons[0].click()
        assert browser.execute_script("return window.printed") == 1, name
        browser.refresh()  # the browser's own print again, for the PDF
        open_page(browser, url + address)
        pdf = print_to_pdf(browser, tmp_path / f"{name}.pdf").pdf
        printed = [word.text for word in words(pdf)[0]]
        assert title in printed and "Imprimer" not in printed, (name, printed[:30])
        ARTEFACTS.mkdir(parents=True, exist_ok=True)
        shutil.copy(pdf, ARTEFACTS / f"document-{name}.pdf")
    assert severe_console_errors(browser) == []
