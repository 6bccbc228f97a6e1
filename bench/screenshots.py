"""``python -m bench.screenshots OUT_DIR [--url URL]``: a full-page PNG of every page at the three sizes,
and at A4 print width for the printable documents, with what the audit finds on each (overflow, axe-core).

Without ``--url`` the app is served on the database ``COP_DB`` (default ``data/cop.duckdb``).
"""

from __future__ import annotations

import argparse
import base64
from contextlib import nullcontext
from pathlib import Path

from bench.audit import (
    A4_PRINTABLE_WIDTH,
    PAGES,
    PRINTABLE,
    SIZES,
    axe_violations,
    describe,
    emulate_print,
    open_page,
    overflow,
    print_on_a4,
    set_viewport,
)
from bench.headless import make_browser, served_app
from data.db import database_path


def full_page_png(browser, path: Path, width: int) -> None:
    """The whole page, not only the viewport: the viewport is stretched to the page's height for the shot."""
    height = browser.execute_script("return document.documentElement.scrollHeight")
    shot = browser.execute_cdp_cmd("Page.captureScreenshot", {
        "captureBeyondViewport": True, "clip": {"x": 0, "y": 0, "width": width, "height": height, "scale": 1}})
    path.write_bytes(base64.b64decode(shot["data"]))


def shoot(url: str, out: Path) -> list[str]:
    """Screenshots into ``out``; returns one line per page and size that the audit would refuse."""
    out.mkdir(parents=True, exist_ok=True)
    problems = []
    browser = make_browser()
    try:
        for size, (width, height) in SIZES.items():
            set_viewport(browser, width, height)
            for page, path in PAGES.items():
                open_page(browser, url + path)
                full_page_png(browser, out / f"{page}-{size}.png", width)
                measured = overflow(browser, width)
                if measured["page"] > width:
                    problems.append(f"{page} à {width} px : page de {measured['page']} px — {measured['wide']}")
                if violations := axe_violations(browser):
                    problems.append(f"{page} à {width} px :\n{describe(violations)}")
        for page in PRINTABLE:
            set_viewport(browser, *SIZES["portable"])
            open_page(browser, url + PAGES[page])
            print_on_a4(browser)
            full_page_png(browser, out / f"{page}-impression.png", A4_PRINTABLE_WIDTH)
            emulate_print(browser, False)
    finally:
        browser.quit()
    return problems


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--url", help="une application déjà servie (sinon elle est lancée sur COP_DB)")
    arguments = parser.parse_args()
    with nullcontext(arguments.url) if arguments.url else served_app(database_path()) as url:
        problems = shoot(url, arguments.out)
    print("\n".join(problems) or "Aucun débordement ni violation axe-core grave.")
    print(f"Captures dans {arguments.out}")


if __name__ == "__main__":
    main()
