"""A frozen version in headless Chromium, as a préfecture team uses one: frozen with its méthode, then everything
that used to change figures already presented — a commitment edited, the méthode's key changed, a new SGPE vintage,
a key import undone; the version, opened by itself, still shows the figures of its freeze, its downloads too;
compared with a later version it names what changed; its document prints on A4 with whole charts. Every page that
opens a version (overview, Écarts, déclinaison and its fiche, roadmap and its document) reads well on a laptop and a
phone and keeps the version as the user moves within it."""

from __future__ import annotations

from datetime import date
from urllib.parse import parse_qs, urlparse

import requests
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC

from bench.audit import axe_violations, describe, open_page, overflow, set_viewport
from data.db import connect
from domain import commitment_store, versions
from domain.split_methods import save_method
from loaders.sgpe import load_sgpe
from loaders.undo import undo_import
from tests.browsing import choose, severe_console_errors, sign_in, wait
from tests.printing import assert_charts_whole, print_to_pdf
from tests.roadmap_fixtures import PASSWORDS, roadmap_app  # noqa: F401  (fixture)
from tests.test_print_browser import CHARTS, crte_on_the_map, drawn
from tests.version_fixtures import LEVER, REGION, another_vintage, parc_key

METHOD = "Méthode présentée en COP"
NAME = "projet présenté en COP du 12 mars 2027"


def shown(browser, url: str, path: str, version: str) -> str:
    """The text of a page of the version, once its figures are drawn and the parts sent after it have arrived."""
    browser.get(f"{url}{path}?region={REGION}&version={version}")
    wait(browser).until(EC.presence_of_element_located((By.ID, "version-banner")))
    wait(browser).until(lambda b: b.find_elements(By.CSS_SELECTOR, ".js-plotly-plot .main-svg")
                        and not b.find_elements(By.CSS_SELECTOR, ".deferred-loading"))
    return browser.find_element(By.TAG_NAME, "main").text


def downloads(url: str, version: str) -> dict[str, bytes]:
    query = f"?region={REGION}&version={version}"
    found = {name: requests.get(f"{url}/export/{name}.csv{query}", timeout=60) for name in
             ("feuille-de-route", "engagements", "couverture-departement", "couverture-crte")}
    assert all(response.status_code == 200 for response in found.values())
    return {name: response.content for name, response in found.items()}


def test_a_version_keeps_its_figures_after_every_change_compares_and_prints_whole(roadmap_app, browser, tmp_path):
    url, path = roadmap_app
    with connect(path) as con:  # the key and the méthode the team retains, before the COP session
        key_import, key_id = parc_key(con, tmp_path)
        method = save_method(con, METHOD, {LEVER: key_id})
    browser.set_window_size(1440, 1000)
    sign_in(browser, url, "alice", PASSWORDS["alice"])
    browser.get(f"{url}/feuille-de-route?region={REGION}")
    field = wait(browser).until(EC.visibility_of_element_located((By.ID, "roadmap-version-name")))
    field.send_keys(NAME)
    choose(browser, "roadmap-version-method", "présentée", METHOD)
    browser.find_element(By.ID, "roadmap-freeze").click()
    wait(browser).until(EC.text_to_be_present_in_element((By.ID, "roadmap-version-list"), NAME))
    opening = browser.find_element(By.CSS_SELECTOR, "#roadmap-version-list a").get_attribute("href")
    version = parse_qs(urlparse(opening).query)["version"][0]

    then = {page: shown(browser, url, page, version) for page in ("/feuille-de-route", "/feuille-de-route/document")}
    exported = downloads(url, version)
    assert f"Version « {NAME} » figée le" in then["/feuille-de-route"]
    live_before = requests.get(f"{url}/export/feuille-de-route.csv?region={REGION}", timeout=60).content
    assert exported["feuille-de-route"] == live_before  # frozen: the version is the current state

    with connect(path) as con:  # after the session: every change that used to alter figures already presented
        commitment = con.execute("SELECT min(commitment_id) FROM commitments WHERE region = ?", [REGION]).fetchone()[0]
        stored = commitment_store.get(con, commitment)
        commitment_store.update(con, commitment, stored["version"], {**stored, "quantity_kt": 900.0}, "alice")
        save_method(con, METHOD, {LEVER: "superficie"})
        load_sgpe(con, another_vintage(tmp_path), "2025")
        undo_import(con, key_import)
        retained = versions.Retained(date(2027, 6, 1), method_id=method)
        later = versions.freeze(con, REGION, "après le millésime 2025", retained, "alice")

    assert requests.get(f"{url}/export/feuille-de-route.csv?region={REGION}", timeout=60).content != live_before
    assert {page: shown(browser, url, page, version) for page in then} == then
    assert downloads(url, version) == exported

    browser.get(f"{url}/feuille-de-route?region={REGION}&version={version}")
    wait(browser).until(EC.presence_of_element_located((By.ID, "version-banner")))
    choose(browser, "roadmap-compare-with", "après", "après le millésime 2025")
    changes = wait(browser).until(EC.visibility_of_element_located((By.ID, "roadmap-comparison-changes")))
    assert "Les objectifs SGPE sont passés du millésime 2024 au millésime 2025." in changes.text
    assert "« Méthode présentée en COP » ont changé" in changes.text
    summary = browser.find_element(By.ID, "roadmap-comparison-summary").text
    assert "1 modifié" in summary
    compared = requests.get(f"{url}/export/comparaison.csv?region={REGION}&version={version}&avec={later}",
                            timeout=60).content.decode("utf-8-sig")
    assert "ktCO₂e" in compared and "→ 900" in compared

    browser.get(f"{url}/feuille-de-route/document?region={REGION}&version={version}")
    wait(browser).until(EC.presence_of_element_located((By.ID, "version-banner")))
    wait(browser).until(drawn)
    printed = print_to_pdf(browser, tmp_path / "version.pdf")
    assert_charts_whole(printed, *CHARTS, territories=crte_on_the_map(path))
    assert severe_console_errors(browser) == []


