"""The indicator catalogue and values loaders, on the real files and on bad ones."""

import pytest
from openpyxl import Workbook

from data.db import connect
from loaders.catalogue import STARTING_CATALOGUE, load_catalogue
from loaders.indicators import load_indicators
from loaders.sgpe import load_sgpe
from tests.conftest import OBSERVATIONS, SGPE, fingerprint, shared
from tests.test_bad_inputs import journal, run, snapshot, write

SNAPSHOT_TABLES = ["observations", "indicators", "indicator_aggregates"]


def full_snapshot(path) -> dict:
    return snapshot(path) | fingerprint(path, SNAPSHOT_TABLES)


def xlsx(tmp_path, name, rows) -> str:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    path = tmp_path / name
    workbook.save(path)
    return str(path)


def test_the_real_observations_file_loads_as_lever_indicators(db_path):
    with connect(db_path) as con:
        load_sgpe(con, shared(SGPE))
        outcome = load_indicators(con, shared(OBSERVATIONS))
        count = con.execute("SELECT count(*) FROM observations WHERE subject_kind = 'levier'").fetchone()[0]
        value = con.execute("SELECT value, unit FROM observations WHERE territory_code = '84' "
                            "AND subject_id = 'augm_voitelec' AND year = 2022").fetchone()
        lever = con.execute("SELECT theme, direction, aggregation, unit FROM indicator_catalogue "
                            "WHERE subject_id = 'reduc_consovp'").fetchone()
        indicators = con.execute("SELECT count(*) FROM indicators").fetchone()[0]
    message = outcome.message()
    assert count == 297 and outcome.rows_read == 297
    assert value == (53.5, "milliers de véhicules électriques dans le parc régional")
    assert lever == ("Mieux se déplacer", "baisse", "moyenne pondérée",
                     "L/100km consommés en moyenne par les véhicules thermiques du parc")
    assert "format long" in message and "colonne « region »" in message
    assert "297 valeurs : 297 ajoutées" in message
    assert "Colonne non utilisée : levier." in message
    assert indicators == 22  # the starting catalogue came with the first load


def test_reloading_the_observations_through_either_loader_changes_nothing(real_copy):
    code, output = run("indicateurs", shared(OBSERVATIONS))
    assert code == 0, output
    assert "297 valeurs : 0 ajoutée, 0 modifiée, 297 inchangées" in output


def test_the_starting_catalogue_covers_the_crte_socle_themes(db_path):
    with connect(db_path) as con:
        outcome = load_catalogue(con)
        themes = {t for (t,) in con.execute("SELECT DISTINCT theme FROM indicators").fetchall()}
        weights = dict(con.execute("SELECT indicator_id, weight FROM indicators").fetchall())
    assert "22 indicateurs : 22 ajoutés" in outcome.message()
    assert {"Mieux se déplacer", "Mieux se nourrir", "Air", "Sols", "Déchets", "Eau", "Biodiversité"} <= themes
    assert weights["part_sau_bio"] == "surface_agricole_utile" and weights["ges_total"] is None


def test_the_catalogue_is_extended_from_an_xlsx(real_copy, tmp_path):
    header = STARTING_CATALOGUE.read_text(encoding="utf-8").splitlines()[0].split(";")
    path = xlsx(tmp_path, "ajouts.xlsx", [header, ["velos_libre_service", "Vélos en libre-service", "vélos",
                                                   "mieux se deplacer", "hausse", "somme", None, None, "Opérateurs",
                                                   "annuelle", "Vélos proposés en libre-service."]])
    assert run("catalogue")[0] == 0
    code, output = run("catalogue", path)
    assert code == 0, output
    with connect(real_copy, read_only=True) as con:
        rows = con.execute("SELECT indicator_id, theme FROM indicators ORDER BY 1").fetchall()
    assert ("velos_libre_service", "Mieux se déplacer") in rows and len(rows) == 23


def _communes(real_copy) -> list[str]:
    with connect(real_copy, read_only=True) as con:
        return [c for (c,) in con.execute("SELECT code FROM territories WHERE level = 'commune' ORDER BY code"
                                          ).fetchall()]


