"""The « Déclinaison territoriale » page in headless Chromium, on the real data of Bretagne."""

import urllib.parse

import shapely
from selenium.webdriver.common.actions.action_builder import ActionBuilder
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC

from dashboard.access.gate import READ_ONLY
from data.db import connect
from tests.browsing import callbacks_asked, choose, click, record_callbacks, severe_console_errors, sign_in, wait
from tests.conftest import EDITOR, EDITOR_PASSWORD

BREST = "crte-53-29-2"
MARKERS = "#split-map .scatterlayer .trace .point"  # one per territory drawn: its hover text and click

# Viewport coordinates of a (lon, lat) point of the map, through plotly's own axis conversion.
TO_PIXELS = """
const graph = document.querySelector('#split-map .js-plotly-plot');
const layout = graph._fullLayout;
const box = graph.querySelector('.main-svg').getBoundingClientRect();
return [box.left + layout.xaxis._offset + layout.xaxis.l2p(arguments[0]),
        box.top + layout.yaxis._offset + layout.yaxis.l2p(arguments[1])];
"""


def point_away_from_marker(real_db, code: str) -> tuple[float, float]:
    """A point of the territory as drawn, 5 pixels inside its border and 40 pixels from its marker: plotly.js
    alone shows nothing there, assets/map_hover.js must find the territory under the pointer."""
    from dashboard.figures.maps import inside_points
    from dashboard.figures.screen_outlines import screen_outlines, screen_tolerance
    from dashboard.store import queries

    with connect(real_db, read_only=True) as con:
        parts = queries.region_parts(con, "53", "crte")
    drawn = screen_outlines(shapely.from_wkb([bytes(wkb) for wkb in parts["geom_simplified"]]))
    pixel, number = screen_tolerance(drawn), list(parts["code"]).index(code)
    marker = shapely.Point(inside_points(drawn)[number])
    point = drawn[number].buffer(-5 * pixel).difference(marker.buffer(40 * pixel)).representative_point()
    return point.x, point.y


def click_at(browser, x: float, y: float) -> None:
    actions = ActionBuilder(browser)
    actions.pointer_action.move_to_location(int(x), int(y))
    actions.perform()
    actions.pointer_action.move_to_location(int(x) + 1, int(y))
    actions.pointer_action.click()
    actions.perform()


def test_clicking_a_crte_on_the_map_opens_its_fiche(app_url, real_db, browser):
    browser.get(f"{app_url}/declinaison?region=53&niveau=crte")
    # 40 CRTE, the communes hors CRTE
    wait(browser).until(lambda b: len(b.find_elements(By.CSS_SELECTOR, MARKERS)) == 41)
    assert "CRTE Redon Agglomération (Ille-et-Vilaine, Morbihan)" in browser.find_element(By.ID, "split-notices").text
    browser.execute_script("document.getElementById('split-map').scrollIntoView({block: 'center'});")
    x, y = browser.execute_script(TO_PIXELS, *point_away_from_marker(real_db, BREST))
    actions = ActionBuilder(browser)
    actions.pointer_action.move_to_location(int(x), int(y))
    actions.perform()
    hover = wait(browser).until(lambda b: b.find_elements(By.CSS_SELECTOR, "#split-map .hoverlayer .hovertext"))
    assert "CRTE du Pays de Brest" in hover[0].text and "de l'objectif régional" in hover[0].text
    click_at(browser, x, y)
    wait(browser).until(lambda b: f"code={BREST}" in b.current_url)
    wait(browser).until(EC.text_to_be_present_in_element((By.ID, "split-selected"), "CRTE du Pays de Brest"))
    card = browser.find_element(By.ID, "split-selected")
    assert "12,7 % de l'objectif régional" in card.text.replace("\u00a0", " ")
    browser.find_element(By.ID, "split-sheet-link").click()
    wait(browser).until(EC.text_to_be_present_in_element((By.ID, "split-sheet-name"), "CRTE du Pays de Brest"))
    query = urllib.parse.parse_qs(urllib.parse.urlparse(browser.current_url).query)
    assert query == {"region": ["53"], "niveau": ["crte"], "code": [BREST], "methode": ["1"]}
    total = browser.find_element(By.ID, "split-sheet-total").text
    assert total.replace("\u202f", " ").replace("\u00a0", " ") == "1 247,0 ktCO₂e"
    rows = browser.find_elements(By.CSS_SELECTOR, "#table-fiche-territoire tbody tr")
    assert len(rows) == 30
    page = browser.find_element(By.TAG_NAME, "main").text
    assert "Communauté de communes du Pays d'Iroise (18 communes, en partie : 18 de ses 19 communes)" in page
    link = browser.find_element(By.LINK_TEXT, "Télécharger (XLSX)")
    assert link.get_attribute("href") == (f"{app_url}/export/fiche-territoire.xlsx?region=53&niveau=crte"
                                          f"&code={BREST}&methode=1")
    assert severe_console_errors(browser) == []


