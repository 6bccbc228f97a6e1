"""Coverage arithmetic of the roadmap, the validation of a commitment, versions and their comparison."""

import math

import pandas as pd
import pytest

from dashboard.features.roadmap import coverage as roadmap
from dashboard.features.roadmap.frozen_versions import compare
from domain.commitments import Context, Lever, validate
from tests.browsing import plain
from tests.conftest import app_on


def commitments(*rows) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["sector", "quantity_kt", "status", "start_year", "end_year"])


OBJECTIVES = pd.DataFrame({"sector": ["Transport", "Transport", "Bâtiment"], "obj_co2_kt": [60.0, 40.0, 50.0]})


def test_only_retained_committed_and_done_commitments_count_against_the_objective():
    frame = roadmap.sector_coverage(OBJECTIVES, commitments(
        ("Transport", 10.0, "engagé", 2022, 2025), ("Transport", 15.0, "retenu en COP", 2022, 2025),
        ("Transport", 5.0, "réalisé", 2020, 2021), ("Transport", 7.0, "proposé", 2024, 2030),
        ("Transport", 100.0, "abandonné", 2024, 2030), ("Bâtiment", 60.0, "engagé", 2024, 2030),
    )).set_index("sector")
    transport = frame.loc["Transport"]
    assert transport["objective_kt"] == 100 and transport["committed_kt"] == 30 and transport["proposed_kt"] == 7
    assert transport["gap_kt"] == 70 and transport["gap_share"] == pytest.approx(0.70)
    assert transport["coverage"] == pytest.approx(0.30)
    building = frame.loc["Bâtiment"]
    assert building["gap_kt"] == -10 and building["coverage"] == pytest.approx(1.2)  # beyond the objective
    total = frame.loc["Total"]
    assert (total["objective_kt"], total["committed_kt"], total["gap_kt"]) == (150, 90, 60)
    assert total["coverage"] == pytest.approx(0.6)


def test_a_sector_without_objective_has_no_coverage_rather_than_a_division_by_zero():
    frame = roadmap.sector_coverage(OBJECTIVES, commitments(("Industrie", 4.0, "engagé", 2022, 2025)))
    industry = frame.set_index("sector").loc["Industrie"]
    assert industry["committed_kt"] == 4 and math.isnan(industry["coverage"]) and math.isnan(industry["gap_share"])


def test_a_commitment_ramps_up_from_its_start_to_its_end_year():
    assert [roadmap.ramp(2022, 2026, y) for y in (2021, 2022, 2024, 2026, 2030)] == [0, 0, 0.5, 1, 1]
    assert roadmap.ramp(2025, 2025, 2024) == 0 and roadmap.ramp(2025, 2025, 2025) == 1


def test_the_trajectory_sums_counted_commitments_against_the_linear_path():
    frame = roadmap.trajectory(110.0, commitments(
        ("T", 10.0, "engagé", 2020, 2030), ("T", 20.0, "réalisé", 2019, 2021), ("T", 99.0, "proposé", 2019, 2020),
    )).set_index("year")
    assert list(frame.index) == list(range(2019, 2031))
    assert frame.loc[2019, "linear_kt"] == 0 and frame.loc[2030, "linear_kt"] == 110
    assert frame.loc[2025, "linear_kt"] == pytest.approx(60)
    assert frame.loc[2019, "committed_kt"] == 0
    assert frame.loc[2020, "committed_kt"] == pytest.approx(10)      # 0 + half of 20
    assert frame.loc[2025, "committed_kt"] == pytest.approx(5 + 20)
    assert frame.loc[2030, "committed_kt"] == pytest.approx(30)


def test_coverage_of_parts_counts_the_commitments_of_their_members():
    parts = pd.DataFrame({"code": ["29", "35"], "name": ["Finistère", "Ille-et-Vilaine"]})
    membership = pd.DataFrame({"parent_code": ["29", "29", "35"], "level": ["departement", "epci", "departement"],
                               "code": ["29", "242900314", "35"]})
    rows = pd.DataFrame({"territory_level": ["departement", "epci", "epci", "departement"],
                         "territory_code": ["29", "242900314", "200000000", "35"],
                         "quantity_kt": [5.0, 3.0, 50.0, 8.0], "status": ["engagé", "réalisé", "engagé", "proposé"]})
    frame = roadmap.parts_coverage(parts, membership, rows, {"29": 16.0}).set_index("code")
    assert frame.loc["29", "committed_kt"] == 8 and frame.loc["29", "coverage"] == pytest.approx(0.5)
    assert frame.loc["35", "committed_kt"] == 0 and math.isnan(frame.loc["35", "objective_kt"])


