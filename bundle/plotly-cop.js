// plotly.js with only the traces the dashboard draws (grep `go.` in dashboard/ and `type:` in assets/*.js).
'use strict';

var Plotly = require('plotly.js/lib/core');

Plotly.register([
    require('plotly.js/lib/bar'),
    require('plotly.js/lib/treemap'),
    require('plotly.js/lib/indicator'),
]);

module.exports = Plotly;
