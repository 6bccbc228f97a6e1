"""A commitment's quantity changed in the detail form or in a cell of the grid: one save
(dashboard/features/roadmap/saving.py) keeps the quantity the editor changed and computes the other with the lever's
factor, in ktCO₂e as in the lever's physical unit (the grid used to refuse a changed physical quantity as
« incohérent » with the ktCO₂e it kept)."""

from __future__ import annotations

import pytest

from bench.dash_requests import post
from dashboard import store
from dashboard.features.roadmap import form as cf
from domain import commitment_store
from domain.commitments import DERIVED_DIGITS, FIELDS, after_edit
from domain.rounding import significant
from tests.conftest import sign_in_team
from tests.roadmap_fixtures import PARAMS

LEVER = "augm_voitelec"  # 0,4677 milliers de véhicules électriques per ktCO₂e in Bretagne
RAW = {"quantity_kt": 10.0, "quantity_phys": 4.677, "title": "Bornes"}


@pytest.mark.parametrize("edited, kept", [
    ({"quantity_kt"}, {"quantity_kt": 10.0, "quantity_phys": None}),
    ({"quantity_phys", "title"}, {"quantity_kt": None, "quantity_phys": 4.677}),
    ({"quantity_kt", "quantity_phys"}, {"quantity_kt": 10.0, "quantity_phys": 4.677}),
    ({"title"}, {"quantity_kt": 10.0, "quantity_phys": 4.677}),
])
def test_the_quantity_changed_alone_wins_and_the_other_is_computed_again(edited, kept):
    assert after_edit(RAW, edited) == {**RAW, **kept}


@pytest.fixture
def stored(client):
    """A commitment of 10 ktCO₂e on ``LEVER`` in the Finistère, the client signed in as the regional team."""
    sign_in_team(client)
    values = {key: None for key in FIELDS} | {
        "territory_level": "departement", "territory_code": "29", "lever_id": LEVER, "carrier": "Finistère",
        "title": "Bornes", "quantity_kt": 10.0, "quantity_phys": 4.677, "start_year": 2025, "end_year": 2028,
        "status": "engagé"}
    number = store.write(commitment_store.create, "53", values, "equipe")
    return store.fetch(commitment_store.get, number)


def save_in_form(app, client, record: dict, field: str, text: str) -> None:
    inputs = cf.inputs_from(record)
    name = next(name for name, (carried, _) in cf.INPUTS.items() if carried == field)
    values = {f"{cf.input_id(n)}.value": value for n, value in {**inputs, name: text}.items()}
    response = post(client, app, "dashboard.pages.roadmap._save", ("roadmap-save.n_clicks", {
        **values, "roadmap-save.n_clicks": 1, "roadmap-params.data": PARAMS, "roadmap-form-base.data": {
            "id": record["commitment_id"], "version": record["version"], "inputs": inputs}}, None))
    assert response.status_code == 200 and "(version 2)" in response.text, response.text[:500]


def save_in_grid(app, client, record: dict, field: str, text: str) -> None:
    row = {key: str(value) if hasattr(value, "isoformat") else value for key, value in record.items()}
    response = post(client, app, "dashboard.pages.roadmap._edit_cell", ("roadmap-grid.cellValueChanged", {
        "roadmap-grid.cellValueChanged": [{"colId": field, "value": text, "data": {**row, field: text}}],
        "roadmap-params.data": PARAMS}, None))
    assert response.status_code == 200 and "(version 2)" in response.text, response.text[:500]


@pytest.mark.parametrize("save", [save_in_form, save_in_grid], ids=["formulaire", "tableau"])
@pytest.mark.parametrize("field, text, kt, phys", [
    ("quantity_kt", "20", 20.0, significant(20 * 0.4677, DERIVED_DIGITS)),
    ("quantity_phys", "9,354", significant(9.354 / 0.4677, DERIVED_DIGITS), 9.354),
])
def test_a_quantity_changed_in_the_form_or_the_grid_gives_the_other_with_the_lever_s_factor(
        app, client, stored, save, field, text, kt, phys):
    save(app, client, stored, field, text)
    saved = store.fetch(commitment_store.get, stored["commitment_id"])
    assert (saved["version"], saved["quantity_kt"], saved["quantity_phys"]) == (2, kt, phys)
