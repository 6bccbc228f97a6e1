"""Texts that must never get in (issue 19): a million characters, control characters (NUL…), a lone half of a
UTF-16 surrogate pair. Every text field, typed in a page or read from a file, keeps to its maximum length and
characters (domain/texts.py); a refusal is a French message naming the field (the file, line and column for a
loader), never « Une erreur inattendue », and nothing is written."""

from __future__ import annotations

import json
import re

import pytest

from bench.dash_requests import post
from dashboard import store
from dashboard.errors import UNEXPECTED
from data.commitment_samples import sample_template
from data.db import connect
from domain import commitment_store, users
from domain.commitments import LABELS
from domain.texts import DESCRIPTION, SCENARIO_NAME, TextError
from tests.conftest import fingerprint
from tests.identities import forge
from tests.roadmap_fixtures import PARAMS
from tests.test_bad_inputs import CARS, HEADER, _sgpe_records, assert_refused, run, snapshot, write
from tests.test_write_gate import gated, replays  # noqa: F401 (gated: a fixture)

ADMIN = "admin-textes"
HOSTILE = {  # what a forged request sends → what the refusal says
    "un million de caractères": ("x" * 1_000_000, "trop long (1\u202f000\u202f000 caractères, "),
    "un caractère NUL": ("Bornes\x00de recharge", "caractère de contrôle U+0000 interdit (position 7)"),
    "une moitié de paire de substitution": ("Bornes \udcff", "caractère invalide U+DCFF (position 8)"),
}
# Each writing callback's text input (in the replays of tests/test_write_gate.py) and how the message names it.
TEXT_INPUTS = {
    ("dashboard.pages.gaps._create", "gaps-new-name.value"): "Le nom du scénario : ",
    ("dashboard.features.gaps.scenario_name._rename", "gaps-rename-name.value"): "Le nom du scénario : ",
    ("dashboard.pages.split._save_method", "split-method-name.value"): "Le nom de la méthode : ",
    ("dashboard.features.roadmap.frozen_versions_panel._freeze", "roadmap-version-name.value"):
        "Le nom de la version : ",
    ("dashboard.features.roadmap.review_panel._review", "roadmap-review-comment.value"): "Le commentaire : ",
    ("dashboard.pages.roadmap._save", "roadmap-f-title.value"): "",  # shown at the field « Intitulé »
    ("dashboard.pages.roadmap._save", "roadmap-f-carrier.value"): "",
    ("dashboard.pages.roadmap._save", "roadmap-f-description.value"): "",
    ("dashboard.pages.roadmap._save", "roadmap-f-contact.value"): "",
    ("dashboard.pages.accounts._create", "accounts-new-name.value"): "Le nom : ",
    ("dashboard.pages.accounts._create", "accounts-new-username.value"): "L'identifiant : ",
}


