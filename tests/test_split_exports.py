"""Exports and pages of the déclinaison: rounded parts add up to the displayed total, exact values kept."""

import io
from decimal import Decimal

import dash
import pytest
from openpyxl import load_workbook

from data.db import connect
from domain.split_methods import save_method
from tests.conftest import app_on
from tests.layouts import component, layout_of

ROUNDED = "Objectif 2030 (ktCO₂e, arrondi)"
EXACT = "Objectif 2030 (ktCO₂e, valeur exacte)"


def csv_rows(client, url: str) -> list[dict]:
    response = client.get(url)
    assert response.status_code == 200, response.data
    lines = response.data.decode("utf-8-sig").splitlines()
    header = lines[0].split(";")
    return [dict(zip(header, line.split(";"))) for line in lines[1:]]


def decimal(text: str) -> Decimal:
    return Decimal(text.replace(",", "."))


def test_split_csv_rounded_parts_add_up_exactly_to_the_regional_total(app):
    rows = csv_rows(app.server.test_client(), "/export/declinaison.csv?region=53&niveau=crte")
    assert len(rows) == 41
    assert sum(decimal(r[ROUNDED]) for r in rows) == Decimal("9842.5")
    assert sum(float(r[EXACT].replace(",", ".")) for r in rows) == pytest.approx(9842.5042)
    outside = next(r for r in rows if r["Code"] == "hors")
    assert outside["Territoire"] == "Communes hors CRTE" and outside["Communes"] == "4"
    assert {r["Clé de répartition"] for r in rows} == {"Population (30 leviers)"}


def test_split_of_one_sector_and_a_compared_method(app, real_copy):
    with connect(real_copy) as con:
        method = save_method(con, "Surface", {}, default_key="superficie")
    url = (f"/export/declinaison.csv?region=53&niveau=departement&perimetre=secteur:Résidentiel&comparer={method}")
    rows = csv_rows(app.server.test_client(), url)
    assert len(rows) == 4
    assert sum(decimal(r[ROUNDED]) for r in rows) == Decimal("1283.7")  # 293,888 + 651,062 + 338,7453
    gaps = [float(r["Écart (ktCO₂e)"].replace(",", ".")) for r in rows]
    assert sum(gaps) == pytest.approx(0, abs=1e-9) and max(map(abs, gaps)) > 1


def test_a_method_of_two_keys_names_them_in_the_plural(app, real_copy):
    with connect(real_copy) as con:
        method = save_method(con, "Voitures à la surface", {"augm_voitelec": "superficie"})
    rows = csv_rows(app.server.test_client(), f"/export/declinaison.csv?region=53&niveau=departement&methode={method}")
    keys = "Population (29 leviers), Superficie (1 levier)"
    assert {r["Clés de répartition"] for r in rows} == {keys}
    page = layout_of(app, "/declinaison", region="53", niveau="departement", methode=str(method))
    assert f"Clés : {keys}." in component(page, "split-map-caption").children


def test_fiche_xlsx_has_every_lever_with_its_key_and_physical_translation(app):
    client = app.server.test_client()
    response = client.get("/export/fiche-territoire.xlsx?region=53&niveau=crte&code=crte-53-35-13&methode=1")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.data))["Données"]
    header = [c.value for c in sheet[1]]
    rows = [dict(zip(header, r)) for r in sheet.iter_rows(min_row=2, values_only=True)]
    assert len(rows) == 30
    assert {r["Clé de répartition"] for r in rows} == {"Population"}
    rounded = sum(Decimal(str(r["Objectif 2030 du territoire (ktCO₂e, arrondi)"])) for r in rows)
    assert rounded == Decimal("133.3")
    cars = next(r for r in rows if r["Levier"] == "Véhicules électriques")
    assert cars["Traduction physique (variation 2019 → 2030)"] == round(  # to the hundredth, as the page shows it
        cars["Objectif 2030 du territoire (ktCO₂e, valeur exacte)"] * 0.4677, 2)
    waste = next(r for r in rows if "kg annuels/hab" in (r["Unité physique"] or ""))
    assert "même variation que la région" in waste["Unité physique"]


def test_unknown_territory_is_a_french_404(app):
    response = app.server.test_client().get("/export/fiche-territoire.csv?region=53&niveau=crte&code=nulle-part")
    assert response.status_code == 404
    assert "CRTE inconnu dans cette région" in response.data.decode()


def render(app, path: str, **params):
    page = next(p for p in dash.page_registry.values() if p["path"] == path)
    with app.server.test_request_context(path):
        return str(page["layout"](**params))


def test_demo_region_page_and_fiche(demo_copy):
    with app_on(demo_copy) as (app, _):
        demo_region_page_and_fiche(app)


def demo_region_page_and_fiche(app):
    page = render(app, "/declinaison", region="00", niveau="crte", unite="habitant")
    assert "Région de démonstration" in page and "Données fictives" in page
    assert "CRTE à cheval sur plusieurs départements" in page
    fiche = render(app, "/declinaison/fiche", region="00", niveau="crte", code="crte-00-D01-1")
    assert "s'étend sur 2 départements" in fiche
    missing = render(app, "/declinaison/fiche", region="00", niveau="crte", code="inconnu")
    assert "Fiche introuvable" in missing


def test_a_map_whose_values_are_all_equal_says_so(app):
    """Issue 21: per inhabitant, with the default method (every lever split by population), every CRTE has the
    region's 9 842,5 ktCO₂e per inhabitant; the map was one colour, its colour bar without ticks, and the caption
    listed « plus forts objectifs » all equal."""
    page = layout_of(app, "/declinaison", region="53", niveau="crte", unite="habitant")
    graph, caption = component(page, "split-map"), component(page, "split-map-caption").children
    assert not any(trace.get("marker", {}).get("showscale") for trace in graph.figure["data"])
    equal = "Toutes les valeurs sont égales : 2,97\u00a0tCO₂e par habitant"
    assert [note["text"] for note in graph.figure["layout"]["annotations"]] == [equal]
    assert equal in caption and "plus forts objectifs" not in caption
    assert "Clé : Population (30 leviers)." in caption
