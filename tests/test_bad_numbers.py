"""Numbers that must never get in (issue 13): infinities, NaN, overflowing exponents, values out of their
plausible range — refused by every loader with the one French message, naming file, line and column,
and every table but the import journal exactly as before."""

import json
import math

import pytest

from dashboard.features.gaps.scenario_input import InvalidInput, read_field
from dashboard.features.projection.follow import checked_position
from data.commitment_samples import sample_template
from data.db import connect
from domain import commitment_store, scenarios
from domain.commitments import Context, Lever, validate
from domain.numbers import NumberError, optional_number, parse_number, range_problem
from tests.conftest import COMMUNES, CRTE, EPCI, shared
from tests.test_bad_inputs import CARS, _sgpe_records, assert_refused, run, snapshot, write

SGPE_CSV_HEADER = "regionName;id;leverName;sector;group;objCO2;ratioCO2toPhys;relative\n"
OBSERVATIONS_HEADER = "region;levier_id;levier;annee;valeur;unite\n"


def _sgpe_json(tmp_path, field: str, value: float) -> str:
    records = _sgpe_records()
    records[3][field] = value
    # Infinity, NaN as JSON writes them
    return write(tmp_path, "panorama.json", json.dumps(records, ensure_ascii=False))


def _communes_with_population(tmp_path, population: float) -> str:
    import geopandas as gpd
    frame = gpd.read_file(shared(COMMUNES))
    frame["POPULATION"] = frame["POPULATION"].astype(float)
    frame.loc[7, "POPULATION"] = population
    path = tmp_path / "COMMUNE.gpkg"
    frame.to_file(path, layer="commune", driver="GPKG")
    return str(path)


