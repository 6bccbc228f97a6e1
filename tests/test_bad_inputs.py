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
CARS = "milliers de véhicules électriques dans le parc régional"
GOOD_LINE = f"Bretagne;augm_voitelec;Véhicules électriques;2022;53,5;{CARS}\n"
BY_CODE = "niveau;code;nom;levier_id;indicateur;annee;valeur;unite\n"


def snapshot(path) -> dict:
    """Every table but the import journal (and the undo store, in its own schema): row counts and hashes."""
    return fingerprint(path, leaving={"imports"})


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


def _communes_with(tmp_path, change) -> str:
    import geopandas as gpd
    path = tmp_path / "COMMUNE.gpkg"
    change(gpd.read_file(shared(COMMUNES))).to_file(path, layer="commune", driver="GPKG")
    return str(path)


def _doubled(communes, codes: int):
    """``communes`` where each of the first ``codes`` codes is given to the commune after it too."""
    doubled = communes["INSEE_COM"].copy()
    for first in range(0, 2 * codes, 2):
        doubled[first + 1] = doubled[first]
    return communes.assign(INSEE_COM=doubled)


def _zipped_shapefile_without_projection(tmp_path) -> str:
    import zipfile

    import geopandas as gpd
    gpd.read_file(shared(COMMUNES)).head(20).to_file(tmp_path / "COMMUNE.shp")
    with zipfile.ZipFile(tmp_path / "COMMUNE.zip", "w") as archive:
        for extension in ("shp", "shx", "dbf"):  # the .prj left out
            archive.write(tmp_path / f"COMMUNE.{extension}", f"COMMUNE.{extension}")
    return str(tmp_path / "COMMUNE.zip")


def _zip_without_shapefile(tmp_path) -> str:
    import zipfile

    with zipfile.ZipFile(tmp_path / "COMMUNE.zip", "w") as archive:
        archive.writestr("LISEZ-MOI.txt", "Aucune couche ici.")
    return str(tmp_path / "COMMUNE.zip")