def _sendable(text: str) -> str:
    """``text`` with any lone surrogate written as ``\\udcff``: a failure's report must be UTF-8 for pytest-xdist."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


@pytest.fixture(scope="module")
def admin(gated):
    store.write(users.save_user, ADMIN, "mot-de-passe-administrateur", "Administratrice", "administrateur")
    return gated


@pytest.mark.parametrize("hostile", HOSTILE)
@pytest.mark.parametrize("callback, text_input", TEXT_INPUTS)
def test_a_hostile_text_typed_in_a_page_is_refused_in_french_and_writes_nothing(admin, callback, text_input, hostile):
    app, client, ids = admin
    forge(client, app.server.secret_key, ADMIN)
    trigger, values, match = replays(ids)[callback]
    text, message = HOSTILE[hostile]
    before = fingerprint()
    response = post(client, app, callback, (trigger, {**values, text_input: text}, match))
    assert response.status_code == 200, ascii(response.text[:300])
    answer = _sendable(json.dumps(response.json, ensure_ascii=False))
    assert UNEXPECTED not in answer
    assert TEXT_INPUTS[callback, text_input] + message in answer, answer[:1000]
    assert len(answer) < 20_000  # the refusal does not send the text back
    assert fingerprint() == before


def test_a_hostile_title_edited_in_the_grid_is_refused(admin):
    app, client, ids = admin
    forge(client, app.server.secret_key, ADMIN)
    row = {k: v for k, v in ids["commitment"].items() if k in LABELS or k in ("commitment_id", "version")}
    before = fingerprint()
    response = post(client, app, "dashboard.pages.roadmap._edit_cell", ("roadmap-grid.cellValueChanged", {
        "roadmap-grid.cellValueChanged": [{"colId": "title", "value": "Bornes \udcff",
                                           "data": {**row, "title": "Bornes \udcff"}}],
        "roadmap-params.data": PARAMS}, None))
    answer = _sendable(json.dumps(response.json, ensure_ascii=False))
    assert response.status_code == 200 and UNEXPECTED not in answer
    assert "Intitulé : caractère invalide U+DCFF (position 8)" in answer, answer[:1000]
    assert fingerprint() == before


@pytest.mark.parametrize("text, problem", [
    ("a" * 81, "trop long (81 caractères, 80 au plus)"),
    ("Ambition\nmobilité", "retour à la ligne interdit (position 9) : ce champ tient sur une ligne"),
    ("Ambition\tmobilité", "caractère de contrôle U+0009 interdit (position 9)"),
    ("\x1b[31mrouge", "caractère de contrôle U+001B interdit (position 1)"),
    ("\x9b31m", "caractère de contrôle U+009B interdit (position 1)"),
    ("\ud83d", "caractère invalide U+D83D (position 1) : une moitié de paire de substitution UTF-16, qui n'est "
               "pas du texte"),
])
def test_a_one_line_field_says_what_is_wrong(text, problem):
    assert SCENARIO_NAME.problem(text) == problem
    with pytest.raises(TextError, match="^" + re.escape(f"Le nom du scénario : {problem}.") + "$"):
        SCENARIO_NAME.check(text)


def test_a_field_of_several_lines_keeps_its_line_breaks_and_tabs():
    assert DESCRIPTION.check("  Première ligne\r\n\tdeuxième ligne 😀  ") == "Première ligne\r\n\tdeuxième ligne 😀"
    assert DESCRIPTION.problem("\x00") == "caractère de contrôle U+0000 interdit (position 1)"
    assert SCENARIO_NAME.check("  ") is None


# --- loaders: the file, the line and the column ----------------------------------------------------

def _sgpe_with(tmp_path, field: str, value: str) -> str:
    records = _sgpe_records()
    records[3][field] = value
    return write(tmp_path, "panorama.json", json.dumps(records))  # ASCII: a lone surrogate written as \udcff


def _catalogue(tmp_path, name: str) -> str:
    return write(tmp_path, "catalogue.csv", "id;nom;unite;theme;sens;agregation;ponderation;source\n"
                                            f"velos;{name};vélos;Mieux se déplacer;hausse;somme;;Enquête\n")


CASES = {
    "NUL dans une cellule d'observations": (
        lambda t: ["observations", write(t, "obs.csv", HEADER + f"Bretagne;augm_voitelec;VE\x00;2022;53,5;{CARS}\n")],
        ["« obs.csv »", "ligne 2", "colonne « levier »", "caractère de contrôle U+0000 interdit (position 3)"]),
    "cellule de 20 000 caractères": (
        lambda t: ["observations",
                   write(t, "obs.csv", HEADER + f"Bretagne;augm_voitelec;{'V' * 20_000};2022;53,5;{CARS}\n")],
        ["« obs.csv »", "ligne 2", "colonne « levier »", "trop long (20\u202f000 caractères, 10\u202f000 au plus)"]),
    "échappement de terminal dans un classeur de clés": (
        lambda t: ["cles", write(t, "cles.csv", "code_commune;Parc\n35238;5\n29019;\x1b[2J\n")],
        ["« cles.csv »", "ligne 3", "colonne « parc »", "caractère de contrôle U+001B interdit (position 1)"]),
    "moitié de paire de substitution dans le nom d'un levier (JSON)": (
        lambda t: ["sgpe", _sgpe_with(t, "leverName", "Véhicules \udcff")],
        ["« panorama.json »", "enregistrement n° 4", "« leverName » : caractère invalide U+DCFF (position 11)"]),
    "commentaire SGPE trop long": (
        lambda t: ["sgpe", _sgpe_with(t, "comment", "x" * 6000)],
        ["« panorama.json »", "enregistrement n° 4",
         "« comment » : trop long (6\u202f000 caractères, 5\u202f000 au plus)"]),
    "identifiant de levier d'un million de caractères": (
        lambda t: ["sgpe", _sgpe_with(t, "id", "x" * 1_000_000)],
        ["« panorama.json »", "enregistrement n° 4 (région « Auvergne-Rhône-Alpes », levier « ? »)",
         "« id » : trop long (1\u202f000\u202f000 caractères, 200 au plus)"]),
    "nom d'indicateur avec une sonnerie": (
        lambda t: ["catalogue", _catalogue(t, "Vélos\x07")],
        ["« catalogue.csv »", "ligne 2", "colonne « nom »", "caractère de contrôle U+0007 interdit (position 6)"]),
    "nom d'indicateur trop long": (
        lambda t: ["catalogue", _catalogue(t, "V" * 201)],
        ["« catalogue.csv »", "ligne 2", "colonne « nom »", "trop long (201 caractères, 200 au plus)"]),
    "libellé de clé trop long": (
        lambda t: ["cles", write(t, "cles.csv", f"code_commune;cle;libelle;valeur\n35238;parc;{'P' * 201};5\n")],
        ["« cles.csv »", "ligne 2", "colonne « libelle »", "trop long (201 caractères, 200 au plus)"]),
    "source trop longue en option": (
        lambda t: ["observations", write(t, "obs.csv", HEADER + f"Bretagne;augm_voitelec;VE;2023;53,5;{CARS}\n"),
                   "--source", "S" * 301],
        ["« obs.csv »", "option --source : trop long (301 caractères, 300 au plus)"]),
}


@pytest.mark.parametrize("case", CASES)
def test_a_hostile_text_in_a_file_is_refused_at_its_line_and_column(case, real_copy, tmp_path):
    build_args, expected = CASES[case]
    assert_refused(real_copy, build_args(tmp_path), expected)


def test_a_commitment_line_with_a_hostile_text_is_refused_and_the_others_imported(real_copy, tmp_path):
    with connect(real_copy, read_only=True) as con:
        frame = sample_template(commitment_store.context(con, "53"), 2, seed=1).astype(object)
    frame.loc[0, "Intitulé"] = "I" * 301
    path = tmp_path / "engagements.csv"
    frame.to_csv(path, sep=";", index=False)
    code, output = run("engagements", path, "--region", "53")
    assert "ligne 2 : Intitulé : trop long (301 caractères, 300 au plus)." in output, output
    assert "1 ajouté" in output


def test_an_account_name_from_the_command_line_keeps_to_its_field(real_copy):
    before = snapshot(real_copy)
    code, output = run("utilisateur", "zoe", "--nom", "Zoé\x00", "--inviter", "--role", "lecteur")
    assert code == 1
    assert "Compte non enregistré : le nom : caractère de contrôle U+0000 interdit (position 4)." in output
    code, output = run("utilisateur", "zoe\n", "--inviter", "--role", "lecteur")
    assert code == 1 and "l'identifiant : retour à la ligne interdit" in output, output
    assert snapshot(real_copy) == before


def test_a_method_naming_a_lever_that_does_not_exist_is_not_saved(real_copy):
    from domain.split_methods import MethodError, save_method

    with connect(real_copy) as con:
        with pytest.raises(MethodError, match="nomme un levier inconnu"):
            save_method(con, "Forgée", {"augm_voitelec\x00" * 1000: "population"})
        assert con.execute("SELECT count(*) FROM split_methods WHERE name = 'Forgée'").fetchone() == (0,)
