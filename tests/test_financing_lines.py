"""The maquette financière (issue 23, point 5): a commitment's financing lines (source, amount, year, status), checked
in French with nothing written on error, carried by the form, the workbook's « Financements » sheet (re-imported
unchanged) and the frozen versions; the totals by source and year, by territory and source (shares counted), by
sector, the share financed and the annual maquette, by hand."""

from __future__ import annotations

import io

import openpyxl
import pandas as pd
import pytest

from bench.dash_requests import post
from dashboard import store
from dashboard.features.roadmap import coverage as roadmap
from dashboard.features.roadmap import form as cf
from dashboard.features.roadmap import maquette
from data.db import applied_versions, connect, migrate, migrations
from domain import commitment_store, financing_lines, snapshots, versions
from domain.commitments import Context, readable, validate
from domain.ranges import FINANCING_LINES
from loaders.commitments import load_commitments
from tests.browsing import plain
from tests.conftest import fingerprint
from tests.layouts import markdown_texts
from tests.roadmap_fixtures import PARAMS, financing_rows
from tests.test_commitment_saves import stored  # noqa: F401 (a fixture)
from tests.test_commitments_loader import run, sample

TABLES = ["commitments", "commitment_history", "commitment_financing"]
A, B = "crte-a", "crte-b"
PARTIES = {"ademe-bzh": "ADEME Bretagne"}
CONTEXT = Context("53", {("crte", A): "CRTE A", ("crte", B): "CRTE B"}, {}, parties=PARTIES)
BASE = {"territory_level": "crte", "territory_code": A, "carrier": "Syndicat", "title": "Réseau de chaleur",
        "start_year": "2025", "end_year": "2028", "status": "engagé", "theme": "cohésion territoriale"}


# --- validation -------------------------------------------------------------------------------------------------

def test_lines_are_read_a_free_source_accepted_and_blank_lines_ignored():
    checked = validate({**BASE, "financing": [
        {"source": " fonds VERT ", "amount": "120 000", "year": "2025", "status": "Accordé"},
        {"source": "Fondation du patrimoine", "amount": "2500,5"},
        dict.fromkeys(financing_lines.COLUMNS, ""),
        {"source": "ADEME Bretagne", "year": 2028, "status": "versé"}]}, CONTEXT)
    assert checked.ok, checked.errors
    assert checked.values["financing"] == (("Fonds vert", None, 120000.0, 2025, "accordé"),
                                           ("Fondation du patrimoine", None, 2500.5, None, None),
                                           ("ADEME Bretagne", "ademe-bzh", None, 2028, "versé"))


@pytest.mark.parametrize("line, message", [
    ({"source": "DSIL", "amount": "beaucoup"}, "ligne 2, Montant (€) : « beaucoup » n'est pas un nombre"),
    ({"source": "DSIL", "amount": "-5"}, "ligne 2, Montant (€) : le montant du financement (€) doit être compris "
                                         "entre 0 et"),
    ({"source": "DSIL", "amount": "0"}, "ligne 2, Montant (€) : doit être positif (laissez vide un montant à "
                                        "préciser)."),
    ({"source": "DSIL", "amount": "1e300"}, "ligne 2, Montant (€) : le montant du financement (€) doit être compris"),
    ({"source": "DSIL", "amount": "inf"}, "ligne 2, Montant (€) : "),
    ({"source": "DSIL", "amount": "nan"}, "ligne 2, Montant (€) : "),
    ({"source": "DSIL", "year": "2024"}, "ligne 2, Année : 2024 hors des années de l'engagement (2025–2028)."),
    ({"source": "DSIL", "year": "2029"}, "ligne 2, Année : 2029 hors des années de l'engagement (2025–2028)."),
    ({"source": "DSIL", "year": "deux mille"}, "ligne 2, Année : « deux mille » n'est pas une année."),
    ({"source": "DSIL", "year": "2026,5"}, "ligne 2, Année : « 2026,5 » : année entière entre 2015 et 2050 attendue."),
    ({"source": "DSIL", "status": "promis"}, "ligne 2, Statut du financement : « promis » inconnu : sollicité, "
                                             "accordé, engagé, versé."),
    ({"source": "x" * 501}, "ligne 2, Source : trop long"),
    ({"source": "DSIL\nDETR"}, "ligne 2, Source : retour à la ligne interdit"),
    ({"party": "inconnu"}, "ligne 2, Financeur au registre (code) : « inconnu » n'est pas au registre"),
    ({"amount": "1000", "year": "2026"}, "ligne 2, Source : obligatoire"),
])
def test_each_bad_field_of_a_line_is_named_in_french(line, message):
    checked = validate({**BASE, "financing": [{"source": "DSIL", "amount": "10"}, line]}, CONTEXT)
    assert set(checked.errors) == {"financing"} and plain(checked.errors["financing"]).startswith(message), \
        checked.errors


