"""A commitment carried by several territories, each with its share (issue 23, point 3): counted for its share in
each, once in the region, by hand; the shares read and refused in French the same way in the form, the grid and the
template, nothing written when refused; kept by the migration, the history, the exports and the frozen versions."""

from __future__ import annotations

import pandas as pd
import pytest

from bench.dash_requests import post
from dashboard import store
from dashboard.features.roadmap import coverage as roadmap
from dashboard.features.roadmap import form as cf
from dashboard.features.roadmap import maquette
from data.db import applied_versions, connect, migrate, migrations
from domain import commitment_store, snapshots, versions
from domain.commitments import FIELDS, Context, validate
from domain.territory_shares import read, written
from tests.browsing import plain
from tests.conftest import fingerprint, sign_in_team
from tests.identities import bretagne_crtes
from tests.roadmap_fixtures import PARAMS
from tests.test_commitment_saves import LEVER
from tests.test_commitments_loader import rows, run, sample, xlsx

TABLES = ["commitments", "commitment_history", "commitment_territories"]
A, B, C = "crte-a", "crte-b", "crte-c"
CONTEXT = Context("53", {("crte", A): "A", ("crte", B): "B", ("crte", C): "C", ("departement", "29"): "Finistère"},
                  {})
BASE = {"territory_level": "crte", "territory_code": A, "carrier": "Syndicat", "title": "Achats groupés",
        "start_year": "2025", "end_year": "2028", "status": "engagé", "theme": "ingénierie et coopération"}


# --- arithmetic, by hand -----------------------------------------------------------------------------------------

def commitments_frame() -> pd.DataFrame:
    """A (10 kt) shared 60/40 by CRTE A and B; B alone (5 kt); C shared in thirds by A, B and C (3 kt)."""
    return pd.DataFrame({
        "commitment_id": [1, 2, 3], "title": ["a", "b", "c"], "carrier": ["p", "q", "r"],
        "territory_level": ["crte", "crte", "crte"], "territory_code": [A, B, C],
        "territories": [(("crte", A, 0.6), ("crte", B, 0.4)), (), (("crte", A, 1 / 3), ("crte", B, 1 / 3),
                                                                   ("crte", C, 1 / 3))],
        "sector": ["Transport", "Transport", "Transport"], "quantity_kt": [10.0, 5.0, 3.0],
        "start_year": [2020, 2020, 2020], "end_year": [2020, 2020, 2020], "status": ["engagé"] * 3,
        "maturity": [None] * 3, "total_cost": [1000.0, None, 300.0],
        "financing": [(("DSIL", None, 500.0, 2020, "accordé"),), (), (("DSIL", None, 300.0, 2020, "versé"),)],
        "objectives": [(("eau", 2.0),), (), ()],
    })


def members(*codes: str) -> pd.DataFrame:
    return pd.DataFrame({"level": ["crte"] * len(codes), "code": list(codes)})


