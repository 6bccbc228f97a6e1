/* The Déclinaison's table is asked for once its map is drawn (dashboard/pages/split.py, ``_table_update``, input
   « split-map-drawn »): drawn by the browser in the same task, the map and the table held it over 200 ms on a
   region of 244 EPCI. Each map drawn for the first time (a page built again is a new map) reports it once, in a
   task of its own. */
(function () {
    "use strict";

    const MAP = "split-map";
    const DRAWN = "split-map-drawn";
    let reported = null;

    new MutationObserver(function () {
        const graph = document.getElementById(MAP);
        if (!graph || graph === reported || !graph.querySelector(".main-svg")) { return; }
        reported = graph;
        setTimeout(function () { window.dash_clientside.set_props(DRAWN, {data: Date.now()}); }, 0);
    }).observe(document, {childList: true, subtree: true});
})();
