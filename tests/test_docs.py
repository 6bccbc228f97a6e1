"""The documentation cannot drift from the code: every command that the README and docs/ show is exercised.

- ``sh`` blocks: each ``make`` target exists and ``make -n`` accepts it; each ``python -m loaders`` command runs
  for real, in reading order, on a temporary database — the README's on an empty one, each file of docs/ on a
  copy of the database the README built — with the files of ../shared/data and docs/exemples/; ``python -m``
  names modules (and benchmark topics) that exist; the backup script runs and copies the whole database;
  ``curl`` asks the app. A command of another kind fails the test: whoever documents it adds its check here.
- In the text, ``python -m loaders X --option`` names a command and options that exist; every address
  (``/ecarts?region=84``) is served; every ``COP_…`` variable is one the code reads, and every one it reads is
  in the configuration table of docs/exploitation.md; every relative link leads to a file and a heading; every
  file of the repository it names (``dashboard/gate.py``) exists.
- Each ``csv`` block is the example file it follows; the README stays under 200 lines.
"""

from __future__ import annotations

import ast
import importlib.util
import json
import re
import shlex
import shutil
import subprocess
import sys
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest
import typer.main
from typer.testing import CliRunner
from werkzeug.exceptions import HTTPException

from bench.run import TOPICS
from loaders.__main__ import app as loaders_cli
from tests.conftest import fingerprint, running_app, shared

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
DOCS = ROOT / "docs"
DOCUMENTS = [README, *sorted(DOCS.rglob("*.md"))]
CONFIGURATION = DOCS / "exploitation.md"
SHARED_PREFIX = "../shared/data/"
LANGUAGES = {"sh", "csv", "nginx", "text"}
PASSWORD = "mot-de-passe-de-la-documentation"
FILE_SYSTEM = ("/tmp/", "/usr/", "/srv/", "/etc/", "/var/", "/root/")
CODE_FOLDERS = ["app.py", "gunicorn.conf.py", "dashboard", "domain", "data", "loaders", "bench", "tests/conftest.py"]
FENCE = re.compile(r"^```(\S*)\n(.*?)^```[ \t]*$", re.MULTILINE | re.DOTALL)
LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")
VARIABLE = re.compile(r"\bCOP_[A-Z0-9_]+")


@dataclass(frozen=True)
class Block:
    document: Path
    language: str
    text: str
    start: int  # the offset of the block in its document

    @property
    def where(self) -> str:
        line = self.document.read_text(encoding="utf-8").count("\n", 0, self.start) + 1
        return f"{self.document.relative_to(ROOT)}, ligne {line}"


def text_of(document: Path) -> str:
    return document.read_text(encoding="utf-8")


def blocks(document: Path) -> list[Block]:
    return [Block(document, match.group(1), match.group(2), match.start())
            for match in FENCE.finditer(text_of(document))]


def prose(document: Path) -> str:
    """The document without its fenced blocks."""
    return FENCE.sub("", text_of(document))


def inline_code(document: Path) -> list[str]:
    return re.findall(r"`([^`\n]+)`", prose(document))


def is_script(block: Block) -> bool:
    """A shell block holding a here-document is run whole, not line by line."""
    return "<<'EOF'" in block.text


def command_lines(block: Block) -> list[list[str]]:
    """The block's commands as words, continuation lines joined, comments dropped."""
    joined = block.text.replace("\\\n", " ")
    return [words for line in joined.splitlines() if (words := shlex.split(line, comments=True))]


def shell_commands(documents=DOCUMENTS) -> list[tuple[Block, list[str]]]:
    return [(block, words) for document in documents for block in blocks(document)
            if block.language == "sh" and not is_script(block) for words in command_lines(block)]


def inline_commands(prefix: str) -> list[tuple[Path, list[str]]]:
    """Commands quoted in the text that start with ``prefix`` (« python -m loaders cles … --encodage latin-1 »)."""
    return [(document, shlex.split(span)) for document in DOCUMENTS for span in inline_code(document)
            if span.startswith(prefix)]


def kind(words: list[str]) -> str:
    if words[0] == "make":
        return "make"
    if words[:3] == ["python", "-m", "loaders"]:
        return "loaders"
    if words[:2] == ["python", "-m"]:
        return "module"
    if words[0] in {"source", "curl"}:
        return words[0]
    return "inconnue"


# --- Blocks and commands that nothing checks -------------------------------------------------------------------


