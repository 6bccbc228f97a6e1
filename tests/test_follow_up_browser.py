"""The follow-up in headless Chromium (issue 23, point 6, done when): three commitments of Bretagne followed for two
years — the last year of the third typed in the roadmap's « Suivi de réalisation » — show the achieved path beside
the planned and statistical ones on one chart, and one late commitment."""

import shutil

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC

from bench.audit import SIZES, open_page, set_viewport
from dashboard.features.roadmap import follow_up_panel as panel
from data.db import connect, migrate
from domain import commitment_store, follow_up
from domain.commitments import validate
from domain.users import save_user
from tests.browsing import choose, severe_console_errors, sign_in, wait
from tests.conftest import EDITOR, EDITOR_PASSWORD, running_app
from tests.test_objectives_browser import type_into

# (kt, start, end, done in 2024 and 2025): whatever the year after 2025, only the first is behind its plan; the
# third's 2025 is typed in the page.
PLANS = [(10.0, 2022, 2027, (1.0, 2.0)), (4.0, 2023, 2025, (2.0, 2.0)), (2.0, 2022, 2024, (1.0, None))]


@pytest.fixture(scope="module")
def followed(real_db, tmp_path_factory):
    """The served app on the real data, an editor, three commitments of the Finistère and their follow-up."""
    path = tmp_path_factory.mktemp("suivi") / "cop.duckdb"
    shutil.copy(real_db, path)
    with connect(path) as con:
        migrate(con)
        save_user(con, EDITOR, EDITOR_PASSWORD, "Équipe de rédaction")
        context = commitment_store.context(con, "53")
        numbers = []
        for i, (kt, start, end, done) in enumerate(PLANS, start=1):
            number = commitment_store.create(con, "53", validate({
                "territory_level": "departement", "territory_code": "29", "lever_id": "augm_voitelec",
                "carrier": "CD29", "title": f"Bornes {i}", "quantity_kt": kt, "start_year": start, "end_year": end,
                "status": "engagé"}, context).values, EDITOR)
            for year, value in zip((2024, 2025), done):
                if value is not None:
                    follow_up.save(con, number, year, {"done_kt": value}, None, EDITOR)
            numbers.append(number)
    with running_app(path) as url:
        yield url, numbers


def paths(browser) -> dict:
    """The trajectory chart's traces: name → {year: value}."""
    traces = browser.execute_script(  # as drawn: plotly.js has decoded the typed arrays (« bdata ») there
        "return document.querySelector('#roadmap-trajectory .js-plotly-plot')._fullData"
        ".map(t => [t.name, Array.from(t.x), Array.from(t.y)])")
    return {name: dict(zip(xs, ys)) for name, xs, ys in traces}


def test_two_years_on_three_commitments_show_the_achieved_path_and_one_late_commitment(followed, browser):
    url, numbers = followed
    sign_in(browser, url, EDITOR, EDITOR_PASSWORD)
    set_viewport(browser, *SIZES["portable"])
    open_page(browser, f"{url}/feuille-de-route?region=53")
    summary = wait(browser).until(EC.presence_of_element_located((By.ID, "roadmap-late-summary")))
    # the third's 2025 not typed yet
    assert summary.text.startswith("2 engagements en retard sur leur prévision"), summary.text
    choose(browser, panel.COMMITMENT, "Bornes 3", f"n° {numbers[2]} — Bornes 3")
    wait(browser).until(EC.text_to_be_present_in_element((By.ID, panel.YEARS), "Suivi de l'engagement"))
    type_into(browser, panel.INPUTS["done_kt"], "1")
    type_into(browser, panel.INPUTS["spent"], "20 000")
    browser.find_element(By.ID, panel.SAVE).click()
    wait(browser).until(EC.text_to_be_present_in_element((By.ID, panel.MESSAGE), "enregistré (version 1)"))
    wait(browser).until(EC.text_to_be_present_in_element((By.ID, "roadmap-late-summary"),
                                                        "1 engagement en retard sur sa prévision"))
    late = browser.find_element(By.CSS_SELECTOR, "#table-retards tbody").get_attribute("textContent")
    assert f"{numbers[0]}" in late and "Bornes 1" in late and "Bornes 3" not in late
    drawn = paths(browser)
    achieved = drawn["Réalisé (suivi des engagements)"]
    assert (achieved[2024], achieved[2025]) == pytest.approx((1 + 2 + 1, 3 + 4 + 2))
    assert "Engagements (retenus, engagés, réalisés)" in drawn and "Trajectoire linéaire vers l'objectif" in drawn
    caption = browser.find_element(By.CSS_SELECTOR, "#roadmap-summary figcaption").text
    assert "Réalisé selon le suivi des engagements : 9,0 ktCO₂e en 2025." in caption, caption
    assert severe_console_errors(browser) == []


def test_a_commitment_is_picked_with_the_keyboard_by_typing_part_of_its_title(followed, browser):
    """Issue 26: the picker is sent with its first options only (here the territory's three); typing part of a title
    brings the commitments that hold it, picked with the arrows and Enter, shown with their label."""
    from selenium.webdriver.common.keys import Keys

    url, numbers = followed
    sign_in(browser, url, EDITOR, EDITOR_PASSWORD)
    open_page(browser, f"{url}/feuille-de-route?region=53")
    picker = wait(browser).until(EC.presence_of_element_located((By.ID, panel.COMMITMENT)))
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'}); arguments[0].focus()", picker)
    picker.send_keys(Keys.ARROW_DOWN)
    search = wait(browser).until(EC.visibility_of_element_located((By.CSS_SELECTOR, "input.dash-dropdown-search")))
    offered = [o.text for o in browser.find_elements(By.CSS_SELECTOR, ".dash-dropdown-option")]
    assert len(offered) == len(numbers) and f"n° {numbers[1]} — Bornes 2" in offered  # a click shows the first ones
    search.send_keys("ORNES 2")
    label = f"n° {numbers[1]} — Bornes 2"
    wait(browser).until(lambda b: [o.text for o in b.find_elements(By.CSS_SELECTOR, ".dash-dropdown-option")]
                        == [label])
    search.send_keys(Keys.ARROW_DOWN)
    browser.switch_to.active_element.send_keys(Keys.ENTER)
    wait(browser).until(EC.text_to_be_present_in_element((By.ID, panel.COMMITMENT), label))
    wait(browser).until(EC.text_to_be_present_in_element((By.ID, panel.YEARS), "Suivi de l'engagement"))
    assert severe_console_errors(browser) == []