def test_a_line_s_year_keeps_to_the_plausible_range_when_the_commitment_s_years_are_wrong():
    checked = validate({**BASE, "end_year": "2020", "financing": [{"source": "DSIL", "year": "2060"}]}, CONTEXT)
    assert "end_year" in checked.errors
    assert checked.errors["financing"] == "ligne 1, Année : « 2060 » : année entière entre 2015 et 2050 attendue."


def test_too_many_lines_are_refused():
    lines = [{"source": "DSIL", "amount": "1"}] * (FINANCING_LINES + 1)
    assert validate({**BASE, "financing": lines}, CONTEXT).errors["financing"] == (
        f"{FINANCING_LINES + 1} lignes de financement : {FINANCING_LINES} au plus par engagement.")


# --- arithmetic, by hand -----------------------------------------------------------------------------------------

def commitments_frame() -> pd.DataFrame:
    """1: CRTE A's, shared 60/40 with B, 10 000 €, three lines over two years; 2: B's, 5 000 €, one engaged line;
    3: A's, cost unknown, one line of unknown year and status; 4: abandoned (counts nothing)."""
    return pd.DataFrame({
        "commitment_id": [1, 2, 3, 4], "title": ["Chaufferie", "Bus", "Isolation", "Abandonné"],
        "carrier": ["Syndicat", "Agglo", "Commune", "X"],
        "territory_level": ["crte"] * 4, "territory_code": [A, B, A, A],
        "territory_name": ["CRTE A", "CRTE B", "CRTE A", "CRTE A"],
        "territories": [(("crte", A, 0.6), ("crte", B, 0.4)), (), (), ()],
        "sector": ["Transports", "Transports", "Bâtiments", "Bâtiments"],
        "status": ["engagé", "retenu en COP", "proposé", "abandonné"],
        "total_cost": [10000.0, 5000.0, None, 1000.0],
        "financing": [(("DSIL", None, 3000.0, 2025, "accordé"), ("Fonds vert", None, 2000.0, 2025, "sollicité"),
                       ("DSIL", None, 1000.0, 2026, "versé")),
                      (("FEDER", None, 4000.0, 2026, "engagé"),),
                      (("Fonds chaleur", None, 500.0, None, None),),
                      (("DSIL", None, 9999.0, 2025, "accordé"),)],
    })


NAMES = {("crte", A): "A", ("crte", B): "B"}


def members(*codes: str) -> pd.DataFrame:
    return pd.DataFrame({"level": ["crte"] * len(codes), "code": list(codes)})


def test_totals_by_source_and_year_count_the_three_lines_over_two_years():
    table = maquette.by_source_year(commitments_frame()).set_index("source")
    assert list(table.columns) == ["2025", "2026", "année non précisée", "Total"]
    assert table.loc["DSIL"].tolist() == [3000.0, 1000.0, 0.0, 4000.0]
    assert table.loc["Fonds vert"].tolist() == [2000.0, 0.0, 0.0, 2000.0]
    assert table.loc["FEDER"].tolist() == [0.0, 4000.0, 0.0, 4000.0]
    assert table.loc["Fonds chaleur"].tolist() == [0.0, 0.0, 500.0, 500.0]
    assert table.loc["Total"].tolist() == [5000.0, 5000.0, 500.0, 10500.0]  # the abandoned 9 999 € left out


