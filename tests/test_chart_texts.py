"""Names taken from the data are shown as written in every chart, never as markup (issue 19): plotly renders a
subset of HTML in texts, labels, hover texts, legend names and axis titles, and fills the ``%{…}`` of its
templates, so that a lever named ``<a href=…>`` became a link in the Écarts treemap. The tables sent as their HTML
text (``components.table.markup_table``) escape them too."""

from __future__ import annotations

import pandas as pd

from dashboard.figures.charts import plain
from data.db import connect
from domain import scenarios
from loaders.indicators import load_indicators
from tests.conftest import app_on
from tests.layouts import markdown_texts
from tests.test_largest_values import _figures, _page

HOSTILE = '<a href="https://pirate.example/">lien</a> <img src=x onerror=alert(1)> %{x} &amp;'
NOT_SHOWN = {"ids", "parents", "customdata", "meta"}  # what plotly never writes on the chart


def _shown_texts(node, key: str | None = None) -> list[str]:
    """Every string of a figure that plotly may write on the chart."""
    if key in NOT_SHOWN:
        return []
    if isinstance(node, str):
        return [node]
    if isinstance(node, dict):
        return [text for k, value in node.items() for text in _shown_texts(value, k)]
    if isinstance(node, list):
        return [text for value in node for text in _shown_texts(value, key)]
    return []


def _hostile_names(con, tmp_path) -> int:
    """Every name a chart shows, written as an attacker would; returns a scenario's id."""
    communes = [code for (code,) in con.execute("SELECT code FROM territories WHERE level = 'commune'").fetchall()]
    pd.DataFrame({"codgeo": communes, "annee": 2021, "ges_par_habitant": range(len(communes))}).to_csv(
        tmp_path / "indicateurs.csv", sep=";", index=False)
    load_indicators(con, tmp_path / "indicateurs.csv")
    for statement in (
        "UPDATE levers SET name = name || ?, sector = sector || ?, thematic_group = thematic_group || ?",
        "UPDATE objective_vintages SET lever_label = lever_label || ?",
        "UPDATE territories SET name = name || ?",
        "UPDATE indicators SET name = name || ?, unit = unit || ?",
        "UPDATE allocation_keys SET label = label || ?",
    ):
        con.execute(statement, [HOSTILE] * statement.count("?"))
    return scenarios.create_scenario(con, "region", "53", "Scénario")


def test_names_from_the_data_are_never_markup_in_a_chart_or_a_table(real_copy, tmp_path):

    with connect(real_copy) as con:
        scenario_id = _hostile_names(con, tmp_path)
    with app_on(real_copy) as (_, client):
        pages = {
            "/": "?region=53&vue=secteur", "/ecarts": f"?region=53&scenario={scenario_id}",
            "/feuille-de-route": "?region=53", "/declinaison": "?region=53&niveau=crte",
            "/diagnostic": "?region=53&indicateur=ges_par_habitant&niveau=epci&annee=2021&territoire=epci:243500139",
        }
        named = 0  # the figures that show a name from the data
        written = 0  # the tables sent as their HTML text (``as_text``) that show one
        for path, search in pages.items():
            answer = _page(client, path, search)
            for text in markdown_texts(answer):
                assert "<a " not in text and "<img" not in text, (path, text[:300])
                written += "&lt;img src=x onerror=alert(1)&gt;" in text
            for figure in _figures(answer):
                texts = _shown_texts(figure)
                markup = [text for text in texts if HOSTILE in text or "<a " in text or "<img" in text]
                assert not markup, (path, markup[:3])
                named += any(plain(HOSTILE) in text for text in texts)  # there, as text
        assert named >= 8
        assert written >= 3  # the Déclinaison's table of CRTE, the Diagnostic's values, the maquette's territories


def test_plain_text_keeps_what_plotly_shows():
    assert plain("Transport & logistique <poids lourds> 100 % %{x}") == (
        "Transport &amp; logistique &lt;poids lourds&gt; 100 &#37; &#37;{x}")
    assert plain("Côtes-d'Armor") == "Côtes-d'Armor"
