"""What happens to a roadmap after a version is frozen, as a new user does it: another vintage of the SGPE panorama,
a key of répartition loaded (then undone)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from domain import commitment_store, scenarios, versions
from domain.split_methods import save_method
from loaders.keys import load_keys
from tests.conftest import SGPE, shared

REGION = "53"
LEVER = "augm_voitelec"
METHOD = "Méthode de la COP"


def freeze_bretagne(con, tmp_path: Path) -> tuple[int, int, int]:
    """Bretagne's roadmap with a commitment, a scenario and the méthode « Parc » for one lever, frozen as
    « présentée en COP » (presented on 14 March 2027): (version, méthode, import of the key)."""
    first = {"territory_level": "region", "territory_code": REGION, "lever_id": LEVER, "carrier": "Région Bretagne",
             "title": "Bornes de recharge", "quantity_kt": 12.5, "start_year": 2025, "end_year": 2028,
             "status": "engagé"}
    commitment_store.create(con, REGION, first, "dreal")
    scenario = scenarios.create_scenario(con, "region", REGION, "Scénario de la COP")
    scenarios.save_lever_value(con, scenario, LEVER, "done_kt", 100.0, 0)
    import_id, key_id = parc_key(con, tmp_path)
    method = save_method(con, METHOD, {LEVER: key_id})
    version = versions.freeze(con, REGION, "présentée en COP", versions.Retained(date(2027, 3, 14), scenario, method),
                              "dreal")
    return version, method, import_id


def another_vintage(tmp_path: Path, factor: float = 1.1) -> Path:
    """The SGPE panorama with every objective multiplied by ``factor``: a later vintage, as a new user would load."""
    rows = json.loads(shared(SGPE).read_text(encoding="utf-8"))
    for row in rows:
        row["objCO2"] = round(row["objCO2"] * factor, 4)
    path = tmp_path / "panorama-2025.json"
    path.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    return path


def parc_key(con, tmp_path: Path) -> tuple[int, str]:
    """A key « Parc » loaded for Bretagne's communes (one commune far above the others): (import, key_id)."""
    communes = [code for (code,) in con.execute(
        "SELECT child_code FROM territory_links WHERE parent_level = 'region' AND parent_code = ? AND"
        " child_level = 'commune' ORDER BY 1", [REGION]).fetchall()]
    lines = [f"{code};{100000 if index == 0 else 1}" for index, code in enumerate(communes)]
    path = tmp_path / "parc.csv"
    path.write_text("code_commune;Parc\n" + "\n".join(lines) + "\n", encoding="utf-8")
    import_id = load_keys(con, path).import_id
    key_id = con.execute("SELECT key_id FROM allocation_keys WHERE label = 'Parc'").fetchone()[0]
    return import_id, key_id
