"""Bad files: a French message naming the file, the line or column and the problem; exit code ≠ 0;
the data exactly as before (the journal records the failure)."""

import json

import pytest
from openpyxl import Workbook
from typer.testing import CliRunner

from data.db import connect
from loaders.__main__ import app
from tests.conftest import COMMUNES, CRTE, EPCI, SGPE, fingerprint, shared

HEADER = "region;levier_id;levier;annee;valeur;unite\n"
GOOD_LINE = "Bretagne;augm_voitelec;Véhicules électriques;2022;53,5;milliers\n"


def snapshot(path) -> dict:
    """Every table but the import journal: row counts and hashes."""
    with connect(path, read_only=True) as con:
        tables = [t for (t,) in con.execute("SELECT table_name FROM duckdb_tables() WHERE NOT temporary "
                                            "AND table_name <> 'imports' ORDER BY 1").fetchall()]
    return fingerprint(path, tables)


def journal(path) -> list[tuple]:
    with connect(path, read_only=True) as con:
        return con.execute("SELECT status, message FROM imports ORDER BY import_id").fetchall()


def run(*args) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(map(str, args)))
    return result.exit_code, result.output + (result.stderr if result.stderr_bytes is not None else "")


def write(tmp_path, name: str, content: str | bytes) -> str:
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return str(path)


def _sgpe_records() -> list[dict]:
    return json.loads(shared(SGPE).read_text(encoding="utf-8"))


def _xlsx(tmp_path, rows) -> str:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    path = tmp_path / "observations.xlsx"
    workbook.save(path)
    return str(path)


