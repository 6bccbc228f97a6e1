"""A commitment contributes to zero, one or several objectives (issue 23, point 2): its SGPE lever, the region's
objectives beyond greenhouse gases, or none with a theme. Counted once per objective, by hand; validated the same
way in the form, the grid and the template, in French, nothing written when refused; kept by the migration, the
history, the exports and the frozen versions."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from bench.dash_requests import post
from dashboard import store
from dashboard.features.roadmap import form as cf
from dashboard.features.roadmap.coverage import objective_coverage, sector_coverage, trajectory
from data.db import applied_versions, connect, migrate, migrations
from domain import commitment_store
from domain import regional_objectives as objectives
from domain.commitment_objectives import Objective, read, region_objectives, written
from domain.commitments import FIELDS, THEMES, Context, Lever, validate
from tests.browsing import plain
from tests.conftest import app_on, fingerprint
from tests.roadmap_fixtures import PARAMS
from tests.test_commitment_saves import LEVER
from tests.test_commitments_loader import rows, run, sample, xlsx
from tests.test_regional_objectives import GOOD, WATER, catalogued  # noqa: F401 (catalogued: a fixture)

TABLES = ["commitments", "commitment_history", "commitment_objectives"]
SOILS = "artif_ha"
CONTEXT = Context("53", {("departement", "29"): "Finistère"},
                  {"velo": Lever("velo", "Vélo", "Transport de voyageurs", "km", 2.0)},
                  objectives={WATER: Objective(WATER, "Prélèvements d'eau", "millions de m³"),
                              SOILS: Objective(SOILS, "Artificialisation", "ha"),
                              "part_bio": Objective("part_bio", "Part de la SAU en bio", "%")})
BASE = {"territory_level": "departement", "territory_code": "29", "carrier": "Finistère", "title": "Eau",
        "start_year": "2025", "end_year": "2028", "status": "engagé"}


# --- arithmetic, by hand -----------------------------------------------------------------------------------------

def test_each_objective_counts_each_commitment_once_and_a_lever_and_an_objective_both_count():
    regional = pd.DataFrame({"indicator_id": [WATER, SOILS, "part_bio"], "name": ["Eau", "Sols", "Bio"],
                             "unit": ["millions de m³", "ha", "%"], "needed": [-10.0, 50.0, 0.0]})
    commitments = pd.DataFrame({
        "sector": ["Transport de voyageurs", "Eau", "Eau", "Eau", "cohésion territoriale"],
        "quantity_kt": [5.0, None, None, None, None],
        "start_year": [2020, 2020, 2020, 2020, 2020], "end_year": [2030, 2030, 2030, 2030, 2030],
        "status": ["engagé", "proposé", "retenu en COP", "abandonné", "réalisé"],
        "objectives": [((WATER, 3.0),), ((WATER, 2.0),), ((SOILS, 10.0), (WATER, 4.0)), ((WATER, 100.0),), ()],
    })
    found = objective_coverage(regional, commitments, whole_region=True).set_index("indicator_id")
    assert found.loc[WATER, ["committed", "proposed", "counted"]].tolist() == [7.0, 2.0, 2]
    assert found.loc[WATER, "coverage"] == pytest.approx(0.7)  # 7 of the 10 millions of m³ the objective asks
    assert found.loc[SOILS, ["committed", "counted"]].tolist() == [10.0, 1]
    assert found.loc[SOILS, "coverage"] == pytest.approx(0.2)
    assert found.loc["part_bio", "committed"] == 0.0 and math.isnan(found.loc["part_bio", "coverage"])
    in_a_part = objective_coverage(regional, commitments, whole_region=False).set_index("indicator_id")
    assert in_a_part.loc[WATER, "committed"] == 7.0 and math.isnan(in_a_part.loc[WATER, "coverage"])
    # the commitment on a lever and an objective counts in the lever's coverage too; those without a lever in none
    by_sector = sector_coverage(pd.DataFrame({"sector": ["Transport de voyageurs"], "obj_co2_kt": [50.0]}),
                                commitments).set_index("sector")
    assert list(by_sector.index) == ["Transport de voyageurs", "Total"]
    assert by_sector.loc["Total", "committed_kt"] == 5.0 and by_sector.loc["Total", "coverage"] == pytest.approx(0.1)
    assert trajectory(50.0, commitments)["committed_kt"].iloc[-1] == 5.0


# --- validation --------------------------------------------------------------------------------------------------

def test_a_commitment_without_a_lever_contributes_to_regional_objectives_or_says_its_theme():
    both = validate({**BASE, "lever_id": "velo", "quantity_kt": "2", "objectives": f"{WATER} : 1,5 ; {SOILS}: 3"},
                    CONTEXT)
    assert both.ok, both.errors
    assert both.values["objectives"] == ((SOILS, 3.0), (WATER, 1.5)) and both.values["quantity_phys"] == 4.0
    alone = validate({**BASE, "objectives": f"{WATER} : 2"}, CONTEXT)
    assert alone.ok and alone.values["lever_id"] is None and alone.values["quantity_kt"] is None
    themed = validate({**BASE, "theme": "COHESION TERRITORIALE"}, CONTEXT)
    assert themed.ok and themed.values["theme"] == THEMES[0] and themed.values["objectives"] == ()
    assert validate({**BASE}, CONTEXT).errors == {"theme": (
        f"obligatoire pour un engagement sans levier ni objectif régional : {', '.join(THEMES)}.")}


@pytest.mark.parametrize("raw, field, problem", [
    ({"quantity_kt": "3"}, "lever_id", "obligatoire avec une quantité : de quel levier sont ces ktCO₂e ?"),
    ({"objectives": "nappes : 3"}, "objectives",
     f"« nappes » n'est pas un objectif régional de la région (objectifs : {WATER}, {SOILS}, part_bio)."),
    ({"objectives": f"{WATER} 3"}, "objectives", f"« {WATER} 3 » : écrivez « indicateur : valeur », séparés par des "
                                                 "points-virgules (« PRELEV_EAU : 1200 ; ARTIF_HA : 3,5 »)."),
    ({"objectives": f"{WATER} : -3"}, "objectives",
     f"« {WATER} » : la contribution à l'objectif doit être comprise entre 0 et 1 000 000 000 000 (−3 lu)."),
    ({"objectives": f"{WATER} : 0"}, "objectives",
     f"« {WATER} » : la contribution doit être positive (vers la cible 2030)."),
    ({"objectives": "part_bio : 120"}, "objectives",
     "« part_bio » : la contribution à l'objectif (points de %) doit être comprise entre 0 et 100 (120 lu)."),
    ({"objectives": f"{WATER} : beaucoup"}, "objectives", f"« {WATER} » : « beaucoup » n'est pas un nombre."),
    ({"objectives": f"{WATER} : 1 ; {WATER} : 2"}, "objectives", f"l'objectif « {WATER} » est donné deux fois."),
    ({"objectives": f"{WATER} : 1" + " " * 1000}, "objectives", None),  # trimmed: not too long
    ({"objectives": f"{WATER} : 1 ; " + "x" * 1000}, "objectives",
     "trop long (1 023 caractères, 1 000 au plus)."),
    ({"theme": "culture"}, "theme", f"« culture » inconnu : {', '.join(THEMES)}."),
])
def test_a_bad_contribution_or_theme_is_said_in_french(raw, field, problem):
    checked = validate({**BASE, "theme": THEMES[1], **raw}, CONTEXT)
    assert plain(checked.errors.get(field)) == problem if problem else field not in checked.errors, checked.errors


def test_contributions_are_written_the_way_they_are_read():
    pairs = ((SOILS, 3.5), (WATER, 1234567.891))
    assert written(pairs) == f"{SOILS} : 3,5 ; {WATER} : 1234567,891"
    assert read(written(pairs), CONTEXT.objectives) == (pairs, None)
    assert read([[WATER, 2.0]], CONTEXT.objectives) == (((WATER, 2.0),), None)  # as the history stores them
    assert read(" ", CONTEXT.objectives) == ((), None) and written(()) == ""


# --- through the app ---------------------------------------------------------------------------------------------

@pytest.fixture
def app(catalogued):  # noqa: F811
    """The app on the real copy where Bretagne has a water-withdrawal objective (100 in 2019, −10 %)."""
    with connect(catalogued) as con:
        objectives.save(con, "53", GOOD, None, "equipe")
    with app_on(catalogued) as (app, _):
        yield app


@pytest.fixture
def stored(client):
    """A commitment of 10 ktCO₂e on ``LEVER`` in the Finistère, the client signed in as the regional team."""
    from tests.conftest import sign_in_team
    sign_in_team(client)
    values = {key: None for key in FIELDS} | {
        "territory_level": "departement", "territory_code": "29", "lever_id": LEVER, "carrier": "Finistère",
        "title": "Bornes", "quantity_kt": 10.0, "quantity_phys": 4.677, "start_year": 2025, "end_year": 2028,
        "status": "engagé", "objectives": ()}
    number = store.write(commitment_store.create, "53", values, "equipe")
    return store.fetch(commitment_store.get, number)


def form_save(app, client, record: dict, changes: dict):
    inputs = {**cf.inputs_from(record), **changes}
    return post(client, app, "dashboard.pages.roadmap._save", ("roadmap-save.n_clicks", {
        **{f"{cf.input_id(n)}.value": v for n, v in inputs.items()}, "roadmap-save.n_clicks": 1,
        "roadmap-params.data": PARAMS, "roadmap-form-base.data": {
            "id": record["commitment_id"], "version": record["version"], "inputs": cf.inputs_from(record)}}, None))


def test_the_form_adds_an_objective_to_a_lever_s_commitment_it_counts_in_both_and_the_history_says_it(
        app, client, stored):
    response = form_save(app, client, stored, {"objectives": f"{WATER} : 4"})
    assert response.status_code == 200 and "(version 2)" in response.text, response.text[:500]
    saved = store.fetch(commitment_store.get, stored["commitment_id"])
    assert (saved["version"], saved["lever_id"], saved["objectives"]) == (2, LEVER, ((WATER, 4.0),))
    history = store.fetch(commitment_store.history, stored["commitment_id"])
    assert history.iloc[0]["changes"] == {"objectives": [[], [[WATER, 4.0]]]}
    from dashboard.features.roadmap.data import build
    view = build("53")
    water = view.objective_coverage.set_index("indicator_id").loc[WATER]
    assert (water["committed"], water["counted"]) == (4.0, 1) and water["coverage"] == pytest.approx(0.4)
    assert view.total["committed_kt"] >= 10.0
    page = client.get("/export/objectifs-engages.csv?region=53")
    assert page.status_code == 200 and "40,0" in page.get_data(as_text=True)
    the_history = client.get(f"/export/historique.csv?engagement={stored['commitment_id']}")
    assert f"Objectifs régionaux : (vide) → {WATER} : 4" in the_history.get_data(as_text=True)


def test_a_lever_removed_in_the_form_leaves_a_commitment_on_its_objective_alone(app, client, stored):
    response = form_save(app, client, stored, {"lever": None, "quantity-kt": "", "quantity-phys": "",
                                              "objectives": f"{WATER} : 2,5"})
    assert "(version 2)" in response.text, response.text[:500]
    saved = store.fetch(commitment_store.get, stored["commitment_id"])
    assert (saved["lever_id"], saved["quantity_kt"], saved["objectives"]) == (None, None, ((WATER, 2.5),))
    listed = store.fetch(commitment_store.region_commitments, "53").set_index("commitment_id")
    assert listed.loc[stored["commitment_id"], "sector"] == "Eau"  # its objective's theme


@pytest.mark.parametrize("where", ["formulaire", "tableau"])
def test_a_bad_contribution_in_the_form_or_the_grid_is_refused_and_nothing_is_written(app, client, stored, where):
    before = fingerprint(None, TABLES)
    if where == "formulaire":
        response = form_save(app, client, stored, {"objectives": "nappes : 3"})
        said = response.json["response"]["roadmap-e-objectives"]["children"]
    else:
        row = {key: str(value) if hasattr(value, "isoformat") else value for key, value in stored.items()}
        response = post(client, app, "dashboard.pages.roadmap._edit_cell", ("roadmap-grid.cellValueChanged", {
            "roadmap-grid.cellValueChanged": [{"colId": "objectives", "value": "nappes : 3",
                                               "data": {**row, "objectives": "nappes : 3"}}],
            "roadmap-params.data": PARAMS}, None))
        said = response.json["response"]["roadmap-grid-message"]["children"]
    assert response.status_code == 200
    assert f"Objectifs régionaux : « nappes » n'est pas un objectif régional de la région (objectifs : {WATER})." \
        in plain(said)
    assert fingerprint(None, TABLES) == before


def test_the_grid_changes_a_theme_and_keeps_the_contributions(app, client, stored):
    store.write(commitment_store.update, stored["commitment_id"], 1,
                {**stored, "objectives": ((WATER, 1.0 / 3),)}, "equipe")
    record = store.fetch(commitment_store.get, stored["commitment_id"])
    from dashboard.features.roadmap.grid import row_data
    row = next(r for r in row_data(store.fetch(commitment_store.region_commitments, "53").assign(
        review_state=None, review_comment=None, reviewed_at=None)) if r["commitment_id"] == record["commitment_id"])
    assert row["objectives"] == f"{WATER} : 0,3333333333"
    response = post(client, app, "dashboard.pages.roadmap._edit_cell", ("roadmap-grid.cellValueChanged", {
        "roadmap-grid.cellValueChanged": [{"colId": "theme", "value": THEMES[1], "data": {**row, "theme": THEMES[1]}}],
        "roadmap-params.data": PARAMS}, None))
    assert "(version 3)" in response.text, response.text[:500]
    saved = store.fetch(commitment_store.get, stored["commitment_id"])
    assert saved["theme"] == THEMES[1] and saved["objectives"] == ((WATER, 1.0 / 3),)  # written to ten digits, kept
    assert store.fetch(commitment_store.history, stored["commitment_id"]).iloc[0]["changes"] == {
        "theme": [None, THEMES[1]]}


# --- the template --------------------------------------------------------------------------------------------------

def test_the_template_carries_objectives_and_themes_and_re_imports_unchanged(catalogued, tmp_path):  # noqa: F811
    with connect(catalogued) as con:
        objectives.save(con, "53", GOOD, None, "equipe")
    frame = sample(catalogued, 4).astype(object)
    frame.loc[0, "Objectifs régionaux"] = f"{WATER} : 1,25"
    frame.loc[1, ["Levier (identifiant)", "ktCO₂e", "Objectifs régionaux"]] = [None, None, f"{WATER}: 3"]
    frame.loc[2, ["Levier (identifiant)", "ktCO₂e", "Thème"]] = [None, None, "Développement économique"]
    code, output = run("engagements", xlsx(tmp_path / "e.xlsx", frame), "--region", "53")
    assert code == 0 and "4 ajoutés" in output, output
    stored = rows(catalogued).set_index("title")
    titles = frame["Intitulé"].tolist()
    assert stored.loc[titles[0], "objectives"] == ((WATER, 1.25),) and stored.loc[titles[0], "lever_id"]
    assert stored.loc[titles[1], "objectives"] == ((WATER, 3.0),) and pd.isna(stored.loc[titles[1], "lever_id"])
    assert stored.loc[titles[2], "theme"] == "développement économique"
    before = fingerprint(catalogued, TABLES)
    from domain.commitment_template import template_frame
    exported = template_frame(rows(catalogued))
    code, output = run("engagements", xlsx(tmp_path / "export.xlsx", exported), "--region", "53")
    assert "0 ajouté, 0 modifié, 4 inchangés" in output, output
    older = exported.drop(columns=["Objectifs régionaux", "Thème"])  # a file made before the columns keeps them
    code, output = run("engagements", xlsx(tmp_path / "avant.xlsx", older), "--region", "53")
    assert "0 ajouté, 0 modifié, 4 inchangés" in output, output
    assert fingerprint(catalogued, TABLES) == before
    bad = exported.loc[[1]].assign(**{"Objectifs régionaux": f"{WATER} : -2"})
    code, output = run("engagements", xlsx(tmp_path / "mauvais.xlsx", bad), "--region", "53")
    assert code == 1 and (f"- ligne 2 : Objectifs régionaux : « {WATER} » : la contribution à l'objectif doit être "
                          "comprise entre 0 et 1 000 000 000 000 (−2 lu).") in plain(output), output
    none = exported.loc[[2]].assign(**{"Thème": None, "Identifiant": None, "Version": None, "Intitulé": "Autre"})
    code, output = run("engagements", xlsx(tmp_path / "sans.xlsx", none), "--region", "53")
    assert code == 1 and "- ligne 2 : Thème : obligatoire pour un engagement sans levier ni objectif régional" \
        in plain(output), output
    assert fingerprint(catalogued, TABLES) == before


# --- the migration -------------------------------------------------------------------------------------------------

def test_the_migration_keeps_every_commitment_on_its_lever_and_gives_it_no_other_objective(tmp_path):
    with connect(tmp_path / "avant.duckdb") as con:
        applied_versions(con)
        for version, name, sql in [m for m in migrations() if m[0] < 41]:
            con.execute(sql)
            con.execute("INSERT INTO schema_migrations (version, name) VALUES (?, ?)", [version, name])
        con.execute("INSERT INTO commitments (commitment_id, region, territory_level, territory_code, lever_id, "
                    "carrier, title, quantity_kt, start_year, end_year, status, version, created_at, created_by, "
                    "updated_at, updated_by) VALUES (7, '53', 'departement', '29', 'velo', 'CD29', 'Pistes', 2.5, "
                    "2024, 2027, 'engagé', 3, now(), 'a', now(), 'a')")
        before = con.execute("SELECT * FROM commitments")
        columns, before = [column[0] for column in before.description], before.fetchall()
        migrate(con)
        assert con.execute(f"SELECT {', '.join(columns)} FROM commitments").fetchall() == before
        assert con.execute("SELECT theme FROM commitments").fetchall() == [(None,)]
        assert con.execute("SELECT count(*) FROM commitment_objectives").fetchone() == (0,)
        stored = commitment_store.get(con, 7)
        assert (stored["lever_id"], stored["quantity_kt"], stored["objectives"]) == ("velo", 2.5, ())
        con.execute("UPDATE commitments SET lever_id = NULL, quantity_kt = NULL WHERE commitment_id = 7")


# --- frozen versions ---------------------------------------------------------------------------------------------

def test_a_frozen_version_keeps_the_contributions_and_objectives_it_was_frozen_with(catalogued):  # noqa: F811
    from domain import snapshots, versions
    with connect(catalogued) as con:
        objectives.save(con, "53", GOOD, None, "equipe")
        values = {**validate({**BASE, "objectives": f"{WATER} : 2"}, commitment_store.context(con, "53")).values}
        number = commitment_store.create(con, "53", values, "equipe")
        version = versions.freeze(con, "53", "COP de mars", versions.Retained(), "equipe")
        commitment_store.update(con, number, 1, {**values, "objectives": ((WATER, 5.0),)}, "equipe")
        then = snapshots.database(con, version)
        assert commitment_store.get(then, number)["objectives"] == ((WATER, 2.0),)
        assert commitment_store.get(con, number)["objectives"] == ((WATER, 5.0),)
        assert list(region_objectives(then, "53")) == [WATER]
        frozen = objective_coverage(objectives.region_objectives(then, "53"),
                                    commitment_store.region_commitments(then, "53"), whole_region=True)
        assert frozen["committed"].tolist() == [2.0] and frozen["coverage"].tolist() == pytest.approx([0.2])
