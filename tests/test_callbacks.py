"""The callback convention (docs/architecture.md, « Ajouter un rappel »), checked on the source and on the app.

On the source (``ast``): no module uses Dash's module-level ``dash.callback`` or ``dash.clientside_callback``;
callbacks are declared only inside a module's ``register(app)``; every module that declares some is in the
registry (``dashboard/callbacks.py``), and the registry lists only such modules. Each rule is shown to fail on a
tree where it is broken (``PLANTED``). On the app: two apps built in one process have the same callbacks, and a
callback with more than three outputs names them.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from dash._grouping import grouping_len

from bench.dash_requests import callback_name

ROOT = Path(__file__).resolve().parent.parent
REGISTRY = "dashboard/callbacks.py"
DECLARING = {"callback", "clientside_callback"}  # app.callback, app.clientside_callback
MOST_POSITIONAL = 3  # outputs a callback may return as a tuple; more are named (a dict)


def sources(root: Path) -> dict[str, Path]:
    """The app's modules by dotted name: dashboard/ and app.py."""
    paths = [root / "app.py"] if (root / "app.py").exists() else []
    paths += sorted((root / "dashboard").rglob("*.py"))
    found = {}
    for path in paths:
        parts = path.relative_to(root).with_suffix("").parts
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def _declarations(tree: ast.Module) -> tuple[list[int], list[int]]:
    """(lines of callbacks declared inside the module's ``register``, lines of those declared anywhere else)."""
    inside = {node for statement in tree.body if isinstance(statement, ast.FunctionDef)
              and statement.name == "register" for node in ast.walk(statement)}
    within, outside = [], []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in DECLARING:
            (within if node in inside else outside).append(node.lineno)
    return within, outside


def registered(root: Path, known: dict[str, Path]) -> set[str]:
    """The modules that the registry imports in ``modules()``, to call their ``register``."""
    listing = next(node for node in ast.parse((root / REGISTRY).read_text()).body
                   if isinstance(node, ast.FunctionDef) and node.name == "modules")
    found = set()
    for node in ast.walk(listing):
        if isinstance(node, ast.ImportFrom) and node.module:
            found |= {f"{node.module}.{alias.name}" if f"{node.module}.{alias.name}" in known else node.module
                      for alias in node.names}
    return found


