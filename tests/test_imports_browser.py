"""The team imports a file from the Données page in headless Chromium: a bad file is refused at the preview,
a good one is previewed, confirmed and journaled with its author and SHA-256, then undone."""

from __future__ import annotations

import hashlib
import shutil

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC

from dashboard.importing import uploads
from data.db import connect, migrate
from domain.permissions import Role
from domain.users import save_user
from tests.browsing import choose, click, plain, severe_console_errors, sign_in, wait
from tests.conftest import fingerprint, running_app

TEAM, TEAM_PASSWORD = "equipe-dreal", "mot-de-passe-equipe"
UNIT = "milliers de véhicules électriques dans le parc régional"
GOOD = ("region;levier_id;annee;valeur;unite\n"
        f"Bretagne;augm_voitelec;2019;4,7;{UNIT}\n"       # as loaded, from another source: changed
        f"Bretagne;augm_voitelec;2022;21,5;{UNIT}\n"      # 19,4 loaded: changed
        f"Bretagne;augm_voitelec;2023;24;{UNIT}\n")       # new
BAD = GOOD.replace("Bretagne;augm_voitelec;2023", "Atlantide;augm_voitelec;2023")
# What an import and its undo add whatever they do: the journal, its reports and undo store, the gate's record.
JOURNAL = {"imports", "import_reports", "import_undo", "changes"}


def data_tables(path) -> dict[str, tuple]:
    return fingerprint(path, leaving=JOURNAL)


@pytest.fixture(scope="module")
def import_app(real_db, tmp_path_factory):
    path = tmp_path_factory.mktemp("imports") / "cop.duckdb"
    shutil.copy(real_db, path)
    with connect(path) as con:
        migrate(con)
        save_user(con, TEAM, TEAM_PASSWORD, "Équipe DREAL", Role.TEAM)
    with running_app(path) as url:
        yield url, path


def upload(browser, folder, name: str, text: str) -> None:
    file = folder / name
    file.write_text(text, encoding="utf-8")
    browser.find_element(By.CSS_SELECTOR, "#imports-slots input[type=file]").send_keys(str(file))
    wait(browser).until(EC.text_to_be_present_in_element((By.ID, "imports-received"), f"Reçu : {name}"))


def choose_option_starting(browser, dropdown_id: str, start: str) -> None:
    click(browser, By.ID, dropdown_id)

    def clicked(b) -> bool:
        options = [o for o in b.find_elements(By.CSS_SELECTOR, ".dash-dropdown-option") if o.text.startswith(start)]
        return bool(options) and (options[0].click() or True)
    wait(browser).until(clicked)