def test_a_shared_commitment_counts_its_share_in_each_territory_and_once_in_the_region():
    frame = commitments_frame()
    in_a = roadmap.in_territory(frame, members(A))
    assert in_a["share"].tolist() == pytest.approx([0.6, 1 / 3])
    total = roadmap.sector_coverage(pd.DataFrame({"sector": ["Transport"], "obj_co2_kt": [20.0]}), in_a)
    assert total.set_index("sector").loc["Total", "committed_kt"] == pytest.approx(6.0 + 1.0)
    in_b = roadmap.in_territory(frame, members(B))
    assert roadmap.trajectory(20.0, in_b)["committed_kt"].iloc[-1] == pytest.approx(4.0 + 5.0 + 1.0)
    region = roadmap.in_territory(frame, None)
    assert roadmap.trajectory(20.0, region)["committed_kt"].iloc[-1] == pytest.approx(18.0)  # each once
    both = roadmap.in_territory(frame, members(A, B))  # a territory holding both CRTE: A whole, C for 2/3
    assert both["share"].tolist() == pytest.approx([1.0, 1.0, 2 / 3])
    money = maquette.by_sector(in_a).set_index("sector").loc["Total"]
    assert (money["cost"], money["funding"]) == pytest.approx((600.0 + 100.0, 300.0 + 100.0))
    water = roadmap.objective_coverage(pd.DataFrame({"indicator_id": ["eau"], "name": ["Eau"], "unit": ["m³"],
                                                     "needed": [-10.0]}), in_a, whole_region=False)
    assert water["committed"].tolist() == pytest.approx([1.2])
    parts = roadmap.parts_coverage(pd.DataFrame({"code": [A, B, C], "name": ["A", "B", "C"]}),
                                   pd.DataFrame({"parent_code": [A, B, C], "level": ["crte"] * 3, "code": [A, B, C]}),
                                   frame, {A: 10.0, B: 10.0, C: 10.0})
    assert parts["committed_kt"].tolist() == pytest.approx([7.0, 10.0, 1.0])
    assert parts["committed_kt"].sum() == pytest.approx(18.0)


# --- validation --------------------------------------------------------------------------------------------------

def test_shares_are_read_given_or_equal_and_written_back_the_same_way():
    given = validate({**BASE, "territories": f"CRTE {A} : 60 ; crte {B}: 40"}, CONTEXT)
    assert given.ok, given.errors
    assert given.values["territories"] == (("crte", A, 0.6), ("crte", B, 0.4))
    equal = validate({**BASE, "territories": f"CRTE {A} ; CRTE {B} ; CRTE {C}"}, CONTEXT).values["territories"]
    assert [share for _, _, share in equal] == [1 / 3] * 3
    assert written(equal) == f"CRTE {A} : 33,33333333 ; CRTE {B} : 33,33333333 ; CRTE {C} : 33,33333333"
    again, problem = read(written(equal), CONTEXT.territories, ("crte", A))
    assert problem is None and [s for _, _, s in again] == pytest.approx([1 / 3] * 3)
    assert validate({**BASE, "territories": f"CRTE {A} : 100"}, CONTEXT).values["territories"] == ()  # alone


@pytest.mark.parametrize("text, problem", [
    (f"CRTE {A} : 60 ; CRTE {B} : 30", "les parts font 90 % au lieu de 100 %."),
    (f"CRTE {B} : 60 ; CRTE {C} : 40",
     f"le territoire de l'engagement (CRTE {A}) doit être l'un des territoires qui le portent."),
    (f"CRTE {A} : 60 ; CRTE nulle-part : 40", "CRTE « nulle-part » introuvable dans la région."),
    (f"CRTE {A} : 60 ; CRTE {A} : 40", f"CRTE « {A} » est donné deux fois."),
    (f"CRTE {A} : 60 ; CRTE {B}", "donnez la part de chaque territoire, ou d'aucun (parts égales)."),
    (f"CRTE {A} : 100 ; CRTE {B} : 0", "chaque territoire porte une part positive de l'engagement."),
    (f"CRTE {A} : 160 ; CRTE {B} : -60",
     f"« CRTE {A} » : la part du territoire (%) doit être comprise entre 0 et 100 (160 lu)."),
    (f"CRTE {A} : beaucoup", f"« CRTE {A} » : « beaucoup » n'est pas un nombre."),
    (f"{A} : 60", f"« {A} : 60 » : écrivez le niveau, le code et la part (%), séparés par des points-virgules "
                  "(« CRTE crte-53-29-2 : 60 ; CRTE crte-53-29-3 : 40 »)."),
    (f"Commune 29232 : 50 ; CRTE {A} : 50", "« Commune 29232 : 50 » : écrivez le niveau, le code et la part (%), "
                                            "séparés par des points-virgules (« CRTE crte-53-29-2 : 60 ; CRTE "
                                            "crte-53-29-3 : 40 »)."),
    (f"CRTE {A} ; " * 150, "trop long (2 099 caractères, 2 000 au plus)."),
], ids=lambda value: value[:40])
def test_bad_shares_are_said_in_french(text, problem):
    assert plain(validate({**BASE, "territories": text}, CONTEXT).errors.get("territories")) == problem


