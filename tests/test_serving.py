"""Serving for real: health endpoint, public base URL, fingerprinted static files (cached a year,
compressed once), the partial plotly.js in place of Dash's full one, the grid's bundle listed by no page."""

from __future__ import annotations

import logging
import os
import re
import subprocess
import sys
from pathlib import Path

import brotli
import dash_ag_grid
import pytest

from dashboard.features.projection import assets as projection_assets
from dashboard.features.projection.routes import qr_svg
from dashboard.serving import component_chunks, deployment, dsfr_bundle, grid_bundle, plotly_bundle, precompress
from data.db import connect, migrations
from data.demo import REGION_CODE
from loaders.demo import load_demo
from tests.conftest import ROOT, app_on


@pytest.fixture
def client(db_path):
    if plotly_bundle.url() is None:
        pytest.fail(f"plotly.js partiel absent ({plotly_bundle.BUNDLE}) : lancez `make bundle`.")
    if dsfr_bundle.url() is None:
        pytest.fail(f"DSFR absent ({dsfr_bundle.STYLE_SHEET}) : lancez `make bundle`.")
    with app_on(db_path) as (_, client):
        yield client


LATEST = migrations()[-1][0]  # the number of the last migration file


def test_health_reports_the_schema_version(client):
    response = client.get("/sante")
    assert response.status_code == 200
    assert response.get_json() == {"statut": "ok", "base": "joignable", "version_schema": LATEST}
    assert response.headers["Cache-Control"] == "no-store"


def test_health_is_unavailable_in_french_when_migrations_are_missing(client, db_path):
    with connect(db_path) as con:
        con.execute("DELETE FROM schema_migrations WHERE version = ?", [LATEST])
        previous = con.execute("SELECT max(version) FROM schema_migrations").fetchone()[0]
    response = client.get("/sante")
    assert response.status_code == 503
    assert response.get_json()["message"] == (f"Schéma de la base en version {previous}, {LATEST} attendue : "
                                              "les migrations n'ont pas été appliquées.")


def test_health_is_unavailable_when_the_file_is_not_a_database(client, tmp_path, monkeypatch):
    broken = tmp_path / "pas-une-base.duckdb"
    broken.write_text("ceci n'est pas une base DuckDB")
    monkeypatch.setenv("COP_DB", str(broken))
    response = client.get("/sante")
    assert response.status_code == 503
    assert response.get_json()["message"].startswith("Base de données injoignable : ")


def test_health_answers_when_reading_is_closed(db_path, monkeypatch):
    monkeypatch.setenv("COP_LECTURE_PUBLIQUE", "false")
    from app import create_app

    client = create_app().server.test_client()
    assert client.get("/").status_code == 302  # reading needs an account
    response = client.get("/sante")
    assert response.status_code == 200
    assert response.get_json() == {"statut": "ok", "base": "joignable", "version_schema": LATEST}


def test_public_url_setting_wins_over_the_request_host(client, monkeypatch):
    monkeypatch.setenv("COP_URL_PUBLIQUE", "https://cop.exemple.fr/")
    with client.application.test_request_context("/", base_url="http://127.0.0.1:8050"):
        assert deployment.public_base_url() == "https://cop.exemple.fr"


def test_loopback_host_is_used_with_a_warning(client, monkeypatch, caplog):
    monkeypatch.delenv("COP_URL_PUBLIQUE", raising=False)
    monkeypatch.setattr(deployment, "_warned", set())
    with caplog.at_level(logging.WARNING, logger="cop"):
        with client.application.test_request_context("/", base_url="http://127.0.0.1:8050"):
            assert deployment.public_base_url() == "http://127.0.0.1:8050"
        with client.application.test_request_context("/", base_url="http://cop.prefecture.fr"):
            assert deployment.public_base_url() == "http://cop.prefecture.fr"
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1 and "http://127.0.0.1:8050" in warnings[0] and "COP_URL_PUBLIQUE" in warnings[0]


def test_the_qr_code_encodes_the_public_short_link(client, monkeypatch, db_path):
    with connect(db_path) as con:
        load_demo(con)
    monkeypatch.setenv("COP_URL_PUBLIQUE", "https://cop.exemple.fr")
    response = client.get(f"/projection/qr/{REGION_CODE}/4.svg", base_url="http://127.0.0.1:8050")
    assert response.status_code == 200
    assert response.get_data() == qr_svg(f"https://cop.exemple.fr/p/{REGION_CODE}/4")


def page_scripts(client) -> list[str]:
    return re.findall(r'<script src="([^"]+)"', client.get("/").get_data(as_text=True))


