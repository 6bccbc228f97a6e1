"""Allocation keys: the loader (``python -m loaders cles``), methods that use them, and their effect."""

import pytest
from openpyxl import Workbook

from data.db import connect
from domain.split import region_split
from domain.split_methods import MethodError, method_keys, methods, save_method
from tests.conftest import fingerprint
from tests.test_bad_inputs import journal, run, write

KEY_TABLES = ["allocation_keys", "allocation_key_values", "split_methods", "split_method_keys"]
WIDE = ("code_commune;nom;Parc de véhicules;Logements chauffés au fioul\n"
        "35238;Rennes;120 000;3 500\n29019;Brest;70 000,5;\n99999;Nulle part;1;1\n")
LONG = ("niveau;code;cle;libelle;valeur;unite\n"
        "epci;243500139;surface_agricole;Surface agricole utile;1200;ha\n"
        "epci;242900314;surface_agricole;Surface agricole utile;800;ha\n")


def snapshot(path) -> dict:
    return fingerprint(path, KEY_TABLES)


def test_wide_file_loads_its_keys_and_reports_unknown_codes_and_gaps(real_copy, tmp_path):
    code, output = run("cles", write(tmp_path, "cles.csv", WIDE), "--source", "INSEE RP 2021", "--unite", "nombre")
    assert code == 0, output
    assert "Parc de véhicules (parc_de_vehicules), Logements chauffés au fioul (logements_chauffes_au_fioul)" in output
    assert "1 code de commune absent des territoires chargés, ignoré : 99999." in output
    assert "1 cellule vide" in output
    assert "Parc de véhicules — Bretagne : 2 communes sur 1\u202f202 ont une valeur." in output
    with connect(real_copy, read_only=True) as con:
        rows = con.execute("SELECT key_id, territory_code, value FROM allocation_key_values ORDER BY 1, 2").fetchall()
        labels = con.execute("SELECT key_id, label, unit, source FROM allocation_keys ORDER BY 1").fetchall()
    assert rows == [("logements_chauffes_au_fioul", "35238", 3500.0), ("parc_de_vehicules", "29019", 70000.5),
                    ("parc_de_vehicules", "35238", 120000.0)]
    assert labels[1] == ("parc_de_vehicules", "Parc de véhicules", "nombre", "INSEE RP 2021")
    # Loading the same file again changes nothing.
    code, output = run("cles", write(tmp_path, "cles.csv", WIDE), "--source", "INSEE RP 2021", "--unite", "nombre")
    assert "3 valeurs : 0 ajoutée, 0 modifiée, 3 inchangées" in output


def test_epci_key_reaches_the_communes_by_population_and_counts_only_the_inside_share(real_copy, tmp_path):
    header = "niveau;code;cle;libelle;valeur;unite"
    content = LONG.replace(header, f"{header};population_epci")
    content = content.replace("1200;ha\n", "1200;ha;\n").replace("800;ha\n", "800;ha;99999999\n")
    code, output = run("cles", write(tmp_path, "cles.csv", content))
    assert code == 0, output
    with connect(real_copy) as con:
        method = save_method(con, "SAU", {}, default_key="surface_agricole")
        split = region_split(con, "53", method, "epci")
    totals = split.parts.groupby("territory_code")["obj_co2_kt"].sum()
    assert totals[totals > 1e-9].index.tolist() == ["242900314", "243500139"]
    # 800 ha for a (declared) huge EPCI: almost nothing of it is inside; Rennes Métropole takes nearly all.
    assert totals["243500139"] / totals.sum() > 0.99
    assert totals.sum() == pytest.approx(9842.5042)


def test_xlsx_wide_file_loads(real_copy, tmp_path):
    workbook = Workbook()
    for row in [["INSEE_COM", "Cheptel bovin"], ["35238", 10], ["29019", 30], [None, None]]:
        workbook.active.append(row)
    path = tmp_path / "cheptel.xlsx"
    workbook.save(path)
    code, output = run("cles", path)
    assert code == 0, output
    assert "Cheptel bovin (cheptel_bovin)" in output


@pytest.mark.parametrize(("columns", "notice"), [
    (["population"], "Colonne ignorée, clé intégrée calculée depuis les communes : population."),
    (["population", "superficie"], "Colonnes ignorées, clés intégrées calculées depuis les communes : population, "
                                   "superficie."),
])
def test_built_in_keys_given_as_columns_are_ignored_and_named(real_copy, tmp_path, columns, notice):
    content = f"code_commune;Parc;{';'.join(columns)}\n35238;12{';1' * len(columns)}\n"
    code, output = run("cles", write(tmp_path, "cles.csv", content))
    assert code == 0, output
    assert notice in output


