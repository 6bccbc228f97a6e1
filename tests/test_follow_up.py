"""A commitment's follow-up (issue 23, point 6): the achieved path and the late commitments computed by hand (shares
of shared commitments applied), the statistical path as Écarts computes it, each field read and refused in French
with nothing written, the history of each change, the frozen versions, and the migration from the schema before."""

from __future__ import annotations

from datetime import datetime

import numpy as np
import pandas as pd
import pytest

from dashboard.features.roadmap import coverage as roadmap
from dashboard.features.roadmap import follow_up_paths as paths
from data.db import applied_versions, connect, migrate, migrations
from domain import commitment_store, follow_up, snapshots, versions
from domain.commitment_objectives import Objective
from domain.commitments import Context, Lever
from domain.conflicts import Conflict

A, B = "crte-a", "crte-b"
TODAY = datetime(2026, 12, 6)
LEVER = Lever("velo", "Vélo", "Transports", "km", 2.0)  # 2 km per ktCO₂e
CONTEXT = Context("53", {("crte", A): "A", ("crte", B): "B"}, {"velo": LEVER, "sans": Lever(
    "sans", "Sans unité", "Industrie", None, None)}, objectives={"eau": Objective("eau", "Prélèvements", "Mm³")})
FOLLOW_UP_MIGRATION = 44


def commitments() -> pd.DataFrame:
    """1: 10 kt from 2022 to 2027, shared 60/40 by A and B; 2: 4 kt from 2023 to 2025 in B, and 6 Mm³ of water;
    3: 8 kt in A, only proposed; 4: 2 kt in A from 2024 to 2026, without follow-up."""
    return pd.DataFrame({
        "commitment_id": [1, 2, 3, 4], "title": ["Un", "Deux", "Trois", "Quatre"],
        "territory_level": ["crte"] * 4, "territory_code": [A, B, A, A], "territory_name": ["A", "B", "A", "A"],
        "territories": [(("crte", A, 0.6), ("crte", B, 0.4)), (), (), ()],
        "sector": ["Transports"] * 4, "quantity_kt": [10.0, 4.0, 8.0, 2.0],
        "objectives": [(), (("eau", 6.0),), (), ()],
        "start_year": [2022, 2023, 2022, 2024], "end_year": [2027, 2025, 2030, 2026],
        "status": ["engagé", "retenu en COP", "proposé", "engagé"],
    })


def followed() -> pd.DataFrame:
    """Two years of follow-up on three commitments: 1 did 1 kt in 2024 and 2 kt in 2025; 2 did 2 kt (and 1 Mm³)
    in 2024 and 2 kt (and 2 Mm³) in 2025; 3, proposed, did 1 kt in 2025."""
    return pd.DataFrame({
        "commitment_id": [1, 1, 2, 2, 3], "year": [2024, 2025, 2024, 2025, 2025],
        "done_kt": [1.0, 2.0, 2.0, 2.0, 1.0], "objectives": [(), (), (("eau", 1.0),), (("eau", 2.0),), ()],
    })


def members(*codes: str) -> pd.DataFrame:
    return pd.DataFrame({"level": ["crte"] * len(codes), "code": list(codes)})


def test_the_achieved_path_cumulates_the_follow_up_with_the_shares_and_stops_at_the_last_year_followed():
    region = roadmap.in_territory(commitments(), None)
    achieved = paths.achieved_path(region, followed())
    assert achieved.loc[2023] == 0.0  # before any follow-up: nothing achieved yet
    assert achieved.loc[2024] == pytest.approx(1.0 + 2.0)
    assert achieved.loc[2025] == pytest.approx(3.0 + 2.0 + 2.0 + 1.0)
    assert achieved.loc[2026:].isna().all()
    in_a = roadmap.in_territory(commitments(), members(A))  # 1 at 60 %, 3 and 4 whole
    assert paths.achieved_path(in_a, followed()).loc[2025] == pytest.approx(0.6 * 3.0 + 1.0)
    in_b = roadmap.in_territory(commitments(), members(B))  # 1 at 40 %, 2 whole
    assert paths.achieved_path(in_b, followed()).loc[2025] == pytest.approx(0.4 * 3.0 + 4.0)
    assert paths.achieved_path(in_b, followed().iloc[0:0]).isna().all()


