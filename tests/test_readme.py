"""The README's commands exist: the quick start's make targets and every `python -m loaders` command."""

import re
from pathlib import Path

import typer.main

from loaders.__main__ import app

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_quick_start_targets_exist_in_the_makefile():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    for target in re.findall(r"^make (\w+)", README, flags=re.MULTILINE):
        assert re.search(rf"^{target}:", makefile, flags=re.MULTILINE), target
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_every_loader_command_of_the_readme_exists():
    commands = set(typer.main.get_command(app).commands)
    documented = set(re.findall(r"python -m loaders ([\w-]+)", README))
    assert documented, "le README ne documente aucune commande"
    assert documented <= commands, documented - commands
