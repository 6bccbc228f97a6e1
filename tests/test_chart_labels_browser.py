"""Charts on a phone (390 px) keep their texts readable: no axis title, tick label, bar value or legend cut by the
chart's edge, no bar value written over an axis's label (« RésidentielktCO₂e »)."""

import pytest

from bench.audit import PAGES, SIZES, open_page, set_viewport

CHART_PAGES = ("vue-ensemble", "ecarts", "diagnostic", "declinaison", "feuille-de-route")
LABELS = """
const TEXTS = '.xtitle, .ytitle, .xtick text, .ytick text, .bartext, .legendtext, .annotation-text';
const problems = [];
const within = (inner, outer) => inner.left >= outer.left - 1 && inner.right <= outer.right + 1
  && inner.top >= outer.top - 1 && inner.bottom <= outer.bottom + 1;
const overlap = (a, b) => Math.min(a.right, b.right) - Math.max(a.left, b.left) > 2
  && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 2;
document.querySelectorAll('.js-plotly-plot').forEach(plot => {
  const name = (plot.closest('[id]') || plot).id;
  const box = plot.getBoundingClientRect();
  if (box.width === 0) return;
  const texts = [...plot.querySelectorAll(TEXTS)]
    .filter(t => t.getBoundingClientRect().width > 0 && t.textContent.trim());
  texts.forEach(t => {
    if (!within(t.getBoundingClientRect(), box)) problems.push(`${name}: « ${t.textContent} » coupé`);
  });
  const labels = texts.filter(t => t.matches('.ytick text, .xtick text'));
  const values = texts.filter(t => t.matches('.bartext'));
  values.forEach(v => labels.forEach(l => { if (overlap(v.getBoundingClientRect(), l.getBoundingClientRect()))
    problems.push(`${name}: « ${v.textContent} » sur « ${l.textContent} »`); }));
});
return problems;
"""


@pytest.mark.parametrize("page", CHART_PAGES)
def test_every_chart_label_is_whole_and_apart_on_a_phone(app_url, browser, page):
    set_viewport(browser, *SIZES["telephone"])
    open_page(browser, app_url + PAGES[page])
    assert browser.find_elements("css selector", ".js-plotly-plot"), "aucun graphique"
    assert browser.execute_script(LABELS) == []
