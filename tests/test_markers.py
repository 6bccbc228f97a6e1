"""Tests are marked ``browser`` and ``realdata`` at collection, without their authors marking them."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

SUITE = '''
import pytest
from conftest import shared


def read_panorama():
    return shared("sgpe/panorama-leviers-regions.json")


@pytest.fixture
def panorama():
    return read_panorama()


def test_in_chromium(browser): ...
def test_on_the_real_database(real_copy): ...
def test_on_the_served_app(app_url): ...
def test_reading_a_file_itself(): shared("sgpe/panorama-leviers-regions.json")
def test_through_a_helper(): read_panorama()
def test_through_a_lambda(): (lambda: read_panorama())()
def test_through_a_fixture(panorama): ...
def test_on_an_empty_database(db_path): ...
def test_plain(): ...
'''


def marks(pytester) -> dict[str, set[str]]:
    """Each test of SUITE with the marks it got at collection."""
    pytester.makeini((ROOT / "pytest.ini").read_text(encoding="utf-8"))
    pytester.makeconftest((ROOT / "tests" / "conftest.py").read_text(encoding="utf-8"))
    pytester.makepyfile(test_suite=SUITE)
    items, _ = pytester.inline_genitems("-p", "no:dash")
    return {item.name: {mark.name for mark in item.iter_markers()} for item in items}


def test_tests_are_marked_from_their_fixtures_and_the_helpers_they_call(pytester):
    assert marks(pytester) == {
        "test_in_chromium": {"browser"},
        "test_on_the_real_database": {"realdata"},
        "test_on_the_served_app": {"realdata"},
        "test_reading_a_file_itself": {"realdata"},
        "test_through_a_helper": {"realdata"},
        "test_through_a_lambda": {"realdata"},
        "test_through_a_fixture": {"realdata"},
        "test_on_an_empty_database": set(),
        "test_plain": set(),
    }
