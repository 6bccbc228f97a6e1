"""The commitments template: import from the command line, bad templates, refused lines, round trip."""

import io

import pandas as pd
import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from data.commitment_samples import sample_template
from data.db import connect
from domain import commitment_store
from domain.commitment_template import HEADERS, template_frame
from loaders.__main__ import app
from tests.conftest import app_on, fingerprint, sign_in_team

TABLES = ["commitments", "commitment_history"]


def run(*args, input=None) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(map(str, args)), input=input)
    return result.exit_code, result.output + (result.stderr if result.stderr_bytes is not None else "")


def snapshot(path) -> dict:
    return fingerprint(path, TABLES)


def rows(path, region="53") -> pd.DataFrame:
    with connect(path, read_only=True) as con:
        return commitment_store.region_commitments(con, region)


def xlsx(path, frame: pd.DataFrame):
    frame.to_excel(path, index=False, sheet_name="Engagements")
    return path


def sample(path, count=20, seed=1) -> pd.DataFrame:
    with connect(path, read_only=True) as con:
        return sample_template(commitment_store.context(con, "53"), count, seed)


def test_a_filled_template_is_imported_and_reimporting_it_changes_nothing(real_copy, tmp_path):
    template = xlsx(tmp_path / "modele.xlsx", sample(real_copy))
    code, output = run("engagements", template, "--region", "Bretagne", "--auteur", "dreal")
    assert code == 0, output
    assert "20 ajoutés, 0 modifié, 0 inchangé, 0 refusé" in output
    stored = rows(real_copy)
    assert len(stored) == 20 and set(stored["created_by"]) == {"dreal"}
    code, output = run("engagements", template, "--region", "53")
    assert "0 ajouté, 0 modifié, 20 inchangés, 0 refusé" in output


def test_bad_lines_are_refused_with_their_line_number_and_the_others_imported(real_copy, tmp_path):
    frame = sample(real_copy, 4).astype(object)
    frame.loc[1, "Statut"] = "fini"
    frame.loc[2, "Code territoire"] = "75"
    frame.loc[2, "Année de début"] = "deux mille"
    frame.loc[3, "Identifiant"] = 999
    code, output = run("engagements", xlsx(tmp_path / "e.xlsx", frame), "--region", "53")
    assert code == 0, output
    assert "1 ajouté, 0 modifié, 0 inchangé, 3 refusés" in output
    assert "- ligne 3 : Statut : « fini » inconnu : proposé, retenu en COP, engagé, réalisé, abandonné." in output
    assert "- ligne 4 : Code territoire : " in output and "« 75 » introuvable dans la région 53" in output
    assert "Année de début : « deux mille » n'est pas une année" in output
    assert "- ligne 5 : Identifiant : aucun engagement n° 999 dans cette région" in output
    assert len(rows(real_copy)) == 1


WITHOUT_QUANTITY = [h for h in HEADERS if h not in ("ktCO₂e", "Quantité physique")]
BAD_FILES = {
    "colonne manquante": (lambda t: pd.DataFrame({"Niveau": ["Région"], "Porteur": ["x"]}).to_csv(
        t / "e.csv", sep=";", index=False), "e.csv",
        ["« e.csv »", "ligne 1", "colonnes manquantes : code_territoire, intitule, "]),
    "sans quantité": (lambda t: pd.DataFrame(columns=WITHOUT_QUANTITY, data=[["x"] * len(WITHOUT_QUANTITY)]).to_csv(
        t / "e.csv", sep=";", index=False), "e.csv",
                      ["colonne « ktCO₂e » ou « Quantité physique » manquante"]),
    "classeur sans feuille du modèle": (lambda t: pd.DataFrame({"a": [1]}).to_excel(t / "e.xlsx", index=False),
                                        "e.xlsx", ["aucune feuille n'a les colonnes du modèle d'engagements"]),
    "classeur illisible": (lambda t: (t / "e.xlsx").write_bytes(b"PK\x03\x04 pas un classeur"), "e.xlsx",
                           ["classeur Excel illisible"]),
    "fichier vide": (lambda t: (t / "e.csv").write_bytes(b""), "e.csv", ["le fichier est vide"]),
    "modèle sans ligne": (lambda t: pd.DataFrame(columns=HEADERS).to_excel(t / "e.xlsx", index=False), "e.xlsx",
                          ["aucune ligne d'engagement"]),
}


def test_bad_templates_are_refused_whole_and_nothing_is_written(real_copy, tmp_path):
    before = snapshot(real_copy)
    for name, (make, file_name, fragments) in BAD_FILES.items():
        make(tmp_path)
        code, output = run("engagements", tmp_path / file_name, "--region", "53")
        assert code == 1, name
        for fragment in fragments:
            assert fragment in output, (name, output)
        assert "Aucune donnée n'a été modifiée." in output
        assert snapshot(real_copy) == before, name
    code, output = run("engagements", tmp_path / "e.csv", "--region", "Atlantide")
    assert code == 1 and "région « Atlantide » inconnue" in output
    with connect(real_copy, read_only=True) as con:
        failures = con.execute("SELECT count(*) FROM imports WHERE kind = 'engagements' AND status = 'échec'"
                               ).fetchone()
    assert failures[0] == len(BAD_FILES) + 1


