"""The architecture, checked on the source: the import graph is drawn from every module's ``import`` statements
(``ast``: nothing is imported, no app is built), then each arrow is held against the layers.

Layers, from the bottom (docs/architecture.md draws them): ``domain`` (the rules) ← ``data`` (schema, database
file, demo recipe) ← ``loaders`` ← what the pages share in ``dashboard/`` (access, serving, store, figures,
components…) ← ``dashboard/features/<feature>`` ← ``dashboard/pages`` ← the callback registry
(``dashboard/callbacks.py``) ← ``app.py`` and ``gunicorn.conf.py`` ← ``bench``. An arrow goes down or stays in
its layer, never up. Besides: a feature imports no other feature and a page no other page; pages and features
read the database only through the store (no ``data``); no module imports itself back through others (a cycle);
only the write gate calls ``store.write`` (and the exceptions of ``OTHER_WRITERS``, each with its reason); no
module is over 400 lines (tests excepted).

Each rule is shown to fail on a tree where it is broken (``PLANTED``), so that a rule that could never fail
would be seen.
"""

from __future__ import annotations

import ast
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHECKED = ("domain", "data", "loaders", "dashboard", "bench")  # folders; app.py and gunicorn.conf.py besides
TOP_FILES = ("app.py", "gunicorn.conf.py")
LAYERS = ("domain", "data", "loaders", "shared", "feature", "page", "registry", "app", "bench")  # bottom first
REGISTRY = {"dashboard.callbacks"}  # above the pages and features whose callbacks it gives to the app
LONGEST = 400
GATE = "dashboard.access.gate"
STORE = "dashboard.store"
WRITES = {"write", "write_own"}
# Who may call store.write besides the gate, and why: these writes happen before there is a signed-in account
# whose role the gate could check (dashboard/access/gate.py says the same).
OTHER_WRITERS = {
    "dashboard.access.auth": "signing in and out records the session of the account that proves its password",
    "dashboard.features.accounts.routes": "accepting an invitation or choosing one's own password is proven by the "
                                          "invitation's secret or the current password, not by a session",
}


@dataclass(frozen=True)
class Arrow:
    source: str
    target: str
    line: int
    typing_only: bool  # under ``if TYPE_CHECKING:``: never run, so never part of a cycle


def modules(root: Path) -> dict[str, Path]:
    """Every checked module by dotted name (a package by its own name, not ``….__init__``)."""
    paths = [root / name for name in TOP_FILES if (root / name).exists()]
    paths += [path for folder in CHECKED if (root / folder).is_dir() for path in sorted((root / folder).rglob("*.py"))]
    found = {}
    for path in paths:
        parts = path.relative_to(root).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def layer(module: str) -> str:
    top = module.split(".")[0]
    if top in ("domain", "data", "loaders", "bench"):
        return top
    if top in ("app", "gunicorn"):
        return "app"
    if module in REGISTRY:
        return "registry"
    if module.startswith("dashboard.pages."):
        return "page"
    if module.startswith("dashboard.features."):
        return "feature"
    return "shared"


def feature(module: str) -> str | None:
    """``dashboard.features.gaps.charts`` → ``gaps``; None outside the features."""
    parts = module.split(".")
    return parts[2] if parts[:2] == ["dashboard", "features"] and len(parts) > 2 else None


def _typing_nodes(tree: ast.AST) -> set[ast.AST]:
    """The statements under ``if TYPE_CHECKING:``."""
    inside = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for statement in node.body:
                inside.update(ast.walk(statement))
    return inside