CASES = {
    "Infinity dans le JSON SGPE": (
        lambda t: ["sgpe", _sgpe_json(t, "objCO2", math.inf)],
        ["« panorama.json »", "enregistrement n° 4", "« objCO2 » : « inf » n'est pas un nombre fini"]),
    "NaN dans le JSON SGPE": (
        lambda t: ["sgpe", _sgpe_json(t, "ratioCO2toPhys", math.nan)],
        ["« panorama.json »", "enregistrement n° 4", "« ratioCO2toPhys » : « nan » n'est pas un nombre fini"]),
    "1e999 dans le SGPE en CSV": (
        lambda t: ["sgpe", write(t, "panorama.csv", SGPE_CSV_HEADER
                                 + "Bretagne;augm_voitelec;VE;Transport;Mieux se déplacer;1e999;0,5;true\n")],
        ["« panorama.csv »", "ligne 2", "« objCO2 » : « 1e999 » n'est pas un nombre fini"]),
    "1e999 dans les observations": (
        lambda t: ["observations", write(t, "obs.csv", OBSERVATIONS_HEADER
                                         + f"Bretagne;augm_voitelec;VE;2022;53,5;{CARS}\n"
                                         + f"Bretagne;augm_voitelec;VE;2023;1e999;{CARS}\n")],
        ["« obs.csv »", "ligne 3", "colonne « valeur »", "« 1e999 » n'est pas un nombre fini"]),
    "NaN dans les observations": (
        lambda t: ["observations", write(t, "obs.csv", OBSERVATIONS_HEADER
                                         + f"Bretagne;augm_voitelec;VE;2023;NaN;{CARS}\n")],
        ["« obs.csv »", "ligne 2", "colonne « valeur »", "« NaN » n'est pas un nombre fini"]),
    "part au-delà de 100 % dans les observations": (
        lambda t: ["observations", write(t, "obs.csv", "region;indicateur;annee;valeur;unite\n"
                                                       "Bretagne;part_enr;2021;120;%\n")],
        ["« obs.csv »", "ligne 2", "colonne « valeur »", "une part (%) doit être comprise entre 0 et 100 (120 lu)"]),
    "1e999 dans une clé de répartition": (
        lambda t: ["cles", write(t, "cles.csv", "code_commune;Parc\n35238;120 000\n29019;1e999\n")],
        ["« cles.csv »", "ligne 3", "colonne « parc »", "« 1e999 » n'est pas un nombre fini"]),
    "population d'EPCI infinie": (
        lambda t: ["cles", write(t, "cles.csv", "siren_epci;Parc;population_epci\n243500139;5;-1e999\n")],
        ["« cles.csv »", "ligne 2", "colonne « population_epci »", "« -1e999 » n'est pas un nombre fini"]),
    "population d'EPCI négative": (
        lambda t: ["cles", write(t, "cles.csv", "siren_epci;Parc;population_epci\n243500139;5;-12\n")],
        ["« cles.csv »", "ligne 2", "colonne « population_epci »",
         "la population doit être comprise entre 0 et 100\u202f000\u202f000 (−12 lu)"]),
    "1e999 dans les indicateurs": (
        lambda t: ["indicateurs", write(t, "indicateurs.csv", "niveau;code;indicateur;annee;valeur\n"
                                                              "region;53;ges_total;2020;1 000\n"
                                                              "region;53;ges_total;2021;1e999\n")],
        ["« indicateurs.csv »", "ligne 3", "colonne « valeur »", "« 1e999 » n'est pas un nombre fini"]),
    "Infinity dans les indicateurs (une colonne par année)": (
        lambda t: ["indicateurs", write(t, "indicateurs.csv", "region;indicateur;2020;2021\n"
                                                              "53;ges_total;12;Infinity\n")],
        ["« indicateurs.csv »", "ligne 2", "colonne « 2021 »", "« Infinity » n'est pas un nombre fini"]),
    "part au-delà de 100 % dans les indicateurs": (
        lambda t: ["indicateurs", write(t, "indicateurs.csv", "region;annee;part_enr;ges_total\n"
                                                              "53;2021;12,5;10\n53;2022;−3;10\n")],
        ["« indicateurs.csv »", "ligne 3", "colonne « part_enr »",
         "une part (%) doit être comprise entre 0 et 100 (−3 lu)"]),
    "population de commune 1e999": (
        lambda t: ["territoires", "--communes", _communes_with_population(t, math.inf), "--epci", shared(EPCI),
                   "--crte", shared(CRTE)],
        ["« COMMUNE.gpkg »", "objet n° 8", "colonne « POPULATION »", "population « inf » n'est pas un nombre fini"]),
    "population de commune négative": (
        lambda t: ["territoires", "--communes", _communes_with_population(t, -40), "--epci", shared(EPCI),
                   "--crte", shared(CRTE)],
        ["« COMMUNE.gpkg »", "objet n° 8", "colonne « POPULATION »",
         "la population doit être comprise entre 0 et 100\u202f000\u202f000 (−40 lu)"]),
    # Finite but implausible (issue 19): each quantity keeps to its range of domain/ranges.py.
    "objectif SGPE négatif": (
        lambda t: ["sgpe", _sgpe_json(t, "objCO2", -50)],
        ["« panorama.json »", "enregistrement n° 4",
         "« objCO2 » : l'objectif en ktCO₂e doit être compris entre 0 et 400\u202f000 (−50 lu)"]),
    "objectif SGPE de 1e300 kt": (
        lambda t: ["sgpe", _sgpe_json(t, "objCO2", 1e300)],
        ["« panorama.json »", "enregistrement n° 4", "« objCO2 » : l'objectif en ktCO₂e doit être compris entre 0 et "
         "400\u202f000 (1e300 lu)"]),
    "facteur de conversion SGPE hors de proportion": (
        lambda t: ["sgpe", _sgpe_json(t, "ratioCO2toPhys", -1e15)],
        ["« panorama.json »", "enregistrement n° 4", "« ratioCO2toPhys » : le facteur de conversion",
         "(−1e15 lu)"]),
    "−12 véhicules observés": (
        lambda t: ["observations", write(t, "obs.csv", OBSERVATIONS_HEADER
                                         + f"Bretagne;augm_voitelec;VE;2023;-12;{CARS}\n")],
        ["« obs.csv »", "ligne 2", "colonne « valeur »",
         "la valeur doit être comprise entre 0 et 1\u202f000\u202f000\u202f000\u202f000 (−12 lu)"]),
    "1e300 GWh observés": (
        lambda t: ["observations", write(t, "obs.csv", "region;indicateur;annee;valeur;unite\n"
                                                       "Bretagne;production_enr;2021;1e300;GWh\n")],
        ["« obs.csv »", "ligne 2", "colonne « valeur »", "(1e300 lu)"]),
    "année en chiffres arabes dans les observations": (
        lambda t: ["observations", write(t, "obs.csv", OBSERVATIONS_HEADER
                                         + f"Bretagne;augm_voitelec;VE;\u0662\u0660\u0662\u0663;53,5;{CARS}\n")],
        ["« obs.csv »", "ligne 2", "colonne « annee »", "n'est pas une année entre 1990 et 2050"]),
    "valeur en chiffres arabes dans les observations": (
        lambda t: ["observations", write(t, "obs.csv", OBSERVATIONS_HEADER
                                         + f"Bretagne;augm_voitelec;VE;2023;\u0661\u0662\u0663;{CARS}\n")],
        ["« obs.csv »", "ligne 2", "colonne « valeur »", "« \u0661\u0662\u0663 » n'est pas un nombre"]),
    "indicateur de 1e300": (
        lambda t: ["indicateurs", write(t, "indicateurs.csv", "niveau;code;indicateur;annee;valeur\n"
                                                              "region;53;ges_total;2020;1 000\n"
                                                              "region;53;ges_total;2021;1e300\n")],
        ["« indicateurs.csv »", "ligne 3", "colonne « valeur »",
         "le bilan d'émissions en ktCO₂e doit être compris entre −400\u202f000 et 400\u202f000 (1e300 lu)"]),
    "indicateur négatif en GWh (une colonne par année)": (
        lambda t: ["indicateurs", write(t, "indicateurs.csv", "region;indicateur;2020;2021\n"
                                                              "53;production_enr;12;−5\n")],
        ["« indicateurs.csv »", "ligne 2", "colonne « 2021 »",
         "la valeur doit être comprise entre 0 et 1\u202f000\u202f000\u202f000\u202f000 (−5 lu)"]),
    "indicateur en chiffres arabes": (
        lambda t: ["indicateurs", write(t, "indicateurs.csv", "niveau;code;indicateur;annee;valeur\n"
                                                              "region;53;ges_total;2021;\u0661\u0662\u0663\n")],
        ["« indicateurs.csv »", "ligne 2", "colonne « valeur »", "« \u0661\u0662\u0663 » n'est pas un nombre"]),
    "clé de répartition de 1e300": (
        lambda t: ["cles", write(t, "cles.csv", "code_commune;Parc\n35238;120 000\n29019;1e300\n")],
        ["« cles.csv »", "ligne 3", "colonne « parc »", "une clé de répartition doit être comprise entre 0 et",
         "(1e300 lu)"]),
}


