"""The largest values the plausible ranges accept (domain/ranges.py), loaded through the loaders and saved
through the forms' checks, keep every total finite and written as a number (issue 19): the roadmap's
totals and sectors, the contributions board, the scenario gauge and comparison, the split, the diagnostic's
aggregates, the projection, and every export."""

from __future__ import annotations

import base64
import json
import math
import re

import numpy as np
import pandas as pd

from data.commitment_samples import sample_template
from data.db import connect
from domain import commitment_store, scenarios
from domain.ranges import AVOIDED_KT, FUNDING_EUR, KEY_VALUE, OBJECTIVE_KT, RATIO, SHARE, START_POINT, unit_range
from domain.split_methods import save_method
from loaders.commitments import load_commitments
from loaders.indicators import load_indicators
from loaders.keys import load_keys
from loaders.observations import load_observations
from loaders.sgpe import load_sgpe
from tests.conftest import SGPE, app_on, shared
from tests.layouts import page_answer

REGION = "53"
NOT_A_NUMBER = re.compile(r"∞|(?<![\w-])(inf|infinity|nan)(?![\w-])", re.IGNORECASE)
COMMITMENTS = 300


def _panorama(tmp_path) -> str:
    """Bretagne's levers at the largest objective, conversion factor and starting point accepted."""
    records = [r for r in json.loads(shared(SGPE).read_text(encoding="utf-8")) if r["regionName"] == "Bretagne"]
    for record in records:
        record["objCO2"] = OBJECTIVE_KT.high
        ratio = record["ratioCO2toPhys"]
        record["ratioCO2toPhys"] = math.copysign(RATIO.high, ratio) if ratio else 0
        record["startPoint2019"] = START_POINT.high
    path = tmp_path / "panorama.json"
    path.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    return path


def _largest_everywhere(con, tmp_path) -> int:
    """Load and save the largest accepted values; return the scenario's id."""
    for outcome in (load_sgpe(con, _panorama(tmp_path)),):
        assert outcome.rows_written, outcome
    units = con.execute("SELECT subject_id, unit FROM indicator_catalogue WHERE subject_kind = 'levier'").fetchall()
    observed = pd.DataFrame([{"region": REGION, "levier_id": lever, "annee": year, "valeur": unit_range(unit).high}
                             for lever, unit in units for year in (2019, 2023)])
    observed.to_csv(tmp_path / "obs.csv", sep=";", index=False)
    load_observations(con, tmp_path / "obs.csv")
    communes = [code for (code,) in con.execute("SELECT code FROM territories WHERE level = 'commune'").fetchall()]
    pd.DataFrame({"codgeo": communes, "annee": 2021, "production_enr": unit_range("GWh").high,
                  "ges_par_habitant": unit_range("tCO₂e/hab").high, "part_enr": SHARE.high}).to_csv(
        tmp_path / "indicateurs.csv", sep=";", index=False)
    load_indicators(con, tmp_path / "indicateurs.csv")
    pd.DataFrame({"code_commune": communes, "Cle maximale": KEY_VALUE.high}).to_csv(
        tmp_path / "cles.csv", sep=";", index=False)
    load_keys(con, tmp_path / "cles.csv")
    template = sample_template(commitment_store.context(con, REGION), COMMITMENTS, seed=19).astype(object)
    template["ktCO₂e"], template["Quantité physique"] = "400 000", ""
    template["Financement (€)"], template["Statut"] = "10 000 000 000", "engagé"
    template.to_csv(tmp_path / "engagements.csv", sep=";", index=False)
    _, report = load_commitments(con, tmp_path / "engagements.csv", REGION, "test")
    assert len(report.added) == COMMITMENTS, report.refused[:3]
    scenario_id = scenarios.create_scenario(con, "region", REGION, "Le plus grand")
    for (lever_id,) in con.execute("SELECT lever_id FROM lever_objectives WHERE territory_code = ? AND NOT "
                                   "edition_disabled", [REGION]).fetchall():
        for field in scenarios.FIELDS:
            scenarios.save_lever_value(con, scenario_id, lever_id, field, AVOIDED_KT.high, None)
    return scenario_id


