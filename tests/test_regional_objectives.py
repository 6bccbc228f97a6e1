"""Regional objectives beyond greenhouse gases (issue 23, point 1): checked once for the page and the file, their gap
computed by hand, loaded from a file with its journal and undo, bad files refused with file, line and column."""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest

from bench.dash_requests import post
from dashboard.features.gaps.objectives import INPUTS, MESSAGE, REGION
from dashboard.features.gaps.objectives import TABLE as TABLE_ID
from data.db import connect
from domain import regional_objectives as objectives
from domain.errors import UserError
from domain.gaps import AHEAD, BEHIND, ON_TRACK
from loaders.catalogue import load_catalogue
from loaders.indicators import load_indicators
from tests.conftest import fingerprint, sign_in_team
from tests.test_commitments_loader import run

WATER = "prelevements_eau"  # millions de m³, the catalogue's « Eau » indicator
TABLES = ["regional_objectives", "regional_objective_history"]
GOOD = {"indicator_id": WATER, "baseline_year": "2019", "baseline_value": "100", "target_change": "-10",
        "source": "SDAGE Loire-Bretagne", "status": "indicatif"}


@pytest.fixture
def catalogued(real_copy, tmp_path):
    """The real copy with the starting catalogue and Bretagne's water withdrawals: 100 in 2019, 98 in 2023."""
    values = tmp_path / "eau.csv"
    values.write_text(f"region;indicateur;annee;valeur\n53;{WATER};2019;100\n53;{WATER};2023;98\n", encoding="utf-8")
    with connect(real_copy) as con:
        load_catalogue(con)
        load_indicators(con, values)
    return real_copy


def test_the_gap_of_an_objective_is_computed_by_hand(catalogued):
    with connect(catalogued) as con:
        objectives.save(con, "53", GOOD, None, "equipe")
        gaps = objectives.gaps(objectives.region_objectives(con, "53"), objectives.observed(con, "53")).iloc[0]
    assert gaps["target_2030"] == pytest.approx(90.0) and gaps["needed"] == pytest.approx(-10.0)
    assert (gaps["observed_year"], gaps["observed_value"], gaps["progress"]) == (2023, 98.0, -2.0)
    assert gaps["expected"] == pytest.approx(-10 * 4 / 11)  # 4 of the 11 years from 2019 to 2030
    assert gaps["gap"] == pytest.approx(10 * 4 / 11 - 2)  # 1,64 behind: beyond 5 % of the 10 asked
    assert gaps["status_gap"] == BEHIND


@pytest.mark.parametrize("observed, status", [(96.4, ON_TRACK), (90.0, AHEAD)])
def test_the_status_follows_the_levers_tolerance(observed, status):
    frame = pd.DataFrame({"indicator_id": ["x"], "baseline_year": [2019], "baseline_value": [100.0],
                          "needed": [-10.0]})
    values = pd.DataFrame({"indicator_id": ["x", "x"], "year": [2019, 2023], "value": [100.0, observed]})
    assert objectives.gaps(frame, values).iloc[0]["status_gap"] == status


def test_an_absolute_target_and_a_rise():
    assert objectives.target(12.0, 15.0, None) == 15.0
    assert objectives.target(12.0, None, 25.0) == pytest.approx(15.0)


BAD = [
    ({"indicator_id": "eau_potable"}, "indicator_id", "« eau_potable » n'est pas un indicateur du catalogue."),
    ({"baseline_year": "1890"}, "baseline_year", "« 1890 » : année entière entre 1990 et 2030 attendue."),
    ({"baseline_value": "beaucoup"}, "baseline_value", "beaucoup"),
    ({"target_change": "-150"}, "target_change", "l'évolution visée (%)"),
    ({"target_change": None}, "target_value", "indiquez la cible 2030"),
    ({"target_value": "80"}, "target_change", "une seule cible"),
    ({"target_change": "0"}, "target_change", "aucun changement"),
    ({"source": "x" * 301}, "source", "trop long (301 caractères, 300 au plus)"),
    ({"source": None}, "source", "obligatoire"),
    ({"status": "officieux"}, "status", "« officieux » inconnu : officiel, indicatif, de travail."),
]


@pytest.mark.parametrize("change, field, fragment", BAD, ids=[b[1] + "-" + str(i) for i, b in enumerate(BAD)])
def test_a_bad_field_is_said_in_french_and_nothing_is_written(catalogued, change, field, fragment):
    with connect(catalogued) as con:
        checked = objectives.validate({**GOOD, **change}, objectives.catalogue(con))
        assert fragment in checked.errors[field], checked.errors
        before = fingerprint(con, TABLES)
        with pytest.raises(UserError, match=re.escape("Objectif non enregistré : " + objectives.LABELS[field])):
            objectives.save(con, "53", {**GOOD, **change}, None, "equipe")
        assert fingerprint(con, TABLES) == before


def test_a_change_over_an_older_version_is_a_conflict_and_an_unknown_region_is_refused(catalogued):
    with connect(catalogued) as con:
        number = objectives.save(con, "53", GOOD, None, "equipe")
        assert objectives.save(con, "53", {**GOOD, "status": "officiel"}, 1, "equipe") == number
        assert objectives.get(con, number)["version"] == 2
        assert objectives.save(con, "53", {**GOOD, "status": "de travail"}, 1, "equipe").stored["version"] == 2
        with pytest.raises(UserError, match="région « 99 » inconnue"):
            objectives.save(con, "99", GOOD, None, "equipe")
        with pytest.raises(UserError, match="déjà un objectif"):
            objectives.save(con, "53", GOOD, None, "equipe")