CONTEXT = Context("53", {("region", "53"): "Bretagne", ("departement", "29"): "Finistère"}, {
    "augm_voitelec": Lever("augm_voitelec", "Véhicules électriques", "Transport", "milliers de véhicules", 0.5),
    "co2_indus": Lever("co2_indus", "Industrie", "Industrie", None, None),
})
GOOD = {"territory_level": "Département", "territory_code": "29", "lever_id": "augm_voitelec", "carrier": "CD 29",
        "title": "Bornes", "quantity_kt": "4", "start_year": "2024", "end_year": "2027", "status": "Engagé"}


def test_a_quantity_in_one_unit_gives_the_other_with_the_levers_factor():
    assert validate(GOOD, CONTEXT).values["quantity_phys"] == 2.0
    checked = validate({**GOOD, "quantity_kt": None, "quantity_phys": "3,5"}, CONTEXT)
    assert checked.ok and checked.values["quantity_kt"] == 7.0
    assert validate({**GOOD, "quantity_phys": "2,01"}, CONTEXT).ok  # within 1 %
    wrong = validate({**GOOD, "quantity_phys": "3"}, CONTEXT)
    assert "incohérent avec 4 ktCO₂e" in wrong.errors["quantity_phys"]


def test_validation_names_each_wrong_field_in_french():
    checked = validate({**GOOD, "territory_code": "56", "lever_id": "inconnu", "carrier": " ", "start_year": "2031",
                        "end_year": "2025", "status": "fini",
                        "financing": [{"source": "DSIL", "amount": "-3"}]}, CONTEXT)
    assert set(checked.errors) == {"territory_code", "lever_id", "carrier", "end_year", "status", "financing"}
    assert checked.errors["territory_code"] == "Département « 56 » introuvable dans la région 53."
    assert checked.errors["status"].startswith("« fini » inconnu : proposé, retenu en COP")
    assert checked.errors["financing"].startswith("ligne 1, Montant (€) : le montant du financement (€) doit être")
    assert "précède" in checked.errors["end_year"]
    no_unit = validate({**GOOD, "lever_id": "co2_indus", "quantity_phys": "2"}, CONTEXT)
    assert "pas d'unité physique" in no_unit.errors["quantity_phys"]


def test_funding_sources_and_statuses_are_written_the_canonical_way():
    values = validate({**GOOD, "status": "retenu en cop", "financing": [
        {"source": "fonds vert", "status": "ACCORDE"}, {"source": "Loto du patrimoine"}]}, CONTEXT).values
    assert values["status"] == "retenu en COP"
    assert values["financing"] == (("Fonds vert", None, None, None, "accordé"), ("Loto du patrimoine", None, None, None,
                                                                                None))


def test_comparing_a_version_lists_what_was_added_changed_and_abandoned():
    base = {"commitment_id": 1, "title": "A", **{k: None for k in ("territory_level", "territory_code", "lever_id",
            "carrier", "carrier_party", "description", "quantity_phys", "contact", "maturity",
            "total_cost")}, "financing": (),
            "quantity_kt": 4.0, "start_year": 2024, "end_year": 2027, "status": "engagé"}
    frozen = pd.DataFrame([base, {**base, "commitment_id": 2, "title": "B"}, {**base, "commitment_id": 3}])
    current = pd.DataFrame([base, {**base, "commitment_id": 2, "title": "B", "status": "abandonné"},
                            {**base, "commitment_id": 3, "quantity_kt": 5.5}, {**base, "commitment_id": 4}])
    changes = compare(frozen, current).set_index("commitment_id")
    assert list(changes.index) == [2, 3, 4]
    assert changes.loc[2, "change"] == "abandonné" and changes.loc[4, "change"] == "ajouté"
    assert changes.loc[3, "details"] == "ktCO₂e : 4 → 5,5"


def test_a_territory_without_commitments_keeps_the_commitment_columns():
    empty = pd.DataFrame(columns=["territory_level", "territory_code", "sector", "quantity_kt", "status"])
    members = pd.DataFrame({"level": ["crte"], "code": ["crte-53-29-2"]})
    assert list(roadmap.in_territory(empty, members).columns) == [*empty.columns, "share"]


def test_departements_and_crte_get_their_part_of_the_split_objectives(real_copy):
    from dashboard.features.roadmap import data as roadmap_data
    from data.db import connect
    from domain.split import split_objectives
    from domain.split_methods import DEFAULT_METHOD

    with connect(real_copy) as con:
        split = split_objectives(con, DEFAULT_METHOD, "crte", "53")
    brest = split[split["territory_code"] == "crte-53-29-2"]["obj_co2_kt"].sum()
    with app_on(real_copy) as (app, _), app.server.test_request_context():
        view = roadmap_data.build("53", "crte", "crte-53-29-2")
        crte = roadmap_data.parts_coverage("53", "crte").set_index("code")
        departements = roadmap_data.parts_coverage("53", "departement")
        elsewhere = roadmap_data.parts_coverage("84", "departement")
    assert view.total["objective_kt"] == pytest.approx(brest)
    assert view.total["committed_kt"] == 0 and view.total["gap_kt"] == pytest.approx(brest)
    assert crte.loc["crte-53-29-2", "objective_kt"] == pytest.approx(brest)
    assert departements["objective_kt"].sum() == pytest.approx(9842.5042)  # every commune is in a département
    assert elsewhere["objective_kt"].isna().all()  # no communes loaded for Auvergne-Rhône-Alpes: no split