def _truncated_gpkg(tmp_path) -> str:
    data = shared(COMMUNES).read_bytes()
    return write(tmp_path, "COMMUNE.gpkg", data[: len(data) // 3])


def _gpkg_without_population(tmp_path) -> str:
    import geopandas as gpd
    frame = gpd.read_file(shared(COMMUNES)).drop(columns=["POPULATION"])
    path = tmp_path / "COMMUNE.gpkg"
    frame.to_file(path, layer="commune", driver="GPKG")
    return str(path)


def _sgpe_with(tmp_path, change) -> str:
    records = _sgpe_records()
    change(records)
    return write(tmp_path, "panorama.json", json.dumps(records, ensure_ascii=False))


CASES = {
    "séparateur virgule avec virgules décimales": (
        lambda t: ["observations", write(t, "obs.csv", HEADER.replace(";", ",") + GOOD_LINE.replace(";", ","))],
        ["« obs.csv »", "ligne 2", "7 champs au lieu de 6"]),
    "colonne manquante": (
        lambda t: ["observations", write(t, "obs.csv", "region;levier_id;annee;unite\nBretagne;augm_voitelec;2022;u\n")],
        ["« obs.csv »", "ligne 1", "colonne(s) manquante(s) : valeur"]),
    "région inconnue (SGPE)": (
        lambda t: ["sgpe", _sgpe_with(t, lambda r: r[40].update(regionName="Bretagne du Sud"))],
        ["« panorama.json »", "région(s) inconnue(s)", "« Bretagne du Sud » (enregistrement n° 41)"]),
    "région inconnue (observations)": (
        lambda t: ["observations", write(t, "obs.csv", HEADER + GOOD_LINE.replace("Bretagne", "Armorique"))],
        ["« obs.csv »", "ligne 2", "colonne « region »", "région inconnue : « Armorique »"]),
    "valeur non numérique": (
        lambda t: ["observations", write(t, "obs.csv", HEADER + GOOD_LINE + GOOD_LINE.replace("2022;53,5", "2021;beaucoup"))],
        ["« obs.csv »", "ligne 3", "colonne « valeur »", "« beaucoup » n'est pas un nombre"]),
    "lignes en double": (
        lambda t: ["observations", write(t, "obs.csv", HEADER + GOOD_LINE + GOOD_LINE)],
        ["« obs.csv »", "ligne 3", "doublon", "ligne 2"]),
    "fichier vide": (
        lambda t: ["observations", write(t, "obs.csv", "")],
        ["« obs.csv »", "le fichier est vide"]),
    "en-tête seul": (
        lambda t: ["observations", write(t, "obs.csv", HEADER)],
        ["« obs.csv »", "aucune ligne de données"]),
    "GeoPackage tronqué": (
        lambda t: ["territoires", "--communes", _truncated_gpkg(t), "--epci", shared(EPCI), "--crte", shared(CRTE)],
        ["« COMMUNE.gpkg »", "fichier géographique illisible"]),
    "couche des communes sans population": (
        lambda t: ["territoires", "--communes", _gpkg_without_population(t), "--epci", shared(EPCI)],
        ["« COMMUNE.gpkg »", "colonne(s) manquante(s) dans la couche des communes : POPULATION"]),
    "mauvais encodage": (
        lambda t: ["observations", write(t, "obs.csv", (HEADER + GOOD_LINE).encode("latin-1"))],
        ["« obs.csv »", "ligne 2", "n'est pas encodé en UTF-8", "--encodage latin-1"]),
    "JSON tronqué": (
        lambda t: ["sgpe", write(t, "panorama.json", shared(SGPE).read_text(encoding="utf-8")[:5000])],
        ["« panorama.json »", "JSON invalide", "ligne "]),
    "levier en double (SGPE)": (
        lambda t: ["sgpe", _sgpe_with(t, lambda r: r.append(dict(r[0])))],
        ["« panorama.json »", "enregistrement n° 475", "doublon", "enregistrement n° 1"]),
    "objectif non numérique (SGPE en CSV)": (
        lambda t: ["sgpe", write(t, "panorama.csv",
                                 "regionName;id;leverName;sector;group;objCO2;ratioCO2toPhys;relative\n"
                                 "Bretagne;augm_voitelec;VE;Transport;Mieux se déplacer;12,5;0,5;true\n"
                                 "PACA;augm_voitelec;VE;Transport;Mieux se déplacer;douze;0,5;true\n")],
        ["« panorama.csv »", "ligne 3", "« objCO2 » : « douze » n'est pas un nombre"]),
    "levier inconnu": (
        lambda t: ["observations", write(t, "obs.csv", HEADER + GOOD_LINE.replace("augm_voitelec", "augm_tapis"))],
        ["« obs.csv »", "ligne 2", "colonne « levier_id »", "levier inconnu : « augm_tapis »"]),
    "année impossible": (
        lambda t: ["observations", write(t, "obs.csv", HEADER + GOOD_LINE.replace("2022", "22"))],
        ["« obs.csv »", "ligne 2", "colonne « annee »", "n'est pas une année"]),
    "valeur textuelle dans un classeur Excel": (
        lambda t: ["observations", _xlsx(t, [["region", "levier_id", "annee", "valeur", "unite"],
                                            ["Bretagne", "augm_voitelec", 2022, 53.5, "u"],
                                            ["Bretagne", "augm_voitelec", 2021, "n.d.", "u"]])],
        ["« observations.xlsx »", "ligne 3", "colonne « valeur »", "« n.d. » n'est pas un nombre"]),
    "SIREN d'EPCI invalide": (
        lambda t: ["territoires", "--communes", shared(COMMUNES), "--epci",
                   write(t, "EPCI.csv", "CODE_SIREN,NOM,NATURE\n200027027,CC Arc Sud Bretagne,CC\n20003899,CC tronquée,CC\n")],
        ["« EPCI.csv »", "ligne 3", "colonne « CODE_SIREN »", "« 20003899 » n'est pas un SIREN"]),
}


@pytest.mark.parametrize("case", CASES)
def test_bad_file_is_refused_and_leaves_the_data_unchanged(case, real_copy, tmp_path):
    build_args, expected = CASES[case]
    assert_refused(real_copy, build_args(tmp_path), expected)


def assert_refused(database, args: list, expected: list[str]) -> None:
    """The command fails (exit code 1) with every expected fragment, the data exactly as before, the failure
    journaled."""
    before, journal_before = snapshot(database), journal(database)
    code, output = run(*args)
    assert code == 1, output
    for fragment in expected:
        assert fragment in output, f"{fragment!r} absent de : {output}"
    assert "Aucune donnée n'a été modifiée." in output
    assert snapshot(database) == before
    after = journal(database)
    assert after[: len(journal_before)] == journal_before
    assert len(after) == len(journal_before) + 1 and after[-1][0] == "échec"
    assert after[-1][1].startswith("Erreur dans")


def test_latin1_file_loads_when_its_encoding_is_named(real_copy, tmp_path):
    path = write(tmp_path, "obs.csv", (HEADER + GOOD_LINE.replace("2022", "2023")).encode("latin-1"))
    code, output = run("observations", path, "--encodage", "latin-1")
    assert code == 0, output
    assert "1 valeurs : 1 ajouté(s)" in output


def test_comma_separated_file_with_decimal_points_loads(real_copy, tmp_path):
    content = HEADER.replace(";", ",") + "Bretagne,augm_voitelec,VE,2023,61.25,milliers\n"
    code, output = run("observations", write(tmp_path, "obs.csv", content))
    assert code == 0, output
    with connect(real_copy, read_only=True) as con:
        value = con.execute("SELECT value FROM observations WHERE territory_code = '53' AND year = 2023").fetchone()
    assert value == (61.25,)


def test_missing_file_is_named(real_copy):
    code, output = run("observations", "/nulle/part/obs.csv")
    assert code == 1
    assert "« obs.csv » : le fichier n'existe pas." in output
