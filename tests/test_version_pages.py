"""A frozen version opened by itself on every page that takes ``?version=N`` (the déclinaison, the overview, the
Écarts page): each shows the version's own figures — the same after the méthode, the objectives' vintage and the
commitments changed, while the current state's change — read-only, under the version's banner, its links keeping the
version; a ``version`` that names none of the region's versions gets a French message on the page, and a callback
that names one is not answered."""

from __future__ import annotations

import io
import json

import pandas as pd
import pytest

from bench.dash_requests import post
from dashboard import store
from data.db import connect, migrate
from domain import commitment_store, regional_objectives, versions
from domain.split_methods import save_method
from loaders.catalogue import load_catalogue
from loaders.indicators import load_indicators
from loaders.sgpe import load_sgpe
from tests.conftest import app_on
from tests.test_frozen_versions import csv_of, page, texts
from tests.version_fixtures import LEVER, METHOD, REGION, another_vintage, freeze_bretagne

SPLIT_UPDATE = "dashboard.pages.split._update"
SPLIT_TABLE = "dashboard.pages.split._table_update"


WATER = "prelevements_eau"  # the catalogue's « Eau » indicator
WATER_OBJECTIVE = {"indicator_id": WATER, "baseline_year": "2019", "baseline_value": "100", "target_change": "-10",
                   "source": "SDAGE Loire-Bretagne", "status": "indicatif"}


def water_values(tmp_path, values: dict[int, int]):
    path = tmp_path / "eau.csv"
    path.write_text("region;indicateur;annee;valeur\n" + "".join(f"{REGION};{WATER};{year};{value}\n"
                                                              for year, value in values.items()), encoding="utf-8")
    return path


@pytest.fixture
def opened(real_copy, tmp_path):
    """(app, client, version, méthode, another region's version): Bretagne's roadmap frozen with a regional objective
    for water (its values observed in 2019 and 2023), the app serving it."""
    with connect(real_copy) as con:
        migrate(con)
        load_catalogue(con)
        load_indicators(con, water_values(tmp_path, {2019: 100, 2023: 98}))
        regional_objectives.save(con, REGION, WATER_OBJECTIVE, None, "equipe")
        version, method, _ = freeze_bretagne(con, tmp_path)
        other = versions.freeze(con, "84", "COP Auvergne-Rhône-Alpes", versions.Retained(), "dreal")
    with app_on(real_copy) as (app, client):
        yield app, client, version, method, other


def change_everything(real_copy, tmp_path) -> None:
    """After the freeze: a commitment edited, the méthode's key for one lever changed, the water objective changed and
    its value of 2024 loaded, another SGPE vintage loaded."""
    commitment = int(store.fetch(commitment_store.region_commitments, REGION)["commitment_id"].max())
    stored = store.fetch(commitment_store.get, commitment)
    store.write(commitment_store.update, commitment, stored["version"],
                {**stored, "quantity_kt": 400.0, "title": "Bornes rapides"}, "dreal")
    store.write(save_method, METHOD, {LEVER: "superficie"})
    store.write(regional_objectives.save, REGION, {**WATER_OBJECTIVE, "target_change": "-25"}, 1, "equipe")
    store.shared.close_if_idle()
    with connect(real_copy) as con:
        load_sgpe(con, another_vintage(tmp_path), "2025")
        load_indicators(con, water_values(tmp_path, {2024: 80}))


def split_update(app, client, state: dict, level: str = "departement"):
    values = {"split-level.value": level, "split-scope.value": "tous", "split-unit.value": "kt",
              "split-compare.value": "aucune", "split-sort.value": "objectif", "split-state.data": state}
    return post(client, app, SPLIT_UPDATE, ("split-level.value", values, None))


def split_table(app, client, params: dict):
    return post(client, app, SPLIT_TABLE, ("split-table-params.data", {"split-table-params.data": params}, None))