def _texts(node) -> list[str]:
    """Every string of a layout or a figure, as Dash sends them."""
    if isinstance(node, str):
        return [node]
    if isinstance(node, dict):
        return [text for value in node.values() for text in _texts(value)]
    if isinstance(node, list):
        return [text for value in node for text in _texts(value)]
    return []


def _figures(node) -> list[dict]:
    if isinstance(node, dict):
        found = [node["props"]["figure"]] if isinstance(node.get("props"), dict) and node["props"].get("figure") else []
        return found + [figure for value in node.values() for figure in _figures(value)]
    if isinstance(node, list):
        return [figure for value in node for figure in _figures(value)]
    return []


def _array(values) -> list:
    """A figure's array, plain or typed (plotly's ``{"dtype", "bdata"}``)."""
    if isinstance(values, dict):
        return np.frombuffer(base64.b64decode(values["bdata"]), dtype=values["dtype"]).tolist()
    return list(values)


def _drawn_numbers(figure: dict) -> list:
    """The numbers a figure draws as areas, bars or a gauge: none may be missing (an infinity becomes null)."""
    numbers = []
    for trace in figure.get("data", []):
        if trace.get("type") == "treemap":
            numbers += _array(trace["values"])
        elif trace.get("type") == "indicator":
            numbers += [trace["value"], trace["delta"]["reference"]]
        elif trace.get("type") == "bar":
            numbers += _array(trace["x"] if trace.get("orientation") == "h" else trace["y"])
    return numbers


def _page(client, path: str, search: str) -> list:
    return page_answer(client, path, search)


def test_the_largest_accepted_values_keep_every_total_finite_and_written_as_a_number(real_copy, tmp_path):

    with connect(real_copy) as con:
        scenario_id = _largest_everywhere(con, tmp_path)
        method_id = save_method(con, "Clé maximale", {}, default_key="cle_maximale")
        committed = con.execute("SELECT sum(quantity_kt) FROM commitments").fetchone()[0]
    assert committed == COMMITMENTS * AVOIDED_KT.high and FUNDING_EUR.high == 1e10
    with app_on(real_copy) as (_, client):
        pages = {
            "/": f"?region={REGION}",
            "/ecarts": f"?region={REGION}&scenario={scenario_id}&comparer={scenario_id}",
            "/feuille-de-route": f"?region={REGION}",
            "/feuille-de-route/contributions": f"?region={REGION}",
            "/feuille-de-route/document": f"?region={REGION}",
            "/declinaison": f"?region={REGION}&niveau=departement&methode={method_id}",
            "/diagnostic": f"?region={REGION}&indicateur=production_enr&niveau=epci&annee=2021",
            "/projection": f"?region={REGION}",
        }
        for path, search in pages.items():
            page = _page(client, path, search)
            shown = [text for text in _texts(page) if NOT_A_NUMBER.search(text)]
            assert not shown, (path, shown[:5])
            for figure in _figures(page):
                drawn = _drawn_numbers(figure)
                assert all(isinstance(n, (int, float)) and math.isfinite(n) for n in drawn), (path, drawn[:5])
        exports = [f"leviers.csv?region={REGION}", f"ecarts.csv?region={REGION}",
                   f"scenarios.csv?region={REGION}&comparer={scenario_id}", f"engagements.csv?region={REGION}",
                   f"feuille-de-route.csv?region={REGION}", f"contributions-departement.csv?region={REGION}",
                   f"contributions-crte.csv?region={REGION}",
                   f"declinaison.csv?region={REGION}&niveau=epci&methode={method_id}",
                   f"diagnostic.csv?region={REGION}&indicateur=ges_par_habitant&niveau=region&annee=2021"]
        for export in exports:
            response = client.get(f"/export/{export}")
            assert response.status_code == 200, (export, response.get_data(as_text=True)[:300])
            cells = [cell for line in response.get_data(as_text=True).splitlines() for cell in line.split(";")]
            assert not [cell for cell in cells if NOT_A_NUMBER.search(cell)], export
