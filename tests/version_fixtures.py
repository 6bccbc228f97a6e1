"""What happens to a roadmap after a version is frozen, as a new user does it: another vintage of the SGPE panorama,
a key of répartition loaded (then undone)."""

from __future__ import annotations

import json
from pathlib import Path

from loaders.keys import load_keys
from tests.conftest import SGPE, shared

REGION = "53"
LEVER = "augm_voitelec"


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
