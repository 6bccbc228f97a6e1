"""Shared fixtures: the real files of ../shared/data, temporary databases, the app and a browser.

Tests are marked automatically at collection (see ``pytest_collection_modifyitems``): ``browser``
when they use the ``browser`` fixture, ``realdata`` when they, their fixtures or the test helpers
they call read a file of ../shared/data through ``shared``. ``pytest -m "not browser"`` runs the rest.
"""

from __future__ import annotations

import os
import shutil
import types
from collections.abc import Iterable
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pytest
from hypothesis import settings

from bench.headless import AppDidNotStart, BrowserMissing, make_browser, served_app
from data.db import connect, migrate

# Property tests assert behaviour, never speed: a loaded machine must not fail them on Hypothesis's deadline.
settings.register_profile("behaviour", deadline=None)
settings.load_profile("behaviour")

pytest_plugins = ["pytester"]  # tests/test_markers.py runs pytest on a small suite of its own

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
SHARED_DATA = Path(os.environ.get("COP_SHARED_DATA", ROOT.parent / "shared" / "data"))


def shared(relative: str) -> Path:
    """A real file of ../shared/data (``COP_SHARED_DATA`` overrides); a missing one fails the test."""
    path = SHARED_DATA / relative
    if not path.exists():
        pytest.fail(f"Fichier de données réelles introuvable : {path} (définissez COP_SHARED_DATA).")
    return path


shared.reads_real_data = True  # an attribute, not identity: test modules import a second copy of this module


SGPE = "sgpe/panorama-leviers-regions.json"
OBSERVATIONS = "sgpe/observations-leviers-regions.csv"
COMMUNES = "admin-express/bretagne/COMMUNE.gpkg"
EPCI = "admin-express/bretagne/EPCI.csv"
CRTE = "admin-express/bretagne/crte-composition.csv"
REGIONS = "geo/regions.geojson"
DEPARTEMENTS = "geo/departements.geojson"


@pytest.fixture
def db_path(tmp_path, monkeypatch) -> Path:
    """An empty, migrated database, also set as ``COP_DB`` for the code under test."""
    path = tmp_path / "cop.duckdb"
    with connect(path) as con:
        migrate(con)
    monkeypatch.setenv("COP_DB", str(path))
    return path


@pytest.fixture(scope="session")
def real_loads(tmp_path_factory) -> tuple[Path, dict]:
    """A database holding the real SGPE panorama, its observations and Bretagne's territories, and what
    each loader reported building it: every real file is loaded once per session."""
    from loaders.observations import load_observations
    from loaders.sgpe import load_sgpe
    from loaders.territories import load_territories

    path = tmp_path_factory.mktemp("real") / "cop.duckdb"
    with connect(path) as con:
        migrate(con)
        outcomes = {
            "sgpe": load_sgpe(con, shared(SGPE)),
            "observations": load_observations(con, shared(OBSERVATIONS)),
            "territoires": load_territories(con, shared(COMMUNES), shared(EPCI), shared(CRTE), shared(REGIONS),
                                            shared(DEPARTEMENTS)),
        }
    return path, outcomes


@pytest.fixture(scope="session")
def real_db(real_loads) -> Path:
    """The real database of ``real_loads``, for reading only: tests that write use ``real_copy``."""
    return real_loads[0]


def private_copy(database: Path, tmp_path: Path, monkeypatch) -> Path:
    """A copy of ``database`` that one test may change (copying a DuckDB file is cheap), set as ``COP_DB``."""
    path = tmp_path / "cop.duckdb"
    shutil.copy(database, path)
    monkeypatch.setenv("COP_DB", str(path))
    return path


@pytest.fixture
def real_copy(real_db, tmp_path, monkeypatch) -> Path:
    """A private copy of ``real_db`` that a test may change."""
    return private_copy(real_db, tmp_path, monkeypatch)


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory) -> Path:
    """A database holding the fictional « Région de démonstration » only, generated once per session."""
    from loaders.demo import load_demo

    path = tmp_path_factory.mktemp("demo") / "cop.duckdb"
    with connect(path) as con:
        migrate(con)
        load_demo(con)
    return path


@pytest.fixture
def demo_copy(demo_db, tmp_path, monkeypatch) -> Path:
    """A private copy of ``demo_db`` that a test may change."""
    return private_copy(demo_db, tmp_path, monkeypatch)


def fingerprint(database: Path | duckdb.DuckDBPyConnection | None = None, tables: Iterable[str] | None = None,
                leaving: Iterable[str] = ()) -> dict[str, tuple[int, int]]:
    """Each table's row count and the sum of its rows' hashes: equal before and after means the same rows, in any
    order (computed by DuckDB, far cheaper than comparing the rows, geometries included, in Python).

    ``database``: a file (opened read-only), an open connection, or None for the app's own (``store.shared``);
    ``tables`` (names, or ``schema.name``): every table of the main schema when None, but those ``leaving`` (the
    import journal…).
    """
    if database is None:
        from dashboard import store

        with store.shared.cursor() as con:
            return fingerprint(con, tables, leaving)
    if isinstance(database, Path):
        with connect(database, read_only=True) as con:
            return fingerprint(con, tables, leaving)
    if tables is None:
        tables = [name for (name,) in database.execute(
            "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main' ORDER BY 1").fetchall()]
    return {table: database.execute(f"SELECT count(*), coalesce(sum(hash(t)), 0) FROM {table} t").fetchone()
            for table in tables if table not in set(leaving)}


