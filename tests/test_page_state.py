"""The page state (dashboard/state.py) and the answer to an unknown address, without a browser."""

import pytest

from dashboard.state import PageState, href, resolve_region


def test_the_state_is_read_from_the_query_and_written_into_links():
    state = PageState.from_query({"region": "53", "vue": "thematique", "scenario": "4"})
    assert state == PageState(region="53")
    assert href("/ecarts", state) == "/ecarts?region=53"
    assert href("/ecarts", state, scenario=4, comparer=None, tri="") == "/ecarts?region=53&scenario=4"
    assert href("/", PageState.from_query({})) == "/"
    assert href("/donnees", PageState.from_query({"region": ""})) == "/donnees"


@pytest.mark.parametrize("requested, offered, shown", [
    ("84", ["53", "84"], "84"),
    (None, ["53", "84"], None),    # several regions: the user chooses, never the first
    ("", ["53", "84"], None),
    (None, ["00"], "00"),          # the only region
    ("99", ["00"], None),          # an unknown region is not replaced, even by the only one
    ("84", ["53"], None),          # a region this page cannot show
    (None, [], None),
])
def test_a_page_shows_the_region_asked_for_or_the_only_one(requested, offered, shown):
    assert resolve_region(requested, offered) == shown


@pytest.mark.parametrize("address", ["/ecart", "/ecarts/inconnue", "/404", "/feuille-de-route/document/x"])
def test_an_unknown_address_answers_404_with_the_app(client, address):
    response = client.get(f"{address}?region=53")
    assert response.status_code == 404
    assert response.mimetype == "text/html"
    assert b'id="react-entry-point"' in response.data  # the French page is drawn by pages/not_found_404.py


@pytest.mark.parametrize("address", ["/", "/?region=53", "/ecarts", "/ecarts/", "/declinaison/fiche", "/donnees",
                                     "/projection", "/connexion", "/feuille-de-route/contributions?region=53"])
def test_every_page_answers_200(client, address):
    assert client.get(address).status_code == 200


def test_the_icon_browsers_ask_for_is_found(client):
    response = client.get("/favicon.ico", follow_redirects=True)
    assert response.status_code == 200 and response.mimetype == "image/x-icon"


def test_the_index_page_has_no_footer_of_its_own(client):
    """Dash wraps its scripts in a <footer>: a second contentinfo landmark beside the page's footer."""
    assert b"<footer" not in client.get("/").data


def test_a_diagnostic_download_without_region_is_refused_not_given_the_first_region(client):
    response = client.get("/export/diagnostic.csv")
    assert response.status_code == 404
    assert "région inconnue ou non précisée" in response.data.decode()
