"""The served app (gunicorn) in headless Chromium: charts drawn by the partial plotly.js, never the full one;
the grid's bundle fetched only once a page shows a grid, the projection's files once a page shows a screen."""

import json
import urllib.request

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from bench.audit import show_grid
from dashboard.features.projection import assets as projection_assets
from dashboard.serving import grid_bundle, plotly_bundle
from tests.browsing import click, severe_console_errors, wait

RESOURCES = "return performance.getEntriesByType('resource').map(entry => new URL(entry.name).pathname)"


def test_charts_are_drawn_with_the_partial_plotly_bundle(app_url, browser):
    browser.get(f"{app_url}/?region=53")
    wait(browser).until(lambda b: b.find_elements(By.CSS_SELECTOR, "#overview-treemap .treemaplayer path"))
    wait(browser).until(lambda b: b.find_elements(By.CSS_SELECTOR, "#overview-map .scatterlayer .trace"))
    loaded = browser.execute_script(RESOURCES)
    assert plotly_bundle.url() in loaded
    assert not [path for path in loaded if "plotly" in path and "plotly-cop" not in path]
    traces = browser.execute_script("return Object.keys(Plotly.PlotSchema.get().traces).sort()")
    assert traces == ["bar", "indicator", "scatter", "treemap"]
    assert severe_console_errors(browser) == []


def test_the_graph_and_dropdown_code_is_fetched_once_by_the_pages_preload(app_url, browser):
    """Fetched by the page's ``<link rel="preload">`` (dashboard/serving/component_chunks.py), then found there by
    dcc's bundle: a preload at an address the bundle does not ask for would show a second fetch, by a script."""
    browser.get(f"{app_url}/ecarts?region=53")
    wait(browser).until(lambda b: b.find_elements(By.CSS_SELECTOR, ".js-plotly-plot .main-svg"))
    wait(browser).until(lambda b: b.find_elements(By.CSS_SELECTOR, "#gaps-region"))
    fetched = browser.execute_script("return performance.getEntriesByType('resource').filter(entry => "
                                     "/async-(graph|dropdown)/.test(entry.name)).map(entry => entry.initiatorType)")
    assert fetched == ["link", "link"]
    assert severe_console_errors(browser) == []


def test_the_served_app_answers_its_health_check(app_url):
    with urllib.request.urlopen(f"{app_url}/sante") as response:
        assert response.status == 200
        assert json.load(response)["statut"] == "ok"


def test_the_grid_bundle_is_loaded_only_once_a_grid_nears_the_screen_and_the_grid_works(app_url, browser):
    browser.get(f"{app_url}/?region=53")
    wait(browser).until(lambda b: b.find_elements(By.CSS_SELECTOR, "#overview-treemap .treemaplayer path"))
    assert not [path for path in browser.execute_script(RESOURCES) if "dash_ag_grid" in path]

    click(browser, By.LINK_TEXT, "Feuille de route")  # the page changes in the browser, without reloading
    wait(browser).until(lambda b: b.find_elements(By.CSS_SELECTOR, "#roadmap-trajectory .main-svg"))
    grid = browser.find_element(By.ID, "roadmap-grid")
    below = browser.execute_script("return arguments[0].getBoundingClientRect().top - window.innerHeight", grid)
    assert below > 1000, "la grille devrait être loin sous l'écran à l'ouverture de la page"
    assert grid.text == "Chargement du tableau…"  # far below the screen: not loaded
    assert not [path for path in browser.execute_script(RESOURCES) if "dash_ag_grid" in path]

    show_grid(browser, "roadmap-grid")  # scrolled to: it loads
    wait(browser).until(lambda b: b.find_elements(By.CSS_SELECTOR, "#roadmap-grid .ag-header-cell"))
    assert grid_bundle.path() in browser.execute_script(RESOURCES)
    headers = [cell.text for cell in browser.find_elements(By.CSS_SELECTOR, "#roadmap-grid .ag-header-cell-text")]
    assert headers[:3] == ["N°", "Territoire", "Levier"]
    assert severe_console_errors(browser) == []


def test_the_projection_files_are_loaded_only_by_the_projection_page_which_works(app_url, browser):
    browser.get(f"{app_url}/ecarts?region=53")
    wait(browser).until(lambda b: b.find_elements(By.CSS_SELECTOR, ".js-plotly-plot .main-svg"))
    loaded = browser.execute_script(RESOURCES)
    assert not [path for path in loaded if path.rsplit("/", 1)[-1] in projection_assets.FOLLOWER]
    assert "/assets/projection_on_demand.js" in loaded

    click(browser, By.ID, "projection-link")  # the page changes in the browser, without reloading
    wait(browser).until(lambda b: b.find_element(By.ID, "projection-position").text.startswith("1 /"))
    loaded = browser.execute_script(RESOURCES)
    assert [f"/assets/{name}" in loaded for name in projection_assets.PRESENTER] == [True, True, True]
    assert browser.find_element(By.CSS_SELECTOR, ".projection-title").text.startswith("Bretagne")
    assert browser.find_element(By.ID, "projection").is_displayed()
    assert not browser.find_element(By.CSS_SELECTOR, ".fr-header").is_displayed()  # projection.css applies
    browser.find_element(By.TAG_NAME, "body").send_keys(Keys.ARROW_RIGHT)  # assets/projection.js's keys
    wait(browser).until(lambda b: b.find_element(By.ID, "projection-position").text.startswith("2 /"))
    assert severe_console_errors(browser) == []