def test_comparing_a_version_lists_the_financing_lines_and_the_follow_up_years_that_changed():
    base = {"commitment_id": 1, "title": "A", **{k: None for k in ("territory_level", "territory_code", "lever_id",
            "carrier", "carrier_party", "description", "quantity_phys", "contact", "maturity", "total_cost")},
            "quantity_kt": 4.0, "start_year": 2024, "end_year": 2027, "status": "engagé",
            "financing": (("DSIL", None, 3000.0, 2025, "sollicité"), ("DETR", None, 1000.0, 2026, None),
                          ("Fonds vert", None, 500.0, None, None))}
    frozen = pd.DataFrame([base, {**base, "commitment_id": 2}])
    current = pd.DataFrame([{**base, "financing": (("DSIL", None, 3000.0, 2025, "accordé"),
                                                   ("Fonds vert", None, 500.0, None, None),
                                                   ("ADEME", None, 200.0, 2027, "versé"))},
                            {**base, "commitment_id": 2}])
    columns = ["commitment_id", "year", "done_kt", "done_phys", "spent", "comment", "objectives"]
    years_then = pd.DataFrame([(1, 2024, 1.0, None, 100.0, None, ()), (1, 2025, 2.0, None, None, None, ()),
                               (2, 2024, 1.0, None, None, None, ())], columns=columns)
    years_now = pd.DataFrame([(1, 2025, 2.5, None, None, "Retard de chantier", ()),
                              (1, 2026, 1.5, None, 1000.0, None, ()), (2, 2024, 1.0, None, None, None, ())],
                             columns=columns)
    changes = compare(frozen, current, years_then, years_now).set_index("commitment_id")
    assert list(changes.index) == [1]  # the second commitment and its follow-up did not change
    assert changes.loc[1, "change"] == "modifié"
    assert plain(changes.loc[1, "details"]) == (
        "Financements : ligne modifiée : DSIL : 3 000 € (2025, sollicité) → DSIL : 3 000 € (2025, accordé) ; "
        "Financements : ligne retirée : DETR : 1 000 € (2026) ; "
        "Financements : ligne ajoutée : ADEME : 200 € (2027, versé) ; "
        "Suivi 2024 retiré ; "
        "Suivi 2025 : Réalisé (ktCO₂e) : 2 → 2,5 ; Commentaire du suivi : (vide) → Retard de chantier ; "
        "Suivi 2026 ajouté (Réalisé (ktCO₂e) : 1,5, Dépensé (€) : 1 000)")


def test_the_comparison_of_a_version_with_now_shows_a_financing_line_and_a_follow_up_year_added(real_copy):
    from dashboard.features.roadmap import version_comparison
    from dashboard.store import reading_version
    from data.db import connect
    from domain import commitment_store, follow_up, versions

    with connect(real_copy) as con:
        context = commitment_store.context(con, "53")
        raw = {**GOOD, "territory_level": "Département", "territory_code": "29", "lever_id": None,
               "quantity_kt": None, "theme": "cohésion territoriale", "financing": [
                   {"source": "DSIL", "amount": "3000", "year": "2025", "status": "accordé"}]}
        values = validate(raw, context).values
        number = commitment_store.create(con, "53", values, "equipe")
        version = versions.freeze(con, "53", "COP de mars", versions.Retained(), "equipe")
        changed = validate({**raw, "financing": [*raw["financing"], {"source": "DETR", "amount": "1000"}]},
                           context).values
        commitment_store.update(con, number, 1, changed, "equipe")
        follow_up.save(con, number, 2025, {"spent": 800.0, "comment": "Études"}, None, "equipe")
        header = versions.header(con, version)
    with app_on(real_copy):
        with reading_version(None):
            comparison = version_comparison.compare("53", header, None, ("public",))
        table = version_comparison.tables(comparison)["comparaison"].frame.set_index("N°")
    assert plain(table.loc[number, "Détail"]) == (
        "Financements : ligne ajoutée : DETR : 1 000 € (année non précisée) ; "
        "Suivi 2025 ajouté (Dépensé (€) : 800, Commentaire du suivi : Études)")
