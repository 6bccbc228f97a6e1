"""Static files compressed ahead of serving, at brotli's best (quality 11): ``python -m dashboard.serving.precompress``
(run by ``make bundle``).

Quality 11 makes the browser's scripts about 10 % smaller than the quality 9 that the app can afford when it
compresses a file on its first request (0.3 s for plotly.js, against 10 s at quality 11). The bodies are
kept under ``.cache/precompressed/``, named by the SHA-256 of the file they compress: the app uses one only
for the exact bytes it was made from (a new version of a package or of the plotly bundle is compressed on
its first request until this is run again).
"""

from __future__ import annotations

import hashlib
import importlib
from pathlib import Path

import brotli

ROOT = Path(__file__).resolve().parents[2]
FOLDER = ROOT / ".cache" / "precompressed"
ENCODING = "br"
# The component libraries whose scripts the app's pages load (not dash_table: dashboard/serving/unlisted.py), and the
# renderer with its dependencies.
LIBRARIES = ("dash.dcc", "dash.html", "dash_ag_grid", "dash._dash_renderer")


def name(data: bytes, encoding: str) -> str:
    return f"{hashlib.sha256(data).hexdigest()}.{encoding}"


def found(data: bytes, encoding: str) -> bytes | None:
    """The precompressed body of ``data``, if made."""
    path = FOLDER / name(data, encoding)
    return path.read_bytes() if path.exists() else None


def served_files() -> list[Path]:
    """Every script that the libraries list for Dash to serve (source maps aside), the plotly bundle and the DSFR
    style sheet (its fonts are compressed already)."""
    from dashboard.serving import dsfr_bundle, plotly_bundle

    files = [path for path in (plotly_bundle.BUNDLE, dsfr_bundle.STYLE_SHEET) if path.exists()]
    for library in LIBRARIES:
        module = importlib.import_module(library)
        package = Path(importlib.import_module(library.split(".")[0]).__file__).parent  # paths start there
        for entry in getattr(module, "_js_dist_dependencies", []) + module._js_dist:
            paths = entry.get("relative_package_path", [])
            paths = paths.get("prod", []) if isinstance(paths, dict) else paths
            files += [package / relative for relative in ([paths] if isinstance(paths, str) else paths)
                      if relative.endswith(".js")]
    return files


def main() -> None:
    FOLDER.mkdir(parents=True, exist_ok=True)
    for path in served_files():
        data = path.read_bytes()
        target = FOLDER / name(data, ENCODING)
        if not target.exists():
            target.write_bytes(brotli.compress(data, quality=11))
            print(f"{path.name} : {len(data) // 1024} Kio → {target.stat().st_size // 1024} Kio")


if __name__ == "__main__":
    main()
