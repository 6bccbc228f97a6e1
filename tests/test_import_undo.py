"""Every loader's dry run writes nothing (not even in the journal), and its import can be undone: the
database is then byte-identical to before it, but for the journal. A later import of the same rows must be
undone first; what depends on the rows an undo removes is named; the command line undoes too."""

from __future__ import annotations

import pytest

from data.commitment_samples import sample_template
from data.db import connect
from domain import commitment_store
from domain.errors import UserError
from loaders.catalogue import STARTING_CATALOGUE, load_catalogue
from loaders.commitments import load_commitments
from loaders.indicators import load_indicators
from loaders.journal import running
from loaders.keys import load_keys
from loaders.observations import load_observations
from loaders.sgpe import load_sgpe
from loaders.territories import load_territories
from loaders.undo import plan_undo, undo_import
from tests.conftest import COMMUNES, CRTE, EPCI, SGPE, fingerprint, shared
from tests.test_bad_inputs import run, write

JOURNAL = {"imports", "import_reports", "import_undo", "changes"}
UNIT = "milliers de véhicules électriques dans le parc régional"


def data(con) -> dict[str, tuple]:
    return fingerprint(con, leaving=JOURNAL)


def observations(tmp_path, value: str = "21,5") -> str:
    return write(tmp_path, f"obs-{value}.csv", "region;levier_id;annee;valeur;unite\n"
                 f"Bretagne;augm_voitelec;2022;{value};{UNIT}\nBretagne;augm_voitelec;2023;24;{UNIT}\n")


def communes(con) -> list[str]:
    return [c for (c,) in con.execute("SELECT code FROM territories WHERE level = 'commune' ORDER BY code "
                                      "LIMIT 30").fetchall()]


def indicators(con, tmp_path, shift: float) -> str:
    return write(tmp_path, f"ind-{shift}.csv", "codgeo;indicateur;annee;valeur\n" + "".join(
        f"{c};conso_enaf;2021;{i + shift}\n" for i, c in enumerate(communes(con))))


def catalogue(tmp_path) -> str:
    """The starting catalogue and one more indicator."""
    return write(tmp_path, "catalogue.csv", STARTING_CATALOGUE.read_text(encoding="utf-8").rstrip("\n") + "\n"
                 "velos_libre_service;Vélos en libre-service;vélos;Mieux se déplacer;hausse;somme;;;Opérateurs;"
                 "annuelle;Vélos proposés en libre-service.\n")


def commitments(con, tmp_path) -> str:
    path = tmp_path / "engagements.csv"
    sample_template(commitment_store.context(con, "53"), 5, seed=7).to_csv(path, sep=";", index=False)
    return str(path)


# kind → (a first import, the import undone, which changes what the first wrote)
CASES = {
    "observations": (lambda con, tmp: load_observations(con, observations(tmp, "20")),
                     lambda con, tmp: load_observations(con, observations(tmp))),
    "sgpe": (None, lambda con, tmp: load_sgpe(con, shared(SGPE), "2025")),
    "cles": (lambda con, tmp: load_keys(con, write(tmp, "a.csv", "code_commune;Parc\n35238;120 000\n29019;70 000\n")),
             lambda con, tmp: load_keys(con, write(tmp, "b.csv", "code_commune;Parc\n35238;125 000\n22278;1 000\n"))),
    "indicateurs": (lambda con, tmp: load_indicators(con, indicators(con, tmp, 0.5)),
                    lambda con, tmp: load_indicators(con, indicators(con, tmp, 1.5))),
    "catalogue": (None, lambda con, tmp: load_catalogue(con, catalogue(tmp))),
    "territoires": (lambda con, tmp: load_territories(con, shared(COMMUNES), shared(EPCI)),
                    lambda con, tmp: load_territories(con, shared(COMMUNES), shared(EPCI), shared(CRTE))),
    "engagements": (None, lambda con, tmp: load_commitments(con, commitments(con, tmp), "53", "equipe")[0]),
}


