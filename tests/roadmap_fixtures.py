"""The app on a copy of the real data with two editor accounts and a few commitments; Dash callbacks over HTTP."""

from __future__ import annotations

import shutil

import pytest
import requests
from dash._utils import split_callback_id

from dashboard.page_states import RoadmapState
from data.commitment_samples import sample_template
from data.db import connect, migrate
from domain import commitment_store
from domain.users import save_user
from loaders.commitments import load_commitments
from tests.conftest import running_app

PASSWORDS = {"alice": "motdepasse-alice", "bob": "motdepasse-bob"}
FRESH_REGION = "52"  # Pays de la Loire: no commitment at the start, for the browser flow
# The region's roadmap view, and a valid commitment form, as the page's callbacks receive them.
PARAMS = RoadmapState(region="53", territory="region:53").stored()
FORM = {"roadmap-f-territory.value": "departement:29", "roadmap-f-territories.value": "",
        "roadmap-f-lever.value": "augm_voitelec", "roadmap-f-objectives.value": "", "roadmap-f-theme.value": None,
        "roadmap-f-carrier.value": "Conseil départemental du Finistère", "roadmap-f-carrier-party.value": None,
        "roadmap-f-title.value": "Bornes de recharge",
        "roadmap-f-description.value": "", "roadmap-f-quantity-kt.value": "12,5", "roadmap-f-quantity-phys.value": "",
        "roadmap-f-start.value": 2025, "roadmap-f-end.value": 2028, "roadmap-f-status.value": "engagé",
        "roadmap-f-maturity.value": None, "roadmap-f-cost.value": "", "roadmap-f-contact.value": "",
        "roadmap-params.data": PARAMS}


def financing_rows(lines: list[dict]) -> dict:
    """The form's financing rows (features/roadmap/financing_form.py) as ``bench.dash_requests.post`` sends them:
    « type.property » → [(id, value)] per column."""
    from dashboard.features.roadmap.financing_form import row_id
    from domain.financing_lines import COLUMNS
    return {f"{row_id(column, 0)['type']}.value": [(row_id(column, i), line.get(column)) for i, line in
                                                   enumerate(lines)] for column in COLUMNS}


@pytest.fixture(scope="module")
def roadmap_app(real_db, tmp_path_factory):
    """(url, database path): the served app (gunicorn) on a copy of the real data, accounts alice and bob,
    12 commitments."""
    folder = tmp_path_factory.mktemp("roadmap")
    path = folder / "cop.duckdb"
    shutil.copy(real_db, path)
    with connect(path) as con:
        migrate(con)
        for name, password in PASSWORDS.items():
            save_user(con, name, password, name.capitalize())
        sample_template(commitment_store.context(con, "53"), 12, seed=3).to_csv(folder / "e.csv", sep=";", index=False)
        load_commitments(con, folder / "e.csv", "53", "dreal")
    with running_app(path) as url:
        yield url, path


def signed_in(url: str, username: str) -> requests.Session:
    session = requests.Session()
    response = session.post(f"{url}/connexion", data={"identifiant": username, "mot_de_passe": PASSWORDS[username]},
                            allow_redirects=False)
    assert response.status_code == 302, response.text
    return session


def call(session: requests.Session, url: str, trigger: str, values: dict) -> requests.Response:
    """POST to /_dash-update-component as the browser does, for the callback triggered by ``trigger`` (id.prop).

    ``values``: id.prop → value for the callback's inputs and states (None when not given).
    """
    dependencies = session.get(f"{url}/_dash-dependencies").json()
    callback = next(c for c in dependencies
                    if any(f"{i['id']}.{i['property']}" == trigger for i in c["inputs"]))
    outputs = split_callback_id(callback["output"])

    def items(kind):
        return [{"id": i["id"], "property": i["property"], "value": values.get(f"{i['id']}.{i['property']}")}
                for i in callback[kind]]

    body = {"output": callback["output"], "outputs": outputs if isinstance(outputs, list) else outputs,
            "inputs": items("inputs"), "state": items("state"), "changedPropIds": [trigger]}
    return session.post(f"{url}/_dash-update-component", json=body)
