"""The Diagnostic page in headless Chromium, on the real data plus a commune-level indicator file."""

import shutil
import urllib.parse
import urllib.request

import pytest
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC

from data.db import connect
from loaders.indicators import load_indicators
from tests.browsing import choose, click, severe_console_errors, wait
from tests.conftest import running_app

MISSING = {"35238"}  # Rennes has no value: the aggregates of its EPCI, département and region are incomplete


def commune_value(code: str) -> float:
    """A value a reader can recompute: the commune code's last three digits divided by 100."""
    return int(code[-3:]) / 100


@pytest.fixture(scope="module")
def diagnostic_url(real_db, tmp_path_factory):
    """The app (gunicorn, as ``make demo`` serves it) on a copy of the real data with 2021 emissions per
    inhabitant per commune."""
    folder = tmp_path_factory.mktemp("diagnostic")
    path = folder / "cop.duckdb"
    shutil.copy(real_db, path)
    with connect(path) as con:
        codes = [c for (c,) in con.execute("SELECT code FROM territories WHERE level = 'commune'").fetchall()]
        lines = [f"{c};{indicator};2021;{factor * commune_value(c):.2f}".replace(".", ",")
                 for c in codes if c not in MISSING
                 for indicator, factor in (("ges_par_habitant", 1), ("ges_total", 10))]
        values = folder / "ges.csv"
        values.write_text("codgeo;indicateur;annee;valeur\n" + "\n".join(lines) + "\n", encoding="utf-8")
        load_indicators(con, values)
    with running_app(path) as url:
        yield url


def text(browser, element_id: str) -> str:
    try:
        return browser.find_element(By.ID, element_id).text.replace("\u202f", " ").replace("\u00a0", " ")
    except StaleElementReferenceException:  # the page re-rendered between finding and reading
        return ""


def test_picking_an_indicator_and_a_territory_shows_its_value(diagnostic_url, browser):
    browser.get(f"{diagnostic_url}/diagnostic?region=53")
    wait(browser).until(EC.visibility_of_element_located((By.ID, "diagnostic-region-name")))
    choose(browser, "diagnostic-theme", "Transv", "Transversal")
    wait(browser).until(lambda b: text(b, "diagnostic-indicator") == "Émissions de gaz à effet de serre")
    choose(browser, "diagnostic-indicator", "par habitant", "Émissions de gaz à effet de serre par habitant")
    wait(browser).until(lambda b: "indicateur=ges_par_habitant" in b.current_url)
    wait(browser).until(lambda b: "par habitant" in text(b, "diagnostic-indicator"))
    click(browser, By.CSS_SELECTOR, "#diagnostic-level input[value='commune']")
    wait(browser).until(lambda b: "Carte — Communes" in b.find_element(By.TAG_NAME, "main").text)
    choose(browser, "diagnostic-territory", "Brest", "Brest")
    wait(browser).until(lambda b: "territoire=29019" in b.current_url)
    wait(browser).until(lambda b: b.find_element(By.ID, "diagnostic-territory-name").text == "Brest")
    assert text(browser, "diagnostic-value") == "0,19 tCO₂e/hab"  # 29019 → 19 / 100
    card = browser.find_element(By.ID, "diagnostic-value").find_element(By.XPATH, "..").text
    assert "2021" in card and "Fichier « ges.csv », officiel" in card
    region_card = browser.find_element(By.ID, "diagnostic-card-region").find_element(By.XPATH, "..").text
    assert "incomplet : 1 201 communes sur 1 202" in region_card.replace("\u202f", " ")
    wait(browser).until(lambda b: b.find_elements(By.CSS_SELECTOR, "#diagnostic-map .scatterlayer .trace"))
    wait(browser).until(lambda b: b.find_elements(By.CSS_SELECTOR, "#diagnostic-series .scatterlayer .trace"))
    # The definition is one click away.
    click(browser, By.CSS_SELECTOR, "#diagnostic-definition summary")
    assert "moyenne pondérée par la population" in browser.find_element(By.ID, "diagnostic-definition").text
    # The shared link reproduces the view, and the download takes the same parameters.
    query = urllib.parse.parse_qs(urllib.parse.urlparse(browser.current_url).query)
    assert query["indicateur"] == ["ges_par_habitant"] and query["territoire"] == ["29019"]
    link = browser.find_element(By.LINK_TEXT, "Télécharger (CSV)").get_attribute("href")
    assert link.startswith(f"{diagnostic_url}/export/diagnostic.csv?") and "niveau=commune" in link
    assert severe_console_errors(browser) == []


def test_two_territories_side_by_side_and_missing_data_shown_as_missing(diagnostic_url, browser):
    browser.get(f"{diagnostic_url}/diagnostic?region=53&indicateur=ges_par_habitant&niveau=commune"
                "&territoire=29019&comparer=35238")
    wait(browser).until(EC.visibility_of_element_located((By.ID, "diagnostic-compare-a")))
    assert text(browser, "diagnostic-compare-a") == "0,19 tCO₂e/hab"
    assert text(browser, "diagnostic-compare-b") == "n.d."
    compared = browser.find_element(By.ID, "diagnostic-compare-b").find_element(By.XPATH, "..").text
    assert "aucune valeur" in compared
    csv = urllib.request.urlopen(f"{diagnostic_url}/export/diagnostic.csv?region=53&indicateur=ges_par_habitant"
                                 "&niveau=departement&annee=2021").read().decode("utf-8-sig")
    assert "Ille-et-Vilaine" in csv and "incomplet : 331 communes sur 332" in csv.replace("\u202f", " ")
    assert severe_console_errors(browser) == []


def test_clicking_the_map_chooses_a_territory(diagnostic_url, browser):
    browser.get(f"{diagnostic_url}/diagnostic?region=53&indicateur=ges_par_habitant&niveau=departement")
    wait(browser).until(lambda b: b.find_elements(By.CSS_SELECTOR, "#diagnostic-map .scatterlayer .trace .point"))
    points = browser.find_elements(By.CSS_SELECTOR, "#diagnostic-map .scatterlayer .trace .point")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'});", points[0])
    ActionChains(browser).move_to_element(points[0]).click().perform()
    wait(browser).until(lambda b: "territoire=" in b.current_url)
    wait(browser).until(EC.visibility_of_element_located((By.ID, "diagnostic-value")))
    assert severe_console_errors(browser) == []


def test_on_the_real_data_it_opens_on_an_indicator_bretagne_has_and_says_why_a_level_is_empty(app_url, browser):
    browser.get(f"{app_url}/diagnostic?region=53")
    value = wait(browser).until(EC.visibility_of_element_located((By.ID, "diagnostic-card-region"))).text
    assert value != "n.d."
    browser.get(f"{app_url}/diagnostic?region=53&niveau=crte")
    reason = wait(browser).until(EC.visibility_of_element_located((By.ID, "diagnostic-map-unavailable"))).text
    assert "au niveau des CRTE de la région Bretagne" in reason and "python -m loaders indicateurs" in reason
    assert "contours" not in reason
    assert "None" not in browser.find_element(By.TAG_NAME, "main").text
