"""The repository's licence and the notices of the third-party code it serves (plotly.js bundle, DSFR)."""

import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOTICE_TITLE = re.compile(r"^== (\S+) (\S+) ==$", re.MULTILINE)


def locked_versions() -> set[tuple[str, str]]:
    """Every npm package of bundle/package-lock.json with its pinned version (some at two versions)."""
    packages = json.loads((ROOT / "bundle" / "package-lock.json").read_text(encoding="utf-8"))["packages"]
    return {(path.rsplit("node_modules/", 1)[1], found["version"]) for path, found in packages.items()
            if "node_modules/" in path}


def test_the_repository_has_a_licence_that_the_readme_names():
    licence = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert licence.startswith("MIT License\n\nCopyright (c) ")
    assert "The above copyright notice and this permission notice shall be included" in licence
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "[LICENSE](LICENSE)" in readme and "[THIRD-PARTY-NOTICES.txt](THIRD-PARTY-NOTICES.txt)" in readme


def test_the_notices_name_plotly_and_the_packages_it_includes_at_their_pinned_versions():
    notices = (ROOT / "THIRD-PARTY-NOTICES.txt").read_text(encoding="utf-8")
    named = NOTICE_TITLE.findall(notices)
    locked = locked_versions()
    plotly = json.loads((ROOT / "bundle" / "package.json").read_text(encoding="utf-8"))["devDependencies"]["plotly.js"]
    assert ("plotly.js", plotly) in named
    dsfr = json.loads((ROOT / "bundle" / "package.json").read_text(encoding="utf-8"))["devDependencies"]["@gouvfr/dsfr"]
    assert ("@gouvfr/dsfr", dsfr) in named  # its style sheet and the Marianne fonts are served too
    assert {"@plotly/d3", "d3-format", "maplibre-gl"} <= {name for name, _ in named}
    assert [pair for pair in named if pair not in locked] == []
    sections = notices.split("\n== ")[1:]
    assert len(sections) == len(named)
    assert all("Copyright" in section or "copyright" in section for section in sections)