def test_a_crte_counts_its_share_of_a_shared_commitment_and_the_region_counts_it_once():
    frame = commitments_frame()
    in_a = roadmap.in_territory(frame, members(A))
    table = maquette.by_source_year(in_a).set_index("source")
    assert table.loc["DSIL"].tolist() == pytest.approx([1800.0, 600.0, 0.0, 2400.0])
    assert table.loc["Total", "Total"] == pytest.approx(0.6 * 6000 + 500)
    by_territory = maquette.by_territory_source(frame, None, NAMES).set_index("territory")
    assert by_territory.loc["A (CRTE)"].to_dict() == pytest.approx(
        {"DSIL": 2400.0, "FEDER": 0.0, "Fonds chaleur": 500.0, "Fonds vert": 1200.0, "Total": 4100.0})
    assert by_territory.loc["B (CRTE)"].to_dict() == pytest.approx(
        {"DSIL": 1600.0, "FEDER": 4000.0, "Fonds chaleur": 0.0, "Fonds vert": 800.0, "Total": 6400.0})
    assert by_territory.loc["Total", "Total"] == pytest.approx(10500.0)
    only_a = maquette.by_territory_source(in_a, members(A), NAMES).set_index("territory")
    assert list(only_a.index) == ["A (CRTE)", "Total"] and only_a.loc["Total", "Total"] == pytest.approx(4100.0)


def test_a_territory_without_commitments_has_an_empty_maquette_not_an_error():
    """A CRTE of the view that carries no commitment (the page showed an error instead of its maquette)."""
    nothing = roadmap.in_territory(commitments_frame(), members("crte-sans-engagement"))
    assert nothing.empty
    for table, key in [(maquette.by_territory_source(nothing, members("crte-sans-engagement"), NAMES), "territory"),
                       (maquette.by_source_year(nothing), "source")]:
        assert table.to_dict("list") == {key: ["Total"], "Total": [0.0]}
    assert maquette.by_sector(nothing).set_index("sector").loc["Total", "commitments"] == 0


def test_the_share_financed_counts_the_acquired_lines_over_the_known_costs():
    sectors = maquette.by_sector(commitments_frame()).set_index("sector")
    transports, total = sectors.loc["Transports"], sectors.loc["Total"]
    assert (transports["cost"], transports["funding"], transports["acquired"], transports["requested"]) == (
        15000.0, 10000.0, 8000.0, 2000.0)
    assert transports["financed_share"] == pytest.approx(8000 / 15000)
    assert (total["commitments"], total["funding"], total["unfunded"]) == (3, 10500.0, 1)
    in_b = maquette.by_sector(roadmap.in_territory(commitments_frame(), members(B))).set_index("sector")
    assert in_b.loc["Total", "financed_share"] == pytest.approx((0.4 * 4000 + 4000) / (0.4 * 10000 + 5000))


def test_the_commitments_without_acquired_financing_and_the_annual_maquette():
    frame = commitments_frame()
    unfunded = maquette.without_acquired(frame)
    assert unfunded["commitment_id"].tolist() == [3] and unfunded["requested"].tolist() == [500.0]
    year = maquette.annual(frame, 2025)
    assert year[["commitment_id", "source", "status", "amount"]].values.tolist() == [
        [1, "DSIL", "accordé", 3000.0], [1, "Fonds vert", "sollicité", 2000.0]]
    assert maquette.years(frame) == [2025, 2026]


# --- the store, the migration, the frozen versions -------------------------------------------------------------