def test_one_commitment_of_three_followed_for_two_years_is_late_by_hand():
    # At the end of 2025: 1 plans 10 × (2025 − 2022) / 5 = 6 kt and did 3: late by 3 kt, half its plan, 1,5 year
    # (it planned 3 kt in 2023,5). 2 plans 4 kt (its end year) and did 4; for the water, 6 Mm³ planned, 3 done: late.
    # 3 is proposed: not weighed; 4 has no follow-up: said apart.
    region = roadmap.in_territory(commitments(), None)
    late = paths.late(region, followed(), {"eau": ("Prélèvements", "Mm³")}, 2025)
    assert late[["commitment_id", "objective", "unit"]].values.tolist() == [
        [1, "ktCO₂e", "ktCO₂e"], [2, "Prélèvements", "Mm³"]]
    first = late.iloc[0]
    assert (first["planned"], first["achieved"], first["gap"], first["gap_share"], first["years_behind"]) == \
        pytest.approx((6.0, 3.0, 3.0, 0.5, 1.5))
    water = late.iloc[1]
    assert (water["planned"], water["achieved"], water["gap"], water["years_behind"]) == pytest.approx(
        (6.0, 3.0, 3.0, 1.0))  # 3 Mm³ planned in 2024
    assert paths.unfollowed(region, followed()) == 1
    in_b = roadmap.in_territory(commitments(), members(B))  # 1 counts 40 % of its plan and of what it did
    shared = paths.late(in_b, followed(), {"eau": ("Prélèvements", "Mm³")}, 2025).iloc[0]
    assert (shared["planned"], shared["achieved"], shared["gap"], shared["gap_share"]) == pytest.approx(
        (2.4, 1.2, 1.2, 0.5))


def test_a_commitment_on_its_plan_is_not_late_and_the_reference_year_is_the_last_one_over():
    region = roadmap.in_territory(commitments().iloc[[1]], None)
    on_plan = followed().assign(objectives=[(), (), (("eau", 4.0),), (("eau", 2.0),), ()])
    assert paths.late(region, on_plan, {}, 2025).empty
    assert paths.reference_year(TODAY) == 2025
    assert paths.reference_year(datetime(2040, 1, 1)) == 2030


def test_the_three_paths_stand_beside_the_planned_one_and_the_statistical_one_is_the_ecarts_curve():
    gaps = pd.DataFrame({"lever_id": ["velo", "bus"], "sector": ["Transports", "Bâtiments"],
                         "obj_co2_kt": [20.0, 5.0], "reading": [None, None]})
    from domain.progress import Basis, readings
    basis = Basis(ratio=2.0, start_2019=None, relative=False, objective=20.0)
    found = readings(basis, [(2019, 100.0), (2022, 104.0), (2024, 110.0)])
    progress = pd.DataFrame({"lever_id": ["velo"] * len(found), "year": [r.year for r in found],
                             "reading": found})
    statistical = paths.statistical_path(gaps, progress, "Transports")
    assert statistical.loc[[2022, 2024]].tolist() == pytest.approx([2.0, 5.0])  # (104 − 100) / 2, (110 − 100) / 2
    assert statistical.drop([2022, 2024]).isna().all()
    region = roadmap.in_territory(commitments(), None)
    drawn = paths.with_paths(roadmap.trajectory(20.0, region), paths.achieved_path(region, followed()), statistical)
    assert list(drawn.columns) == ["year", "linear_kt", "committed_kt", "achieved_kt", "statistical_kt"]
    at = drawn.set_index("year")
    assert at.loc[2025, "committed_kt"] == pytest.approx(6.0 + 4.0 + 2.0 * 0.5)  # 1, 2 and 4 (3 is proposed)
    assert at.loc[2025, "achieved_kt"] == pytest.approx(8.0) and np.isnan(at.loc[2030, "achieved_kt"])


# --- reading a year, and refusing it ------------------------------------------------------------------------------

COMMITMENT = {"lever_id": "velo", "objectives": (("eau", 6.0),)}


def checked(**raw) -> follow_up.Checked:
    return follow_up.validate({"year": "2025", **raw}, COMMITMENT, CONTEXT, today=TODAY)


def test_a_year_reads_the_lever_s_quantities_like_the_commitment_s_and_the_commitment_s_own_objectives():
    derived = checked(done_phys="3").values
    assert (derived["done_kt"], derived["done_phys"]) == (1.5, 3.0)
    assert checked(done_kt="1,5", objectives="eau : 2", spent="12 000", comment="Deux pistes").values == {
        "year": 2025, "done_kt": 1.5, "done_phys": 3.0, "objectives": (("eau", 2.0),), "spent": 12000.0,
        "comment": "Deux pistes"}
    assert checked(spent="0").ok  # nothing spent is something said


@pytest.mark.parametrize(("raw", "field", "message"), [
    ({"year": "2027"}, "year", "2027 n'est pas encore commencée"),
    ({"year": "deux mille"}, "year", "« deux mille » n'est pas une année."),
    ({"year": "2012"}, "year", "année entière entre 2019 et 2050"),
    ({"year": ""}, "year", "obligatoire"),
    ({"done_kt": "-2"}, "done_kt", "la quantité réalisée en ktCO₂e doit être comprise entre 0 et 400\u202f000 (−2 lu)"),
    ({"done_kt": "1", "done_phys": "5"}, "done_phys", "incohérent avec 1 ktCO₂e"),
    ({"objectives": "air : 3"}, "objectives", "« air » n'est pas un objectif régional"),
    ({"spent": "1e15"}, "spent",
     "le montant dépensé (€) doit être compris entre 0 et 10\u202f000\u202f000\u202f000 (1e15 lu)"),
    ({"spent": "beaucoup"}, "spent", "beaucoup"),
    ({"comment": "x" * 2001}, "comment", "trop long (2\u202f001 caractères, 2\u202f000 au plus)"),
    ({"comment": "a\x00b"}, "comment", "caractère de contrôle U+0000"),
    ({}, "done_kt", "indiquez ce qui a été réalisé, le montant dépensé ou un commentaire"),
])
def test_bad_inputs_are_refused_in_french_at_their_field(raw, field, message):
    found = checked(**raw)
    assert not found.ok and message in found.errors[field], found.errors