VERSION_PAGES = ("/", "/ecarts", "/declinaison", "/feuille-de-route", "/feuille-de-route/document", "/projection")


def test_every_page_of_a_version_keeps_its_figures_reads_well_and_links_within_the_version(roadmap_app, browser,
                                                                                            tmp_path):
    """Freeze, change a commitment; each page of the version (its projection too), at 1280×720 and 390×844, shows
    what it showed at the freeze, has no serious accessibility problem and no horizontal overflow; the
    déclinaison's controls keep the version in the address, and its fiche is the version's."""
    url, path = roadmap_app
    with connect(path) as con:
        version = versions.freeze(con, REGION, "COP de juin", versions.Retained(date(2027, 6, 14)), "alice")
        crte = con.execute("SELECT min(child_code) FROM territory_links WHERE parent_level = 'region' AND"
                           " parent_code = ? AND child_level = 'crte'", [REGION]).fetchone()[0]
    pages = {page: f"{url}{page}?region={REGION}&version={version}" for page in VERSION_PAGES}
    pages["/declinaison/fiche"] = f"{url}/declinaison/fiche?region={REGION}&version={version}&niveau=crte&code={crte}"

    def seen(size: tuple[int, int]) -> dict[str, str]:
        set_viewport(browser, *size)
        found = {}
        for page, address in pages.items():
            open_page(browser, address)
            found[page] = browser.find_element(By.TAG_NAME, "main").text
            assert "Version « COP de juin » figée le" in found[page], page
            assert (violations := axe_violations(browser)) == [], (page, size, describe(violations))
            measured = overflow(browser, size[0])
            assert measured["page"] <= size[0], (page, size, measured["wide"])
            browser.save_screenshot(str(tmp_path / f"{page.strip('/').replace('/', '-') or 'vue'}-{size[0]}.png"))
        return found

    then = {size: seen(size) for size in ((1280, 720), (390, 844))}
    with connect(path) as con:
        commitment = con.execute("SELECT max(commitment_id) FROM commitments WHERE region = ?", [REGION]).fetchone()[0]
        stored = commitment_store.get(con, commitment)
        commitment_store.update(con, commitment, stored["version"], {**stored, "quantity_kt": 777.0}, "alice")
    assert {size: seen(size) for size in then} == then

    set_viewport(browser, 1280, 720)
    open_page(browser, pages["/declinaison"])
    browser.find_element(By.CSS_SELECTOR, "#split-level input[value='departement']").click()
    wait(browser).until(lambda b: "niveau=departement" in b.current_url)
    assert f"version={version}" in browser.current_url
    wait(browser).until(EC.text_to_be_present_in_element((By.ID, "split-table-heading"), "Départements"))
    choose(browser, "split-territory", "Finistère")
    link = wait(browser).until(EC.element_to_be_clickable((By.ID, "split-sheet-link")))
    assert f"version={version}" in link.get_attribute("href")
    link.click()
    wait(browser).until(EC.text_to_be_present_in_element((By.ID, "split-sheet-name"), "Finistère"))
    assert "Version « COP de juin » figée le" in browser.find_element(By.ID, "version-banner").text
    assert severe_console_errors(browser) == []