# --- through the app ---------------------------------------------------------------------------------------------

@pytest.fixture
def shared(client):
    """Two CRTE of Bretagne and a commitment of the first, the client signed in as the regional team."""
    sign_in_team(client)
    with store.shared.cursor() as con:
        first, second = bretagne_crtes(con)[:2]
    values = {key: None for key in FIELDS} | {
        "territory_level": "crte", "territory_code": first, "lever_id": LEVER, "carrier": "Syndicat",
        "title": "Bornes partagées", "quantity_kt": 10.0, "quantity_phys": 4.677, "start_year": 2025,
        "end_year": 2028, "status": "engagé", "objectives": (), "territories": ()}
    number = store.write(commitment_store.create, "53", values, "equipe")
    return first, second, store.fetch(commitment_store.get, number)


def test_a_commitment_shared_60_40_in_the_form_counts_60_and_40_in_each_crte_and_once_in_the_region(
        app, client, shared):
    first, second, record = shared
    from dashboard.features.roadmap.data import build
    region_before = build("53").total["committed_kt"]
    inputs = {**cf.inputs_from(record), "territories": f"CRTE {first} : 60 ; CRTE {second} : 40"}
    response = post(client, app, "dashboard.pages.roadmap._save", ("roadmap-save.n_clicks", {
        **{f"{cf.input_id(n)}.value": v for n, v in inputs.items()}, "roadmap-save.n_clicks": 1,
        "roadmap-params.data": PARAMS, "roadmap-form-base.data": {
            "id": record["commitment_id"], "version": record["version"], "inputs": cf.inputs_from(record)}}, None))
    assert "(version 2)" in response.text, response.text[:500]
    saved = store.fetch(commitment_store.get, record["commitment_id"])
    assert saved["territories"] == (("crte", first, 0.6), ("crte", second, 0.4))
    for code, part in ((first, 0.6), (second, 0.4)):
        mine = build("53", "crte", code).commitments.set_index("commitment_id")
        assert mine.loc[record["commitment_id"], "share"] == pytest.approx(part)
    assert build("53").total["committed_kt"] == pytest.approx(region_before)  # once in the region
    history = store.fetch(commitment_store.history, record["commitment_id"])
    assert history.iloc[0]["changes"] == {"territories": [[], [["crte", first, 0.6], ["crte", second, 0.4]]]}
    listed = client.get(f"/export/historique.csv?engagement={record['commitment_id']}").get_data(as_text=True)
    assert f"Territoires partagés (%) : (vide) → CRTE {first} : 60 ; CRTE {second} : 40" in listed


def test_bad_shares_in_the_grid_are_refused_and_nothing_is_written(app, client, shared):
    first, second, record = shared
    before = fingerprint(None, TABLES)
    row = {key: str(value) if hasattr(value, "isoformat") else value for key, value in record.items()}
    text = f"CRTE {first} : 70 ; CRTE {second} : 40"
    response = post(client, app, "dashboard.pages.roadmap._edit_cell", ("roadmap-grid.cellValueChanged", {
        "roadmap-grid.cellValueChanged": [{"colId": "territories", "value": text,
                                           "data": {**row, "objectives": "", "territories": text}}],
        "roadmap-params.data": PARAMS}, None))
    assert response.status_code == 200
    assert (f"Engagement n° {record['commitment_id']} non modifié : Territoires partagés (%) : les parts font 110 % "
            "au lieu de 100 %.") in plain(response.json["response"]["roadmap-grid-message"]["children"])
    assert fingerprint(None, TABLES) == before


