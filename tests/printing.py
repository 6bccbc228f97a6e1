"""Printing a page to PDF through Chromium's own print path (``Page.printToPDF``: the browser fires ``beforeprint``,
lays the page out for print and takes its snapshot), and reading the PDF back with poppler (pdftotext, pdftoppm:
Debian package poppler-utils).

What a chart's SVG looked like when printed is read in the browser by a ``beforeprint`` listener added after the
page's own (assets/print.js): the browser takes its snapshot once they have all returned.
"""

from __future__ import annotations

import base64
import shutil
import subprocess
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest

POINTS_PER_MM = 72 / 25.4
MARGIN_MM = 12  # @page margin of assets/style.css
# Each chart as printed: its SVG's size, its plot area, the union of its filled territories and, for a map, the
# inside point of each territory (its transparent marker), all in the SVG's pixels.
WATCH_PRINTED = """
window.copPrinted = null;
window.addEventListener('beforeprint', function () {
  window.copPrinted = Array.from(document.querySelectorAll('.js-plotly-plot')).map(function (chart) {
    var svg = chart.querySelector('.main-svg').getBoundingClientRect();
    function box(rect) {
      return [rect.left - svg.left, rect.top - svg.top, rect.right - svg.left, rect.bottom - svg.top];
    }
    var size = chart._fullLayout._size;
    var fills = Array.from(chart.querySelectorAll('.scatterlayer .js-fill')).map(function (path) {
      return box(path.getBoundingClientRect()); });
    var traces = chart.querySelectorAll('.scatterlayer .trace');
    var markers = chart._fullData.filter(function (trace) { return trace.name === 'territoires'; });
    var points = markers.length ? Array.from(traces[markers[0].index].querySelectorAll('path.point')).map(
      function (point) { var r = box(point.getBoundingClientRect()); return [(r[0] + r[2]) / 2, (r[1] + r[3]) / 2]; })
      : [];
    var ticks = Array.from(chart.querySelectorAll('.xtick text')).map(function (text) {
      return [text.textContent].concat(box(text.getBoundingClientRect())); });
    return {id: chart.parentElement.id, width: svg.width, height: svg.height,
            plot: [size.l, size.t, size.l + size.w, size.t + size.h], fills: fills, points: points,
            territories: markers.length ? markers[0].customdata.length : 0, ticks: ticks};
  });
});
"""


@dataclass
class Printed:
    pdf: Path
    charts: dict[str, dict]  # by the dcc.Graph's id: the SVG as printed (``WATCH_PRINTED``)
    paper_width: float  # the width the page's charts may take (CSS pixels)


def poppler(tool: str) -> str:
    found = shutil.which(tool)
    if found is None:
        pytest.fail(f"{tool} introuvable : installez le paquet Debian poppler-utils.")
    return found


def print_to_pdf(browser, path: Path) -> Printed:
    """Print the page open in ``browser`` as Chromium does (A4, the page's own @page rules) into ``path``."""
    browser.execute_script(WATCH_PRINTED)
    paper = browser.execute_script(
        "var p = document.createElement('div'); p.style.cssText = 'position:absolute;width:var(--print-width)';"
        "document.body.appendChild(p); var w = p.getBoundingClientRect().width; p.remove(); return w;")
    answer = browser.execute_cdp_cmd("Page.printToPDF", {"preferCSSPageSize": True, "printBackground": True})
    path.write_bytes(base64.b64decode(answer["data"]))
    charts = browser.execute_script("return window.copPrinted")
    assert charts is not None, "l'impression n'a pas déclenché beforeprint"
    return Printed(path, {chart["id"]: chart for chart in charts}, paper)


@dataclass(frozen=True)
class Word:
    page: int  # from 1
    text: str
    x0: float
    y0: float
    x1: float
    y1: float


def words(pdf: Path) -> tuple[list[Word], tuple[float, float]]:
    """Every word of the PDF with its box (points, from the page's top left), and the pages' size."""
    output = subprocess.run([poppler("pdftotext"), "-bbox", str(pdf), "-"], capture_output=True, check=True).stdout
    root = ElementTree.fromstring(output)
    found, size = [], (0.0, 0.0)
    for number, page in enumerate(root.iter("{http://www.w3.org/1999/xhtml}page"), start=1):
        size = (float(page.get("width")), float(page.get("height")))
        found += [Word(number, word.text or "", *(float(word.get(k)) for k in ("xMin", "yMin", "xMax", "yMax")))
                  for word in page.iter("{http://www.w3.org/1999/xhtml}word")]
    return found, size