def test_a_key_zero_over_the_region_falls_back_to_population_visibly(real_copy, tmp_path):
    run("cles", write(tmp_path, "cles.csv", "code_commune;Forêt\n35238;0\n"))
    with connect(real_copy) as con:
        method = save_method(con, "Forêt partout", {}, default_key="foret")
        split = region_split(con, "53", method, "departement")
        default = region_split(con, "53", 1, "departement")
    assert any("La clé « Forêt » est nulle sur toute la région : 30 leviers" in n and "à la population" in n
               for n in split.notices)
    assert set(split.parts["used_key_id"]) == {"population"}
    assert split.parts["obj_co2_kt"].tolist() == pytest.approx(default.parts["obj_co2_kt"].tolist())


def test_communes_without_a_value_count_as_zero_and_are_reported(real_copy, tmp_path):
    run("cles", write(tmp_path, "cles.csv", WIDE))
    with connect(real_copy) as con:
        method = save_method(con, "Parc", {"augm_voitelec": "parc_de_vehicules"})
        split = region_split(con, "53", method, "departement")
    assert "1\u202f200 communes sur 1\u202f202 sans valeur pour la clé « Parc de véhicules » : elles comptent " \
           "pour zéro." \
        in split.notices
    electric = split.parts[split.parts["lever_id"] == "augm_voitelec"].set_index("territory_code")["obj_co2_kt"]
    assert electric["29"] == pytest.approx(625.6611 * 70000.5 / 190000.5)
    assert electric["22"] == 0.0


def test_methods_are_saved_replaced_and_the_default_is_protected(real_copy):
    with connect(real_copy) as con:
        first = save_method(con, "Surface", {"augm_haies": "superficie", "co2_foret": "superficie"})
        again = save_method(con, "Surface", {"co2_foret": "superficie"})
        assert first == again
        assert method_keys(con, first) == {"co2_foret": "superficie"}
        assert methods(con)["name"].tolist() == ["Population (par défaut)", "Surface"]
        with pytest.raises(MethodError, match="méthode par défaut"):
            save_method(con, "Population (par défaut)", {})
        with pytest.raises(MethodError, match=r"^Clé de répartition inconnue : licornes\.$"):
            save_method(con, "Autre", {"co2_foret": "licornes"})
        with pytest.raises(MethodError, match=r"^Clés de répartition inconnues : dragons, licornes\.$"):
            save_method(con, "Autre", {"co2_foret": "licornes", "augm_haies": "dragons"})
        with pytest.raises(MethodError, match="Donnez un nom"):
            save_method(con, "  ", {})


BAD = {
    "valeur négative": ("code_commune;Parc\n35238;-3\n",
                        ["ligne 2", "colonne « parc »", "une clé de répartition doit être comprise entre 0 et"]),
    "valeur non numérique": ("code_commune;Parc\n35238;12\n29019;beaucoup\n",
                             ["ligne 3", "colonne « parc »", "« beaucoup » n'est pas un nombre"]),
    "pas de colonne de codes": ("commune;Parc\nRennes;12\n",
                                ["ligne 1", "colonne des codes de territoire introuvable"]),
    "code de commune invalide": ("code_commune;Parc\n352380;12\n", ["ligne 2", "« 352380 » n'est pas un code INSEE"]),
    "SIREN invalide": ("siren_epci;Parc\n24350013;12\n", ["ligne 2", "n'est pas un SIREN d'EPCI"]),
    "doublon": ("code_commune;Parc\n35238;12\n35238;13\n", ["ligne 3", "doublon", "déjà donnée ligne 2"]),
    "aucun code connu": ("code_commune;Parc\n75056;12\n", ["aucun code du fichier ne correspond", "75056"]),
    "clé à deux niveaux": ("niveau;code;cle;valeur\ncommune;35238;parc;1\nepci;243500139;parc;2\n",
                           ["ligne 3", "une clé n'a qu'un niveau"]),
    "clé intégrée en format long": ("code_commune;cle;valeur\n35238;population;1\n",
                                    ["ligne 2", "est une clé intégrée"]),
    "niveau non pris en charge": ("niveau;code;cle;valeur\ndepartement;35;parc;1\n",
                                  ["ligne 2", "niveau « departement » non pris en charge"]),
    "que des codes": ("code_commune;nom\n35238;Rennes\n", ["aucune colonne de clé"]),
    "cellules toutes vides": ("code_commune;Parc\n35238;\n", ["aucune valeur de clé"]),
    "fichier vide": ("", ["le fichier est vide"]),
}


@pytest.mark.parametrize("case", BAD)
def test_bad_key_file_is_refused_and_leaves_the_data_unchanged(case, real_copy, tmp_path):
    content, expected = BAD[case]
    before, journal_before = snapshot(real_copy), journal(real_copy)
    code, output = run("cles", write(tmp_path, "cles.csv", content))
    assert code == 1, output
    for fragment in ["« cles.csv »"] + expected:
        assert fragment in output, f"{fragment!r} absent de : {output}"
    assert "Aucune donnée n'a été modifiée." in output
    assert snapshot(real_copy) == before
    after = journal(real_copy)
    assert len(after) == len(journal_before) + 1 and after[-1][0] == "échec"
