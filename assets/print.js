/* Plotly draws a chart at its width on screen; printed on A4 it would be cut (a trajectory stopping at 2025, a map
   showing half the region). Browsers take the print snapshot as soon as the `beforeprint` listeners return, so each
   chart is drawn again at the paper's width inside the listener, synchronously (Plotly.Plots.resize would wait
   100 ms: too late), and drawn at its screen width again after printing. The paper's width is the one declared
   in assets/style.css (--print-width, next to @page). Also: what the documents' print button does. */
(function () {
  var drawn = [];  // [chart, its own layout's width, height and autosize] while printed

  function paperWidth() {
    var probe = document.createElement('div');
    probe.style.cssText = 'position:absolute;visibility:hidden;width:var(--print-width)';
    document.body.appendChild(probe);
    var width = probe.getBoundingClientRect().width;
    probe.remove();
    return Math.floor(width);
  }

  function forPaper() {
    if (!window.Plotly) return;
    var width = paperWidth();
    document.querySelectorAll('.js-plotly-plot').forEach(function (chart) {
      var own = chart.layout || {};
      if (!chart._fullLayout || chart._fullLayout.width <= width) return;
      drawn.push([chart, own.width, own.height, own.autosize]);
      window.Plotly.relayout(chart, {width: width, height: chart._fullLayout.height, autosize: false});
    });
  }

  function forScreen() {
    drawn.splice(0).forEach(function (entry) {
      var chart = entry[0];
      window.Plotly.relayout(chart, {width: entry[1] === undefined ? null : entry[1],
                                     height: entry[2] === undefined ? null : entry[2],
                                     autosize: entry[3] === undefined ? null : entry[3]})
        .then(function () { window.Plotly.Plots.resize(chart); });
    });
  }

  window.addEventListener('beforeprint', forPaper);
  window.addEventListener('afterprint', forScreen);

  // The documents' print button (dashboard/components/print_button.py): the browser's own print dialog.
  document.addEventListener('click', function (event) {
    if (event.target.closest && event.target.closest('.print-button')) window.print();
  });
})();
