"""A commitment's total cost beside its financing lines (issue 23, point 5): financing beyond the cost is said, not
refused; a bad cost is refused in French with nothing written; the share financed by sector, by hand."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from bench.dash_requests import post
from dashboard import store
from dashboard.features.roadmap import form as cf
from dashboard.features.roadmap.maquette import by_sector
from domain import commitment_store
from domain.commitments import Context, validate
from tests.browsing import plain
from tests.conftest import fingerprint
from tests.roadmap_fixtures import PARAMS, financing_rows
from tests.test_commitment_saves import stored  # noqa: F401 (a fixture)
from tests.test_commitments_loader import rows, run, sample, xlsx

TABLES = ["commitments", "commitment_history", "commitment_financing"]


def _line(amount, status="accordé"):
    return (("DSIL", None, amount, 2025, status),) if amount is not None else ()


def test_the_share_financed_is_counted_by_sector_by_hand():
    commitments = pd.DataFrame({
        "commitment_id": [1, 2, 3, 4, 5], "title": list("abcde"), "carrier": list("pqrst"),
        "sector": ["Transports", "Transports", "Transports", "Bâtiments", "Bâtiments"],
        "status": ["engagé", "proposé", "abandonné", "retenu en COP", "engagé"],
        "total_cost": [1000.0, None, 5000.0, 400.0, 600.0],
        "financing": [_line(250.0), _line(100.0), _line(5000.0), _line(None), _line(600.0, "sollicité")],
    })
    found = by_sector(commitments).set_index("sector")
    transports, buildings, total = found.loc["Transports"], found.loc["Bâtiments"], found.loc["Total"]
    assert (transports["commitments"], transports["cost"], transports["funding"]) == (2, 1000.0, 350.0)
    assert transports["financed_share"] == pytest.approx(0.25)  # the 100 € of the uncosted one left out
    assert (buildings["cost"], buildings["funding"], buildings["acquired"], buildings["requested"]) == (
        1000.0, 600.0, 0.0, 600.0)
    assert buildings["unfunded"] == 2 and buildings["financed_share"] == 0.0  # asked for is not acquired
    assert (total["commitments"], total["cost"], total["funding"], total["unfunded"]) == (4, 2000.0, 950.0, 2)
    assert total["financed_share"] == pytest.approx(250 / 2000)
    without_cost = by_sector(commitments.assign(total_cost=None)).set_index("sector")
    assert math.isnan(without_cost.loc["Total", "financed_share"])


@pytest.mark.parametrize("cost, problem", [
    ("-5", "le coût total (€) doit être compris entre 0 et 10 000 000 000 (−5 lu)."),
    ("cher", "« cher » n'est pas un nombre."),
])
def test_a_bad_cost_is_said_in_french(cost, problem):
    assert plain(validate({"total_cost": cost}, Context("53", {}, {})).errors["total_cost"]) == problem


def test_financing_beyond_the_cost_is_a_warning_not_a_refusal():
    lines = [{"source": "DSIL", "amount": "100000"}, {"source": "Fonds vert", "amount": "20000,4"}]
    checked = validate({"total_cost": "100 000", "financing": lines}, Context("53", {}, {}))
    assert "total_cost" not in checked.errors and "financing" not in checked.errors
    assert [plain(w) for w in checked.warnings] == [
        "Le financement (120 000 €) dépasse le coût total (100 000 €) de 20 000 €."]
    assert validate({"total_cost": "120000,4", "financing": lines}, Context("53", {}, {})).warnings == []


def test_the_form_saves_the_cost_and_the_lines_and_says_the_excess(app, client, stored):  # noqa: F811
    inputs = {**cf.inputs_from(stored), "cost": "200 000"}
    lines = [{"source": "DSIL", "amount": "150000", "year": "2025", "status": "accordé"},
             {"source": "Fonds chaleur", "amount": "100 000", "year": "2026", "status": "sollicité"}]
    response = post(client, app, "dashboard.pages.roadmap._save", ("roadmap-save.n_clicks", {
        **{f"{cf.input_id(n)}.value": v for n, v in inputs.items()}, **financing_rows(lines),
        "roadmap-save.n_clicks": 1, "roadmap-params.data": PARAMS, "roadmap-form-base.data": {
            "id": stored["commitment_id"], "version": stored["version"], "inputs": cf.inputs_from(stored)}}, None))
    assert plain(response.json["response"]["roadmap-form-message"]["children"]) == (
        f"Engagement n° {stored['commitment_id']} enregistré (version 2). Le financement (250 000 €) dépasse le "
        "coût total (200 000 €) de 50 000 €.")
    saved = store.fetch(commitment_store.get, stored["commitment_id"])
    assert saved["total_cost"] == 200000.0
    assert saved["financing"] == (("DSIL", None, 150000.0, 2025, "accordé"),
                                  ("Fonds chaleur", None, 100000.0, 2026, "sollicité"))


def test_the_template_carries_the_cost_a_bad_one_is_refused_and_a_file_without_it_keeps_it(real_copy, tmp_path):
    frame = sample(real_copy, 3).astype(object)
    frame["Coût total (€)"] = [1_000_000, None, 10]
    frame.loc[2, "Financement (€)"] = 40  # a template made before the « Financements » sheet: still read
    code, output = run("engagements", xlsx(tmp_path / "e.xlsx", frame), "--region", "53")
    assert code == 0 and "3 ajoutés" in output, output
    assert "ligne 4 : Le financement (40 €) dépasse le coût total (10 €) de 30 €." in plain(output)
    assert rows(real_copy)["total_cost"].tolist()[:1] == [1_000_000.0]
    assert rows(real_copy)["financing"].tolist()[2][0][2:] == (40.0, None, None)  # one line, of unknown year
    before = fingerprint(real_copy, TABLES)
    exported = rows(real_copy)
    older = pd.DataFrame({"Identifiant": exported["commitment_id"], "Version": exported["version"]}).join(
        frame.drop(columns=["Identifiant", "Version", "Coût total (€)"]))
    code, output = run("engagements", xlsx(tmp_path / "avant.xlsx", older), "--region", "53")
    assert "0 ajouté, 0 modifié, 3 inchangés" in output, output
    bad = frame.loc[[0]].assign(**{"Coût total (€)": "un million", "Intitulé": "Autre"})
    code, output = run("engagements", xlsx(tmp_path / "mauvais.xlsx", bad), "--region", "53")
    assert code == 1 and "- ligne 2 : Coût total (€) : « un million » n'est pas un nombre." in output, output
    assert fingerprint(real_copy, TABLES) == before
