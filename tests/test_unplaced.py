"""Nothing disappears silently (issue 21): a CRTE whose members no longer exist — in Occitanie the CRTE du
Lévézou, its two EPCI merged since the ANCT's list — is named, with why, on the pages that list the CRTE, and
its communes are drawn apart on the maps. Built from the real Bretagne composition, in which the CRTE Leff
Armor Communauté is given the two EPCI it was formed from (CC Leff Communauté, CC Lanvollon-Plouha), which no
longer exist."""

import csv
import io

import pytest
from openpyxl import load_workbook

from data.db import connect, migrate
from domain.split import region_split
from loaders.sgpe import load_sgpe
from loaders.territories import load_territories
from tests.conftest import COMMUNES, CRTE, DEPARTEMENTS, EPCI, REGIONS, SGPE, app_on, shared
from tests.layouts import component, layout_of

LEFF = "crte-53-22-7"
FORMER = [("242200999", "CC Leff Communauté"), ("242201000", "CC Lanvollon-Plouha")]
NAMED = ("CRTE Leff Armor Communauté (crte-53-22-7) n'apparaît pas : ses 2 membres, CC Leff Communauté (242200999, "
         "CC) et CC Lanvollon-Plouha (242201000, CC), sont introuvables parmi les EPCI et communes chargés")


def composition_without_leff_members(folder) -> str:
    """The real composition, the CRTE Leff Armor given two members that no longer exist."""
    rows = list(csv.reader(shared(CRTE).read_text(encoding="utf-8").splitlines()))
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\n")
    writer.writerow(rows[0])
    for row in rows[1:]:
        members = [(siren, name) for siren, name in FORMER] if row[4] == LEFF else [(row[9], row[10])]
        for siren, name in members:
            writer.writerow(row[:9] + [siren, name] + (["CC", siren, name, "CC"] if row[4] == LEFF else row[11:]))
    path = folder / "crte-composition.csv"
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


@pytest.fixture
def leff(tmp_path, monkeypatch):
    """(database, territories import outcome): the SGPE panorama and Bretagne with the altered composition."""
    path = tmp_path / "cop.duckdb"
    with connect(path) as con:
        migrate(con)
        load_sgpe(con, shared(SGPE))
        outcome = load_territories(con, shared(COMMUNES), shared(EPCI), composition_without_leff_members(tmp_path),
                                   shared(REGIONS), shared(DEPARTEMENTS))
    monkeypatch.setenv("COP_DB", str(path))
    return path, outcome


def test_the_import_and_the_split_name_the_crte_and_why(leff):
    path, outcome = leff
    assert any("CRTE Leff Armor Communauté (crte-53-22-7) n'est pas placé" in n for n in outcome.notices)
    with connect(path, read_only=True) as con:
        split = region_split(con, "53", 1, "crte")
    assert split.notices[0].startswith(NAMED)
    assert "« Communes hors CRTE » (en pointillés sur la carte)" in split.notices[0]
    outside = split.territories.set_index("code").loc["hors"]
    assert outside["communes"] == 31, "the 4 communes outside every CRTE and the 27 of Leff Armor"


def test_the_pages_and_exports_name_it_and_the_map_draws_its_communes_apart(leff):
    with app_on(leff[0]) as (app, _):
        split = layout_of(app, "/declinaison", region="53", niveau="crte")
        assert NAMED in str(split)
        figure = component(split, "split-map").figure
        (apart,) = [trace for trace in figure["data"] if trace.get("name") == "Communes hors CRTE"]
        assert apart["fillpattern"]["shape"] == "." and apart["showlegend"], "dotted, not hatched as « sans valeur »"
        markers = next(trace for trace in figure["data"] if trace.get("name") == "territoires")
        assert markers["customdata"][-1] == "hors" and "Communes hors CRTE" in markers["text"][-1]
        assert NAMED in str(layout_of(app, "/feuille-de-route/contributions", region="53"))
        assert NAMED in str(layout_of(app, "/feuille-de-route", region="53", carte="crte"))
        client = app.server.test_client()
        for view in ("declinaison.xlsx?region=53&niveau=crte", "contributions-crte.xlsx?region=53",
                     "couverture-crte.xlsx?region=53"):
            workbook = load_workbook(io.BytesIO(client.get(f"/export/{view}").data))
            notes = [cell.value or "" for cell in workbook["Source"]["A"]]
            assert any(note.startswith(NAMED) for note in notes), view


def test_reloading_a_composition_where_it_is_placed_forgets_it(leff):
    path, _ = leff
    with connect(path) as con:
        load_territories(con, shared(COMMUNES), shared(EPCI), shared(CRTE), shared(REGIONS), shared(DEPARTEMENTS))
        assert con.execute("SELECT count(*) FROM unplaced_territories").fetchone() == (0,)
