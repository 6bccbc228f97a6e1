"""A frozen version is a snapshot of everything the roadmap shows (domain/snapshots.py): what happens after the freeze
— an edited commitment, a méthode's new key, another vintage of the SGPE panorama, an undone key import, observations
and commitments imported (one undone), every writing callback, the migrations run again — changes the live figures,
never the version's; a write that would change a version is refused
and rolled back; the versions frozen before migration 030 become snapshots of the commitments they held."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from bench.dash_requests import post
from dashboard import store
from data.commitment_samples import sample_template
from data.db import connect, migrate, migrations
from domain import commitment_store, scenarios, snapshots, versions
from domain.errors import UserError
from domain.split import region_split
from domain.split_methods import save_method
from loaders.commitments import load_commitments
from loaders.observations import load_observations
from loaders.sgpe import load_sgpe
from loaders.undo import undo_import
from tests.conftest import OBSERVATIONS, SGPE, app_on, fingerprint, shared
from tests.identities import forge
from tests.layouts import after_main_chart_placed, router_answer
from tests.test_write_gate import WRITERS, gated, replays  # noqa: F401  (gated: fixture)
from tests.version_fixtures import LEVER, METHOD, REGION, another_vintage, freeze_bretagne

ROOT = Path(__file__).resolve().parent.parent


def figures(con, method_id: int) -> dict:
    """What the roadmap and the déclinaison show of the region: its commitments, objectives (with their vintage), the
    retained scenario's values, and the split by CRTE under the méthode."""
    split = region_split(con, REGION, method_id, "crte")
    return {
        "commitments": commitment_store.region_commitments(con, REGION).sort_values("commitment_id")
        .reset_index(drop=True),
        "objectives": con.execute("SELECT lever_id, obj_co2_kt, vintage FROM lever_objectives WHERE territory_level ="
                                  " 'region' AND territory_code = ? ORDER BY lever_id", [REGION]).df(),
        "scenario": con.execute("SELECT lever_id, done_kt FROM scenario_levers ORDER BY lever_id").df(),
        "split": split.parts.sort_values(["territory_code", "lever_id"]).reset_index(drop=True),
    }


def assert_same(found: dict, expected: dict) -> None:
    for name, frame in expected.items():
        pd.testing.assert_frame_equal(found[name], frame, check_dtype=False, obj=name)


@pytest.fixture
def frozen(real_copy, tmp_path):
    """(connection, version, method, figures when frozen): Bretagne's roadmap with commitments, a scenario and the
    méthode « Parc » for one lever, frozen."""
    with connect(real_copy) as con:
        yield from _frozen(con, tmp_path)


def _frozen(con, tmp_path: Path):
    migrate(con)
    version, method, import_id = freeze_bretagne(con, tmp_path)
    yield con, version, method, import_id, figures(snapshots.database(con, version), method)


def test_what_happens_after_a_freeze_changes_the_live_figures_never_the_version_s(frozen, tmp_path):
    con, version, method, key_import, then = frozen
    sealed = versions.seals(con, content=True)
    assert_same(figures(con, method), then)  # the version shows what the live data showed when frozen

    commitment = int(then["commitments"]["commitment_id"].iloc[0])
    stored = commitment_store.get(con, commitment)
    commitment_store.update(con, commitment, 1, {**stored, "quantity_kt": 40.0, "title": "Bornes rapides"}, "dreal")
    save_method(con, METHOD, {LEVER: "superficie"})
    load_sgpe(con, another_vintage(tmp_path), "2025")
    undo_import(con, key_import)
    scenarios.save_lever_value(con, int(con.execute("SELECT scenario_id FROM scenarios").fetchone()[0]), LEVER,
                               "done_kt", 300.0, 1)
    load_observations(con, shared(OBSERVATIONS))
    sample_template(commitment_store.context(con, REGION), 5, seed=9).to_csv(tmp_path / "e.csv", sep=";", index=False)
    load_commitments(con, tmp_path / "e.csv", REGION, "dreal")
    undo_import(con, con.execute("SELECT max(import_id) FROM imports").fetchone()[0])
    migrate(con)

    now = figures(con, method)
    for name in then:  # every part changed in the live data…
        assert not now[name].equals(then[name]), name
    assert set(now["objectives"]["vintage"]) == {"2025"}
    assert_same(figures(snapshots.database(con, version), method), then)  # … and none in the version
    assert versions.seals(con, content=True) == sealed