def test_a_database_at_the_previous_schema_keeps_every_amount_and_source_as_one_line(tmp_path):
    with connect(tmp_path / "avant.duckdb") as con:
        applied_versions(con)
        for version, name, sql in [m for m in migrations() if m[0] != 43]:  # main's schema, up to 055
            con.execute(sql)
            con.execute("INSERT INTO schema_migrations (version, name) VALUES (?, ?)", [version, name])
        before = {7: (250000.0, "DSIL, Fonds vert"), 8: (None, "FEDER"), 9: (40.0, None), 10: (0.0, None),
                  11: (None, None), 12: (0.0, "CPER")}
        for number, (amount, sources) in before.items():
            con.execute("INSERT INTO commitments (commitment_id, region, territory_level, territory_code, lever_id, "
                        "carrier, title, quantity_kt, start_year, end_year, status, funding_amount, funding_sources, "
                        "version, created_at, created_by, updated_at, updated_by) VALUES (?, '53', 'crte', 'crte-a', "
                        "'velo', 'CD29', 'Pistes', 2.5, 2024, 2027, 'engagé', ?, ?, 3, now(), 'a', now(), 'a')",
                        [number, amount, sources])
        con.execute("INSERT INTO commitment_history (commitment_id, version, changed_at, author, action, changes) "
                    "VALUES (7, 3, now(), 'a', 'modification', '{\"funding_amount\": [200000, 250000]}')")
        assert migrate(con) == ["043_financing_lines"]
        assert {number: commitment_store.get(con, number)["financing"] for number in before} == {
            7: (("DSIL, Fonds vert", None, 250000.0, None, None),), 8: (("FEDER", None, None, None, None),),
            9: (("Source non précisée", None, 40.0, None, None),), 10: (), 11: (),
            12: (("CPER", None, None, None, None),)}
        assert con.execute("SELECT funding_amount, funding_sources FROM commitments WHERE commitment_id = 7"
                           ).fetchone() == (250000.0, "DSIL, Fonds vert")  # the former columns, untouched
        history = commitment_store.history(con, 7)
        assert len(history) == 1
        from dashboard.features.roadmap.tables import commitment_history
        shown = commitment_history(7, history).frame.astype(str).to_string()
        assert "Financement (€)" in shown and "funding_amount" not in shown


def test_the_store_keeps_the_lines_in_order_the_history_says_them_and_a_version_keeps_its_own(real_copy):
    with connect(real_copy) as con:
        context = commitment_store.context(con, "53")
        raw = {**BASE, "territory_level": "Département", "territory_code": "29", "financing": [
            {"source": "DSIL", "amount": "3000", "year": "2025", "status": "accordé"},
            {"source": "Fonds chaleur", "amount": "2000", "year": "2026"}]}
        values = validate(raw, context).values
        number = commitment_store.create(con, "53", values, "equipe")
        version = versions.freeze(con, "53", "COP de mars", versions.Retained(), "equipe")
        changed = validate({**raw, "financing": raw["financing"][:1]}, context).values
        assert commitment_store.update(con, number, 1, changed, "equipe") == 2
        assert commitment_store.get(con, number)["financing"] == (("DSIL", None, 3000.0, 2025, "accordé"),)
        assert commitment_store.get(snapshots.database(con, version), number)["financing"] == values["financing"]
        before, after = commitment_store.history(con, number).iloc[0]["changes"]["financing"]
        assert plain(readable(before)) == "DSIL : 3 000 € (2025, accordé) ; Fonds chaleur : 2 000 € (2026)"
        assert plain(readable(after)) == "DSIL : 3 000 € (2025, accordé)"


# --- the workbook: one sheet « Financements », re-imported unchanged ------------------------------------------

def with_financing_sheet(path, commitments: pd.DataFrame, lines: pd.DataFrame):
    """A workbook of the template's two sheets: « Engagements » and « Financements »."""
    with pd.ExcelWriter(path) as writer:
        commitments.to_excel(writer, index=False, sheet_name="Engagements")
        lines.to_excel(writer, index=False, sheet_name="Financements")
    return path


