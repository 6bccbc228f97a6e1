"""Two editors in two Chromium sessions edit the same commitment and both save: the second sees both
versions, keeps what they typed until they choose, and their choice is saved or discarded."""

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC

from bench.audit import show_grid
from tests.browsing import click, severe_console_errors, sign_in, wait
from tests.roadmap_fixtures import PASSWORDS, roadmap_app  # noqa: F401  (fixture)
from tests.test_gaps_browser import field

TITLE_CELL = '#roadmap-grid .ag-center-cols-container .ag-row[row-index="{row}"] [col-id="title"]'


def open_commitment(browser, url: str, editor: str, row: int) -> None:
    sign_in(browser, url, editor, PASSWORDS[editor])
    browser.get(f"{url}/feuille-de-route?region=53")
    show_grid(browser, "roadmap-grid")
    click(browser, By.CSS_SELECTOR, TITLE_CELL.format(row=row))
    wait(browser).until(EC.text_to_be_present_in_element((By.ID, "roadmap-form-title"), "Fiche engagement n°"))


def type_into(browser, element_id: str, text: str) -> None:
    field = browser.find_element(By.ID, element_id)
    field.clear()
    field.send_keys(text, Keys.TAB)


def settled(browser) -> bool:
    """No Dash callback in flight (the renderer shows ``._dash-loading-callback`` while one is)."""
    return not browser.find_elements(By.CSS_SELECTOR, "._dash-loading-callback")


def form_value(browser, name: str) -> str:
    return browser.find_element(By.ID, f"roadmap-f-{name}").get_attribute("value")


def grid_title(browser, row: int) -> str:
    return browser.find_element(By.CSS_SELECTOR, TITLE_CELL.format(row=row)).text


def test_the_second_editor_to_save_keeps_their_input_sees_both_versions_and_chooses(roadmap_app, browser,
                                                                                     second_browser):
    url, _ = roadmap_app
    alice, bob = browser, second_browser
    open_commitment(alice, url, "alice", 0)
    open_commitment(bob, url, "bob", 0)
    number = alice.find_element(By.ID, "roadmap-form-title").text.split("n° ")[1].split()[0]

    type_into(alice, "roadmap-f-title", "Titre d'Alice")
    type_into(bob, "roadmap-f-title", "Titre de Bob")
    type_into(bob, "roadmap-f-contact", "bob@exemple.fr")
    alice.find_element(By.ID, "roadmap-save").click()
    wait(alice).until(EC.text_to_be_present_in_element((By.ID, "roadmap-form-message"), f"n° {number} enregistré"))
    bob.find_element(By.ID, "roadmap-save").click()

    box = wait(bob).until(EC.visibility_of_element_located((By.ID, "roadmap-conflict-box")))
    assert "Conflit : alice a enregistré cet engagement" in box.text
    assert "Titre d'Alice" in box.text and "Titre de Bob" in box.text  # both versions
    # The grid shows what is stored now; the form still holds what Bob typed, once every callback has run.
    wait(bob).until(lambda b: grid_title(b, 0) == "Titre d'Alice")
    wait(bob).until(settled)
    assert (form_value(bob, "title"), form_value(bob, "contact")) == ("Titre de Bob", "bob@exemple.fr")
    assert bob.find_element(By.ID, "roadmap-conflict-box").is_displayed()

    click(bob, By.ID, "roadmap-keep-mine")  # « garder ma version »
    wait(bob).until(EC.text_to_be_present_in_element((By.ID, "roadmap-form-message"), f"n° {number} enregistré"))
    wait(bob).until(lambda b: grid_title(b, 0) == "Titre de Bob")
    assert not bob.find_elements(By.ID, "roadmap-conflict-box")
    assert form_value(bob, "contact") == "bob@exemple.fr"

    # Alice now saves over Bob's version without having seen it, and takes the stored version instead.
    type_into(alice, "roadmap-f-contact", "alice@exemple.fr")
    alice.find_element(By.ID, "roadmap-save").click()
    wait(alice).until(EC.visibility_of_element_located((By.ID, "roadmap-conflict-box")))
    click(alice, By.ID, "roadmap-take-stored")  # « prendre la version enregistrée »
    wait(alice).until(lambda b: form_value(b, "title") == "Titre de Bob")
    assert form_value(alice, "contact") == "bob@exemple.fr"
    assert not alice.find_elements(By.ID, "roadmap-conflict-box")
    assert severe_console_errors(alice) == severe_console_errors(bob) == []


def test_a_stale_scenario_value_shows_both_values_and_typing_again_replaces_the_stored_one(roadmap_app, browser,
                                                                                           second_browser):
    url, _ = roadmap_app
    alice, bob = browser, second_browser
    sign_in(alice, url, "alice", PASSWORDS["alice"])
    alice.get(f"{url}/ecarts?region=84")
    name = wait(alice).until(EC.presence_of_element_located((By.ID, "gaps-new-name")))
    alice.execute_script("arguments[0].scrollIntoView({block: 'center'})", name)
    name.send_keys("Deux éditeurs")
    alice.find_element(By.ID, "gaps-create").click()
    wait(alice).until(lambda b: "scenario=" in b.current_url)
    sign_in(bob, url, "bob", PASSWORDS["bob"])
    bob.get(alice.current_url)  # Bob opens the scenario before Alice types
    wait(bob).until(EC.visibility_of_element_located((By.ID, "gaps-gauge-caption")))

    type_value(alice, "300")
    wait(alice).until(lambda b: field(b, "augm_voitelec", "done_phys").get_attribute("value") != "")
    type_value(bob, "250")
    error = wait(bob).until(lambda b: field(b, "augm_voitelec", "done_kt", "scenario-error").text or None)
    assert error.startswith("Conflit : alice a enregistré ce levier le ")
    assert "Valeur enregistrée : 300 ; votre saisie : 250, pas encore enregistrée." in error
    assert field(bob, "augm_voitelec", "done_kt").get_attribute("value") == "250"  # Bob's input stays

    type_value(bob, "260")  # having seen Alice's value, Bob replaces it
    wait(bob).until(lambda b: field(b, "augm_voitelec", "done_phys").get_attribute("value") != "")
    assert field(bob, "augm_voitelec", "done_kt", "scenario-error").text == ""
    alice.get(alice.current_url)
    wait(alice).until(EC.visibility_of_element_located((By.ID, "gaps-gauge-caption")))
    assert field(alice, "augm_voitelec", "done_kt").get_attribute("value") == "260"
    assert severe_console_errors(alice) == severe_console_errors(bob) == []


def type_value(browser, text: str) -> None:
    """Type in the « déjà réalisé » field (ktCO₂e) of the electric-cars lever, replacing what it shows."""
    done = field(browser, "augm_voitelec", "done_kt")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", done)
    done.send_keys(Keys.CONTROL, "a")  # clear() would not reach React: the old text would come back
    done.send_keys(text, Keys.TAB)
