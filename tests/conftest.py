"""Shared fixtures: the real files of ../shared/data, temporary databases, the app and a browser."""

from __future__ import annotations

import os
import shutil
from contextlib import contextmanager
from pathlib import Path

import pytest

from bench.headless import AppDidNotStart, BrowserMissing, make_browser, served_app
from data.db import connect, migrate

ROOT = Path(__file__).resolve().parent.parent
SHARED_DATA = Path(os.environ.get("COP_SHARED_DATA", ROOT.parent / "shared" / "data"))


def shared(relative: str) -> Path:
    """A real file of ../shared/data (``COP_SHARED_DATA`` overrides); a missing one fails the test."""
    path = SHARED_DATA / relative
    if not path.exists():
        pytest.fail(f"Fichier de données réelles introuvable : {path} (définissez COP_SHARED_DATA).")
    return path


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
def real_db(tmp_path_factory) -> Path:
    """A database holding the real SGPE panorama, its observations and Bretagne's territories."""
    from loaders.observations import load_observations
    from loaders.sgpe import load_sgpe
    from loaders.territories import load_territories

    path = tmp_path_factory.mktemp("real") / "cop.duckdb"
    with connect(path) as con:
        migrate(con)
        load_sgpe(con, shared(SGPE))
        load_observations(con, shared(OBSERVATIONS))
        load_territories(con, shared(COMMUNES), shared(EPCI), shared(CRTE), shared(REGIONS), shared(DEPARTEMENTS))
    return path


@pytest.fixture
def real_copy(real_db, tmp_path, monkeypatch) -> Path:
    """A private copy of ``real_db`` that a test may change."""
    path = tmp_path / "cop.duckdb"
    shutil.copy(real_db, path)
    monkeypatch.setenv("COP_DB", str(path))
    return path


@contextmanager
def running_app(database: Path, **environment: str):
    """The app served on ``database``; a start failure fails the test with the app's log."""
    try:
        with served_app(database, **environment) as url:
            yield url
    except AppDidNotStart as error:
        pytest.fail(str(error))


EDITOR, EDITOR_PASSWORD = "redaction", "mot-de-passe-redaction"


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