def imported(path) -> str:
    """Import ``path`` into region 53 through the app's own connection; the report's summary."""
    _, report = store.write_own(load_commitments, path, "53", "equipe")
    return " ".join([report.summary(), *report.refused])


def test_the_financing_sheet_is_imported_and_an_exported_workbook_re_imports_unchanged(real_copy, tmp_path, client):
    frame = sample(real_copy, 3).astype(object).drop(columns=["Financement (€)", "Sources de financement"])
    frame.loc[0, ["Année de début", "Année de fin", "Coût total (€)"]] = [2025, 2028, 10000]
    lines = pd.DataFrame({
        "Identifiant": [None] * 4, "Intitulé": [frame.loc[0, "Intitulé"]] * 3 + [frame.loc[1, "Intitulé"]],
        "Source": ["DSIL", "Fonds chaleur", "DSIL", None], "Financeur au registre (code)": [None] * 4,
        "Montant (€)": [3000, 2000, 1000.5, None], "Année": [2025, 2025, 2026, None],
        "Statut du financement": ["accordé", "sollicité", "versé", None]})
    lines.loc[3, "Source"] = "Fondation"
    output = imported(with_financing_sheet(tmp_path / "e.xlsx", frame, lines))
    assert "3 ajoutés" in output and "0 refusé" in output, output
    stored = store.fetch(commitment_store.region_commitments, "53").set_index("title")
    assert stored.loc[frame.loc[0, "Intitulé"], "financing"] == (
        ("DSIL", None, 3000.0, 2025, "accordé"), ("Fonds chaleur", None, 2000.0, 2025, "sollicité"),
        ("DSIL", None, 1000.5, 2026, "versé"))
    assert stored.loc[frame.loc[2, "Intitulé"], "financing"] == ()
    number = int(stored.loc[frame.loc[0, "Intitulé"], "commitment_id"])
    before = fingerprint(None, TABLES)
    response = client.get("/feuille-de-route/classeur.xlsx?region=53")
    assert response.status_code == 200
    (tmp_path / "export.xlsx").write_bytes(response.data)
    sheet = openpyxl.load_workbook(io.BytesIO(response.data))["Financements"]
    exported = [row for row in sheet.iter_rows(values_only=True)]
    assert exported[0] == ("Identifiant", "Intitulé", "Source", "Financeur au registre (code)", "Montant (€)",
                           "Année", "Statut du financement")
    assert [row[:1] + row[2:] for row in exported[1:] if row[0] == number] == [
        (number, "DSIL", None, 3000, 2025, "accordé"), (number, "Fonds chaleur", None, 2000, 2025, "sollicité"),
        (number, "DSIL", None, 1000.5, 2026, "versé")]
    output = imported(tmp_path / "export.xlsx")
    assert "0 ajouté, 0 modifié, 3 inchangés, 0 refusé" in output, output
    assert fingerprint(None, TABLES) == before


def test_a_bad_row_of_the_financing_sheet_is_refused_with_its_line_and_column_and_nothing_written(
        real_copy, tmp_path):
    frame = sample(real_copy, 2).astype(object).drop(columns=["Financement (€)", "Sources de financement"])
    title = frame.loc[0, "Intitulé"]
    before = fingerprint(real_copy, TABLES)
    bad = pd.DataFrame({"Identifiant": [None, None], "Intitulé": [title, title], "Source": ["DSIL", "DETR"],
                        "Montant (€)": [1000, "mille"]})
    code, output = run("engagements", with_financing_sheet(tmp_path / "e.xlsx", frame.loc[[0]], bad),
                       "--region", "53")
    assert code == 1 and ("- feuille « Engagements », ligne 2 : Financements : feuille « Financements », ligne 3, "
                          "Montant (€) : « mille » n'est pas un nombre") in plain(output), output
    orphan = pd.DataFrame({"Identifiant": [987654], "Intitulé": [None], "Source": ["DSIL"], "Montant (€)": [1]})
    code, output = run("engagements", with_financing_sheet(tmp_path / "o.xlsx", frame, orphan), "--region", "53")
    assert code == 1 and ("feuille « Financements », ligne 2 : aucun engagement « 987654 » dans le fichier"
                          in plain(output)), output
    assert fingerprint(real_copy, TABLES) == before