def test_long_and_wide_files_give_the_same_values(real_copy, tmp_path):
    communes = _communes(real_copy)[:50]
    long = "codgeo;indicateur;annee;valeur\n" + "".join(
        f"{c};conso_enaf;{y};{i},5\n" for i, c in enumerate(communes) for y in (2020, 2021))
    by_year = "niveau,code,indicateur,2020,annee_2021\n" + "".join(
        f"commune,{c},conso_enaf,{i}.5,{i}.5\n" for i, c in enumerate(communes))
    by_indicator = [["commune", "nom", "annee", "conso_enaf"]] + [
        [c, "x", y, i + 0.5] for i, c in enumerate(communes) for y in (2020, 2021)]
    outputs = []
    for path in (write(tmp_path, "long.csv", long), write(tmp_path, "annees.csv", by_year),
                 xlsx(tmp_path, "indicateurs.xlsx", by_indicator)):
        code, output = run("indicateurs", path)
        assert code == 0, output
        outputs.append(output)
    assert "100 valeurs : 100 ajoutées" in outputs[0]
    assert "une colonne par année" in outputs[1]
    assert "100 valeurs : 0 ajoutée, 0 modifiée, 0 inchangée" not in outputs[1]
    assert "une colonne par indicateur" in outputs[2] and "colonne « commune »" in outputs[2]
    with connect(real_copy, read_only=True) as con:
        total = con.execute("SELECT count(*), sum(value) FROM observations WHERE subject_id = 'conso_enaf'").fetchone()
        region = con.execute("SELECT value, members_with_value, members_total FROM indicator_aggregates "
                             "WHERE subject_id = 'conso_enaf' AND territory_level = 'region' AND year = 2021"
                             ).fetchone()
    assert total == (100, pytest.approx(2 * sum(i + 0.5 for i in range(50))))
    assert region == (pytest.approx(sum(i + 0.5 for i in range(50))), 50, 1202)


def test_unknown_codes_are_reported_and_lost_leading_zeros_restored(real_copy, tmp_path):
    content = ("niveau;code;indicateur;annee;valeur\n"
               "commune;29019;ges_total;2020;1,5\ncommune;99999;ges_total;2020;2\ndepartement;9;ges_total;2020;3\n"
               "region;Bretagne;ges_total;2020;4\ndepartement;22;ges_total;2020;\n")
    code, output = run("indicateurs", write(tmp_path, "mixte.csv", content))
    assert code == 0, output
    assert "1 code de territoire sans correspondance, 1 valeur non chargée : commune « 99999 »" in output
    assert "1 code de departement complété par un zéro initial" in output
    assert "1 cellule vide" in output
    with connect(real_copy, read_only=True) as con:
        codes = sorted(con.execute("SELECT territory_level, territory_code FROM observations "
                                   "WHERE subject_id = 'ges_total'").fetchall())
    assert codes == [("commune", "29019"), ("departement", "09"), ("region", "53")]


LONG = "codgeo;indicateur;annee;valeur;unite\n"
GOOD = "29019;ges_total;2020;12,5;ktCO2e\n"
BAD_FILES = {
    "indicateur inconnu": (lambda t: write(t, "v.csv", LONG + GOOD + GOOD.replace("ges_total", "ges_totale")),
                           ["« v.csv »", "ligne 3", "colonne « indicateur »", "indicateur inconnu : « ges_totale »"]),
    "valeur non numérique": (lambda t: write(t, "v.csv", LONG + GOOD + "\n" + GOOD.replace("2020;12,5", "2021;n.d.")),
                             ["« v.csv »", "ligne 4", "colonne « valeur »", "« n.d. » n'est pas un nombre"]),
    "virgule et point": (lambda t: write(t, "v.csv", LONG + GOOD.replace("12,5", "1.234,5")),
                         ["ligne 2", "« 1.234,5 » n'est pas un nombre"]),
    "année impossible": (lambda t: write(t, "v.csv", LONG + GOOD.replace("2020", "20")),
                         ["ligne 2", "colonne « annee »", "« 20 » n'est pas une année"]),
    "doublon": (lambda t: write(t, "v.csv", LONG + GOOD + GOOD),
                ["ligne 3", "doublon", "déjà donné ligne 2"]),
    "unité différente": (lambda t: write(t, "v.csv", LONG + GOOD.replace("ktCO2e", "MtCO2e")),
                         ["ligne 2", "colonne « unite »", "unité « MtCO2e » différente", "« ktCO₂e »"]),
    "aucun territoire connu": (lambda t: write(t, "v.csv", LONG + GOOD.replace("29019", "99999")),
                               ["ligne 2", "aucun territoire du fichier n'est connu", "commune « 99999 »"]),
    "champs en trop": (lambda t: write(t, "v.csv", LONG + GOOD + "29020;ges_total;2020;1;ktCO2e;x\n"),
                       ["ligne 3", "6 champs au lieu de 5"]),
    "mauvais encodage": (lambda t: write(t, "v.csv", (LONG + GOOD.replace("ktCO2e", "ktCO₂e")).encode("utf-8")
                                         + "29020;ges_total;2020;1;é\n".encode("latin-1")),
                         ["ligne 3", "n'est pas encodé en UTF-8", "--encodage latin-1"]),
    "colonne inconnue en format large": (
        lambda t: write(t, "v.csv", "codgeo;annee;ges_total;emissions_co2\n29019;2020;1;2\n"),
        ["ligne 1", "colonne inconnue : emissions_co2 —", "ni un indicateur du catalogue"]),
    "colonnes inconnues en format large": (
        lambda t: write(t, "v.csv", "codgeo;annee;ges_total;emissions_co2;emissions_ch4\n29019;2020;1;2;3\n"),
        ["ligne 1", "colonnes inconnues : emissions_co2, emissions_ch4 —", "ni un indicateur du catalogue"]),
    "colonne en double": (lambda t: write(t, "v.csv", LONG.replace("\n", ";valeur\n") + GOOD.replace("\n", ";1\n")),
                          ["ligne 1", "colonne en double dans l'en-tête : valeur."]),
    "colonnes en double": (
        lambda t: write(t, "v.csv", LONG.replace("\n", ";valeur;annee\n") + GOOD.replace("\n", ";1;2020\n")),
        ["ligne 1", "colonnes en double dans l'en-tête : annee, valeur."]),
    "niveau France": (lambda t: write(t, "v.csv", "niveau;code;indicateur;annee;valeur\npays;FR;ges_total;2020;1\n"),
                      ["ligne 2", "colonne « niveau »", "niveau de territoire inconnu : « pays »",
                       "se calcule à partir des régions"]),
    "sans colonne de territoire": (lambda t: write(t, "v.csv", "indicateur;annee;valeur\nges_total;2020;1\n"),
                                   ["ligne 1", "colonne du territoire manquante"]),
    "année en colonne mal écrite (XLSX)": (
        lambda t: xlsx(t, "v.xlsx", [["commune", "indicateur", "2020", "2021"],
                                     ["29019", "ges_total", 1.5, "beaucoup"]]),
        ["« v.xlsx »", "ligne 2", "colonne « 2021 »", "« beaucoup » n'est pas un nombre"]),
    "catalogue : thème inconnu": (
        lambda t: write(t, "c.csv", "id;nom;unite;theme;sens;agregation;ponderation;source\n"
                                    "x;X;u;Climat;hausse;somme;;S\n"),
        ["« c.csv »", "ligne 2", "colonne « theme »", "thème inconnu : « Climat »"]),
    "catalogue : pondération manquante": (
        lambda t: write(t, "c.csv", "id;nom;unite;theme;sens;agregation;ponderation;source\n"
                                    "x;X;u;Air;hausse;moyenne pondérée;;S\n"),
        ["ligne 2", "colonne « ponderation »", "une moyenne pondérée demande une pondération"]),
}