def test_the_split_page_of_a_version_shows_the_shares_of_its_freeze(opened, real_copy, tmp_path):
    app, client, version, method, _ = opened
    search = f"?region={REGION}&version={version}&niveau=crte"
    state = {"region": REGION, "niveau": "crte", "methode": str(method), "version": str(version)}

    def shown() -> dict:
        layout = page(client, "/declinaison", search)
        return {"page": texts(layout), "layout": json.dumps(layout, sort_keys=True),
                "csv": csv_of(client, f"/export/declinaison.csv{search}"),
                "update": split_update(app, client, state).get_json(),
                "table": split_table(app, client, {**state, "niveau": "departement"}).get_json()}

    def live_csv() -> str:
        return csv_of(client, f"/export/declinaison.csv?region={REGION}&niveau=crte&methode={method}")

    then, live = shown(), live_csv()
    assert then["csv"] == live  # the version's own méthode by default, its shares those of the freeze
    assert "Version « présentée en COP » figée le" in then["page"]
    assert "Méthode de la COP" in json.dumps(then["table"], ensure_ascii=False)  # the table, in its own answer
    assert "Enregistrer la méthode" not in then["page"]  # read-only: no méthode editor
    assert f"version={version}" in json.dumps(then["update"])  # the address and the fiche's link keep the version
    change_everything(real_copy, tmp_path)
    assert live_csv() != live  # the current state changed…
    assert shown() == then  # … the version's page, download and callbacks did not


def test_the_overview_of_a_version_shows_the_objectives_of_its_vintage(opened, real_copy, tmp_path):
    app, client, version, _, _ = opened
    search = f"?region={REGION}&version={version}"

    def shown() -> dict:
        return {"page": texts(page(client, "/", search + "&vue=thematique")),
                **{name: csv_of(client, f"/export/{name}.csv{search}") for name in ("leviers", "territoires")}}

    then, live = shown(), csv_of(client, f"/export/leviers.csv?region={REGION}")
    assert then["leviers"] == live and "Version « présentée en COP » figée le" in then["page"]
    change_everything(real_copy, tmp_path)
    assert csv_of(client, f"/export/leviers.csv?region={REGION}") != live
    assert shown() == then


def test_the_gaps_page_of_a_version_shows_its_objectives_observations_and_retained_scenario(opened, real_copy,
                                                                                             tmp_path):
    app, client, version, _, _ = opened
    search = f"?region={REGION}&version={version}"
    downloads = ("ecarts", "ecarts-objectifs", "scenarios")

    def shown() -> dict:
        return {"page": json.dumps(page(client, "/ecarts", search), sort_keys=True, ensure_ascii=False),
                **{name: csv_of(client, f"/export/{name}.csv{search}") for name in downloads}}

    def live() -> dict:
        return {name: csv_of(client, f"/export/{name}.csv?region={REGION}") for name in downloads}

    then, before = shown(), live()
    assert {name: then[name] for name in downloads} == before
    assert "Scénario de la COP" in then["scenarios"] and "SDAGE Loire-Bretagne" in then["ecarts-objectifs"]
    assert "Version « présentée en COP » figée le" in then["page"] and "Enregistrer l'objectif" not in then["page"]
    change_everything(real_copy, tmp_path)
    now = live()
    assert all(now[name] != before[name] for name in ("ecarts", "ecarts-objectifs")), now
    assert shown() == then


def component(node, component_id: str) -> dict | None:
    """The props of the component ``component_id`` in a layout."""
    if isinstance(node, list):
        return next((found for child in node if (found := component(child, component_id)) is not None), None)
    if not isinstance(node, dict):
        return None
    props = node.get("props", {})
    return props if props.get("id") == component_id else component(props.get("children"), component_id)


def test_the_projection_of_a_version_shows_its_screens_read_only_and_unfollowed(opened, real_copy, tmp_path):
    _, client, version, _, _ = opened

    def shown(search: str) -> tuple[dict, dict]:
        layout = page(client, "/projection", search)
        return component(layout, "projection-data")["data"], layout

    (then, layout), (live, _) = shown(f"?region={REGION}&version={version}"), shown(f"?region={REGION}")
    assert then == live
    assert "Version « présentée en COP » figée le" in texts(layout)
    view = component(layout, "projection-view")["data"]
    assert view["read_only"] and not view["presenter"]  # neither kept nor followed
    assert component(layout, "projection-exit")["href"] == f"/?region={REGION}&version={version}"
    change_everything(real_copy, tmp_path)
    assert shown(f"?region={REGION}")[0] != live
    assert shown(f"?region={REGION}&version={version}")[0] == then