# --- the form ----------------------------------------------------------------------------------------------------

def save_lines_in_form(app, client, record: dict, lines: list[dict]):
    inputs = cf.inputs_from(record)
    return post(client, app, "dashboard.pages.roadmap._save", ("roadmap-save.n_clicks", {
        **{f"{cf.input_id(n)}.value": v for n, v in inputs.items()}, **financing_rows(lines),
        "roadmap-save.n_clicks": 1, "roadmap-params.data": PARAMS, "roadmap-form-base.data": {
            "id": record["commitment_id"], "version": record["version"], "inputs": inputs}}, None))


def test_a_bad_line_in_the_form_is_said_under_the_lines_and_nothing_is_written(app, client, stored):  # noqa: F811
    before = fingerprint(None, TABLES)
    response = save_lines_in_form(app, client, stored, [{"source": "DSIL", "amount": "10"},
                                                        {"source": "DSIL", "year": "2031"}])
    answer = response.json["response"]
    assert plain(answer["roadmap-e-financing"]["children"]) == (
        "Financements : ligne 2, Année : 2031 hors des années de l'engagement (2025–2028).")
    assert "n'est pas enregistré" in answer["roadmap-form-message"]["children"]
    assert fingerprint(None, TABLES) == before
    saved = save_lines_in_form(app, client, stored, [{"source": "DSIL", "amount": "10", "year": "2026"}])
    assert "(version 2)" in saved.text


def test_the_form_adds_and_removes_rows_keeping_what_is_typed(app, client, stored):  # noqa: F811
    typed = [{"source": "DSIL", "amount": "10"}, {"source": "FEDER", "amount": "20"}]
    added = post(client, app, "dashboard.features.roadmap.financing_form._add_or_remove", (
        "roadmap-financing-add.n_clicks", {"roadmap-financing-add.n_clicks": 1, **financing_rows(typed),
                                           "roadmap-params.data": PARAMS}, None))
    assert added.status_code == 200 and added.text.count('"roadmap-financing-source"') == 3
    remove = {"type": "roadmap-financing-remove", "index": 0}
    removed = post(client, app, "dashboard.features.roadmap.financing_form._add_or_remove", (
        '{"index":0,"type":"roadmap-financing-remove"}.n_clicks', {
            "roadmap-financing-remove.n_clicks": [(remove, 1), ({**remove, "index": 1}, None)],
            **financing_rows(typed), "roadmap-params.data": PARAMS}, None))
    assert removed.status_code == 200, removed.text[:300]
    assert removed.text.count('"roadmap-financing-source"') == 1
    assert '"value":"FEDER"' in removed.text and '"value":"DSIL"' not in removed.text


def test_a_line_outside_the_commitment_s_years_in_the_sheet_is_refused(real_copy, tmp_path):
    frame = sample(real_copy, 1).astype(object).drop(columns=["Financement (€)", "Sources de financement"])
    frame.loc[0, ["Année de début", "Année de fin"]] = [2025, 2026]
    lines = pd.DataFrame({"Identifiant": [None], "Intitulé": [frame.loc[0, "Intitulé"]], "Source": ["DSIL"],
                          "Année": [2030]})
    before = fingerprint(real_copy, TABLES)
    code, output = run("engagements", with_financing_sheet(tmp_path / "e.xlsx", frame, lines), "--region", "53")
    assert "ligne 2, Année : 2030 hors des années de l'engagement (2025–2026)." in plain(output), output
    assert fingerprint(real_copy, TABLES) == before


