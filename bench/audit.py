"""What the page audit test and the screenshot command share: the pages, the sizes, and the measurements
(page overflow, columns off-screen, axe-core violations, print layout) taken in headless Chromium.

axe-core is installed from npm by ``make axe`` into ``.cache/axe`` (not committed); a missing copy is an error.
"""

from __future__ import annotations

import json
from pathlib import Path

from selenium.common.exceptions import JavascriptException, StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

ROOT = Path(__file__).resolve().parent.parent
AXE = ROOT / ".cache" / "axe" / "node_modules" / "axe-core" / "axe.min.js"

REGION = "53"  # Bretagne: the region whose territories the real data holds
PAGES = {
    "vue-ensemble": f"/?region={REGION}",
    "ecarts": f"/ecarts?region={REGION}",
    "diagnostic": f"/diagnostic?region={REGION}",
    "declinaison": f"/declinaison?region={REGION}",
    "fiche-territoire": f"/declinaison/fiche?region={REGION}&niveau=departement&code=29",
    "feuille-de-route": f"/feuille-de-route?region={REGION}",
    "feuille-de-route-document": f"/feuille-de-route/document?region={REGION}",
    "feuille-de-route-maquette": f"/feuille-de-route/maquette?region={REGION}&annee=2026",
    "contributions": f"/feuille-de-route/contributions?region={REGION}",
    "projection": f"/projection?region={REGION}",
    "donnees": "/donnees",
    "accessibilite": "/accessibilite",
    "mentions-legales": "/mentions-legales",
    "donnees-personnelles": "/donnees-personnelles",
    "plan-du-site": f"/plan-du-site?region={REGION}",
}
PRINTABLE = ("fiche-territoire", "feuille-de-route-document")
SIZES = {"bureau": (1920, 1080), "portable": (1280, 720), "telephone": (390, 844)}
PHONE_WIDTH = 480
# A4 portrait less the 12 mm side margins of the print style sheets, in CSS pixels (96 per inch).
A4_PRINTABLE_WIDTH = round((210 - 2 * 12) / 25.4 * 96)
BLOCKING_IMPACTS = ("critical", "serious")


class AxeMissing(RuntimeError):
    pass


def set_viewport(browser, width: int, height: int) -> None:
    """The page's viewport exactly ``width`` × ``height``; narrow widths behave as a phone (mobile viewport)."""
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": width, "height": height, "deviceScaleFactor": 1, "mobile": width <= PHONE_WIDTH})


def emulate_print(browser, on: bool = True) -> None:
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print" if on else ""})


def print_on_a4(browser, seconds: float = 30) -> None:
    """Lay the open page out as Chromium prints it on A4: print media, the printable width, the ``beforeprint``
    event the print dialog sends; then wait until every chart has been redrawn within that width."""
    set_viewport(browser, A4_PRINTABLE_WIDTH, 1100)
    emulate_print(browser)
    browser.execute_script("window.dispatchEvent(new Event('beforeprint'))")
    WebDriverWait(browser, seconds, poll_frequency=0.3).until(lambda b: b.execute_script(
        "return [...document.querySelectorAll('.js-plotly-plot .main-svg')]"
        ".every(svg => svg.getBoundingClientRect().right <= arguments[0] + 1)", A4_PRINTABLE_WIDTH))


SETTLED = """
const busy = document.querySelector('[data-dash-is-loading="true"], ._dash-loading');
const graphs = [...document.querySelectorAll('.dash-graph')];
return !busy && !!document.querySelector('main h1')
  && graphs.every(g => g.querySelector('.main-svg') || g.closest('[hidden], details:not([open])'))
  && document.querySelector('main').innerHTML.length;
"""


def open_page(browser, url: str, seconds: float = 60) -> None:
    """Load ``url`` and wait until Dash has rendered it: a title, no pending callback, every chart drawn,
    and the same content on two successive polls; its grids too (``show_grids``)."""
    browser.get(url)
    settle(browser, seconds)
    if show_grids(browser, seconds):
        settle(browser, seconds)


def show_grids(browser, seconds: float = 60) -> bool:
    """Draw the grids of the rendered page that wait for their bundle (``show_grid``), then go back to the top;
    whether there was one."""
    waiting = browser.execute_script("return [...document.querySelectorAll('[data-grid-waiting]')].map(g => g.id)")
    for grid_id in waiting:
        show_grid(browser, grid_id, seconds)
    if waiting:
        browser.execute_script("window.scrollTo(0, 0)")
    return bool(waiting)