@pytest.mark.parametrize("case", BAD_FILES)
def test_a_bad_file_is_refused_and_leaves_the_data_unchanged(case, real_copy, tmp_path):
    assert run("catalogue")[0] == 0
    build, expected = BAD_FILES[case]
    path = build(tmp_path)
    command = "catalogue" if case.startswith("catalogue") else "indicateurs"
    before, journal_before = full_snapshot(real_copy), journal(real_copy)
    code, output = run(command, path)
    assert code == 1, output
    for fragment in expected:
        assert fragment in output, f"{fragment!r} absent de : {output}"
    assert "Aucune donnée n'a été modifiée." in output
    assert full_snapshot(real_copy) == before
    after = journal(real_copy)
    assert len(after) == len(journal_before) + 1 and after[-1][0] == "échec"


def test_columns_not_used_are_named_in_the_plural_from_two(real_copy, tmp_path):
    content = LONG.replace("\n", ";commentaire;auteur\n") + GOOD.replace("\n", ";relu;DREAL\n")
    code, output = run("indicateurs", write(tmp_path, "v.csv", content))
    assert code == 0, output
    assert "Colonnes non utilisées : commentaire, auteur." in output


def test_a_catalogue_reload_changing_a_unit_in_use_is_refused_unless_forced(real_copy, tmp_path):
    assert run("indicateurs", write(tmp_path, "v.csv", LONG + GOOD + GOOD.replace("2020", "2021")))[0] == 0
    lines = STARTING_CATALOGUE.read_text(encoding="utf-8").splitlines()
    changed = write(tmp_path, "c.csv", "\n".join([lines[0], lines[1].replace(";ktCO₂e;", ";MtCO₂e;")]) + "\n")
    before = full_snapshot(real_copy)
    code, output = run("catalogue", changed)
    assert code == 1, output
    refusal = "l'unité de « ges_total » passerait de « ktCO₂e » à « MtCO₂e »"
    for fragment in ("« c.csv »", "ligne 2", "colonne « unite »", refusal, "2 valeurs", "--forcer"):
        assert fragment in output, output
    assert full_snapshot(real_copy) == before
    code, output = run("catalogue", changed, "--forcer")
    assert code == 0, output
    assert "2 valeurs réétiquetées « MtCO₂e »" in output
    with connect(real_copy, read_only=True) as con:
        units = con.execute("SELECT DISTINCT unit FROM observations WHERE subject_id = 'ges_total'").fetchall()
    assert units == [("MtCO₂e",)]