@contextmanager
def app_on(database: Path):
    """(app, test client) on ``database`` (its ``COP_DB`` while in use), in any fixture's scope: the client has
    opened the first page, which merges the pages' callbacks into the app's callback map; the app's connection is
    closed at the end, so that the file can be copied, or opened by another process."""
    from dashboard import store

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("COP_DB", str(database))
        from app import create_app

        app = create_app()
        client = app.server.test_client()
        assert client.get("/").status_code == 200
        try:
            yield app, client
        finally:
            store.shared.close_if_idle()


@pytest.fixture
def app(real_copy):
    """The app on a private copy of the real data (``real_copy``): a module whose tests need another database
    defines its own ``app`` or ``client`` with ``app_on``."""
    with app_on(real_copy) as (app, _):
        yield app


@pytest.fixture
def client(app):
    """A test client of ``app``."""
    return app.server.test_client()


@contextmanager
def running_app(database: Path, **environment: str):
    """The app served on ``database``; a start failure fails the test with the app's log."""
    try:
        with served_app(database, **environment) as url:
            yield url
    except AppDidNotStart as error:
        pytest.fail(str(error))


EDITOR, EDITOR_PASSWORD = "redaction", "mot-de-passe-redaction"
PRESENTER, PRESENTER_PASSWORD = "animatrice", "projection-2030"


def fresh_database(path: Path) -> Path:
    """A migrated database at ``path`` with one editor account (``PRESENTER``) and nothing else: the served
    app generates the demo region in it, as on a fresh install."""
    from domain.users import save_user

    with connect(path) as con:
        migrate(con)
        save_user(con, PRESENTER, PRESENTER_PASSWORD, "Animatrice de la COP")
    return path


@pytest.fixture(scope="session")
def app_url(real_db, tmp_path_factory):
    """The real app, started as users start it (gunicorn, as ``make demo`` serves it), on a copy of ``real_db``,
    with one editor account (``EDITOR``)."""
    from domain.users import save_user

    path = tmp_path_factory.mktemp("app") / "cop.duckdb"
    shutil.copy(real_db, path)
    with connect(path) as con:
        migrate(con)
        save_user(con, EDITOR, EDITOR_PASSWORD, "Équipe de rédaction")
    with running_app(path) as url:
        yield url


@pytest.fixture
def browser():
    """Headless Chromium; a missing browser fails the test, it never skips."""
    try:
        driver = make_browser()
    except BrowserMissing as error:
        pytest.fail(str(error))
    yield driver
    driver.quit()


@pytest.fixture
def second_browser(browser):
    """Another headless Chromium, for a second person using the app at the same time (``browser`` has
    already checked that the browser is installed)."""
    driver = make_browser()
    yield driver
    driver.quit()


TEAM_READER, TEAM_READER_PASSWORD = "equipe.lecture", "mot-de-passe-equipe"


def sign_in_team(client) -> None:
    """Sign the test client in as a regional-team account (created on the app's database): it reads the authors,
    contacts and import reports that the public does not (dashboard/access/reading.py)."""
    from dashboard import store
    from domain.permissions import Role
    from domain.users import save_user

    store.write(save_user, TEAM_READER, TEAM_READER_PASSWORD, None, Role.TEAM)
    signed = client.post("/connexion", data={"identifiant": TEAM_READER, "mot_de_passe": TEAM_READER_PASSWORD})
    assert signed.status_code == 302, signed.text


@pytest.fixture
def team_reading(monkeypatch):
    """Tables built outside a request read as the regional team does (dashboard/access/reading.py)."""
    from dashboard.access import auth
    from domain.permissions import Role

    monkeypatch.setattr(auth, "editor_role", lambda: Role.TEAM)


def _reads_real_data(code: types.CodeType, namespace: dict, seen: set) -> bool:
    """Whether ``code`` calls ``shared``, itself or through the test helpers and lambdas it uses."""
    if code in seen:
        return False
    seen.add(code)
    for name in code.co_names:
        value = namespace.get(name)
        if getattr(value, "reads_real_data", False) is True:
            return True
        if isinstance(value, types.FunctionType) and Path(value.__code__.co_filename).resolve().parent == TESTS \
                and _reads_real_data(value.__code__, value.__globals__, seen):
            return True
    return any(isinstance(const, types.CodeType) and _reads_real_data(const, namespace, seen)
               for const in code.co_consts)


def pytest_collection_modifyitems(items):
    """Mark ``browser`` and ``realdata`` tests, so that tests written later are marked without being edited."""
    for item in items:
        if "browser" in item.fixturenames:
            item.add_marker(pytest.mark.browser)
        fixtures = [definitions[-1].func for definitions in item._fixtureinfo.name2fixturedefs.values()]
        seen: set = set()
        if any(_reads_real_data(f.__code__, f.__globals__, seen) for f in [getattr(item, "function", None), *fixtures]
               if isinstance(f, types.FunctionType)):
            item.add_marker(pytest.mark.realdata)