def page_pixels(pdf: Path, page: int, dpi: int = 144) -> np.ndarray:
    """The page as RGB pixels (height × width × 3), drawn by pdftoppm."""
    output = subprocess.run([poppler("pdftoppm"), "-r", str(dpi), "-f", str(page), "-l", str(page), str(pdf)],
                            capture_output=True, check=True).stdout
    return _ppm(output)


def _ppm(data: bytes) -> np.ndarray:
    """A binary PPM (P6): four fields separated by whitespace (format, width, height, maximum), one whitespace, the
    pixels."""
    fields, position = [], 0
    while len(fields) < 4:
        while data[position:position + 1].isspace():
            position += 1
        end = position
        while not data[end:end + 1].isspace():
            end += 1
        fields.append(data[position:end])
        position = end
    width, height = int(fields[1]), int(fields[2])
    return np.frombuffer(data, np.uint8, width * height * 3, position + 1).reshape(height, width, 3)


def ink_box(pixels: np.ndarray, top: float, bottom: float, scale: float) -> tuple[float, float, float, float]:
    """The box (points) of what is drawn between ``top`` and ``bottom`` (points) on a page drawn at ``scale`` pixels
    per point: every pixel that is not white."""
    band = pixels[int(top * scale): int(bottom * scale)]
    inked = np.argwhere((band < 235).any(axis=2))
    assert len(inked), "rien n'est dessiné à cet endroit de la page"
    (y0, x0), (y1, x1) = inked.min(axis=0), inked.max(axis=0)
    return x0 / scale, top + y0 / scale, (x1 + 1) / scale, top + (y1 + 1) / scale


YEARS = [str(year) for year in range(2019, 2031)]


def assert_charts_whole(printed: Printed, trajectory: str, territory_map: str, territories: int) -> None:
    """The roadmap's two charts, as printed and in the PDF: the trajectory covers 2019–2030 and the map every one of
    its ``territories``, each within the page's printable width."""
    for chart in printed.charts.values():
        assert chart["width"] <= printed.paper_width + 0.5, (chart["id"], chart["width"], printed.paper_width)
    drawn = printed.charts[trajectory]
    assert [tick[0] for tick in drawn["ticks"]] == YEARS
    assert all(0 <= tick[1] and tick[3] <= drawn["width"] for tick in drawn["ticks"])
    drawn = printed.charts[territory_map]
    left, top, right, bottom = drawn["plot"]
    assert drawn["territories"] == len(drawn["points"]) == territories
    assert all(left <= x <= right and top <= y <= bottom for x, y in drawn["points"])
    assert all(left - 2 <= x0 and x1 <= right + 2 and top - 2 <= y0 and y1 <= bottom + 2
               for x0, y0, x1, y1 in drawn["fills"])
    found, (width, height) = words(printed.pdf)
    assert (round(width), round(height)) == (595, 842)  # A4 portrait, in points
    printable = (MARGIN_MM * POINTS_PER_MM - 1, width - MARGIN_MM * POINTS_PER_MM + 1)
    years = [word for word in found if word.text in YEARS and word.y0 > 0]
    rows = {}
    for word in years:
        rows.setdefault((word.page, round(word.y0)), []).append(word)
    axis = [row for row in rows.values() if [w.text for w in sorted(row, key=lambda w: w.x0)] == YEARS]
    assert axis, f"aucune ligne de 2019 à 2030 dans le PDF : {sorted(rows.items())}"
    assert all(printable[0] <= word.x0 and word.x1 <= printable[1] for word in axis[0])
    _assert_map_whole(printed, found, drawn, printable)


def _assert_map_whole(printed: Printed, found: list[Word], drawn: dict, printable: tuple[float, float]) -> None:
    """The map's ink on its page lies within the printable width and has the shape of its territories as drawn."""
    headings = [word for word in found if word.text == "Couverture"]
    page = next(word.page for word in headings if any(w.page == word.page and w.text == "par" and
                                                      abs(w.y0 - word.y0) < 1 for w in found))
    top = max(w.y1 for w in found if w.page == page and w.text in ("Couverture", "par", "Communes")
              and w.y0 < min(h.y0 for h in headings if h.page == page) + 40)
    bottom = max(h.y0 for h in headings if h.page == page)  # the colour bar's title, under the map
    scale = 2.0
    x0, y0, x1, y1 = ink_box(page_pixels(printed.pdf, page, dpi=int(72 * scale)), top + 2, bottom - 2, scale)
    assert printable[0] <= x0 and x1 <= printable[1], (x0, x1, printable)
    fills = np.array(drawn["fills"])
    drawn_ratio = (fills[:, 2].max() - fills[:, 0].min()) / (fills[:, 3].max() - fills[:, 1].min())
    assert abs((x1 - x0) / (y1 - y0) / drawn_ratio - 1) < 0.05, ((x0, y0, x1, y1), drawn_ratio)