def test_the_objectives_keep_their_vintages_and_the_pages_read_the_newest(real_copy, tmp_path):
    with connect(real_copy) as con:
        before = con.execute("SELECT count(*), sum(obj_co2_kt) FROM lever_objectives").fetchone()
        outcome = load_sgpe(con, another_vintage(tmp_path), "2025")
        kept = con.execute("SELECT vintage, count(*), sum(obj_co2_kt) FROM objective_vintages GROUP BY 1 ORDER BY 1"
                           ).fetchall()
        shown = con.execute("SELECT count(*), sum(obj_co2_kt), min(vintage), max(vintage) FROM lever_objectives"
                            ).fetchone()
        assert [row[:2] for row in kept] == [("2024", before[0]), ("2025", before[0])]
        assert kept[0][2] == pytest.approx(before[1])
        assert shown[0] == before[0] and shown[1] == pytest.approx(before[1] * 1.1, rel=1e-3)
        assert shown[2:] == ("2025", "2025")
        assert any("millésime 2024 des objectifs reste chargé" in notice and "2025" in notice
                   for notice in outcome.notices)
        load_sgpe(con, shared(SGPE), "2024")  # an older vintage loaded again: the pages keep the newest
        assert con.execute("SELECT DISTINCT vintage FROM lever_objectives").fetchall() == [("2025",)]


def test_a_write_that_changes_a_frozen_version_is_refused_and_rolled_back(frozen):
    con, version, _, _, _ = frozen
    sealed = versions.seals(con, content=True)
    tampering = [
        "UPDATE roadmap_version_rows SET data = replace(data, 'Bornes', 'Pirate') WHERE version_id = $v",
        "DELETE FROM roadmap_version_rows WHERE version_id = $v AND part = 'lever_objectives'",
        "UPDATE roadmap_versions SET name = 'pirate' WHERE version_id = $v",
        "DELETE FROM roadmap_version_parts WHERE version_id = $v",
    ]
    for statement in tampering:
        con.execute("BEGIN TRANSACTION")
        before = versions.seals(con)
        con.execute(statement, {"v": version})
        with pytest.raises(UserError, match="version figée"):
            versions.unchanged(con, before, content=True)
        con.execute("ROLLBACK")
    assert versions.seals(con, content=True) == sealed


VERSION_TABLES = re.compile(r"\b(UPDATE|DELETE\s+FROM|INSERT\s+(OR\s+REPLACE\s+)?INTO|TRUNCATE|ALTER\s+TABLE|"
                            r"DROP\s+TABLE)\s+(roadmap_version\w*)", re.IGNORECASE)


def test_no_statement_of_the_project_updates_or_deletes_a_version_s_rows():
    """Only freezing writes a version (INSERT); of the migrations, only 030, which made the versions snapshots."""
    found = []
    for path in sorted([*ROOT.glob("dashboard/**/*.py"), *ROOT.glob("domain/*.py"), *ROOT.glob("loaders/*.py"),
                        *ROOT.glob("data/*.py"), *ROOT.glob("data/migrations/*.sql")]):
        for match in VERSION_TABLES.finditer(path.read_text(encoding="utf-8")):
            found.append((path.relative_to(ROOT).as_posix(), match.group(1).split()[0].upper(), match.group(3)))
    writes = {(file, verb, table) for file, verb, table in found if not file.startswith("data/migrations/")}
    assert writes == {("domain/versions.py", "INSERT", "roadmap_versions"),
                      ("domain/snapshots.py", "INSERT", "roadmap_version_rows"),
                      ("domain/snapshots.py", "INSERT", "roadmap_version_parts")}
    assert {file for file, _, _ in found if file.startswith("data/migrations/")} == {
        "data/migrations/030_version_snapshots.sql"}


