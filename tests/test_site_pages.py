"""The pages every State site carries (footer): the operator they name is the deployment's, a contact becomes a
link only when it is an address, and every one of them is reachable from the footer and the site map."""

from __future__ import annotations

import dash
import pytest

from dashboard.components import frame
from dashboard.components import site_links as paths
from dashboard.serving import operator
from tests.conftest import app_on


@pytest.fixture(scope="module")
def app(demo_db):
    with app_on(demo_db) as (app, _):
        yield app


def text(component) -> str:
    """All the text of a layout, in order."""
    if isinstance(component, str | int | float):
        return str(component)
    if isinstance(component, list | tuple):
        return " ".join(text(child) for child in component)
    children = getattr(component, "children", None)
    return "" if children is None else text(children)


def components(component) -> list:
    """``component`` and every component inside it."""
    found = [component]
    children = getattr(component, "children", None)
    for child in children if isinstance(children, list | tuple) else [children]:
        if child is not None and not isinstance(child, str | int | float):
            found += components(child)
    return found


def links(component) -> list[str]:
    return [c.href for c in components(component) if getattr(c, "href", None)]


def page_layout(path: str):
    page = next(page for page in dash.page_registry.values() if page["path"] == path)
    return page["layout"]()


def test_the_operator_and_contact_are_the_deployments(app, monkeypatch):
    monkeypatch.setenv(operator.NAME, "  Préfecture de la région\nBretagne ")
    monkeypatch.setenv(operator.CONTACT, "cop@bretagne.gouv.fr")
    monkeypatch.setenv(operator.HOST, "Ministère de l'Intérieur, place Beauvau, Paris")
    for path in (paths.ACCESSIBILITY, paths.LEGAL_NOTICE, paths.PERSONAL_DATA):
        layout = page_layout(path)
        assert "Préfecture de la région Bretagne" in text(layout), path
        assert "mailto:cop@bretagne.gouv.fr" in links(layout), path
    assert "Ministère de l'Intérieur, place Beauvau, Paris" in text(page_layout(paths.LEGAL_NOTICE))
    assert "Préfecture de la région Bretagne" in text(frame.header())
    assert "Préfecture de la région Bretagne" in text(frame.footer())


def test_without_configuration_the_pages_say_who_to_ask_and_link_no_contact(app, monkeypatch):
    for name in (operator.NAME, operator.CONTACT, operator.DIRECTOR, operator.HOST):
        monkeypatch.delenv(name, raising=False)
    layout = page_layout(paths.ACCESSIBILITY)
    assert "Préfecture de région" in text(layout)
    assert "le service qui vous a ouvert votre compte" in text(layout)
    assert not [link for link in links(layout) if link.startswith("mailto:")]


@pytest.mark.parametrize(("contact", "href"), [
    ("cop@bretagne.gouv.fr", "mailto:cop@bretagne.gouv.fr"),
    ("https://www.prefectures-regions.gouv.fr/bretagne/contact", "https://www.prefectures-regions.gouv.fr/bretagne/contact"),
    ("javascript:alert(1)", None),
    ("http://exemple.fr", None),
    ("Bureau de la COP", None),
])
def test_a_contact_is_a_link_only_when_it_is_an_address(contact, href):
    assert operator.contact_href(contact) == href


def test_a_setting_is_one_line_of_at_most_200_characters(monkeypatch):
    monkeypatch.setenv(operator.NAME, "Préfecture " * 40)
    name = operator.configured().name
    assert len(name) == operator.MAX_LENGTH and "\n" not in name


def test_the_footer_links_the_four_pages_and_the_site_map_lists_them(app):
    footer = frame.footer()
    assert {paths.SITE_MAP, paths.ACCESSIBILITY, paths.LEGAL_NOTICE, paths.PERSONAL_DATA} <= set(links(footer))
    assert "Accessibilité : partiellement conforme" in text(footer)
    site_map = links(page_layout(paths.SITE_MAP))
    assert {path for path, _ in paths.FOOTER_LINKS} <= set(site_map)
    assert {"/", "/ecarts", "/diagnostic", "/declinaison", "/feuille-de-route", "/donnees", "/projection"} <= set(
        site_map)


def test_the_header_carries_the_marianne_block_and_the_service(app):
    header = frame.header()
    logos = [c for c in components(header) if "fr-logo" in (getattr(c, "className", None) or "")]
    assert [text(logo) for logo in logos] == ["République  française"]
    assert frame.SERVICE in text(header)
