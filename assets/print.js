/* Plotly draws a chart at its width on screen; printed on A4 it would be cut. Before printing, each chart is
   redrawn at the width of the paper, and after printing at the width of the screen again. */
(function () {
  function redraw() {
    if (!window.Plotly) return;
    document.querySelectorAll('.js-plotly-plot').forEach(function (chart) { window.Plotly.Plots.resize(chart); });
  }
  window.addEventListener('beforeprint', redraw);
  window.addEventListener('afterprint', redraw);
})();
