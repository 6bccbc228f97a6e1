"""One vocabulary: levels, statuses, sectors' order and colours, the same on every page, in every region and
in the browser's JavaScript."""

from __future__ import annotations

import re
from pathlib import Path

import plotly.graph_objects as go

from dashboard.features.gaps.charts import progress_treemap
from dashboard.features.overview.charts import lever_treemap
from dashboard.features.projection.screens import payload
from dashboard.store.queries import region_levers
from data.db import connect
from data.demo import REGION_CODE
from domain import vocabulary
from domain.gaps import territory_gaps
from domain.vocabulary import (
    GAP_STATUSES,
    LEVELS,
    browser_vocabulary,
    colour,
    sector_rank,
)

PROJECTION_JS = Path(__file__).resolve().parent.parent / "assets" / "projection.js"


def _group_colours(figure) -> dict[str, str]:
    trace = go.Figure(figure).data[0]
    return {label: fill for node, label, fill in zip(trace.ids, trace.labels, trace.marker.colors)
            if node.startswith("g:")}


def test_a_sector_has_the_same_colour_in_every_region(real_db):
    with connect(real_db, read_only=True) as con:
        brittany, auvergne = (_group_colours(lever_treemap(region_levers(con, code), "secteur"))
                              for code in ("53", "84"))
        gaps = _group_colours(progress_treemap(territory_gaps(con, "region", "84"), "secteur"))
    common = set(brittany) & set(auvergne)
    assert len(common) >= 5
    assert all(brittany[sector] == auvergne[sector] == gaps[sector] == colour(sector) for sector in common)
    assert len({colour(sector) for sector in vocabulary.SECTOR_COLOURS}) == len(vocabulary.SECTOR_COLOURS)


def test_sectors_sort_in_display_order_unknown_ones_last():
    names = ["Déchet", "Inconnu", "Transport de voyageurs", "Résidentiel"]
    assert sorted(names, key=sector_rank) == ["Transport de voyageurs", "Résidentiel", "Déchet", "Inconnu"]
    assert colour("Inconnu") == colour("Inconnu") and colour("Inconnu").startswith("#")


def test_each_level_has_its_forms():
    assert (LEVELS["departement"].singular, LEVELS["departement"].title, LEVELS["departement"].plural,
            LEVELS["departement"].heading) == ("département", "Département", "départements", "Départements")
    assert LEVELS["crte"].plural == "CRTE"


def test_the_projection_data_carries_the_vocabulary_and_the_script_has_none_of_its_own(demo_db):
    with connect(demo_db, read_only=True) as con:
        data = payload(con, REGION_CODE)
    assert data["vocabulary"] == browser_vocabulary()
    assert set(data["vocabulary"]["statuses"].values()) == set(GAP_STATUSES)
    assert {lever["status"] for lever in data["levers"].values()} <= set(GAP_STATUSES)
    script = PROJECTION_JS.read_text(encoding="utf-8")
    words = list(GAP_STATUSES) + [form for level in LEVELS.values() for form in (level.singular, level.plural)
                                  if not form.isupper()]
    found = [word for word in words if re.search(rf"\b{re.escape(word)}\b", script, re.IGNORECASE)]
    assert found == []
    assert "fr-FR" not in script and "\\u2212" not in script
