"""Allocation key files of a few hundred thousand values: staged in DuckDB by batches (loaders/staging.py),
they give the same values, counts and refusals as a small file, and leave DuckDB's settings as they were."""

import pytest

from data.db import connect
from domain.formats import count  # thousands apart: « 300 500 valeurs »
from loaders.errors import LoadError
from loaders.keys import load_keys
from loaders.staging import BATCH, FIRST_BATCH, MEMORY_SETTINGS
from tests.test_allocation_keys import snapshot
from tests.test_bad_inputs import journal, run

KEYS = 250  # × 1,202 Breton communes: about 300,000 values, more than FIRST_BATCH + BATCH


def communes(database) -> list[str]:
    with connect(database, read_only=True) as con:
        return [c for (c,) in con.execute("SELECT code FROM territories WHERE level = 'commune' ORDER BY 1").fetchall()]


def key_file(path, values: dict[tuple[str, str], float]):
    """A long CSV with French decimal commas, one line per (key, commune)."""
    lines = ["code_commune;cle;valeur"] + [f"{code};{key};{str(value).replace('.', ',')}"
                                           for (key, code), value in values.items()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def stored(database) -> dict[tuple[str, str], float]:
    with connect(database, read_only=True) as con:
        return {(key, code): value for key, code, value in con.execute(
            "SELECT key_id, territory_code, value FROM allocation_key_values").fetchall()}


def test_a_large_file_is_stored_whole_and_a_second_one_counts_what_changed(real_copy, tmp_path):
    codes = communes(real_copy)
    first = {(f"cle_{k}", code): k * 10 + i % 7 + 0.5 for k in range(KEYS) for i, code in enumerate(codes)}
    assert len(first) > FIRST_BATCH + BATCH
    code, output = run("cles", key_file(tmp_path / "cles.csv", first))
    assert code == 0, output
    assert f"{KEYS} clés : {KEYS} ajoutées, 0 modifiée, 0 inchangée" in output
    assert f"{count(len(first))} valeurs : {count(len(first))} ajoutées, 0 modifiée, 0 inchangée" in output
    assert stored(real_copy) == first

    second = {k: v + 1 if k[0] == "cle_1" else v for k, v in first.items() if not (k[0] == "cle_2" and k[1] < "29")}
    second |= {("cle_nouvelle", code): 1.0 for code in codes}
    removed = len(first) + len(codes) - len(second)
    assert removed > 0
    code, output = run("cles", key_file(tmp_path / "cles.csv", second))
    assert code == 0, output
    assert (f"{count(len(second))} valeurs : {count(len(codes))} ajoutées, {count(len(codes))} modifiées, "
            f"{count(len(second) - 2 * len(codes))} inchangées, {count(removed)} retirées") in output
    assert stored(real_copy) == second


def test_a_key_repeated_far_down_is_refused_at_its_line_before_a_later_problem(real_copy, tmp_path):
    codes = communes(real_copy)
    values = {(f"cle_{k}", code): 1.0 for k in range(KEYS) for code in codes}
    path = key_file(tmp_path / "cles.csv", values)
    lines = path.read_text(encoding="utf-8").splitlines()
    repeated = FIRST_BATCH + BATCH + 1_000  # in the third batch, repeating line 2 of the first
    lines[repeated - 1] = lines[1]
    lines[repeated + 9] = lines[repeated + 9].rsplit(";", 1)[0] + ";beaucoup"  # ten lines further down
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    before, journal_before = snapshot(real_copy), journal(real_copy)
    code, output = run("cles", path)
    assert code == 1, output
    assert f"ligne {repeated}" in output
    assert f"doublon : la clé « cle_0 » de commune {codes[0]} est déjà donnée ligne 2." in output
    assert "Aucune donnée n'a été modifiée." in output
    assert snapshot(real_copy) == before and len(journal(real_copy)) == len(journal_before) + 1


def settings(con) -> dict:
    return {name: con.execute("SELECT current_setting(?)", [name]).fetchone()[0] for name in MEMORY_SETTINGS}


@pytest.mark.parametrize("limit", [None, "2GiB"])
def test_the_memory_settings_of_an_import_do_not_outlive_it(real_copy, tmp_path, limit):
    good, bad = tmp_path / "bonnes.csv", tmp_path / "mauvaises.csv"
    good.write_text("code_commune;cle;valeur\n35238;parc;12\n", encoding="utf-8")
    bad.write_text("code_commune;cle;valeur\n35238;parc;-12\n", encoding="utf-8")
    with connect(real_copy) as con:
        if limit:
            con.execute(f"SET memory_limit = '{limit}'")
        before = settings(con)
        assert before["preserve_insertion_order"] is True
        load_keys(con, good)
        assert settings(con) == before
        with pytest.raises(LoadError, match="une clé de répartition doit être comprise entre 0 et"):
            load_keys(con, bad)
        assert settings(con) == before