def test_a_version_frozen_before_the_snapshots_keeps_its_commitments_with_a_note(tmp_path):
    path = tmp_path / "ancienne.duckdb"
    with connect(path) as con:
        con.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR NOT NULL,"
                    " applied_at TIMESTAMP NOT NULL DEFAULT current_timestamp)")
        for number, name, sql in migrations():
            if number >= 30:
                break
            con.execute(sql)
            con.execute("INSERT INTO schema_migrations (version, name) VALUES (?, ?)", [number, name])
        con.execute("INSERT INTO territories (level, code, name, source) VALUES ('region', '53', 'Bretagne', 'IGN')")
        columns = [name for (name,) in con.execute(
            "SELECT column_name FROM duckdb_columns() WHERE table_name = 'roadmap_version_commitments'"
            " ORDER BY column_index").fetchall()]
        con.execute("INSERT INTO roadmap_versions (version_id, region, name, frozen_at, frozen_by, commitment_count)"
                    " VALUES (7, '53', 'COP de mars', TIMESTAMP '2026-03-12 10:00', 'dreal', 2)")
        values = {"version_id": 7, "region": "53", "territory_level": "region", "territory_code": "53",
                  "lever_id": LEVER, "carrier": "Région", "start_year": 2025, "end_year": 2028, "status": "engagé",
                  "version": 1, "created_by": "dreal", "updated_by": "dreal", "created_at": "2026-03-01 09:00",
                  "updated_at": "2026-03-01 09:00"}
        for number, (title, kt) in enumerate((("Bornes", 12.5), ("Covoiturage", 3.0)), start=1):
            row = {**values, "commitment_id": number, "title": title, "quantity_kt": kt}
            present = [c for c in columns if c in row]
            con.execute(f"INSERT INTO roadmap_version_commitments ({', '.join(present)}) VALUES "
                        f"({', '.join('?' * len(present))})", [row[c] for c in present])
        migrate(con)
        header = versions.header(con, 7)
        assert header.name == "COP de mars" and not header.complete
        assert "seuls ses engagements ont été conservés" in header.note
        kept = commitment_store.region_commitments(snapshots.database(con, 7), "53")
        assert kept[["commitment_id", "title", "quantity_kt"]].values.tolist() == [[1, "Bornes", 12.5],
                                                                                    [2, "Covoiturage", 3.0]]
        assert snapshots.database(con, 7).execute("SELECT count(*) FROM lever_objectives").fetchone() == (0,)


def test_every_writing_callback_sent_by_an_editor_leaves_the_frozen_versions_as_they_were(gated):
    app, client, ids = gated
    frozen = {region: store.write(versions.freeze, region, f"COP {region}", versions.Retained(), "dreal")
              for region in (REGION, "84")}
    with store.shared.cursor() as con:
        sealed = versions.seals(con, content=True)
        then = {version: fingerprint(snapshots.database(con, version)) for version in frozen.values()}
        live = fingerprint(con, leaving=("changes",))
    forge(client, app.server.secret_key)
    attempts = replays(ids)
    for name in sorted(WRITERS):
        response = post(client, app, name, attempts[name])
        assert response.status_code == 200, (name, response.text[:500])
    with store.shared.cursor() as con:
        assert fingerprint(con, leaving=("changes",)) != live  # the editor's writes were saved…
        now = versions.seals(con, content=True)
        assert {version: now[version] for version in sealed} == sealed  # … and no version changed
        assert {version: fingerprint(snapshots.database(con, version)) for version in frozen.values()} == then


def page(client, path: str, search: str) -> list:
    """The page the router sends for ``path?search``, as Dash's layout JSON, with what comes once its main chart is
    drawn in its place."""
    return after_main_chart_placed(router_answer(client, path, search))


def texts(node) -> str:
    """Every text of a layout, in order, separated by spaces."""
    if isinstance(node, list):
        return " ".join(texts(child) for child in node)
    if isinstance(node, dict):
        return texts(node.get("props", {}).get("children"))
    return "" if node is None else str(node)


