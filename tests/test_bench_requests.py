"""The benchmark's editor posts what the app saves: a save it measures that the app refused (204, « non
modifié ») would measure nothing, and the figures would still look like a meeting's."""

from __future__ import annotations

from bench.serving import EDITOR, EDITOR_PASSWORD, commitment_edit, prepare_editor, saved_version
from data.commitment_samples import sample_template
from data.db import connect, migrate
from domain import commitment_store
from loaders.commitments import load_commitments
from tests.conftest import app_on


def test_the_benchmarks_editor_saves_a_commitments_title_as_the_grid_does(real_copy, tmp_path):
    with connect(real_copy) as con:
        migrate(con)
        sample_template(commitment_store.context(con, "53"), 3, seed=5).to_csv(tmp_path / "e.csv", sep=";",
                                                                               index=False)
        load_commitments(con, tmp_path / "e.csv", "53", "banc d'essai")
    prepare_editor(real_copy)
    edit = commitment_edit(real_copy)
    with app_on(real_copy) as (_, client):
        assert client.post("/connexion", data={"identifiant": EDITOR, "mot_de_passe": EDITOR_PASSWORD}
                           ).status_code == 302
        first = client.post("/_dash-update-component", data=edit("100", 0), content_type="application/json")
        assert first.status_code == 200, first.status_code
        version = saved_version(first.get_json()["response"])
        second = client.post("/_dash-update-component", data=edit("101", version), content_type="application/json")
        assert version == 2 and saved_version(second.get_json()["response"]) == 3