def test_the_store_s_sources_offer_the_default_list_and_the_region_s_own(real_copy):
    with connect(real_copy) as con:
        values = validate({**BASE, "territory_level": "Département", "territory_code": "29",
                           "financing": [{"source": "Fondation du patrimoine", "amount": "5"}]},
                          commitment_store.context(con, "53")).values
        commitment_store.create(con, "53", values, "equipe")
        offered = financing_lines.region_sources(con, "53")
    assert offered[:3] == ["DSIL", "DETR", "FNADT"] and offered[-1] == "Fondation du patrimoine"


# --- the page's section, its downloads and the printable maquette ------------------------------------------------

@pytest.fixture
def three_lines(client):
    """A commitment of a CRTE of Bretagne with three lines over two years (two sources), the client signed in."""
    from tests.conftest import sign_in_team
    from tests.identities import bretagne_crtes
    sign_in_team(client)
    with store.shared.cursor() as con:
        crte = bretagne_crtes(con)[0]
    values = validate({**BASE, "territory_code": crte, "total_cost": "20000", "financing": [
        {"source": "DSIL", "amount": "3000", "year": "2025", "status": "accordé"},
        {"source": "Fonds chaleur", "amount": "2000", "year": "2025", "status": "sollicité"},
        {"source": "DSIL", "amount": "1000", "year": "2026", "status": "versé"}]},
        store.fetch(commitment_store.context, "53")).values
    return crte, store.write(commitment_store.create, "53", values, "equipe")


def test_the_maquette_shows_on_the_page_downloads_and_prints_the_three_lines(client, three_lines):
    from tests.test_exports import csv_table
    from tests.test_frozen_versions import page, texts
    crte, number = three_lines
    where = f"region=53&territoire=crte:{crte}"
    shown = texts(page(client, "/feuille-de-route", f"?{where}"))
    assert "Maquette financière" in shown and "Maquette 2025 (A4)" in shown and "Maquette 2026 (A4)" in shown
    by_year = {row["Source"]: row for row in csv_table(client, f"/export/financements-sources-annees.csv?{where}")}
    assert (by_year["DSIL"]["2025"], by_year["DSIL"]["2026"], by_year["DSIL"]["Total (€)"]) == ("3000", "1000",
                                                                                               "4000")
    assert by_year["Total"]["Total (€)"] == "6000"
    (sector,) = [row for row in csv_table(client, f"/export/financements.csv?{where}")
                 if row["Secteur ou thème"] == "Total"]
    assert (sector["Coût total (€)"], sector["dont acquis (€)"], sector["Part financée (%)"]) == ("20000", "4000",
                                                                                               "20,0")
    response = client.get(f"/export/maquette-annuelle.xlsx?{where}&annee=2025")
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.data)).active
    values = [row for row in sheet.iter_rows(values_only=True)]
    header = values.index(("N°", "Intitulé", "Porteur", "Source", "Statut du financement", "Montant (€)"))
    assert values[header + 1:header + 3] == [(number, "Réseau de chaleur", "Syndicat", "DSIL", "accordé", 3000),
                                             (number, "Réseau de chaleur", "Syndicat", "Fonds chaleur", "sollicité",
                                              2000)]
    printed = texts(page(client, "/feuille-de-route/maquette", f"?{where}&annee=2026"))
    assert "Maquette financière 2026" in printed and "Imprimer la maquette (A4)" in printed
    assert "1 engagement, 1 ligne, 1 000 € au total, dont DSIL : 1 000 €." in plain(printed)
    assert client.get(f"/export/maquette-annuelle.csv?{where}&annee=deux").status_code == 404


def test_the_blank_template_has_the_financing_sheet_with_its_statuses_offered():
    from dashboard.features.roadmap.template_workbook import template_for
    book = openpyxl.load_workbook(io.BytesIO(template_for(CONTEXT)))
    sheet = book["Financements"]
    assert [cell.value for cell in sheet[1]] == ["Identifiant", "Intitulé", "Source", "Financeur au registre (code)",
                                                 "Montant (€)", "Année", "Statut du financement"]
    (validation,) = sheet.data_validations.dataValidation
    assert validation.formula1 == '"sollicité,accordé,engagé,versé"' and str(validation.sqref) == "G2:G5000"
    assert any("Financements" in (row[0] or "") for row in book["Mode d'emploi"].iter_rows(values_only=True))