def arrows(root: Path, known: dict[str, Path]) -> list[Arrow]:
    """Every import of a checked module by another, wherever it stands (a function's imports count)."""
    found = []
    for source, path in known.items():
        tree = ast.parse(path.read_text(), str(path))
        typing = _typing_nodes(tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                targets = [f"{node.module}.{alias.name}" if f"{node.module}.{alias.name}" in known else node.module
                           for alias in node.names]
            else:
                continue
            for target in targets:
                while target not in known and "." in target:
                    target = target.rsplit(".", 1)[0]
                if target in known and target != source:
                    found.append(Arrow(source, target, node.lineno, node in typing))
    return list(dict.fromkeys(found))


def store_writes(known: dict[str, Path]) -> list[tuple[str, int]]:
    """(module, line) of every call of ``store.write`` or ``store.write_own`` by the app (the benchmark, which
    prepares its data as it likes, is no part of it)."""
    found = []
    for module, path in known.items():
        if module == STORE or layer(module) == "bench":
            continue
        tree = ast.parse(path.read_text())
        imported = {alias.asname or alias.name for node in ast.walk(tree)
                    if isinstance(node, ast.ImportFrom) and node.module == STORE
                    for alias in node.names if alias.name in WRITES}
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            called = node.func
            if (isinstance(called, ast.Attribute) and called.attr in WRITES and isinstance(called.value, ast.Name)
                    and called.value.id == "store") or (isinstance(called, ast.Name) and called.id in imported):
                found.append((module, node.lineno))
    return found


def cycles(known: dict[str, Path], graph: list[Arrow]) -> list[list[str]]:
    """The groups of modules that import one another round (Tarjan's strongly connected components)."""
    following: dict[str, set[str]] = {module: set() for module in known}
    for arrow in graph:
        if not arrow.typing_only:
            following[arrow.source].add(arrow.target)
    index: dict[str, int] = {}
    lowest: dict[str, int] = {}
    stack: list[str] = []
    groups = []

    def visit(module: str) -> None:
        index[module] = lowest[module] = len(index)
        stack.append(module)
        for target in sorted(following[module]):
            if target not in index:
                visit(target)
                lowest[module] = min(lowest[module], lowest[target])
            elif target in stack:
                lowest[module] = min(lowest[module], index[target])
        if lowest[module] == index[module]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == module:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for module in sorted(known):
        if module not in index:
            visit(module)
    return groups


def problems(root: Path) -> list[str]:
    """What in the tree at ``root`` breaks the architecture, one sentence each; empty when nothing does."""
    known = modules(root)
    graph = arrows(root, known)
    found = []
    for arrow in graph:
        where = f"{arrow.source} (line {arrow.line}) imports {arrow.target}"
        source, target = layer(arrow.source), layer(arrow.target)
        if LAYERS.index(target) > LAYERS.index(source):
            found.append(f"{where}: a {source} module may not import a {target} module (an arrow going up)")
        elif source == target == "feature" and feature(arrow.source) != feature(arrow.target):
            found.append(f"{where}: a feature imports no other feature; move the shared rule to domain/ or to a "
                         f"shared package of dashboard/")
        elif source == target == "page":
            found.append(f"{where}: a page imports no other page")
        elif source in ("page", "feature") and target == "data":
            found.append(f"{where}: pages and features read the database only through the store (dashboard.store)")
    found += [f"import cycle: {' → '.join(group)}" for group in cycles(known, graph)]
    for module, line in store_writes(known):
        if module != GATE and module not in OTHER_WRITERS:
            found.append(f"{module} (line {line}) calls store.write: every write of the app goes through the gate "
                         f"({GATE}.write), or is listed in OTHER_WRITERS with its reason")
    for path in known.values():
        lines = len(path.read_text().splitlines())
        if lines > LONGEST:
            found.append(f"{path.relative_to(root)} has {lines} lines: split it along what it holds "
                         f"(at most {LONGEST})")
    return found


def test_the_code_keeps_its_architecture():
    assert problems(ROOT) == []


def test_each_exception_to_the_gate_still_writes_and_the_gate_does():
    """A module that stopped writing leaves OTHER_WRITERS: the list names only what it must."""
    writers = {module for module, _ in store_writes(modules(ROOT))}
    assert writers == {GATE, *OTHER_WRITERS}


def test_the_layers_are_those_of_the_folders():
    assert {module: layer(module) for module in modules(ROOT) if module in (
        "domain.levers", "data.db", "loaders.sgpe", "dashboard.store", "dashboard.access.gate", "dashboard.errors",
        "dashboard.features.gaps.charts", "dashboard.pages.gaps", "dashboard.callbacks", "app", "gunicorn.conf",
        "bench.run")} == {
        "domain.levers": "domain", "data.db": "data", "loaders.sgpe": "loaders", "dashboard.store": "shared",
        "dashboard.access.gate": "shared", "dashboard.errors": "shared", "dashboard.features.gaps.charts": "feature",
        "dashboard.pages.gaps": "page", "dashboard.callbacks": "registry", "app": "app", "gunicorn.conf": "app",
        "bench.run": "bench"}


# --- each rule fails on a tree that breaks it ----------------------------------------------------------------

CLEAN = {
    "domain/__init__.py": "",
    "domain/rule.py": "def rule(x):\n    return x\n",
    "data/__init__.py": "",
    "data/db.py": "from domain.rule import rule\n",
    "loaders/__init__.py": "",
    "loaders/sgpe.py": "from data.db import rule\nfrom domain import rule as r\n",
    "dashboard/__init__.py": "",
    "dashboard/store/__init__.py": "from data import db\n\ndef write(action):\n    return action()\n",
    "dashboard/access/__init__.py": "",
    "dashboard/access/gate.py": "from dashboard import store\n\ndef write(action):\n    return store.write(action)\n",
    "dashboard/access/auth.py": "from dashboard import store\n\nstore.write(print)\n",
    "dashboard/tables.py": "from typing import TYPE_CHECKING\n\n"
                           "if TYPE_CHECKING:\n    from dashboard.reading import x\n",
    "dashboard/reading.py": "from dashboard import tables\n",
    "dashboard/features/__init__.py": "",
    "dashboard/features/accounts/__init__.py": "",
    "dashboard/features/accounts/routes.py": "from dashboard.store import write\n\nwrite(print)\n",
    "dashboard/features/gaps/__init__.py": "",
    "dashboard/features/gaps/charts.py": "from dashboard.features.gaps import tables\n"
                                         "from dashboard.access import gate\n",
    "dashboard/features/gaps/tables.py": "from domain import rule\nfrom loaders import sgpe\n",
    "dashboard/features/split/__init__.py": "",
    "dashboard/features/split/tables.py": "from dashboard import store\n",
    "dashboard/pages/__init__.py": "",
    "dashboard/pages/gaps.py": "from dashboard.features.gaps import charts\n"
                               "from dashboard.features.split import tables\n",
    "dashboard/callbacks.py": "def modules():\n    from dashboard.pages import gaps\n    return (gaps,)\n",
    "app.py": "from dashboard import callbacks\nfrom dashboard.pages import gaps\n",
    "bench/__init__.py": "",
    "bench/run.py": "import app\nfrom data import db\n",
}
PLANTED = {
    "an arrow going up": ("domain/rule.py", "from dashboard import tables\n",
                          "a domain module may not import a shared"),
    "loaders importing the web app": ("loaders/sgpe.py", "from dashboard.tables import Table\n",
                                      "a loaders module may not import a shared"),
    "a feature importing another": ("dashboard/features/gaps/tables.py",
                                    "from dashboard.features.split import tables\n",
                                    "a feature imports no other feature"),
    "a page importing another": ("dashboard/pages/split.py", "from dashboard.pages import gaps\n",
                                 "a page imports no other page"),
    "a page importing the registry": ("dashboard/pages/split.py", "from dashboard import callbacks\n",
                                      "a page module may not import a registry module"),
    "a page reading data.db": ("dashboard/pages/split.py", "from data.db import connect\n", "only through the store"),
    "a feature reading data.db": ("dashboard/features/split/charts.py", "import data.db\n", "only through the store"),
    "a cycle": ("dashboard/tables.py", "from dashboard import reading\n", "import cycle: dashboard.reading → "),
    "a write outside the gate": ("dashboard/features/split/methods.py",
                                 "from dashboard import store\n\n\ndef save(x):\n    store.write(print, x)\n",
                                 "dashboard.features.split.methods (line 5) calls store.write"),
    "a write imported by name": ("dashboard/features/split/methods.py",
                                 "from dashboard.store import write as w\n\nw(1)\n",
                                 "dashboard.features.split.methods (line 3) calls store.write"),
    "a long module": ("dashboard/features/split/long.py", "x = 1\n" * (LONGEST + 1), "has 401 lines"),
}


def _tree(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(textwrap.dedent(text))
    return root


def test_a_tree_that_keeps_the_rules_has_no_problem(tmp_path):
    """Arrows down, a feature using its own modules and the shared ones, a page using two features, a cycle
    only under TYPE_CHECKING, the gate and the two listed writers calling store.write, 400 lines: all allowed."""
    root = _tree(tmp_path, {**CLEAN, "dashboard/features/gaps/long.py": "x = 1\n" * LONGEST})
    assert problems(root) == []


@pytest.mark.parametrize("planted", PLANTED, ids=list(PLANTED))
def test_a_planted_violation_is_found(tmp_path, planted):
    name, text, said = PLANTED[planted]
    root = _tree(tmp_path, CLEAN)
    (root / name).write_text((root / name).read_text() + text if (root / name).exists() else text)
    found = problems(root)
    assert len(found) == 1 and said in found[0], found