def test_the_version_s_banner_links_its_other_pages_keeping_the_version(opened):
    _, client, version, _, _ = opened
    layout = json.dumps(page(client, "/declinaison", f"?region={REGION}&version={version}"))
    for path in ("/?", "/ecarts?", "/declinaison?", "/feuille-de-route?", "/projection?"):
        assert f'"{path}region={REGION}&version={version}"' in layout, path


@pytest.mark.parametrize("path", ["/", "/ecarts", "/declinaison", "/feuille-de-route", "/feuille-de-route/document",
                                  "/declinaison/fiche", "/projection"])
def test_a_version_that_is_not_one_of_the_region_s_gets_a_french_message(opened, path):
    app, client, _, _, other = opened
    for wrong, message in (("abc", "« abc » n'est pas un numéro de version figée."),
                           ("1e3", "« 1e3 » n'est pas un numéro de version figée."),
                           (str(other), f"Aucune version figée n° {other} pour cette région."),
                           ("999999", "Aucune version figée n° 999999 pour cette région.")):
        shown = texts(page(client, path, f"?region={REGION}&version={wrong}"))
        assert message in shown and "Voir l'état actuel" in shown, (path, wrong)


def test_a_split_callback_naming_another_region_s_version_is_not_answered(opened):
    app, client, version, method, other = opened
    state = {"region": REGION, "niveau": "crte", "methode": str(method)}
    assert split_update(app, client, {**state, "version": str(version)}).status_code == 200
    for wrong in (str(other), "abc", "999999"):
        assert split_update(app, client, {**state, "version": wrong}).status_code == 204, wrong
        assert split_table(app, client, {**state, "version": wrong}).status_code == 204, wrong
    assert client.get(f"/export/declinaison.csv?region={REGION}&version={other}").status_code == 404


def test_a_version_compares_with_the_current_state_crte_by_crte(opened, real_copy, tmp_path):
    _, client, version, _, _ = opened
    with connect(real_copy) as con:
        crte = dict(con.execute("SELECT code, name FROM territories WHERE level = 'crte' AND code IN (SELECT child_code"
                                " FROM territory_links WHERE parent_level = 'region' AND parent_code = ? AND"
                                " child_level = 'crte')", [REGION]).fetchall())
    url = f"/export/comparaison-crte.csv?region={REGION}&version={version}"
    unchanged = pd.read_csv(io.StringIO(csv_of(client, url).lstrip("\ufeff")), sep=";", decimal=",")
    assert sorted(unchanged["CRTE"]) == sorted(crte.values())
    before, after = "Objectif 2030 avant (ktCO₂e)", "Objectif 2030 après (ktCO₂e)"
    assert (unchanged[before] == unchanged[after]).all()
    change_everything(real_copy, tmp_path)
    changed = pd.read_csv(io.StringIO(csv_of(client, url).lstrip("\ufeff")), sep=";", decimal=",")
    assert changed[before].tolist() == unchanged[before].tolist()  # the version's side as it was
    assert (changed[after] != changed[before]).any()  # the méthode's new key moved objectives between CRTE


@pytest.mark.parametrize(("name", "prefix", "values"), [
    ("dashboard.pages.overview._remember_in_url", "overview", {"overview-view.value": "thematique"}),
    ("dashboard.pages.gaps._navigate", "gaps", {"gaps-view.value": "thematique"}),
    ("dashboard.pages.split._navigate", "split", {"split-method.value": "1"}),
])
def test_a_page_s_controls_keep_the_version_within_its_region_and_leave_it_for_another(opened, name, prefix, values):
    app, client, version, _, _ = opened
    search = f"?region={REGION}&version={version}"
    state = {"region": REGION, "version": str(version)}
    location = {f"{prefix}-url.search": search} if prefix != "split" else {"split-state.data": state}

    def address(region: str, trigger: str) -> str:
        sent = {**values, **location, f"{prefix}-region.value": region}
        response = post(client, app, name, (trigger, sent, None))
        assert response.status_code == 200, response.text[:300]
        return json.dumps(response.get_json()["response"])

    kept = address(REGION, next(iter(values)))
    assert f"version={version}" in kept and next(iter(values.values())) in kept
    assert "version=" not in address("84", f"{prefix}-region.value")