def test_the_team_previews_a_bad_then_a_good_file_imports_it_and_undoes_it(import_app, browser, tmp_path):
    url, path = import_app
    sign_in(browser, url, TEAM, TEAM_PASSWORD)
    before = fingerprint(path)  # signed in: the account's last sign-in is written
    browser.get(f"{url}/donnees")
    choose(browser, "imports-kind", "observ", "Valeurs observées")
    wait(browser).until(EC.presence_of_element_located((By.CSS_SELECTOR, "#imports-slots input[type=file]")))
    assert "Taille maximale : 100 Mo par fichier" in browser.find_element(By.ID, "imports-import").text

    upload(browser, tmp_path, "mauvais.csv", BAD)
    click(browser, By.ID, "imports-preview")
    wait(browser).until(EC.text_to_be_present_in_element((By.ID, "imports-report"), "Atlantide"))
    refused = plain(browser.find_element(By.ID, "imports-report").text)
    assert refused == ("Erreur dans « mauvais.csv », ligne 4, colonne « region » : région inconnue : « Atlantide ». "
                       "Utilisez le nom officiel de la région ou son code INSEE. Aucune donnée n'a été modifiée.")
    assert not browser.find_element(By.ID, "imports-confirm").is_displayed()
    assert fingerprint(path) == before

    upload(browser, tmp_path, "bon.csv", GOOD)
    click(browser, By.ID, "imports-preview")
    report = wait(browser).until(EC.visibility_of_element_located((By.ID, "imports-preview-report")))
    text = plain(report.text)
    assert "3 valeurs : 1 ajoutée, 2 modifiées, 0 inchangée" in text
    assert "valeurs observées et d'indicateurs : 1 ligne ajoutée, 2 modifiées, 0 retirée" in text
    assert "CSV lu — encodage : UTF-8 (détecté), séparateur : point-virgule." in text
    assert fingerprint(path) == before  # the preview wrote nothing, not even in the journal

    click(browser, By.ID, "imports-confirm")
    result = wait(browser).until(EC.visibility_of_element_located((By.ID, "imports-result")))
    import_id = int(result.find_element(By.TAG_NAME, "h3").text.split("n° ")[1].split()[0])
    journal = wait(browser).until(EC.visibility_of_element_located((By.ID, "table-imports")))
    digest = hashlib.sha256(GOOD.encode("utf-8")).hexdigest()
    first_row = journal.find_element(By.CSS_SELECTOR, "tbody tr").text
    assert str(import_id) in first_row and TEAM in first_row and digest in first_row
    imported = fingerprint(path)
    assert imported["observations"] != before["observations"]
    with connect(path, read_only=True) as con:
        assert con.execute("SELECT author, sha256, status, file_name FROM imports WHERE import_id = ?",
                           [import_id]).fetchone() == (TEAM, digest, "succès", "bon.csv")

    browser.get(f"{url}/donnees")
    choose_option_starting(browser, "imports-undo-choice", f"n° {import_id} — observations — bon.csv")
    click(browser, By.ID, "imports-undo-prepare")
    plan = wait(browser).until(EC.visibility_of_element_located((By.ID, "imports-undo-plan")))
    wait(browser).until(lambda b: "2 remises dans leur état d'avant" in plain(plan.text))
    click(browser, By.ID, "imports-undo-confirm")
    wait(browser).until(EC.text_to_be_present_in_element((By.ID, "imports-undo-result"), "Annulation n°"))
    wait(browser).until(EC.text_to_be_present_in_element((By.ID, "table-imports"), "annulé"))
    after = fingerprint(path)
    assert {n: v for n, v in after.items() if n not in JOURNAL} == {n: v for n, v in before.items() if n not in JOURNAL}
    with connect(path, read_only=True) as con:
        assert con.execute("SELECT undone_by IS NOT NULL FROM imports WHERE import_id = ?", [import_id]).fetchone()[0]
    assert severe_console_errors(browser) == []


def test_a_file_over_the_limit_is_refused_in_french_by_the_browser(import_app, browser):
    """The server refuses such a request unread (413), which Dash would not show: the browser says it first, with
    the page's sentence (assets/upload_limit.js), and sends nothing."""
    url, _ = import_app
    sign_in(browser, url, TEAM, TEAM_PASSWORD)
    browser.get(f"{url}/donnees")
    choose(browser, "imports-kind", "observ", "Valeurs observées")
    wait(browser).until(EC.presence_of_element_located((By.CSS_SELECTOR, "#imports-slots input[type=file]")))
    small = {"length": 2_000_000, "message": uploads.browser_limit()["message"]}
    refuse = "return window.dash_clientside.uploads.refusal(arguments[0], arguments[1], arguments[2])"
    over = "data:text/csv;base64," + "A" * 2_000_004
    assert plain(browser.execute_script(refuse, over, "gros.csv", small)) == (
        "« gros.csv » pèse 1,5 Mo : la limite est de 100 Mo par fichier. Importez les fichiers plus lourds en ligne "
        "de commande (python -m loaders).")
    assert browser.execute_script(refuse, over[:-8], "gros.csv", small) == browser.execute_script(
        "return window.dash_clientside.no_update")