def objectives_file(path, *lines: str):
    path.write_text("region;indicateur;annee_reference;valeur_reference;cible_2030;evolution_visee;source;statut\n"
                    + "\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_a_file_of_objectives_loads_changes_and_undoes(catalogued, tmp_path):
    before = fingerprint(catalogued, TABLES)
    good = objectives_file(tmp_path / "objectifs.csv", f"Bretagne;{WATER};2019;100;;-10;SDAGE;indicatif",
                           "53;part_aires_protegees;2020;5;10;;SRADDET;officiel")
    code, output = run("objectifs", good)
    assert code == 0, output
    assert "2 ajoutés, 0 modifié, 0 inchangé" in output
    code, output = run("objectifs", good)
    assert "0 ajouté, 0 modifié, 2 inchangés" in output, output
    with connect(catalogued, read_only=True) as con:
        stored = objectives.region_objectives(con, "53").set_index("indicator_id")
        last = con.execute("SELECT max(import_id) FROM imports WHERE kind = 'objectifs'").fetchone()[0]
    assert stored.loc["part_aires_protegees", "target_2030"] == 10.0 and stored.loc[WATER, "status"] == "indicatif"
    code, output = run("annuler", last, "--oui")
    assert code == 1 and "n'a rien modifié : il n'y a rien à annuler" in output, output
    code, output = run("annuler", last - 1, "--oui")
    assert code == 0, output
    assert fingerprint(catalogued, TABLES) == before


@pytest.mark.parametrize("line, column, fragment", [
    ("Atlantide;prelevements_eau;2019;100;;-10;SDAGE;indicatif", "region", "région inconnue"),
    ("53;prelevements_eau;2019;100;;-10;SDAGE;provisoire", "statut", "« provisoire » inconnu"),
    ("53;prelevements_eau;2019;cent;;-10;SDAGE;indicatif", "valeur_reference", "cent"),
    ("53;eau;2019;100;;-10;SDAGE;indicatif", "indicateur", "« eau » n'est pas un indicateur du catalogue"),
])
def test_a_bad_line_refuses_the_file_naming_its_line_and_column(catalogued, tmp_path, line, column, fragment):
    before = fingerprint(catalogued, TABLES)
    path = objectives_file(tmp_path / "objectifs.csv", "53;part_aires_protegees;2020;5;10;;SRADDET;officiel", line)
    code, output = run("objectifs", path)
    assert code == 1, output
    assert "objectifs.csv" in output and "ligne 3" in output and column in output and fragment in output, output
    assert "Aucune donnée n'a été modifiée." in output
    assert fingerprint(catalogued, TABLES) == before


def save_in_page(app, client, **changes):
    values = {**GOOD, **changes}
    return post(client, app, "dashboard.features.gaps.objectives._save", ("gaps-objective-save.n_clicks", {
        "gaps-objective-save.n_clicks": 1, f"{REGION}.data": {"region": "53"},
        "gaps-objective-version.data": None, **{f"{INPUTS[name]}.value": values.get(name) for name in INPUTS}}, None))


def test_an_objective_typed_in_the_page_shows_in_ecarts_with_its_gap_and_status(catalogued, app, client):
    sign_in_team(client)
    before = fingerprint(None, TABLES)
    refused = save_in_page(app, client, target_change="-150")
    assert refused.status_code == 200
    assert refused.json["sideUpdate"][MESSAGE]["children"] == (
        "Objectif non enregistré : Évolution visée (%) : l'évolution visée (%) doit être comprise entre −100 et 1000 "
        "(−150 lu).")
    assert fingerprint(None, TABLES) == before
    saved = save_in_page(app, client)
    assert saved.json["response"][MESSAGE]["children"] == (
        "Objectif « Prélèvements d'eau (hors hydroélectricité) » enregistré (version 1).")
    table = json.dumps(saved.json["response"][TABLE_ID]["children"], ensure_ascii=False)
    for shown in ("Prélèvements d'eau", "millions de m³", "90", "98", BEHIND, "indicatif", "SDAGE Loire-Bretagne"):
        assert shown in table, shown


def test_a_visitor_cannot_save_an_objective(catalogued, app, client):
    before = fingerprint(None, TABLES)
    response = save_in_page(app, client)
    assert response.json["sideUpdate"][MESSAGE]["children"].startswith("Modification refusée")
    assert fingerprint(None, TABLES) == before


@pytest.mark.parametrize("extension", ["csv", "xlsx"])
def test_the_downloaded_objectives_reimport_unchanged(catalogued, app, client, tmp_path, extension):
    sign_in_team(client)
    save_in_page(app, client, target_change=None, target_value="87,35")
    response = client.get(f"/export/objectifs-regionaux.{extension}?region=53")
    assert response.status_code == 200
    path = tmp_path / f"objectifs.{extension}"
    path.write_bytes(response.data)
    before = fingerprint(None, TABLES)
    code, output = run("objectifs", path)
    assert code == 0 and "0 ajouté, 0 modifié, 1 inchangé" in output, output
    assert fingerprint(None, TABLES) == before
