"""A commitment's financing sources may point to parties of the register (migration 055; since migration 043, per
financing line): the sources written before stay, a source that is exactly a party's name is linked; an unknown party
is refused with a French message and nothing is written."""

import duckdb
import pandas as pd
import pytest

from dashboard import store
from data.db import applied_versions, migrate, migrations
from domain import commitment_store
from domain.commitments import Context, validate
from tests.test_commitment_saves import stored  # noqa: F401 (the fixture)
from tests.test_commitments_loader import run, sample, snapshot
from tests.test_financing_lines import save_lines_in_form, with_financing_sheet

PARTY = ("53", "ademe-bzh", "opérateur", "ADEME")


def _insert_party(con, party=PARTY) -> None:
    con.execute("INSERT INTO parties (region, code, kind, name) VALUES (?, ?, ?, ?)", list(party))


def test_the_migration_keeps_every_source_and_links_those_named_exactly_as_a_party(tmp_path):
    con = duckdb.connect(str(tmp_path / "ancien.duckdb"))
    applied_versions(con)
    for version, name, sql in migrations():
        if version < 55:
            con.execute(sql)
            con.execute("INSERT INTO schema_migrations (version, name) VALUES (?, ?)", [version, name])
    _insert_party(con)
    _insert_party(con, ("22", "ademe-autre", "opérateur", "ADEME"))  # another region's: never linked
    sources = {1: "ADEME, FEDER", 2: "FEDER", 3: None, 4: "ademe"}  # 4: not the exact name
    for number, written in sources.items():
        con.execute("INSERT INTO commitments (commitment_id, region, territory_level, territory_code, lever_id, "
                    "carrier, title, quantity_kt, start_year, end_year, status, funding_sources, version, "
                    "created_at, created_by, updated_at, updated_by) VALUES (?, '53', 'region', '53', 'l', 'p', 't', "
                    "1, 2025, 2026, 'proposé', ?, 1, now(), 'a', now(), 'a')", [number, written])
    assert "055_funding_parties" in migrate(con)
    after = dict(con.execute("SELECT commitment_id, funding_sources FROM commitments").fetchall())
    linked = dict(con.execute("SELECT commitment_id, funding_parties FROM commitments").fetchall())
    assert after == sources
    assert linked == {1: "ademe-bzh", 2: None, 3: None, 4: None}


def test_financers_are_checked_against_the_region_s_register():
    context = Context("53", {}, {}, parties={"ademe-bzh": "ADEME", "cd29": "Département du Finistère"})
    checked = validate({"financing": [{"party": "cd29", "amount": "10"}, {"source": "ADEME", "amount": "5"},
                                      {"source": "Fonds chaleur", "party": "ademe-bzh"}]}, context)
    assert "financing" not in checked.errors
    assert [(source, party) for source, party, *_ in checked.values["financing"]] == [
        ("Département du Finistère", "cd29"), ("ADEME", "ademe-bzh"), ("Fonds chaleur", "ademe-bzh")]
    refused = validate({"financing": [{"source": "DSIL"}, {"party": "inconnu"}]}, context)
    assert refused.errors["financing"] == ("ligne 2, Financeur au registre (code) : « inconnu » n'est pas au registre "
                                           "des parties de la région.")


def test_an_unknown_financer_in_the_template_is_refused_with_its_line_and_column(real_copy, tmp_path):
    frame = sample(real_copy, 1).astype(object)
    lines = pd.DataFrame({"Identifiant": [None], "Intitulé": [frame.loc[0, "Intitulé"]], "Source": ["ADEME"],
                          "Financeur au registre (code)": ["inconnu"]})
    before = snapshot(real_copy)
    code, output = run("engagements", with_financing_sheet(tmp_path / "e.xlsx", frame, lines), "--region", "53")
    assert ("- feuille « Engagements », ligne 2 : Financements : feuille « Financements », ligne 2, Financeur au "
            "registre (code) : « inconnu » n'est pas au registre des parties de la région.") in output, output
    assert snapshot(real_copy) == before


@pytest.fixture
def ademe(stored):  # noqa: F811 (the fixture imported above)
    store.write(_insert_party)
    return stored


def test_the_form_saves_the_financers_chosen_in_the_register(app, client, ademe):
    save_lines_in_form(app, client, ademe, [{"party": "ademe-bzh", "amount": "1000", "year": "2026"}])
    assert store.fetch(commitment_store.get, ademe["commitment_id"])["financing"] == (
        ("ADEME", "ademe-bzh", 1000.0, 2026, None),)
