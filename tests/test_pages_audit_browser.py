"""Every page on Bretagne, in headless Chromium, at a desk, a laptop and a phone size, and printed on A4:
nothing wider than the screen or the paper, the gap's decision columns in view, no serious axe-core violation."""

import pytest

from bench.audit import (
    A4_PRINTABLE_WIDTH,
    AXE,
    PAGES,
    PRINTABLE,
    SIZES,
    axe_violations,
    column_headers,
    describe,
    open_page,
    overflow,
    print_on_a4,
    scrollable_regions,
    set_viewport,
)
from tests.browsing import choose, sign_in, wait
from tests.conftest import EDITOR, EDITOR_PASSWORD
from tests.roadmap_fixtures import PASSWORDS, roadmap_app  # noqa: F401  (fixture)

DECISION_COLUMNS = ("Objectif 2030 (ktCO₂e)", "Progression observée (ktCO₂e)", "Écart (ktCO₂e)", "Statut")


@pytest.fixture
def axe():
    """axe-core, installed by ``make axe`` from npm; missing, the audit fails (it never skips)."""
    if not AXE.exists():
        pytest.fail(f"axe-core introuvable : {AXE}. Installez-le avec « make axe » (npm install axe-core@4).")


def audit(browser, url: str, width: int) -> list[str]:
    """What a page refuses at ``width``: a page wider than the viewport, serious or critical axe-core violations."""
    problems = []
    measured = overflow(browser, width)
    if measured["page"] > width:
        problems.append(f"page de {measured['page']} px pour un écran de {width} px ; trop larges : {measured['wide']}")
    if violations := axe_violations(browser):
        problems.append("axe-core :\n" + describe(violations))
    return [f"{url} à {width} px : {problem}" for problem in problems]


@pytest.mark.parametrize("page", PAGES)
def test_page_fits_every_screen_and_has_no_serious_accessibility_violation(app_url, browser, axe, page):
    problems = []
    for width, height in SIZES.values():
        set_viewport(browser, width, height)
        open_page(browser, app_url + PAGES[page])
        problems += audit(browser, PAGES[page], width)
    assert not problems, "\n".join(problems)


def test_the_editable_roadmap_grid_has_no_serious_accessibility_violation(app_url, browser, axe):
    sign_in(browser, app_url, EDITOR, EDITOR_PASSWORD)
    set_viewport(browser, *SIZES["portable"])
    open_page(browser, app_url + PAGES["feuille-de-route"])
    assert browser.find_elements("css selector", ".ag-root"), "la grille éditable n'est pas affichée"
    problems = audit(browser, PAGES["feuille-de-route"], SIZES["portable"][0])
    assert not problems, "\n".join(problems)


def test_the_team_s_import_form_fits_every_screen_and_has_no_serious_accessibility_violation(app_url, browser, axe):
    sign_in(browser, app_url, EDITOR, EDITOR_PASSWORD)
    problems = []
    for width, height in SIZES.values():
        set_viewport(browser, width, height)
        open_page(browser, app_url + PAGES["donnees"])
        choose(browser, "imports-kind", "Territ", "Territoires et contours")
        wait(browser).until(lambda b: len(b.find_elements("css selector", "#imports-slots input[type=file]")) == 5)
        problems += audit(browser, PAGES["donnees"], width)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("page, table, columns", [
    ("ecarts", "#table-ecarts", DECISION_COLUMNS),
    ("vue-ensemble", "#table-leviers", ("Objectif 2030 (ktCO₂e évitées vs 2019)", "Remarque")),
])
def test_the_columns_a_reader_decides_on_are_in_view_on_a_laptop(app_url, browser, page, table, columns):
    set_viewport(browser, *SIZES["portable"])
    open_page(browser, app_url + PAGES[page])
    headers = {h["text"]: h for h in column_headers(browser, f"{table} th")}
    assert set(columns) <= set(headers), f"colonnes absentes : {set(columns) - set(headers)}"
    outside = [f"{c} (bord droit à {headers[c]['right']} px)" for c in columns
               if headers[c]["right"] > headers[c]["width"]]
    assert not outside, f"hors de l'écran de {SIZES['portable'][0]} px : {outside}"


@pytest.mark.parametrize("page", PRINTABLE)
def test_printed_document_fits_the_width_of_an_a4_page(app_url, browser, page):
    set_viewport(browser, *SIZES["portable"])
    open_page(browser, app_url + PAGES[page])
    print_on_a4(browser)
    measured = overflow(browser, A4_PRINTABLE_WIDTH)
    assert measured["page"] <= A4_PRINTABLE_WIDTH and not measured["wide"] and not measured["spilling"], (
        f"plus large que la zone imprimable ({A4_PRINTABLE_WIDTH} px) : {measured}")
    assert scrollable_regions(browser) == []
    repeated = browser.execute_script(
        "return [...document.querySelectorAll('main thead')].map(h => getComputedStyle(h).display)")
    assert repeated and set(repeated) == {"table-header-group"}


def test_the_grid_with_commitments_has_no_serious_accessibility_violation(roadmap_app, browser, axe):
    """The grid's own markup (rows, cells, selection) is only there once it holds commitments."""
    url, _ = roadmap_app
    sign_in(browser, url, "alice", PASSWORDS["alice"])
    set_viewport(browser, *SIZES["portable"])
    open_page(browser, url + PAGES["feuille-de-route"])
    assert len(browser.find_elements("css selector", ".ag-center-cols-container .ag-row")) >= 1, "aucune ligne"
    problems = audit(browser, PAGES["feuille-de-route"], SIZES["portable"][0])
    assert not problems, "\n".join(problems)