def test_a_reader_sees_why_the_method_cannot_be_saved(app_url, browser):
    browser.get(f"{app_url}/declinaison?region=53&niveau=departement")
    wait(browser).until(EC.presence_of_element_located((By.ID, "split-method-editor")))
    browser.find_element(By.CSS_SELECTOR, "#split-method-editor summary").click()
    assert browser.find_element(By.ID, "split-method-save").get_attribute("disabled") == "true"
    note = browser.find_element(By.CSS_SELECTOR, "#split-method-message a")
    assert note.text == READ_ONLY and note.is_displayed()
    assert "/connexion?suivant=/declinaison%3Fregion%3D53" in note.get_attribute("href")


def test_a_method_saved_in_the_page_changes_the_split_and_is_kept_in_the_url(app_url, browser):
    sign_in(browser, app_url, EDITOR, EDITOR_PASSWORD)
    browser.get(f"{app_url}/declinaison?region=53&niveau=departement")
    wait(browser).until(EC.presence_of_element_located((By.ID, "split-method-editor")))
    browser.find_element(By.CSS_SELECTOR, "#split-method-editor summary").click()
    # Its levers come when it opens (dashboard/features/split/method_editor.py).
    first = wait(browser).until(EC.presence_of_element_located((By.CSS_SELECTOR, "#split-method-editor tbody tr")))
    lever = first.find_elements(By.TAG_NAME, "td")[1].text
    first.find_element(By.CSS_SELECTOR, ".dash-dropdown").click()
    search = wait(browser).until(EC.visibility_of_element_located((By.CSS_SELECTOR, "input.dash-dropdown-search")))
    search.send_keys("Superficie")
    option = wait(browser).until(lambda b: [o for o in b.find_elements(By.CSS_SELECTOR, ".dash-dropdown-option")
                                            if o.text.startswith("Superficie")])
    option[0].click()
    browser.find_element(By.ID, "split-method-name").send_keys("Surface pour un levier")
    browser.find_element(By.ID, "split-method-save").click()
    wait(browser).until(lambda b: "methode=" in b.current_url and "methode=1" not in b.current_url)
    wait(browser).until(EC.text_to_be_present_in_element((By.ID, "table-declinaison"),
                                                         "Superficie (1 levier)"))
    assert "Population (29 leviers)" in browser.find_element(By.ID, "table-declinaison").text
    history = browser.find_element(By.ID, "table-historique-methode").get_attribute("textContent")
    assert EDITOR in history and "création" in history and f"Clé de « {lever} » : (vide) → Superficie" in history
    method = urllib.parse.parse_qs(urllib.parse.urlparse(browser.current_url).query)["methode"][0]
    browser.get(f"{app_url}/declinaison/fiche?region=53&niveau=departement&code=29&methode={method}")
    row = wait(browser).until(lambda b: [r for r in b.find_elements(By.CSS_SELECTOR, "#table-fiche-territoire tr")
                                         if lever in r.text])
    assert "Superficie" in row[0].text
    assert severe_console_errors(browser) == []


