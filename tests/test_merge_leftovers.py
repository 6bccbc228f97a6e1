"""No merge left half-done: a conflict's markers committed in a file (it happened once, in docs/performance.md)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MARKER = re.compile(r"^(<{7}|>{7})( |$)", re.MULTILINE)


def markers(paths: list[Path], root: Path = ROOT) -> list[str]:
    """``file:line`` (from ``root``) of each conflict marker in the text files among ``paths``."""
    found = []
    for path in paths:
        try:
            text = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, FileNotFoundError, IsADirectoryError):
            continue
        found += [f"{path.relative_to(root)}:{text.count(chr(10), 0, m.start()) + 1}" for m in MARKER.finditer(text)]
    return found


def test_no_file_keeps_a_conflict_s_markers():
    tracked = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
    assert markers([ROOT / name for name in tracked.decode().split("\0") if name]) == []


def test_a_conflict_s_markers_are_found(tmp_path):
    planted = tmp_path / "page.md"
    planted.write_text("avant\n<<<<<<< HEAD\nun\n=======\ndeux\n>>>>>>> main\naprès\n", encoding="utf-8")
    assert markers([planted], tmp_path) == ["page.md:2", "page.md:6"]