@pytest.mark.parametrize("case", CASES)
def test_a_number_that_is_not_finite_or_plausible_is_refused(case, real_copy, tmp_path):
    build_args, expected = CASES[case]
    assert_refused(real_copy, build_args(tmp_path), expected)


def test_an_infinite_commitment_quantity_is_refused_at_its_line(real_copy, tmp_path):
    with connect(real_copy, read_only=True) as con:
        frame = sample_template(commitment_store.context(con, "53"), 1, seed=1).astype(object)
    frame.loc[0, ["Quantité physique", "ktCO₂e"]] = ["", "1e999"]
    path = tmp_path / "engagements.csv"
    frame.to_csv(path, sep=";", index=False)
    before = snapshot(real_copy)
    code, output = run("engagements", path, "--region", "53")
    assert "ligne 2" in output and "« 1e999 » n'est pas un nombre fini" in output, output
    assert "0 ajouté" in output
    assert snapshot(real_copy) == before


@pytest.mark.parametrize("text, value", [
    ("1 234,5", 1234.5), ("1234.5", 1234.5), ("-3", -3.0), ("\u22123", -3.0), ("1\u00a0234", 1234.0),
    ("1\u202f234,5", 1234.5), ("+0,5", 0.5), ("1,5e-3", 0.0015), (12, 12.0), (2.5, 2.5),
])
def test_french_and_english_notations_are_read(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize("text, message", [
    ("1e999", "« 1e999 » n'est pas un nombre fini"), ("-1e400", "« -1e400 » n'est pas un nombre fini"),
    ("Infinity", "« Infinity » n'est pas un nombre fini"), ("NaN", "« NaN » n'est pas un nombre fini"),
    (math.inf, "« inf » n'est pas un nombre fini"), ("douze", "« douze » n'est pas un nombre"),
    ("1,234.5", "« 1,234.5 » n'est pas un nombre"), ("12 kt", "« 12 kt » n'est pas un nombre"),
    (True, "« True » n'est pas un nombre"),
])
def test_what_is_not_a_finite_number_is_refused_with_one_message(text, message):
    with pytest.raises(NumberError) as refused:
        parse_number(text)
    assert str(refused.value) == message


def test_blanks_are_missing_values():
    assert [optional_number(v) for v in (None, "", " \u00a0", math.nan)] == [None] * 4


def test_ranges_are_said_in_french():
    assert range_problem(50, 0, 100, "une part") is None
    assert range_problem(-0.5, 0, what="la population") == "la population doit être supérieure ou égale à 0 (−0,5 lu)"
    assert range_problem(2051, 1990, 2050, "l'année") == "l'année doit être comprise entre 1990 et 2050 (2051 lu)"


@pytest.mark.parametrize("text", ["\u0661\u0662\u0663", "\uff11\uff12\uff13", "\u0967\u0968\u0969", "1\u0662,5",
                                  "\u0661e3"])
def test_only_ascii_digits_make_a_number(text):
    """« ١٢٣ » (Arabic-Indic), « １２３ » (full width), « १२३ » (Devanagari): Python's float reads them all as 123."""
    assert float(text.replace(",", ".")) > 0
    with pytest.raises(NumberError, match=f"« {text} » n'est pas un nombre$"):
        parse_number(text)


def _bretagne_cars_lever():
    return Lever("augm_voitelec", "Véhicules électriques", "Transport de voyageurs",
                 "milliers de véhicules électriques dans le parc régional", 0.5)


def _commitment(**changes) -> dict:
    return {"territory_level": "Région", "territory_code": "53", "lever_id": "augm_voitelec", "carrier": "Région",
            "title": "Bornes", "start_year": "2024", "end_year": "2030", "status": "proposé", **changes}


@pytest.mark.parametrize("typed", ["1,79e308", "1e15", "1e300", "400 001"])
def test_a_commitment_of_more_ktco2e_than_a_country_emits_is_refused_at_its_field(typed):
    context = Context("53", {("region", "53"): "Bretagne"}, {"augm_voitelec": _bretagne_cars_lever()})
    checked = validate(_commitment(quantity_kt=typed), context)
    assert checked.errors.keys() == {"quantity_kt"}
    assert checked.errors["quantity_kt"].startswith(
        "la quantité en ktCO₂e doit être comprise entre 0 et 400\u202f000 (")
    assert validate(_commitment(quantity_kt="400 000"), context).ok


def test_a_physical_quantity_converting_to_too_many_ktco2e_is_refused():
    context = Context("53", {("region", "53"): "Bretagne"}, {"augm_voitelec": _bretagne_cars_lever()})
    checked = validate(_commitment(quantity_phys="900 000"), context)  # 1.8 million kt at 0.5 per kt
    assert checked.errors == {"quantity_phys": "avec le facteur du levier, la quantité en ktCO₂e doit être comprise "
                                               "entre 0 et 400\u202f000 (1\u202f800\u202f000 lu)."}


@pytest.mark.parametrize("raw, field, message", [
    ({"financing": [{"source": "DSIL", "amount": "1e300"}]}, "financing",
     "ligne 1, Montant (€) : le montant du financement (€) doit être compris entre 0 et"),
    ({"financing": [{"source": "DSIL", "amount": "-5"}]}, "financing",
     "ligne 1, Montant (€) : le montant du financement (€) doit être compris entre 0 et"),
    ({"start_year": "\u0662\u0660\u0662\u0664"}, "start_year", "n'est pas une année"),
    ({"quantity_kt": "\u0661\u0662\u0663"}, "quantity_kt", "« \u0661\u0662\u0663 » n'est pas un nombre"),
])
def test_other_commitment_numbers_keep_to_their_range(raw, field, message):
    context = Context("53", {("region", "53"): "Bretagne"}, {"augm_voitelec": _bretagne_cars_lever()})
    checked = validate(_commitment(**{"quantity_kt": "12", **raw}), context)
    assert field in checked.errors and message in checked.errors[field], checked.errors


@pytest.mark.parametrize("field, typed, message", [
    ("new_kt", "\u0661\u0662\u0663", "« \u0661\u0662\u0663 » n'est pas un nombre : saisissez par exemple 12,5."),
    ("done_kt", "1e15",
     "La quantité en ktCO₂e doit être comprise entre 0 et 400\u202f000 (1e15 lu) : vérifiez la saisie."),
    ("new_phys", "1e13", "La quantité physique doit être comprise entre"),
    ("new_phys", "1e9", "Cette valeur correspond à plus de 400\u202f000\u00a0ktCO₂e évitées"),
])
def test_a_scenario_field_refuses_other_digits_and_implausible_values(field, typed, message):
    lever = {"translated": True, "ratio_co2_to_phys": 0.5, "start_point_2019": 10.0, "relative": True,
             "unit_phys": "milliers de véhicules électriques dans le parc régional (en 2030)"}
    with pytest.raises(InvalidInput) as refused:
        read_field(field, typed, lever)
    assert refused.value.message.startswith(message), refused.value.message


def test_a_projection_proposal_beyond_what_a_country_emits_is_refused():
    data = {"screens": [{"kind": "region"}], "levers": {"augm_voitelec": {}}}
    assert checked_position(data, {"screen": 1, "proposals": {"augm_voitelec": 400_000}})[1] == {
        "augm_voitelec": 400_000.0}
    with pytest.raises(ValueError, match="Proposition illisible"):
        checked_position(data, {"screen": 1, "proposals": {"augm_voitelec": 1e300}})


def test_a_scenario_value_beyond_the_range_is_not_stored(real_copy):
    with connect(real_copy) as con:
        scenario_id = scenarios.create_scenario(con, "region", "53", "Démesure")
        with pytest.raises(scenarios.ScenarioError, match="Valeur non enregistrée : la quantité en ktCO₂e doit"):
            scenarios.save_lever_value(con, scenario_id, "augm_voitelec", "done_kt", 1.79e308, 0)
        assert scenarios.scenario_values(con, scenario_id).empty