def test_pages_load_the_partial_plotly_before_the_graph_components_and_preload_it(client):
    html = client.get("/").get_data(as_text=True)
    scripts = page_scripts(client)
    bundle = plotly_bundle.url()
    assert re.fullmatch(r"/bundles/[0-9a-f]{16}/plotly-cop\.min\.js", bundle)
    assert f'<link rel="preload" as="script" href="{bundle}">' in html
    dcc = next(i for i, src in enumerate(scripts) if "dash_core_components" in src)
    assert scripts.index(bundle) < dcc
    assert "plotly.min.js" not in html


def test_pages_preload_the_graph_and_dropdown_code_at_the_addresses_dccs_bundle_asks_for(client):
    html = client.get("/ecarts?region=53").get_data(as_text=True)
    bundle = next(src for src in page_scripts(client) if "/dcc/dash_core_components." in src)
    loader = client.get(bundle).get_data(as_text=True)
    for chunk in component_chunks.CHUNKS:
        assert f'<link rel="preload" as="script" href="{chunk}">' in html
        served = client.get(chunk)
        assert served.status_code == 200 and served.mimetype in ("application/javascript", "text/javascript")
        assert f'"{chunk.rsplit("/", 1)[1].removesuffix(".js")}"' in loader  # the chunk's name, in its loader


def test_the_page_says_in_french_that_it_is_starting(client):
    page = client.get("/").get_data(as_text=True)
    assert '<div class="_dash-loading">Chargement…</div>' in page and "Loading..." not in page


def test_fingerprinted_files_are_cached_a_year_and_compressed_once(client, monkeypatch, tmp_path):
    monkeypatch.setattr(precompress, "FOLDER", tmp_path)  # nothing compressed beforehand
    calls = []
    monkeypatch.setitem(deployment.ENCODERS, "br", lambda data: calls.append(len(data)) or brotli.compress(data))
    bundle = plotly_bundle.url()
    first = client.get(bundle, headers={"Accept-Encoding": "gzip, br"})
    second = client.get(bundle, headers={"Accept-Encoding": "br"})
    assert first.status_code == second.status_code == 200
    assert first.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert first.headers["Content-Encoding"] == "br"
    assert brotli.decompress(first.get_data()) == plotly_bundle.BUNDLE.read_bytes()
    assert second.get_data() == first.get_data()
    assert calls == [plotly_bundle.BUNDLE.stat().st_size]
    suite = next(src for src in page_scripts(client) if "dash_renderer" in src)
    assert client.get(suite).headers["Cache-Control"] == "public, max-age=31536000, immutable"


def test_unfingerprinted_files_are_not_cached_for_long(client):
    response = client.get("/assets/style.css")
    assert response.status_code == 200
    assert "immutable" not in response.headers.get("Cache-Control", "")


def test_a_stale_bundle_fingerprint_is_not_found(client):
    assert client.get("/bundles/0000000000000000/plotly-cop.min.js").status_code == 404
    assert client.get("/bundles/0000000000000000/dsfr/dsfr-cop.min.css").status_code == 404


def test_pages_link_the_dsfr_before_the_app_style_sheets(client):
    html = client.get("/").get_data(as_text=True)
    sheets = re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)
    assert re.fullmatch(r"/bundles/[0-9a-f]{16}/dsfr/dsfr-cop\.min\.css", sheets[0]), sheets
    assert any(sheet.startswith("/assets/style.css") for sheet in sheets[1:])


def test_the_dsfr_and_only_its_marianne_regular_and_bold_are_served_a_year(client):
    """The style sheet names its fonts relatively: they are served beside it, under its fingerprint."""
    sheet = client.get(dsfr_bundle.url(), headers={"Accept-Encoding": "br"})
    assert sheet.status_code == 200 and sheet.mimetype == "text/css"
    assert sheet.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    css = brotli.decompress(sheet.get_data()).decode()
    faces = re.findall(r"@font-face\{[^}]*\}", css)
    assert len(faces) == 2 and all("Marianne" in face for face in faces)
    fonts = re.findall(r'url\("\./(Marianne-[A-Za-z]+-[A-Z0-9]+\.woff2)"\)', css)
    assert [font.split("-")[1] for font in fonts] == ["Regular", "Bold"]
    base = dsfr_bundle.url().rsplit("/", 1)[0]
    for font in fonts:
        answer = client.get(f"{base}/{font}")
        assert answer.status_code == 200 and answer.mimetype == "font/woff2"
        assert answer.headers["Cache-Control"] == "public, max-age=31536000, immutable"
        assert "Content-Security-Policy" not in answer.headers
    assert client.get(f"{base}/..%2Fplotly-cop.min.js").status_code == 404
    assert client.get(f"{base}/Marianne-Light.woff2").status_code == 404


