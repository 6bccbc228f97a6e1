"""The printable roadmap document printed to PDF through Chromium's own print path: both charts whole on A4 (the
trajectory from 2019 to 2030, the map with every CRTE), not cut at the width they had on screen."""

from selenium.webdriver.support import expected_conditions as EC

from data.db import connect
from tests.browsing import wait
from tests.printing import assert_charts_whole, print_to_pdf
from tests.roadmap_fixtures import roadmap_app  # noqa: F401  (fixture)

CHARTS = ("roadmap-document-trajectory", "roadmap-document-map")


def drawn(browser) -> bool:
    return all(browser.execute_script(f"return !!document.querySelector('#{chart} .main-svg')") for chart in CHARTS)


def crte_on_the_map(database) -> int:
    """Bretagne's CRTE, and the communes in none of them, drawn apart."""
    with connect(database, read_only=True) as con:
        return con.execute(
            "SELECT count(*) + (SELECT count(*) > 0 FROM territory_links r WHERE r.parent_level = 'region' AND "
            "r.parent_code = '53' AND r.child_level = 'commune' AND r.child_code NOT IN (SELECT child_code FROM "
            "territory_links WHERE parent_level = 'crte' AND child_level = 'commune'))::INTEGER "
            "FROM territory_links WHERE parent_level = 'region' AND parent_code = '53' AND child_level = 'crte'"
        ).fetchone()[0]


def test_the_roadmap_document_prints_both_charts_whole_on_a4(roadmap_app, browser, tmp_path):
    url, database = roadmap_app
    browser.set_window_size(1440, 1000)  # a desktop screen: the charts are drawn twice as wide as the paper
    browser.get(f"{url}/feuille-de-route/document?region=53")
    wait(browser).until(EC.title_contains("Feuille de route"))
    wait(browser).until(drawn)
    printed = print_to_pdf(browser, tmp_path / "feuille-de-route.pdf")
    assert all(printed.charts[chart]["width"] < 1440 / 1.5 for chart in CHARTS)
    assert_charts_whole(printed, *CHARTS, territories=crte_on_the_map(database))
