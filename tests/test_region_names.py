"""A region's name in a French sentence takes its article, elided before a vowel: « Carte de l'Occitanie »."""

from __future__ import annotations

import re

import pytest

from domain.regions import REGIONS, of_region


@pytest.mark.parametrize("name, written", [
    ("Occitanie", "de l'Occitanie"),
    ("Île-de-France", "de l'Île-de-France"),
    ("Auvergne-Rhône-Alpes", "de l'Auvergne-Rhône-Alpes"),
    ("Bretagne", "de la Bretagne"),
    ("Grand Est", "du Grand Est"),
    ("Centre-Val de Loire", "du Centre-Val de Loire"),
    ("Hauts-de-France", "des Hauts-de-France"),
    ("Pays de la Loire", "des Pays de la Loire"),
    ("La Réunion", "de La Réunion"),
    ("Mayotte", "de Mayotte"),
    ("Région de démonstration", "de la région de démonstration"),
])
def test_a_region_takes_its_article_after_de(name, written):
    assert of_region(name) == written


def test_no_region_is_written_de_before_a_vowel():
    written = [of_region(name) for name in REGIONS.values()]
    assert [text for text in written if re.match("de [AEIOUYÎÉ]", text)] == []
