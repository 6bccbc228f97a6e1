/* Choropleths (dashboard/figures/maps.py choropleth_map): hovering or clicking anywhere in a territory shows or picks
   that territory. The map fills its territories one trace per colour, which plotly.js cannot tell apart, and
   gives each territory a transparent marker that carries its hover text and click; plotly.js answers only
   near a marker. Here the pointer's position is tested against the outlines of the fills (each vertex names
   its territory's marker, ``customdata``) and the marker of the territory under it is hovered: a click then
   picks it, as plotly.js clicks what is hovered. */
(function () {
    "use strict";

    const MARKERS_NAME = "territoires";
    const FILL_META = "aplats-territoires";
    const CLICK_MS = 500;  /* plotly.js reports a click on mouse up, the browser's click follows at once */

    /* The territories' rings of a figure, built once per figure: [{owner, xs, ys, box}] */
    const ringsOf = new WeakMap();

    function rings(gd) {
        const known = ringsOf.get(gd);
        if (known && known.data === gd._fullData) { return known.rings; }
        const found = [];
        gd._fullData.forEach(function (trace) {
            if (trace.meta !== FILL_META) { return; }
            const xs = trace.x, ys = trace.y, owners = trace.customdata;
            let start = 0;
            for (let i = 0; i <= xs.length; i += 1) {
                if (i === xs.length || Number.isNaN(xs[i]) || xs[i] === null) {
                    if (i - start > 2) {
                        const rx = Array.prototype.slice.call(xs, start, i), ry = Array.prototype.slice.call(ys, start, i);
                        found.push({owner: owners[start], xs: rx, ys: ry, box: [Math.min.apply(null, rx),
                            Math.max.apply(null, rx), Math.min.apply(null, ry), Math.max.apply(null, ry)]});
                    }
                    start = i + 1;
                }
            }
        });
        ringsOf.set(gd, {data: gd._fullData, rings: found});
        return found;
    }

    /* The territory whose rings contain (x, y) an odd number of times (holes left out), or -1. */
    function ownerAt(gd, x, y) {
        const crossings = new Map();
        rings(gd).forEach(function (ring) {
            const box = ring.box;
            if (x < box[0] || x > box[1] || y < box[2] || y > box[3]) { return; }
            let inside = false;
            for (let i = 0, j = ring.xs.length - 1; i < ring.xs.length; j = i, i += 1) {
                if ((ring.ys[i] > y) !== (ring.ys[j] > y) &&
                    x < (ring.xs[j] - ring.xs[i]) * (y - ring.ys[i]) / (ring.ys[j] - ring.ys[i]) + ring.xs[i]) {
                    inside = !inside;
                }
            }
            if (inside) { crossings.set(ring.owner, !crossings.get(ring.owner)); }
        });
        for (const [owner, odd] of crossings) { if (odd) { return owner; } }
        return -1;
    }

    /* {gd, markers, owner}: the map under the pointer, its markers trace and the territory pointed at; or null */
    function territoryAt(event) {
        const gd = event.target.closest && event.target.closest(".js-plotly-plot");
        if (!gd || !gd._fullData || !gd._fullLayout || !window.Plotly) { return null; }
        /* the figure as plotly.js read it: typed arrays decoded */
        const markers = gd._fullData.findIndex(function (trace) { return trace.name === MARKERS_NAME; });
        if (markers < 0 || !gd._fullData.some(function (trace) { return trace.meta === FILL_META; })) { return null; }
        const drag = gd.querySelector(".nsewdrag");
        if (!drag) { return null; }
        const frame = drag.getBoundingClientRect();
        const xaxis = gd._fullLayout.xaxis, yaxis = gd._fullLayout.yaxis;
        const owner = ownerAt(gd, xaxis.p2d(event.clientX - frame.left), yaxis.p2d(event.clientY - frame.top));
        watch(gd);
        return owner < 0 ? null : {gd: gd, markers: markers, owner: owner};
    }

    function hover(event) {
        const pointed = territoryAt(event);
        if (pointed) { window.Plotly.Fx.hover(pointed.gd, [{curveNumber: pointed.markers, pointNumber: pointed.owner}]); }
    }

    /* When plotly.js itself clicked a map last (it clicks what is hovered, when its hover has caught up). */
    const plotlyClicked = new WeakMap();

    function watch(gd) {
        if (plotlyClicked.has(gd) || !gd.on) { return; }
        plotlyClicked.set(gd, 0);
        gd.on("plotly_click", function () { plotlyClicked.set(gd, performance.now()); });
    }

    /* A click that plotly.js did not report: the territory under the pointer, reported as plotly.js would
       (dcc.Graph reads the point's curve and number, and the marker's customdata: the territory's code). */
    function click(event) {
        const pointed = territoryAt(event);
        if (!pointed || performance.now() - plotlyClicked.get(pointed.gd) < CLICK_MS) { return; }
        const markers = pointed.gd._fullData[pointed.markers], owner = pointed.owner;
        pointed.gd.emit("plotly_click", {event: event, points: [{
            curveNumber: markers.index, pointNumber: owner, pointIndex: owner,
            x: markers.x[owner], y: markers.y[owner], text: markers.text[owner]}]});
    }

    /* After plotly.js's own handlers (on the map's drag layer): the territory under the pointer wins. */
    document.addEventListener("mousemove", hover);
    document.addEventListener("click", click);
})();