@pytest.mark.parametrize("reader", ["équipe", "public"])
def test_an_exported_workbook_and_csv_reimported_change_nothing(real_copy, tmp_path, reader):
    """The public's copy has no « Contact » column (dashboard/access/reading.py): re-imported, it keeps the contacts."""
    frame = sample(real_copy, 60, seed=7)
    frame.loc[0, "Intitulé"] = "=HYPERLINK(\"http://x\")"
    frame.loc[1, "Description"] = "- première étape ; + deuxième"
    frame.to_csv(tmp_path / "e.csv", sep=";", index=False)
    code, output = run("engagements", tmp_path / "e.csv", "--region", "53")
    assert "60 ajoutés" in output, output
    before = snapshot(real_copy)
    with app_on(real_copy) as (_, client):
        if reader == "équipe":
            sign_in_team(client)
        workbook = client.get("/feuille-de-route/classeur.xlsx?region=53").data
        csv = client.get("/export/engagements.csv?region=53").data
    (tmp_path / "export.xlsx").write_bytes(workbook)
    (tmp_path / "export.csv").write_bytes(csv)
    book = load_workbook(io.BytesIO(workbook))
    assert book.sheetnames[0] == "Synthèse" and len(book.sheetnames) > 3
    cells = [c.value for sheet in book.worksheets[1:] for row in sheet.iter_rows() for c in row]
    assert "'=HYPERLINK(\"http://x\")" in cells and not any(isinstance(c, str) and c.startswith("=") for c in cells)
    assert "'=HYPERLINK" in csv.decode("utf-8-sig")
    assert ("contact1@exemple.fr" in csv.decode("utf-8-sig")) is (reader == "équipe")
    for name in ("export.xlsx", "export.csv"):
        code, output = run("engagements", tmp_path / name, "--region", "53")
        assert code == 0 and "0 ajouté, 0 modifié, 60 inchangés, 0 refusé" in output, output
        assert snapshot(real_copy) == before


def test_a_line_changed_since_the_export_is_refused_when_someone_saved_in_between(real_copy, tmp_path):
    run("engagements", xlsx(tmp_path / "e.xlsx", sample(real_copy, 2)), "--region", "53")
    exported = rows(real_copy)
    with connect(real_copy) as con:
        values = {k: exported.iloc[0][k] for k in commitment_store.FIELDS}
        commitment_store.update(con, int(exported.iloc[0]["commitment_id"]), 1, {**values, "status": "réalisé"}, "bob")
    frame = template_frame(exported)
    frame.loc[0, "Porteur"] = "Autre porteur"
    frame.loc[1, "Porteur"] = "Nouveau porteur"
    code, output = run("engagements", xlsx(tmp_path / "e2.xlsx", frame), "--region", "53")
    assert "0 ajouté, 1 modifié, 0 inchangé, 1 refusé" in output, output
    assert "a été modifié par bob le" in output and "depuis votre export (version 1)" in output


def test_accounts_are_created_from_the_command_line_with_a_hashed_password(real_copy):
    code, output = run("utilisateur", "alice", "--nom", "Alice Martin", input="un mot de passe long\n" * 2)
    assert code == 0 and "Compte « alice » créé — rôle équipe régionale." in output
    with connect(real_copy, read_only=True) as con:
        full_name, digest = con.execute("SELECT full_name, password_hash FROM users").fetchone()
    assert full_name == "Alice Martin" and digest.startswith("scrypt:") and "un mot de passe" not in digest
    code, output = run("utilisateur", "bob", input="court\ncourt\n")
    assert code == 1 and "mot de passe trop court" in output


def test_a_file_whose_lines_are_all_refused_exits_with_an_error(real_copy, tmp_path):
    frame = sample(real_copy, 3).astype(object)
    frame["Statut"] = "fini"
    before = snapshot(real_copy)
    code, output = run("engagements", xlsx(tmp_path / "e.xlsx", frame), "--region", "53")
    assert code == 1, output
    assert "0 ajouté, 0 modifié, 0 inchangé, 3 refusés" in output
    assert "Aucune ligne n'a pu être écrite" in output
    assert snapshot(real_copy) == before


def test_the_journal_keeps_the_first_50_problems_and_the_full_report_is_downloadable(real_copy, tmp_path):
    frame = sample(real_copy, 121, seed=3).astype(object)
    frame.loc[1:, "Statut"] = "fini"
    frame.to_csv(tmp_path / "e.csv", sep=";", index=False)
    code, output = run("engagements", tmp_path / "e.csv", "--region", "53")
    assert code == 0, output
    assert "1 ajouté, 0 modifié, 0 inchangé, 120 refusés" in output
    with connect(real_copy, read_only=True) as con:
        import_id, message = con.execute("SELECT import_id, message FROM imports ORDER BY import_id DESC").fetchone()
    problems = [line for line in message.splitlines() if line.startswith("- ligne")]
    assert len(problems) == 50 and problems[-1].startswith("- ligne 52 :")
    assert "… et 70 autres" in message and f"/donnees/import/{import_id}/compte-rendu.txt" in message
    assert output.count("- ligne") == 50
    code, full = run("compte-rendu", import_id)
    assert code == 0 and full.count("- ligne") == 120 and "- ligne 122 : Statut" in full
    with app_on(real_copy) as (_, client):
        sign_in_team(client)  # import reports are not shown to the public
        response = client.get(f"/donnees/import/{import_id}/compte-rendu.txt")
        assert response.status_code == 200 and response.data.decode().count("- ligne") == 120
        journal_csv = client.get("/export/imports.csv").data.decode("utf-8-sig")
        assert "- ligne 52 :" in journal_csv and "- ligne 53 :" not in journal_csv
        assert client.get("/donnees/import/99999/compte-rendu.txt").status_code == 404
