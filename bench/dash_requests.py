"""Dash callbacks as the browser calls them: found in the app's callback map, posted to /_dash-update-component."""

from __future__ import annotations

import inspect
import json
import os
import subprocess
import sys
from pathlib import Path

import dash
from dash._utils import split_callback_id

from dashboard.serving.validation_layout import callback_name


def python_callbacks(app: dash.Dash) -> dict[str, tuple[str, dict]]:
    """``module.function`` → (callback map key, spec) of every server-side callback of ``app``."""
    return {callback_name(spec["callback"]): (key, spec) for key, spec in app.callback_map.items()
            if "callback" in spec}


def callback_function(app: dash.Dash, name: str):
    """The function of the callback ``name`` (module.function) of ``app``, to call as plain Python."""
    return inspect.unwrap(python_callbacks(app)[name][1]["callback"])


def id_text(pattern: dict) -> str:
    """A dict id as Dash writes it in « id.property » strings."""
    return json.dumps(pattern, sort_keys=True, separators=(",", ":"))


def request_body(spec_key: str, spec: dict, values: dict, trigger: str, match: dict | None = None) -> dict:
    """The JSON the browser posts for this callback: ``values`` maps « id.property » to a value (for an
    ``ALL`` pattern, « type.property » to a list of (id, value)); ``match`` fills ``MATCH`` patterns."""
    def item(dependency: dict, with_value: bool):
        raw, prop = dependency["id"], dependency["property"]
        if not raw.startswith("{"):
            return {"id": raw, "property": prop, **({"value": values.get(f"{raw}.{prop}")} if with_value else {})}
        pattern = json.loads(raw)
        if ["ALL"] in pattern.values():
            return [{"id": i, "property": prop, "value": v} for i, v in values.get(f"{pattern['type']}.{prop}", [])]
        concrete = {k: (match or {}).get(k) if v == ["MATCH"] else v for k, v in pattern.items()}
        return {"id": concrete, "property": prop,
                **({"value": values.get(f"{id_text(concrete)}.{prop}")} if with_value else {})}

    outputs = split_callback_id(spec_key)
    outputs = [item(o, False) for o in (outputs if isinstance(outputs, list) else [outputs])]
    return {"output": spec_key, "outputs": outputs if spec_key.startswith("..") else outputs[0],
            "inputs": [item(d, True) for d in spec["inputs"]], "state": [item(d, True) for d in spec["state"]],
            "changedPropIds": [trigger]}


def post(client, app: dash.Dash, name: str, replay: tuple):
    """Call the callback ``name`` (module.function) with ``replay`` = (trigger, values, MATCH ids)."""
    spec_key, spec = python_callbacks(app)[name]
    trigger, values, match = replay
    return client.post("/_dash-update-component", json=request_body(spec_key, spec, values, trigger, match))


SIGNATURE = """
import json, os, sys
sys.path.insert(0, os.getcwd())
from app import create_app
from dashboard.serving.validation_layout import callback_name
app = create_app()
app.server.test_client().get("/")
print(json.dumps(next({"key": key, "inputs": spec["inputs"], "state": spec["state"]}
                      for key, spec in app.callback_map.items()
                      if "callback" in spec and callback_name(spec["callback"]) == sys.argv[1])))
"""


def callback_signature(root: Path, database: Path, name: str) -> tuple[str, dict]:
    """(callback map key, inputs and states) of the callback ``name`` as the app of the checkout ``root`` declares
    it, read in a process of its own: another checkout (``--reference``) is called as it expects."""
    answer = subprocess.run([sys.executable, "-c", SIGNATURE, name], cwd=root, capture_output=True, text=True,
                            env={**os.environ, "COP_DB": str(database)}, timeout=300, check=True)
    found = json.loads(answer.stdout.strip().splitlines()[-1])
    return found["key"], found