def test_quantities_outside_the_commitment_s_objectives_are_refused():
    without = follow_up.validate({"year": 2025, "done_kt": "1"}, {"lever_id": None, "objectives": ()}, CONTEXT,
                                 today=TODAY)
    assert "ne contribue à aucun levier du SGPE" in without.errors["done_kt"]
    other = follow_up.validate({"year": 2025, "objectives": "eau : 1"}, {"lever_id": "velo", "objectives": ()},
                               CONTEXT, today=TODAY)
    assert other.errors["objectives"] == "« eau » n'est pas un objectif de cet engagement (ses objectifs : aucun)."
    no_unit = follow_up.validate({"year": 2025, "done_phys": "1"}, {"lever_id": "sans", "objectives": ()}, CONTEXT,
                                 today=TODAY)
    assert "ce levier n'a pas d'unité physique" in no_unit.errors["done_phys"]


# --- stored, with its history; frozen; migrated -------------------------------------------------------------------

@pytest.fixture
def database(tmp_path):
    with connect(tmp_path / "suivi.duckdb") as con:
        migrate(con)
        con.execute("INSERT INTO users (username, password_hash, role) VALUES ('alice', 'x', 'equipe')")
        number = commitment_store.create(con, "53", {
            "territory_level": "crte", "territory_code": A, "lever_id": "velo", "carrier": "CRTE A",
            "title": "Pistes", "quantity_kt": 10.0, "start_year": 2022, "end_year": 2027, "status": "engagé"}, "alice")
        yield con, number


def test_a_year_is_saved_versioned_with_its_history_and_a_stale_save_is_a_conflict(database):
    con, number = database
    values = {"done_kt": 1.0, "done_phys": 2.0, "objectives": (), "spent": 500.0, "comment": "Début"}
    assert follow_up.save(con, number, 2024, values, None, "alice") == 1
    assert follow_up.save(con, number, 2024, values, 1, "alice") == 1  # the same again: nothing changes
    assert follow_up.save(con, number, 2024, {**values, "done_kt": 1.5}, 1, "alice") == 2
    stale = follow_up.save(con, number, 2024, {**values, "comment": "Autre"}, 1, "bob")
    assert isinstance(stale, Conflict) and stale.stored["done_kt"] == 1.5
    stored = follow_up.get(con, number, 2024)
    assert (stored["version"], stored["done_kt"], stored["entered_by"], stored["comment"]) == (2, 1.5, "alice",
                                                                                               "Début")
    lines = follow_up.history(con, number, 2024)
    assert lines["action"].tolist() == ["modification", "création"]
    assert lines.iloc[0]["changes"] == {"done_kt": [1.0, 1.5]} and lines.iloc[0]["role"] == "equipe"


def test_a_frozen_version_keeps_the_follow_up_as_it_was(database):
    con, number = database
    follow_up.save(con, number, 2024, {"done_kt": 1.0, "objectives": ()}, None, "alice")
    version = versions.freeze(con, "53", "COP de décembre", versions.Retained(), "alice")
    follow_up.save(con, number, 2024, {"done_kt": 4.0, "objectives": ()}, 1, "alice")
    frozen = snapshots.database(con, version)
    assert follow_up.stored(frozen, None, "53")["done_kt"].tolist() == [1.0]
    assert follow_up.stored(con, None, "53")["done_kt"].tolist() == [4.0]


def test_the_migration_keeps_every_commitment_and_starts_without_follow_up(tmp_path):
    with connect(tmp_path / "avant.duckdb") as con:
        applied_versions(con)
        for version, name, sql in [m for m in migrations() if m[0] < FOLLOW_UP_MIGRATION]:
            con.execute(sql)
            con.execute("INSERT INTO schema_migrations (version, name) VALUES (?, ?)", [version, name])
        con.execute("INSERT INTO commitments (commitment_id, region, territory_level, territory_code, lever_id,"
                    " carrier, title, quantity_kt, start_year, end_year, status, version, created_at, created_by,"
                    " updated_at, updated_by) VALUES (1, '53', 'crte', 'crte-a', 'velo', 'A', 'Pistes', 10, 2022,"
                    " 2027, 'engagé', 3, now(), 'alice', now(), 'alice')")
        kept = "SELECT * EXCLUDE (carrier_party, funding_parties) FROM commitments"  # added by later migrations
        before = con.execute("SELECT * FROM commitments").fetchall()
        migrate(con)
        assert con.execute(kept).fetchall() == before
        assert follow_up.stored(con, None, "53").empty
        assert con.execute("SELECT count(*) FROM commitment_follow_up_history").fetchone() == (0,)
