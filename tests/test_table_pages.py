"""The déclinaison's table by pages of 50 territories: every row on exactly one page, the page kept within the table
after a change that shortens it."""

from __future__ import annotations

from dashboard.features.split import table_pages


def test_every_row_is_on_exactly_one_page():
    count = 244  # the synthetic region's EPCI
    pages = table_pages.options(count)
    assert [page["label"] for page in pages] == [
        "Lignes 1 à 50 (sur 244)", "Lignes 51 à 100 (sur 244)", "Lignes 101 à 150 (sur 244)",
        "Lignes 151 à 200 (sur 244)", "Lignes 201 à 244 (sur 244)"]
    rows = [row for page in pages for row in range(count)[table_pages.shown(page["value"], count)]]
    assert rows == list(range(count))


def test_a_page_past_the_end_shows_the_last_and_a_short_table_one_page():
    assert table_pages.shown(4, 62) == slice(50, 100)  # 62 rows: the second page, rows 51 to 62
    assert table_pages.shown(None, 62) == slice(0, 50)
    assert table_pages.options(4) == [{"label": "Lignes 1 à 4 (sur 4)", "value": 0}]
    assert table_pages.chooser(50).hidden and not table_pages.chooser(51).hidden


def test_the_table_drawn_as_one_component_escapes_every_value():
    """A territory or method name is text, never markup: the page's table shows it as typed."""
    import pandas as pd

    from dashboard.components.table import markup_table
    from dashboard.tables import Table

    frame = pd.DataFrame({"Territoire": ['<img src=x onerror="alert(1)">'], "Part": [0.5]})
    table = Table("Méthode « <b> »", frame, {"Part": "percent"})
    text = markup_table(table, "table-t", ["Territoire", "Part"]).children
    assert "<img" not in text and "<b>" not in text
    assert '&lt;img src=x onerror=&#34;alert(1)&#34;&gt;' in text
    assert '<td class="num" data-label="Part">50,0\u00a0%</td>' in text