def _directory(tmp_path) -> str:
    path = tmp_path / "dossier.csv"
    path.mkdir()
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
        lambda t: ["observations",
                   write(t, "obs.csv", "region;levier_id;annee;unite\nBretagne;augm_voitelec;2022;u\n")],
        ["« obs.csv »", "ligne 1", "colonne manquante : valeur."]),
    "colonnes manquantes": (
        lambda t: ["observations", write(t, "obs.csv", "region;levier_id;unite\nBretagne;augm_voitelec;u\n")],
        ["« obs.csv »", "ligne 1", "colonnes manquantes : annee, valeur."]),
    "région inconnue (SGPE)": (
        lambda t: ["sgpe", _sgpe_with(t, lambda r: r[40].update(regionName="Bretagne du Sud"))],
        ["« panorama.json »", "région inconnue : « Bretagne du Sud » (enregistrement n° 41)."]),
    "régions inconnues (SGPE)": (
        lambda t: ["sgpe", _sgpe_with(t, lambda r: (r[40].update(regionName="Bretagne du Sud"),
                                                    r[41].update(regionName="Armorique")))],
        ["« panorama.json »", "régions inconnues : « Bretagne du Sud » (enregistrement n° 41); "
                              "« Armorique » (enregistrement n° 42)."]),
    "champ vide (SGPE)": (
        lambda t: ["sgpe", _sgpe_with(t, lambda r: r[40].update(sector=""))],
        ["« panorama.json »", "enregistrement n° 41", "champ manquant ou vide : sector."]),
    "champs manquants (SGPE)": (
        lambda t: ["sgpe", _sgpe_with(t, lambda r: (r[40].pop("group"), r[40].update(sector=" ")))],
        ["« panorama.json »", "enregistrement n° 41", "champs manquants ou vides : sector, group."]),
    "région inconnue (observations)": (
        lambda t: ["observations", write(t, "obs.csv", HEADER + GOOD_LINE.replace("Bretagne", "Armorique"))],
        ["« obs.csv »", "ligne 2", "colonne « region »", "région inconnue : « Armorique »"]),
    "valeur non numérique": (
        lambda t: ["observations",
                   write(t, "obs.csv", HEADER + GOOD_LINE + GOOD_LINE.replace("2022;53,5", "2021;beaucoup"))],
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
    "shapefile zippé sans sa projection (.prj)": (
        lambda t: ["territoires", "--communes", _zipped_shapefile_without_projection(t), "--epci", shared(EPCI)],
        ["« COMMUNE.zip »", "le système de coordonnées n'est pas déclaré"]),
    "zip sans shapefile": (
        lambda t: ["territoires", "--communes", _zip_without_shapefile(t), "--epci", shared(EPCI)],
        ["« COMMUNE.zip »", "fichier géographique illisible"]),
    "couche des communes sans population": (
        lambda t: ["territoires", "--communes", _communes_with(t, lambda f: f.drop(columns=["POPULATION"])),
                   "--epci", shared(EPCI)],
        ["« COMMUNE.gpkg »", "colonne manquante dans la couche des communes : POPULATION."]),
    "couche des communes sans nom ni population": (
        lambda t: ["territoires", "--communes", _communes_with(t, lambda f: f.drop(columns=["NOM", "POPULATION"])),
                   "--epci", shared(EPCI)],
        ["« COMMUNE.gpkg »", "colonnes manquantes dans la couche des communes : NOM, POPULATION."]),
    "code de commune en double": (
        lambda t: ["territoires", "--communes", _communes_with(t, lambda f: _doubled(f, 1)), "--epci", shared(EPCI)],
        ["« COMMUNE.gpkg »", "colonne « INSEE_COM »", "code de commune en double : "]),
    "codes de commune en double": (
        lambda t: ["territoires", "--communes", _communes_with(t, lambda f: _doubled(f, 2)), "--epci", shared(EPCI)],
        ["« COMMUNE.gpkg »", "colonne « INSEE_COM »", "codes de commune en double : "]),
    "encodage non reconnu (UTF-16)": (
        lambda t: ["observations", write(t, "obs.csv", (HEADER + GOOD_LINE).encode("utf-16"))],
        ["« obs.csv »", "ligne 1", "encodage non reconnu", "--encodage"]),
    "encodages mélangés": (
        lambda t: ["observations", write(t, "obs.csv", (HEADER + GOOD_LINE).encode("utf-8")
                                         + GOOD_LINE.replace("2022", "2021").encode("cp1252"))],
        ["« obs.csv »", "ligne 3", "n'est pas encodé en UTF-8 de bout en bout", "--encodage latin-1"]),
    "dossier au lieu d'un fichier": (
        lambda t: ["observations", _directory(t)],
        ["« dossier.csv »", "c'est un dossier, pas un fichier"]),
    "dossier au lieu d'un fichier (indicateurs)": (
        lambda t: ["indicateurs", _directory(t)],
        ["« dossier.csv »", "c'est un dossier, pas un fichier"]),
    "dossier au lieu d'un fichier (territoires)": (
        lambda t: ["territoires", "--communes", _directory(t), "--epci", shared(EPCI)],
        ["« dossier.csv »", "fichier géographique illisible"]),
    "unité différente du catalogue (observations)": (
        lambda t: ["observations", write(t, "obs.csv", BY_CODE + "region;53;;;ges_total;2021;5;GWh\n")],
        ["« obs.csv »", "ligne 2", "colonne « unite »", "unité « GWh » différente", "« ktCO₂e »"]),
    "indicateur inconnu (observations)": (
        lambda t: ["observations", write(t, "obs.csv", BY_CODE + "region;53;;;ges_totale;2021;5;ktCO2e\n")],
        ["« obs.csv »", "ligne 2", "colonne « indicateur »", "indicateur inconnu : « ges_totale »"]),
    "unité de levier fantaisiste (observations)": (
        lambda t: ["observations", write(t, "obs.csv", HEADER + GOOD_LINE.replace(CARS, "années-lumière"))],
        ["« obs.csv »", "ligne 2", "colonne « unite »", "unité « années-lumière » différente", CARS]),
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
                                            ["Bretagne", "augm_voitelec", 2022, 53.5, CARS],
                                            ["Bretagne", "augm_voitelec", 2021, "n.d.", CARS]])],
        ["« observations.xlsx »", "ligne 3", "colonne « valeur »", "« n.d. » n'est pas un nombre"]),
    "SIREN d'EPCI invalide": (
        lambda t: ["territoires", "--communes", shared(COMMUNES), "--epci",
                   write(t, "EPCI.csv",
                         "CODE_SIREN,NOM,NATURE\n200027027,CC Arc Sud Bretagne,CC\n20003899,CC tronquée,CC\n")],
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
    assert "1 valeur : 1 ajoutée, 0 modifiée, 0 inchangée" in output
    assert "encodage : Latin-1 (indiqué)" in output


def test_a_windows_1252_file_from_excel_loads_without_flags(real_copy, tmp_path):
    content = (BY_CODE + "departement;22;Côtes-d'Armor;;ges_total;2021;5,5;ktCO2e\n"
               f"region;53;Bretagne;augm_voitelec;;2023;61,2;{CARS}\n")
    code, output = run("observations", write(tmp_path, "obs.csv", content.replace("\n", "\r\n").encode("cp1252")))
    assert code == 0, output
    assert "encodage : Windows-1252 (détecté)" in output
    with connect(real_copy, read_only=True) as con:
        stored = con.execute("SELECT territory_code, subject_id, value, unit FROM observations "
                             "WHERE (territory_code = '22' AND year = 2021) OR (territory_code = '53' AND year = 2023) "
                             "ORDER BY 1").fetchall()
    assert stored == [("22", "ges_total", 5.5, "ktCO2e"), ("53", "augm_voitelec", 61.2, CARS)]


@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"])
def test_utf8_files_load_with_or_without_bom(real_copy, tmp_path, bom):
    path = write(tmp_path, "obs.csv", bom + (HEADER + GOOD_LINE.replace("2022", "2023")).encode("utf-8"))
    code, output = run("observations", path)
    assert code == 0, output
    assert f"encodage : UTF-8{' avec BOM' if bom else ''} (détecté)" in output
    with connect(real_copy, read_only=True) as con:
        assert con.execute("SELECT unit FROM observations WHERE territory_code = '53' AND year = 2023 "
                           "AND subject_id = 'augm_voitelec'").fetchone() == (CARS,)


def test_comma_separated_file_with_decimal_points_loads(real_copy, tmp_path):
    content = HEADER.replace(";", ",") + f"Bretagne,augm_voitelec,VE,2023,61.25,{CARS}\n"
    code, output = run("observations", write(tmp_path, "obs.csv", content))
    assert code == 0, output
    with connect(real_copy, read_only=True) as con:
        value = con.execute("SELECT value FROM observations WHERE territory_code = '53' AND year = 2023").fetchone()
    assert value == (61.25,)


def test_the_journal_lists_lines_read_and_written_in_agreement_with_their_number(real_copy, tmp_path):
    run("observations", write(tmp_path, "obs.csv", HEADER + GOOD_LINE.replace("53,5", "54")))
    run("observations", write(tmp_path, "vide.csv", ""))
    code, output = run("imports")
    assert code == 0, output
    assert "— observations-leviers-regions.csv — succès — 297 lues, 297 écrites — " in output
    assert "— obs.csv — succès — 1 lue, 1 écrite — " in output
    assert "— vide.csv — échec — 0 écrite — " in output


def test_missing_file_is_named(real_copy):
    code, output = run("observations", "/nulle/part/obs.csv")
    assert code == 1
    assert "« obs.csv » : le fichier n'existe pas." in output


def test_an_unexpected_error_is_said_in_french_and_its_traceback_logged(real_copy, tmp_path, monkeypatch):
    import loaders.observations

    def broken(*_):
        raise KeyError("colonne")

    monkeypatch.setattr(loaders.observations, "parse", broken)
    before = snapshot(real_copy)
    code, output = run("observations", write(tmp_path, "obs.csv", HEADER + GOOD_LINE))
    assert code == 1, output
    assert "Erreur dans « obs.csv » : erreur inattendue (KeyError)." in output
    assert "Traceback" not in output and "imports.log" in output
    assert "Aucune donnée n'a été modifiée." in output
    log = (real_copy.parent / "imports.log").read_text(encoding="utf-8")
    assert "Traceback" in log and "KeyError: 'colonne'" in log
    assert snapshot(real_copy) == before
