"""Rankings that compare (issue 21): the Diagnostic ranks on the catalogue's comparison basis, says which,
highlights the chosen region, draws it against France comparably and says when France is partial. On the real
SGPE observations: tertiary fuel oil (reduc_tfioul) in 2021, 13 regions of 18."""

import csv
import io

import plotly.graph_objects as go
import pytest

from dashboard.features.diagnostic.charts import HIGHLIGHT
from dashboard.figures.maps import SELECTED_LINE
from data.db import connect
from loaders.catalogue import load_catalogue
from loaders.errors import LoadError
from tests.layouts import component as find
from tests.layouts import layout_of

FUEL_OIL = "region=53&indicateur=reduc_tfioul&niveau=region"
PER_MILLION = "TWh corr. de fioul consommés dans le secteur tertiaire pour 1 million d'habitants"


def csv_table(app, url: str) -> list[dict]:
    response = app.server.test_client().get(url)
    assert response.status_code == 200, response.data
    return list(csv.DictReader(io.StringIO(response.data.decode("utf-8-sig")), delimiter=";"))


def test_regions_are_ranked_per_inhabitant_not_by_their_absolute_totals(app):
    """« 1. Corse » ranked the smallest total: per inhabitant (Insee populations), Île-de-France uses the least
    fuel oil, 2,7 TWh for 12,3 million inhabitants = 0,22; Corse 0,1 / 0,35 = 0,29; Bretagne 1,5 / 3,39 = 0,44."""
    rows = csv_table(app, f"/export/diagnostic.csv?{FUEL_OIL}")
    ranked = {row["Territoire"]: (row["Rang"], row[f"Valeur comparée ({PER_MILLION})"]) for row in rows}
    assert rows[0]["Territoire"] == "Île-de-France" and ranked["Île-de-France"] == ("1", "0,22")
    assert ranked["Corse"] == ("2", "0,29") and ranked["Bretagne"] == ("5", "0,44")
    assert ranked["Mayotte"] == ("", ""), "no value, no rank"
    raw = csv_table(app, "/export/diagnostic.csv?region=53&indicateur=reduc_consovp&niveau=region")
    assert not any(header.startswith("Valeur comparée") for header in raw[0]), "an average (L/100 km) as it is"


def test_the_page_says_the_basis_highlights_the_region_and_says_when_france_is_partial(app):
    layout = layout_of(app, "/diagnostic", region="53", indicateur="reduc_tfioul", niveau="region")
    assert find(layout, "diagnostic-ranking-heading").children == "Classement — par habitant"
    caption = find(layout, "diagnostic-ranking-caption").children
    assert PER_MILLION in caption and "Insee, populations légales 2021" in caption
    bars = go.Figure(find(layout, "diagnostic-ranking").figure).data[0]
    red = [label for label, colour in zip(bars.y, bars.marker.color) if colour == HIGHLIGHT]
    assert red == ["5. Bretagne"]
    outlines = [trace for trace in go.Figure(find(layout, "diagnostic-map").figure).data
                if trace.mode == "lines" and trace.line.color == SELECTED_LINE]
    assert len(outlines) == 1, "Bretagne outlined on the map of the regions"
    france_card = find(layout, "diagnostic-card-france")
    assert "France : 13 régions sur 18 chargées" in str(layout) and france_card.children[0] == "31,4"
    assert find(layout, "diagnostic-evolution-heading").children == "Évolution — France : 13 régions sur 18 chargées"


def test_the_region_and_france_are_drawn_as_an_index_100(app):
    """1,6 → 1,5 TWh for Bretagne, 32,6 → 31,4 for France: on France's axis Bretagne's line was flat."""
    layout = layout_of(app, "/diagnostic", region="53", indicateur="reduc_tfioul", niveau="region")
    figure = go.Figure(find(layout, "diagnostic-series").figure)
    lines = {trace.name: list(trace.y) for trace in figure.data}
    assert lines["Bretagne"] == pytest.approx([100, 93.75])
    assert lines["France : 13 régions sur 18 chargées"] == pytest.approx([100, 31.4 / 32.6 * 100])
    assert figure.layout.yaxis.title.text == "indice 100 en 2019"
    assert find(layout, "diagnostic-series-caption").children.startswith("Indice 100 en 2019")


def test_the_catalogue_says_how_an_indicator_compares(real_copy, tmp_path):
    header = "id;nom;unite;theme;sens;agregation;ponderation;comparaison;source\n"
    good = tmp_path / "bon.csv"
    good.write_text(header + "bornes;Bornes;bornes;Mieux se déplacer;hausse;somme;;par km2;IRVE\n"
                    "friches;Friches;ha;Sols;baisse;somme;;;Cerema\n", encoding="utf-8")
    with connect(real_copy) as con:
        load_catalogue(con, good)
        stored = dict(con.execute("SELECT subject_id, comparison FROM indicator_catalogue "
                                  "WHERE subject_id IN ('bornes', 'friches')").fetchall())
    assert stored == {"bornes": "par km²", "friches": None}  # empty: the default, a share of the area for hectares
    for value, problem in (("par tête", "comparaison inconnue : « par tête »"),
                           ("part de la superficie", "« part de la superficie » demande une unité de surface")):
        bad = tmp_path / "mauvais.csv"
        bad.write_text(header + f"bornes;Bornes;bornes;Mieux se déplacer;hausse;somme;;{value};IRVE\n",
                       encoding="utf-8")
        with connect(real_copy) as con, pytest.raises(LoadError) as error:
            load_catalogue(con, bad)
        assert problem in str(error.value) and "ligne 2" in str(error.value) and "comparaison" in str(error.value)
