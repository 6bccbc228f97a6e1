"""The commitments workbook gives each repeated group a sheet of its own (issue 23, point 7): « Contributions » and
« Territoires », like « Financements », one row per entry keyed by the commitment's identifiant (new: its intitulé).
An exported workbook re-imports unchanged; a bad row is refused naming its sheet, line and column, nothing written;
a workbook of the previous format (the groups in cells of « Engagements », the region's territories in a sheet
« Territoires ») still imports."""

from __future__ import annotations

import io

import openpyxl
import pandas as pd
import pytest

from data.db import connect
from domain import regional_objectives as objectives
from domain.commitment_template import GROUP_CELLS, HEADERS, WORKBOOK_HEADERS
from domain.commitments import LABELS
from tests.browsing import plain
from tests.conftest import app_on, fingerprint, sign_in_team
from tests.identities import bretagne_crtes
from tests.test_commitments_loader import rows, run, sample
from tests.test_regional_objectives import GOOD, WATER, catalogued  # noqa: F401 (catalogued: a fixture)

TABLES = ["commitments", "commitment_history", "commitment_objectives", "commitment_territories",
          "commitment_financing"]
CELLS = [LABELS[key] for key in GROUP_CELLS]


@pytest.fixture
def bretagne(catalogued):
    """The real copy with Bretagne's water objective; its first two CRTE."""
    with connect(catalogued) as con:
        objectives.save(con, "53", GOOD, None, "equipe")
        crtes = bretagne_crtes(con)[:2]
    return catalogued, crtes


def workbook(path, **sheets: pd.DataFrame):
    with pd.ExcelWriter(path) as writer:
        for name, frame in sheets.items():
            frame.to_excel(writer, index=False, sheet_name=name)
    return path


def new_commitments(path, count=2) -> pd.DataFrame:
    """``count`` new commitments in the columns of a workbook's « Engagements » sheet."""
    return sample(path, count).astype(object)[WORKBOOK_HEADERS]


def sheet_rows(book, name: str) -> list[tuple]:
    return list(book[name].iter_rows(values_only=True))


def test_an_exported_workbook_has_a_sheet_per_group_re_imports_unchanged_and_its_rows_are_read(bretagne, tmp_path):
    path, (first, second) = bretagne
    old = sample(path, 3).astype(object)  # the previous format: the groups in cells, still read
    old.loc[0, ["Niveau", "Code territoire", LABELS["territories"], LABELS["objectives"]]] = [
        "CRTE", first, f"CRTE {first} : 60 ; CRTE {second} : 40", f"{WATER} : 1,25"]
    code, output = run("engagements", workbook(tmp_path / "ancien.xlsx", Engagements=old), "--region", "53")
    assert code == 0 and "3 ajoutés" in output, output
    number = int(rows(path).set_index("title").loc[old.loc[0, "Intitulé"], "commitment_id"])
    before = fingerprint(path, TABLES)
    with app_on(path) as (_, client):
        sign_in_team(client)
        exported = client.get("/feuille-de-route/classeur.xlsx?region=53").data
    book = openpyxl.load_workbook(io.BytesIO(exported))
    assert {"Contributions", "Territoires", "Financements", "Suivi"} <= set(book.sheetnames)
    title = old.loc[0, "Intitulé"]
    assert sheet_rows(book, "Contributions") == [
        ("Identifiant", "Intitulé", "Objectif régional (indicateur)", "Contribution"), (number, title, WATER, 1.25)]
    assert sheet_rows(book, "Territoires") == [
        ("Identifiant", "Intitulé", "Niveau", "Code territoire", "Part (%)"),
        (number, title, "CRTE", first, 60), (number, title, "CRTE", second, 40)]
    sectors = [name for name in book.sheetnames if name not in (
        "Synthèse", "Contributions", "Territoires", "Financements", "Suivi")]
    assert sectors and all(not set(CELLS) & {c.value for c in book[name][1]} for name in sectors)
    (tmp_path / "export.xlsx").write_bytes(exported)
    code, output = run("engagements", tmp_path / "export.xlsx", "--region", "53")
    assert code == 0 and "0 ajouté, 0 modifié, 3 inchangés, 0 refusé" in output, output
    assert fingerprint(path, TABLES) == before
    book["Contributions"]["D2"] = 2  # the contribution changed, the commitment no longer shared
    book["Territoires"].delete_rows(2, 2)
    book.save(tmp_path / "change.xlsx")
    code, output = run("engagements", tmp_path / "change.xlsx", "--region", "53")
    assert code == 0 and "0 ajouté, 1 modifié, 2 inchangés" in output, output
    stored = rows(path).set_index("commitment_id").loc[number]
    assert stored["objectives"] == ((WATER, 2.0),) and stored["territories"] == ()