def test_every_block_says_what_it_holds():
    unnamed = [f"{block.where} : « {block.language or 'sans langage'} »" for document in DOCUMENTS
               for block in blocks(document) if block.language not in LANGUAGES]
    assert not unnamed, f"bloc sans langage connu ({', '.join(sorted(LANGUAGES))}) : {unnamed}"


def test_every_command_of_a_shell_block_is_one_this_file_checks():
    unchecked = [f"{block.where} : {' '.join(words)}" for block, words in shell_commands() if kind(words) == "inconnue"]
    assert not unchecked, f"commande qu'aucun test n'exerce : {unchecked}"


def test_the_readme_stays_a_short_entry_point():
    assert len(text_of(README).splitlines()) < 200


# --- make ----------------------------------------------------------------------------------------------------------


def target(words) -> str | None:
    """The target a ``make`` command names (options and ``VARIABLE=value`` aside); None for « make -n » alone."""
    return next((word for word in words[1:] if not word.startswith("-") and "=" not in word), None)


def make_commands() -> list[list[str]]:
    quoted = [words for _, words in inline_commands("make ")]
    shown = [words for _, words in shell_commands() if kind(words) == "make"]
    return sorted({tuple(words) for words in quoted + shown if target(words)})


@pytest.mark.parametrize("words", make_commands(), ids=" ".join)
def test_each_make_command_is_a_target_that_make_accepts(words):
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(rf"^{re.escape(target(words))}:", makefile, flags=re.MULTILINE), f"cible absente : {words}"
    dry_run = subprocess.run(["make", "-n", *words[1:]], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert dry_run.returncode == 0, dry_run.stderr


def test_the_ci_runs_the_documented_test_command():
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


# --- python -m loaders -----------------------------------------------------------------------------------------


def real_path(word: str) -> str:
    """A word of a command as the test runs it: a file of ../shared/data or of the repository by its full path."""
    if word.startswith(SHARED_PREFIX):
        return str(shared(word.removeprefix(SHARED_PREFIX)))
    return str(ROOT / word) if (ROOT / word).is_file() else word


def run_loader_commands(document: Path, database: Path) -> None:
    """Run the document's ``python -m loaders`` commands in order on ``database``; any failure fails the test."""
    runner = CliRunner()
    for block, words in shell_commands([document]):
        if kind(words) != "loaders":
            continue
        answers = f"{PASSWORD}\n{PASSWORD}\n" if words[3] == "utilisateur" else "y\n"
        result = runner.invoke(loaders_cli, [real_path(word) for word in words[3:]], input=answers,
                               env={"COP_DB": str(database), "COP_URL_PUBLIQUE": ""})
        assert result.exit_code == 0, f"{block.where} : {' '.join(words)}\n{result.output}"


@pytest.fixture(scope="module")
def readme_database(tmp_path_factory) -> Path:
    """The database the README's commands build from an empty one: the starting point of every file of docs/."""
    database = tmp_path_factory.mktemp("readme") / "cop.duckdb"
    run_loader_commands(README, database)
    return database


@pytest.fixture
def docs_database(readme_database, tmp_path) -> Path:
    copy = tmp_path / "cop.duckdb"
    shutil.copy(readme_database, copy)
    return copy


def test_the_readme_commands_build_a_database(readme_database):
    assert fingerprint(readme_database, ["lever_objectives"])["lever_objectives"][0] > 0
    assert fingerprint(readme_database, ["territories"])["territories"][0] > 0


LOADER_DOCUMENTS = [document for document in DOCUMENTS[1:]
                    if any(kind(words) == "loaders" for _, words in shell_commands([document]))]


@pytest.mark.parametrize("document", LOADER_DOCUMENTS, ids=lambda document: str(document.relative_to(ROOT)))
def test_the_loader_commands_of_each_document_run(document, docs_database):
    run_loader_commands(document, docs_database)


def test_loader_commands_quoted_in_the_text_name_real_commands_and_options():
    group = typer.main.get_command(loaders_cli)
    wrong = []
    for document, words in inline_commands("python -m loaders") + [
            (block.document, words) for block, words in shell_commands() if kind(words) == "loaders"]:
        name = next((word for word in words[3:] if not word.startswith("-")), None)
        command = group.commands.get(name) if name else group
        if command is None:
            wrong.append(f"{document.name} : commande inconnue « {name} »")
            continue
        options = {option for parameter in command.params for option in parameter.opts + parameter.secondary_opts}
        wrong += [f"{document.name} : option inconnue de « {name} » : {word}" for word in words[3:]
                  if word.startswith("--") and word.split("=")[0] not in options | {"--help"}]
    assert not wrong, wrong


# --- python -m (other modules) and the benchmark --------------------------------------------------------------


def module_commands() -> list[list[str]]:
    shown = [words for _, words in shell_commands() if kind(words) == "module"]
    quoted = [words for _, words in inline_commands("python -m ") if kind(words) == "module"]
    return sorted({tuple(words) for words in shown + quoted})


@pytest.mark.parametrize("words", module_commands(), ids=" ".join)
def test_each_python_module_exists_and_each_benchmark_topic_too(words):
    module = words[2]
    assert importlib.util.find_spec(module) is not None, f"module introuvable : {module}"
    if module == "bench":
        topics = [word for word in words[3:] if not word.startswith("-")]
        assert set(topics) <= set(TOPICS), f"sujet(s) inconnu(s) du banc d'essai : {set(topics) - set(TOPICS)}"


def test_the_sourced_environment_exists():
    for block, words in shell_commands():
        if kind(words) == "source":
            assert (ROOT / words[1]).is_file(), f"{block.where} : {words[1]} introuvable"


# --- The backup script ------------------------------------------------------------------------------------------


def scripts() -> list[Block]:
    return [block for document in DOCUMENTS for block in blocks(document)
            if block.language == "sh" and is_script(block)]


def every_table(database: Path) -> dict:
    """Each table of every schema (the undo store too) with its rows' fingerprint, and each sequence's value."""
    with duckdb.connect(str(database), read_only=True) as con:
        tables = [f"{schema}.{table}" for schema, table in con.execute(
            "SELECT schema_name, table_name FROM duckdb_tables() ORDER BY ALL").fetchall()]
        sequences = con.execute("SELECT schema_name, sequence_name, last_value FROM duckdb_sequences() ORDER BY ALL")
        return {"sequences": sequences.fetchall(), **fingerprint(database, tables)}


def test_the_backup_script_copies_the_whole_database(readme_database, tmp_path):
    assert scripts(), "la documentation ne montre plus de sauvegarde"
    for script in scripts():
        folder = tmp_path / f"run-{script.start}"
        (folder / "data").mkdir(parents=True)
        database = folder / "data" / "cop.duckdb"
        shutil.copy(readme_database, database)
        environment = {"PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin", "COP_DB": str(database)}
        run = subprocess.run(["bash", "-euo", "pipefail", "-c", script.text], cwd=folder, env=environment,
                             capture_output=True, text=True, timeout=120)
        assert run.returncode == 0, f"{script.where}\n{run.stderr}"
        copies = [path for path in folder.rglob("*.duckdb") if path != database]
        assert len(copies) == 1, f"{script.where} : une copie attendue, trouvé {copies}"
        assert every_table(copies[0]) == every_table(readme_database)
        imported = CliRunner().invoke(loaders_cli, ["catalogue"], env={"COP_DB": str(copies[0])})
        assert imported.exit_code == 0, imported.output
        journal = CliRunner().invoke(loaders_cli, ["imports"], env={"COP_DB": str(copies[0])}).output
        following = f"n° {next_import(readme_database)} — "  # the restored base numbers its imports on
        assert following in journal and "catalogue" in journal.split(following)[1], journal


def next_import(database: Path) -> int:
    with duckdb.connect(str(database), read_only=True) as con:
        return con.execute("SELECT max(import_id) + 1 FROM imports").fetchone()[0]


# --- The app: curl and every address --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def routes(readme_database):
    """The routes of an app built on the README's database. It is never asked anything: Dash hands the pages'
    module-level callbacks to the first app that answers a request, and another test's app needs them."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("COP_DB", str(readme_database))
        from app import create_app

        yield create_app().server.url_map.bind("localhost")


def test_each_curl_command_gets_an_answer(readme_database, tmp_path):
    asked = [(block, words) for block, words in shell_commands() if kind(words) == "curl"]
    assert asked, "la documentation ne montre plus comment surveiller l'application"
    database = tmp_path / "cop.duckdb"
    shutil.copy(readme_database, database)
    with running_app(database) as url:
        for block, words in asked:
            address = next(word for word in words[1:] if word.startswith("http"))
            path = "/" + address.split("/", 3)[3]
            with urllib.request.urlopen(url + path, timeout=30) as response:
                assert response.status == 200, f"{block.where} : {path} → {response.status}"
                assert json.load(response)["statut"] == "ok"


def addresses() -> list[tuple[Path, str]]:
    return [(document, span.split("?")[0]) for document in DOCUMENTS for span in inline_code(document)
            if span.startswith("/") and " " not in span and not span.startswith(FILE_SYSTEM)]


def test_every_address_in_the_documentation_is_served(routes):
    import dash

    from dashboard import exports

    pages = {page["path"] for page in dash.page_registry.values() if page["path"] != "/404"}
    unserved = []
    for document, path in addresses():
        try:
            rule, arguments = routes.match(path, method="GET", return_rule=True)
        except HTTPException as error:
            unserved.append(f"{document.name} : {path} ({error.code})")
            continue
        if rule.rule == "/<path:path>" and path not in pages:
            unserved.append(f"{document.name} : {path} (aucune page)")
        if rule.endpoint == "export" and (arguments["view"] not in exports.VIEWS
                                          or arguments["extension"] not in exports.MEDIA_TYPES):
            unserved.append(f"{document.name} : {path} (aucun téléchargement de ce nom)")
    assert addresses(), "aucune adresse trouvée : la lecture des documents a changé"
    assert not unserved, unserved


# --- Links, example files, environment variables --------------------------------------------------------------


def slugs(document: Path) -> set[str]:
    """The anchors GitHub gives the document's headings: lower case, punctuation dropped, spaces as hyphens."""
    found, seen = set(), {}
    for heading in re.findall(r"^#+ (.+)$", prose(document), flags=re.MULTILINE):
        slug = re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")
        found.add(slug if slug not in seen else f"{slug}-{seen[slug]}")
        seen[slug] = seen.get(slug, 0) + 1
    return found


def test_every_relative_link_leads_to_a_file_and_a_heading():
    broken = []
    for document in [*DOCUMENTS, ROOT / "CHANGELOG.md"]:
        for target in LINK.findall(prose(document)):
            if re.match(r"[a-z]+:", target):
                continue
            path, _, anchor = target.partition("#")
            destination = (document.parent / path).resolve() if path else document
            if not destination.exists():
                broken.append(f"{document.relative_to(ROOT)} : {target} (fichier introuvable)")
            elif anchor and anchor not in slugs(destination):
                broken.append(f"{document.relative_to(ROOT)} : {target} (titre introuvable)")
    assert not broken, broken


SOURCE_FOLDERS = {"app.py", "gunicorn.conf.py", "dashboard", "domain", "data", "loaders", "bench", "tests", "assets",
                  "bundle", "docs", ".ci"}


def test_every_file_of_the_repository_the_documentation_names_exists():
    """``dashboard/gate.py``, ``data/migrations/``…: a module moved or renamed is renamed in the docs too (the
    database file, which the app creates, aside)."""
    missing = [f"{document.relative_to(ROOT)} : {span}" for document in DOCUMENTS for span in inline_code(document)
               if re.fullmatch(r"[\w.-]+(/[\w.-]+)*/?", span) and span.split("/")[0] in SOURCE_FOLDERS
               and not span.endswith(".duckdb") and not (ROOT / span).exists()]
    assert not missing, missing


def test_each_csv_block_is_the_example_file_it_follows():
    for document in DOCUMENTS:
        text = text_of(document)
        for block in blocks(document):
            if block.language != "csv":
                continue
            before = text[:block.start].rstrip().splitlines()[-1]
            linked = re.findall(r"\]\((exemples/[^)]+\.csv)\)", before)
            assert linked, f"{block.where} : un bloc csv suit le lien de son fichier d'exemple"
            example = (document.parent / linked[-1]).read_text(encoding="utf-8")
            assert block.text == example, f"{block.where} : le bloc diffère de {linked[-1]}"


def variables_read_by_the_code() -> set[str]:
    """Every string of the code that is a whole ``COP_…`` name: the variables it reads (or sets for the app)."""
    files = [path for folder in CODE_FOLDERS for path in
             ([ROOT / folder] if folder.endswith(".py") else sorted((ROOT / folder).rglob("*.py")))]
    return {node.value for path in files for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and VARIABLE.fullmatch(node.value)}


def configuration_table() -> set[str]:
    section = text_of(CONFIGURATION).split("## Configuration", 1)[1].split("\n## ", 1)[0]
    return {name for line in section.splitlines() if line.startswith("| `")
            for name in re.findall(r"`([A-Z0-9_]+)`", line.split("|")[1])}


def test_every_variable_the_documentation_names_is_read_by_the_code():
    named = {name for document in [*DOCUMENTS, ROOT / "CHANGELOG.md"] for name in VARIABLE.findall(text_of(document))}
    assert named - variables_read_by_the_code() == set()


def test_every_variable_the_code_reads_is_in_the_configuration_table():
    assert variables_read_by_the_code(), "aucune variable trouvée : la lecture du code a changé"
    assert variables_read_by_the_code() - configuration_table() == set()
