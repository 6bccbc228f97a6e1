"""The "Écarts et nouvelle ambition" page in headless Chromium, on the real data."""

import json

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC

from dashboard.access.gate import READ_ONLY
from domain import formats
from tests.browsing import choose, plain, severe_console_errors, sign_in, wait
from tests.conftest import EDITOR, EDITOR_PASSWORD


def field(browser, lever: str, name: str, kind: str = "scenario-field"):
    dom_id = json.dumps({"field": name, "lever": lever, "type": kind}, separators=(",", ":"), ensure_ascii=False)
    return browser.find_element(By.CSS_SELECTOR, f"[id='{dom_id}']")


def test_gaps_of_auvergne_rhone_alpes(app_url, browser):
    browser.get(f"{app_url}/ecarts?region=84")
    wait(browser).until(EC.visibility_of_element_located((By.ID, "gaps-total")))
    assert browser.find_element(By.ID, "gaps-region-name").text == "Auvergne-Rhône-Alpes"
    rows = browser.find_elements(By.CSS_SELECTOR, "#table-ecarts tbody tr")
    assert len(rows) == 30
    cars = next(r.text for r in rows if "Véhicules électriques" in r.text)
    assert "291,4" in cars and "en retard" in cars and "2022" in cars  # 1379.8038 × 3/11 − (53.5 − 13.8) / 0.4677
    forests = next(r.text for r in rows if "Gestion des forêts" in r.text)
    assert "pas de donnée" in forests
    magnitudes = plain(browser.find_element(By.ID, "gaps-magnitudes").text)
    assert "659 milliers de véhicules électriques dans le parc régional en 2030, contre 53,5 en 2022." in magnitudes
    wait(browser).until(lambda b: b.find_elements(By.CSS_SELECTOR, "#gaps-panorama .treemaplayer path"))
    wait(browser).until(lambda b: b.find_elements(By.CSS_SELECTOR, "#gaps-groups .barlayer path"))
    main = browser.find_element(By.TAG_NAME, "main").text
    assert "sur la trajectoire » lorsque l'écart ne dépasse pas 5" in main
    assert "qui n'engagent pas l'État" in main
    link = browser.find_element(By.CSS_SELECTOR, "a[href*='/export/ecarts.csv']")
    assert link.get_attribute("href") == f"{app_url}/export/ecarts.csv?region=84&vue=secteur"
    assert severe_console_errors(browser) == []


def test_a_visitor_reads_scenarios_but_cannot_change_them(app_url, browser):
    browser.get(f"{app_url}/ecarts?region=84")
    notice = wait(browser).until(EC.visibility_of_element_located((By.ID, "gaps-read-only")))
    assert READ_ONLY in notice.text
    assert browser.find_element(By.ID, "gaps-create").get_attribute("disabled") == "true"
    assert browser.find_element(By.ID, "gaps-new-name").get_attribute("disabled") == "true"
    assert severe_console_errors(browser) == []