def test_new_commitments_take_their_rows_by_title(bretagne, tmp_path):
    path, (first, second) = bretagne
    frame = new_commitments(path)
    frame.loc[0, ["Niveau", "Code territoire"]] = ["CRTE", first]
    title = frame.loc[0, "Intitulé"]
    contributions = pd.DataFrame({"Identifiant": [None], "Intitulé": [title],
                                  "Objectif régional (indicateur)": [WATER], "Contribution": ["3,5"]})
    territories = pd.DataFrame({"Identifiant": [None, None], "Intitulé": [title, title], "Niveau": ["CRTE", "crte"],
                                "Code territoire": [first, second], "Part (%)": [None, None]})
    code, output = run("engagements", workbook(tmp_path / "e.xlsx", Engagements=frame, Contributions=contributions,
                                               Territoires=territories), "--region", "53")
    assert code == 0 and "2 ajoutés" in output and "0 refusé" in output, output
    stored = rows(path).set_index("title")
    assert stored.loc[title, "objectives"] == ((WATER, 3.5),)
    assert stored.loc[title, "territories"] == (("crte", first, 0.5), ("crte", second, 0.5))
    assert stored.loc[frame.loc[1, "Intitulé"], "objectives"] == ()


@pytest.mark.parametrize("sheet, cells, message", [
    ("Contributions", {"Objectif régional (indicateur)": [WATER], "Contribution": ["beaucoup"]},
     f"- feuille « Engagements », ligne 2 : Objectifs régionaux : feuille « Contributions », ligne 2, Contribution : "
     f"« {WATER} » : « beaucoup » n'est pas un nombre."),
    ("Contributions", {"Objectif régional (indicateur)": ["inconnu"], "Contribution": [3]},
     "- feuille « Engagements », ligne 2 : Objectifs régionaux : feuille « Contributions », ligne 2, Objectif "
     "régional (indicateur) : « inconnu » n'est pas un objectif régional de la région"),
    ("Territoires", {"Niveau": ["CRTE", "Canton"], "Code territoire": ["{first}", "x"], "Part (%)": [50, 50]},
     "- feuille « Engagements », ligne 2 : Territoires partagés (%) : feuille « Territoires », ligne 3, Niveau : "
     "« Canton » inconnu (Région, Département, CRTE, EPCI)."),
    ("Territoires", {"Niveau": ["CRTE", "CRTE"], "Code territoire": ["{first}", "{second}"], "Part (%)": [50, 40]},
     "- feuille « Engagements », ligne 2 : Territoires partagés (%) : feuille « Territoires », lignes 2 et 3 : les "
     "parts font 90 % au lieu de 100 %."),
    ("Territoires", {"Niveau": ["CRTE", "CRTE"], "Code territoire": ["{first}", "crte-inconnu"], "Part (%)": [50, 50]},
     "- feuille « Engagements », ligne 2 : Territoires partagés (%) : feuille « Territoires », ligne 3, Code "
     "territoire : CRTE « crte-inconnu » introuvable dans la région."),
])
def test_a_bad_row_is_refused_naming_its_sheet_line_and_column_and_nothing_is_written(bretagne, tmp_path, sheet,
                                                                                        cells, message):
    path, (first, second) = bretagne
    frame = new_commitments(path, 1)
    frame.loc[0, ["Niveau", "Code territoire"]] = ["CRTE", first]
    count = len(next(iter(cells.values())))
    rows_of_sheet = pd.DataFrame({"Identifiant": [None] * count, "Intitulé": [frame.loc[0, "Intitulé"]] * count,
                                  **{k: [str(v).format(first=first, second=second) if isinstance(v, str) else v
                                         for v in values] for k, values in cells.items()}})
    before = fingerprint(path, TABLES)
    code, output = run("engagements", workbook(tmp_path / "e.xlsx", Engagements=frame, **{sheet: rows_of_sheet}),
                       "--region", "53")
    assert code == 1 and message in plain(output), output
    assert fingerprint(path, TABLES) == before