@pytest.mark.parametrize("kind", CASES)
def test_a_dry_run_writes_nothing_and_an_undo_restores_every_table(kind, real_copy, tmp_path):
    first, second = CASES[kind]
    with connect(real_copy) as con:
        if first:
            first(con, tmp_path)
        before = fingerprint(con)
        with running(dry_run=True):
            rehearsed = second(con, tmp_path)
        assert fingerprint(con) == before
        assert rehearsed.import_id is None and any(change.any for change in rehearsed.changes)
        next_id = con.execute("SELECT max(import_id) + 1 FROM imports").fetchone()[0]
        with running(author="equipe"):
            done = second(con, tmp_path)
        assert done.import_id == next_id  # the dry run took no number
        assert [(c.table, c.added, c.changed, c.removed) for c in done.changes] == \
               [(c.table, c.added, c.changed, c.removed) for c in rehearsed.changes]
        assert data(con) != {n: v for n, v in before.items() if n not in JOURNAL}
        undone = undo_import(con, done.import_id)
        assert data(con) == {n: v for n, v in before.items() if n not in JOURNAL}
        assert con.execute("SELECT author, undone_by FROM imports WHERE import_id = ?",
                           [done.import_id]).fetchone() == ("equipe", undone.import_id)
        with pytest.raises(UserError, match=f"L'import n° {done.import_id} est déjà annulé"):
            plan_undo(con, done.import_id)
        assert con.execute("SELECT count(*) FROM duckdb_tables() WHERE schema_name = 'undo' AND table_name LIKE ?",
                           [f"import_{done.import_id}_%"]).fetchone()[0] == 0


def test_an_import_whose_rows_a_later_import_changed_is_undone_after_it(real_copy, tmp_path):
    with connect(real_copy) as con:
        before = data(con)
        earlier = load_observations(con, observations(tmp_path, "20"))
        later = load_observations(con, observations(tmp_path, "22"))
        with pytest.raises(UserError) as refused:
            undo_import(con, earlier.import_id)
        assert str(refused.value) == (
            f"L'import n° {earlier.import_id} ne peut pas être annulé : 2 lignes qu'il a écrites (valeurs observées "
            f"et d'indicateurs) ont été modifiées depuis par l'import n° {later.import_id} (observations, "
            f"« obs-22.csv »). Seul le dernier import qui a touché ces lignes peut être annulé : annulez d'abord "
            f"l'import n° {later.import_id}.")
        undo_import(con, later.import_id)
        undo_import(con, earlier.import_id)
        assert data(con) == before


def test_an_import_whose_lines_were_all_refused_keeps_nothing_to_undo(real_copy, tmp_path):
    with connect(real_copy) as con:
        frame = sample_template(commitment_store.context(con, "53"), 1, seed=1).astype(object)
        frame.loc[0, ["Quantité physique", "ktCO₂e"]] = ["", "1e999"]
        path = tmp_path / "engagements.csv"
        frame.to_csv(path, sep=";", index=False)
        outcome, _ = load_commitments(con, str(path), "53", "equipe")
        assert outcome.nothing_written
        assert con.execute("SELECT count(*) FROM import_undo WHERE import_id = ?",
                           [outcome.import_id]).fetchall() == [(0,)]
        with pytest.raises(UserError) as refused:
            plan_undo(con, outcome.import_id)
        assert str(refused.value) == (f"L'import n° {outcome.import_id} a échoué : il n'a rien modifié, il n'y a rien "
                                      "à annuler.")


def test_undoing_a_territories_import_names_the_values_that_refer_to_its_territories(real_copy, tmp_path):
    with connect(real_copy) as con:
        territories = con.execute("SELECT max(import_id) FROM imports WHERE kind = 'territoires'").fetchone()[0]
        load_indicators(con, indicators(con, tmp_path, 0.5))
        plan = plan_undo(con, territories)
    assert plan.dependents == ["30 valeurs observées ou d'indicateur portent sur des territoires que l'import "
                               "avait ajoutés"]


def test_the_progress_of_an_import_is_said_step_by_step(real_copy):
    steps = []
    with connect(real_copy) as con, running(dry_run=True, say=steps.append):
        load_territories(con, shared(COMMUNES), shared(EPCI), shared(CRTE))
    assert steps[0] == "Lecture et vérification du fichier…"
    assert "Lecture des communes…" in steps and "Simplification topologique des contours…" in steps
    assert steps[-1] == "Comparaison avec les données en place…"


def test_the_command_line_undoes_an_import_and_refuses_an_old_one(real_copy, tmp_path):
    code, output = run("observations", observations(tmp_path))
    assert code == 0, output
    with connect(real_copy, read_only=True) as con:
        import_id, author = con.execute("SELECT import_id, author FROM imports ORDER BY import_id DESC").fetchone()
    assert author.startswith("ligne de commande (")
    code, output = run("annuler", import_id, "--oui")
    assert code == 0, output
    assert f"Import n° {import_id} (observations, « obs-21,5.csv ») annulé" in output
    code, output = run("annuler", import_id, "--oui")
    assert code == 1 and "est déjà annulé" in output and "Aucune donnée n'a été modifiée." in output
    code, output = run("imports")
    assert f"annulé par n° {import_id + 1}" in output
