"""Benchmark of the "Écarts et nouvelle ambition" page (not a test): ``run()`` gives (label, figure) pairs.

Builds a database from the real SGPE panorama and observations (``COP_SHARED_DATA``) in a temporary
folder, then times (a) the gaps of all 18 regions × all their levers, and (b) each of the page's
callbacks called as plain Python functions, with and without the cache where it matters.
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

from babel.numbers import format_decimal

from bench.run import SHARED, median_time, ms

REPEAT = 15


def _build(path: Path) -> None:
    from data.db import connect, migrate
    from loaders.observations import load_observations
    from loaders.sgpe import load_sgpe

    with connect(path) as con:
        migrate(con)
        load_sgpe(con, SHARED / "sgpe" / "panorama-leviers-regions.json")
        load_observations(con, SHARED / "sgpe" / "observations-leviers-regions.csv")


def all_regions(path: Path) -> list[tuple[str, str]]:
    from data.db import connect
    from domain.gaps import territory_gaps

    with connect(path, read_only=True) as con:
        codes = [c for (c,) in con.execute(
            "SELECT DISTINCT territory_code FROM lever_objectives WHERE territory_level = 'region'").fetchall()]
        levers = con.execute("SELECT count(*) FROM lever_objectives").fetchone()[0]
        elapsed = median_time(lambda: [territory_gaps(con, "region", code) for code in codes], REPEAT)
    return [(f"Écarts des {len(codes)} régions × leur leviers ({levers} leviers, lecture et calcul, médiane)",
             ms(elapsed))]


def callbacks(path: Path) -> list[tuple[str, str]]:
    from flask_login import login_user

    from app import create_app
    from bench.dash_requests import callback_function
    from dashboard.access.auth import Editor
    from dashboard.store import cache, write
    from domain import scenarios
    from domain.permissions import Role
    from domain.users import Account

    os.environ["COP_DB"] = str(path)
    app = create_app()
    from dashboard.pages import gaps as page  # loaded by create_app
    navigate, duplicate, delete, undo_delete = (callback_function(app, f"dashboard.pages.gaps.{name}") for name in (
        "_navigate", "_duplicate", "_delete", "_undo_delete"))

    territory = "84"  # the region
    with app.server.test_request_context("/ecarts"):
        login_user(Editor(Account("banc-d-essai", "Banc d'essai", 1, Role.TEAM)))  # scenario changes need an editor
        scenario_id = write(scenarios.create_scenario, "region", "84", "Banc d'essai")
        other_id = write(scenarios.create_scenario, "region", "84", "Banc d'essai B")
        values = iter(range(10**6))

        def cold(action):
            def run():
                cache.clear()
                action()
            return run

        def render():
            page.layout(region="84", scenario=str(scenario_id), comparer=f"{scenario_id},{other_id}")

        version = {"augm_voitelec": 0}  # the lever's stored version, which each save moves on

        def edit():
            outputs = page.edit_lever(scenario_id, territory, "augm_voitelec", "new_phys",
                                      str(600 + next(values) % 200), version["augm_voitelec"])
            version["augm_voitelec"] = outputs["version"]

        def edit_then_gauge():
            edit()
            page.gauge_for(scenario_id, territory)

        def edit_then_render():
            edit()
            render()

        render()
        results = [
            ("Page Écarts, mise en page complète avec scénario et comparaison, sans cache (médiane)",
             median_time(cold(render), REPEAT)),
            ("Page Écarts, mise en page complète, depuis le cache (médiane)", median_time(render, REPEAT)),
            ("Page Écarts, mise en page complète juste après une saisie (médiane)",
             median_time(edit_then_render, REPEAT) - median_time(edit, REPEAT)),
            ("Rappel saisie d'un levier (contrôle, conversion, enregistrement ; médiane)", median_time(edit, REPEAT)),
            ("Rappel jauge après une saisie (médiane)",
             median_time(edit_then_gauge, REPEAT) - median_time(edit, REPEAT)),
            ("Rappel navigation (adresse de la vue ; médiane)", median_time(lambda: _triggered(
                "gaps-trajectory.value", navigate, "84", "secteur", "groupe:Tertiaire", scenario_id,
                [scenario_id], "?region=84"), REPEAT)),
            ("Rappel duplication d'un scénario (médiane)",
             median_time(lambda: duplicate(1, scenario_id, "?region=84"), REPEAT)),
            ("Rappel suppression puis annulation (médiane)", median_time(
                lambda: (delete(1, other_id, "?region=84"), undo_delete(1, other_id, "?region=84")),
                REPEAT)),
        ]
    return [(label, ms(seconds)) for label, seconds in results]


def _triggered(prop_id: str, callback, *args):
    """Call a callback that reads ``ctx.triggered_id`` outside Dash, as Dash's documentation shows."""
    from dash._callback_context import context_value
    from dash._utils import AttributeDict

    context_value.set(AttributeDict(triggered_inputs=[{"prop_id": prop_id, "value": None}]))
    return callback(*args)


def run() -> list[tuple[str, str]]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench-gaps.duckdb"
        start = time.perf_counter()
        _build(path)
        results = [("Base de banc d'essai (panorama SGPE et observations)", ms(time.perf_counter() - start)),
                   ("Charge de la machine au début de la mesure (moyenne sur 1 min)",
                    format_decimal(os.getloadavg()[0], format="0.0", locale="fr_FR"))]
        results += all_regions(path)
        results += callbacks(path)
    return results


if __name__ == "__main__":
    for label, figure in run():
        print(f"{label:<95}  {figure}")
