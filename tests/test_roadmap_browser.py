"""The roadmap in headless Chromium: sign in, add a commitment, see the gap shrink, freeze a version, export."""

import io
import re

import requests
from openpyxl import load_workbook
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC

from bench.audit import show_grid
from domain.commitments import LABELS
from tests.browsing import choose, severe_console_errors, wait
from tests.roadmap_fixtures import PASSWORDS, roadmap_app  # noqa: F401  (fixture)


def kt_value(text: str) -> float:
    """``8 978,5 ktCO₂e`` → 8978.5."""
    return float(re.sub(r"[^\d,-]", "", text).replace(",", "."))


def type_into(browser, element_id: str, text: str) -> None:
    field = browser.find_element(By.ID, element_id)
    field.clear()
    field.send_keys(text, Keys.TAB)


def maturity_count(browser, maturity: str) -> int:
    """The number of commitments of ``maturity`` in the roadmap's table by maturity."""
    for row in browser.find_elements(By.CSS_SELECTOR, "#table-maturites tbody tr"):
        cells = row.find_elements(By.CSS_SELECTOR, "th, td")
        if cells[0].text == maturity:
            return int(cells[1].text.replace("\u202f", "").replace(" ", ""))
    raise AssertionError(f"{maturity} absent du tableau par maturité")


def test_an_editor_adds_a_commitment_sees_the_gap_shrink_freezes_a_version_and_exports(roadmap_app, browser):
    url, _ = roadmap_app
    browser.get(f"{url}/feuille-de-route?region=53")
    wait(browser).until(EC.visibility_of_element_located((By.ID, "roadmap-gap")))
    assert browser.find_element(By.ID, "roadmap-save").get_attribute("disabled") == "true"  # anonymous: read only
    browser.find_element(By.ID, "roadmap-sign-in").click()
    wait(browser).until(EC.visibility_of_element_located((By.ID, "identifiant"))).send_keys("alice")
    browser.find_element(By.ID, "mot_de_passe").send_keys(PASSWORDS["alice"])
    browser.find_element(By.ID, "connexion-valider").click()
    account = wait(browser).until(EC.visibility_of_element_located((By.ID, "roadmap-account")))
    assert "Connecté : Alice" in account.text
    show_grid(browser, "roadmap-grid")
    wait(browser).until(lambda b: b.find_elements(By.CSS_SELECTOR, "#roadmap-grid .ag-row"))
    gap_before = kt_value(browser.find_element(By.ID, "roadmap-gap").text)
    ready = "fiche action (prête à démarrer)"
    ready_before = maturity_count(browser, ready)

    choose(browser, "roadmap-f-territory", "Finist", "Finistère (département)")
    choose(browser, "roadmap-f-lever", "électriques",
           "Transport de voyageurs — Véhicules électriques (milliers de véhicules électriques dans le parc régional "
           "(en 2030))")
    type_into(browser, "roadmap-f-carrier", "Conseil départemental du Finistère")
    type_into(browser, "roadmap-f-title", "Plan bornes 2030")
    type_into(browser, "roadmap-f-quantity-kt", "250,5")
    type_into(browser, "roadmap-f-start", "2025")
    type_into(browser, "roadmap-f-end", "2029")
    choose(browser, "roadmap-f-status", "engag", "engagé")
    choose(browser, "roadmap-f-maturity", "prête", ready)
    browser.find_element(By.ID, "roadmap-save").click()
    wait(browser).until(EC.text_to_be_present_in_element((By.ID, "roadmap-form-message"), "créé"))
    wait(browser).until(lambda b: kt_value(b.find_element(By.ID, "roadmap-gap").text) < gap_before)
    assert maturity_count(browser, ready) == ready_before + 1
    assert kt_value(browser.find_element(By.ID, "roadmap-gap").text) == round(gap_before - 250.5, 1)

    type_into(browser, "roadmap-version-name", "projet présenté en COP du 12 mars 2027")
    browser.find_element(By.ID, "roadmap-freeze").click()
    wait(browser).until(EC.text_to_be_present_in_element((By.ID, "roadmap-version-list"),
                                                         "projet présenté en COP du 12 mars 2027"))
    choose(browser, "roadmap-compare", "projet", "projet présenté en COP du 12 mars 2027")
    wait(browser).until(EC.text_to_be_present_in_element((By.ID, "roadmap-comparison"),
                                                         "aucun engagement ajouté, modifié ni retiré"))

    workbook_url = browser.find_element(By.ID, "roadmap-workbook").get_attribute("href")
    cookies = {c["name"]: c["value"] for c in browser.get_cookies()}
    workbook = load_workbook(io.BytesIO(requests.get(workbook_url, cookies=cookies).content))
    assert workbook.sheetnames[0] == "Synthèse"
    header, *rows = workbook["Transport de voyageurs"].iter_rows(values_only=True)
    titles = [row[header.index(LABELS["title"])] for row in rows]
    assert "Plan bornes 2030" in titles

    browser.get(browser.find_element(By.ID, "roadmap-document").get_attribute("href"))
    wait(browser).until(EC.text_to_be_present_in_element((By.TAG_NAME, "h1"),
                                                         "Feuille de route régionale 2030 — projet"))
    wait(browser).until(lambda b: b.find_elements(By.CSS_SELECTOR, "#roadmap-document-trajectory .scatterlayer .trace"))
    assert "Plan bornes 2030" in browser.find_element(By.TAG_NAME, "main").text
    assert severe_console_errors(browser) == []
