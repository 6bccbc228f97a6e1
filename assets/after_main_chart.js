/* What comes below a page's main chart, put in place once that chart is drawn and painted
   (dashboard/components/after_main_chart.py). A container carries its content as JSON text and the id of the
   main chart; each frame, this looks for that chart drawn (plotly's « main-svg » inside the graph), lets the
   browser paint it, then gives the content to Dash (``set_props``) and drops the text. A page whose main chart
   never appears (none drawn, or hidden) gets its content after ``LONGEST_WAIT_MS``. A container given new content
   (the roadmap's summary refreshed after a save) is seen again. */
(function () {
    "use strict";

    const CONTENT = "data-after-main-chart";
    const MAIN = "data-main-chart";
    const LONGEST_WAIT_MS = 2000;
    const waiting = new Map();  /* container → the text it waits to place */

    function drawn(main) {
        const graph = main && document.getElementById(main);
        return Boolean(graph && graph.querySelector(".main-svg"));
    }

    function place(container, text) {
        if (waiting.get(container) === text) { return; }
        waiting.set(container, text);
        const start = performance.now();
        (function look() {
            if (container.getAttribute(CONTENT) !== text) { return; }  /* replaced meanwhile: seen again */
            if (!drawn(container.getAttribute(MAIN)) && performance.now() - start < LONGEST_WAIT_MS) {
                requestAnimationFrame(look);
                return;
            }
            setTimeout(function () {  /* after this frame's paint */
                waiting.delete(container);
                if (container.getAttribute(CONTENT) !== text || !container.id) { return; }
                const props = {children: JSON.parse(text)};
                props[CONTENT] = null;
                window.dash_clientside.set_props(container.id, props);
            }, 0);
        })();
    }

    new MutationObserver(function () {
        document.querySelectorAll("[" + CONTENT + "]").forEach(function (container) {
            const text = container.getAttribute(CONTENT);
            if (text) { place(container, text); }
        });
    }).observe(document, {childList: true, subtree: true, attributes: true, attributeFilter: [CONTENT]});
})();