# --- the template ------------------------------------------------------------------------------------------------

def test_the_template_carries_shares_re_imports_unchanged_and_a_bad_line_is_refused_with_its_number(
        real_copy, tmp_path):
    with connect(real_copy, read_only=True) as con:
        first, second = bretagne_crtes(con)[:2]
    frame = sample(real_copy, 3).astype(object)
    frame.loc[0, ["Niveau", "Code territoire", "Territoires partagés (%)"]] = [
        "CRTE", first, f"CRTE {first} : 60 ; CRTE {second} : 40"]
    code, output = run("engagements", xlsx(tmp_path / "e.xlsx", frame), "--region", "53")
    assert code == 0 and "3 ajoutés" in output, output
    stored = rows(real_copy).set_index("title")
    assert stored.loc[frame.loc[0, "Intitulé"], "territories"] == (("crte", first, 0.6), ("crte", second, 0.4))
    before = fingerprint(real_copy, TABLES)
    from domain.commitment_template import template_frame
    exported = template_frame(rows(real_copy))
    code, output = run("engagements", xlsx(tmp_path / "export.xlsx", exported), "--region", "53")
    assert "0 ajouté, 0 modifié, 3 inchangés" in output, output
    older = exported.drop(columns=["Territoires partagés (%)"])  # a file made before the column keeps the shares
    code, output = run("engagements", xlsx(tmp_path / "avant.xlsx", older), "--region", "53")
    assert "0 ajouté, 0 modifié, 3 inchangés" in output, output
    bad = exported.loc[[0]].assign(**{"Territoires partagés (%)": f"CRTE {first} : 50 ; CRTE {second} : 40"})
    code, output = run("engagements", xlsx(tmp_path / "mauvais.xlsx", bad), "--region", "53")
    assert code == 1 and ("- ligne 2 : Territoires partagés (%) : les parts font 90 % au lieu de 100 %."
                          in plain(output)), output
    assert fingerprint(real_copy, TABLES) == before


# --- the migration and the frozen versions ------------------------------------------------------------------------

def test_a_commitment_made_before_the_migration_is_carried_by_its_territory_alone(tmp_path):
    with connect(tmp_path / "avant.duckdb") as con:
        applied_versions(con)
        for version, name, sql in [m for m in migrations() if m[0] < 42]:
            con.execute(sql)
            con.execute("INSERT INTO schema_migrations (version, name) VALUES (?, ?)", [version, name])
        con.execute("INSERT INTO commitments (commitment_id, region, territory_level, territory_code, lever_id, "
                    "carrier, title, quantity_kt, start_year, end_year, status, version, created_at, created_by, "
                    "updated_at, updated_by) VALUES (7, '53', 'crte', 'crte-a', 'velo', 'CD29', 'Pistes', 2.5, "
                    "2024, 2027, 'engagé', 3, now(), 'a', now(), 'a')")
        migrate(con)
        assert commitment_store.get(con, 7)["territories"] == ()
        frame = con.execute("SELECT * FROM commitments").df().assign(territories=[()])
        assert roadmap.in_territory(frame, members("crte-a"))["share"].tolist() == [1.0]


def test_a_frozen_version_keeps_the_shares_it_was_frozen_with(real_copy):
    with connect(real_copy) as con:
        first, second = bretagne_crtes(con)[:2]
        values = validate({**BASE, "territory_code": first, "territories": f"CRTE {first} ; CRTE {second}"},
                          commitment_store.context(con, "53")).values
        number = commitment_store.create(con, "53", values, "equipe")
        version = versions.freeze(con, "53", "COP de mars", versions.Retained(), "equipe")
        commitment_store.update(con, number, 1, {**values, "territories": ()}, "equipe")
        assert commitment_store.get(snapshots.database(con, version), number)["territories"] == (
            ("crte", first, 0.5), ("crte", second, 0.5))
        assert commitment_store.get(con, number)["territories"] == ()
