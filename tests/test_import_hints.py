"""Pages with nothing to show send the reader to the import that fills them, on « Données et méthode » with the
type of file already chosen; the command line comes second."""

from __future__ import annotations

import dash
import pytest

from dashboard.access import gate
from dashboard.components.import_hints import import_link, no_objectives
from tests.conftest import app_on
from tests.test_site_pages import components, links, text


@pytest.fixture(scope="module")
def empty_app(tmp_path_factory):
    from data.db import connect, migrate

    path = tmp_path_factory.mktemp("empty") / "cop.duckdb"
    with connect(path) as con:
        migrate(con)
    with app_on(path) as (app, _):
        yield app


@pytest.fixture(scope="module")
def demo_app(demo_db):
    with app_on(demo_db) as (app, _):
        yield app


def page_layout(path: str, **query):
    page = next(page for page in dash.page_registry.values() if page["path"] == path)
    return page["layout"](**query)


def test_the_link_chooses_the_type_on_the_imports_page():
    assert import_link("sgpe").href == "/donnees?type=sgpe#imports-import"
    assert "Panorama SGPE des leviers" in text(import_link("sgpe"))
    with pytest.raises(KeyError):
        import_link("../../etc/passwd")


@pytest.mark.parametrize("path", ["/", "/ecarts", "/feuille-de-route"])
def test_pages_without_objectives_link_the_sgpe_import_before_the_command_line(empty_app, path):
    shown = page_layout(path)
    assert "/donnees?type=sgpe#imports-import" in links(shown)
    words = text(shown)
    assert words.index("Données et méthode") < words.index("python -m loaders sgpe")
    assert text(no_objectives()) in words


@pytest.mark.parametrize(("requested", "chosen", "fields"), [
    ("territoires", "territoires", 5), ("engagements", "engagements", 1), ("inconnu", None, 0), (None, None, 0)])
def test_the_imports_page_opens_with_the_type_chosen(demo_app, monkeypatch, requested, chosen, fields):
    monkeypatch.setattr(gate, "may", lambda *_: True)
    shown = page_layout("/donnees", **({"type": requested} if requested else {}))
    kind = next(c for c in components(shown) if getattr(c, "id", None) == "imports-kind")
    assert kind.value == chosen
    uploads = [c for c in components(shown) if isinstance(getattr(c, "id", None), dict)
               and c.id.get("type") == "imports-upload"]
    assert len(uploads) == fields
    region = next(c for c in components(shown) if getattr(c, "id", None) == "imports-region-choice")
    assert region.hidden is (chosen != "engagements")


def test_the_sign_in_page_sends_to_an_administrator_not_to_the_command_line():
    from dashboard.access.auth_pages import sign_in_page

    page = " ".join(sign_in_page(None, "/", public_reading=True).split())
    assert "python -m loaders" not in page
    assert "administrateur" in page and "lien d'invitation" in page
