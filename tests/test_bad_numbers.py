"""Numbers that must never get in (issue 13): infinities, NaN, overflowing exponents, values out of their
plausible range — refused by every loader with the one French message, naming file, line and column,
and every table but the import journal exactly as before."""

import json
import math

import pytest

from data.commitment_samples import sample_template
from data.db import connect
from domain import commitment_store
from domain.numbers import NumberError, optional_number, parse_number, range_problem
from tests.conftest import COMMUNES, CRTE, EPCI, shared
from tests.test_bad_inputs import _sgpe_records, assert_refused, run, snapshot, write

SGPE_CSV_HEADER = "regionName;id;leverName;sector;group;objCO2;ratioCO2toPhys;relative\n"
OBSERVATIONS_HEADER = "region;levier_id;levier;annee;valeur;unite\n"


def _sgpe_json(tmp_path, field: str, value: float) -> str:
    records = _sgpe_records()
    records[3][field] = value
    return write(tmp_path, "panorama.json", json.dumps(records, ensure_ascii=False))  # Infinity, NaN as JSON writes them


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
                                         + "Bretagne;augm_voitelec;VE;2022;53,5;milliers de véhicules électriques dans le parc régional\n"
                                         + "Bretagne;augm_voitelec;VE;2023;1e999;milliers de véhicules électriques dans le parc régional\n")],
        ["« obs.csv »", "ligne 3", "colonne « valeur »", "« 1e999 » n'est pas un nombre fini"]),
    "NaN dans les observations": (
        lambda t: ["observations", write(t, "obs.csv", OBSERVATIONS_HEADER
                                         + "Bretagne;augm_voitelec;VE;2023;NaN;milliers de véhicules électriques dans le parc régional\n")],
        ["« obs.csv »", "ligne 2", "colonne « valeur »", "« NaN » n'est pas un nombre fini"]),
    "part au-delà de 100 % dans les observations": (
        lambda t: ["observations", write(t, "obs.csv", "region;indicateur;annee;valeur;unite\n"
                                                       "Bretagne;part_enr;2021;120;%\n")],
        ["« obs.csv »", "ligne 2", "colonne « valeur »", "une part doit être comprise entre 0 et 100 (120 lu)"]),
    "1e999 dans une clé de répartition": (
        lambda t: ["cles", write(t, "cles.csv", "code_commune;Parc\n35238;120 000\n29019;1e999\n")],
        ["« cles.csv »", "ligne 3", "colonne « parc »", "« 1e999 » n'est pas un nombre fini"]),
    "population d'EPCI infinie": (
        lambda t: ["cles", write(t, "cles.csv", "siren_epci;Parc;population_epci\n243500139;5;-1e999\n")],
        ["« cles.csv »", "ligne 2", "colonne « population_epci »", "« -1e999 » n'est pas un nombre fini"]),
    "population d'EPCI négative": (
        lambda t: ["cles", write(t, "cles.csv", "siren_epci;Parc;population_epci\n243500139;5;-12\n")],
        ["« cles.csv »", "ligne 2", "colonne « population_epci »",
         "la population doit être supérieure ou égale à 0 (−12 lu)"]),
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
         "la population doit être supérieure ou égale à 0 (−40 lu)"]),
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
    assert "0 ajouté(s)" in output
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