def show_grid(browser, grid_id: str, seconds: float = 60) -> None:
    """Once the page shows the grid ``grid_id``, scroll it into view (assets/grid_on_demand.js loads a grid's
    bundle when it nears the screen) and wait until it is drawn."""
    WebDriverWait(browser, seconds, poll_frequency=0.2).until(lambda b: b.execute_script(
        "const grid = document.getElementById(arguments[0]); if (grid) grid.scrollIntoView(); return !!grid", grid_id))
    WebDriverWait(browser, seconds, poll_frequency=0.2).until(
        lambda b: b.find_elements(By.CSS_SELECTOR, f"#{grid_id} .ag-root"))


def settle(browser, seconds: float) -> None:
    last = {"size": None}

    def settled(b) -> bool:
        try:
            size = b.execute_script(SETTLED)
        except (JavascriptException, StaleElementReferenceException):
            return False
        stable = bool(size) and size == last["size"]
        last["size"] = size
        return stable
    WebDriverWait(browser, seconds, poll_frequency=0.5).until(settled)


OVERFLOW = """
const width = arguments[0];
const name = e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
  + (typeof e.className === 'string' && e.className.trim() ? '.' + e.className.trim().split(/\\s+/).join('.') : '');
const shown = e => getComputedStyle(e).position !== 'fixed' && !e.closest('.fr-sr-only, [hidden]');
const past = [...document.querySelectorAll('body *')].filter(e => {
  const r = e.getBoundingClientRect();
  return r.width > 0 && r.right > width + 1 && shown(e) && !(e instanceof SVGElement && e.ownerSVGElement);
}).filter((e, _, all) => !all.includes(e.parentElement));
const spilling = [...document.querySelectorAll('body *')].filter(e => e.clientWidth > 0 && shown(e)
  && e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX === 'visible' && !(e instanceof SVGElement)
  && !getComputedStyle(e).display.startsWith('table'))
  .filter((e, _, all) => !all.some(o => o !== e && e.contains(o)));
return {page: document.documentElement.scrollWidth,
        wide: past.slice(0, 5).map(e => name(e) + ' (' + Math.round(e.getBoundingClientRect().right) + ' px)'),
        spilling: spilling.slice(0, 5).map(e => name(e) + ' (' + e.scrollWidth + ' px dans ' + e.clientWidth + ')')};
"""


def overflow(browser, width: int) -> dict:
    """The page's width, the outermost elements that go past ``width`` and the innermost whose content spills out
    of their box (to name them in a failure)."""
    return browser.execute_script(OVERFLOW, width)


SCROLLABLE = """
return [...document.querySelectorAll('body *')].filter(e => {
  const style = getComputedStyle(e);
  return ['auto', 'scroll'].includes(style.overflowX) && e.scrollWidth > e.clientWidth + 1
    || ['auto', 'scroll'].includes(style.overflowY) && e.scrollHeight > e.clientHeight + 1;
}).map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
  + '.' + String(e.className).trim().split(/\\s+/).join('.'));
"""


def scrollable_regions(browser) -> list[str]:
    """Elements that scroll (their content is cut on paper)."""
    return browser.execute_script(SCROLLABLE)


COLUMNS = """
const width = window.innerWidth;
return [...document.querySelectorAll(arguments[0])].filter(h => h.getBoundingClientRect().width > 0)
  .map(h => ({text: h.innerText.trim(), right: Math.round(h.getBoundingClientRect().right), width}));
"""


def column_headers(browser, selector: str) -> list[dict]:
    """Visible column headers under ``selector``: their text and right edge, with the viewport's width."""
    return browser.execute_script(COLUMNS, selector)


def axe_violations(browser) -> list[dict]:
    """axe-core's critical and serious violations on the current page (all its default rules)."""
    if not AXE.exists():
        raise AxeMissing(f"axe-core introuvable : {AXE}. Installez-le avec « make axe » (npm install axe-core@4).")
    if not browser.execute_script("return !!window.axe"):
        browser.execute_script(AXE.read_text(encoding="utf-8"))
    result = browser.execute_async_script("""
const done = arguments[arguments.length - 1];
axe.run(document, {resultTypes: ['violations']})
  .then(r => done(JSON.stringify(r.violations)), e => done(JSON.stringify({error: String(e)})));
""")
    violations = json.loads(result)
    if isinstance(violations, dict):
        raise RuntimeError(f"axe-core a échoué : {violations['error']}")
    return [{"id": v["id"], "impact": v["impact"], "help": v["help"],
             "targets": [" ".join(map(str, n["target"])) for n in v["nodes"][:4]], "count": len(v["nodes"])}
            for v in violations if v["impact"] in BLOCKING_IMPACTS]


def describe(violations: list[dict]) -> str:
    return "\n".join(f"- {v['id']} ({v['impact']}, {v['count']}) : {v['help']} — {', '.join(v['targets'])}"
                     for v in violations)
