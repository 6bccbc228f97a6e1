"""A commitment's maturity (idée … terminée), apart from its status: validated the same way in the form, the grid and
the template; counted by maturity on the roadmap; kept by a file made before its column (issue 23, point 4)."""

from __future__ import annotations

import pandas as pd
import pytest

from bench.dash_requests import post
from dashboard import store
from dashboard.features.roadmap.coverage import maturity_counts
from domain import commitment_store
from domain.commitment_template import HEADERS
from domain.commitments import MATURITIES, Context, validate
from tests.conftest import fingerprint
from tests.roadmap_fixtures import PARAMS
from tests.test_commitment_saves import save_in_form, save_in_grid, stored  # noqa: F401 (stored: a fixture)
from tests.test_commitments_loader import rows, run, sample, xlsx


def test_commitments_are_counted_by_maturity_the_abandoned_left_out():
    commitments = pd.DataFrame({
        "maturity": ["idée", "idée", "en cours", None, "", "terminée", "idée"],
        "status": ["proposé", "engagé", "retenu en COP", "réalisé", "proposé", "abandonné", "retenu en COP"],
        "quantity_kt": [1.0, 2.5, 4.0, 8.0, 16.0, 32.0, 0.25],
    })
    counts = maturity_counts(commitments).set_index("maturity")
    assert list(counts.index) == [*MATURITIES, "non renseignée"]
    assert counts.loc["idée"].tolist() == [3, 2, 2.75]  # 2,5 + 0,25 counted; the proposed 1,0 is not
    assert counts.loc["en cours"].tolist() == [1, 1, 4.0]
    assert counts.loc["non renseignée"].tolist() == [2, 1, 8.0]  # blank and None alike
    assert counts.loc["terminée"].tolist() == [0, 0, 0.0]  # its only commitment is abandoned
    assert counts.loc["fiche projet"].tolist() == [0, 0, 0.0]


def test_a_maturity_is_read_whatever_its_case_and_accents_and_a_wrong_one_is_said_in_french():
    context = Context("53", {}, {})
    assert validate({"maturity": "FICHE ACTION (PRETE A DEMARRER)"}, context).values["maturity"] == MATURITIES[2]
    assert validate({"maturity": " "}, context).values["maturity"] is None
    checked = validate({"maturity": "presque fini"}, context)
    assert checked.errors["maturity"] == f"« presque fini » inconnu : {', '.join(MATURITIES)}."


@pytest.mark.parametrize("save", [save_in_form, save_in_grid], ids=["formulaire", "tableau"])
def test_the_maturity_is_saved_from_the_form_and_the_grid_with_its_history(app, client, stored, save):  # noqa: F811
    save(app, client, stored, "maturity", "fiche projet")
    saved = store.fetch(commitment_store.get, stored["commitment_id"])
    assert (saved["version"], saved["maturity"], saved["status"]) == (2, "fiche projet", "engagé")
    history = store.fetch(commitment_store.history, stored["commitment_id"])
    assert history.iloc[0]["changes"] == {"maturity": [None, "fiche projet"]}


def test_a_wrong_maturity_in_the_grid_is_refused_and_nothing_is_written(app, client, stored):  # noqa: F811
    before = fingerprint(None, ["commitments", "commitment_history"])
    row = {key: str(value) if hasattr(value, "isoformat") else value for key, value in stored.items()}
    response = post(client, app, "dashboard.pages.roadmap._edit_cell", ("roadmap-grid.cellValueChanged", {
        "roadmap-grid.cellValueChanged": [{"colId": "maturity", "value": "bientôt",
                                           "data": {**row, "maturity": "bientôt"}}],
        "roadmap-params.data": PARAMS}, None))
    assert response.status_code == 200
    assert (f"Engagement n° {stored['commitment_id']} non modifié : Maturité : « bientôt » inconnu : "
            f"{', '.join(MATURITIES)}.") in response.json["response"]["roadmap-grid-message"]["children"]
    assert fingerprint(None, ["commitments", "commitment_history"]) == before


def test_the_template_carries_the_maturity_and_a_file_without_its_column_keeps_it(real_copy, tmp_path):
    assert HEADERS.index("Maturité") == HEADERS.index("Statut") + 1
    frame = sample(real_copy, 6).astype(object)
    frame.loc[0, "Maturité"] = "Fiche projet"
    code, output = run("engagements", xlsx(tmp_path / "e.xlsx", frame), "--region", "53")
    assert code == 0 and "6 ajoutés" in output, output
    stored = rows(real_copy).set_index("title")
    assert stored.loc[frame.loc[0, "Intitulé"], "maturity"] == "fiche projet"
    assert set(stored["maturity"].dropna()) <= set(MATURITIES)
    before = fingerprint(real_copy, ["commitments", "commitment_history"])
    exported = rows(real_copy)
    older = pd.DataFrame({"Identifiant": exported["commitment_id"], "Version": exported["version"]}).join(
        frame.drop(columns=["Identifiant", "Version", "Maturité"]))  # a file made before the column
    code, output = run("engagements", xlsx(tmp_path / "avant.xlsx", older), "--region", "53")
    assert "0 ajouté, 0 modifié, 6 inchangés" in output, output
    assert fingerprint(real_copy, ["commitments", "commitment_history"]) == before


def test_a_wrong_maturity_in_the_template_is_refused_with_its_line_and_nothing_is_written(real_copy, tmp_path):
    frame = sample(real_copy, 2).astype(object)
    frame.loc[1, "Maturité"] = "en réflexion"
    before = fingerprint(real_copy, ["commitments", "commitment_history"])
    code, output = run("engagements", xlsx(tmp_path / "e.xlsx", frame.loc[[1]]), "--region", "53")
    assert code == 1, output
    assert f"- ligne 2 : Maturité : « en réflexion » inconnu : {', '.join(MATURITIES)}." in output
    assert fingerprint(real_copy, ["commitments", "commitment_history"]) == before