def problems(root: Path) -> list[str]:
    """What in the tree at ``root`` breaks the callback convention, one sentence each; empty when nothing does."""
    known = sources(root)
    found, declaring = [], set()
    for module, path in known.items():
        tree = ast.parse(path.read_text(), str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module == "dash":
                for alias in node.names:
                    if alias.name in DECLARING:
                        found.append(f"{module} (line {node.lineno}) imports dash.{alias.name}: declare callbacks "
                                     f"with app.{alias.name} in the module's register(app)")
            elif (isinstance(node, ast.Attribute) and node.attr in DECLARING and isinstance(node.value, ast.Name)
                  and node.value.id == "dash"):
                found.append(f"{module} (line {node.lineno}) uses dash.{node.attr}: declare callbacks with "
                             f"app.{node.attr} in the module's register(app)")
        within, outside = _declarations(tree)
        found += [f"{module} (line {line}) declares a callback outside its register(app)" for line in outside
                  if not any(f"(line {line}) uses dash." in problem for problem in found)]
        if within:
            declaring.add(module)
    listed = registered(root, known)
    found += [f"{module} declares callbacks but is not in the registry ({REGISTRY})"
              for module in sorted(declaring - listed)]
    found += [f"{module} is in the registry ({REGISTRY}) but declares no callback in a register(app)"
              for module in sorted(listed - declaring)]
    return found


def test_every_callback_is_declared_in_a_register_function_that_the_registry_calls():
    assert problems(ROOT) == []


CLEAN = {
    "dashboard/__init__.py": "",
    "dashboard/callbacks.py": """
        def modules():
            from dashboard.features.gaps import panel
            from dashboard.pages import gaps

            return (gaps, panel)


        def register_all(app):
            for module in modules():
                module.register(app)
        """,
    "dashboard/pages/__init__.py": "",
    "dashboard/pages/gaps.py": """
        import dash
        from dash import Input, Output

        dash.register_page(__name__, path="/ecarts")


        def register(app):
            @app.callback(Output("gaps-out", "children"), Input("gaps-in", "value"))
            def _show(value):
                return value

            app.clientside_callback("function(v) { return v; }", Output("gaps-copy", "children"),
                                    Input("gaps-in", "value"))
        """,
    "dashboard/features/__init__.py": "",
    "dashboard/features/gaps/__init__.py": "",
    "dashboard/features/gaps/panel.py": """
        from dash import Input, Output


        def register(app):
            app.callback(Output("gaps-panel", "children"), Input("gaps-in", "value"))(str)
        """,
    "app.py": """
        from dashboard import callbacks


        def create_app(app):
            callbacks.register_all(app)
        """,
}
MODULE_LEVEL = "\n\n@callback(Output('gaps-b', 'children'), Input('gaps-in', 'value'))\ndef _b(v):\n    return v\n"
PLANTED = {
    "dash.callback at a module's top level": (
        "dashboard/pages/gaps.py", "\nfrom dash import callback" + MODULE_LEVEL, "imports dash.callback"),
    "dash.clientside_callback called by its module": (
        "dashboard/features/gaps/panel.py", "\nimport dash\n\ndash.clientside_callback('f', Output('a', 'title'), "
                                            "Input('b', 'n_clicks'))\n", "uses dash.clientside_callback"),
    "app.callback outside register": (
        "dashboard/pages/gaps.py", "\n\ndef install(app):\n    app.callback(Output('a', 'title'), "
                                   "Input('b', 'n_clicks'))(str)\n",
        "dashboard.pages.gaps (line 17) declares a callback outside its register(app)"),
    "a module missing from the registry": (
        "dashboard/features/split/panel.py", "def register(app):\n    app.clientside_callback('f')\n",
        "dashboard.features.split.panel declares callbacks but is not in the registry"),
    "a registered module without callbacks": (
        "dashboard/features/gaps/panel.py", None, "dashboard.features.gaps.panel is in the registry (dashboard/"
                                                  "callbacks.py) but declares no callback"),
}


def _tree(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(textwrap.dedent(text).lstrip())
    return root


def test_a_tree_that_keeps_the_convention_has_no_problem(tmp_path):
    assert problems(_tree(tmp_path, CLEAN)) == []


@pytest.mark.parametrize("planted", PLANTED, ids=list(PLANTED))
def test_a_planted_violation_is_found(tmp_path, planted):
    name, text, said = PLANTED[planted]
    root = _tree(tmp_path, CLEAN)
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if text is None:
        path.write_text("def register(app):\n    return None\n")
    else:
        path.write_text((path.read_text() if path.exists() else "") + text)
    found = problems(root)
    assert len(found) == 1 and said in found[0], found


# --- the callbacks of the apps built ------------------------------------------------------------------------

TWO_APPS = """
import json, sys
from app import create_app
from tests.test_callbacks import callback_map

maps = []
for _ in range(2):
    app = create_app()
    assert app.server.test_client().get("/").status_code == 200  # Dash's router joins the map at the first request
    maps.append(callback_map(app))
json.dump(maps, sys.stdout)
"""


def callback_map(app) -> dict[str, str]:
    """Each callback's outputs → its name (« clientside » for one that runs in the browser)."""
    return {key: callback_name(spec["callback"]) if "callback" in spec else "clientside"
            for key, spec in app.callback_map.items()}


def test_two_apps_built_in_one_process_have_the_same_callbacks(demo_db, monkeypatch):
    """In a fresh process, so that no app built by another test has emptied Dash's global list first."""
    monkeypatch.setenv("COP_DB", str(demo_db))
    built = subprocess.run([sys.executable, "-c", TWO_APPS], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert built.returncode == 0, built.stderr[-2000:]
    first, second = json.loads(built.stdout)
    assert second == first
    assert {"dashboard.pages.gaps._edit_lever", "dashboard.features.gaps.scenario_name._rename",
            "dashboard.features.gaps.scenario_history._refresh"} <= set(first.values())
    assert first["..site-menu-toggle.aria-expanded...site-menu.className.."] == "clientside"  # the frame's menu


def test_a_callback_with_more_than_three_outputs_names_them(app):
    """Clientside callbacks excepted: Dash gives a browser function its outputs by position only."""
    server_side = {callback_name(spec["callback"]): spec["outputs_indices"] for spec in app.callback_map.values()
                   if "callback" in spec}
    positional = {name: grouping_len(outputs) for name, outputs in server_side.items()
                  if not isinstance(outputs, dict) and grouping_len(outputs) > MOST_POSITIONAL}
    assert positional == {}, "output=dict(nom=Output(…), …) : ces rappels renvoient plus de trois sorties en tuple"
    assert {name for name, outputs in server_side.items() if isinstance(outputs, dict)} >= {
        "dashboard.pages.roadmap._save", "dashboard.pages.gaps._edit_lever", "dashboard.pages.split._update"}
