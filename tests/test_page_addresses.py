"""Each page's parameters are declared once (dashboard/page_states.py) and written back to the address through
dashboard/state.py: no module of ``dashboard/`` builds a query string by hand (checked on the source, ``ast``, with
planted violations), and every page state survives the round trip query → state → link → state, hostile values
falling back to the parameter's default.
"""

from __future__ import annotations

import ast
import re
import textwrap
from dataclasses import fields
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest

from dashboard import page_states
from dashboard.page_states import (
    ALL_SECTORS,
    AccountsState,
    DiagnosticState,
    GapsState,
    MeetingDocumentState,
    MeetingState,
    OverviewState,
    ProcessState,
    ProcessTerritoryState,
    ProjectionState,
    RoadmapState,
    SplitState,
)
from dashboard.state import LONGEST, PageState, href

ROOT = Path(__file__).resolve().parent.parent
ALLOWED = {"dashboard/state.py"}  # the one module that writes a query
QUERY_FUNCTIONS = {"urlencode", "parse_qs", "parse_qsl"}
PARAMETER = re.compile(r"[?&][A-Za-z_][A-Za-z0-9_]*=")


def _docstrings(tree: ast.Module) -> set[int]:
    """The ids of the docstrings' nodes: a docstring may show an address."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
    return found


def _opens_query(text: str) -> bool:
    """A literal piece that a value is glued to after a ``?`` or ``&`` (``f"{path}?{query}"``, ``"?" + …``)."""
    return text.endswith(("?", "&")) and not text[:-1].endswith((" ", "\u00a0", "\u202f"))


def problems(root: Path) -> list[str]:
    """Every hand-built query string of ``root/dashboard``, one sentence each."""
    found = []
    for path in sorted((root / "dashboard").rglob("*.py")):
        name = path.relative_to(root).as_posix()
        if name in ALLOWED:
            continue
        tree = ast.parse(path.read_text(), name)
        docstrings = _docstrings(tree)
        docstrings |= {id(part) for node in ast.walk(tree) if isinstance(node, ast.JoinedStr) for part in node.values}
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module == "urllib.parse":
                found += [f"{name} (line {node.lineno}) imports {alias.name}: write the address through "
                          "dashboard/state.py" for alias in node.names if alias.name in QUERY_FUNCTIONS]
            elif isinstance(node, ast.Attribute) and node.attr in QUERY_FUNCTIONS:
                found.append(f"{name} (line {node.lineno}) calls {node.attr}: write the address through "
                             "dashboard/state.py")
            elif isinstance(node, ast.JoinedStr):
                parts = node.values
                for index, part in enumerate(parts):
                    if not (isinstance(part, ast.Constant) and isinstance(part.value, str)):
                        continue
                    glued = index + 1 < len(parts) and _opens_query(part.value)
                    if PARAMETER.search(part.value) or glued:
                        found.append(f"{name} (line {node.lineno}) builds a query string in an f-string")
                        break
            elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
                left = node.left
                if isinstance(left, ast.Constant) and isinstance(left.value, str) and _opens_query(left.value):
                    found.append(f"{name} (line {node.lineno}) glues a query string with +")
            elif (isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
                  and PARAMETER.search(node.value)):
                found.append(f"{name} (line {node.lineno}) writes a query string in a literal")
    return found


def test_no_module_builds_a_query_string_by_hand():
    assert problems(ROOT) == []


PLANTED = {
    "an f-string with a parameter": 'def link(region):\n    return f"/ecarts?region={region}"\n',
    "an f-string gluing a query": 'def link(path, query):\n    return f"{path}?{query}"\n',
    "a question mark glued with +": 'def link(query):\n    return "?" + query\n',
    "a literal query": 'LINK = "/feuille-de-route?carte=crte"\n',
    "urlencode imported": 'from urllib.parse import urlencode\n',
    "urllib.parse.urlencode called": 'import urllib.parse\n\nQUERY = urllib.parse.urlencode({"a": 1})\n',
}
CLEAN = '''"""A module that links as it should: ``/ecarts?region=53`` in a docstring is fine."""

from dashboard.state import href

QUESTION = "Supprimer ce scénario ?"
LINK = href("/ecarts", region="53")
'''


def _tree(root: Path, text: str) -> Path:
    (root / "dashboard").mkdir(parents=True, exist_ok=True)
    (root / "dashboard" / "page.py").write_text(textwrap.dedent(text))
    return root


def test_a_module_that_links_through_the_state_has_no_problem(tmp_path):
    assert problems(_tree(tmp_path, CLEAN)) == []


@pytest.mark.parametrize("planted", PLANTED, ids=list(PLANTED))
def test_a_planted_hand_built_query_string_is_found(tmp_path, planted):
    found = problems(_tree(tmp_path, CLEAN + "\n" + PLANTED[planted]))
    assert len(found) == 1 and found[0].startswith("dashboard/page.py"), found


# --- the page states ------------------------------------------------------------------------------------------

STATES = [cls for cls in vars(page_states).values() if isinstance(cls, type) and issubclass(cls, PageState)]
FULL = {
    OverviewState: OverviewState(region="53", view="thematique", version="4"),
    GapsState: GapsState(region="84", view="thematique", trajectory="tout", scenario=12, compared="3,4", deleted=7,
                        version="4"),
    DiagnosticState: DiagnosticState(region="53", theme="Climat", indicator="ges_par_habitant", level="epci",
                                     year=2021, territory="epci:243500139", compared="35238"),
    SplitState: SplitState(region="53", level="departement", scope="Transports", unit="kt", method="2",
                           compared="1", sort="nom", code="29", version="4"),
    RoadmapState: RoadmapState(region="53", territory="departement:29", sector="Transports", map="crte",
                                 version="4"),
    ProjectionState: ProjectionState(region="00", screen=3, read_only="1", came_from="/ecarts"),
    AccountsState: AccountsState(account="alice"),
    ProcessState: ProcessState(region="53", level="departement"),
    ProcessTerritoryState: ProcessTerritoryState(region="53", level="crte", code="crte-29-1"),
    MeetingState: MeetingState(region="53", meeting=12, territory="crte:crte-29-1", version=3),
    MeetingDocumentState: MeetingDocumentState(meeting=12, document="releve"),
}


def test_every_page_state_is_tested():
    assert {cls.__name__ for cls in STATES} >= {cls.__name__ for cls in FULL}
    assert all(cls.PATH.startswith("/") for cls in STATES if cls not in (PageState, page_states.VersionedState))


@pytest.mark.parametrize("state", [*FULL.values(), *(cls() for cls in STATES)], ids=repr)
def test_a_state_survives_the_round_trip_query_link_state(state):
    link = state.href()
    address = urlsplit(link)
    assert address.path == type(state).PATH
    assert type(state).from_query(dict(parse_qsl(address.query))) == state
    assert type(state).from_search(state.search()) == state
    assert type(state).from_query(state.query()) == state


def test_a_default_value_stays_out_of_the_address():
    assert RoadmapState(region="53").href() == "/feuille-de-route?region=53"
    assert RoadmapState(region="53", sector=ALL_SECTORS, map="departement").href() == "/feuille-de-route?region=53"
    assert OverviewState().href() == "/"


HOSTILE = ["x" * (LONGEST + 1), "53\n", "\u0000", "٣", "¹", "12\u200b", "1e3", "-4", "9" * 10]


@pytest.mark.parametrize("value", HOSTILE, ids=repr)
def test_a_hostile_value_falls_back_to_the_default(value):
    gaps = GapsState.from_query({"scenario": value, "supprime": value, "vue": value})
    assert (gaps.scenario, gaps.deleted, gaps.view) == (None, None, "secteur")
    assert ProjectionState.from_query({"ecran": value}).screen is None
    assert OverviewState.from_query({"vue": value}).view == "secteur"
    meeting = MeetingState.from_query({"reunion": value, "version": value})
    assert (meeting.meeting, meeting.version) == (None, None)
    assert ProcessState.from_query({"niveau": value}).level == "crte"
    assert MeetingDocumentState.from_query({"document": value}).document is None


def test_non_ascii_digits_are_not_a_number():
    """``"٣".isdigit()`` is true and ``int("٣")`` is 3: a number parameter is read from ASCII digits only."""
    assert GapsState.from_query({"scenario": "١٢"}).scenario is None
    assert GapsState.from_query({"scenario": "12"}).scenario == 12


def test_an_unknown_region_is_kept_for_the_page_to_refuse_and_an_overlong_one_is_dropped():
    assert PageState.from_query({"region": "99"}).region == "99"  # the chooser says no region has this code
    assert PageState.from_query({"region": "9" * 21}).region is None
    assert PageState.from_query({"region": ["53"]}).region is None  # not text


def test_parameters_of_other_pages_are_ignored_and_each_query_name_is_declared_once_per_state():
    assert OverviewState.from_query({"region": "53", "scenario": "4", "vue": "thematique"}) == OverviewState(
        region="53", view="thematique")
    for cls in STATES:
        names = [spec.metadata["query"] for spec in fields(cls)]
        assert len(names) == len(set(names)), cls


def test_a_link_keeps_the_shared_state_and_drops_empty_parameters():
    state = GapsState.from_query({"region": "53", "scenario": "4"})
    assert state.shared() == PageState(region="53")
    assert href("/donnees", state.shared()) == "/donnees?region=53"
    assert href("/connexion", suivant="/ecarts?region=53", vide="") == "/connexion?suivant=/ecarts%3Fregion%3D53"
    assert href("/donnees", PageState.from_query({"region": ""})) == "/donnees"