def test_a_row_of_no_commitment_of_the_file_or_a_group_given_twice_refuses_the_file(bretagne, tmp_path):
    path, _ = bretagne
    frame = new_commitments(path)
    before = fingerprint(path, TABLES)
    orphan = pd.DataFrame({"Identifiant": [None], "Intitulé": ["Un autre"], "Objectif régional (indicateur)": [WATER],
                           "Contribution": [1]})
    code, output = run("engagements", workbook(tmp_path / "o.xlsx", Engagements=frame, Contributions=orphan),
                       "--region", "53")
    assert code == 1 and ("feuille « Contributions », ligne 2 : aucun engagement « Un autre » dans le fichier"
                          in plain(output)), output
    both = frame.assign(**{LABELS["objectives"]: [f"{WATER} : 1", None]})
    code, output = run("engagements", workbook(tmp_path / "d.xlsx", Engagements=both, Contributions=orphan.iloc[:0]),
                       "--region", "53")
    assert code == 1 and ("feuille « Engagements », ligne 2, colonne « Objectifs régionaux » : le classeur a une "
                          "feuille « Contributions » ; donnez-y ces valeurs, une ligne chacune, et videz cette "
                          "colonne.") in plain(output), output
    assert fingerprint(path, TABLES) == before


def test_a_template_of_the_previous_format_with_its_list_of_territories_still_imports(bretagne, tmp_path):
    """The previous template had the region's territories in a sheet « Territoires » (level, code, name): a list to
    pick from, not the sheet of the shared territories."""
    path, (first, second) = bretagne
    frame = sample(path, 1).astype(object)[HEADERS]
    frame.loc[0, ["Niveau", "Code territoire", LABELS["territories"]]] = [
        "CRTE", first, f"CRTE {first} ; CRTE {second}"]
    listed = pd.DataFrame({"Niveau": ["CRTE", "CRTE"], "Code territoire": [first, second], "Territoire": ["A", "B"]})
    code, output = run("engagements", workbook(tmp_path / "ancien.xlsx", Engagements=frame, Territoires=listed),
                       "--region", "53")
    assert code == 0 and "1 ajouté" in output and "0 refusé" in output, output
    assert rows(path).iloc[0]["territories"] == (("crte", first, 0.5), ("crte", second, 0.5))


def test_the_blank_template_has_a_sheet_per_group_and_its_list_of_territories_apart():
    from dashboard.features.roadmap.template_workbook import TERRITORY_LIST, template_for
    from tests.test_territory_shares import CONTEXT
    book = openpyxl.load_workbook(io.BytesIO(template_for(CONTEXT)))
    assert book.sheetnames[:4] == ["Engagements", "Contributions", "Territoires", "Financements"]
    assert TERRITORY_LIST in book.sheetnames
    assert [c.value for c in book["Engagements"][1]] == WORKBOOK_HEADERS and not set(CELLS) & set(WORKBOOK_HEADERS)
    assert [c.value for c in book["Contributions"][1]] == ["Identifiant", "Intitulé", "Objectif régional (indicateur)",
                                                           "Contribution"]
    assert [c.value for c in book["Territoires"][1]] == ["Identifiant", "Intitulé", "Niveau", "Code territoire",
                                                         "Part (%)"]
    (validation,) = book["Territoires"].data_validations.dataValidation
    assert validation.formula1 == '"Région,Département,CRTE,EPCI"' and str(validation.sqref) == "C2:C5000"
    guide = " ".join(row[0] or "" for row in book["Mode d'emploi"].iter_rows(values_only=True))
    assert "Feuille « Contributions »" in guide and "Feuille « Territoires »" in guide