def test_no_page_lists_the_grid_bundle_and_every_page_points_to_its_fingerprinted_url(client):
    for path in ("/", "/feuille-de-route"):
        html = client.get(path).get_data(as_text=True)
        assert not [src for src in re.findall(r'<script src="([^"]+)"', html) if "dash_ag_grid" in src]
        bundle = re.search(r'<meta name="cop-grid-bundle" content="([^"]+)">', html).group(1)
        assert bundle == grid_bundle.path()
    response = client.get(bundle)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert response.get_data() == (Path(dash_ag_grid.__file__).parent / grid_bundle.MAIN).read_bytes()


def test_no_page_lists_the_table_bundle_nor_the_projection_files_and_the_pages_point_to_the_projection_files(
        client):
    for path in ("/", "/feuille-de-route", "/projection"):
        html = client.get(path).get_data(as_text=True)
        listed = re.findall(r'<(?:script src|link rel="stylesheet" href)="([^"]+)"', html)
        assert [src for src in listed if "/assets/style.css" in src]  # the other assets are still listed
        assert not [src for src in listed if "/dash_table/" in src]
        names = [re.sub(r"\?.*$", "", src).rsplit("/", 1)[-1] for src in listed]
        assert not [name for name in names if name in projection_assets.FOLLOWER]
        files = re.search(r'<meta name="cop-projection" content="([^"]+)">', html).group(1).split(" ")
        assert [re.sub(r"\?m=\d+$", "", url) for url in files] == [f"/assets/{name}" for name in
                                                                     projection_assets.PRESENTER]
    for url in files:
        response = client.get(url)
        assert response.status_code == 200
        assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"


def test_a_body_compressed_beforehand_is_served_only_for_the_bytes_it_was_made_from(client, monkeypatch, tmp_path):
    monkeypatch.setattr(precompress, "FOLDER", tmp_path)
    data = plotly_bundle.BUNDLE.read_bytes()
    (tmp_path / precompress.name(data, "br")).write_bytes(b"compressed at quality 11")
    (tmp_path / precompress.name(data + b"\n", "br")).write_bytes(b"for other bytes")
    response = client.get(plotly_bundle.url(), headers={"Accept-Encoding": "br"})
    assert response.headers["Content-Encoding"] == "br"
    assert response.get_data() == b"compressed at quality 11"


def test_package_scripts_without_fingerprint_are_compressed_but_not_cached_for_long(client):
    client.get("/")  # Dash lists the files it serves when it writes a page
    response = client.get("/_dash-component-suites/dash_ag_grid/async-community.js",
                          headers={"Accept-Encoding": "br"})
    assert response.status_code == 200 and response.headers["Content-Encoding"] == "br"
    chunk = Path(dash_ag_grid.__file__).parent / "async-community.js"
    assert brotli.decompress(response.get_data()) == chunk.read_bytes()
    assert "immutable" not in response.headers.get("Cache-Control", "")
    assert "Content-Security-Policy" not in response.headers  # for pages only
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_pages_have_the_security_headers_and_dash_json_answers_only_nosniff(client):
    assert "Content-Security-Policy" in client.get("/").headers
    answer = client.get("/_dash-layout")
    assert answer.mimetype == "application/json"
    assert "Content-Security-Policy" not in answer.headers and "X-Frame-Options" not in answer.headers
    assert answer.headers["X-Content-Type-Options"] == "nosniff"


def test_a_served_app_keeps_what_it_built_out_of_the_garbage_collectors_walks(tmp_path):
    """What gunicorn serves (``create_server``) has its modules and pages frozen (``gc.freeze``): Python's full
    collections no longer walk them during a page's build. Checked in a process of its own (freezing is for the
    process's life)."""
    program = ("import gc, app; app.create_server(); "
               "print(gc.get_freeze_count(), len(gc.get_objects(generation=2)))")
    served = subprocess.run([sys.executable, "-c", program], cwd=ROOT, capture_output=True, text=True, timeout=120,
                            env={**os.environ, "COP_DB": str(tmp_path / "cop.duckdb")}, check=True)
    frozen, old = map(int, served.stdout.split())
    assert frozen > 100_000  # the app's modules, pages and components
    assert old < 1_000