def test_a_level_change_redraws_the_map_and_table_only_and_the_url_follows(app_url, browser):
    record_callbacks(browser)
    browser.get(f"{app_url}/declinaison?region=53&niveau=crte")
    # 40 CRTE, the communes hors CRTE; the dropdowns drawn once their code has come (it may follow the map's)
    wait(browser).until(lambda b: len(b.find_elements(By.CSS_SELECTOR, MARKERS)) == 41)
    wait(browser).until(lambda b: b.find_elements(By.ID, "split-region"))
    # Marks on parts that a level change does not concern: the page router would build them again.
    browser.execute_script("document.getElementById('split-method-editor').dataset.kept = 'oui';"
                           "document.getElementById('split-region').dataset.kept = 'oui';")
    click(browser, By.CSS_SELECTOR, "#split-level input[value='departement']")
    wait(browser).until(lambda b: "niveau=departement" in b.current_url)
    wait(browser).until(
        lambda b: b.find_element(By.ID, "split-table-heading").text == "Départements : objectifs et parts")
    rows = browser.find_elements(By.CSS_SELECTOR, "#table-declinaison tbody tr")
    assert sorted(r.find_elements(By.TAG_NAME, "td")[0].text for r in rows) == [
        "Côtes-d'Armor", "Finistère", "Ille-et-Vilaine", "Morbihan"]
    assert rows[0].find_elements(By.TAG_NAME, "td")[0].text == "Ille-et-Vilaine", "largest objective first"
    choose(browser, "split-sort", "nom")  # the table alone changes: it comes in its own answer
    wait(browser).until(lambda b: "tri=nom" in b.current_url)
    wait(browser).until(lambda b: [r.find_elements(By.TAG_NAME, "td")[0].text for r in b.find_elements(
        By.CSS_SELECTOR, "#table-declinaison tbody tr")] == ["Côtes-d'Armor", "Finistère", "Ille-et-Vilaine",
                                                             "Morbihan"])
    wait(browser).until(lambda b: len(b.find_elements(By.CSS_SELECTOR, MARKERS)) == 4)
    assert browser.find_element(By.ID, "split-method-editor").get_attribute("data-kept") == "oui"
    assert browser.find_element(By.ID, "split-region").get_attribute("data-kept") == "oui"
    routed = [asked["changed"] for asked in callbacks_asked(browser) if "_pages_content" in asked["output"]]
    assert len(routed) == 1, routed  # the page was built once, its parts redrawn by their own callbacks
    choose(browser, "split-territory", "Finistère")
    wait(browser).until(lambda b: "code=29" in b.current_url)
    wait(browser).until(EC.text_to_be_present_in_element((By.ID, "split-selected"), "Finistère"))
    assert browser.find_element(By.ID, "split-sheet-link").get_attribute("href").endswith(
        "/declinaison/fiche?region=53&niveau=departement&code=29&methode=1")
    browser.back()  # the previous address, the page built from it
    wait(browser).until(lambda b: "code=" not in b.current_url and "niveau=departement" in b.current_url)
    wait(browser).until(lambda b: b.find_element(By.ID, "split-selected").text.startswith("Cliquez sur un territoire"))
    assert severe_console_errors(browser) == []


def test_the_epci_table_shows_a_page_of_territories_at_a_time_and_the_next_on_demand(app_url, browser):
    """62 territories at EPCI level (59 EPCI, communes hors EPCI…): two pages of at most 50, the order across them."""
    browser.get(f"{app_url}/declinaison?region=53&niveau=epci&tri=nom")
    rows = "#table-declinaison tbody tr"
    wait(browser).until(lambda b: len(b.find_elements(By.CSS_SELECTOR, rows)) == 50)
    first = [r.find_elements(By.TAG_NAME, "td")[0].text for r in browser.find_elements(By.CSS_SELECTOR, rows)]
    choose(browser, "split-table-page", "51", "Lignes 51 à 62 (sur 62)")
    wait(browser).until(lambda b: len(b.find_elements(By.CSS_SELECTOR, rows)) == 12)
    second = [r.find_elements(By.TAG_NAME, "td")[0].text for r in browser.find_elements(By.CSS_SELECTOR, rows)]
    assert not set(first) & set(second) and first == sorted(first, key=str.casefold)
    assert "tri=nom" in browser.current_url and "niveau=epci" in browser.current_url
    click(browser, By.CSS_SELECTOR, "#split-level input[value='departement']")  # another level: its first page
    wait(browser).until(lambda b: len(b.find_elements(By.CSS_SELECTOR, rows)) == 4)
    assert not browser.find_element(By.ID, "split-table-pages").is_displayed()
    assert severe_console_errors(browser) == []