def csv_of(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    return response.get_data(as_text=True)


def test_a_version_opens_by_itself_with_its_own_figures_document_and_downloads(real_copy, tmp_path):
    with connect(real_copy) as con:
        migrate(con)
        _, version, method, _, _ = next(_frozen(con, tmp_path))
        crte = con.execute("SELECT min(child_code) FROM territory_links WHERE parent_level = 'region' AND"
                           " parent_code = ? AND child_level = 'crte'", [REGION]).fetchone()[0]
    fiche = f"&niveau=crte&code={crte}"
    with app_on(real_copy) as (_, client):
        search = f"?region={REGION}&version={version}"

        def shown() -> dict[str, str]:
            return {"roadmap": texts(page(client, "/feuille-de-route", search)),
                    "document": texts(page(client, "/feuille-de-route/document", search)),
                    "fiche": texts(page(client, "/declinaison/fiche", search + fiche)),
                    "fiche-territoire": csv_of(client, f"/export/fiche-territoire.csv{search}{fiche}"),
                    **{name: csv_of(client, f"/export/{name}.csv{search}")
                       for name in ("feuille-de-route", "engagements", "couverture-crte")}}

        then = shown()
        live_fiche = csv_of(client, f"/export/fiche-territoire.csv?region={REGION}{fiche}&methode={method}")
        live = texts(page(client, "/feuille-de-route/document", f"?region={REGION}"))
        assert "Version « présentée en COP » figée le" in then["roadmap"]
        assert "présentée le 14 mars 2027" in then["document"] and "Voir l'état actuel" in then["document"]
        listed = texts(page(client, "/feuille-de-route", f"?region={REGION}"))
        for said in (then["document"], listed):  # the sectors' headings, the list of versions
            counts = re.findall(r"(\d+) (engagement(?:s|\(s\))?)", said)
            assert counts and all(noun == ("engagement" if int(n) < 2 else "engagements") for n, noun in counts), counts
        assert "Bornes de recharge" in then["engagements"]
        assert "Méthode de la COP" in then["fiche"] and "version figée le" in then["fiche"]
        assert then["fiche-territoire"] == live_fiche  # the version's own méthode by default

        commitment = int(store.fetch(commitment_store.region_commitments, REGION)["commitment_id"].max())
        stored = store.fetch(commitment_store.get, commitment)
        store.write(commitment_store.update, commitment, stored["version"],
                    {**stored, "quantity_kt": 400.0, "title": "Bornes rapides"}, "dreal")
        store.write(save_method, METHOD, {LEVER: "superficie"})
        store.shared.close_if_idle()
        with connect(real_copy) as con:
            load_sgpe(con, another_vintage(tmp_path), "2025")
        assert shown() == then
        assert csv_of(client, f"/export/fiche-territoire.csv?region={REGION}{fiche}&methode={method}") != live_fiche
        assert texts(page(client, "/feuille-de-route/document", f"?region={REGION}")) != live
        assert "Bornes rapides" in csv_of(client, f"/export/engagements.csv?region={REGION}")

        compared = csv_of(client, f"/export/comparaison.csv{search}")
        assert "Bornes rapides" in compared and "modifié" in compared
        workbook = load_workbook(io.BytesIO(client.get(f"/export/comparaison-secteurs.xlsx{search}").data))
        notes = [row[0] for row in workbook["Source"].iter_rows(values_only=True)]
        assert "Les objectifs SGPE sont passés du millésime 2024 au millésime 2025." in notes
        assert "Les clés de la méthode de déclinaison « Méthode de la COP » ont changé" in " ".join(map(str, notes))
        assert "Secteur" in csv_of(client, f"/export/comparaison-secteurs.csv{search}")

        for wrong in ("999999", "abc", "1e3"):
            assert client.get(f"/export/engagements.csv?region={REGION}&version={wrong}").status_code == 404
            assert "role" in json.dumps(page(client, "/feuille-de-route", f"?region={REGION}&version={wrong}"))
        assert client.get(f"/export/engagements.csv?region=84&version={version}").status_code == 404