def test_a_scenario_is_created_edited_in_physical_units_and_found_again(app_url, browser):
    sign_in(browser, app_url, EDITOR, EDITOR_PASSWORD)
    browser.get(f"{app_url}/ecarts?region=84")
    name = wait(browser).until(EC.presence_of_element_located((By.ID, "gaps-new-name")))
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", name)
    name.send_keys("Ambition navigateur")
    browser.find_element(By.ID, "gaps-create").click()
    wait(browser).until(lambda b: "scenario=" in b.current_url)
    caption = wait(browser).until(EC.visibility_of_element_located((By.ID, "gaps-gauge-caption")))
    assert "24 551,8 ktCO₂e" in plain(caption.text)

    # 700 thousand electric cars in 2030: (700 − 13.754) / 0.4677 = 1 467,3 kt instead of 1 379,8.
    phys = field(browser, "augm_voitelec", "new_phys")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", phys)
    phys.send_keys("700")
    wait(browser).until(lambda b: field(b, "augm_voitelec", "new_kt").get_attribute("value") == "1467,3")
    total = plain(formats.kt(24551.8042 - 1379.8038 + (700 - 13.754) / 0.4677))
    wait(browser).until(lambda b: total in plain(b.find_element(By.ID, "gaps-gauge-caption").text))
    remaining = json.dumps({"lever": "augm_voitelec", "type": "scenario-remaining"}, separators=(",", ":"))
    assert plain(browser.find_element(By.CSS_SELECTOR, f"[id='{remaining}']").text) == "1 467,3 ktCO₂e"

    # The scenario's history says who changed which lever from what to what, and when.
    summary = browser.find_element(By.CSS_SELECTOR, "#gaps-history summary")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", summary)
    summary.click()
    changed = "Véhicules électriques — nouvel objectif (ktCO₂e) : (vide) → 1 467,"
    history = wait(browser).until(lambda b: changed in plain(b.find_element(By.ID, "table-historique-scenario").text)
                                  and b.find_element(By.ID, "table-historique-scenario").text)
    assert EDITOR in history and "équipe régionale" in history and "modification" in history
    assert "Nom : (vide) → Ambition navigateur" in plain(history)

    # Nonsense is refused at the field, in French, and saves nothing.
    field(browser, "augm_voitelec", "done_phys").send_keys("-5")
    error = wait(browser).until(lambda b: field(b, "augm_voitelec", "done_phys", "scenario-error").text or None)
    assert "ne peut pas être négative" in error
    field(browser, "reduc_rfioul", "new_kt").send_keys("beaucoup")
    error = wait(browser).until(lambda b: field(b, "reduc_rfioul", "new_kt", "scenario-error").text or None)
    assert "n'est pas un nombre" in error
    assert field(browser, "co2_enr", "new_kt").get_attribute("readonly") is not None
    assert "Non modifiable" in browser.find_element(By.ID, "scenario-row-co2_enr").text

    # A reload (or the link, in another browser) finds the scenario as saved.
    browser.get(browser.current_url)
    wait(browser).until(EC.visibility_of_element_located((By.ID, "gaps-gauge-caption")))
    assert field(browser, "augm_voitelec", "new_phys").get_attribute("value") == "700"
    assert field(browser, "augm_voitelec", "new_kt").get_attribute("value") == "1467,3"
    assert field(browser, "augm_voitelec", "done_phys").get_attribute("value") == ""
    assert total in plain(browser.find_element(By.ID, "gaps-gauge-caption").text)
    assert "Ambition navigateur" in browser.find_element(By.ID, "gaps-scenario-select").text
    assert severe_console_errors(browser) == []


def test_scenarios_are_duplicated_compared_deleted_and_restored(app_url, browser):
    sign_in(browser, app_url, EDITOR, EDITOR_PASSWORD)
    browser.get(f"{app_url}/ecarts?region=53")
    name = wait(browser).until(EC.presence_of_element_located((By.ID, "gaps-new-name")))
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", name)
    name.send_keys("Bretagne haute\n")
    wait(browser).until(lambda b: "scenario=" in b.current_url)
    link = wait(browser).until(EC.presence_of_element_located((By.ID, "gaps-scenario-link")))
    first = link.get_attribute("href")

    browser.get(first)  # the link opens the scenario in its region
    wait(browser).until(lambda b: b.find_element(By.ID, "gaps-region-name").text == "Bretagne")
    browser.execute_script("arguments[0].click()", browser.find_element(By.ID, "gaps-duplicate"))
    wait(browser).until(lambda b: b.current_url != first and "scenario=" in b.current_url)
    wait(browser).until(lambda b: "Copie de Bretagne haute" in b.find_element(By.ID, "gaps-scenario-select").text)

    compare = browser.find_element(By.ID, "gaps-compare")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", compare)
    choose(browser, "gaps-compare", "Bretagne haute")
    wait(browser).until(lambda b: "comparer=" in b.current_url)
    table = wait(browser).until(lambda b: b.find_element(By.ID, "table-scenarios").text)
    assert "Bretagne haute (ktCO₂e)" in table and "Total" in table

    delete = browser.find_element(By.ID, "gaps-delete")
    browser.execute_script("arguments[0].click()", delete)
    alert = wait(browser).until(EC.alert_is_present())
    assert "Vous pourrez annuler la suppression" in alert.text
    alert.accept()
    wait(browser).until(EC.presence_of_element_located((By.ID, "gaps-undo")))
    wait(browser).until(lambda b: "Copie de Bretagne haute" not in b.find_element(By.ID, "gaps-scenario-select").text)
    browser.execute_script("arguments[0].click()", browser.find_element(By.ID, "gaps-undo"))
    wait(browser).until(lambda b: "Copie de Bretagne haute" in b.find_element(By.ID, "gaps-scenario-select").text)
    assert "supprime=" not in browser.current_url

    rename = browser.find_element(By.ID, "gaps-rename-name")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", rename)
    rename.clear()
    rename.send_keys("Bretagne plus haute\n")
    wait(browser).until(lambda b: "Bretagne plus haute" in b.find_element(By.ID, "gaps-scenario-select").text)
    history = browser.find_element(By.ID, "table-historique-scenario").get_attribute("textContent")
    order = [history.index(action) for action in ("renommage", "restauration", "suppression", "duplication")]
    assert order == sorted(order)  # newest first
    assert severe_console_errors(browser) == []