def test_the_maquette_counts_every_sector_of_the_territory_whichever_sector_the_page_shows(client, three_lines):
    """The section is built from the page's view, kept per territory: a view of another sector than the
    commitment's builds it as the territory's whole view does."""
    from dashboard.features.roadmap import data as roadmap_data
    from dashboard.features.roadmap.ids import MAQUETTE
    from tests.test_frozen_versions import page, texts
    from tests.test_page_answers import by_id
    crte, _ = three_lines
    where = f"region=53&territoire=crte:{crte}"
    other = next(s for s in roadmap_data.build("53", "crte", crte).sectors if s != "Cohésion territoriale")
    store.cache.clear()
    scoped = by_id(page(client, "/feuille-de-route", f"?{where}&secteur={other}"), MAQUETTE)
    store.cache.clear()
    whole = by_id(page(client, "/feuille-de-route", f"?{where}"), MAQUETTE)
    assert scoped == whole
    assert "20 000 €" in plain(texts(scoped)) and "Maquette 2026 (A4)" in texts(scoped)


def test_the_maquette_s_wording_same_share_as_its_table_themes_capitalised_and_a_true_empty_list(client, three_lines):
    """The card « Part financée » shows the figure as the table does (one decimal); a theme is capitalised beside the
    sectors; the empty list of commitments without acquired financing says what it leaves out (proposés are in it)."""
    from dashboard.features.roadmap.ids import MAQUETTE
    from tests.test_frozen_versions import page, texts
    from tests.test_page_answers import by_id
    crte, _ = three_lines
    section = by_id(page(client, "/feuille-de-route", f"?region=53&territoire=crte:{crte}"), MAQUETTE)
    assert plain(texts(by_id(section, "roadmap-maquette-share"))) == "20,0 %"
    shown = plain(texts(section))
    assert "Cohésion territoriale" in shown and "cohésion territoriale" not in shown
    assert "Cohésion territoriale 1 20 000 6 000 4 000 2 000 20,0 % 0 Total 1 20 000 6 000 4 000 2 000 20,0 % 0" \
        in shown
    assert "Chaque engagement, proposé ou compté, a au moins une ligne de financement acquise." in shown
    assert "Sans financement acquis 0 engagement Par secteur" in shown


def test_the_maquette_s_long_tables_are_one_component_each_and_show_typed_text_as_text(client):
    """The tables that grow with the commitments (by source and year, by territory and source, without acquired
    financing) are sent as their HTML text, one component each (``as_text``): a title, carrier or source typed as
    markup is shown as typed, escaped, in their cells and column headers, never as markup."""
    from dashboard.features.roadmap.ids import MAQUETTE
    from tests.conftest import sign_in_team
    from tests.identities import bretagne_crtes
    from tests.test_frozen_versions import page
    from tests.test_page_answers import by_id
    hostile = '<img src=x onerror="alert(1)">'
    sign_in_team(client)
    with store.shared.cursor() as con:
        crte = bretagne_crtes(con)[0]
    values = validate({**BASE, "territory_code": crte, "title": f"Titre {hostile}", "carrier": f"Porteur {hostile}",
                       "financing": [{"source": f"Source {hostile}", "amount": "3000", "year": "2025",
                                      "status": "sollicité"}]}, store.fetch(commitment_store.context, "53")).values
    store.write(commitment_store.create, "53", values, "equipe")
    section = by_id(page(client, "/feuille-de-route", f"?region=53&territoire=crte:{crte}"), MAQUETTE)
    drawn = markdown_texts(section)
    for name in ("financements-sources-annees", "financements-territoires", "financements-manquants"):
        (text,) = [text for text in drawn if f'<table id="table-{name}">' in text]
        assert "<img" not in text and "&lt;img src=x onerror=&#34;alert(1)&#34;&gt;" in text, name
