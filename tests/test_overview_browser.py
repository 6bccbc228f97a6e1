"""The overview page in headless Chromium, on the real data."""

import urllib.parse

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC

from tests.browsing import severe_console_errors, wait


def test_overview_of_bretagne_shows_its_french_formatted_total(app_url, browser):
    browser.get(f"{app_url}/?region=53")
    total = wait(browser).until(EC.visibility_of_element_located((By.ID, "overview-total")))
    assert total.text == "9\u202f842,5\u00a0ktCO₂e" or (
        total.text.replace("\u202f", " ").replace("\u00a0", " ") == "9 842,5 ktCO₂e")
    assert browser.find_element(By.ID, "overview-region-name").text == "Bretagne"
    wait(browser).until(lambda b: b.find_elements(By.CSS_SELECTOR, "#overview-treemap .treemaplayer path"))
    wait(browser).until(lambda b: b.find_elements(By.CSS_SELECTOR, "#overview-map .scatterlayer .trace"))
    page = browser.find_element(By.TAG_NAME, "main").text
    assert "Données de travail du SGPE, indicatives, qui n'engagent pas l'État." in page
    assert "millésime 2024" in page
    rows = browser.find_elements(By.CSS_SELECTOR, "#table-leviers tbody tr")
    assert len(rows) == 30
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "fr"
    assert severe_console_errors(browser) == []


def test_choosing_a_region_and_a_view_is_kept_in_the_url(app_url, browser):
    browser.get(f"{app_url}/?region=53")
    wait(browser).until(EC.visibility_of_element_located((By.ID, "overview-total")))
    browser.find_element(By.CSS_SELECTOR, "#overview-view input[value='thematique']").click()
    wait(browser).until(lambda b: "vue=thematique" in b.current_url)
    wait(browser).until(EC.text_to_be_present_in_element((By.TAG_NAME, "main"),
                                                         "Répartition de l'objectif par groupe thématique"))
    browser.find_element(By.ID, "overview-region").click()
    search = wait(browser).until(EC.visibility_of_element_located((By.CSS_SELECTOR, "input.dash-dropdown-search")))
    assert search.get_attribute("placeholder") == "Rechercher"
    search.send_keys("Auvergne")
    option = wait(browser).until(lambda b: [o for o in b.find_elements(By.CSS_SELECTOR, ".dash-dropdown-option")
                                            if o.text == "Auvergne-Rhône-Alpes"])
    option[0].click()
    wait(browser).until(lambda b: "region=84" in b.current_url)
    wait(browser).until(lambda b: b.find_element(By.ID, "overview-region-name").text == "Auvergne-Rhône-Alpes")
    query = urllib.parse.parse_qs(urllib.parse.urlparse(browser.current_url).query)
    assert query == {"region": ["84"], "vue": ["thematique"]}
    assert "24\u202f551,8" in browser.find_element(By.ID, "overview-total").text.replace(" ", "\u202f")
    # What comes after the treemap (map, table of levers) is the new region's, not the one opened first.
    levers_csv = "/export/leviers.csv?region=84&vue=thematique"
    wait(browser).until(lambda b: [a for a in b.find_elements(By.LINK_TEXT, "Télécharger (CSV)")
                                   if a.get_attribute("href").endswith(levers_csv)])
    assert "Auvergne-Rhône-Alpes" in browser.find_element(By.ID, "table-leviers").text
    # The shared link reproduces the view.
    browser.get(browser.current_url)
    wait(browser).until(lambda b: b.find_element(By.ID, "overview-region-name").text == "Auvergne-Rhône-Alpes")
    checked = browser.find_element(By.CSS_SELECTOR, "#overview-view input[value='thematique']")
    assert checked.is_selected()
    assert "Répartition de l'objectif par groupe thématique" in browser.find_element(By.TAG_NAME, "main").text
    assert severe_console_errors(browser) == []


def test_download_links_point_at_the_export_urls(app_url, browser):
    browser.get(f"{app_url}/?region=53&vue=secteur")
    link = wait(browser).until(EC.presence_of_element_located((By.LINK_TEXT, "Télécharger (CSV)")))
    assert link.get_attribute("href") == f"{app_url}/export/leviers.csv?region=53&vue=secteur"


def test_methodology_page_lists_the_imports(app_url, browser):
    browser.get(f"{app_url}/donnees")
    table = wait(browser).until(EC.visibility_of_element_located((By.ID, "table-imports")))
    assert "panorama-leviers-regions.json" in table.text
    assert "COMMUNE.gpkg" in table.text
    assert severe_console_errors(browser) == []
