"""Benchmark of the « Feuille de route » page (not a test): ``run()`` gives (label, figure) pairs.

Builds a database from the real SGPE panorama and Bretagne's territories (``COP_SHARED_DATA``) in a
temporary folder, times the import of a generated 2,000-commitment template (XLSX), their follow-up for two years
(4,000 years saved), then the page's layout (with its achieved path and late commitments) and its refresh callback
with those 2,000 commitments, and the contributions board, called as plain Python functions.
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

from bench.run import SHARED, median_time, ms

COUNT = 2000
REPEAT = 15


def _build(path: Path) -> None:
    from data.db import connect, migrate
    from loaders.sgpe import load_sgpe
    from loaders.territories import load_territories

    bretagne = SHARED / "admin-express" / "bretagne"
    with connect(path) as con:
        migrate(con)
        load_sgpe(con, SHARED / "sgpe" / "panorama-leviers-regions.json")
        load_territories(con, bretagne / "COMMUNE.gpkg", bretagne / "EPCI.csv", bretagne / "crte-composition.csv",
                         SHARED / "geo" / "regions.geojson", SHARED / "geo" / "departements.geojson")


def import_template(path: Path, folder: Path) -> list[tuple[str, str]]:
    from data.commitment_samples import sample_template
    from data.db import connect
    from domain import commitment_store
    from loaders.commitments import load_commitments

    template = folder / "engagements.xlsx"
    with connect(path) as con:
        sample_template(commitment_store.context(con, "53"), COUNT).to_excel(template, index=False)
        start = time.perf_counter()
        outcome, report = load_commitments(con, template, "53", "banc d'essai")
        first = time.perf_counter() - start
        start = time.perf_counter()
        load_commitments(con, template, "53", "banc d'essai")
        again = time.perf_counter() - start
    assert len(report.added) == COUNT, outcome.message()
    return [(f"Import d'un modèle de {COUNT} engagements (XLSX, validation et écriture)", ms(first)),
            ("… le même fichier réimporté (tout inchangé)", ms(again))]


def follow_up_years(path: Path) -> list[tuple[str, str]]:
    """Two years of follow-up on every commitment, saved one by one (as the page does), in one transaction."""
    from data.db import connect
    from domain import follow_up

    with connect(path) as con:
        numbers = [n for (n,) in con.execute("SELECT commitment_id FROM commitments ORDER BY 1").fetchall()]
        start = time.perf_counter()
        con.execute("BEGIN")
        for number in numbers:
            for year in (2024, 2025):
                follow_up.save(con, number, year, {"done_kt": 0.1, "spent": 1000.0, "comment": "Banc d'essai"}, None,
                               "banc d'essai")
        con.execute("COMMIT")
        spent = time.perf_counter() - start
    return [(f"Suivi : {2 * len(numbers)} années saisies une à une (moyenne par année)",
             ms(spent / (2 * len(numbers))))]


def page(path: Path) -> list[tuple[str, str]]:
    import dash

    from app import create_app
    from bench.dash_requests import callback_function
    from dashboard.store import cache

    os.environ["COP_DB"] = str(path)
    app = create_app()

    layout = dash.page_registry["dashboard.pages.roadmap"]["layout"]
    params = {"region": "53", "level": "region", "code": "53", "sector": "tous", "map": "departement"}

    def render(cached: bool, action):
        def run():
            with app.server.test_request_context("/feuille-de-route?region=53"):
                if not cached:
                    cache.clear()
                action()
        return run

    show = lambda: layout(region="53")  # noqa: E731
    refresh = lambda: callback_function(app, "dashboard.pages.roadmap._refresh")(1, params)  # noqa: E731
    department = lambda: layout(region="53", territoire="departement:29", secteur="Transport de voyageurs")  # noqa: E731
    board = dash.page_registry["dashboard.pages.roadmap_contributions"]["layout"]
    contributions = lambda: board(region="53")  # noqa: E731
    render(False, show)()
    return [
        (f"Page « Feuille de route », Bretagne, {COUNT} engagements : mise en page sans cache (médiane)",
         ms(median_time(render(False, show), REPEAT))),
        ("… depuis le cache (médiane)", ms(median_time(render(True, show), REPEAT))),
        ("… rafraîchissement après un enregistrement (rappel, sans cache ; médiane)",
         ms(median_time(render(False, refresh), REPEAT))),
        ("… un département et un secteur (Finistère, transport de voyageurs ; sans cache, médiane)",
         ms(median_time(render(False, department), REPEAT))),
        ("Tableau des contributions, Bretagne, par département et par CRTE (sans cache, médiane)",
         ms(median_time(render(False, contributions), REPEAT))),
    ]


def run() -> list[tuple[str, str]]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.duckdb"
        _build(path)
        results = import_template(path, Path(folder))
        results += follow_up_years(path)
        results += page(path)
    return results


if __name__ == "__main__":
    for label, figure in run():
        print(f"{label}  {figure}")
